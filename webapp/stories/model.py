"""The data types of story templates: frozen dataclasses the loader builds and the writer reads.

A template is steps of questions, named sentences whose patterns are parsed into text, slots and
optional groups, and the pieces built from those sentences. `Shared` holds what every template
shares: the piece kinds, the nouns the writer names crafts with, hashtags and the vocabulary.

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from webapp.datafiles import Bilingual, DataError

LANGUAGES = ("id", "en")
TONES = ("anda", "kamu", "kak")
PARAGRAPH = "¶"
KINDS = ("text", "list", "choice", "multi", "number", "money", "year", "confirm")
CHOICE_KINDS = ("choice", "multi")
UNITS = ("chars", "words")
LAYOUTS = ("prose", "lines")
# Answers marketplaces remove a listing for showing.
CONTACT_QUESTIONS = frozenset({"whatsapp", "instagram"})


class TemplateError(DataError):
    """A story template file is malformed; the message names the file and the field."""


class UnknownTemplate(KeyError):
    """No story template has the requested id."""

    def __str__(self) -> str:
        """The message, without KeyError's quotes."""
        return f"unknown story template {self.args[0]!r}"


@dataclass(frozen=True)
class Option:
    """One entry of an inline choice list: a label for the form, phrases for the writer."""

    id: str
    label: Bilingual
    attrs: Mapping[str, Bilingual]

    def phrase(self, language: str, attr: str = "phrase") -> str:
        """Return the option's phrase (or another attribute) in language."""
        value = self.attrs.get(attr)
        return value.get(language) if value else ""


@dataclass(frozen=True)
class Question:
    """One question of a step."""

    id: str
    kind: str
    required: bool
    max_length: int
    label: Bilingual
    hint: Bilingual
    example: Bilingual
    max_items: int = 1
    choices: str | None = None
    options: tuple[Option, ...] = ()
    other: bool = False
    keep_case: bool = False
    new_page: bool = False  # the wizard starts a new page of its step with this question

    @property
    def is_multiple(self) -> bool:
        """True when the answer is a list."""
        return self.kind in ("list", "multi")

    def option(self, option_id: str) -> Option | None:
        """Return the inline option with option_id, if any."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Step:
    """One wizard page: a title and its questions."""

    id: str
    title: Bilingual
    intro: Bilingual
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Text:
    """Literal text of a pattern."""

    text: str


@dataclass(frozen=True)
class Slot:
    """A placeholder of a pattern: an answer, a derived value or an option attribute."""

    name: str
    attr: str | None = None


@dataclass(frozen=True)
class Group:
    """An optional part of a pattern, left out when one of its slots is empty."""

    tokens: tuple[Text | Slot, ...]


@dataclass(frozen=True)
class Pattern:
    """One way to write a sentence, parsed."""

    source: str
    tokens: tuple[Text | Slot | Group, ...]

    @property
    def required_slots(self) -> tuple[Slot, ...]:
        """Slots outside optional groups: all must be filled for the pattern to be used."""
        return tuple(t for t in self.tokens if isinstance(t, Slot))

    @property
    def slots(self) -> tuple[Slot, ...]:
        """Every slot, inside groups or not."""
        found: list[Slot] = []
        for token in self.tokens:
            if isinstance(token, Slot):
                found.append(token)
            elif isinstance(token, Group):
                found.extend(t for t in token.tokens if isinstance(t, Slot))
        return tuple(found)


@dataclass(frozen=True)
class Sentence:
    """A named sentence: its patterns per language, and per tone where a buyer is addressed."""

    name: str
    patterns: Mapping[str, Mapping[str, tuple[Pattern, ...]]]
    needs: tuple[str, ...] = ()
    origin: str = ""

    def patterns_for(self, language: str, tone: str) -> tuple[Pattern, ...]:
        """Return the patterns for language and tone."""
        by_tone = self.patterns[language]
        return by_tone.get(tone) or by_tone.get("*", ())


@dataclass(frozen=True)
class PieceKind:
    """An output piece every template yields: its limit and how its parts are laid out."""

    name: str
    label: Bilingual
    limit: int
    unit: str
    layout: str
    minimum: int | None
    max_hashtags: int | None
    contacts: bool
    source: str
    person: str = "first"  # "third" for a press bio: answers in the first person are converted


@dataclass(frozen=True)
class PieceSpec:
    """How one template builds one piece: sentences in order, which are essential, drop order."""

    name: str
    parts: tuple[str, ...]
    essential: frozenset[str]
    drop: tuple[str, ...]
    origin: str = ""

    @property
    def sentences(self) -> tuple[str, ...]:
        """The sentence names, without paragraph breaks."""
        return tuple(p for p in self.parts if p != PARAGRAPH)


@dataclass(frozen=True)
class Noun:
    """How the writer names a craft or technique, and what the name claims."""

    id: str
    forms: Mapping[str, Any]

    def get(self, key: str, default: str = "") -> str:
        """Return one text form (id, en, maker_id, tag, is, imitates, ...)."""
        value = self.forms.get(key, default)
        return value if isinstance(value, str) else default

    def flag(self, key: str) -> bool:
        """Return a true/false property (protected, textile)."""
        return self.forms.get(key) is True


@dataclass(frozen=True)
class VocabEntry:
    """One entry of a vocab.toml table, with the fields the writer reads."""

    id: str
    label: Bilingual
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Shared:
    """What every template shares: piece kinds, nouns, hashtags, the vocabulary."""

    pieces: Mapping[str, PieceKind]
    crafts: Mapping[str, Noun]
    techniques: Mapping[str, Noun]
    generic: Noun
    hashtags: Mapping[str, tuple[str, ...]]
    vocab: Mapping[str, Mapping[str, VocabEntry]]


@dataclass(frozen=True)
class Template:
    """A story template with the shared profile step, its sentences and pieces resolved."""

    id: str
    title: Bilingual
    description: Bilingual
    good_for: Bilingual
    source: str
    checked: str
    profile: Step
    own_steps: tuple[Step, ...]
    sentences: Mapping[str, Sentence]
    pieces: Mapping[str, PieceSpec]
    shared: Shared = field(repr=False, compare=False)
    absolute_claims: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    claims_need: str | None = None
    order: int = 100
    path: str = ""

    def __repr__(self) -> str:
        """A short repr: the full template is too long to read in test output."""
        return f"Template(id={self.id!r})"

    @property
    def steps(self) -> tuple[Step, ...]:
        """The wizard steps: the shared profile first, then the template's own."""
        return (self.profile, *self.own_steps)

    @cached_property
    def questions(self) -> Mapping[str, Question]:
        """Every question the wizard asks for this template, by id."""
        return {q.id: q for step in self.steps for q in step.questions}

    def summary(self) -> dict[str, Any]:
        """Return a JSON-friendly outline: ids, titles, steps and question ids."""
        return {
            "id": self.id,
            "title": {"id": self.title.id, "en": self.title.en},
            "description": {"id": self.description.id, "en": self.description.en},
            "good_for": {"id": self.good_for.id, "en": self.good_for.en},
            "source": self.source,
            "checked": self.checked,
            "steps": [
                {
                    "id": step.id,
                    "title": {"id": step.title.id, "en": step.title.en},
                    "questions": [q.id for q in step.questions],
                    "required": [q.id for q in step.questions if q.required],
                }
                for step in self.steps
            ],
            "pieces": list(self.shared.pieces),
        }
