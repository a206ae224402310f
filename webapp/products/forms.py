"""Product forms: they declare and validate, and never save."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, HiddenField, StringField, TextAreaField, URLField
from wtforms.validators import Optional, Regexp, ValidationError

from webapp.brands.forms import craft_chips, craft_of, option_crafts
from webapp.brands.profile import is_web_address
from webapp.fields import ChoiceField, MultiCheckboxField, max_length, required, whole_number
from webapp.forms import BaseForm
from webapp.products.facts import SIZES, parse_rupiah
from webapp.vocab import vocabulary

if TYPE_CHECKING:
    from webapp.packs.uploads import CategoryList

VARIANT_ROWS = 6


MEASURE = re.compile(r"[0-9]{1,5}(?:\.[0-9]{1,2})?")


def centimetres(form: BaseForm, field: StringField) -> None:
    """An optional size in centimetres such as 200 or 115,5."""
    text = (field.data or "").strip().replace(",", ".")
    if not text:
        field.data = ""
        return
    value = float(text) if MEASURE.fullmatch(text) else -1
    if not 0 < value <= 10_000:
        raise ValidationError(_l("Tulis ukuran dalam sentimeter, misalnya 115,5."))
    field.data = text


LINK_MAX = 300  # the column's size


def web_address(form: BaseForm, field: URLField) -> None:
    """An optional http or https address (a shop or marketplace page of the product)."""
    text = (field.data or "").strip()
    if text and "://" not in text:
        text = "https://" + text
    if text and not is_web_address(text):
        raise ValidationError(_l("Tulis alamat halaman yang diawali http:// atau https://."))
    if len(text) > LINK_MAX:  # with the https:// added for the owner
        raise ValidationError(_l("Tautan paling panjang %(limit)d karakter.", limit=LINK_MAX))
    field.data = text


def rupiah(form: BaseForm, field: StringField) -> None:
    """An optional price in rupiah, as owners write it (Rp150.000)."""
    if not (field.data or "").strip():
        field.data = ""
        return
    amount = parse_rupiah(field.data)
    if amount is None:
        raise ValidationError(_l("Tulis harga dalam rupiah, misalnya 150.000."))
    field.data = str(amount)


class VariantForm(BaseForm):
    """One row of the variants table (colour and size)."""

    class Meta:
        csrf = False

    colour = StringField(_l("Warna"), validators=[max_length(40)])
    size = StringField(_l("Ukuran"), validators=[max_length(20)])
    stock = StringField(_l("Stok"), validators=[whole_number(0, 1_000_000)],
                        render_kw={"inputmode": "numeric"})
    price = StringField(_l("Harga (Rp)"), validators=[rupiah],
                        render_kw={"inputmode": "numeric"})
    sku = StringField(_l("SKU"), validators=[max_length(60)])


class ProductForm(BaseForm):
    """Everything a marketplace listing needs about one product (build it with product_form)."""

    category_channels: tuple[str, ...] = ()

    create_token = HiddenField(validators=[Optional(), Regexp(r"[A-Za-z0-9_-]{1,40}\Z")])
    # (see Product.create_token: a one-time token, so a double-tapped save makes one product)
    name = StringField(_l("Nama produk"), validators=[required(), max_length(200)])
    product_type = StringField(_l("Jenis produk"), validators=[max_length(80)])
    category = ChoiceField(_l("Kategori"))
    technique = ChoiceField(_l("Teknik"))
    technique_other = StringField(_l("Teknik lain (jika tidak ada di daftar)"),
                                  validators=[max_length(80)])
    materials = MultiCheckboxField(_l("Bahan"))
    materials_other = StringField(_l("Bahan lain, pisahkan dengan koma"),
                                  validators=[max_length(200)])
    motif = StringField(_l("Motif"), validators=[max_length(80)])
    region = ChoiceField(_l("Daerah asal"))
    colours = StringField(_l("Warna, pisahkan dengan koma"), validators=[max_length(200)])
    sizes = MultiCheckboxField(_l("Ukuran baju"))
    length_cm = StringField(_l("Panjang (cm)"), validators=[centimetres],
                            render_kw={"inputmode": "decimal"})
    width_cm = StringField(_l("Lebar (cm)"), validators=[centimetres],
                           render_kw={"inputmode": "decimal"})
    height_cm = StringField(_l("Tinggi (cm)"), validators=[centimetres],
                            render_kw={"inputmode": "decimal"})
    weight_g = StringField(_l("Berat produk (gram)"), validators=[whole_number(1, 100_000)],
                           render_kw={"inputmode": "numeric"})
    parcel_weight_g = StringField(_l("Berat paket (gram)"),
                                  validators=[whole_number(1, 500_000)],
                                  render_kw={"inputmode": "numeric"})
    parcel_length_cm = StringField(_l("Panjang paket (cm)"), validators=[centimetres],
                                   render_kw={"inputmode": "decimal"})
    parcel_width_cm = StringField(_l("Lebar paket (cm)"), validators=[centimetres],
                                  render_kw={"inputmode": "decimal"})
    parcel_height_cm = StringField(_l("Tinggi paket (cm)"), validators=[centimetres],
                                   render_kw={"inputmode": "decimal"})
    link = URLField(_l("Tautan halaman produk (boleh dikosongkan)"),
                    validators=[max_length(LINK_MAX), web_address], render_kw={"inputmode": "url"})
    price = StringField(_l("Harga (Rp)"), validators=[rupiah], render_kw={"inputmode": "numeric"})
    stock = StringField(_l("Stok"), validators=[whole_number(0, 1_000_000)],
                        render_kw={"inputmode": "numeric"})
    sku = StringField(_l("SKU (kode barang)"), validators=[max_length(60)])
    care_notes = TextAreaField(_l("Cara merawat"), validators=[max_length(2000)])
    made_to_order_days = StringField(_l("Dibuat setelah dipesan: lama pengerjaan (hari)"),
                                     validators=[whole_number(1, 365)],
                                     render_kw={"inputmode": "numeric"})
    variants = FieldList(FormField(VariantForm), min_entries=VARIANT_ROWS,
                         max_entries=VARIANT_ROWS)

    def __init__(self, *args: Any, language: str = "id", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vocab = vocabulary()
        blank = [("", "—")]
        self.category.choices = blank + vocab.choices("categories", language)
        self.technique.choices = blank + vocab.choices("techniques", language)
        # chips.js shows the materials of the chosen technique's craft first
        self.technique.render_kw = {"data-craft-source": "", "data-craft-map": json.dumps(
            {t.id: crafts[0] for t in vocab.terms("techniques")
             if (crafts := option_crafts("techniques", t.id))}, separators=(",", ":"))}
        self.materials.choices = vocab.choices("materials", language)
        self.region.choices = blank + vocab.choices("regions", language)
        self.sizes.choices = [(size, size) for size in SIZES]

    def fill_from(self, product: Any) -> None:
        """Show a product's values in the form."""
        known = vocabulary().ids("techniques")
        self.name.data = product.name
        self.product_type.data = product.product_type
        self.category.data = product.category
        self.technique.data = product.technique if product.technique in known else ""
        self.technique_other.data = "" if product.technique in known else product.technique
        materials = vocabulary().ids("materials")
        self.materials.data = [m for m in product.materials if m in materials]
        self.materials_other.data = ", ".join(m for m in product.materials if m not in materials)
        self.motif.data = product.motif
        self.region.data = product.region
        self.colours.data = ", ".join(product.colours)
        self.sizes.data = list(product.sizes)
        for name in MEASURES:
            value = getattr(product, name)
            getattr(self, name).data = "" if value is None else f"{value:g}".replace(".", ",")
        for name in WHOLE_NUMBERS:
            value = getattr(product, name)
            getattr(self, name).data = "" if value is None else str(value)
        self.sku.data = product.sku
        self.link.data = product.link
        for channel_id in self.category_channels:
            self[category_field(channel_id)].data = (product.categories or {}).get(channel_id, "")
        self.care_notes.data = product.care_notes
        for row, variant in zip(self.variants, product.variants, strict=False):
            for key in ("colour", "size", "sku"):
                row[key].data = variant.get(key, "")
            for key in ("stock", "price"):
                row[key].data = "" if variant.get(key) is None else str(variant[key])

    def chips(self, field: Any) -> tuple[list[Any], list[Any], bool]:
        """Materials as chips, those of the technique's craft (or the ticked ones') first."""
        return craft_chips(field, craft_of([self.technique.data or ""], self.materials.data or []))

    def channel_category_fields(self) -> list[Any]:
        """The category field of every channel whose template lists categories."""
        return [self[category_field(channel_id)] for channel_id in self.category_channels]

    def variant_fields(self, rows: Any = None) -> list[Any]:
        """Every field of the given variant rows, or of all (a section with an error among
        them opens)."""
        return [field for row in (self.variants if rows is None else rows) for field in row.form]

    def validate(self, extra_validators: Any = None) -> bool:
        """Validate the fields, then the stock: with variants, it is the sum of theirs."""
        valid = super().validate(extra_validators)
        total = variant_stock(self.variant_rows()) if valid else None
        if total is not None:
            typed = (self.stock.data or "").strip()
            if typed and int(typed) != total:
                self.stock.errors.append(str(_l(
                    "Stok produk adalah jumlah stok variannya (%(total)d). Kosongkan atau "
                    "ubah stok varian.", total=total)))
                return False
            self.stock.data = str(total)
        return valid

    def variant_rows(self) -> list[dict[str, Any]]:
        """The variant rows the owner filled in (a colour, size or SKU), as plain data."""
        return [
            {"colour": (row["colour"].data or "").strip(),
             "size": (row["size"].data or "").strip(),
             "stock": number(row["stock"].data), "price": number(row["price"].data),
             "sku": (row["sku"].data or "").strip()}
            for row in self.variants
            if any((row[key].data or "").strip() for key in ("colour", "size", "sku"))
        ]

    def product_data(self) -> dict[str, Any]:
        """Return the product fields as plain data for the service."""
        materials = list(self.materials.data or [])
        materials += [m.strip() for m in (self.materials_other.data or "").split(",") if m.strip()]
        data = {
            "name": self.name.data.strip(),
            "product_type": (self.product_type.data or "").strip(),
            "category": self.category.data or "",
            "technique": (self.technique.data or (self.technique_other.data or "").strip()),
            "materials": list(dict.fromkeys(materials)),
            "motif": (self.motif.data or "").strip(),
            "region": self.region.data or "",
            "colours": [c.strip() for c in (self.colours.data or "").split(",") if c.strip()],
            "sizes": list(self.sizes.data or []),
            "sku": (self.sku.data or "").strip(),
            "care_notes": (self.care_notes.data or "").strip(),
            "link": (self.link.data or "").strip(),
            "variants": self.variant_rows(),
            # only the channels whose template lists categories now; "" clears one
            "categories": {channel_id: (self[category_field(channel_id)].data or "").strip()
                           for channel_id in self.category_channels},
        }
        data.update({name: number(getattr(self, name).data, float) for name in MEASURES})
        data.update({name: number(getattr(self, name).data) for name in WHOLE_NUMBERS})
        return data


#: Fields written in centimetres and in whole numbers.
MEASURES = ("length_cm", "width_cm", "height_cm", "parcel_length_cm", "parcel_width_cm",
            "parcel_height_cm")
WHOLE_NUMBERS = ("weight_g", "parcel_weight_g", "price", "stock", "made_to_order_days")


def number(text: str | None, kind: type = int) -> Any:
    """A validated field's number, or None when it is empty."""
    return kind(text) if text else None


def variant_stock(rows: list[dict[str, Any]]) -> int | None:
    """The sum of the variants' stock, or None when no variant states one."""
    stocks = [row["stock"] for row in rows if row["stock"] is not None]
    return sum(stocks) if stocks else None


def category_field(channel_id: str) -> str:
    """The form field of a channel's category."""
    return f"category_{channel_id}"


def in_list(choices: list[str]):
    """A validator: the value is one of the template's own categories (or blank)."""
    allowed = set(choices)

    def check(form: BaseForm, field: StringField) -> None:
        value = (field.data or "").strip()
        if value and value not in allowed:
            raise ValidationError(_l("Pilih kategori dari daftar template Anda."))

    return check


def product_form(language: str, categories: Mapping[str, CategoryList],
                 **kwargs: Any) -> ProductForm:
    """The product form, with a category field per channel whose uploaded template lists its
    categories (webapp.packs.uploads.category_lists)."""
    fields: dict[str, Any] = {"category_channels": tuple(categories)}
    for channel_id, listed in categories.items():
        fields[category_field(channel_id)] = StringField(
            _l("Kategori %(channel)s", channel=listed.channel),
            validators=[max_length(200), *([in_list(listed.choices)] if listed.choices else [])],
            render_kw={"autocomplete": "off",
                       **({"list": f"kategori-{channel_id}"} if listed.choices else {})})
    form_class = type("ProductForm_", (ProductForm,), fields)
    return form_class(language=language, **kwargs)
