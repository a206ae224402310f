"""Hashtags and Etsy tags from the vocabulary, most specific first: technique, craft with region,
region, motif, material, then a few generic ones; none that the checker would flag.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
import unicodedata

from webapp.listings.checker import check_text
from webapp.listings.detectors import text_length
from webapp.listings.writer import Writer

TEXTILE_CRAFTS = frozenset({"batik", "tenun", "songket", "sasirangan", "sutra"})
# A tag with one of these could carry a contact, another shop or a false craft name.
FLAGGED = ("contact.", "marketplace.", "naming.")


def write_hashtags(writer: Writer) -> tuple[str, ...]:
    """Return hashtags (or Etsy tags) from the vocabulary, most specific first."""
    rules = writer.channel.hashtags
    if rules is None:
        return ()
    count = rules.target_max()
    if rules.style == "tags":
        tags = etsy_tags(writer, rules.max_chars_each.value if rules.max_chars_each else 20)
    else:
        tags = [f"#{tag}" for tag in hashtag_words(writer)]
    kept: list[str] = []
    for tag in tags:
        if tag in kept or len(kept) >= count:
            continue
        findings = check_text(writer.channel, "hashtags", tag, product=writer.product,
                              brand=writer.brand_name)
        if not any(f.blocking or f.rule.startswith(FLAGGED) for f in findings):
            kept.append(tag)
    return tuple(kept)


def hashtag_words(writer: Writer) -> list[str]:
    """Return hashtag words: technique, craft with region, region, motif, material, generic."""
    technique = writer.technique
    craft = writer.craft or ""
    region = slug(writer.region()[0])
    honest_craft = craft if writer.handmade or craft not in ("batik", "tenun") else ""
    words = []
    if technique is not None:
        words.append(technique.extra.get("hashtag") or slug(technique.label_id))
    if honest_craft and region:
        words.append(f"{honest_craft}{region}")
    if honest_craft:
        words.append(honest_craft)
    if region:
        words.append(region)
    motif = slug(writer.term_label("motifs", writer.product.motif))
    if motif:
        words.append(motif if motif.startswith("motif") else f"motif{motif}")
    words.extend(slug(material) for material in writer.materials()[:1])
    if writer.handmade and craft in TEXTILE_CRAFTS:
        words.extend(["wastranusantara", "kainnusantara"])
    if writer.handmade:
        words.append("handmadeindonesia")
    words.extend(["buatanindonesia", "produklokal"])
    return [word for word in words if word and len(word) <= 30]


def etsy_tags(writer: Writer, limit: int) -> list[str]:
    """Return Etsy tags (English phrases of up to limit characters)."""
    technique = writer.technique
    if technique is None:
        tags = []
    else:
        tags = list(technique.extra.get("etsy_tags") or [slug_phrase(writer.technique_title())])
    region = writer.region()[0].casefold()
    craft = writer.craft or ""
    if region and craft == "batik" and writer.handmade:
        tags.append(f"{region} batik")
    if region:
        tags.append(region)
    motif = writer.term_label("motifs", writer.product.motif).casefold()
    if motif:
        tags.append(motif)
    tags.append(writer.product_type().casefold())
    tags.extend(material.casefold() for material in writer.materials()[:2])
    if craft == "batik" and writer.handmade:
        tags.append("indonesian batik")
    if writer.handmade and craft in TEXTILE_CRAFTS:
        tags.append("indonesian textile")
    if writer.handmade:
        tags.append("handmade")
    tags.append("made in indonesia")
    cleaned = [slug_phrase(tag) for tag in tags]
    return [tag for tag in cleaned if tag and text_length(tag) <= limit]


def slug(text: str) -> str:
    """Return text as a lower-case ASCII hashtag word."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.casefold())


def slug_phrase(text: str) -> str:
    """Return text as a lower-case ASCII tag phrase (letters, digits, single spaces)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]", " ", ascii_text.casefold())).strip()
