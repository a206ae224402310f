"""`flask --app webapp story ...`: list the story templates and render pieces from answers.

For trainers and automation. Bad input (unknown template, malformed JSON, wrong types) gives a
one-line reason on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from webapp.lazy import lazy

story_templates = lazy("webapp.stories.templates")
writer = lazy("webapp.stories.writer")

story_cli = AppGroup("story", help="Brand-story templates and the story writer.")



def _fail(reason: str) -> click.ClickException:
    """A one-line ClickException (exit 1, "Error: ..." on stderr)."""
    return click.ClickException(" ".join(reason.split()))


def _templates() -> Any:
    """Load the templates, turning a broken file into a one-line error."""
    try:
        return story_templates.load_templates()
    except story_templates.TemplateError as error:
        raise _fail(f"story templates are broken: {error}") from None


def _read_answers(path: str) -> dict[str, Any]:
    """Read the answers file: a JSON object of question id -> text or list of text."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(f"answers file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise _fail(f"cannot read answers file {path}: {error}") from None
    try:
        answers = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _fail(f"answers file {path} is not valid JSON: {error.msg} "
                    f"(line {error.lineno}, column {error.colno})") from None
    if not isinstance(answers, dict):
        raise _fail("answers must be a JSON object of question id -> text or list of text, "
                    f"not a {type(answers).__name__}")
    for key, value in answers.items():
        if value is None or (isinstance(value, (str, int)) and not isinstance(value, bool)):
            continue
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            continue
        raise _fail(f"answer {key!r} must be text or a list of text, not {_json_type(value)}")
    return answers


def _json_type(value: Any) -> str:
    """Plain words for a JSON value's type."""
    names = {bool: "true/false", float: "a decimal number", dict: "an object", list: "a list "
             "with non-text items"}
    return names.get(type(value), type(value).__name__)


@story_cli.command("templates")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a text list.")
def templates_command(as_json: bool) -> None:
    """List the story templates with their steps and question ids."""
    templates = _templates()
    if as_json:
        click.echo(json.dumps([t.summary() for t in templates.values()], ensure_ascii=False,
                              indent=2))
        return
    for template in templates.values():
        click.echo(f"{template.id}: {template.title.id} / {template.title.en}")
        for number, step in enumerate(template.steps, start=1):
            ids = ", ".join(q.id + ("*" if q.required else "") for q in step.questions)
            click.echo(f"  {number}. {step.id}: {ids}")


@story_cli.command("render")
@click.option("--template", "template_id", default="", help="Template id, e.g. asal_usul.")
@click.option("--answers", "answers_path", default="", help="JSON file of answers.")
@click.option("--lang", "language", default="id", show_default=True, help="id or en.")
@click.option("--tone", default="anda", show_default=True, help="anda, kamu or kak.")
@click.option("--variant", default="0", show_default=True, help="Phrasing variant, 0 or more.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def render_command(template_id: str, answers_path: str, language: str, tone: str,
                   variant: str, as_json: bool) -> None:
    """Write every piece of a template from a JSON file of answers."""
    if not template_id or not answers_path:
        raise _fail("--template ID and --answers FILE.json are both needed")
    languages, tones = story_templates.LANGUAGES, story_templates.TONES
    if language not in languages:
        raise _fail(f"--lang must be one of {', '.join(languages)}, not {language!r}")
    if tone not in tones:
        raise _fail(f"--tone must be one of {', '.join(tones)}, not {tone!r}")
    if not variant.isdigit():
        raise _fail(f"--variant must be a whole number from 0, not {variant!r}")
    templates = _templates()
    template = templates.get(template_id)
    if template is None:
        raise _fail(f"unknown template {template_id!r}; choose one of {', '.join(templates)}")
    answers = _read_answers(answers_path)
    pieces = writer.write_pieces(template, answers, language, tone, int(variant))
    if as_json:
        data = {}
        for name, piece in pieces.items():
            data[name] = piece.as_dict()
            message = writer.too_long_message(template, name, piece, language)
            if message:
                data[name]["message"] = message
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for name, piece in pieces.items():
        kind = template.shared.pieces[name]
        unit = "words" if piece.unit == "words" else "chars"
        click.echo(f"== {kind.label.get(language)} ({piece.size}/{piece.limit} {unit})")
        click.echo(piece.text)
        for note in (writer.too_long_message(template, name, piece, language),
                     writer.thin_message(template, name, piece, language)):
            if note:
                click.echo(f"!! {note}")
        click.echo()
