"""Bulk-upload sheet formats: webapp/data/sheets/<format>.toml, loaded and checked once.

A format is data. Its file gives, at the top:
    schema = 1
    file        the XLSX written into the channel's folder when the owner has given no template
                of their own ("shopee-lembar-bantu.xlsx", a helper sheet; Meta's feed for
                facebook); without it the format is CSV only (generic.toml)
    rows        "variant" (one row per variant, a product without variants is one row) or
                "product" (one row per product)
    source, checked, confidence
                where the columns come from, the day the reference notes took them from there
                (YYYY-MM-DD), and how sure that is: "official", "third_party" or "unverified"
                (the meanings of channels.toml). A column may override any of the three.
    [template]  the seller centre template the format follows (marketplaces only):
                sheets (its data sheet's names), keys ("codes": a row of system keys, compared on
                the part before '|'; "headers": the header row's texts are the keys), data_rows
                (the first data rows templates are known to use: another is reported), filled
                (the name of the owner's template once filled), category (our key of the
                category column) and couriers (a pattern of one-courier-per-column keys)
    [[notes]]   id = "...", en = "...": what the owner reads on the notes tab about the columns'
                source and what is unverified, in plain words
and one [[columns]] entry per column, in the public template's order:
    header              the template's own header text, written as it is (never translated); or
    header_id/header_en a header we name, in the pack's language (generic.toml)
    key                 the template's system key ("ps_price"; Tokopedia: its header text)
    aliases             other spellings of the key in other versions or regions, each with the
                        URL it was seen at: [{ key = "Gambar 1*", source = "https://..." }]
    fill                what fills the column, a named value function: the common ones in
                        common.FILLS ("title", "price", "parcel_weight_g", "courier" ...),
                        numbered ones ("photo:1" is the main photo, "variation_name:2"), and the
                        format's own in its module's FILLS; "photo:each" is one column per photo,
                        numbered after the header; "fixed" writes the column's `fixed` value on
                        every row
    unit                the unit of the fill's number ("g" or "cm"): a template gets it in its own
                        unit, read from its header or guidance ("Berat (kg)"); unit_default is the
                        unit assumed when the template names none (absent: leave it blank and
                        tell the owner)
    words               a list value's words by meaning ({ new = ["Baru", "New"] }): the word the
                        template's own drop-down list uses is written; list_only = true writes
                        it only where the column has such a list
    helper              false for a column templates may have but the helper sheet leaves out
    required            the template requires the column (default false)
    note                what row 2 says under the header: "required", "photo_url",
                        "fill_official" or "unverified" (worded in the catalogue); or
    note_id/note_en     a note of this column only
    width               the column's width in the XLSX (default 18)
    hashtag_style       only for channels with this tag style ("hashtag" or "tags")

The format's module (shopee.py, tiktok_shop.py, tokopedia.py, facebook.py, generic.py) holds what
is code: the guide lines, worded in the gettext catalogue, where a filled template is uploaded,
and the value functions only that format uses. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any, NoReturn

from webapp.datafiles import DATA_DIR, DATE_PATTERN, Bilingual, DataError, read_toml
from webapp.packs.sheets import facebook, generic, shopee, tiktok_shop, tokopedia
from webapp.packs.sheets.common import (
    FILLS,
    NUMBERED_FILLS,
    Column,
    Fill,
    Row,
    csv_bytes,
    photo,
    sheet_rows,
    xlsx_bytes,
)
from webapp.packs.sheets.filling import ChannelSheet, channel_sheet, sheets_of, template_rows
from webapp.packs.sheets.formats import (
    DEFAULT_WIDTH,
    NAMED_NOTES,
    Alias,
    ColumnSpec,
    SheetFormat,
    Source,
    TemplateInfo,
)
from webapp.packs.workbooks import TemplateSpec

__all__ = ["ChannelSheet", "Column", "ColumnSpec", "DataError", "Row", "SheetFormat",
           "channel_sheet", "csv_bytes", "load_sheets", "read_sheet", "sheet_for", "sheet_rows",
           "sheets_of", "template_rows", "template_spec", "xlsx_bytes"]

SHEETS_DIR = DATA_DIR / "sheets"
#: The formats with a marketplace template, by the channel id they serve.
TEMPLATE_FORMATS: Mapping[str, ModuleType] = MappingProxyType({
    "shopee": shopee, "tiktok_shop": tiktok_shop, "tokopedia": tokopedia, "facebook": facebook})
GENERIC = "generic"
FORMAT_MODULES: Mapping[str, ModuleType] = MappingProxyType({**TEMPLATE_FORMATS,
                                                              GENERIC: generic})
CONFIDENCES = ("official", "third_party", "unverified")
PROVENANCE_KEYS = ("source", "checked", "confidence")
ROWS = {"variant": True, "product": False}
HASHTAG_STYLES = ("hashtag", "tags")
KEY_KINDS = ("codes", "headers")
UNITS = ("g", "cm")
TEMPLATE_UNITS = ("g", "kg", "cm", "mm")
FILE_KEYS = {"schema", "file", "rows", "notes", "columns", "template", *PROVENANCE_KEYS}
TEMPLATE_KEYS = {"sheets", "keys", "data_rows", "filled", "category", "couriers"}
COLUMN_KEYS = {"header", "header_id", "header_en", "fill", "fixed", "required", "note", "note_id",
               "note_en", "width", "hashtag_style", "key", "aliases", "unit", "unit_default",
               "words", "list_only", "helper", *PROVENANCE_KEYS}
XLSX_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.xlsx")
URL = re.compile(r"https?://\S+")
EACH = "each"
FIXED = "fixed"


@cache
def load_sheets() -> Mapping[str, SheetFormat]:
    """Load and check every sheet file once, by format id."""
    return MappingProxyType({format_id: read_sheet(SHEETS_DIR / f"{format_id}.toml")
                             for format_id in FORMAT_MODULES})


def sheet_for(channel_id: str) -> SheetFormat:
    """Return the channel's template format, or the generic CSV when it has none."""
    sheets = load_sheets()
    return sheets[channel_id] if channel_id in TEMPLATE_FORMATS else sheets[GENERIC]


def template_spec(channel_id: str) -> TemplateSpec | None:
    """Return what the template reader must know of a channel; None without a template."""
    return sheet_for(channel_id).spec() if channel_id in TEMPLATE_FORMATS else None


# --- reading and checking a file ----------------------------------------------------------------

def fail(where: str, problem: str) -> NoReturn:
    """Raise DataError naming the file and the field."""
    raise DataError(f"{where}: {problem}")


def check_keys(raw: Any, allowed: set[str], where: str) -> None:
    """Refuse anything but a table with known keys (a misspelt key would be ignored)."""
    if not isinstance(raw, dict):
        fail(where, "must be a table")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        fail(f"{where}.{unknown[0]}", "unknown key")


def read_sheet(path: Path) -> SheetFormat:
    """Read and check one sheet file; its name (without .toml) is the format id."""
    name = f"sheets/{path.name}"
    module = FORMAT_MODULES.get(path.stem)
    if module is None:
        fail(name, f"no sheet format is named {path.stem!r} "
                   f"(known: {', '.join(FORMAT_MODULES)})")
    raw = read_toml(path)
    check_keys(raw, FILE_KEYS, name)
    if type(raw.get("schema")) is not int or raw["schema"] != 1:
        fail(f"{name}.schema", "must be 1")
    file = read_file_name(raw, name, template=path.stem in TEMPLATE_FORMATS)
    rows = raw.get("rows")
    if not isinstance(rows, str) or rows not in ROWS:
        fail(f"{name}.rows", f"must be one of {', '.join(ROWS)}")
    columns = read_columns(raw, name, {**FILLS, **module.FILLS})
    if not isinstance(raw.get("notes", []), list):
        fail(f"{name}.notes", "must be [[notes]] entries")
    notes = tuple(read_note(entry, f"{name} note {number}")
                  for number, entry in enumerate(raw.get("notes", []), start=1))
    template = read_template_info(raw, name, columns)
    return SheetFormat(path.stem, file, ROWS[rows], columns, notes,
                       getattr(module, "guide", None), template, getattr(module, "upload", None),
                       feed=getattr(module, "FEED", False),
                       download=getattr(module, "download", None))


def read_columns(raw: Mapping[str, Any], name: str,
                 fills: Mapping[str, Fill]) -> tuple[ColumnSpec, ...]:
    """Check the [[columns]] entries in order; each inherits the file's provenance."""
    entries = raw.get("columns")
    if not isinstance(entries, list) or not entries:
        fail(f"{name}.columns", "needs at least one [[columns]] entry")
    inherited = {key: raw[key] for key in PROVENANCE_KEYS if key in raw}
    columns = tuple(read_column(entry, f"{name} column {number}", fills, inherited)
                    for number, entry in enumerate(entries, start=1))
    headers = [(column.header_in("id"), column.hashtag_style) for column in columns]
    twice = next((header for header in headers if headers.count(header) > 1), None)
    if twice is not None:
        fail(f"{name}.columns", f"the header {twice[0]!r} is used twice")
    keys = [column.key for column in columns if column.key]
    again = next((key for key in keys if keys.count(key) > 1), None)
    if again is not None:
        fail(f"{name}.columns", f"the key {again!r} is used twice")
    return columns


def read_file_name(raw: Mapping[str, Any], name: str, *, template: bool) -> str:
    """Return the format's XLSX name: required for a template format, absent for the generic."""
    file = raw.get("file", "")
    if template and not (isinstance(file, str) and XLSX_NAME.fullmatch(file)):
        fail(f"{name}.file", "must be the XLSX's name: lowercase words joined by '-', .xlsx")
    if not template and file:
        fail(f"{name}.file", "the generic format is CSV only")
    return file


def read_column(raw: Any, where: str, fills: Mapping[str, Fill],
                inherited: Mapping[str, Any]) -> ColumnSpec:
    """Check one [[columns]] entry and return it."""
    check_keys(raw, COLUMN_KEYS, where)
    header = read_header(raw, where)
    if isinstance(header, str):
        where = f"{where} ({header})"
    fill, value = read_fill(raw, where, fills)
    required = raw.get("required", False)
    if not isinstance(required, bool):
        fail(f"{where}.required", "must be true or false")
    width = raw.get("width", DEFAULT_WIDTH)
    if isinstance(width, bool) or not isinstance(width, int) or not 1 <= width <= 255:
        fail(f"{where}.width", "must be a whole number from 1 to 255")
    style = raw.get("hashtag_style", "")
    if style and style not in HASHTAG_STYLES:
        fail(f"{where}.hashtag_style", f"must be one of {', '.join(HASHTAG_STYLES)}")
    source = read_source({**inherited, **raw}, where) if isinstance(header, str) else None
    return ColumnSpec(header, fill, value, required, read_column_note(raw, where), width, style,
                      source, each_photo=fill == f"photo:{EACH}", **read_key_fields(raw, where))


def read_key_fields(raw: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Return what ties a column to templates: key, aliases, units, list words, helper."""
    key = read_text(raw, "key", where) if "key" in raw else ""
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or (aliases and not key):
        fail(f"{where}.aliases", "must be a list of { key, source } tables, beside a key")
    for number, alias in enumerate(aliases, start=1):
        check_keys(alias, {"key", "source"}, f"{where}.aliases[{number}]")
        read_text(alias, "key", f"{where}.aliases[{number}]")
        if not isinstance(alias.get("source"), str) or not URL.fullmatch(alias["source"]):
            fail(f"{where}.aliases[{number}].source", "must be the http(s) URL it was seen at")
    unit, default = raw.get("unit", ""), raw.get("unit_default", "")
    if unit not in ("", *UNITS):
        fail(f"{where}.unit", f"must be one of {', '.join(UNITS)}")
    if default not in ("", *TEMPLATE_UNITS) or (default and not unit):
        fail(f"{where}.unit_default", f"must be one of {', '.join(TEMPLATE_UNITS)}, "
                                      "beside a unit")
    for flag in ("list_only", "helper"):
        if not isinstance(raw.get(flag, False), bool):
            fail(f"{where}.{flag}", "must be true or false")
    return {"key": key, "aliases": tuple(Alias(a["key"], a["source"]) for a in aliases),
            "unit": unit, "unit_default": default, "words": read_words(raw, where),
            "list_only": raw.get("list_only", False), "helper": raw.get("helper", True)}


def read_words(raw: Mapping[str, Any], where: str) -> Mapping[str, tuple[str, ...]]:
    """Return a choice column's words by meaning, each a non-empty list of texts."""
    words = raw.get("words", {})
    if not isinstance(words, dict):
        fail(f"{where}.words", "must be a table of meaning = [words]")
    for meaning, spelled in words.items():
        if not (isinstance(spelled, list) and spelled
                and all(isinstance(word, str) and word.strip() for word in spelled)):
            fail(f"{where}.words.{meaning}", "must be a list of words")
    return MappingProxyType({meaning: tuple(spelled) for meaning, spelled in words.items()})


def read_template_info(raw: Mapping[str, Any], name: str,
                       columns: tuple[ColumnSpec, ...]) -> TemplateInfo | None:
    """Check the [template] table: how the seller centre's own template is read."""
    if "template" not in raw:
        return None
    where = f"{name}.template"
    table = raw["template"]
    check_keys(table, TEMPLATE_KEYS, where)
    sheets = table.get("sheets")
    if not (isinstance(sheets, list) and sheets and all(isinstance(s, str) for s in sheets)):
        fail(f"{where}.sheets", "must list the data sheet's names")
    if table.get("keys") not in KEY_KINDS:
        fail(f"{where}.keys", f"must be one of {', '.join(KEY_KINDS)}")
    rows = table.get("data_rows", [])
    if not (isinstance(rows, list) and all(type(r) is int and 1 < r < 100 for r in rows)):
        fail(f"{where}.data_rows", "must be a list of row numbers")
    filled = table.get("filled")
    if not (isinstance(filled, str) and XLSX_NAME.fullmatch(filled)):
        fail(f"{where}.filled", "must be the XLSX's name: lowercase words joined by '-', .xlsx")
    keys = {column.key for column in columns if column.key}
    category = table.get("category", "")
    if category and category not in keys:
        fail(f"{where}.category", "must be the key of one of the columns")
    couriers = table.get("couriers", "")
    try:
        re.compile(couriers)
    except (re.error, TypeError):
        fail(f"{where}.couriers", "must be a regular expression")
    return TemplateInfo(tuple(sheets), table["keys"], tuple(rows), filled, category, couriers)


def read_header(raw: Mapping[str, Any], where: str) -> str | Bilingual:
    """Return the template's header text, or our header in both languages."""
    if "header" in raw:
        if "header_id" in raw or "header_en" in raw:
            fail(f"{where}.header", "give header, or header_id and header_en, not both")
        return read_text(raw, "header", where)
    if "header_id" not in raw and "header_en" not in raw:
        fail(f"{where}.header", "missing")
    return Bilingual(read_text(raw, "header_id", where), read_text(raw, "header_en", where))


def read_text(raw: Mapping[str, Any], key: str, where: str) -> str:
    """Return raw[key] when it is text on one line, without spaces around it."""
    text = raw.get(key)
    if not isinstance(text, str) or not text.strip():
        fail(f"{where}.{key}", "must be text")
    if text != text.strip() or "\n" in text:
        fail(f"{where}.{key}", "must be one line without spaces around it")
    return text


def read_fill(raw: Mapping[str, Any], where: str,
              fills: Mapping[str, Fill]) -> tuple[str, Fill]:
    """Return the fill's name and its value function; refuse a name nobody registered."""
    fill = raw.get("fill")
    if not isinstance(fill, str):
        fail(f"{where}.fill", "missing")
    if "fixed" in raw and fill != FIXED:
        fail(f"{where}.fixed", "is only read with fill = \"fixed\"")
    if fill == FIXED:
        fixed = raw.get("fixed")
        if isinstance(fixed, bool) or not isinstance(fixed, str | int):
            fail(f"{where}.fixed", "must be the text or whole number written on every row")
        return fill, lambda row: fixed
    if fill in fills:
        return fill, fills[fill]
    base, _, number = fill.partition(":")
    if base in NUMBERED_FILLS:
        maker, largest = NUMBERED_FILLS[base]
        if base == "photo" and number == EACH:
            return fill, photo(1)
        if number.isascii() and number.isdigit() and 1 <= int(number) <= largest:
            return fill, maker(int(number))
        fail(f"{where}.fill", f"{base} takes a number from 1 to {largest}")
    known = [*fills, *(f"{base}:N" for base in NUMBERED_FILLS), FIXED]
    fail(f"{where}.fill", f"unknown value function {fill!r} (known: {', '.join(known)})")


def read_column_note(raw: Mapping[str, Any], where: str) -> str | Bilingual:
    """Return the column's note: a named note, a note of its own in both languages, or ''."""
    if "note" in raw:
        if "note_id" in raw or "note_en" in raw:
            fail(f"{where}.note", "give note, or note_id and note_en, not both")
        if not isinstance(raw["note"], str) or raw["note"] not in NAMED_NOTES:
            fail(f"{where}.note", f"must be one of {', '.join(NAMED_NOTES)}")
        return raw["note"]
    if "note_id" in raw or "note_en" in raw:
        return Bilingual(read_text(raw, "note_id", where), read_text(raw, "note_en", where))
    return ""


def read_note(raw: Any, where: str) -> Bilingual:
    """Check one [[notes]] entry: the same note in Indonesian and English."""
    check_keys(raw, {"id", "en"}, where)
    return Bilingual(read_text(raw, "id", where), read_text(raw, "en", where))


def read_source(raw: Mapping[str, Any], where: str) -> Source:
    """Return a column's provenance, its own keys over the file's."""
    url = raw.get("source")
    if not isinstance(url, str) or not URL.fullmatch(url):
        fail(f"{where}.source", "must be the http(s) URL the header comes from")
    checked = raw.get("checked")
    if not (isinstance(checked, str) and DATE_PATTERN.fullmatch(checked) and real_date(checked)):
        fail(f"{where}.checked", "must be a YYYY-MM-DD date, in quotes")
    if not isinstance(raw.get("confidence"), str) or raw["confidence"] not in CONFIDENCES:
        fail(f"{where}.confidence", f"must be one of {', '.join(CONFIDENCES)}")
    return Source(url, checked, raw["confidence"])


def real_date(text: str) -> bool:
    """True when text names a day of the calendar."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
