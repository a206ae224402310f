"""Reading answers: an answer as its cleaned items, and chosen items as vocabulary entries.

Answers map question ids to text, lists of text or whole numbers, as the database stores them.
Anything else is refused with WriterError; nothing else is interpreted.

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from webapp.stories.model import Question, Template, VocabEntry
from webapp.stories.wording import clean_answer, join_items

Answers = Mapping[str, "str | Sequence[str] | int | None"]


class WriterError(ValueError):
    """The writer was called with a language, tone or answer it cannot use."""


def as_items(value: Any) -> list[str]:
    """Return an answer as a list of cleaned, non-empty items."""
    if value is None:
        return []
    if isinstance(value, bool):
        raise WriterError("answers are text or lists of text, not true/false")
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise WriterError(f"answers are text or lists of text, not {type(value).__name__}")
    items = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise WriterError("list answers hold text only")
        cleaned = clean_answer(str(item))
        if cleaned:
            items.append(cleaned)
    return items


def answer_items(question: Question, value: Any) -> list[str]:
    """Return the cleaned items of one answer; a list question splits text on new lines."""
    if question.kind == "list" and isinstance(value, str):
        value = value.splitlines()
    return as_items(value)


def answer_text(question: Question, value: Any, language: str = "id") -> str:
    """Return an answer as the plain text the owner gave, cleaned (for length checks)."""
    return join_items(answer_items(question, value), language)


def vocab_entry(template: Template, table: str, item: str) -> VocabEntry | None:
    """Find a vocabulary entry by id, or by its label as the owner may have typed it."""
    entries = template.shared.vocab.get(table, {})
    if item in entries:
        return entries[item]
    folded = item.casefold()
    return next((e for e in entries.values()
                 if folded in (e.label.id.casefold(), e.label.en.casefold())), None)


def vocab_ids(template: Template, table: str, value: Any) -> list[str]:
    """The vocabulary ids of an answer, whether the owner sent ids or typed the labels."""
    ids = []
    for item in as_items(value):
        entry = vocab_entry(template, table, item)
        ids.append(entry.id if entry else item)
    return ids


def is_listed_choice(template: Template, question: Question, item: str) -> bool:
    """True when item is one of the question's options or vocabulary entries (by id or label);
    False for words the owner typed themselves."""
    if question.options:
        return question.option(item) is not None
    return vocab_entry(template, question.choices or "", item) is not None
