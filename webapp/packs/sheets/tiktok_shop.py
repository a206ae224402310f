"""TikTok Shop's batch upload: how the owner gets, fills and uploads its template.

The columns, their system keys, sources and what is unverified are data:
webapp/data/sheets/tiktok_shop.toml. Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping

from webapp.packs.sheets.common import Fill, not_the_template
from webapp.text import say

FILLS: Mapping[str, Fill] = {}


def download(language: str) -> str:
    """Return where in the seller centre the owner downloads the template."""
    return say(language, "Di TikTok Shop Seller Center (kini juga tempat penjual Tokopedia), "
                         "buka Produk, pilih tambah produk massal (Batch Upload), pilih kategori "
                         "produk Anda, lalu unduh template terbarunya. Nama menunya bisa sedikit "
                         "berbeda.")


def guide(language: str, sheet: str, *, linked: bool = False) -> list[str]:
    """Return the helper sheet's first lines: what it is and how to get the official template."""
    return [
        say(language, "LEMBAR BANTU UNGGAH BATCH: %(sheet)s", sheet=sheet),
        not_the_template(language, "TikTok Shop", download(language)),
        say(language, "Bila menyalin sendiri: salin baris data dari %(sheet)s (mulai baris 3) ke "
                      "template itu; template resmi memulai data di baris 6. Urutan kolom "
                      "setelah Product Image 9 berbeda antarversi: salin nilainya ke kolom yang "
                      "judulnya sesuai.", sheet=sheet),
        say(language, "Kolom Main Product Image dan Product Image 2-9 meminta tautan foto "
                      "publik. Paket yang dibuat dengan tautan publik sudah mengisinya; tanpa itu "
                      "kolom foto kosong: unggah foto ke Media Center, pilih Export URLs, lalu "
                      "tempel URL-nya."),
    ]


def upload(language: str) -> list[str]:
    """Return where the filled template goes."""
    return [say(language, "Unggah file ini di TikTok Shop Seller Center, di menu tempat Anda "
                          "mengunduhnya (Batch Upload / unggah produk massal). Periksa hasilnya "
                          "di sana sebelum produk ditayangkan.")]
