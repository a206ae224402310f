# Studio Cerita: the commands a newcomer needs. Python 3.11+ is the only prerequisite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app webapp
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=
# Tests run on every core (the browser tests together on one); QUICK=1 runs fewer property examples.
PYTEST := $(BIN)/pytest -n auto --dist loadgroup
ifdef QUICK
export HYPOTHESIS_PROFILE := quick
endif
CATALOGUES := $(wildcard webapp/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: run test lint install translations messages migrate demo bench e2e clean

run: install migrate  ## set everything up and serve on http://127.0.0.1:5000
ifdef DEMO
	$(FLASK) demo load
endif
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install  ## set up and run the linter and the whole test suite (QUICK=1: in a hurry)
	$(BIN)/ruff check .
	$(PYTEST) $(PYTEST_ARGS)

e2e: install  ## only the browser tests
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check . || true

install: $(VENV)/.installed translations

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

translations: $(COMPILED)  ## compile the .po catalogues (the binaries are never committed)

webapp/translations/%/LC_MESSAGES/messages.mo: webapp/translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d webapp/translations -l $*

messages: $(VENV)/.installed  ## extract new strings and merge them into every catalogue
	$(BIN)/pybabel extract -F babel.cfg -k _l -k say:2 --ignore-dirs=".*" -o webapp/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i webapp/translations/messages.pot -d webapp/translations --no-wrap --ignore-obsolete --no-fuzzy-matching

migrate: install  ## apply database migrations
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo load

bench: install  ## the benchmarks: pages, then photos (pyvips for comparison when installed)
	$(BIN)/python -m pip install --quiet -e ".[bench]" || echo "pyvips not installable: photo bench runs without it"
	$(BIN)/python bench/start.py
	$(BIN)/python bench/run.py
	$(BIN)/python bench/photos.py
	$(BIN)/python bench/pack.py
	$(BIN)/python bench/classes.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find webapp/translations -name '*.mo' -delete
