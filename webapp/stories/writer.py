"""The story writer: answers plus a template give every output piece, in a language and a tone.

A pure function of its inputs: the same answers, template, language, tone and variant always give
the same text. Answers are plain text; they are cleaned (spaces, stray punctuation, a trailing
"dan") but never interpreted, so HTML or `{{7*7}}` stays literal. Each piece respects its limit by
construction: optional groups and sentences are dropped by priority, never cut mid-word; when even
the essential sentences do not fit, the piece names the answers to shorten.

The steps before live beside it: `answers` (reading), `wording` (cleaning and formatting),
`naming` (honest craft names), `values` and `derived` (placeholder values) and `patterns`
(filling a sentence). Their public names stay importable from here.

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from webapp.formatting import whole_number
from webapp.stories.answers import (
    Answers,
    WriterError,
    answer_items,
    answer_text,
    is_listed_choice,
)
from webapp.stories.model import (
    LANGUAGES,
    PARAGRAPH,
    TONES,
    Pattern,
    PieceKind,
    PieceSpec,
    Template,
)
from webapp.stories.naming import NamingGuard, guard_names, naming_guard
from webapp.stories.patterns import render, slot_text, sources
from webapp.stories.tidy import third_person, tidy
from webapp.stories.values import Value, answer_values, claims_without_evidence
from webapp.stories.wording import (
    clean_answer,
    format_money,
    join_items,
    parse_number,
    proper_words,
    truthy,
)
from webapp.text import say

__all__ = [
    "HASHTAG", "Answers", "NamingGuard", "Piece", "WriterError", "answer_items", "answer_text",
    "answer_values", "claims_without_evidence", "clean_answer", "format_money", "guard_names",
    "is_listed_choice", "join_items", "naming_guard", "parse_number", "proper_words",
    "thin_message", "too_long_message", "truthy", "write_pieces",
]

HASHTAG = re.compile(r"(?<![\w#])#\w+")


@dataclass(frozen=True)
class Piece:
    """One written piece and how it measures against its limit."""

    text: str
    chars: int
    limit: int
    unit: str
    too_long_answers: tuple[str, ...] = ()
    words: int = 0
    minimum: int | None = None
    too_thin: bool = False

    @property
    def size(self) -> int:
        """The length in the piece's unit (characters or words)."""
        return self.words if self.unit == "words" else self.chars

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict."""
        data: dict[str, Any] = {"text": self.text, "chars": self.chars, "words": self.words,
                                "limit": self.limit, "unit": self.unit,
                                "too_long_answers": list(self.too_long_answers)}
        if self.minimum is not None:
            data["minimum"] = self.minimum
            data["too_thin"] = self.too_thin
        return data


def write_pieces(template: Template, answers: Answers, language: str = "id",
                 tone: str = "anda", variant: int = 0) -> dict[str, Piece]:
    """Write every output piece of template from answers, in language and tone.

    `variant` steps through other phrasings ("coba variasi lain"); the same inputs always give
    the same text.
    """
    _check_call(language, tone, variant)
    if not isinstance(answers, Mapping):
        raise WriterError("answers must map question ids to text")
    values = answer_values(template, answers, language)
    return {name: _write_piece(template, answers, values, kind, language, tone, variant)
            for name, kind in template.shared.pieces.items()}


def too_long_message(template: Template, piece_name: str, piece: Piece, language: str) -> str:
    """Explain which answers to shorten so the piece fits ("" when it fits as it is)."""
    if not piece.too_long_answers:
        return ""
    labels = [f"“{template.questions[q].label.get(language)}”" for q in piece.too_long_answers
              if q in template.questions]
    params = {"piece": template.shared.pieces[piece_name].label.get(language),
              "limit": whole_number(piece.limit, language),
              "answers": join_items(labels, language)}
    if piece.unit == "words":
        return say(language, "%(piece)s tidak muat dalam %(limit)s kata. "
                             "Persingkat jawaban %(answers)s.", **params)
    return say(language, "%(piece)s tidak muat dalam %(limit)s karakter. "
                         "Persingkat jawaban %(answers)s.", **params)


def thin_message(template: Template, piece_name: str, piece: Piece, language: str) -> str:
    """Say that a piece is shorter than its minimum because the answers are thin ("" if not)."""
    if not piece.too_thin or piece.minimum is None:
        return ""
    return say(language, "%(piece)s baru %(words)s kata; idealnya minimal %(minimum)s kata. "
                         "Lengkapi jawaban pilihan agar ceritanya lebih utuh.",
               piece=template.shared.pieces[piece_name].label.get(language),
               words=whole_number(piece.words, language),
               minimum=whole_number(piece.minimum, language))


def _check_call(language: str, tone: str, variant: int) -> None:
    """Reject an unknown language or tone, or a negative variant."""
    if language not in LANGUAGES:
        raise WriterError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    if tone not in TONES:
        raise WriterError(f"tone must be one of {', '.join(TONES)}, not {tone!r}")
    if isinstance(variant, bool) or not isinstance(variant, int) or variant < 0:
        raise WriterError(f"variant must be a whole number from 0, not {variant!r}")


def _write_piece(template: Template, answers: Answers, values: Mapping[str, Value],
                 kind: PieceKind, language: str, tone: str, variant: int) -> Piece:
    """Write one piece: its sentences in their fullest forms, then shrunk to its limit."""
    spec = template.pieces[kind.name]
    if kind.person == "third":
        values = {name: retold(value, language) for name, value in values.items()}
    parts = {}
    for part_name in spec.sentences:
        sentence = template.sentences[part_name]
        if any(not values.get(need) or not values[need].text for need in sentence.needs):
            continue
        forms = _forms(sentence.patterns_for(language, tone), values, language, variant)
        if forms:
            parts[part_name] = _Part(part_name, forms, part_name in spec.essential)
    fitter = _Fitter(spec, kind, parts, dict(values), language)
    if "hashtags" in values:
        _hashtag_cap(fitter, kind.max_hashtags or 5)
    text = tidy(fitter.fit())
    blamed = ()
    if fitter.too_long:
        blamed = _too_long_answers(template, answers, fitter.too_long, language)
    words = len(text.split())
    return Piece(
        text=text, chars=len(text), limit=kind.limit, unit=kind.unit,
        too_long_answers=blamed, words=words, minimum=kind.minimum,
        too_thin=kind.minimum is not None and words < kind.minimum,
    )


def retold(value: Value, language: str) -> Value:
    """An owner's free-text answer in the third person (a press bio tells about the brand);
    names and listed choices stay as they are."""
    if value.keep_case or any(value.entries):
        return value
    return replace(value, text=third_person(value.text, language),
                   soft=third_person(value.soft, language) if value.soft else "")


def _forms(patterns: Sequence[Pattern], values: Mapping[str, Value], language: str,
           variant: int) -> list[Pattern]:
    """Order a sentence's usable patterns: the variant's pick among the fullest first.

    A pattern whose answers are a strict subset of another usable pattern's is a fallback: the
    sentence says all it can before it varies, and the leaner patterns stay for when the piece
    must shrink.
    """
    usable = [p for p in patterns if render(p, values, language, groups=False) is not None]
    if not usable:
        return []

    def filled(pattern: Pattern) -> frozenset[tuple[str, str | None]]:
        """The slots of a pattern that the answers fill."""
        return frozenset((s.name, s.attr) for s in pattern.slots
                         if slot_text(s, values, language, at_start=False))

    sets = [filled(p) for p in usable]
    tier = [p for p, mine in zip(usable, sets, strict=True)
            if not any(mine < other for other in sets)]
    start = variant % len(tier)
    return tier[start:] + tier[:start] + [p for p in usable if p not in tier]


# ---------------------------------------------------------------------------------------------
# Fitting a piece to its limit
# ---------------------------------------------------------------------------------------------


@dataclass
class _Part:
    """A sentence's state while a piece is being fitted."""

    name: str
    forms: list[Pattern]
    essential: bool
    form: int = 0
    groups: bool = True
    included: bool = True

    cache: dict[tuple[int, bool], str] = field(default_factory=dict)

    def text(self, values: Mapping[str, Value], language: str) -> str:
        """Render the current form of the sentence, cached per form and group choice."""
        key = (self.form, self.groups)
        if key not in self.cache:
            self.cache[key] = render(self.forms[key[0]], values, language, key[1]) or ""
        return self.cache[key]


@dataclass
class _Fitter:
    """Fits one piece to its limit by dropping optional groups and sentences by priority."""

    spec: PieceSpec
    kind: PieceKind
    parts: dict[str, _Part]
    values: dict[str, Value]
    language: str
    too_long: tuple[str, ...] = field(default=())

    def text(self) -> str:
        """The piece's current text: included sentences, joined by its layout."""
        paragraphs: list[list[str]] = [[]]
        for name in self.spec.parts:
            if name == PARAGRAPH:
                paragraphs.append([])
                continue
            part = self.parts.get(name)
            if part is not None and part.included:
                rendered = part.text(self.values, self.language)
                if rendered:
                    paragraphs[-1].append(rendered)
        joiner = "\n" if self.kind.layout == "lines" else " "
        return "\n\n".join(joiner.join(p) for p in paragraphs if p)

    def size(self, text: str) -> int:
        """The length in the piece's unit."""
        return len(text.split()) if self.kind.unit == "words" else len(text)

    def fits(self) -> bool:
        """True when the current text is within the limit."""
        return self.size(self.text()) <= self.kind.limit

    def fit(self) -> str:
        """Shrink by priority until the piece fits, and return its text."""
        essential = [p for n in reversed(self.spec.sentences)
                     if (p := self.parts.get(n)) is not None and p.essential]
        if (self.fits() or self._drop_optional() or self._shorten(essential)
                or self._leanest(essential)):
            return self.text()
        self.too_long = self._blame(essential)
        for part in essential:
            part.included = False
            if self.fits():
                break
        return self.text()

    def _drop_optional(self) -> bool:
        """Drop the optional sentences in the spec's order, their groups first; True once
        the piece fits."""
        for name in self.spec.drop:
            part = self.parts.get(name)
            if part is None:
                continue
            part.groups = False
            if self.fits():
                return True
            part.included = False
            if self.fits():
                return True
        return False

    def _shorten(self, essential: list[_Part]) -> bool:
        """Leave out the optional groups of the essential sentences; True once it fits."""
        for part in essential:
            part.groups = False
            if self.fits():
                return True
        return False

    def _leanest(self, essential: list[_Part]) -> bool:
        """Try every form of each essential sentence, then keep its shortest; True once the
        piece fits."""
        for part in essential:
            for form in range(len(part.forms)):
                part.form = form
                for groups in (True, False):
                    part.groups = groups
                    if self.fits():
                        return True
            lengths = [len(render(f, self.values, self.language, False) or "")
                       for f in part.forms]
            part.form = lengths.index(min(lengths))
            part.groups = False
            if self.fits():
                return True
        return False

    def _blame(self, essential: list[_Part]) -> tuple[str, ...]:
        """The questions behind the essential sentences that do not fit."""
        return tuple(sorted({source for part in essential
                             for source in sources(part.forms[part.form], self.values, False)}))


def _hashtag_cap(fitter: _Fitter, limit: int) -> None:
    """Leave the generated hashtags room so the piece holds at most `limit` in all."""
    tags = fitter.values["hashtags"].text.split()
    original = fitter.values["hashtags"]
    fitter.values["hashtags"] = Value("", original.sources)
    body = len(HASHTAG.findall(fitter.text()))
    fitter.values["hashtags"] = Value(" ".join(tags[:max(0, limit - body)]), original.sources)
    for part in fitter.parts.values():
        part.cache.clear()


def _too_long_answers(template: Template, answers: Answers, candidates: tuple[str, ...],
                      language: str) -> tuple[str, ...]:
    """Name the answers to shorten: those over their own limit, else the longest one."""
    questions = template.questions
    lengths: dict[str, int] = {}
    over: list[str] = []
    for question_id in dict.fromkeys(candidates):
        question = questions.get(question_id)
        if question is None:
            continue
        items = answer_items(question, answers.get(question_id))
        if not items:
            continue
        lengths[question_id] = len(join_items(items, language))
        if any(len(i) > question.max_length for i in items) or len(items) > question.max_items:
            over.append(question_id)
    if over:
        return tuple(over)
    if lengths:
        return (max(lengths, key=lambda q: (lengths[q], q)),)
    return ()
