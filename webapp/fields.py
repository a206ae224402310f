"""Form fields and validators every blueprint shares: input is checked here, at the edge, before
anything reaches a service or the database.

Numbers are ASCII digits within their column's range ("²".isdigit() is true, int("²") fails);
text never carries control characters (BaseForm checks every text field); a choice is one of
the listed values.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, RadioField, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

#: The largest value of a 32-bit signed column (PostgreSQL integer); ids past it are 404.
INT_MAX = 2**31 - 1
ASCII_DIGITS = re.compile(r"[0-9]+")
#: Control characters no text field takes; a text area keeps its line breaks and tabs.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f]")


def required(message: Any = None) -> DataRequired:
    """A DataRequired validator with a plain message in the user's language."""
    return DataRequired(message=message or _l("Bagian ini wajib diisi."))


def max_length(limit: int) -> Length:
    """A Length validator that states the limit in the user's language."""
    return Length(max=limit, message=_l("Paling banyak %(max)d karakter.", max=limit))


def parse_whole(text: str | None, low: int = 0, high: int = INT_MAX) -> int | None:
    """text as a whole number within [low, high] when it is ASCII digits, else None."""
    text = (text or "").strip()
    if not ASCII_DIGITS.fullmatch(text) or len(text) > 12:
        return None
    value = int(text)
    return value if low <= value <= high else None


def whole_number(minimum: int = 0, maximum: int = 10**9, *, thousands: bool = True):
    """A validator for an optional whole number within bounds (1.500 or 1500 when thousands)."""

    def check(form: Any, field: Field) -> None:
        text = (field.data or "").strip()
        if thousands:
            text = text.replace(".", "")
        if not text:
            field.data = ""
            return
        if parse_whole(text, minimum, maximum) is None:
            raise ValidationError(_l("Tulis angka bulat antara %(low)d dan %(high)d.",
                                     low=minimum, high=maximum))
        field.data = text

    return check


def control_character_error(text: str, *, multiline: bool) -> str | None:
    """A message when text holds a control character (a line break only where lines are
    allowed), else None."""
    pattern = CONTROL if multiline else CONTROL_IN_LINE
    if pattern.search(text or ""):
        return str(_l("Teks ini memuat karakter tak terlihat yang tidak bisa disimpan. Ketik "
                      "ulang bagian yang Anda tempel."))
    return None


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: easy to tap on a phone, works without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Keep what was sent even when a value cannot be coerced (it is refused when
        validating, with a message, instead of failing before)."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = list(valuelist)
            self._unusable = True

    def pre_validate(self, form: Any) -> None:
        """Refuse values outside the choices with a message in the user's language."""
        allowed = {value for value, _label in self.choices or []}
        if getattr(self, "_unusable", False) or any(
                value not in allowed for value in self.data or []):
            raise ValidationError(_l("Pilih dari daftar yang tersedia."))


class ChoiceField(SelectField):
    """A select whose invalid-choice message is in the user's language."""

    def pre_validate(self, form: Any) -> None:
        """Accept only listed values (the empty value when it is listed)."""
        if self.data not in {value for value, _label in self.choices or []}:
            raise ValidationError(_l("Pilih dari daftar yang tersedia."))


class ChoiceRadioField(RadioField):
    """Radio buttons whose invalid-choice message is in the user's language."""

    def pre_validate(self, form: Any) -> None:
        """Accept only listed values, or nothing chosen."""
        if self.data and self.data not in {value for value, _label in self.choices or []}:
            raise ValidationError(_l("Pilih salah satu."))
