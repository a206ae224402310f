"""The controlled vocabularies (vocab.toml) and Indonesia's provinces, loaded once and checked.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
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
        return next((term for term in self.tables[table] if term.id == term_id), None)

    def find(self, table: str, text: str) -> Term | None:
        """Return the term of table whose Indonesian label or one of whose variants is text
        (ignoring case), or None: how an owner's own word is matched to the vocabulary."""
        wanted = text.casefold()
        for term in self.tables[table]:
            names = (term.label_id, *term.extra.get("variants", ()))
            if any(name.casefold() == wanted for name in names):
                return term
        return None

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
