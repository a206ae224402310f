"""Titles: the channel's pattern of parts (brand, product type, technique, motif, material,
region, size...) in order, each word said once, fitted to the limit by dropping the parts that
matter least, and a short headline for captions.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from webapp.listings.cleaning import honest, title_case, title_safe
from webapp.listings.detectors import WORD, text_length
from webapp.listings.findings import Finding
from webapp.listings.fitting import dedupe, drop_spans, unique
from webapp.listings.writer import PART_MAX, Writer
from webapp.text import say

DEFAULT_PATTERN = ("brand", "product_type", "technique", "motif", "material", "region", "size")
OWNER_TITLE_PARTS = frozenset({"product_type", "motif", "material", "colour", "name"})


def title_parts(writer: Writer) -> dict[str, str]:
    """Return every title part that has a value, already cleaned."""
    language = writer.language
    motif = writer.term_label("motifs", writer.product.motif)
    if motif and not motif.casefold().startswith("motif"):
        motif = say(language, "Motif %(motif)s", motif=motif)
    short_region = writer.region()[0]
    size = writer.dimensions() or "/".join(
        unique(writer.owner(size, "title", 12) for size in writer.product.sizes[:6]))
    parts = {
        "brand": writer.brand_name,
        "product_type": writer.product_type(),
        "technique": writer.technique_title(),
        "motif": motif,
        "material": " ".join(writer.materials()[:2]),
        "region": say(language, "Khas %(region)s", region=short_region) if short_region else "",
        "size": size,
        "colour": "/".join(writer.colours()[:2]),
        "name": writer.owner(writer.product.name, "title", PART_MAX),
    }
    cleaned = {}
    for name, value in parts.items():
        if name != "brand":
            value = honest(value, writer.product, language)
        value = title_safe(value)
        cleaned[name] = title_case(value) if name in OWNER_TITLE_PARTS else value
    return {name: value for name, value in cleaned.items() if WORD.search(value)}


def join_title(writer: Writer, parts: Sequence[tuple[str, str]]) -> str:
    """Join title parts: spaces in Indonesian; in English, commas after the product type."""
    if not writer.en:
        return " ".join(text for _, text in parts)
    head, tail, previous = [], [], ""
    for name, text in parts:
        # "Hand-Drawn Batik Tulis Cloth from Lasem, Latohan Motif, Cotton"
        if tail or (head and previous not in ("", "brand", "technique")
                    and not (previous == "product_type" and name == "region")):
            tail.append(text)
        else:
            head.append(text)
        previous = name
    return ", ".join([" ".join(head), *tail])


def write_title(writer: Writer) -> str:
    """Write the title: pattern order, no repeated word, fitted by dropping parts."""
    rules = writer.channel.title
    if rules is None:
        return ""
    pattern = rules.value("pattern", DEFAULT_PATTERN)
    available = title_parts(writer)
    if "product_type" not in available:
        available["product_type"] = writer.generic_type()
    ordered = [(name, available[name]) for name in pattern if name in available]
    if not any(name == "product_type" for name, _ in ordered):
        ordered.insert(0, ("product_type", available["product_type"]))
    limit = rules.target_max() or 10_000
    parts = fit(writer, dedupe(ordered), limit)
    title = join_title(writer, parts) if parts else ""
    title = fill_minimum(writer, title, rules.value("min", 0), limit)
    return writer.settle("title", title, partial(shrink_title, writer))


def fit(writer: Writer, parts: list[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
    """Keep the product type, then every other part in pattern order that still fits; a
    product type too long on its own loses words from its end. When every word of the
    product type already stands in an earlier part (a "batik" type after "Stamped Batik"),
    the first part is the core instead."""
    core = next(((name, text) for name, text in parts if name == "product_type"),
                parts[0] if parts else None)
    if core is None:
        return []
    words = core[1].split()
    while len(words) > 1 and text_length(" ".join(words)) > limit:
        words.pop()
    core = (core[0], " ".join(words))
    if text_length(core[1]) > limit:
        return []
    kept = {core[0]}
    for name, _ in parts:
        if name in kept:
            continue
        trial = [(n, core[1] if n == core[0] else t) for n, t in parts
                 if n in kept or n == name]
        if text_length(join_title(writer, trial)) <= limit:
            kept.add(name)
    return [(n, core[1] if n == core[0] else t) for n, t in parts if n in kept]


def fill_minimum(writer: Writer, title: str, minimum: int, limit: int) -> str:
    """Lengthen a title that is shorter than the channel's minimum with a generic noun."""
    for word in (writer.generic_type(), "Indonesia"):
        if text_length(title) >= minimum:
            break
        candidate = f"{title} {word}".strip()
        if text_length(candidate) <= limit:
            title = candidate
    return title


def shrink_title(writer: Writer, title: str, findings: list[Finding]) -> str:
    """Remove what a blocking finding points at; else drop the last word."""
    if any(f.rule == "title.all_caps" for f in findings):
        return " ".join(word.capitalize() for word in title.split())
    if any(f.rule in ("length.min", "length.empty") for f in findings):
        limit = writer.channel.title.target_max() or 10_000
        return fill_minimum(writer, title, 10_000, limit)
    return drop_spans(title, findings) or " ".join(title.split()[:-1])


def headline(writer: Writer) -> str:
    """Return a short product line for captions: type, technique, motif, region."""
    parts = title_parts(writer)
    order = ("technique", "product_type", "motif", "region") if writer.en else (
        "product_type", "technique", "motif", "region")
    return join_title(writer, dedupe([(name, parts[name]) for name in order if name in parts]))
