"""Meta's catalogue data feed (Facebook and Instagram Shop, WhatsApp catalogues from Commerce
Manager): the feed's own values and how the owner uploads it.

The CSV is the feed itself: Meta takes CSV, not XLSX, so the XLSX beside it is only for reading.
The fields, their sources and notes are data: webapp/data/sheets/facebook.toml.
Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping

from webapp.packs.files import plain
from webapp.packs.sheets.common import Fill, Row
from webapp.text import say

#: Meta takes the main photo in image_link and up to 10 more here (Meta's catalogue reference).
MORE_PHOTOS = 10
#: The CSV is a feed Meta's importer reads: no spreadsheet escaping, which Meta would show.
FEED = True


def item_id(row: Row) -> str:
    """Return a stable id for the row: the variant's or product's SKU, else the product folder
    name (with the variant's number)."""
    sku = row.variant_text("sku") or (plain(row.product.sku) if not row.variant else "")
    if sku:
        return sku
    if row.variant:
        return f"{row.product.slug}-{list(row.product.variants).index(row.variant) + 1}"
    return row.product.slug


def price(row: Row) -> str:
    """Return the price as Meta requires it, a number and the ISO 4217 code: '150000 IDR'."""
    return f"{row.price} IDR" if row.price is not None else ""


FILLS: Mapping[str, Fill] = {
    "item_id": item_id,
    "availability": lambda row: "out of stock" if row.stock == 0 else "in stock",
    "price_with_currency": price,
    "link": lambda row: row.product.link or row.link,
    "more_photos": lambda row: ",".join(row.images[1:1 + MORE_PHOTOS]),
    "brand": lambda row: row.brand,
    "variant_colour": lambda row: row.variant_text("colour"),
    "variant_size": lambda row: row.variant_text("size"),
}


def guide(language: str, sheet: str, *, linked: bool = False) -> list[str]:
    """Return the notes tab's first lines: how the feed goes into Commerce Manager, offered for
    upload only when its photo columns hold public links (Meta refuses an item without one)."""
    if linked:
        upload = say(language, "File facebook.csv adalah umpan data katalog Meta, siap diunggah. "
                               "Di Commerce Manager: Katalog > Sumber data > Tambahkan item > "
                               "Umpan data > unggah facebook.csv. Katalog ini bisa dipakai untuk "
                               "Toko Facebook, Instagram, dan katalog WhatsApp Business. "
                               "%(sheet)s berisi data yang sama untuk dibaca.", sheet=sheet)
    else:
        upload = say(language, "Jangan unggah facebook.csv dari paket ini: paket dibuat tanpa "
                               "tautan foto publik, jadi kolom image_link kosong dan Meta menolak "
                               "setiap itemnya. Tambahkan produk satu per satu di Commerce "
                               "Manager (Katalog > Item > Tambahkan item > Manual) dengan foto "
                               "dari folder produknya, atau minta pengelola aplikasi mengisi "
                               "alamat publiknya (PUBLIC_URL) lalu buat paket lagi dengan tautan "
                               "foto. "
                               "%(sheet)s berisi data yang sama untuk dibaca.", sheet=sheet)
    return [
        say(language, "KATALOG META: facebook.csv"),
        upload,
        say(language, "Kolom link berisi halaman produk bila Anda mengisinya, selain itu situs "
                      "web merek, atau tautan chat WhatsApp bila tidak ada situs."),
    ]
