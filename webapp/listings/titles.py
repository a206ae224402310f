"""Titles: the channel's pattern of parts (brand, product type, technique, motif, material,
region, size...) in order, each word said once, fitted to the limit by dropping the parts that
matter least, and a short headline for captions.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from webapp.listings.cleaning import honest, title_case, title_safe
from webapp.listings.detectors import STOPWORDS, WORD, text_length
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
        "name": writer.in_language(writer.owner(writer.product.name, "title", PART_MAX)),
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


@dataclass(frozen=True)
class Title:
    """A written title and the parts added to the owner's own title (empty when the title was
    built from parts because the owner's cannot serve)."""

    text: str
    added: tuple[str, ...] = ()


def write_title(writer: Writer) -> Title:
    """Write the title. In the owner's language, the owner's own product name is the core, kept
    as written, and only the searched attributes it lacks are added, each once and only while
    the title stays within the channel's recommended length; otherwise (English channels, no
    usable name) the title is built from the parts in the channel's pattern."""
    rules = writer.channel.title
    if rules is None:
        return Title("")
    if not writer.en:
        grown = grow_title(writer)
        if grown is not None:
            return grown
    return Title(built_title(writer))


#: Words that join parts rather than carry a search term.
CONNECTORS = frozenset({"khas", "motif", "dari", "dan", "untuk", "dengan", "x", "cm"})


def significant(text: str) -> set[str]:
    """The words of text a buyer would search by (no joining words), case-folded."""
    return {word.casefold() for word in WORD.findall(text)
            if word.casefold() not in STOPWORDS | CONNECTORS}


def said_once(text: str) -> str:
    """The owner's words in their order and case, a word repeated later left out ("Kain Kain
    Tenun" -> "Kain Tenun"); joining words may recur."""
    seen: set[str] = set()
    kept = []
    for word in text.split():
        key = "".join(WORD.findall(word)).casefold()
        if key and key not in STOPWORDS and key in seen:
            continue
        seen.add(key)
        kept.append(word)
    return " ".join(kept)


def without_said(part: str, title: str) -> str:
    """A part without its joining words the title already holds ("Motif", "Khas")."""
    said = {word.casefold() for word in WORD.findall(title)}
    return " ".join(word for word in part.split()
                    if "".join(WORD.findall(word)).casefold() not in said & CONNECTORS)


def grow_title(writer: Writer) -> Title | None:
    """The owner's title with what buyers search for and it lacks, in the channel's pattern
    order; None when the owner's title cannot serve (empty, or longer than the limit)."""
    rules = writer.channel.title
    limit = rules.target_max() or 10_000
    core = said_once(title_safe(writer.owner(writer.product.name, "title", limit)))
    if not WORD.search(core) or text_length(core) > limit:
        return None
    pattern = rules.value("pattern", DEFAULT_PATTERN)
    parts = title_parts(writer)
    words = significant(core)  # the brand's words are a name: they never stop a part
    title, added = core, []
    for name in pattern:
        text = parts.get(name, "") if name == "brand" else said_once(parts.get(name, ""))
        if name == "brand":
            if not text or text.casefold() in title.casefold():
                continue
        elif name == "name" or not significant(text) or significant(text) & words:
            continue
        else:
            text = without_said(text, title)  # "Motif" said once
        trial = f"{text} {title}" if name == "brand" and pattern[0] == "brand" else (
            f"{title} {text}")
        if text_length(trial) > limit:
            continue
        title = trial
        words |= significant(text) if name != "brand" else set()
        added.append(text)
    title = writer.settle("title", title, partial(shrink_title, writer))
    return Title(title, tuple(part for part in added if part in title))


def built_title(writer: Writer) -> str:
    """The title built from the pattern's parts: each word once, fitted by dropping parts."""
    rules = writer.channel.title
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
