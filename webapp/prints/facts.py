"""Build the print core's inputs from a Brand and its products (the ORM side of webapp.prints).

The product's one-line story is the first sentence of the brand story's product piece when it is
short enough for a tag, else the brand's tagline; the tagline is also offered as the shorter text
when the story line is too long for the chosen size.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from webapp.brands.service import head_revision
from webapp.db import get_session
from webapp.listings.service import TONES, care_lines, product_facts, story_pieces
from webapp.listings.writer import craft_care
from webapp.media import media_store
from webapp.models import Brand, Product
from webapp.prints.model import BrandPrint, ProductPrint
from webapp.vocab import vocabulary

MAX_STORY_LINE = 140
SENTENCE = re.compile(r"(?<=[.!?])\s")


def term_label(table: str, value: str, language: str) -> str:
    """A vocabulary id's label in language; free text as it is."""
    term = vocabulary().get(table, value)
    return term.label(language) if term else value.replace("_", " ")


def read_media(kind: str, name: str | None) -> bytes | None:
    """A stored file's bytes, or None when there is none (or it is gone)."""
    if not name:
        return None
    try:
        return media_store().read(kind, name)
    except OSError:
        return None


def story_line(pieces: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """The one-line story and the shorter texts to offer instead."""
    tagline = pieces.get("tagline", "").strip()
    first = SENTENCE.split(pieces.get("product_story", "").strip(), maxsplit=1)[0]
    if first and len(first) <= MAX_STORY_LINE:
        return first, tuple(text for text in (tagline,) if text and text != first)
    return tagline, ()


def product_print(product: Product, pieces: dict[str, str], language: str) -> ProductPrint:
    """One product as the print core takes it."""
    line, shorter = story_line(pieces)
    materials = ", ".join(term_label("materials", value, language)
                          for value in product.materials or ())
    return ProductPrint(
        id=product.id, name=product.name, story_line=line,
        technique=term_label("techniques", product.technique, language) if product.technique
        else "", material=materials, care=care_of(product, language),
        price=product.price, link=product.link or "", shorter_stories=shorter)


def care_of(product: Product, language: str) -> tuple[str, ...]:
    """Up to three care lines for a tag: the owner's own notes (they write them in Indonesian,
    so Indonesian tags only), else the short form of the care lines true of the product's
    technique, materials and dye (webapp/data/vocab.toml), in language."""
    own = care_lines(product.care_notes) if language == "id" else ()
    if own:
        return own[:3]
    return tuple(line.short(language) for line in craft_care(product_facts(product))[:3])


def first_photo(products: list[Product]) -> bytes | None:
    """The first JPEG or PNG photo of the brand's products, for the story card."""
    for product in products:
        for photo in product.photos:
            if photo.original.endswith((".jpg", ".jpeg", ".png")):
                return read_media("photos", photo.original)
    return None


def brand_print(brand: Brand, language: str = "id") -> BrandPrint:
    """The brand, from its newest profile, with every product, in language."""
    profile: dict[str, Any] = head_revision(brand).profile
    story = profile.get("story") if isinstance(profile.get("story"), dict) else {}
    pieces = story_pieces(story, language)
    products = list(get_session().scalars(Product.of_brand(brand.id)))
    return BrandPrint(
        name=profile.get("name") or brand.slug, language=language,
        tone=profile.get("tone") if profile.get("tone") in TONES else "anda",
        colours=tuple(profile.get("colours") or ()), logo=read_media("logos", profile.get("logo")),
        maker=maker_of(story), place=place_of(profile, language),
        about=pieces.get("about_short", "") or pieces.get("tagline", ""),
        photo=first_photo(products), whatsapp=profile.get("whatsapp") or "",
        instagram=profile.get("instagram") or "", website=profile.get("website") or "",
        products=tuple(product_print(product, pieces, language) for product in products))


def place_of(profile: dict[str, Any], language: str) -> str:
    """The city and province, the province in English on English prints ("Central Java")."""
    province = profile.get("province") or ""
    if province and language == "en":
        term = vocabulary().find("provinces", province)
        province = term.label("en") if term else province
    return ", ".join(part for part in (profile.get("city"), province) if part)


def maker_of(story: dict[str, Any]) -> str:
    """The maker a tag names: the owner or founder the story wizard asked for ("Siapa nama
    pemilik atau pendiri?"), else nobody (the place alone is printed). The profile's "people"
    answer is a sentence about the team, not a name, so it is never printed as one."""
    answers = story.get("answers") if isinstance(story.get("answers"), dict) else {}
    owner = answers.get("owner")
    return owner.strip() if isinstance(owner, str) and len(owner.strip()) <= 60 else ""


def brand_by_slug(slug: str) -> Brand | None:
    """The brand with slug, or None."""
    return get_session().scalar(select(Brand).where(Brand.slug == slug))
