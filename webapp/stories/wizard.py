"""Wizard step logic: the steps of a template, moving between them, progress, missing answers,
and which answers carry over when the owner switches template.

Pure: imports neither Flask nor the ORM. Every function takes a template and plain answers
(question id -> text or list of text), as the database stores them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from webapp.stories.answers import WriterError, answer_items, is_listed_choice
from webapp.stories.derived import DERIVED
from webapp.stories.model import Question, Step, Template
from webapp.stories.values import claims_without_evidence
from webapp.stories.wording import parse_number, truthy
from webapp.text import say

__all__ = [
    "Progress",
    "UnknownStep",
    "answer_problems",
    "carry_over",
    "claims_without_evidence",
    "first_step_id",
    "get_step",
    "has_answer",
    "in_english",
    "is_complete",
    "left_behind",
    "missing_answers",
    "own_words",
    "questions_to_translate",
    "resume_step_id",
    "stale_translations",
    "step_ids",
    "translatable_questions",
    "untranslated",
    "with_translations",
]

REQUIRED = "required"
TOO_LONG = "too_long"
TOO_MANY = "too_many"
NOT_A_CHOICE = "not_a_choice"
NOT_A_NUMBER = "not_a_number"
NOT_TEXT = "not_text"


class UnknownStep(KeyError):
    """The template has no step with that id."""

    def __str__(self) -> str:
        """The message, without KeyError's quotes."""
        return f"unknown step {self.args[0]!r}"


@dataclass(frozen=True)
class Progress:
    """Where a step sits in its template: step `number` of `total`, counted from 1."""

    number: int
    total: int
    step_id: str

    @property
    def is_first(self) -> bool:
        """True on the first step (no "back")."""
        return self.number == 1

    @property
    def is_last(self) -> bool:
        """True on the last step (next is the result)."""
        return self.number == self.total

    @property
    def percent(self) -> int:
        """How far along the bar is, 0 to 100."""
        return round(100 * self.number / self.total)

    def label(self, language: str = "id") -> str:
        """"Langkah 2 dari 5" or "Step 2 of 5"."""
        return say(language, "Langkah %(number)s dari %(total)s", number=self.number,
                   total=self.total)


def step_ids(template: Template) -> tuple[str, ...]:
    """The step ids in order: the shared profile first, then the template's own steps."""
    return tuple(step.id for step in template.steps)


def first_step_id(template: Template) -> str:
    """The id of the first step."""
    return template.steps[0].id


def get_step(template: Template, step_id: str) -> Step:
    """Return a step by id, or raise UnknownStep."""
    for step in template.steps:
        if step.id == step_id:
            return step
    raise UnknownStep(step_id)


def _problem(template: Template, question: Question, value: Any) -> str | None:
    """The first problem with one answer, or None."""
    try:
        items = answer_items(question, value)
    except WriterError:
        return NOT_TEXT
    if not items:
        return REQUIRED if question.required else None
    if question.kind == "confirm":
        return None if truthy(items[0]) or not question.required else REQUIRED
    if len(items) > question.max_items:
        return TOO_MANY
    if any(len(item) > question.max_length for item in items):
        return TOO_LONG
    if question.kind == "number" and any(parse_number(i) is None for i in items):
        return NOT_A_NUMBER
    if question.kind in ("choice", "multi") and not question.other:
        if question.options:
            known = {o.id for o in question.options}
        else:
            known = set(template.shared.vocab.get(question.choices or "", {}))
        if any(item not in known for item in items):
            return NOT_A_CHOICE
    return None


def answer_problems(template: Template, answers: Mapping[str, Any],
                    step_id: str | None = None) -> dict[str, str]:
    """Return question id -> problem for one step (or all steps).

    Problems: "required", "too_long", "too_many", "not_a_choice", "not_a_number", "not_text".
    The writer copes with all of them; the form uses them to ask the owner to fix an answer.
    """
    steps = [get_step(template, step_id)] if step_id else list(template.steps)
    problems = {}
    for step in steps:
        for question in step.questions:
            problem = _problem(template, question, answers.get(question.id))
            if problem:
                problems[question.id] = problem
    return problems


def missing_answers(template: Template, answers: Mapping[str, Any],
                    step_id: str | None = None) -> tuple[str, ...]:
    """Return the required questions (of one step, or all) still without an answer, in order."""
    problems = answer_problems(template, answers, step_id)
    return tuple(q for q, problem in problems.items() if problem == REQUIRED)


def is_complete(template: Template, answers: Mapping[str, Any]) -> bool:
    """True when every required question of every step has an answer."""
    return not missing_answers(template, answers)


def resume_step_id(template: Template, answers: Mapping[str, Any]) -> str:
    """Where an owner coming back should land: the first step with a required answer missing,
    or the last step when everything required is there."""
    for step in template.steps:
        if missing_answers(template, answers, step.id):
            return step.id
    return template.steps[-1].id


def _compatible(old: Question | None, new: Question) -> bool:
    """True when an answer to old can stand as an answer to new."""
    if old is None:
        return True
    return old.kind == new.kind and old.choices == new.choices and (
        {o.id for o in old.options} == {o.id for o in new.options})


def carry_over(answers: Mapping[str, Any], new_template: Template,
               old_template: Template | None = None) -> dict[str, Any]:
    """Return the answers the new template asks for (same question id and kind).

    The profile step is shared by every template, so its answers always carry over. Answers the
    new template does not ask for are not lost: keep them stored (see `left_behind`), so that
    switching back restores them.
    """
    old_questions = old_template.questions if old_template else {}
    kept = {}
    for question_id, question in new_template.questions.items():
        if question_id in answers and _compatible(old_questions.get(question_id), question):
            kept[question_id] = answers[question_id]
    return kept


def left_behind(answers: Mapping[str, Any], new_template: Template,
                old_template: Template | None = None) -> tuple[str, ...]:
    """Return the answered question ids the new template does not use, in answer order."""
    kept = carry_over(answers, new_template, old_template)
    return tuple(q for q in answers if q not in kept)


# Names that have an English form of their own ("Jawa Tengah" is "Central Java").
NAMES_WITH_ENGLISH_FORMS = frozenset({"province"})


def translatable_questions(template: Template) -> tuple[Question, ...]:
    """The questions whose answers are the owner's own words, in step order.

    The writer puts these answers verbatim into the text, so English pieces need English versions
    of them. Names (keep_case), numbers, years, money and choices need none: the writer formats
    and names those in each language itself. A province is a name with an English form.
    """
    return tuple(q for q in template.questions.values()
                 if q.kind in ("text", "list") and (not q.keep_case
                                                    or q.id in NAMES_WITH_ENGLISH_FORMS))


def own_words(template: Template, question: Question, value: Any) -> list[str]:
    """The items of a choice answer that the owner typed ("other"): not an option, not in the
    vocabulary. The writer puts them in the text verbatim, so English pieces need their English."""
    if question.kind not in ("choice", "multi") or not question.other:
        return []
    try:
        items = answer_items(question, value)
    except WriterError:
        return []
    return [item for item in items if not is_listed_choice(template, question, item)]


def questions_to_translate(template: Template,
                           answers: Mapping[str, Any]) -> tuple[Question, ...]:
    """The answered questions whose answers hold the owner's own words, in step order: free
    text and lists (see `translatable_questions`), and choices with typed items."""
    words = {q.id for q in translatable_questions(template)}
    return tuple(q for q in template.questions.values()
                 if (q.id in words and has_answer(answers.get(q.id)))
                 or own_words(template, q, answers.get(q.id)))


def with_translations(template: Template, answers: Mapping[str, Any],
                      translations: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return the answers to write another language from: each given translation replaces its
    answer; an empty or missing translation falls back to the original answer.

    For a choice, the translation replaces only the typed items: listed choices stay (the writer
    names them in each language itself).
    """
    merged = dict(answers)
    for question_id, value in (translations or {}).items():
        if question_id not in merged or not has_answer(value):
            continue
        question = template.questions.get(question_id)
        if question is not None and question.kind in ("choice", "multi"):
            typed = own_words(template, question, merged[question_id])
            if not typed:
                continue  # the answer no longer has words of the owner's own
            if question.kind == "choice":
                merged[question_id] = value if isinstance(value, str) else " ".join(value)
            else:
                listed = [item for item in answer_items(question, merged[question_id])
                          if item not in typed]
                english = value if isinstance(value, list) else [value]
                merged[question_id] = list(dict.fromkeys([*listed, *english]))
        else:
            merged[question_id] = value
    return merged


def in_english(template: Template, answers: Mapping[str, Any],
               translations: Mapping[str, Any] | None) -> dict[str, Any]:
    """The answers English pieces are written from: the owner's English versions, and no
    Indonesian words at all. An own-words answer without its English is left out (its sentence
    goes; the page names the answer that brings it back); a choice keeps its listed items, which
    the writer names in English itself."""
    merged = with_translations(template, answers, translations)
    for question_id in untranslated(template, answers, translations):
        question = template.questions[question_id]
        if question.kind in ("choice", "multi"):
            typed = set(own_words(template, question, answers.get(question_id)))
            listed = [item for item in answer_items(question, answers.get(question_id))
                      if item not in typed]
            if question.kind == "multi":
                merged[question_id] = listed
            else:
                merged[question_id] = listed[0] if listed else ""
        else:
            merged.pop(question_id, None)
    return merged


def untranslated(template: Template, answers: Mapping[str, Any],
                 translations: Mapping[str, Any] | None) -> tuple[str, ...]:
    """Return the answered questions with own words that have no translation, in step order."""
    translations = translations or {}
    return tuple(q.id for q in questions_to_translate(template, answers)
                 if not has_answer(translations.get(q.id)))


def stale_translations(template: Template, answers: Mapping[str, Any],
                       translations: Mapping[str, Any] | None,
                       sources: Mapping[str, Any] | None) -> tuple[str, ...]:
    """Return the translated questions whose answer changed after the translation was written.

    sources holds, per question, the answer as it was when the owner saved its translation; a
    translation saved before sources were kept has none and is not flagged.
    """
    translations, sources = translations or {}, sources or {}
    return tuple(q.id for q in questions_to_translate(template, answers)
                 if has_answer(translations.get(q.id)) and q.id in sources
                 and _comparable(q, sources[q.id]) != _comparable(q, answers.get(q.id)))


def _comparable(question: Question, value: Any) -> list[str]:
    """An answer as its cleaned items, so that spacing alone is not a change."""
    try:
        return answer_items(question, value)
    except WriterError:
        return []


def has_answer(value: Any) -> bool:
    """True when an answer holds some text."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return any(isinstance(item, str) and item.strip() for item in value)
    return value is not None and not isinstance(value, bool)


def piece_questions(template: Template, piece: str) -> frozenset[str]:
    """The questions whose answers a piece can use: every slot of every pattern of its
    sentences, in both languages, and the questions a derived value in them is made from."""
    spec = template.pieces.get(piece)
    if spec is None:
        return frozenset()
    names: set[str] = set()
    for part in spec.sentences:
        sentence = template.sentences[part]
        names.update(sentence.needs)
        for by_tone in sentence.patterns.values():
            for patterns in by_tone.values():
                names.update(slot.name for pattern in patterns for slot in pattern.slots)
    names.update(source for name in list(names) for source in DERIVED.get(name, ()))
    return frozenset(name for name in names if name in template.questions)


def english_for_piece(template: Template, answers: Mapping[str, Any],
                      translations: Mapping[str, Any], piece: str) -> tuple[Question, ...]:
    """The answers in the owner's own words that one piece uses and that have no English
    version yet: what the owner writes to have that piece whole in English."""
    wanted = piece_questions(template, piece)
    return tuple(q for q in questions_to_translate(template, answers)
                 if q.id in wanted and not has_answer(translations.get(q.id)))
