"""Account forms: they declare and validate, and never save."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, Length, ValidationError

from webapp.accounts.passwords import MAX_PASSWORD, MIN_PASSWORD, password_problem
from webapp.fields import ChoiceRadioField, max_length, required
from webapp.forms import BaseForm

EMAIL_MESSAGE = _l("Tulis alamat email yang lengkap, misalnya nama@contoh.id.")


class PasswordRules:
    """Validator for a new password: long enough, not common, not the email or the name."""

    def __call__(self, form: BaseForm, field: PasswordField) -> None:
        names = ("email", "name")
        others = [getattr(form, name).data or "" for name in names if hasattr(form, name)]
        problem = password_problem(field.data or "", others)
        if problem:
            raise ValidationError(problem)


def new_password_field(label: str) -> PasswordField:
    """A password field with the policy, its limits stated for the browser too."""
    return PasswordField(
        label,
        validators=[required(), PasswordRules()],
        render_kw={"autocomplete": "new-password", "minlength": MIN_PASSWORD,
                   "maxlength": MAX_PASSWORD},
    )


class RegisterForm(BaseForm):
    """Create an account."""

    name = StringField(_l("Nama Anda"), validators=[required(), max_length(120)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("Email"), validators=[required(), Email(message=EMAIL_MESSAGE),
                                                 max_length(254)],
                       render_kw={"autocomplete": "email"})
    password = new_password_field(_l("Kata sandi"))
    confirm = PasswordField(
        _l("Ulangi kata sandi"),
        validators=[required(), EqualTo("password", message=_l("Kedua kata sandi tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )


class LoginForm(BaseForm):
    """Log in with email and password."""

    email = EmailField(_l("Email"), validators=[required(), max_length(254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Kata sandi"),
                             validators=[required(), Length(max=MAX_PASSWORD)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Tetap masuk di perangkat ini"))
    next = HiddenField()


class ChangePasswordForm(BaseForm):
    """Change the password; every other session of the account ends."""

    current = PasswordField(_l("Kata sandi saat ini"), validators=[required()],
                            render_kw={"autocomplete": "current-password"})
    password = new_password_field(_l("Kata sandi baru"))
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[required(), EqualTo("password", message=_l("Kedua kata sandi tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )


class ForgotPasswordForm(BaseForm):
    """Ask for a reset link by email."""

    email = EmailField(_l("Email akun Anda"),
                       validators=[required(), Email(message=EMAIL_MESSAGE), max_length(254)],
                       filters=[lambda value: value.strip() if isinstance(value, str) else value],
                       render_kw={"autocomplete": "email"})


class ResetPasswordForm(BaseForm):
    """Choose a new password through a reset link."""

    password = new_password_field(_l("Kata sandi baru"))
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[required(), EqualTo("password", message=_l("Kedua kata sandi tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )


class LanguageForm(BaseForm):
    """Switch the interface language."""

    language = HiddenField()
    next = HiddenField()


#: Indonesia's three time zones, as owners name them.
TIMEZONES = (
    ("Asia/Jakarta", _l("WIB (Jawa, Sumatra, Kalimantan Barat dan Tengah)")),
    ("Asia/Makassar", _l("WITA (Bali, Nusa Tenggara, Sulawesi, Kalimantan lainnya)")),
    ("Asia/Jayapura", _l("WIT (Maluku dan Papua)")),
)


class TimezoneForm(BaseForm):
    """The time zone dates and times are shown in."""

    timezone = ChoiceRadioField(_l("Zona waktu"), choices=TIMEZONES, validators=[required()])
