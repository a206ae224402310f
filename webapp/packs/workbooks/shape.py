"""What a template is, once read: its sheet, key row, header and guidance rows, first data row,
columns (key, header, required, unit, drop-down list) and the lists' values; and what the reader
must know of a channel to read one (TemplateSpec, built from webapp/data/sheets/<channel>.toml).

A shape is stored as JSON beside the owner's template (to_dict / from_dict), so pages can show the
template and the product form can offer the category list without opening the file again.
Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from webapp.packs.workbooks.cells import column_letters
from webapp.text import N_, say

SHAPE_VERSION = 1
KEY_KINDS = ("codes", "headers")
ROLES = ("", "category", "courier")
#: What a finding says, by code; params fill the placeholders.
FINDINGS = {
    "required_blank": N_("Kolom wajib %(column)s masih kosong di %(rows)s baris: isi sendiri "
                         "sebelum mengunggah."),
    "not_in_list": N_("Nilai \"%(value)s\" tidak ada di daftar pilihan kolom %(column)s, jadi "
                      "kolom itu dibiarkan kosong di %(rows)s baris."),
    "unit_unknown": N_("Template tidak menyebut satuan kolom %(column)s (gram atau kg), jadi "
                       "kolom itu dibiarkan kosong. Isi sendiri dengan satuan yang diminta."),
    "parcel_incomplete": N_("Ukuran paket (panjang, lebar, tinggi) belum lengkap di %(rows)s "
                            "baris, jadi ketiganya dibiarkan kosong: isi ketiganya atau "
                            "biarkan kosong semua."),
    "photo_not_linked": N_("Kolom foto dibiarkan kosong: paket ini dibuat tanpa tautan foto "
                           "publik. Unggah foto dari folder produk ke seller centre, lalu tempel "
                           "URL-nya di kolom foto."),
    "courier_unchosen": N_("Jasa kirim belum dipilih untuk template ini, jadi kolom jasa kirim "
                           "dibiarkan kosong. Pilih jasa kirim di halaman Template kanal, atau "
                           "isi Aktif/Nonaktif sendiri."),
    "missing_column": N_("Template ini tidak punya kolom untuk %(column)s, jadi datanya tidak "
                         "ditulis."),
    "old_values_cleared": N_("%(rows)s baris di bawah baris judul berisi data lama; isinya "
                             "dikosongkan supaya tidak ikut terunggah."),
    "unusual_data_row": N_("Data ditulis mulai baris %(row)s; template biasanya memulai data di "
                           "baris %(expected)s. Periksa sebelum mengunggah."),
    "list_unresolved": N_("Daftar pilihan kolom %(column)s tidak bisa dibaca, jadi nilainya "
                          "tidak diperiksa."),
}


@dataclass(frozen=True)
class Finding:
    """Something the owner should know about a read or a fill: a code and its facts."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, language: str) -> str:
        """Return the finding in language."""
        return say(language, FINDINGS[self.code], **self.params)

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready data."""
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class TemplateSpec:
    """What the reader knows of a channel's templates: sheet names, the kind of key row, every
    known key and spelling (normalised) with our key for it, the usual first data rows."""

    channel_id: str
    sheets: tuple[str, ...]
    keys: str  # "codes" (a row of system keys) or "headers" (a header row is the key row)
    known: Mapping[str, str]  # normalised spelling -> our key
    data_rows: tuple[int, ...] = ()
    category: str = ""  # our key of the category column
    couriers: str = ""  # a pattern of courier keys, one column per courier

    def our_key(self, text: str) -> str:
        """Return our key for a key-row cell, '' when the spelling is unknown."""
        return self.known.get(normalise(text, self.keys), "")

    def is_courier(self, key: str) -> bool:
        """True when a template key is one courier's on/off column."""
        return bool(self.couriers) and re.fullmatch(self.couriers, key) is not None


def base_key(text: str, kind: str) -> str:
    """Return a key-row cell as the template's key: 'ps_category|0|0' -> 'ps_category'; a
    header keeps its text on one line."""
    text = text.split("|", 1)[0] if kind == "codes" else text
    return " ".join(text.split())


def normalise(text: str, kind: str) -> str:
    """Return the spelling keys are matched by: no '*', single spaces, case folded."""
    return " ".join(base_key(text, kind).replace("*", " ").split()).casefold()


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template as read."""

    index: int  # 1 is column A
    key: str  # the template's own key ('ps_price', 'Nama Produk*')
    code: str = ""  # the key row's whole text ('ps_price|1|1')
    known: str = ""  # our key for it, '' when we do not know the column
    header: str = ""
    required: bool = False
    unit: str = ""  # 'g', 'kg', 'cm' or '' when the template names none
    choices: str = ""  # the drop-down list's formula, '' when the column has none
    guidance: str = ""
    role: str = ""  # 'category', 'courier' or ''

    @property
    def letter(self) -> str:
        """Return the column's letters ('A', 'AQ')."""
        return column_letters(self.index)

    @property
    def label(self) -> str:
        """Return what the owner calls the column: its header, else its key."""
        return self.header or self.key


@dataclass(frozen=True)
class TemplateShape:
    """A template as read: where the keys and the data are, and every column."""

    channel_id: str
    sheet: str
    sheet_path: str
    key_kind: str
    key_row: int
    header_row: int
    guidance_rows: tuple[int, ...]
    first_data_row: int
    columns: tuple[TemplateColumn, ...]
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    last_row: int = 0
    notes: tuple[Finding, ...] = ()

    @property
    def unknown_keys(self) -> tuple[str, ...]:
        """Return the template keys we do not know, in column order."""
        return tuple(column.key for column in self.columns if not column.known)

    def column(self, key: str) -> TemplateColumn | None:
        """Return the column of a template key, else of our key, else None."""
        return next((column for column in self.columns if column.key == key),
                    next((column for column in self.columns if column.known == key), None))

    def choices(self, column: TemplateColumn) -> tuple[str, ...] | None:
        """Return a column's drop-down values; None when it has no list or it was unreadable."""
        return self.lists.get(column.choices) if column.choices else None

    def to_dict(self) -> dict[str, Any]:
        """Return the shape as JSON-ready data."""
        return {
            "version": SHAPE_VERSION, "channel_id": self.channel_id, "sheet": self.sheet,
            "sheet_path": self.sheet_path, "key_kind": self.key_kind, "key_row": self.key_row,
            "header_row": self.header_row, "guidance_rows": list(self.guidance_rows),
            "first_data_row": self.first_data_row, "last_row": self.last_row,
            "columns": [column_dict(column) for column in self.columns],
            "lists": {name: list(values) for name, values in self.lists.items()},
            "list_sizes": {name: len(values) for name, values in self.lists.items()},
            "unknown_keys": list(self.unknown_keys),
            "notes": [note.to_dict() for note in self.notes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TemplateShape:
        """Rebuild a shape stored by to_dict."""
        if data.get("version") != SHAPE_VERSION:
            raise ValueError("unknown template shape version")
        return cls(
            str(data["channel_id"]), str(data["sheet"]), str(data["sheet_path"]),
            str(data["key_kind"]), int(data["key_row"]), int(data["header_row"]),
            tuple(int(row) for row in data["guidance_rows"]), int(data["first_data_row"]),
            tuple(TemplateColumn(**column) for column in data["columns"]),
            {str(name): tuple(str(v) for v in values) for name, values in data["lists"].items()},
            int(data.get("last_row", 0)),
            tuple(Finding(note["code"], dict(note["params"])) for note in data.get("notes", ())))


def column_dict(column: TemplateColumn) -> dict[str, Any]:
    """Return a column as JSON-ready data (its fields, as TemplateColumn takes them)."""
    return {"index": column.index, "key": column.key, "code": column.code,
            "known": column.known, "header": column.header, "required": column.required,
            "unit": column.unit, "choices": column.choices, "guidance": column.guidance,
            "role": column.role}


def category_choices(shape: TemplateShape) -> list[str]:
    """Return the values of the category column's list; empty when the template has none."""
    column = next((c for c in shape.columns if c.role == "category"), None)
    values = shape.choices(column) if column is not None else None
    return list(values or ())


def courier_keys(shape: TemplateShape) -> list[tuple[str, str]]:
    """Return (key, header) of each courier column, in column order."""
    return [(column.key, column.label) for column in shape.columns if column.role == "courier"]
