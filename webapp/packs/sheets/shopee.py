"""Shopee Indonesia's mass upload ("Template Dasar"): how the owner moves the sheet into it.

The columns, their sources and what is unverified are data: webapp/data/sheets/shopee.toml.
Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping

from webapp.packs.sheets.common import Fill
from webapp.text import say

FILLS: Mapping[str, Fill] = {}


def guide(language: str, sheet: str) -> list[str]:
    """Return the notes tab's first lines: where the template is and how to fill it."""
    return [
        say(language, "UNGGAH MASSAL: %(sheet)s", sheet=sheet),
        say(language, "Di Seller Centre: Produk Saya > Edit Secara Massal > Mass Upload > "
                      "Download Template (Template Dasar). Salin baris data dari %(sheet)s "
                      "(mulai baris 3) ke template itu. Template resmi memulai data di baris 6 "
                      "atau 7: ikuti template yang Anda unduh.", sheet=sheet),
        say(language, "Kolom foto di template meminta URL publik; di lembar ini tertulis nama "
                      "file dalam paket. Unggah fotonya, lalu ganti dengan URL-nya."),
        say(language, "Kategori: pilih kategori Shopee di template resmi. Jasa kirim diatur di "
                      "template resmi."),
    ]
