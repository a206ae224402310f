"""Pack forms: they declare and validate, and never save."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from webapp.fields import ChoiceRadioField, MultiCheckboxField
from webapp.forms import BaseForm


class PackForm(BaseForm):
    """What goes into a pack."""

    products = MultiCheckboxField(_l("Produk"), coerce=int)
    channels = MultiCheckboxField(_l("Kanal"))
    language = ChoiceRadioField(_l("Bahasa teks"), choices=[("id", "Bahasa Indonesia"),
                                                            ("en", "English")], default="id")
    public_links = BooleanField(_l("Isi kolom foto lembar unggah massal dengan tautan publik"))
