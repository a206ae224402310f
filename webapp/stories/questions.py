"""Reading the [[steps]] of a story data file: each step's questions, checked one field at a time.

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from webapp.stories.model import (
    CHOICE_KINDS,
    KINDS,
    LANGUAGES,
    Bilingual,
    Option,
    Question,
    Step,
    VocabEntry,
)
from webapp.stories.reader import IDENTIFIER, Reader

Vocab = Mapping[str, Mapping[str, VocabEntry]]
QUESTION_KEYS = frozenset({
    "id", "kind", "required", "max_length", "max_items", "choices", "options", "other",
    "keep_case", "new_page", "label_id", "label_en", "hint_id", "hint_en", "example_id",
    "example_en",
})
LIST_KINDS = ("list", "multi")


def read_steps(reader: Reader, vocab: Vocab) -> tuple[Step, ...]:
    """Read the [[steps]] of one file."""
    raw_steps = reader.get(reader.data, "steps", "", list)
    if not raw_steps:
        raise reader.fail("steps", "must list at least one step")
    steps = []
    for index, body in enumerate(raw_steps):
        where = f"steps[{index}]"
        if not isinstance(body, dict):
            raise reader.fail(where, "must be a table")
        step_id = reader.ident(body, "id", where)
        where = f"steps[{index}]({step_id})"
        raw_questions = reader.get(body, "questions", where, list)
        if not raw_questions:
            raise reader.fail(f"{where}.questions", "a step needs at least one question")
        questions = tuple(read_question(reader, q, f"{where}.questions[{i}]", vocab)
                          for i, q in enumerate(raw_questions))
        steps.append(Step(step_id, reader.bilingual(body, "title", where),
                          reader.bilingual(body, "intro", where, optional=True), questions))
    return tuple(steps)


def read_question(reader: Reader, body: dict[str, Any], where: str, vocab: Vocab) -> Question:
    """Read and check one question of a step."""
    unknown = set(body) - QUESTION_KEYS
    if unknown:
        raise reader.fail(where, f"unknown keys {sorted(unknown)}")
    question_id = reader.ident(body, "id", where)
    where = f"{where}({question_id})"
    kind = reader.text(body, "kind", where)
    if kind not in KINDS:
        raise reader.fail(f"{where}.kind", f"{kind!r} is not one of {list(KINDS)}")
    required = reader.get(body, "required", where, bool)
    max_length = reader.positive(body, "max_length", where)
    max_items = _max_items(reader, body, where, kind)
    choices, options = _choices(reader, body, where, kind, vocab)
    example = _example(reader, body, where, kind)
    return Question(
        id=question_id,
        kind=kind,
        required=required,
        max_length=max_length,
        label=reader.bilingual(body, "label", where),
        hint=reader.bilingual(body, "hint", where),
        example=example,
        max_items=max_items or 1,
        choices=choices,
        options=options,
        other=reader.get(body, "other", where, bool, default=False),
        keep_case=reader.get(body, "keep_case", where, bool, default=False),
        new_page=reader.get(body, "new_page", where, bool, default=False),
    )


def _max_items(reader: Reader, body: dict[str, Any], where: str, kind: str) -> int | None:
    """A list's maximum number of items; lists must have one, other kinds none."""
    max_items = reader.positive(body, "max_items", where, default=None)
    if kind in LIST_KINDS and max_items is None:
        raise reader.fail(f"{where}.max_items", "missing: lists need a maximum number of items")
    if kind not in LIST_KINDS and max_items is not None:
        raise reader.fail(f"{where}.max_items", "only lists take max_items")
    return max_items


def _choices(reader: Reader, body: dict[str, Any], where: str, kind: str,
             vocab: Vocab) -> tuple[str | None, tuple[Option, ...]]:
    """A choice's vocab.toml table or its inline options; other kinds take neither."""
    choices = body.get("choices")
    if kind not in CHOICE_KINDS:
        if choices is not None or "options" in body:
            raise reader.fail(f"{where}.choices", f"a {kind!r} question takes no choices")
        return None, ()
    if isinstance(choices, str):
        if choices not in vocab:
            raise reader.fail(f"{where}.choices",
                              f"{choices!r} is not a table of vocab.toml "
                              f"(tables: {', '.join(sorted(vocab))})")
        return choices, ()
    if choices is not None:
        raise reader.fail(f"{where}.choices", "must name a vocab.toml table")
    raw = reader.get(body, "options", where, list)
    options = tuple(_option(reader, item, f"{where}.options[{i}]") for i, item in enumerate(raw))
    if not options:
        raise reader.fail(f"{where}.options", "must not be empty")
    if len({o.id for o in options}) != len(options):
        raise reader.fail(f"{where}.options", "repeats an option id")
    return None, options


def _example(reader: Reader, body: dict[str, Any], where: str, kind: str) -> Bilingual:
    """The example answer in both languages; a list question's example may be a list."""
    for key in ("example_id", "example_en"):
        value = body.get(key)
        if isinstance(value, list):
            if kind not in LIST_KINDS or not all(isinstance(v, str) for v in value):
                raise reader.fail(f"{where}.{key}", "a list example needs a list question")
        elif not isinstance(value, str) or not value.strip():
            raise reader.fail(f"{where}.{key}", "missing or empty: every question has an example")
    return Bilingual(_example_text(body["example_id"]), _example_text(body["example_en"]))


def _example_text(value: str | list[str]) -> str:
    """An example as one text; list examples one item per line."""
    return "\n".join(value) if isinstance(value, list) else value


def _option(reader: Reader, body: Any, where: str) -> Option:
    """Read one inline choice option with its phrases."""
    if not isinstance(body, dict):
        raise reader.fail(where, "must be a table")
    option_id = reader.ident(body, "id", where)
    attrs: dict[str, Bilingual] = {}
    for key in body:
        if key in ("id", "label_id", "label_en"):
            continue
        base, _, language = key.rpartition("_")
        if language not in LANGUAGES or not IDENTIFIER.match(base):
            raise reader.fail(f"{where}.{key}", "option attributes are written name_id / name_en")
        attrs[base] = reader.bilingual(body, base, where)
    if "phrase" not in attrs:
        raise reader.fail(where, "missing phrase_id / phrase_en: the words the writer uses")
    return Option(option_id, reader.bilingual(body, "label", where), MappingProxyType(attrs))
