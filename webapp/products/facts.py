"""Pure helpers for product data: prices as owners type them, care notes from the vocabulary."""

from __future__ import annotations

import re

from webapp.vocab import Vocabulary, care_for

SIZES = ("S", "M", "L", "XL", "XXL", "All size")


AMOUNT = re.compile(r"^(?P<whole>\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,](?P<cents>\d{2}))?$")


def parse_rupiah(text: str) -> int | None:
    """Read a price as owners write it: 150000, 150.000, Rp150.000, Rp 150.000,00 -> 150000.

    Dots or commas group thousands; a final separator with two digits is cents, which are
    dropped. Anything else (12,5 or 1.50.000) is not an amount and gives None.
    """
    cleaned = re.sub(r"(?i)^\s*rp\.?\s*", "", text.strip()).replace(" ", "")
    match = AMOUNT.match(cleaned)
    if match is None or len(match["whole"]) > 15:
        return None
    return int(match["whole"].replace(".", "").replace(",", ""))


def care_notes_for(vocab: Vocabulary, technique: str, materials: list[str],
                   language: str = "id", product_type: str = "") -> str:
    """Return the care lines true of a product (webapp.vocab.care_for), one per line."""
    lines = care_for(vocab, technique, materials, product_type)
    return "\n".join(f"- {line.text(language)}" for line in lines)
