"""Tokopedia's "Tambah Produk Massal" (bulk add): how the owner gets, fills and uploads it, and
the move of Tokopedia sellers to the integrated Tokopedia/TikTok Shop seller centre.

The columns, their sources and what is unverified are data: webapp/data/sheets/tokopedia.toml.
Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping

from webapp.packs.sheets.common import Fill, not_the_template
from webapp.text import say

FILLS: Mapping[str, Fill] = {}
#: Tokopedia's own blog on the integrated seller centre (reference notes, source K4).
MIGRATION_SOURCE = ("https://www.tokopedia.com/blog/"
                    "understanding-tokopedia-and-tiktok-shop-seller-center-myth-vs-facts")


def migration(language: str) -> str:
    """Return the line on the move to the integrated seller centre, with its date and source."""
    return say(language, "Penting: penjual Tokopedia dipindahkan ke Seller Center terpadu "
                         "Tokopedia dan TikTok Shop; batas migrasinya 9 Juni 2025 (sumber: blog "
                         "resmi Tokopedia, %(source)s). Apakah Tambah Produk Massal yang lama "
                         "masih tersedia belum kami pastikan; bila tidak ada lagi, pakai kanal "
                         "TikTok Shop.", source=MIGRATION_SOURCE)


def guide(language: str, sheet: str, *, linked: bool = False) -> list[str]:
    """Return the helper sheet's first lines: what it is and how to get the official template."""
    return [
        say(language, "LEMBAR BANTU TAMBAH PRODUK MASSAL: %(sheet)s", sheet=sheet),
        migration(language),
        not_the_template(language, "Tokopedia", download(language)),
        say(language, "Bila menyalin sendiri: salin baris data dari %(sheet)s (mulai baris 3) ke "
                      "template itu, mulai kolom Nama Produk; template resmi memulai data di "
                      "baris 4.", sheet=sheet),
        say(language, "Kolom Foto Produk meminta tautan foto publik. Paket yang dibuat dengan "
                      "tautan publik sudah mengisinya; tanpa itu kolom foto kosong, dan fotonya "
                      "Anda tambahkan di Tokopedia dari folder produknya. Tokopedia memakai "
                      "paling banyak 5 foto."),
        say(language, "Kategori Kode, Kurir Pengiriman, dan Asuransi Pengiriman dipilih di "
                      "template resmi."),
    ]


def download(language: str) -> str:
    """Return where the owner downloads the template (the old path, see migration())."""
    return say(language, "Di Tokopedia Seller, buka Tambah Produk > Tambah Produk Massal > "
                         "Download Template. Sejak Tokopedia pindah ke Seller Center terpadu "
                         "(9 Juni 2025) menu ini mungkin tidak ada lagi; bila begitu, pakai "
                         "template TikTok Shop.")


def upload(language: str) -> list[str]:
    """Return where the filled template goes, and the move to the integrated seller centre."""
    return [migration(language),
            say(language, "Unggah file ini di menu tempat Anda mengunduhnya (Tambah Produk "
                          "Massal). Baris yang ditolak diberi pesan di kolom Pesan Error.")]
