"""Golden tests: realistic answers per template, with the full expected text, in both languages.

The expected pieces in tests/stories/golden/stories/*.json were read and reviewed by a person:
they should read as if a person wrote them. After a deliberate change to a template or the writer,
rewrite them with `STORY_GOLDEN_UPDATE=1 pytest tests/stories/test_golden.py`, then read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from webapp.stories.templates import LANGUAGES, load_templates
from webapp.stories.writer import write_pieces

GOLDEN_DIR = Path(__file__).parent / "golden" / "stories"
UPDATE = os.environ.get("STORY_GOLDEN_UPDATE") == "1"


def golden_files() -> list[Path]:
    """Every golden file, one per template."""
    return sorted(GOLDEN_DIR.glob("*.json"))


def read_golden(path: Path) -> dict:
    """Read one golden file."""
    return json.loads(path.read_text(encoding="utf-8"))


def render(golden: dict, case: dict) -> dict[str, dict]:
    """Write the pieces of one golden case as JSON-friendly dicts."""
    template = load_templates()[golden["template"]]
    pieces = write_pieces(template, case["answers"], case["language"], case["tone"],
                          case["variant"])
    return {name: piece.as_dict() for name, piece in pieces.items()}


def test_every_template_has_golden_cases_in_both_languages():
    """Each template has a golden file with at least one case per language."""
    by_template = {read_golden(p)["template"]: read_golden(p) for p in golden_files()}
    assert set(by_template) == set(load_templates())
    for template_id, golden in by_template.items():
        languages = {case["language"] for case in golden["cases"]}
        assert languages == set(LANGUAGES), template_id


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: p.stem)
def test_golden_output(path):
    """The writer gives exactly the reviewed text for every golden case."""
    golden = read_golden(path)
    if UPDATE:
        for case in golden["cases"]:
            case["pieces"] = render(golden, case)
        path.write_text(json.dumps(golden, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
    for case in golden["cases"]:
        assert render(golden, case) == case["pieces"], case["name"]


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: p.stem)
def test_golden_cases_fit_and_name_nothing_to_shorten(path):
    """Realistic answers fit every piece without asking the owner to shorten anything."""
    golden = read_golden(path)
    for case in golden["cases"]:
        for name, piece in case["pieces"].items():
            size = piece["words"] if piece["unit"] == "words" else piece["chars"]
            assert 0 < size <= piece["limit"], (case["name"], name)
            assert piece["too_long_answers"] == [], (case["name"], name)
