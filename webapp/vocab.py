"""The controlled vocabularies (vocab.toml) and Indonesia's provinces, loaded once and checked.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from types import MappingProxyType
from typing import Any

from webapp.datafiles import DATE_PATTERN, ID_PATTERN, DataError, read_toml

VOCAB_TABLES = ("categories", "crafts", "techniques", "materials", "regions", "motifs",
                "styles", "dyes", "product_types", "colours", "provinces")


@dataclass(frozen=True)
class Term:
    """One entry of a controlled vocabulary, with its labels in both languages and its source."""

    id: str
    label_id: str
    label_en: str
    source: str
    checked: str
    extra: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def label(self, language: str) -> str:
        """Return the label in language ('id' or 'en')."""
        return self.label_en if language == "en" else self.label_id


@dataclass(frozen=True)
class Vocabulary:
    """The controlled vocabularies: categories, crafts, techniques, materials, regions, motifs,
    styles and dyes, and the English names of product types, colours and provinces."""

    tables: MappingProxyType

    def terms(self, table: str) -> tuple[Term, ...]:
        """Return the terms of table in file order."""
        return self.tables[table]

    def get(self, table: str, term_id: str) -> Term | None:
        """Return the term with term_id in table, or None."""
        return self.index.get(table, {}).get(term_id)

    @cached_property
    def index(self) -> dict[str, dict[str, Term]]:
        """Every table's terms by id (built on first use)."""
        return {table: {term.id: term for term in terms} for table, terms in self.tables.items()}

    def find(self, table: str, text: str) -> Term | None:
        """Return the term of table whose Indonesian label or one of whose variants is text
        (ignoring case), or None: how an owner's own word is matched to the vocabulary."""
        return self.names.get(table, {}).get(text.casefold())

    @cached_property
    def names(self) -> dict[str, dict[str, Term]]:
        """Every table's terms by their Indonesian label and variants, case-folded (the first
        term to use a name keeps it)."""
        found: dict[str, dict[str, Term]] = {}
        for table, terms in self.tables.items():
            by_name = found.setdefault(table, {})
            for term in terms:
                for name in (term.label_id, *term.extra.get("variants", ())):
                    by_name.setdefault(name.casefold(), term)
        return found

    def ids(self, table: str) -> frozenset[str]:
        """Return the ids of table."""
        return frozenset(term.id for term in self.tables[table])

    def choices(self, table: str, language: str) -> list[tuple[str, str]]:
        """Return (id, label) pairs of table for a select or checkbox list."""
        return [(term.id, term.label(language)) for term in self.tables[table]]


def build_term(table: str, raw: dict[str, Any]) -> Term:
    """Check one vocabulary entry and freeze it."""
    term_id = raw.get("id", "")
    where = f"vocab.toml [{table}] {term_id or '(no id)'}"
    if not ID_PATTERN.match(term_id):
        raise DataError(f"{where}: id must be lowercase letters, digits and _")
    label_id = raw.get("label_id") or raw.get("label")
    label_en = raw.get("label_en") or raw.get("label")
    if not (label_id and label_en):
        raise DataError(f"{where}: needs label_id and label_en (or label)")
    if not raw.get("source"):
        raise DataError(f"{where}: needs a source")
    if not DATE_PATTERN.match(str(raw.get("checked", ""))):
        raise DataError(f"{where}: checked must be a YYYY-MM-DD date")
    variants = raw.get("variants", [])
    if not (isinstance(variants, list) and all(isinstance(v, str) and v for v in variants)):
        raise DataError(f"{where}: variants must be a list of words")
    known = {"id", "label", "label_id", "label_en", "source", "checked"}
    extra = {key: value for key, value in raw.items() if key not in known}
    return Term(term_id, label_id, label_en, raw["source"], str(raw["checked"]),
                MappingProxyType(extra))


@cache
def vocabulary() -> Vocabulary:
    """Load and check webapp/data/vocab.toml once."""
    raw = read_toml("vocab.toml")
    tables = {}
    for table in VOCAB_TABLES:
        terms = tuple(build_term(table, entry) for entry in raw.get(table, []))
        ids = [term.id for term in terms]
        if len(ids) != len(set(ids)):
            raise DataError(f"vocab.toml [{table}]: duplicate ids")
        tables[table] = terms
    return Vocabulary(MappingProxyType(tables))


@cache
def provinces() -> tuple[str, ...]:
    """Return Indonesia's provinces in the order of webapp/data/provinces.toml."""
    return tuple(read_toml("provinces.toml")["provinces"])


@dataclass(frozen=True)
class Zones:
    """Indonesia's time zones: each province's IANA zone and each zone's label (WIB, WITA,
    WIT)."""

    by_province: MappingProxyType
    labels: MappingProxyType

    def of_province(self, province: str | None) -> str | None:
        """The IANA zone of a province as profiles name it, None when unknown."""
        return self.by_province.get(province or "")

    def label(self, zone: str) -> str:
        """The zone as Indonesians write it after a time (WIB, WITA, WIT), else the zone id."""
        return self.labels.get(zone, zone)


@cache
def zones() -> Zones:
    """Load and check provinces.toml's [zones]: every province in exactly one zone."""
    raw = read_toml("provinces.toml").get("zones")
    if not isinstance(raw, dict) or not raw:
        raise DataError("provinces.toml: [zones] is missing")
    by_province: dict[str, str] = {}
    labels = {}
    for zone, table in raw.items():
        if not isinstance(table, dict) or not isinstance(table.get("label"), str):
            raise DataError(f"provinces.toml zones.{zone}: needs a label")
        labels[zone] = table["label"]
        for province in table.get("provinces", []):
            if province in by_province:
                raise DataError(f"provinces.toml: {province} is in two zones")
            by_province[province] = zone
    missing = set(provinces()) - set(by_province)
    unknown = set(by_province) - set(provinces())
    if missing or unknown:
        raise DataError(f"provinces.toml zones: missing {sorted(missing)}, unknown "
                        f"{sorted(unknown)}")
    return Zones(MappingProxyType(by_province), MappingProxyType(labels))


# --- care lines: chosen from the product's own facts ----------------------------------------

CARE_KINDS = ("technique", "material")
CARE_CONDITIONS = {"techniques": "techniques", "materials": "materials", "dyes": "dyes",
                   "product_types": "product_types"}
MAX_CARE_LINES = 6
SHORT_CARE_MAX = 40  # characters: a care line's short form, for hang tags


@dataclass(frozen=True)
class CareLine:
    """One care line of a craft, in both languages, with what it is about (topic), how
    important it is (rank: 1 first), when it applies (any of the listed ids; none = always),
    its source, and its short form for hang tags (at most SHORT_CARE_MAX characters)."""

    craft: str
    text_id: str
    text_en: str
    topic: str
    rank: int
    source: str
    techniques: frozenset[str] = frozenset()
    materials: frozenset[str] = frozenset()
    dyes: frozenset[str] = frozenset()
    product_types: frozenset[str] = frozenset()
    short_id: str = ""
    short_en: str = ""

    @property
    def conditioned(self) -> bool:
        """True for a line written for some products only."""
        return bool(self.techniques or self.materials or self.dyes or self.product_types)

    def text(self, language: str) -> str:
        """The line in language ('id' or 'en')."""
        return self.text_en if language == "en" else self.text_id

    def short(self, language: str) -> str:
        """The short form, for hang tags, in language ('id' or 'en')."""
        return self.short_en if language == "en" else self.short_id

    def applies(self, technique: str, materials: frozenset[str], product_type: str) -> bool:
        """True when every condition the line names is met by the product's facts."""
        return ((not self.techniques or technique in self.techniques)
                and (not self.materials or bool(self.materials & materials))
                and (not self.dyes or bool(self.dyes & materials))
                and (not self.product_types or product_type in self.product_types))


@dataclass(frozen=True)
class CareCraft:
    """A craft's care: whether it is a technique's or a material's, the crafts whose lines it
    replaces on a shared topic (the more specific source wins), and its lines."""

    kind: str
    overrides: frozenset[str]
    lines: tuple[CareLine, ...]


@cache
def care_table() -> MappingProxyType:
    """Every craft's care, checked once, by craft id."""
    vocab = vocabulary()
    crafts = vocab.ids("crafts")
    table = {}
    for craft in vocab.terms("crafts"):
        where = f"vocab.toml [crafts] {craft.id}"
        kind = craft.extra.get("kind")
        if kind not in CARE_KINDS:
            raise DataError(f"{where}: kind must be one of {', '.join(CARE_KINDS)}")
        overrides = craft.extra.get("overrides", [])
        if not isinstance(overrides, list) or not set(overrides) <= crafts:
            raise DataError(f"{where}: overrides must list craft ids")
        lines = tuple(care_line(craft.id, raw, where, vocab)
                      for raw in craft.extra.get("care", []))
        table[craft.id] = CareCraft(kind, frozenset(overrides), lines)
    return MappingProxyType(table)


def care_line(craft: str, raw: Any, where: str, vocab: Vocabulary) -> CareLine:
    """Check one [[crafts.care]] entry."""
    if not isinstance(raw, dict):
        raise DataError(f"{where}: care entries must be tables")
    for key in ("id", "en", "topic", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise DataError(f"{where} care: needs {key}")
    if type(raw.get("rank")) is not int or raw["rank"] < 1:
        raise DataError(f"{where} care {raw['topic']}: rank must be a whole number from 1")
    conditions = {}
    for key, table in CARE_CONDITIONS.items():
        values = raw.get(key, [])
        unknown = set(values) - vocab.ids(table) if isinstance(values, list) else {"?"}
        if unknown:
            raise DataError(f"{where} care {raw['topic']}: unknown {key} {sorted(unknown)}")
        conditions[key] = frozenset(values)
    for key in ("short", "short_en"):
        check_short_care(raw.get(key), key, f"{where} care {raw['topic']}")
    return CareLine(craft, raw["id"], raw["en"], raw["topic"], raw["rank"], raw["source"],
                    **conditions, short_id=raw["short"], short_en=raw["short_en"])


def check_short_care(text: Any, key: str, where: str) -> None:
    """Refuse a care line's short form (key short or short_en) that is missing, empty or too
    long for a hang tag."""
    if not isinstance(text, str) or not text.strip():
        raise DataError(f"{where}: needs {key}")
    if len(text) > SHORT_CARE_MAX:
        raise DataError(f"{where}: {key} is {len(text)} characters, at most {SHORT_CARE_MAX}")


def care_for(vocab: Vocabulary, technique: str, materials: Iterable[str],
             product_type: str = "", limit: int = MAX_CARE_LINES) -> list[CareLine]:
    """The care lines that are true of a product, most important first.

    Only crafts the product has count: its technique's, and the material crafts of its
    materials (silk, leather, rattan, silver...); a material never brings in a technique's
    craft (cotton does not make a cloth batik, tenun and songket at once). Each topic is
    told by one craft: one that overrides the others present (vocab.toml `overrides`: silk
    over batik, songket over silk), else the material's before the technique's."""
    table = care_table()
    owned = frozenset(materials)
    crafts: list[str] = []
    term = vocab.get("techniques", technique) if technique else None
    if term is not None:
        crafts.append(term.extra.get("craft", ""))
    for material in sorted(owned):
        found = vocab.get("materials", material)
        crafts += [craft for craft in (found.extra.get("craft", []) if found else [])
                   if craft in table and table[craft].kind == "material"]
    typed = vocab.find("product_types", product_type) if product_type else None
    type_id = typed.id if typed else product_type
    by_topic: dict[str, dict[str, list[CareLine]]] = {}
    for craft in dict.fromkeys(c for c in crafts if c in table):
        for line in table[craft].lines:
            if line.applies(technique, owned, type_id):
                by_topic.setdefault(line.topic, {}).setdefault(craft, []).append(line)
    chosen: list[CareLine] = []
    for offers in by_topic.values():
        standing = [craft for craft in offers
                    if not any(craft in table[other].overrides for other in offers)]
        standing.sort(key=lambda craft: table[craft].kind != "material")
        if standing:
            lines = offers[standing[0]]
            # within a craft, a line for this very product beats the general one
            specific = [line for line in lines if line.conditioned]
            chosen += specific or lines
    chosen.sort(key=lambda line: line.rank)
    return chosen[:limit]


# --- one language at a time ----------------------------------------------------------------

LANGUAGE_WORD = re.compile(r"[^\W\d_]+")


@cache
def indonesian_words() -> frozenset[str]:
    """Words that mark a text as Indonesian (languages.toml and vocab.toml's Indonesian labels
    of colours, materials and product types), without the glossary's craft words."""
    raw = read_toml("languages.toml")
    if raw.get("schema") != 1:
        raise DataError("languages.toml: schema must be 1")
    glossary = {word.casefold() for word in raw.get("glossary", {}).get("words", [])}
    words = {word.casefold() for word in raw.get("indonesian", {}).get("words", [])}
    vocab = vocabulary()
    for table in ("colours", "materials", "product_types"):
        for term in vocab.terms(table):
            words |= {w.casefold() for w in LANGUAGE_WORD.findall(term.label_id)}
    english = {w.casefold() for table in ("colours", "materials", "product_types")
               for term in vocab.terms(table) for w in LANGUAGE_WORD.findall(term.label_en)}
    return frozenset(words - glossary - english)


def indonesian_in(text: str) -> list[str]:
    """The Indonesian words of text (craft words of the glossary aside)."""
    words = indonesian_words()
    return [word for word in LANGUAGE_WORD.findall(text) if word.casefold() in words]
