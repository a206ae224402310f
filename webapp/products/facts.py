"""Pure helpers for product data: prices as owners type them, care notes from the vocabulary."""

from __future__ import annotations

import re

from webapp.vocab import Vocabulary

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
                   language: str = "id") -> str:
    """Return care notes for a product from the crafts of its technique and materials."""
    crafts: list[str] = []
    term = vocab.get("techniques", technique)
    if term is not None:
        crafts.append(term.extra.get("craft", ""))
    for material_id in materials:
        material = vocab.get("materials", material_id)
        if material is not None:
            crafts.extend(material.extra.get("craft", []))
    notes: list[str] = []
    for craft_id in dict.fromkeys(craft for craft in crafts if craft):
        craft = vocab.get("crafts", craft_id)
        if craft is not None:
            notes.extend(craft.extra.get("care_en" if language == "en" else "care_id", []))
    return "\n".join(f"- {note}" for note in dict.fromkeys(notes))
