"""Class forms: they declare and validate, and never save."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, StringField
from wtforms.validators import Email, Optional, ValidationError

from webapp.fields import MultiCheckboxField, max_length, required
from webapp.forms import BaseForm


class ClassForm(BaseForm):
    """Open a class."""

    name = StringField(_l("Nama kelas"), validators=[required(), max_length(120)],
                       render_kw={"placeholder": _l("misalnya Kelas Tenun Sumba Timur 2026")})
    organiser = StringField(_l("Penyelenggara (boleh dikosongkan)"),
                            validators=[max_length(120)])
    starts_on = DateField(_l("Mulai"), validators=[Optional()])
    ends_on = DateField(_l("Selesai"), validators=[Optional()])

    def validate_ends_on(self, field: DateField) -> None:
        """A class ends after it starts."""
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Tanggal selesai harus sesudah tanggal mulai."))


class TrainerForm(BaseForm):
    """Add a co-trainer by the email of their account."""

    email = EmailField(_l("Email akun pendamping"),
                       validators=[required(), Email(message=_l("Tulis alamat email yang "
                                                                "lengkap.")),
                                   max_length(254)],
                       filters=[lambda value: value.strip() if isinstance(value, str) else value])


class CodeForm(BaseForm):
    """The code a trainer gave the class."""

    code = StringField(_l("Kode kelas"), validators=[required(), max_length(20)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters"})


class ShareForm(BaseForm):
    """Which brands to share with the class, and whether its trainers see the contacts."""

    brands = MultiCheckboxField(_l("Merek yang dibagikan"), validators=[required(
        _l("Pilih paling sedikit satu merek."))])
    show_contacts = BooleanField(_l("Pendamping boleh melihat nomor WhatsApp, Instagram, dan "
                                    "situs web merek"))
