"""Tokopedia's "Tambah Produk Massal" (bulk add): how the owner moves the sheet into it.

The columns, their sources and what is unverified are data: webapp/data/sheets/tokopedia.toml.
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
        say(language, "TAMBAH PRODUK MASSAL: %(sheet)s", sheet=sheet),
        say(language, "Di Tokopedia Seller: Tambah Produk > Tambah Produk Massal > Download "
                      "Template. Salin baris data dari %(sheet)s (mulai baris 3) ke template "
                      "itu, mulai kolom Nama Produk.", sheet=sheet),
        say(language, "Kolom Foto Produk meminta tautan foto; di lembar ini tertulis nama file "
                      "dalam paket bila paket dibuat tanpa tautan publik. Tokopedia memakai "
                      "paling banyak 5 foto."),
        say(language, "Kategori Kode, Kurir Pengiriman, dan Asuransi Pengiriman dipilih di "
                      "template resmi."),
    ]
