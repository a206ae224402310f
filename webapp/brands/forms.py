"""Brand forms: they declare and validate the profile, and never save."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField, TextAreaField, URLField
from wtforms.validators import ValidationError

from webapp.brands.labels import FIELD_LABELS, TONE_LABELS, WATERMARK_LABELS
from webapp.brands.profile import TONES, is_web_address, normalise_instagram, normalise_whatsapp
from webapp.fields import (
    ChoiceField,
    ChoiceRadioField,
    MultiCheckboxField,
    max_length,
    parse_whole,
    required,
)
from webapp.formatting import phone_number
from webapp.forms import BaseForm
from webapp.vocab import provinces, vocabulary

OPACITIES = (20, 40, 60, 80, 100)
CRAFT_TABLES = ("techniques", "materials")  # vocabularies whose entries name their crafts
DEFAULT_COLOUR = "#7a3b12"
SECOND_COLOUR = "#f3e3c3"


def valid_year(form: BaseForm, field: StringField) -> None:
    """A founding year between 1800 and this year, or empty."""
    text = (field.data or "").strip()
    if not text:
        field.data = ""
        return
    if parse_whole(text, 1800, date.today().year) is None:
        raise ValidationError(_l("Tulis tahun dengan empat angka, misalnya 1998."))


def valid_whatsapp(form: BaseForm, field: StringField) -> None:
    """An Indonesian mobile number, normalised to +62..."""
    if not (field.data or "").strip():
        field.data = ""
        return
    number = normalise_whatsapp(field.data)
    if number is None:
        raise ValidationError(_l("Tulis nomor ponsel Indonesia, misalnya 0812-3456-7890."))
    field.data = number


def valid_instagram(form: BaseForm, field: StringField) -> None:
    """An Instagram handle, with or without @ or the profile link."""
    if not (field.data or "").strip():
        field.data = ""
        return
    handle = normalise_instagram(field.data)
    if handle is None:
        raise ValidationError(_l("Tulis nama akun Instagram, misalnya @batiksekar."))
    field.data = handle


def valid_website(form: BaseForm, field: URLField) -> None:
    """An http or https address; anything else (javascript:, data:) is refused."""
    text = (field.data or "").strip()
    if not text:
        field.data = ""
        return
    if "://" not in text and not text.lower().startswith(("javascript:", "data:", "vbscript:")):
        text = "https://" + text
    if not is_web_address(text):
        raise ValidationError(_l("Tulis alamat situs yang diawali http:// atau https://."))
    field.data = text


def valid_colour(form: BaseForm, field: StringField) -> None:
    """A colour written as #rrggbb."""
    text = (field.data or "").strip().lower()
    if len(text) != 7 or not text.startswith("#") or any(c not in "0123456789abcdef"
                                                         for c in text[1:]):
        raise ValidationError(_l("Pilih warna dari pemilih warna."))
    field.data = text


class ProfileForm(BaseForm):
    """The brand profile: who makes what, where, for whom, and how to reach them."""

    name = StringField(FIELD_LABELS["name"], validators=[required(), max_length(80)])
    # Not saved: it only decides which techniques and materials are shown first.
    craft = ChoiceField(_l("Jenis kerajinan utama"), default="",
                        render_kw={"data-craft-source": ""})
    year_founded = StringField(FIELD_LABELS["year_founded"], validators=[valid_year],
                               render_kw={"inputmode": "numeric", "maxlength": 4})
    city = StringField(FIELD_LABELS["city"], validators=[max_length(60)])
    province = ChoiceField(FIELD_LABELS["province"])
    category = ChoiceRadioField(FIELD_LABELS["category"])
    techniques = MultiCheckboxField(FIELD_LABELS["techniques"])
    materials = MultiCheckboxField(FIELD_LABELS["materials"])
    people = TextAreaField(FIELD_LABELS["people"], validators=[max_length(1000)])
    customers = TextAreaField(FIELD_LABELS["customers"], validators=[max_length(1000)])
    values = TextAreaField(FIELD_LABELS["values"], validators=[max_length(1000)])
    tone = ChoiceRadioField(FIELD_LABELS["tone"], default="anda")
    channels = MultiCheckboxField(FIELD_LABELS["channels"])
    whatsapp = StringField(FIELD_LABELS["whatsapp"], validators=[max_length(30), valid_whatsapp],
                           render_kw={"inputmode": "tel", "autocomplete": "tel"})
    instagram = StringField(FIELD_LABELS["instagram"],
                            validators=[max_length(80), valid_instagram])
    website = URLField(FIELD_LABELS["website"], validators=[max_length(200), valid_website],
                       render_kw={"inputmode": "url"})
    colour_primary = StringField(_l("Warna utama"), default=DEFAULT_COLOUR,
                                 validators=[valid_colour], render_kw={"type": "color"})
    colour_secondary = StringField(_l("Warna pendamping"), default=SECOND_COLOUR,
                                   validators=[valid_colour], render_kw={"type": "color"})
    watermark = ChoiceRadioField(FIELD_LABELS["watermark"], default="off")
    watermark_opacity = ChoiceField(FIELD_LABELS["watermark_opacity"], default="60")
    note = StringField(_l("Catatan perubahan (boleh dikosongkan)"),
                       validators=[max_length(200)])
    base_revision = HiddenField()

    def __init__(self, *args: Any, language: str = "id", channel_choices=(), **kwargs: Any):
        super().__init__(*args, **kwargs)
        vocab = vocabulary()
        self.province.choices = [("", "—")] + [(name, name) for name in provinces()]
        self.craft.choices = [("", "—"), *vocab.choices("crafts", language)]
        self.category.choices = vocab.choices("categories", language)
        self.techniques.choices = vocab.choices("techniques", language)
        self.materials.choices = vocab.choices("materials", language)
        self.tone.choices = [(tone, TONE_LABELS[tone]) for tone in TONES]
        self.channels.choices = list(channel_choices)
        self.watermark.choices = [(key, label) for key, label in WATERMARK_LABELS.items()]
        self.watermark_opacity.choices = [(str(value), f"{value}%") for value in OPACITIES]

    def fill_from(self, profile: dict[str, Any]) -> None:
        """Show profile in the form (on GET, or the owner's own text on a conflict)."""
        for name in ("name", "city", "province", "category", "techniques", "materials",
                     "people", "customers", "values", "tone", "channels", "whatsapp",
                     "instagram", "website"):
            getattr(self, name).data = profile.get(name)
        self.whatsapp.data = phone_number(profile.get("whatsapp"))  # as owners type it
        self.year_founded.data = str(profile.get("year_founded") or "")
        colours = profile.get("colours") or []
        self.colour_primary.data = colours[0] if colours else DEFAULT_COLOUR
        self.colour_secondary.data = colours[1] if len(colours) > 1 else SECOND_COLOUR
        self.craft.data = craft_of(profile.get("techniques") or [], profile.get("materials") or [])
        self.watermark.data = profile.get("watermark") or "off"
        opacity = profile.get("watermark_opacity") or 60
        self.watermark_opacity.data = str(min(OPACITIES, key=lambda value: abs(value - opacity)))

    def chips(self, field: Any) -> tuple[list[Any], list[Any], bool]:
        """Techniques or materials as chips for the chosen craft (see craft_chips)."""
        return craft_chips(field, self.craft.data)

    def profile_changes(self, current: dict[str, Any] | None = None) -> dict[str, Any]:
        """Return the profile fields this form edits, as plain data for the service.

        A colour picker always sends a colour; the untouched defaults on a profile that has no
        colours yet mean "none chosen", so they do not count as a change.
        """
        changes = {name: getattr(self, name).data or "" for name in (
            "name", "city", "province", "category", "people", "customers", "values", "tone",
            "whatsapp", "instagram", "website")}
        changes.update({name: list(getattr(self, name).data or []) for name in (
            "techniques", "materials", "channels")})
        changes["year_founded"] = self.year_founded.data or None
        colours = [self.colour_primary.data, self.colour_secondary.data]
        untouched = colours == [DEFAULT_COLOUR, SECOND_COLOUR]
        changes["colours"] = [] if untouched and not (current or {}).get("colours") else colours
        changes["watermark"] = self.watermark.data or "off"
        changes["watermark_opacity"] = int(self.watermark_opacity.data or 60)
        return changes


def option_crafts(table: str, value: str) -> tuple[str, ...]:
    """The crafts a technique or material belongs to (vocab.toml `craft`), or ()."""
    term = vocabulary().get(table, value)
    crafts = term.extra.get("craft", ()) if term is not None else ()
    return (crafts,) if isinstance(crafts, str) else tuple(crafts)


def craft_of(techniques: list[str], materials: list[str]) -> str:
    """The craft of the first technique that names one, else of the first material, or ""."""
    for table, values in (("techniques", techniques), ("materials", materials)):
        for value in values:
            if crafts := option_crafts(table, value):
                return crafts[0]
    return ""


def craft_chips(field: Any, craft: str | None) -> tuple[list[Any], list[Any], bool]:
    """A technique or material list as chips: (first, behind "lainnya", follows the craft).

    Each entry is (checkbox, its crafts). The craft's own and the ticked ones come first; with
    no known craft, only the ticked ones do."""
    table = "techniques" if field.name.endswith("techniques") else "materials"
    options = [(option, option_crafts(table, option.data)) for option in field]
    if vocabulary().get("crafts", craft or "") is None:
        craft = ""  # no craft yet: the whole list is one tap away
    chosen = set(field.data or [])
    first = [(o, c) for o, c in options if o.data in chosen or craft in c]
    return first, [(o, c) for o, c in options if (o, c) not in first], True


class RestoreForm(BaseForm):
    """Restore an old revision (a button)."""


class LogoForm(BaseForm):
    """Upload a logo (or remove it); it becomes a new revision of the profile."""

    logo = FileField(_l("File logo (PNG, JPG, WebP atau HEIC)"),
                     validators=[FileRequired(message=_l("Pilih file terlebih dahulu."))],
                     render_kw={"accept": "image/*"})
    base_revision = HiddenField()


class ImportForm(BaseForm):
    """Upload a brand exported from Studio Cerita."""

    file = FileField(_l("File ekspor merek (.json)"),
                     validators=[FileRequired(message=_l("Pilih file terlebih dahulu."))],
                     render_kw={"accept": "application/json,.json"})
