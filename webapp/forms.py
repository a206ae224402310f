"""The base form and the one status convention for forms.

Every form of the app is a BaseForm: CSRF from Flask-WTF, data bound on POST only, no control
characters in any text field, and a rejected token or a failed save shown again with what the
owner typed. A page with a form answers:

- 200 when the form is shown fresh;
- 422 when it was sent and fails validation or the action was refused (the form is shown again
  with the owner's input and the reasons);
- 400 when its CSRF token was missing or expired (shown again, the same way);
- 409 for a save based on an older revision (the conflict page); 500/503 for a server failure.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from webapp.fields import control_character_error

CSRF_RETRY_MESSAGE = _l(
    "Formulir ini terlalu lama terbuka sehingga kodenya kedaluwarsa. Isian Anda masih ada: "
    "periksa lalu tekan tombol sekali lagi."
)
INVALID = HTTPStatus.UNPROCESSABLE_ENTITY  # 422
CSRF_FAILED = HTTPStatus.BAD_REQUEST  # 400


class BaseForm(FlaskForm):
    """Every form of the app. Its errors are messages a user can act on, in their language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.form_errors: list[str] = []
        self.csrf_failed = False

    def validate(self, extra_validators: Any = None) -> bool:
        """Validate the fields; a rejected CSRF token becomes one plain message for the form.

        When the request is being answered again after a failure (g.form_retry, set by the
        error handlers), the form never validates and shows that message instead.
        """
        valid = super().validate(extra_validators)
        valid = self.refuse_control_characters() and valid
        if not self.meta.csrf:
            return valid  # a row of a list of fields: its parent form speaks for the token
        retry = g.get("form_retry")
        if retry is not None or self.csrf_token.errors:
            self.csrf_token.errors = []
            self.csrf_failed = True
            self.form_errors.append(str(retry or CSRF_RETRY_MESSAGE))
            return False
        return valid

    def refuse_control_characters(self) -> bool:
        """Give every text field holding a control character a message; True when none does.
        Hidden fields are never typed by a person: each is checked where it is used."""
        clean = True
        for field in self:
            if (not isinstance(field, StringField) or isinstance(field, HiddenField)
                    or not isinstance(field.data, str)):
                continue
            problem = control_character_error(field.data,
                                              multiline=isinstance(field, TextAreaField))
            if problem:
                field.errors = [*field.errors, problem]
                clean = False
        return clean

    def refuse(self, message: Any, field: str | None = None) -> None:
        """Show a refusal on the form (on one field when given)."""
        if field is not None and hasattr(self, field):
            getattr(self, field).errors.append(str(message))
        else:
            self.form_errors.append(str(message))

    @property
    def has_problems(self) -> bool:
        """True when the form shows any message."""
        return bool(self.form_errors or self.errors)

    @property
    def status(self) -> int:
        """The page's status for this form (see the module's docstring)."""
        if self.csrf_failed or g.get("form_retry") is not None:
            return CSRF_FAILED
        if self.is_submitted() and self.has_problems:
            return INVALID
        return HTTPStatus.OK


class ActionForm(BaseForm):
    """A form with nothing but its CSRF token: a button such as Log out, Delete or Restore."""


def keeps_input(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a form view to be shown again with the typed input when its CSRF token fails or
    saving fails on the server.

    The view runs again with g.form_retry set, so its form cannot validate and nothing changes;
    the owner sees their own text with a fresh token and presses save again. It runs again only
    after the blueprint's login check; its own loaders check ownership before any form is built.
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    wrapper.keeps_input = True  # type: ignore[attr-defined]
    return wrapper
