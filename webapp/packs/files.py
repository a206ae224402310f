"""How a pack's files are named and written: fixed names, clean text, paste-ready copy files and
fixed ZIP entries.

Text files are UTF-8 without BOM, NFC, LF line endings and no final newline: Android (and every
phone) uses LF natively, CRLF can paste a stray carriage return into a marketplace form and count
against its character limit, and a final newline pastes an empty line into a title. Notepad on
Windows 10 1809+ shows LF files correctly.

Every ZIP entry (the pack's and the XLSX files' inner ones) is dated the brand revision's day at
00:00, Unix mode 0644, and stored uncompressed, so the same input gives the same bytes whatever
the zlib build of the worker.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

import io
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from webapp.text import N_

if TYPE_CHECKING:
    from webapp.packs.builder import ChannelCopy, PackChannel

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
INDEX = "index.html"
CHECKLIST = "PERIKSA.txt"
STORY_DIR = "cerita"
LOGO = f"{STORY_DIR}/logo.png"
MAX_SLOT = 99  # photo names carry the slot in two digits: 01-utama.jpg ... 99.jpg
FILE_MODE = (stat.S_IFREG | 0o644) << 16
UNIX = 3
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
WHOLE_TEXT = re.compile(r"-?\d{1,15}")


def plain(text: Any) -> str:
    """Return text as clean UTF-8 for a file or cell: NFC, LF line ends, no control characters
    (tab and line feed kept), no trailing spaces, trimmed."""
    text = unicodedata.normalize("NFC", "" if text is None else str(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = CONTROL.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def one_line(text: Any) -> str:
    """Return text as one line with single spaces (names in the checklist)."""
    return " ".join(plain(text).split())


def paste_file(text: Any) -> bytes:
    """Return text as a paste-ready file: UTF-8, no BOM, LF, no final newline."""
    return plain(text).encode("utf-8")


def whole(value: Any) -> int | None:
    """Return value as an int when it is a whole number, else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and WHOLE_TEXT.fullmatch(value.strip()):
        return int(value.strip())
    return None


def measure(value: Any) -> int | float | None:
    """Return a size in cm as a number (whole when it is whole), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if float(value).is_integer() else round(float(value), 2)


def hashtag_text(copy: ChannelCopy, style: str) -> str:
    """Return the tags as they paste: '#a #b' for hashtags, 'a, b' for Etsy-style tags."""
    tags = [" ".join(plain(tag).split()) for tag in copy.hashtags]
    tags = [tag for tag in tags if tag]
    return ", ".join(tags) if style == "tags" else " ".join(tags)


# --- a product's copy files ---------------------------------------------------------------------

@dataclass(frozen=True)
class CopyFile:
    """One paste-ready file of a product's copy: its name, its label on the overview page, the
    checklist line that says where it goes, and how its text comes from the copy."""

    name: str
    label: str
    line: str
    text: Callable[[ChannelCopy, str], str]


def bullet_text(copy: ChannelCopy, _style: str) -> str:
    """Return the bullet points, one per line, empty ones dropped."""
    return "\n".join(bullet for bullet in (plain(b) for b in copy.bullets) if bullet)


TITLE_FILE = CopyFile("judul.txt", N_("Judul"), N_("judul.txt: tempel ke nama produk."),
                      lambda copy, _: plain(copy.title))
DESCRIPTION_FILE = CopyFile("deskripsi.txt", N_("Deskripsi"),
                            N_("deskripsi.txt: tempel ke deskripsi produk."),
                            lambda copy, _: plain(copy.description))
HASHTAG_FILE = CopyFile("tagar.txt", N_("Tagar"),
                        N_("tagar.txt: tagar (bila saluran memakainya, sudah ada di akhir "
                           "deskripsi)."), hashtag_text)
TAG_FILE = CopyFile("tagar.txt", N_("Tag"), N_("tagar.txt: tempel ke kolom tag, dipisah koma."),
                    hashtag_text)
BULLET_FILE = CopyFile("poin.txt", N_("Poin utama"),
                       N_("poin.txt: poin utama, satu per baris."), bullet_text)
CAPTION_FILE = CopyFile("caption.txt", N_("Caption"),
                        N_("caption.txt: tempel sebagai caption postingan; foto diunggah "
                           "berurutan sebagai carousel."), lambda copy, _: plain(copy.caption))
CATALOGUE_FILE = CopyFile("katalog.txt", N_("Teks katalog WhatsApp"),
                          N_("katalog.txt: kirim sebagai pesan bersama foto utama, atau tempel ke "
                             "deskripsi item katalog."),
                          lambda copy, _: plain(copy.catalogue_text))


def copy_files(style: str) -> tuple[CopyFile, ...]:
    """Return a product's possible copy files in checklist order, for a channel's tag style."""
    tags = TAG_FILE if style == "tags" else HASHTAG_FILE
    return (TITLE_FILE, DESCRIPTION_FILE, tags, BULLET_FILE, CAPTION_FILE, CATALOGUE_FILE)


def product_texts(copy: ChannelCopy, channel: PackChannel) -> list[tuple[CopyFile, str]]:
    """Return (file, text) of a product's copy files that have text."""
    texts = [(file, file.text(copy, channel.hashtag_style))
             for file in copy_files(channel.hashtag_style)]
    return [(file, text) for file, text in texts if text]


# --- fixed ZIP entries --------------------------------------------------------------------------

def zip_info(path: str, day: date) -> zipfile.ZipInfo:
    """Return a ZipInfo with everything fixed: the day at 00:00, stored, Unix 0644."""
    stamp = (day.year, day.month, day.day, 0, 0, 0) if 1980 <= day.year <= 2107 \
        else (1980, 1, 1, 0, 0, 0)
    info = zipfile.ZipInfo(path, date_time=stamp)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = UNIX
    info.external_attr = FILE_MODE
    return info


def restamp_zip(data: bytes, day: date) -> bytes:
    """Rewrite a ZIP (an XLSX) with fixed entry times and attributes, keeping entry order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as target:
        for item in source.infolist():
            target.writestr(zip_info(item.filename, day), source.read(item))
    return buffer.getvalue()
