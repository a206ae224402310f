"""Story forms: one wizard step built from the template's data, the English page, the result.

Forms declare and turn the posted fields into answers; they never save. The answers are checked
by the pure wizard (`wizard.answer_problems`), whose problems become messages on the fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)

from webapp.brands.labels import TONE_LABELS
from webapp.fields import ChoiceRadioField, MultiCheckboxField, max_length, required
from webapp.forms import BaseForm
from webapp.i18n import LANGUAGE_NAMES
from webapp.stories import wizard
from webapp.stories.service import EDIT_MAX
from webapp.stories.templates import Question, Template
from webapp.stories.writer import truthy

OTHER = "__other"
CRAFT = "craft"  # the question whose answer picks the techniques and materials shown first
CRAFT_FILTERED = ("techniques", "materials")  # vocab.toml tables whose entries name crafts
SHORT_TEXT = 60  # longer answers get a text area: easier to read back on a phone
_LIST_SPLIT = re.compile(r"[,\n]")


def field_name(question_id: str) -> str:
    """The form field name of a question: its id, unless that is a name the form itself uses."""
    return f"q_{question_id}" if hasattr(BaseForm, question_id) or question_id in (
        "action", "csrf_token", "form_errors") else question_id


def choice_entries(template: Template, question: Question, language: str) -> list[tuple[str, str]]:
    """The (value, label) pairs of a choice question, in the data's order."""
    if question.options:
        return [(o.id, o.label.get(language)) for o in question.options]
    entries = template.shared.vocab.get(question.choices or "", {})
    return [(e.id, e.label.get(language)) for e in entries.values()]


def choice_ids(template: Template, question: Question) -> set[str]:
    """The values a choice question offers."""
    return {value for value, _label in choice_entries(template, question, "id")}


def example_text(template: Template, question: Question, language: str) -> str:
    """The question's example as the owner reads it (choice ids become their labels)."""
    example = question.example.get(language)
    if question.kind == "confirm":
        return ""  # a tick box needs no example
    if question.kind not in ("choice", "multi"):
        return example
    labels = dict(choice_entries(template, question, language))
    return ", ".join(labels.get(item, item) for item in example.splitlines() if item)


class StepForm(BaseForm):
    """A page of answers; its fields are added per question by `build_step_form`."""

    action = HiddenField()

    questions: tuple[Question, ...] = ()
    template: Template

    def move(self) -> str:
        """The button pressed: next, back, or save and continue later ("stay")."""
        return {"back": "back", "later": "stay", "skip": "skip"}.get(self.action.data or "",
                                                                      "next")

    def answers(self) -> dict[str, Any]:
        """The posted answers by question id, as the draft stores them."""
        return {question.id: self.answer(question) for question in self.questions}

    def answer(self, question: Question) -> Any:
        """One posted answer: text, or a list of text for lists and multiple choices."""
        field = self[field_name(question.id)]
        other = self._fields.get(field_name(question.id) + OTHER)
        typed = (other.data or "").strip() if other is not None else ""
        if question.kind == "list":
            return [line.strip() for line in (field.data or "").splitlines() if line.strip()]
        if question.kind == "multi":
            extra = [item.strip() for item in _LIST_SPLIT.split(typed) if item.strip()]
            return list(dict.fromkeys([*(field.data or []), *extra]))
        if question.kind == "confirm":
            return "ya" if field.data else ""
        if question.kind == "choice":
            return typed or (field.data or "")
        return (field.data or "").strip()

    def fill(self, answers: Mapping[str, Any]) -> None:
        """Show stored answers in the fields (a GET of the page)."""
        for question in self.questions:
            value = answers.get(question.id)
            field = self[field_name(question.id)]
            other = self._fields.get(field_name(question.id) + OTHER)
            items = value if isinstance(value, list) else ([] if value in (None, "") else
                                                           [str(value)])
            if question.kind == "list":
                field.data = "\n".join(str(item) for item in items)
            elif question.kind in ("choice", "multi"):
                known = choice_ids(self.template, question)
                chosen = [item for item in items if item in known]
                typed = [item for item in items if item not in known]
                field.data = chosen if question.kind == "multi" else (chosen[0] if chosen else "")
                if other is not None:
                    other.data = ", ".join(typed)
                elif typed and question.kind == "choice":
                    field.data = typed[0]
            elif question.kind == "confirm":
                field.data = bool(items) and truthy(items[0])
            else:
                field.data = " ".join(items) if len(items) > 1 else (items[0] if items else "")

    def craft_answer(self, answers: Mapping[str, Any]) -> str:
        """The craft the chips are shown for: the one posted on this page, else the saved one."""
        if self.is_submitted() and any(q.id == CRAFT for q in self.questions):
            value = self.answer(next(q for q in self.questions if q.id == CRAFT))
        else:
            value = answers.get(CRAFT)
        return value if isinstance(value, str) else ""

    def add_problems(self, problems: Mapping[str, str]) -> None:
        """Put the wizard's problems on their fields as messages the owner can act on."""
        by_id = {q.id: q for q in self.questions}
        for question_id, problem in problems.items():
            question = by_id.get(question_id)
            if question is not None:
                self[field_name(question_id)].errors.append(problem_message(question, problem))


class AnswerCheckboxes(MultiCheckboxField):
    """Checkboxes whose values the wizard checks (with the other answers), not the field."""

    def pre_validate(self, form: Any) -> None:
        """Leave the check to wizard.answer_problems."""


def problem_message(question: Question, problem: str) -> str:
    """Plain words for one of the wizard's problems with an answer."""
    if problem == wizard.REQUIRED:
        return str(_l("Bagian ini wajib diisi."))
    if problem == wizard.TOO_LONG:
        if question.is_multiple:
            return _("Setiap baris paling banyak %(max)d karakter.", max=question.max_length)
        return str(_l("Paling banyak %(max)d karakter.", max=question.max_length))
    if problem == wizard.TOO_MANY:
        if question.kind == "multi":
            return _("Pilih paling banyak %(max)d.", max=question.max_items)
        return _("Paling banyak %(max)d baris.", max=question.max_items)
    if problem == wizard.NOT_A_CHOICE:
        return str(_l("Pilih dari daftar yang tersedia."))
    if problem == wizard.NOT_A_NUMBER:
        return _("Tulis angka saja, misalnya 12.")
    return _("Jawaban ini tidak terbaca. Tulis ulang dengan teks biasa.")


def list_counted(question: Question) -> dict[str, Any]:
    """A list answer's textarea: one line per item, counted in lines and its longest line."""
    return {"rows": question.max_items + 1, "data-unit": "lines", "data-limit": question.max_items,
            "data-line-limit": question.max_length}


def question_field(template: Template, question: Question,
                   language: str) -> tuple[Field, list[tuple[str, str]] | None]:
    """The unbound field that asks one question, and its choices (set once it is bound)."""
    label = question.label.get(language)
    counted = {"data-limit": question.max_length}
    if question.kind == "list":
        return TextAreaField(label, render_kw=list_counted(question)), None
    if question.kind in ("number", "money", "year"):
        return StringField(label, render_kw={"inputmode": "numeric", **counted}), None
    if question.kind == "confirm":
        return BooleanField(label), None
    entries = choice_entries(template, question, language)
    if question.kind == "choice" and question.options:
        skip = [] if question.required else [("", _("Tidak ada / lewati"))]
        return RadioField(label, validate_choice=False), [*entries, *skip]
    if question.kind == "choice":
        source = {"data-craft-source": ""} if question.id == CRAFT else {}
        return (SelectField(label, validate_choice=False, render_kw=source),
                [("", _("(pilih)")), *entries])
    if question.kind == "multi":
        return AnswerCheckboxes(label), entries
    if question.max_length > SHORT_TEXT:
        rows = 3 if question.max_length <= 200 else 4
        return TextAreaField(label, render_kw={"rows": rows, **counted}), None
    return StringField(label, render_kw=counted), None


def option_crafts(template: Template, question: Question, value: str) -> tuple[str, ...]:
    """The crafts a technique or material belongs to (vocab.toml `craft`), or ()."""
    entry = template.shared.vocab.get(question.choices or "", {}).get(value)
    crafts = entry.data.get("craft", ()) if entry is not None else ()
    return (crafts,) if isinstance(crafts, str) else tuple(crafts)


def chip_groups(template: Template, question: Question, field: Field,
                craft: str) -> tuple[list[tuple[Any, tuple[str, ...]]], list[Any], bool]:
    """A multiple choice's options as chips, each with its crafts: those of the owner's craft
    (and every chosen one) first, the rest behind "lainnya", and whether the list follows the
    craft at all. Without a known craft only the chosen ones come first."""
    options = [(option, option_crafts(template, question, option.data)) for option in field]
    filtered = question.choices in CRAFT_FILTERED
    if not filtered:
        return options, [], filtered
    if craft not in template.shared.vocab.get("crafts", {}):
        craft = ""  # no craft yet (or the owner's own): the whole list is one tap away
    chosen = set(field.data or [])
    first = [(o, c) for o, c in options if o.data in chosen or craft in c]
    return first, [(o, c) for o, c in options if (o, c) not in first], filtered


def build_step_form(template: Template, questions: tuple[Question, ...], language: str,
                    name: str = "") -> StepForm:
    """A form class for one page of a step, with a field per question, and its instance."""
    fields: dict[str, Any] = {"questions": questions, "template": template}
    choices = {}
    for question in questions:
        name = field_name(question.id)
        fields[name], choices[name] = question_field(template, question, language)
        if question.kind in ("choice", "multi") and question.other:
            hint = (_("Tulis sendiri bila tidak ada di daftar") if question.kind == "choice"
                    else _("Lainnya, tulis sendiri (pisahkan dengan koma)"))
            fields[name + OTHER] = StringField(hint, render_kw={"data-limit": question.max_length})
    form = type("StepForm_" + name, (StepForm,), fields)()
    for name, entries in choices.items():
        if entries is not None:
            form[name].choices = entries
    return form


class EnglishForm(StepForm):
    """English versions of the owner's free-text answers; every field is optional."""

    def fill(self, answers: Mapping[str, Any]) -> None:
        """Show stored English versions."""
        for question in self.questions:
            value = answers.get(question.id)
            field = self[field_name(question.id)]
            if isinstance(value, list):
                field.data = (", " if question.kind == "multi" else "\n").join(value)
            else:
                field.data = value or ""

    def answer(self, question: Question) -> Any:
        """One English answer, shaped as the writer reads it: lines of a list and the typed
        words of a multiple choice (comma-separated, as on the step page) become lists."""
        data = (self[field_name(question.id)].data or "").strip()
        if question.kind == "list":
            return [line.strip() for line in data.splitlines() if line.strip()]
        if question.kind == "multi":
            return [item.strip() for item in _LIST_SPLIT.split(data) if item.strip()]
        return data


def build_english_form(template: Template, questions: tuple[Question, ...],
                       language: str) -> EnglishForm:
    """The English page's form: one optional field per answer in the owner's own words."""
    fields: dict[str, Any] = {"questions": questions, "template": template}
    for question in questions:
        label = question.label.get(language)
        extra = {"lang": "en", "spellcheck": "true"}
        if question.kind == "list":
            fields[field_name(question.id)] = TextAreaField(
                label, render_kw={**list_counted(question), **extra})
        elif question.kind in ("choice", "multi"):  # the words typed beside the list
            fields[field_name(question.id)] = StringField(
                label, render_kw={"data-limit": question.max_length, **extra})
        elif question.max_length > SHORT_TEXT:
            fields[field_name(question.id)] = TextAreaField(
                label, render_kw={"rows": 3, "data-limit": question.max_length, **extra})
        else:
            fields[field_name(question.id)] = StringField(
                label, render_kw={"data-limit": question.max_length, **extra})
    return type("EnglishForm_", (EnglishForm,), fields)()


class ChooseForm(BaseForm):
    """Pick a template: each template's button posts its id."""

    template_id = StringField()


class OutputForm(BaseForm):
    """The language and the address form of the pieces."""

    language = ChoiceRadioField(_l("Bahasa teks"))
    tone = ChoiceRadioField(_l("Gaya sapaan"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = list(LANGUAGE_NAMES.items())
        self.tone.choices = list(TONE_LABELS.items())


class PieceForm(BaseForm):
    """The owner's own text for one piece."""

    text = TextAreaField(_l("Teks Anda"), validators=[required(), max_length(EDIT_MAX)])
