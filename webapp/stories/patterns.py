"""Sentence patterns: parsing the text of a data file, and filling a pattern with values.

Pattern syntax: `{question_id}` inserts an answer, `{question_id.attr}` an attribute of the first
chosen option, and `[ ... ]` marks an optional group that is left out when one of its answers is
empty or when the piece must shrink. Everything else is literal text.

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from webapp.stories.model import Group, Option, Pattern, Slot, TemplateError, Text, VocabEntry
from webapp.stories.wording import capitalise

if TYPE_CHECKING:
    from webapp.stories.values import Value

_SLOT = re.compile(r"\{([a-z][a-z0-9_]*)(?:\.([a-z][a-z0-9_]*))?\}")
_LITERAL = re.compile(r"[^{}\[\]]+")


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------


class _Parser:
    """Reads one pattern left to right; the first fault raises with the reason."""

    def __init__(self, source: str, fail: Callable[[str], TemplateError]):
        """Start at the beginning of source, outside any optional group."""
        self.source = source
        self.fail = fail
        self.tokens: list[Text | Slot | Group] = []
        self.group: list[Text | Slot] | None = None

    def add(self, token: Text | Slot) -> None:
        """Append a token to the open group, or to the pattern."""
        (self.group if self.group is not None else self.tokens).append(token)

    def step(self, position: int) -> int:
        """Read the token at position and return where the next one starts."""
        char = self.source[position]
        if char == "{":
            match = _SLOT.match(self.source, position)
            if not match:
                raise self.fail(f"bad placeholder at {self.source[position:position + 20]!r}; "
                                "write {question_id} in lowercase")
            self.add(Slot(match.group(1), match.group(2)))
            return match.end()
        if char == "}":
            raise self.fail("a '}' without its '{'")
        if char == "[":
            self.open_group()
        elif char == "]":
            self.close_group()
        else:
            match = _LITERAL.match(self.source, position)
            self.add(Text(match.group(0)))
            return match.end()
        return position + 1

    def open_group(self) -> None:
        """Start an optional group."""
        if self.group is not None:
            raise self.fail("optional groups [ ] cannot be nested")
        self.group = []

    def close_group(self) -> None:
        """End the optional group, which must hold a placeholder."""
        if self.group is None:
            raise self.fail("a ']' without its '['")
        if not any(isinstance(t, Slot) for t in self.group):
            raise self.fail("an optional group [ ] must contain a placeholder")
        self.tokens.append(Group(tuple(self.group)))
        self.group = None

    def parse(self) -> Pattern:
        """Read the whole source into a Pattern."""
        position = 0
        while position < len(self.source):
            position = self.step(position)
        if self.group is not None:
            raise self.fail("a '[' without its ']'")
        if not self.tokens:
            raise self.fail("empty pattern")
        return Pattern(self.source, tuple(self.tokens))


def parse_pattern(source: str, fail: Callable[[str], TemplateError]) -> Pattern:
    """Parse a sentence pattern into text, slots and optional groups."""
    return _Parser(source, fail).parse()


# ---------------------------------------------------------------------------------------------
# Filling
# ---------------------------------------------------------------------------------------------


def slot_text(slot: Slot, values: Mapping[str, Value], language: str, at_start: bool) -> str:
    """The text of one slot, cased for its place in the sentence."""
    value = values.get(slot.name)
    if value is None:
        return ""
    if slot.attr:
        text = _attribute(value, slot.attr, language)
        return capitalise(text) if at_start else text
    if not value.text:
        return ""
    if at_start:
        return value.text if value.keep_case else capitalise(value.text)
    return value.inner


def _attribute(value: Value, attr: str, language: str) -> str:
    """An attribute of the first chosen option or vocabulary entry ("" when there is none)."""
    entry = value.entries[0] if value.entries else None
    if isinstance(entry, Option):
        return entry.phrase(language, attr)
    if isinstance(entry, VocabEntry):
        raw = entry.data.get(f"{attr}_{language}", entry.data.get(attr, ""))
        return raw if isinstance(raw, str) else ""
    return ""


def render(pattern: Pattern, values: Mapping[str, Value], language: str,
           groups: bool) -> str | None:
    """Fill a pattern; None when a required slot is empty. Groups with an empty slot vanish."""
    out: list[str] = []
    for token in pattern.tokens:
        if isinstance(token, Text):
            out.append(token.text)
        elif isinstance(token, Slot):
            filled = slot_text(token, values, language, at_start=_opens("".join(out)))
            if not filled:
                return None
            out.append(filled)
        elif isinstance(token, Group) and groups:
            out.extend(_render_group(token, values, language, "".join(out)))
    text = "".join(out)
    return capitalise(text) if _starts_free(pattern, values) else text


def _render_group(group: Group, values: Mapping[str, Value], language: str,
                  before: str) -> list[str]:
    """Fill an optional group written after `before`; [] when one of its slots is empty."""
    part: list[str] = []
    for token in group.tokens:
        if isinstance(token, Text):
            part.append(token.text)
            continue
        filled = slot_text(token, values, language, at_start=_opens(before + "".join(part)))
        if not filled:
            return []
        part.append(filled)
    return part


def _opens(before: str) -> bool:
    """True when text written after `before` starts a sentence."""
    before = before.rstrip()
    return not before or before[-1] in ".!?"


def _starts_free(pattern: Pattern, values: Mapping[str, Value]) -> bool:
    """True unless the sentence opens on an answer whose case must be kept (a brand name)."""
    first = pattern.tokens[0]
    if isinstance(first, Group):
        first = first.tokens[0]
    if isinstance(first, Slot):
        value = values.get(first.name)
        return not (value and value.keep_case)
    return True


def sources(pattern: Pattern, values: Mapping[str, Value], groups: bool) -> list[str]:
    """The question ids a pattern's slots are made from."""
    slots = pattern.slots if groups else pattern.required_slots
    found: list[str] = []
    for slot in slots:
        value = values.get(slot.name)
        if value is not None:
            found.extend(value.sources)
    return found
