"""TikTok Shop's batch upload: the seller SKU and how the owner moves the sheet into the template.

The columns, their sources and what is unverified are data: webapp/data/sheets/tiktok_shop.toml.
Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping

from webapp.packs.files import plain
from webapp.packs.sheets.common import Fill, Row
from webapp.text import say


def seller_sku(row: Row) -> str:
    """Return the variant's SKU, else the product's: TikTok has one SKU column for both."""
    return row.variant_text("sku") or plain(row.product.sku)


FILLS: Mapping[str, Fill] = {"seller_sku": seller_sku}


def guide(language: str, sheet: str) -> list[str]:
    """Return the notes tab's first lines: where the template is and how to fill it."""
    return [
        say(language, "UNGGAH BATCH: %(sheet)s", sheet=sheet),
        say(language, "Unduh template Batch Upload terbaru di TikTok Shop Seller Center (sesuai "
                      "kategori). Salin baris data dari %(sheet)s (mulai baris 3) ke template "
                      "itu.", sheet=sheet),
        say(language, "Unggah foto ke Media Center, pilih Export URLs, lalu tempel URL ke kolom "
                      "Main Product Image dan Product Image 2-9 (di lembar ini tertulis nama "
                      "file dalam paket)."),
        say(language, "Kolom setelah Product Image 9 belum terverifikasi: salin nilainya ke "
                      "kolom yang sesuai di template resmi."),
    ]
