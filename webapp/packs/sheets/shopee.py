"""Shopee Indonesia's mass upload ("Template Dasar"): how the owner gets, fills and uploads it.

The columns, their system keys, sources and what is unverified are data:
webapp/data/sheets/shopee.toml. Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping

from webapp.packs.sheets.common import Fill, not_the_template
from webapp.text import say

FILLS: Mapping[str, Fill] = {}


def guide(language: str, sheet: str, *, linked: bool = False) -> list[str]:
    """Return the helper sheet's first lines: what it is and how to get the official template."""
    return [
        say(language, "LEMBAR BANTU UNGGAH MASSAL: %(sheet)s", sheet=sheet),
        not_the_template(language, "Shopee", download(language)),
        say(language, "Bila menyalin sendiri: salin baris data dari %(sheet)s (mulai baris 3) ke "
                      "template itu, kolom demi kolom sesuai judulnya. Template resmi memulai "
                      "data di baris 6 atau 7: ikuti template yang Anda unduh.", sheet=sheet),
        say(language, "Kolom foto di template meminta tautan foto publik. Paket yang dibuat "
                      "dengan tautan publik sudah mengisinya; tanpa itu kolom foto kosong, dan "
                      "fotonya Anda tambahkan di Shopee dari folder produknya."),
        say(language, "Kategori dan jasa kirim dipilih di template resmi."),
    ]


def download(language: str) -> str:
    """Return where in the seller centre the owner downloads the template."""
    return say(language, "Di Shopee Seller Centre, buka Produk Saya > Edit Secara Massal > Mass "
                         "Upload > Download Template, lalu pilih Template Dasar.")


def upload(language: str) -> list[str]:
    """Return where the filled template goes."""
    return [say(language, "Unggah file ini di Shopee Seller Centre, di menu tempat Anda "
                          "mengunduhnya: Produk Saya > Edit Secara Massal > Mass Upload. Periksa "
                          "hasilnya di sana; baris yang ditolak diberi alasan di kolom Alasan "
                          "Gagal.")]
