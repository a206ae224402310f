"""Sales channels: webapp/data/channels.toml loaded once into frozen, validated dataclasses.

Every figure keeps its provenance (source URL, checked date, confidence) so the rule checker can
cite it and the listing page can say how sure it is. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any

from webapp.datafiles import DataError, read_toml
from webapp.photos.presets import FITS, Preset

DATA_FILE = "channels.toml"
CONFIDENCES = ("official", "third_party", "unverified")
KINDS = ("marketplace", "social", "messaging")
LANGUAGES = ("id", "en")
TITLE_PARTS = ("brand", "product_type", "technique", "motif", "material", "region", "size",
               "colour", "name")
RULES = ("contact_details", "links", "off_platform_payment", "other_marketplaces",
         "promo_words_in_title",
         "symbols_in_title", "emoji_in_title", "all_caps_title", "description_same_as_title")
RULE_VALUES = ("block", "advice", "allow")
IMAGE_FORMATS = ("jpeg", "png")
HASHTAG_STYLES = ("hashtag", "tags")
TEXT_FORMATS = ("plain_text",)
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
PROVENANCE_KEYS = ("source", "checked", "confidence", "note")
CHANNEL_KEYS = frozenset({"id", "name", "kind", "language", "aliases", "title", "description",
                          "caption", "hashtags", "images", "bullets", "listing", "rules",
                          "presets"})
SECTIONS = ("title", "description", "caption", "hashtags", "images", "bullets", "listing")


class ChannelDataError(DataError):
    """channels.toml is malformed; the message names the channel and the field."""


class UnknownChannelError(LookupError):
    """No channel has the requested id."""

    def __init__(self, channel_id: str) -> None:
        known = ", ".join(channel.id for channel in load_channels())
        super().__init__(f"unknown channel {channel_id!r}; known channels: {known}")
        self.channel_id = channel_id


@dataclass(frozen=True)
class Source:
    """Where a figure comes from, when it was checked and how sure it is."""

    url: str
    checked: str
    confidence: str
    note: str = ""

    @property
    def verified(self) -> bool:
        """True unless the figure is a conservative guess nobody published."""
        return self.confidence != "unverified"

    def to_dict(self) -> dict[str, str]:
        """Return the source as JSON-ready data."""
        data = {"source": self.url, "checked": self.checked, "confidence": self.confidence}
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class Fact:
    """One figure of a channel with its source."""

    value: Any
    source: Source

    def to_dict(self) -> dict[str, Any]:
        """Return the figure and its provenance as JSON-ready data."""
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"value": value, **self.source.to_dict()}


@dataclass(frozen=True)
class TextRules:
    """Limits of one text field (title, description or caption); absent figures are None."""

    min: Fact | None = None
    max: Fact | None = None
    recommended_min: Fact | None = None
    recommended_max: Fact | None = None
    min_words: Fact | None = None
    pattern: Fact | None = None
    banned_chars: Fact | None = None
    max_word_repeats: Fact | None = None
    format: Fact | None = None
    line_breaks: Fact | None = None

    def value(self, name: str, default: Any = None) -> Any:
        """Return the value of figure name, or default when the channel gives none."""
        fact = getattr(self, name)
        return default if fact is None else fact.value

    def target_max(self) -> int | None:
        """Return the length a writer should aim under: the recommended maximum, else the max."""
        limits = [fact.value for fact in (self.max, self.recommended_max) if fact is not None]
        return min(limits) if limits else None


@dataclass(frozen=True)
class HashtagRules:
    """How many hashtags (or Etsy tags) a listing may carry."""

    style: str = "hashtag"
    max: Fact | None = None
    recommended_max: Fact | None = None
    max_chars_each: Fact | None = None

    def target_max(self) -> int:
        """Return how many tags a writer should produce."""
        limits = [fact.value for fact in (self.max, self.recommended_max) if fact is not None]
        return min(limits) if limits else 0


@dataclass(frozen=True)
class ImageRules:
    """How many photos a listing needs and takes."""

    min: Fact | None = None
    max: Fact | None = None
    recommended_min: Fact | None = None


@dataclass(frozen=True)
class BulletRules:
    """Bullet points (Amazon's key product features)."""

    max_count: Fact | None = None
    max_chars: Fact | None = None


@dataclass(frozen=True)
class ListingRules:
    """What a listing on the channel needs besides its text and photos (each with its source):
    category ("required", "channel_recommends": blank lets the channel choose, "none"),
    parcel_weight and parcel_dimensions ("required", "all_or_none", "optional"), and
    photo_links ("required": its upload file takes photos only as public links)."""

    category: Fact | None = None
    parcel_weight: Fact | None = None
    parcel_dimensions: Fact | None = None
    photo_links: Fact | None = None

    def value(self, name: str, default: str = "optional") -> str:
        """Return a need's value, or default when the channel does not state it."""
        fact = getattr(self, name)
        return fact.value if fact is not None else default


@dataclass(frozen=True)
class Channel:
    """One sales channel: its copy rules, content rules and image presets."""

    id: str
    name: str
    kind: str
    language: str
    aliases: tuple[str, ...] = ()
    title: TextRules | None = None
    description: TextRules | None = None
    caption: TextRules | None = None
    hashtags: HashtagRules | None = None
    images: ImageRules | None = None
    bullets: BulletRules | None = None
    listing: ListingRules = field(default_factory=ListingRules)
    rules: Mapping[str, Fact] = field(default_factory=dict, hash=False, compare=False)
    presets: tuple[Preset, ...] = ()
    #: For each preset name, where each of its values comes from (field name -> Source).
    preset_sources: Mapping[str, Mapping[str, Source]] = field(
        default_factory=dict, hash=False, compare=False)

    def rule(self, name: str) -> Fact | None:
        """Return the content rule name ('block', 'advice' or 'allow' with its source)."""
        return self.rules.get(name)

    def preset(self, name: str) -> Preset | None:
        """Return the image preset called name, or None."""
        return next((preset for preset in self.presets if preset.name == name), None)

    def facts(self) -> Iterator[tuple[str, Fact]]:
        """Yield (dotted path, fact) for every figure of the channel, presets included."""
        for section in SECTIONS:
            rules = getattr(self, section)
            if rules is None:
                continue
            for name, value in vars(rules).items():
                if isinstance(value, Fact):
                    yield f"{section}.{name}", value
        for name, fact in self.rules.items():
            yield f"rules.{name}", fact
        for preset in self.presets:
            for name, fact in self.preset_facts(preset).items():
                yield f"presets.{preset.name}.{name}", fact

    def preset_facts(self, preset: Preset) -> dict[str, Fact]:
        """Return each sourced value of one of this channel's presets, by field name."""
        sources = self.preset_sources.get(preset.name, {})
        return {name: Fact(getattr(preset, name), source) for name, source in sources.items()}

    def to_dict(self) -> dict[str, Any]:
        """Return the whole channel as JSON-ready data."""
        data: dict[str, Any] = {"id": self.id, "name": self.name, "kind": self.kind,
                                "language": self.language, "aliases": list(self.aliases)}
        for section in SECTIONS:
            rules = getattr(self, section)
            if rules is None:
                continue
            data[section] = {name: value.to_dict() if isinstance(value, Fact) else value
                             for name, value in vars(rules).items() if value is not None}
        data["rules"] = {name: fact.to_dict() for name, fact in self.rules.items()}
        data["presets"] = [
            {"name": preset.name, **{name: fact.to_dict()
                                     for name, fact in self.preset_facts(preset).items()}}
            for preset in self.presets]
        return data


# --- loading and validation -------------------------------------------------------------------

def read_source(raw: Mapping[str, Any], where: str) -> Source:
    """Check the provenance keys of raw and return them as a Source."""
    url = raw.get("source")
    if not isinstance(url, str) or not re.match(r"^https?://\S+$", url):
        raise ChannelDataError(f"{where}: source must be the http(s) URL the figure comes from")
    checked = raw.get("checked")
    try:
        date.fromisoformat(str(checked))
    except ValueError:
        raise ChannelDataError(f"{where}: checked must be a YYYY-MM-DD date") from None
    confidence = raw.get("confidence")
    if confidence not in CONFIDENCES:
        raise ChannelDataError(f"{where}: confidence must be one of {', '.join(CONFIDENCES)}")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise ChannelDataError(f"{where}: note must be text")
    return Source(url, str(checked), confidence, note)


def read_fact(raw: Any, where: str, check, inherited: Source | None = None) -> Fact:
    """Return raw as a Fact: an inline table with its provenance, or a plain inherited value."""
    if isinstance(raw, dict):
        unknown = set(raw) - {"value", *PROVENANCE_KEYS}
        if unknown:
            raise ChannelDataError(f"{where}: unknown key {sorted(unknown)[0]!r}")
        if "value" not in raw:
            raise ChannelDataError(f"{where}: needs a value")
        value, source = raw["value"], read_source(raw, where)
    elif inherited is not None:
        value, source = raw, inherited
    else:
        raise ChannelDataError(
            f"{where}: write {{ value = ..., source = ..., checked = ..., confidence = ... }}")
    problem = check(value)
    if problem:
        raise ChannelDataError(f"{where}: {problem}")
    return Fact(tuple(value) if isinstance(value, list) else value, source)


def whole(low: int = 0, high: int = 1_000_000):
    """Return a check for an integer between low and high."""
    def check(value: Any) -> str | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return None if ok else f"must be a whole number from {low} to {high}"
    return check


def one_of(choices: tuple[str, ...]):
    """Return a check for one of choices."""
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"
    return check


def is_bool(value: Any) -> str | None:
    """Check for true/false."""
    return None if isinstance(value, bool) else "must be true or false"


def is_text(value: Any) -> str | None:
    """Check for a string."""
    return None if isinstance(value, str) else "must be text"


def is_pattern(value: Any) -> str | None:
    """Check a title pattern: a non-empty list of known parts, each once."""
    if not isinstance(value, list) or not value:
        return "must be a list of title parts"
    unknown = [part for part in value if part not in TITLE_PARTS]
    if unknown:
        return f"unknown title part {unknown[0]!r}; parts are {', '.join(TITLE_PARTS)}"
    if len(set(value)) != len(value):
        return "lists a title part twice"
    return None


def is_fill(value: Any) -> str | None:
    """Check a product fill share from 0 to 1."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1
    return None if ok else "must be a number from 0 to 1"


def is_background(value: Any) -> str | None:
    """Check a background: #RRGGBB or 'owner'."""
    ok = value == "owner" or (isinstance(value, str) and HEX_COLOUR.match(value))
    return None if ok else "must be '#RRGGBB' or 'owner'"


def is_size_pair(value: Any) -> str | None:
    """Check a [width, height] pair of pixel counts."""
    ok = (isinstance(value, list) and len(value) == 2
          and all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= 20000
                  for n in value))
    return None if ok else "must be [width, height] in pixels"


TEXT_CHECKS = {
    "min": whole(0, 100_000), "max": whole(1, 100_000), "recommended_min": whole(0, 100_000),
    "recommended_max": whole(1, 100_000), "min_words": whole(0, 10_000), "pattern": is_pattern,
    "banned_chars": is_text, "max_word_repeats": whole(1, 100), "format": one_of(TEXT_FORMATS),
    "line_breaks": is_bool,
}
HASHTAG_CHECKS = {"max": whole(0, 100), "recommended_max": whole(0, 100),
                  "max_chars_each": whole(1, 1000)}
IMAGE_CHECKS = {"min": whole(0, 100), "max": whole(1, 100), "recommended_min": whole(0, 100)}
BULLET_CHECKS = {"max_count": whole(1, 100), "max_chars": whole(1, 10_000)}
NEEDS = ("required", "all_or_none", "optional")
LISTING_CHECKS = {"category": one_of(("required", "channel_recommends", "none")),
                  "parcel_weight": one_of(NEEDS), "parcel_dimensions": one_of(NEEDS),
                  "photo_links": one_of(("required", "optional"))}
PRESET_CHECKS = {
    "width": whole(1, 10_000), "height": whole(1, 10_000), "fit": one_of(FITS),
    "background": is_background, "min_fill": is_fill, "format": one_of(IMAGE_FORMATS),
    "max_bytes": whole(1, 100 * 1024 * 1024), "min_source": is_size_pair,
    "watermark_allowed": is_bool,
}


def read_section(raw: Any, where: str, checks: dict, extra: dict | None = None) -> dict[str, Any]:
    """Check a section table (title, images...) and return its facts by name."""
    if not isinstance(raw, dict):
        raise ChannelDataError(f"{where}: must be a table")
    extra = extra or {}
    unknown = set(raw) - set(checks) - set(extra)
    if unknown:
        raise ChannelDataError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if name in extra:
            problem = extra[name](value)
            if problem:
                raise ChannelDataError(f"{where}.{name}: {problem}")
            values[name] = value
        else:
            values[name] = read_fact(value, f"{where}.{name}", checks[name])
    return values


def read_text_rules(raw: Any, where: str) -> TextRules:
    """Check a title, description or caption section."""
    rules = TextRules(**read_section(raw, where, TEXT_CHECKS))
    low = rules.value("min", 0)
    high = rules.value("max")
    if high is not None and low > high:
        raise ChannelDataError(f"{where}.min: is larger than max")
    return rules


def read_preset(raw: Any, where: str) -> tuple[Preset, Mapping[str, Source]]:
    """Check one image preset and parse it into the pipeline's Preset, with each value's source.

    Plain values take the preset's own source. The pipeline reads the file's words its own way:
    background "owner" is the owner's per-photo choice ("keep"), "jpeg" is "JPEG", min_fill 0 is
    no rule and only a padded preset may have one.
    """
    if not isinstance(raw, dict):
        raise ChannelDataError(f"{where}: must be a table")
    name = raw.get("name")
    if not isinstance(name, str) or not ID_PATTERN.match(name):
        raise ChannelDataError(f"{where}: name must be lowercase letters, digits and _")
    where = f"{where.rsplit('[', 1)[0]}[{name}]"
    unknown = set(raw) - set(PRESET_CHECKS) - {"name", *PROVENANCE_KEYS}
    if unknown:
        raise ChannelDataError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    inherited = read_source(raw, where) if "source" in raw else None
    values: dict[str, Any] = {"name": name}
    sources: dict[str, Source] = {}
    for key, check in PRESET_CHECKS.items():
        if key not in raw:
            raise ChannelDataError(f"{where}.{key}: missing")
        fact = read_fact(raw[key], f"{where}.{key}", check, inherited)
        values[key], sources[key] = fact.value, fact.source
    values["min_fill"] = float(values["min_fill"])
    try:
        preset = Preset.from_dict(values)
    except ValueError as error:  # what only the values together rule out, e.g. fill on cover
        raise ChannelDataError(f"{where}: {error}") from None
    return preset, MappingProxyType(sources)


def read_channel(raw: Any, index: int) -> Channel:
    """Check one [[channels]] entry and freeze it."""
    channel_id, where = read_identity(raw, index)
    sections, rules = read_sections(raw, where), read_rules(raw, where)
    presets, preset_sources = read_presets(raw, where)
    return Channel(id=channel_id, name=raw["name"].strip(), kind=raw["kind"],
                   language=raw["language"],
                   aliases=tuple(a.casefold() for a in raw.get("aliases", [])),
                   rules=MappingProxyType(rules), presets=presets,
                   preset_sources=MappingProxyType(preset_sources), **sections)


def read_identity(raw: Any, index: int) -> tuple[str, str]:
    """Check a channel's id, name, kind, language and aliases; return its id and where it is."""
    if not isinstance(raw, dict):
        raise ChannelDataError(f"{DATA_FILE} channel #{index + 1}: must be a table")
    channel_id = raw.get("id")
    if not isinstance(channel_id, str) or not ID_PATTERN.match(channel_id):
        raise ChannelDataError(f"{DATA_FILE} channel #{index + 1}: id must be lowercase letters, "
                               "digits and _")
    where = f"{DATA_FILE} [{channel_id}]"
    unknown = set(raw) - CHANNEL_KEYS
    if unknown:
        raise ChannelDataError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    if not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise ChannelDataError(f"{where}.name: missing")
    for key, choices in (("kind", KINDS), ("language", LANGUAGES)):
        problem = one_of(choices)(raw.get(key))
        if problem:
            raise ChannelDataError(f"{where}.{key}: {problem}")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ChannelDataError(f"{where}.aliases: must be a list of names")
    return channel_id, where


def read_sections(raw: dict[str, Any], where: str) -> dict[str, Any]:
    """Check a channel's text, hashtag, image and bullet sections; return those it has."""
    sections: dict[str, Any] = {}
    for name in ("title", "description", "caption"):
        if name in raw:
            sections[name] = read_text_rules(raw[name], f"{where}.{name}")
    if "hashtags" in raw:
        style = {"style": one_of(HASHTAG_STYLES)}
        sections["hashtags"] = HashtagRules(**read_section(raw["hashtags"], f"{where}.hashtags",
                                                           HASHTAG_CHECKS, style))
    if "images" in raw:
        sections["images"] = ImageRules(**read_section(raw["images"], f"{where}.images",
                                                       IMAGE_CHECKS))
    if "bullets" in raw:
        sections["bullets"] = BulletRules(**read_section(raw["bullets"], f"{where}.bullets",
                                                         BULLET_CHECKS))
    if "listing" in raw:
        sections["listing"] = ListingRules(**read_section(raw["listing"], f"{where}.listing",
                                                          LISTING_CHECKS))
    return sections


def read_rules(raw: dict[str, Any], where: str) -> dict[str, Fact]:
    """Check a channel's content rules (block, advice or allow, each with its source)."""
    rule_checks = dict.fromkeys(RULES, one_of(RULE_VALUES))
    return read_section(raw.get("rules", {}), f"{where}.rules", rule_checks)


def read_presets(raw: dict[str, Any],
                 where: str) -> tuple[tuple[Preset, ...], dict[str, Mapping[str, Source]]]:
    """Check a channel's image presets; return them in file order and their sources by name."""
    presets_raw = raw.get("presets", [])
    if not isinstance(presets_raw, list) or not presets_raw:
        raise ChannelDataError(f"{where}.presets: needs at least one [[channels.presets]]")
    read = [read_preset(p, f"{where}.presets[{i}]") for i, p in enumerate(presets_raw)]
    presets = tuple(preset for preset, _sources in read)
    names = [preset.name for preset in presets]
    if len(set(names)) != len(names):
        raise ChannelDataError(f"{where}.presets: two presets share a name")
    main = presets[0]
    if raw["kind"] == "marketplace" and main.watermark_allowed:
        raise ChannelDataError(f"{where}.presets[{main.name}].watermark_allowed: a marketplace's "
                               "main image never allows a watermark")
    return presets, {preset.name: sources for preset, sources in read}


def parse_channels(raw: Mapping[str, Any]) -> tuple[Channel, ...]:
    """Check parsed channels.toml data and return its channels in file order."""
    entries = raw.get("channels")
    if not isinstance(entries, list) or not entries:
        raise ChannelDataError(f"{DATA_FILE}: needs at least one [[channels]] entry")
    channels = tuple(read_channel(entry, index) for index, entry in enumerate(entries))
    ids = [channel.id for channel in channels]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ChannelDataError(f"{DATA_FILE} [{duplicates[0]}]: the id is used twice")
    return channels


def read_channels_file() -> dict[str, Any]:
    """Parse webapp/data/channels.toml."""
    return read_toml(DATA_FILE)


@cache
def load_channels() -> tuple[Channel, ...]:
    """Load and check webapp/data/channels.toml once; channels come in file order."""
    return parse_channels(read_channels_file())


def get_channel(channel_id: str) -> Channel:
    """Return the channel with channel_id, or raise UnknownChannelError."""
    for channel in load_channels():
        if channel.id == channel_id:
            return channel
    raise UnknownChannelError(channel_id)


def channel_ids() -> tuple[str, ...]:
    """Return the ids of every channel in file order."""
    return tuple(channel.id for channel in load_channels())


def channel_choices() -> list[tuple[str, str]]:
    """(id, name) of every channel, for a checkbox list; names are brand names in every
    language."""
    return [(channel.id, channel.name) for channel in load_channels()]


def channel_label(channel_id: str) -> str:
    """A channel's name (its id when it is no longer listed)."""
    return next((channel.name for channel in load_channels() if channel.id == channel_id),
                channel_id)
