"""The base form: CSRF from Flask-WTF, data bound on POST only, input kept when a token expired."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Length

CSRF_RETRY_MESSAGE = _l(
    "Formulir ini terlalu lama terbuka sehingga kodenya kedaluwarsa. Isian Anda masih ada: "
    "periksa lalu tekan tombol sekali lagi."
)


class BaseForm(FlaskForm):
    """Every form of the app. Its errors are messages a user can act on, in their language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.form_errors: list[str] = []

    def validate(self, extra_validators: Any = None) -> bool:
        """Validate the fields; a rejected CSRF token becomes one plain message for the form.

        When the request is being answered again after a failure (g.form_retry, set by the
        error handlers), the form never validates and shows that message instead.
        """
        valid = super().validate(extra_validators)
        retry = g.get("form_retry")
        if retry is not None or (self.meta.csrf and self.csrf_token.errors):
            self.csrf_token.errors = []
            self.form_errors.append(str(retry or CSRF_RETRY_MESSAGE))
            return False
        return valid


def keeps_input(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a form view to be shown again with the typed input when its CSRF token fails or
    saving fails on the server.

    The view runs again with g.form_retry set, so its form cannot validate and nothing changes;
    the owner sees their own text with a fresh token and presses save again.
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    wrapper.keeps_input = True  # type: ignore[attr-defined]
    return wrapper


def required(message: Any = None) -> DataRequired:
    """A DataRequired validator with a plain message in the user's language."""
    return DataRequired(message=message or _l("Bagian ini wajib diisi."))


def max_length(limit: int) -> Length:
    """A Length validator that states the limit in the user's language."""
    return Length(max=limit, message=_l("Paling banyak %(max)d karakter.", max=limit))
