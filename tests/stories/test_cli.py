"""`flask story templates` and `flask story render`: JSON out, one-line errors, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask

from webapp.stories import cli as story_cli
from webapp.stories.templates import load_templates
from webapp.stories.writer import write_pieces

GOLDEN = Path(__file__).parent / "golden" / "stories" / "asal_usul.json"


@pytest.fixture
def runner():
    """A CLI runner for a bare app with only the story commands."""
    app = Flask(__name__)
    app.cli.add_command(story_cli.story_cli)
    return app.test_cli_runner()


@pytest.fixture
def lasem(tmp_path) -> tuple[Path, dict]:
    """The Lasem batik tulis answers, written to a JSON file."""
    answers = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"][0]["answers"]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return path, answers


def test_the_app_registers_the_story_group(app):
    """create_app adds the `story` group to app.cli (imported when it is first used)."""
    group = app.cli.get_command(None, "story")
    assert group.list_commands(None) == story_cli.story_cli.list_commands(None)
    result = app.test_cli_runner().invoke(args=["story", "templates", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)


def test_templates_json_lists_ids_steps_and_questions(runner):
    """--json: every template with its steps and question ids, profile first."""
    result = runner.invoke(args=["story", "templates", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [t["id"] for t in data] == list(load_templates())
    first = data[0]
    assert first["id"] == "asal_usul"
    assert first["title"] == {"id": "Asal-usul dan proses", "en": "Origin and craft"}
    assert first["steps"][0]["id"] == "profil"
    assert "brand" in first["steps"][0]["questions"]
    assert "origin" in first["steps"][1]["required"]
    assert "tagline" in first["pieces"]


def test_templates_text_listing(runner):
    """Without --json: one line per template, one per step, required ids starred."""
    result = runner.invoke(args=["story", "templates"])
    assert result.exit_code == 0
    assert "asal_usul: Asal-usul dan proses / Origin and craft" in result.stdout
    assert "  2. asal: origin*, teacher, heritage" in result.stdout


def test_render_json_matches_the_writer(runner, lasem):
    """render --json prints {"piece": {"text", "chars", "limit", ...}} for every piece."""
    path, answers = lasem
    result = runner.invoke(args=["story", "render", "--template", "asal_usul", "--answers",
                                 str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = write_pieces(load_templates()["asal_usul"], answers, "id", "anda", 0)
    assert set(data) == set(expected)
    for name, piece in expected.items():
        assert data[name]["text"] == piece.text
        assert data[name]["chars"] == len(piece.text)
        assert data[name]["limit"] == piece.limit
    assert data["tagline"]["text"] == "Batik tulis Lasem, warisan tiga generasi"


def test_render_language_tone_and_variant(runner, lasem):
    """--lang, --tone and --variant reach the writer."""
    path, answers = lasem
    result = runner.invoke(args=["story", "render", "--template", "asal_usul", "--answers",
                                 str(path), "--lang", "id", "--tone", "kak", "--variant", "1",
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = write_pieces(load_templates()["asal_usul"], answers, "id", "kak", 1)
    assert {n: d["text"] for n, d in data.items()} == {n: p.text for n, p in expected.items()}
    assert "Kak" in data["shop_short"]["text"]


def test_render_text_output_shows_lengths_and_notes(runner, lasem, tmp_path):
    """Plain output: a heading with length/limit per piece, and the too-long note."""
    _, answers = lasem
    answers = {**answers, "city": "Desa " + "Babagan Kidul Wetan " * 4}
    long_path = tmp_path / "long.json"
    long_path.write_text(json.dumps(answers), encoding="utf-8")
    result = runner.invoke(args=["story", "render", "--template", "asal_usul", "--answers",
                                 str(long_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "== tagline (" in result.stdout and "/60 chars)" in result.stdout
    assert "!! The tagline does not fit in 60 characters." in result.stdout


def test_render_json_carries_the_too_long_message(runner, lasem, tmp_path):
    """In JSON, a piece that cannot fit names the answers and says which to shorten."""
    _, answers = lasem
    path = tmp_path / "long.json"
    path.write_text(json.dumps({**answers, "city": "Kota " * 30}), encoding="utf-8")
    result = runner.invoke(args=["story", "render", "--template", "asal_usul", "--answers",
                                 str(path), "--json"])
    data = json.loads(result.stdout)
    assert data["tagline"]["too_long_answers"] == ["city"]
    assert "Persingkat jawaban" in data["tagline"]["message"]


BAD_INPUT = [
    ("unknown template", ["--template", "pantun"], None, "unknown template 'pantun'"),
    ("missing file", ["--answers", "/no/such/answers.json"], None, "answers file not found"),
    ("malformed JSON", [], "{\"brand\": ", "is not valid JSON"),
    ("not an object", [], "[\"Sekar\"]", "must be a JSON object"),
    ("number with decimals", [], "{\"brand\": 1.5}", "answer 'brand' must be text"),
    ("nested object", [], "{\"brand\": {\"id\": \"x\"}}", "answer 'brand' must be text"),
    ("true/false", [], "{\"brand\": true}", "answer 'brand' must be text"),
    ("list of numbers", [], "{\"makers\": [1, 2]}", "answer 'makers' must be text"),
    ("bad language", ["--lang", "jv"], "{}", "--lang must be one of id, en"),
    ("bad tone", ["--tone", "bapak"], "{}", "--tone must be one of anda, kamu, kak"),
    ("bad variant", ["--variant", "-1"], "{}", "--variant must be a whole number"),
    ("words as variant", ["--variant", "dua"], "{}", "--variant must be a whole number"),
    ("no template", ["--template", ""], "{}", "--template ID and --answers FILE.json"),
    ("not UTF-8", [], b"\xff\xfe\x00", "cannot read answers file"),
]


@pytest.mark.parametrize(("overrides", "content", "reason"), [b[1:] for b in BAD_INPUT],
                         ids=[b[0] for b in BAD_INPUT])
def test_bad_input_gives_one_line_and_a_nonzero_exit(runner, tmp_path, overrides, content,
                                                    reason):
    """Each bad input: exit code 1, one line on stderr naming the problem, no traceback."""
    path = tmp_path / "answers.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if content is not None else "{}", encoding="utf-8")
    args = {"--template": "asal_usul", "--answers": str(path)}
    pairs = dict(zip(overrides[::2], overrides[1::2], strict=True))
    args.update(pairs)
    flat = [item for pair in args.items() for item in pair]
    result = runner.invoke(args=["story", "render", *flat, "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert reason in lines[0]
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_integer_answers_are_accepted(runner, tmp_path, lasem):
    """A year or a count written as a JSON number is fine."""
    _, answers = lasem
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({**answers, "founded": 1998, "team_size": 14}), encoding="utf-8")
    result = runner.invoke(args=["story", "render", "--template", "asal_usul", "--answers",
                                 str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert "14 pembatik" in json.loads(result.stdout)["instagram_bio"]["text"]


def test_broken_templates_give_one_line(runner, lasem, monkeypatch):
    """A template file with a fault: the reason (file and field) on one line, exit 1."""
    from webapp.stories.templates import TemplateError

    def broken():
        raise TemplateError("asal_usul.toml: steps[0](asal).questions[0](origin).max_length: "
                            "must be positive")

    monkeypatch.setattr("webapp.stories.templates.load_templates", broken)
    path, _ = lasem
    for args in (["story", "templates", "--json"],
                 ["story", "render", "--template", "asal_usul", "--answers", str(path)]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1
        assert result.stderr.strip() == ("Error: story templates are broken: asal_usul.toml: "
                                         "steps[0](asal).questions[0](origin).max_length: "
                                         "must be positive")
