"""What every bulk-upload sheet shares: a row per product (or variant), columns that fill from it,
cells that never run as formulas, and the CSV and XLSX writers.

- CSV files are UTF-8 with BOM (so Excel reads the encoding), comma-separated, every field quoted,
  CRLF between records (RFC 4180).
- No cell runs as a formula (security.md checklist 30, ASVS 1.2.10, OWASP CSV Injection). A text
  that starts with = + - @ tab or CR (or their full-width forms): in the XLSX it stays a string
  cell marked quotePrefix, which is how Excel itself stores a value typed with a leading
  apostrophe, so the text reaches the marketplace unchanged; in the CSV, which has no types, it
  gets a literal apostrophe in front. Numeric columns are real numbers and keep their sign, and
  a text that is only a signed number (`-5`, `+6281234567890`) is left alone in the CSV because a
  spreadsheet reads it as a number, never as a formula.
- An XLSX gets the revision date as created/modified and its inner ZIP is rewritten with fixed
  entries, so a pack stays byte for byte reproducible.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

from webapp.listings.rules import FORMULA_START
from webapp.packs.files import MAX_SLOT, measure, plain, restamp_zip, whole
from webapp.packs.workbooks import Blank
from webapp.text import N_, say

if TYPE_CHECKING:
    from webapp.packs.builder import ChannelCopy, PackChannel, PackInput, PackProduct

CELL_MAX = 32_767  # Excel's limit for one cell; longer text would make Excel "repair" the file
DEFAULT_WIDTH = 18
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
AXIS_NAMES = {"colour": N_("Warna"), "size": N_("Ukuran")}


@dataclass(frozen=True)
class Row:
    """One sheet row: a product (or one of its variants) on a channel, in a pack's language."""

    channel: PackChannel
    product: PackProduct
    copy: ChannelCopy
    images: tuple[str, ...]  # photo links, or paths relative to the channel folder; slot order
    variant: Mapping[str, Any] | None = None
    brand: str = ""
    link: str = ""
    language: str = "id"
    couriers: tuple[str, ...] = ()  # the courier keys the brand chose for this channel

    @property
    def price(self) -> int | None:
        """Return the variant's price, else the product's."""
        own = whole(self.variant.get("price")) if self.variant else None
        return own if own is not None else whole(self.product.price)

    @property
    def stock(self) -> int | None:
        """Return the variant's stock, else the product's."""
        own = whole(self.variant.get("stock")) if self.variant else None
        return own if own is not None else whole(self.product.stock)

    def variant_text(self, key: str) -> str:
        """Return a variant's colour, size or sku as text."""
        return plain(self.variant.get(key, "")) if self.variant else ""

    def variation(self, level: int) -> tuple[str, str]:
        """Return (variation name, option) for level 1 or 2: colour first, then size. The name
        is in the channel's language, since buyers read it."""
        axes = variation_axes(self.product)
        if level > len(axes):
            return "", ""
        axis = axes[level - 1]
        return say(self.channel.language, AXIS_NAMES[axis]), self.variant_text(axis)

    def image(self, index: int) -> str:
        """Return the index-th photo (0 is the main photo), or ''."""
        return self.images[index] if index < len(self.images) else ""

    def group(self) -> str:
        """Return the code that ties a product's variant rows together."""
        return self.product.slug if self.product.variants else ""


def not_the_template(language: str, channel: str, download: str) -> str:
    """Return the helper sheet's line saying it is not the channel's own template and how to
    get that template filled instead (download: where the seller centre gives it)."""
    return say(language, "Lembar ini bukan template resmi %(channel)s: %(channel)s tidak bisa "
                         "membacanya. Agar Studio Cerita mengisi template resmi untuk Anda: "
                         "%(download)s Lalu unggah file itu di Studio Cerita pada halaman "
                         "Template kanal merek Anda. Paket berikutnya berisi template itu, sudah "
                         "terisi.", channel=channel, download=download)


def variation_axes(product: PackProduct) -> tuple[str, ...]:
    """Return which variant keys vary ('colour', 'size'), in Shopee's level order."""
    return tuple(key for key in ("colour", "size")
                 if any(plain(variant.get(key, "")) for variant in product.variants))


def sheet_rows(pack: PackInput, channel: PackChannel, *, per_variant: bool) -> list[Row]:
    """Return the rows of a channel's sheet: one per variant (or per product)."""
    rows = []
    template = pack.templates.get(channel.id)
    couriers = tuple(template.couriers) if template is not None else ()
    for product in pack.products:
        # Importers fetch photos from public links; without them the photo columns stay empty
        # (a file name inside the pack means nothing to them) and the checklist says where to
        # add the photos instead.
        images = tuple(image.url for image in sorted(product.images.get(channel.id, ()),
                                                     key=lambda image: image.slot) if image.url)
        copy = product.copy[channel.id]
        about = {"brand": pack.brand_name, "link": pack.brand_link, "language": pack.language,
                 "couriers": couriers}
        if per_variant and product.variants:
            rows.extend(Row(channel, product, copy, images, variant, **about)
                        for variant in product.variants)
        else:
            rows.append(Row(channel, product, copy, images, **about))
    return rows


# --- what fills a column ------------------------------------------------------------------------

Fill = Callable[[Row], Any]


def photo(number: int) -> Fill:
    """Fill with the number-th photo (1 is the main photo)."""
    return lambda row: row.image(number - 1)


def variation_name(level: int) -> Fill:
    """Fill with the name of variation level 1 or 2 (Warna, Ukuran)."""
    return lambda row: row.variation(level)[0]


def variation_option(level: int) -> Fill:
    """Fill with the row's option of variation level 1 or 2 (Coklat, M)."""
    return lambda row: row.variation(level)[1]


@dataclass(frozen=True)
class Choice:
    """A value a template takes from a list, by meaning ("new", "on", "no", "courier"); the
    column's `words` and the template's own list give the word written."""

    meaning: str


def parcel_side(index: int) -> Fill:
    """Fill with one side of the parcel in cm (0 length, 1 width, 2 height). Templates want
    all three sides or none: with only some known, every side is left blank and reported."""
    def side(row: Row) -> Any:
        """Return the side, nothing when no side is known, a reported blank when some are."""
        product = row.product
        sides = [measure(value) for value in (product.parcel_length_cm,
                                              product.parcel_width_cm, product.parcel_height_cm)]
        if all(value is None for value in sides):
            return None
        if any(value is None or value <= 0 for value in sides):
            return Blank("parcel_incomplete")
        return sides[index]
    return side


def row_sku(row: Row) -> str:
    """Return the variant's SKU, else the product's (one SKU column for both)."""
    return row.variant_text("sku") or plain(row.product.sku)


#: The value functions every sheet file may name in `fill`; a format module adds its own.
FILLS: Mapping[str, Fill] = {
    "blank": lambda row: "",
    "title": lambda row: row.copy.title,
    "description": lambda row: row.copy.description,
    "category": lambda row: plain(row.product.category),
    "product_sku": lambda row: plain(row.product.sku),
    "variant_sku": lambda row: row.variant_text("sku"),
    "variant_group": Row.group,
    "price": lambda row: row.price,
    "stock": lambda row: row.stock,
    "weight_g": lambda row: whole(row.product.weight_g),
    "length_cm": lambda row: measure(row.product.length_cm),
    "width_cm": lambda row: measure(row.product.width_cm),
    "height_cm": lambda row: measure(row.product.height_cm),
    "made_to_order_days": lambda row: whole(row.product.made_to_order_days),
    "row_sku": row_sku,
    # the channel's own category value, chosen by the owner from the template's list
    "channel_category": lambda row: plain(row.product.categories.get(row.channel.id, "")),
    # the parcel as shipped, in grams and cm (never the product's own size)
    "parcel_weight_g": lambda row: whole(row.product.parcel_weight_g),
    "parcel_length_cm": parcel_side(0),
    "parcel_width_cm": parcel_side(1),
    "parcel_height_cm": parcel_side(2),
    # list values: the words come from the column (data) and the template's own list
    "condition": lambda row: Choice("new"),
    "active": lambda row: Choice("on"),
    "not_dangerous": lambda row: Choice("no"),
    "courier": lambda row: Choice("courier"),
}
#: Value functions with a number: "photo:2" is the second photo; (maker, largest number).
NUMBERED_FILLS: Mapping[str, tuple[Callable[[int], Fill], int]] = {
    "photo": (photo, MAX_SLOT),
    "variation_name": (variation_name, 2),
    "variation_option": (variation_option, 2),
}


@dataclass(frozen=True)
class Column:
    """A sheet column as written: header, how to fill it from a row, the note under the header
    (already in the pack's language) and its width in the XLSX."""

    header: str
    value: Fill
    note: str = ""
    width: int = DEFAULT_WIDTH


# --- cells --------------------------------------------------------------------------------------

def cell_value(column: Column, row: Row) -> Any:
    """Return a column's value for a row: a number, clean text, or None."""
    value = column.value(row)
    if isinstance(value, Blank | Choice):
        return None
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    text = plain(value)
    return text[:CELL_MAX] if text else None


def formula_like(text: str) -> bool:
    """True when a spreadsheet could read text as a formula (OWASP CSV Injection)."""
    stripped = text.lstrip(" ")
    return any(candidate and candidate[0] in FORMULA_START for candidate in (text, stripped))


def csv_field(value: Any) -> str:
    """Return one CSV field: numbers as numbers; text that could run as a formula gets a
    leading apostrophe, unless it is only a signed number (a spreadsheet reads that as a
    number, not a formula)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    text = plain(value)
    if formula_like(text) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def format_number(value: int | float) -> str:
    """Return a number as a sheet reads it, without float noise or grouping: 12, 12.5."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) if isinstance(value, int) else f"{value:.2f}".rstrip("0").rstrip(".")


def put(cell: Any, value: Any) -> Any:
    """Write value into an openpyxl cell: numbers as numbers, text always as a string cell
    (openpyxl would make '=...' a formula and '#N/A' an error), quote-prefixed when a
    spreadsheet could read it as a formula."""
    if value is None or value == "":
        return cell
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
        return cell
    text = plain(value)[:CELL_MAX]
    cell.value = text
    cell.data_type = "s"
    if formula_like(text):
        cell.quotePrefix = True
    return cell


# --- writers ------------------------------------------------------------------------------------

def csv_bytes(columns: Sequence[Column], rows: Sequence[Row], *, feed: bool = False) -> bytes:
    """Return the sheet as CSV: UTF-8 with BOM, commas, every field quoted, CRLF records. A
    feed (read by a machine, not opened in a spreadsheet) gets its values as they are."""
    field = plain_field if feed else csv_field
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([field(column.header) for column in columns])
    for row in rows:
        writer.writerow([field(cell_value(column, row)) for column in columns])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def plain_field(value: Any) -> str:
    """Return one field of a feed as it is: numbers as numbers, text cleaned but never
    apostrophe-escaped."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return plain(value)


def xlsx_bytes(columns: Sequence[Column], rows: Sequence[Row], notes: Sequence[str],
               language: str, day: date) -> bytes:
    """Return the sheet as a deterministic XLSX: headers in row 1, a note per column in row 2,
    data from row 3; a second sheet with the notes on the columns' source."""
    workbook = Workbook()
    write_sheet(workbook.active, columns, rows)
    about = workbook.create_sheet(say(language, "Catatan"))
    about.column_dimensions["A"].width = 120
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, line in enumerate(notes, start=1):
        put(about.cell(row=number, column=1), line).alignment = wrap
    moment = datetime(day.year, day.month, day.day)
    workbook.properties.creator = "Studio Cerita"
    workbook.properties.lastModifiedBy = None
    workbook.properties.created = moment
    workbook.properties.modified = moment
    buffer = io.BytesIO()
    # ExcelWriter, not workbook.save(): save() stamps "modified" with the current time.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return restamp_zip(buffer.getvalue(), day)


def write_sheet(sheet: Any, columns: Sequence[Column], rows: Sequence[Row]) -> None:
    """Write the data sheet: bold headers, the notes in italics, the data from row 3."""
    sheet.title = "Template"
    bold, italic = Font(bold=True), Font(italic=True, color="FF555555")
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(columns, start=1):
        put(sheet.cell(row=1, column=index), column.header).font = bold
        cell = put(sheet.cell(row=2, column=index), column.note)
        cell.font, cell.alignment = italic, wrap
        sheet.column_dimensions[cell.column_letter].width = column.width
    for number, row in enumerate(rows, start=3):
        for index, column in enumerate(columns, start=1):
            put(sheet.cell(row=number, column=index), cell_value(column, row))
    sheet.freeze_panes = "A3"
