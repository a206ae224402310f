"""The CSV of a channel without a known bulk-upload template (Instagram, WhatsApp, Etsy ...):
every product in one table, in the pack's language, for the owner to read and copy from.

The columns are data: webapp/data/sheets/generic.toml. Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping

from webapp.packs.files import hashtag_text, plain
from webapp.packs.sheets.common import Fill, Row
from webapp.text import say


def variants(row: Row) -> str:
    """Return one line per variant: 'Coklat / M: stok 5, harga 325000, SKU KMJ-M'."""
    lines = []
    for variant in row.product.variants:
        one = Row(row.channel, row.product, row.copy, row.images, variant)
        parts = [part for part in (one.variant_text("colour"), one.variant_text("size")) if part]
        facts = []
        if one.stock is not None:
            facts.append(say(row.language, "stok %(stock)s", stock=one.stock))
        if one.price is not None:
            facts.append(say(row.language, "harga %(price)s", price=one.price))
        if one.variant_text("sku"):
            facts.append(f"SKU {one.variant_text('sku')}")
        lines.append(" / ".join(parts) + (": " + ", ".join(facts) if facts else ""))
    return "\n".join(lines)


FILLS: Mapping[str, Fill] = {
    "product_slug": lambda row: row.product.slug,
    "product_name": lambda row: plain(row.product.name),
    "bullets": lambda row: "\n".join(plain(bullet) for bullet in row.copy.bullets),
    "hashtags": lambda row: hashtag_text(row.copy, row.channel.hashtag_style),
    "caption": lambda row: row.copy.caption,
    "catalogue_text": lambda row: row.copy.catalogue_text,
    "colours": lambda row: ", ".join(plain(colour) for colour in row.product.colours),
    "sizes": lambda row: ", ".join(plain(size) for size in row.product.sizes),
    "variants": variants,
}
