"""Pack forms: they declare and validate, and never save."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField

from webapp.fields import ChoiceRadioField, MultiCheckboxField, max_length
from webapp.forms import BaseForm


class PackForm(BaseForm):
    """What goes into a pack."""

    products = MultiCheckboxField(_l("Produk"), coerce=int)
    channels = MultiCheckboxField(_l("Kanal"))
    language = ChoiceRadioField(_l("Bahasa teks"), choices=[("id", "Bahasa Indonesia"),
                                                            ("en", "English")], default="id")
    public_links = BooleanField(_l("Isi kolom foto lembar unggah massal dengan tautan publik"))
    prints = BooleanField(_l("Sertakan file cetak: hang tag, kartu cerita, dan label (folder "
                             "cetak/)"))


class TemplateForm(BaseForm):
    """The bulk-upload template an owner downloaded from their seller centre."""

    file = FileField(_l("File template (.xlsx) dari Seller Center"),
                     validators=[FileRequired(message=_l("Pilih file terlebih dahulu."))],
                     render_kw={"accept": ".xlsx,application/vnd.openxmlformats-officedocument"
                                          ".spreadsheetml.sheet"})
    note = StringField(_l("Catatan versi (boleh dikosongkan)"), validators=[max_length(200)])


class CourierForm(BaseForm):
    """The couriers the brand ships with, among the template's own courier columns."""

    couriers = MultiCheckboxField(_l("Jasa kirim yang Anda pakai"))
