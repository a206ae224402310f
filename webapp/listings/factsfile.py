"""The documented JSON of a product's and brand's facts that `flask copy write` reads: the same
facts the pages give the copywriter. Pure: no Flask, no ORM.

    {"brand": {"name": "Tenun Rende", "city": "Waingapu", "province": "Nusa Tenggara Timur",
               "story_hook": "...", "story_hook_en": "...", "tone": "anda", "instagram": "..."},
     "product": {"name": "Kain Tenun Ikat Sumba Hinggi Motif Kuda Pewarna Alam",
                 "product_type": "kain", "technique": "ikat_lungsi",
                 "materials": ["katun", "pewarna_alam"], "motif": "Kuda", "region": "sumba",
                 "colours": ["merah marun"], "sizes": [], "dimensions": "240 x 110 cm",
                 "weight_g": 600, "price": 2500000, "stock": 2, "sku": "TR-01",
                 "care_notes": [], "made_to_order_days": 60}}

The technique is an id of webapp/data/vocab.toml; materials and region are ids or, as owners
type them on the pages, their own words; a material that is a dye (pewarna_alam) is read as the
product's dye, as the pages do.
"""

from __future__ import annotations

from typing import Any

from webapp.listings.facts import BrandFacts, ProductFacts
from webapp.vocab import vocabulary

TEXT = {"product": ("name", "product_type", "motif", "region", "dimensions", "sku"),
        "brand": ("name", "city", "province", "story_hook", "story_hook_en", "tone",
                  "instagram")}
LISTS = ("materials", "colours", "sizes", "care_notes")
NUMBERS = ("weight_g", "price", "stock", "made_to_order_days")
TEXT_MAX = 2000
TONES = ("anda", "kamu", "kak")


class FactsError(ValueError):
    """The facts file cannot be used; the message says why, in one line."""


def read_facts(data: Any) -> tuple[ProductFacts, BrandFacts]:
    """Check the parsed JSON and return the product's and the brand's facts."""
    if not isinstance(data, dict) or not isinstance(data.get("product"), dict):
        raise FactsError('the file must be a JSON object with a "product" object')
    brand = data.get("brand", {})
    if not isinstance(brand, dict):
        raise FactsError('"brand" must be an object')
    unknown = set(data) - {"product", "brand"}
    if unknown:
        raise FactsError(f"unknown keys {sorted(unknown)}; use product and brand")
    return product_facts(data["product"]), BrandFacts(**section(brand, "brand", TEXT["brand"]))


def section(raw: dict[str, Any], where: str, texts: tuple[str, ...]) -> dict[str, str]:
    """The text fields of one object, checked; unknown keys refused."""
    known = set(texts) | (set(LISTS) | set(NUMBERS) | {"technique"} if where == "product"
                          else set())
    unknown = set(raw) - known
    if unknown:
        raise FactsError(f"{where}: unknown keys {sorted(unknown)}; known: {sorted(known)}")
    values = {}
    for key in texts:
        if key not in raw:
            continue  # the facts' own default
        value = raw[key]
        if not isinstance(value, str) or len(value) > TEXT_MAX:
            raise FactsError(f"{where}.{key} must be text of at most {TEXT_MAX} characters")
        values[key] = value
    if where == "brand" and values.get("tone", "anda") not in TONES:
        raise FactsError(f"brand.tone must be one of {', '.join(TONES)}")
    return values


def product_facts(raw: dict[str, Any]) -> ProductFacts:
    """The product's facts, its ids checked against the vocabulary."""
    vocab = vocabulary()
    values: dict[str, Any] = section(raw, "product", TEXT["product"])
    technique = raw.get("technique") or None
    if technique is not None and vocab.get("techniques", technique) is None:
        raise FactsError(f"product.technique {technique!r} is not a technique id of vocab.toml")
    for key in LISTS:
        items = raw.get(key, [])
        if not (isinstance(items, list) and all(isinstance(item, str) for item in items)):
            raise FactsError(f"product.{key} must be a list of text")
        values[key] = tuple(items)
    for key in NUMBERS:
        number = raw.get(key)
        if number is not None and (type(number) is not int or not 0 <= number <= 10**12):
            raise FactsError(f"product.{key} must be a whole number")
        values[key] = number
    dyes = vocab.ids("dyes")
    dye = next((m for m in values["materials"] if m in dyes), None)
    values["materials"] = tuple(m for m in values["materials"] if m not in dyes)
    return ProductFacts(technique=technique, dye=dye, **values)
