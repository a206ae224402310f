"""A bulk-upload sheet format as loaded from webapp/data/sheets/<format>.toml: its columns (header,
system key and other spellings, what fills it, unit and list words), the seller centre template
it follows, and the helper sheet written when the owner has not uploaded that template yet.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from webapp.datafiles import Bilingual
from webapp.packs.sheets.common import Choice, Column, Fill, Row, photo
from webapp.packs.workbooks import Blank, TemplateSpec
from webapp.packs.workbooks.shape import normalise
from webapp.text import N_, say

NAMED_NOTES = {
    "required": N_("Wajib"),
    "photo_url": N_("Tautan foto publik (kosong bila paket dibuat tanpa tautan publik)"),
    "fill_official": N_("Isi di template resmi"),
    "unverified": N_("Nama kolom belum kami cocokkan dengan file resmi"),
}
DEFAULT_WIDTH = 18
NO_PARENTHESES = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class Source:
    """Where a column's header comes from, when it was checked and how sure it is."""

    url: str
    checked: str
    confidence: str

    @property
    def verified(self) -> bool:
        """True unless nobody published the header (our own name for the column)."""
        return self.confidence != "unverified"


@dataclass(frozen=True)
class Alias:
    """Another spelling of a column's key in some template version or region, and its source."""

    key: str
    source: str


@dataclass(frozen=True)
class ColumnSpec:
    """One [[columns]] entry of a sheet file, checked."""

    header: str | Bilingual
    fill: str
    value: Fill
    required: bool = False
    note: str | Bilingual = ""  # a NAMED_NOTES key, a note of its own, or none
    width: int = DEFAULT_WIDTH
    hashtag_style: str = ""  # "" for every channel
    source: Source | None = None
    each_photo: bool = False
    key: str = ""  # the template's system key (Tokopedia: its header text)
    aliases: tuple[Alias, ...] = ()
    unit: str = ""  # the fill's unit ("g", "cm"), converted to the template's own
    unit_default: str = ""  # the template's unit when it names none ("" = leave it blank)
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # a choice's words
    list_only: bool = False  # write a choice only where the column has a drop-down list
    helper: bool = True  # a column of the helper sheet (False: only read in templates)

    def header_in(self, language: str) -> str:
        """Return the header as written in a pack in language."""
        return self.header.get(language) if isinstance(self.header, Bilingual) else self.header

    def note_in(self, language: str) -> str:
        """Return row 2's note under the header in language ('' when there is none)."""
        if isinstance(self.note, Bilingual):
            return self.note.get(language)
        return say(language, NAMED_NOTES[self.note]) if self.note else ""

    def helper_value(self, row: Row) -> object:
        """Return the column's value for a helper sheet: a choice in its first word (none for
        couriers, which the owner picks), a deliberate blank as nothing."""
        value = self.value(row)
        if isinstance(value, Blank):
            return None
        if isinstance(value, Choice):
            words = self.words.get(value.meaning, ())
            return words[0] if words and not self.list_only else None
        return value

    def pick(self, meaning: str, choices: tuple[str, ...] | None) -> str | None:
        """Return the word for a choice as the column's list spells it; without a list, our
        first word (None when the column only takes list values)."""
        words = self.words.get(meaning, ())
        if choices is None:
            return None if self.list_only or not words else words[0]
        wanted = {match_form(word) for word in words}
        found = next((choice for choice in choices if match_form(choice) in wanted), None)
        return found if found is not None else (words[0] if words else None)


def match_form(word: str) -> str:
    """Return the spelling list words are matched by: 'No (ID)' and 'no' both read 'no'."""
    return " ".join(NO_PARENTHESES.sub(" ", word).replace("*", " ").split()).casefold()


@dataclass(frozen=True)
class TemplateInfo:
    """The seller centre template a format follows: how to find its data, what to call it."""

    sheets: tuple[str, ...]
    keys: str  # "codes" or "headers"
    data_rows: tuple[int, ...]
    filled: str  # the filled template's name in the pack ("shopee-template-terisi.xlsx")
    category: str = ""  # our key of the category column
    couriers: str = ""  # a pattern of courier column keys


@dataclass(frozen=True)
class SheetFormat:
    """A channel's bulk-upload sheet (or the generic CSV): its file, rows and columns."""

    id: str
    file: str  # "" when the format is CSV only
    per_variant: bool
    columns: tuple[ColumnSpec, ...]
    notes: tuple[Bilingual, ...] = ()
    guide: Callable[..., list[str]] | None = None  # (language, file name, *, linked)
    template: TemplateInfo | None = None
    upload: Callable[[str], list[str]] | None = None  # where a filled template is uploaded
    download: Callable[[str], str] | None = None  # where the seller centre's template is got
    # A data feed read by a machine (Meta's catalogue), not a spreadsheet: its CSV cells are
    # written as they are, never apostrophe-escaped.
    feed: bool = False

    def columns_for(self, language: str, *, hashtag_style: str = "hashtag",
                    photos: int = 0) -> tuple[Column, ...]:
        """Return the columns of the helper sheet and CSV: headers and notes in language, the
        columns of the channel's tag style, one column per photo where the file asks."""
        style = "tags" if hashtag_style == "tags" else "hashtag"
        columns: list[Column] = []
        for spec in self.columns:
            if (spec.hashtag_style and spec.hashtag_style != style) or not spec.helper:
                continue
            header, note = spec.header_in(language), spec.note_in(language)
            if spec.each_photo:
                columns.extend(Column(f"{header} {number}", photo(number), note, spec.width)
                               for number in range(1, photos + 1))
            else:
                columns.append(Column(header, spec.helper_value, note, spec.width))
        return tuple(columns)

    def notes_for(self, language: str, *, linked: bool = False) -> list[str]:
        """Return the lines of the notes tab (and the checklist): how to use the sheet, where its
        columns come from, what is unverified."""
        lines = self.guide(language, self.file, linked=linked) if self.guide is not None else []
        if linked:
            lines.insert(1, say(language, "FOTO SUDAH BERUPA TAUTAN: kolom foto berisi tautan "
                                          "publik ke foto yang sudah disiapkan untuk kanal ini, "
                                          "jadi langkah unggah foto dan tempel URL di bawah "
                                          "boleh dilewati. Tautan berlaku selama fotonya masih "
                                          "ada di Studio Cerita."))
        lines += [note.get(language) for note in self.notes]
        lines.append(say(language, "Sel lembar kerja yang diawali = + - @ disimpan sebagai "
                                   "teks, tidak dijalankan sebagai rumus."))
        return lines

    def spec(self) -> TemplateSpec | None:
        """Return what the template reader must know of this format, None without a template."""
        if self.template is None:
            return None
        known: dict[str, str] = {}
        for column in self.columns:
            for spelling in (column.key, *(alias.key for alias in column.aliases)):
                if spelling:
                    known.setdefault(normalise(spelling, self.template.keys), column.key)
        return TemplateSpec(self.id, self.template.sheets, self.template.keys,
                            MappingProxyType(known), self.template.data_rows,
                            self.template.category, self.template.couriers)
