"""Answers to placeholder values: each answer cleaned, formatted and honestly named, then the
values computed from several answers (webapp.stories.derived).

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.stories.answers import Answers, answer_items, as_items, vocab_entry
from webapp.stories.derived import DERIVED, Facts, derive
from webapp.stories.model import CHOICE_KINDS, Option, Question, Template, VocabEntry
from webapp.stories.naming import NamingGuard, guard_names, naming_guard
from webapp.stories.wording import (
    format_count,
    format_money,
    join_items,
    lower_first,
    proper_words,
    soften,
    truthy,
)

Entry = Option | VocabEntry | None


@dataclass(frozen=True)
class Value:
    """One placeholder's text, the answers it comes from, and how to treat its case."""

    text: str
    sources: tuple[str, ...]
    keep_case: bool = False
    soft: str = ""
    entries: tuple[Entry, ...] = ()

    @property
    def inner(self) -> str:
        """The text as written inside a sentence (first letter lowered when safe)."""
        return self.soft or self.text


def answer_values(template: Template, answers: Answers, language: str) -> dict[str, Value]:
    """Turn answers into placeholder values: cleaned, formatted, honestly named."""
    guard = naming_guard(template, answers)
    blocked = _claiming(template, answers)
    proper = _proper(template, answers)
    values: dict[str, Value] = {}
    for question in template.questions.values():
        items = [] if question.id in blocked else answer_items(question, answers.get(question.id))
        values[question.id] = _answer_value(template, question, items, language, guard, proper)
    facts = Facts(template, answers, language, proper, values)
    for name, derived in derive(facts).items():
        values[name] = Value(derived.text, DERIVED[name], keep_case=derived.keep_case)
    return values


def claims_without_evidence(template: Template, answers: Answers) -> tuple[str, ...]:
    """Return the questions whose absolute claims ("100% ramah lingkungan") lack evidence."""
    return tuple(sorted(_claiming(template, answers)))


def _claiming(template: Template, answers: Answers) -> set[str]:
    """Question ids whose answers make absolute claims without the evidence answer."""
    if not template.absolute_claims or not template.claims_need:
        return set()
    if as_items(answers.get(template.claims_need)):
        return set()
    phrases = {p for phrases in template.absolute_claims.values() for p in phrases}
    found = set()
    for question in template.questions.values():
        if question.kind != "text" and question.kind != "list":
            continue
        text = " ".join(answer_items(question, answers.get(question.id))).casefold()
        if any(phrase in text for phrase in phrases):
            found.add(question.id)
    return found


def _proper(template: Template, answers: Answers) -> frozenset[str]:
    """The words the answers use as names, which keep their capital inside a sentence."""
    free = [i for q in template.questions.values() if not q.keep_case
            for i in answer_items(q, answers.get(q.id))]
    names = [i for q in template.questions.values() if q.keep_case
             for i in answer_items(q, answers.get(q.id))]
    return proper_words(free, names)


def _answer_value(template: Template, question: Question, items: list[str], language: str,
                  guard: NamingGuard, proper: frozenset[str]) -> Value:
    """The value of one answer: its items written for the language, joined as prose."""
    entries: list[Entry] = []
    texts: list[str] = []
    for item in items:
        text, entry = _item_text(template, question, item, language)
        if question.kind in CHOICE_KINDS:
            entries.append(entry)
        if not question.keep_case and entry is None:
            # Vocabulary names are honest by construction; free text may not be.
            text = guard_names(text, guard, language)
        if text:
            texts.append(text)
    free_text = question.kind in ("text", "list") or (
        question.kind in CHOICE_KINDS and not any(entries))
    text = join_items(texts, language)
    return Value(
        text=text,
        sources=(question.id,),
        keep_case=question.keep_case,
        soft=soften(text, proper) if free_text and not question.keep_case else "",
        entries=tuple(entries),
    )


def _item_text(template: Template, question: Question, item: str,
               language: str) -> tuple[str, Entry]:
    """One item of an answer as the text for language, and the option or entry it names."""
    if question.kind in CHOICE_KINDS:
        return render_choice(template, question, item, language)
    if question.kind == "number":
        return format_count(item, language), None
    if question.kind == "money":
        return format_money(item, language), None
    if question.kind == "confirm":
        return (item if truthy(item) else ""), None
    return item, None


def render_choice(template: Template, question: Question, item: str,
                  language: str) -> tuple[str, Entry]:
    """Render one chosen item: an option's phrase, a vocabulary name or the owner's text."""
    if question.options:
        option = question.option(item)
        return (option.phrase(language), option) if option else (item, None)
    entry = vocab_entry(template, question.choices or "", item)
    if entry is None:
        return item, None
    if question.choices == "techniques" and entry.id in template.shared.techniques:
        return template.shared.techniques[entry.id].get(language), entry
    if question.choices == "crafts" and entry.id in template.shared.crafts:
        return template.shared.crafts[entry.id].get(language), entry
    label = entry.label.get(language)
    if question.choices in ("regions", "motifs"):
        return label, entry
    return lower_first(label), entry
