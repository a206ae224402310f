"""Listing copy for the pages: the facts the copywriter needs, the owner's edits, and each channel's
copy with its checks.

The mapping from the ORM (a Product, a brand revision's profile) to the pure copywriter's
ProductFacts and BrandFacts lives here and only here. Generated copy is never stored: it is written
again on every request, and only the owner's own edits are kept, as ListingCopy rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from webapp.brands.service import head_revision
from webapp.db import get_session, transaction
from webapp.domain import DomainError
from webapp.formatting import dimensions
from webapp.listings.channels import Channel, load_channels
from webapp.listings.completeness import Completeness, Gap, completeness
from webapp.listings.copywriter import write_listing
from webapp.listings.detectors import text_length
from webapp.listings.facts import BrandFacts, Listing, ProductFacts
from webapp.listings.findings import Finding
from webapp.models import Brand, ChannelTemplate, ListingCopy, Product, utcnow
from webapp.vocab import vocabulary

FIELDS = ("title", "description", "bullets", "hashtags", "caption", "catalogue_text")
# Where rules.check_listing files a field's findings: the WhatsApp text is checked as a caption.
CHECKED_AS = {"catalogue_text": "caption"}
# The brand-story pieces that make a good opening for a product description, best first.
STORY_PIECES = ("product_story", "shop_short", "about_short", "tagline")
# Profile answers that tell who makes the products, for brands without a written story.
HOOK_FIELDS = ("people", "values")
TONES = ("anda", "kamu", "kak")
LANGUAGES = ("id", "en")
BULLET_MARK = re.compile(r"^\s*(?:[•·*–—-]\s+|\d{1,2}[.)]\s+)")
CARE_MARK = re.compile(r"^\s*[•·*–—-]\s*")
TEXT_MAX = 20_000


class ListingError(DomainError):
    """A listing action was refused."""

    domain = "listing"


# --- from the models to the copywriter's facts ------------------------------------------------

def product_facts(product: Product) -> ProductFacts:
    """Return what the copywriter needs to know about product; variants add their colours and
    sizes, and stand in for the price, stock and SKU when the product itself has none."""
    variants = [v for v in product.variants or [] if isinstance(v, Mapping)]
    dyes = vocabulary().ids("dyes")
    materials = [m for m in product.materials or [] if as_id(m) not in dyes]
    dye = next((as_id(m) for m in product.materials or [] if as_id(m) in dyes), None)
    variant_prices = [v["price"] for v in variants if isinstance(v.get("price"), int)]
    variant_stocks = [v["stock"] for v in variants if isinstance(v.get("stock"), int)]
    variant_skus = [v["sku"] for v in variants if isinstance(v.get("sku"), str) and v["sku"]]
    return ProductFacts(
        name=product.name or "",
        product_type=product.product_type or "",
        technique=product.technique or None,
        materials=tuple(materials),
        motif=product.motif or "",
        region=product.region or "",
        colours=distinct([*(product.colours or []), *(str(v.get("colour") or "")
                                                       for v in variants)]),
        sizes=distinct([*(product.sizes or []), *(str(v.get("size") or "") for v in variants)]),
        # In Indonesian, as owners write them ("200 x 115,5 cm"); English copy swaps the comma.
        dimensions=dimensions((product.length_cm, product.width_cm, product.height_cm), "id"),
        weight_g=product.weight_g,
        price=product.price if product.price is not None else min(variant_prices, default=None),
        stock=product.stock if product.stock is not None else (
            sum(variant_stocks) if variant_stocks else None),
        sku=product.sku or (variant_skus[0] if variant_skus else ""),
        care_notes=care_lines(product.care_notes),
        made_to_order_days=product.made_to_order_days,
        dye=dye,
        parcel_weight_g=product.parcel_weight_g,
        parcel_dimensions=(product.parcel_length_cm, product.parcel_width_cm,
                           product.parcel_height_cm),
        categories=dict(product.categories or {}),
        photo_sizes=tuple((photo.width, photo.height)
                          for photo in sorted(product.photos, key=lambda p: p.position)),
    )


@dataclass(frozen=True)
class Setup:
    """What the brand has set up for its channels: the channels whose own template the owner
    uploaded, and whether photos can have public links (PUBLIC_URL)."""

    templates: frozenset[str] = frozenset()
    photo_links: bool = False
    public_url: bool = False  # the app has a public address (a pack may still leave links out)


def setup_of(brand: Brand) -> Setup:
    """The brand's setup, for readiness."""
    from flask import current_app

    rows = get_session().scalars(select(ChannelTemplate.channel_id).where(
        ChannelTemplate.brand_id == brand.id))
    public = bool(current_app.config.get("PUBLIC_URL"))
    return Setup(frozenset(rows), public, public)


def brand_facts(profile: Mapping[str, Any]) -> BrandFacts:
    """Return what the copywriter needs from a brand revision's profile."""
    tone = profile.get("tone")
    return BrandFacts(
        name=text_of(profile.get("name")),
        city=text_of(profile.get("city")),
        province=text_of(profile.get("province")),
        story_hook=story_hook(profile, "id"),
        story_hook_en=story_hook(profile, "en"),
        tone=tone if tone in TONES else "anda",
        instagram=text_of(profile.get("instagram")),
    )


def story_hook(profile: Mapping[str, Any], language: str) -> str:
    """Return the opening of a description in language: a piece of the brand story (the product
    story first), else, in Indonesian, who makes the products in the owner's own words."""
    story = profile.get("story")
    pieces = story_pieces(story if isinstance(story, Mapping) else {}, language)
    for name in STORY_PIECES:
        text = pieces.get(name)
        if isinstance(text, str) and text.strip():
            return text.strip()
    if language != "id":
        return ""  # the profile is written in Indonesian: no Indonesian text on English channels
    return " ".join(text for text in (text_of(profile.get(name)) for name in HOOK_FIELDS) if text)


def story_pieces(story: Mapping[str, Any], language: str) -> dict[str, str]:
    """Return a saved story's pieces in language as {piece: text}. The wizard saves them by
    language ({"id": {piece: text}, "en": {...}}); a flat {piece: text} is in the story's
    language, and a piece may also be stored as {"id": text, "en": text}."""
    pieces = story.get("pieces")
    if not isinstance(pieces, Mapping):
        return {}
    if any(key in LANGUAGES and isinstance(value, Mapping) and not set(value) <= set(LANGUAGES)
           for key, value in pieces.items()):
        chosen = pieces.get(language)
        chosen = chosen if isinstance(chosen, Mapping) else {}
        return {name: text for name, text in chosen.items() if isinstance(text, str)}
    written_in = story.get("language") if story.get("language") in LANGUAGES else "id"
    found = {}
    for name, value in pieces.items():
        if isinstance(value, str) and written_in == language:
            found[name] = value
        elif isinstance(value, Mapping) and isinstance(value.get(language), str):
            found[name] = value[language]
    return found


def care_lines(text: str | None) -> tuple[str, ...]:
    """Return care notes as lines, without the list marks the product form writes."""
    lines = (CARE_MARK.sub("", line).strip() for line in (text or "").splitlines())
    return tuple(line for line in lines if line)


def as_id(value: str) -> str:
    """Return a material as a vocabulary-style id ('Pewarna alam' -> 'pewarna_alam')."""
    return re.sub(r"[\s-]+", "_", value.strip().casefold())


def text_of(value: Any) -> str:
    """Return value if it is text, else ''."""
    return value.strip() if isinstance(value, str) else ""


def distinct(values: Iterable[str]) -> tuple[str, ...]:
    """Return the non-empty values once each, first spelling kept, ignoring case."""
    seen: dict[str, str] = {}
    for value in values:
        value = value.strip()
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return tuple(seen.values())


# --- the fields of a channel --------------------------------------------------------------------

def fields_of(channel: Channel) -> tuple[str, ...]:
    """Return the fields a channel's listing has, in page order."""
    present = {
        "title": channel.title is not None,
        "description": channel.description is not None,
        "bullets": channel.bullets is not None,
        "hashtags": channel.hashtags is not None,
        "caption": channel.caption is not None and channel.kind == "social",
        "catalogue_text": channel.caption is not None and channel.kind == "messaging",
    }
    return tuple(name for name in FIELDS if present[name])


def char_limit(channel: Channel, field: str) -> int | None:
    """Return the hard character limit of a field, the one its live counter shows."""
    rules = {"title": channel.title, "description": channel.description,
             "caption": channel.caption, "catalogue_text": channel.caption}.get(field)
    return rules.value("max") if rules is not None else None


def languages_of(channel: Channel) -> tuple[str, ...]:
    """Return the languages a channel's copy can be written in, the default first: Instagram
    followers may read Indonesian, English or both."""
    if channel.kind == "social" and channel.caption is not None:
        return (channel.language, *(lang for lang in ("en", "both") if lang != channel.language))
    return (channel.language,)


def tag_style(channel: Channel) -> str:
    """Return how a channel takes tags: '#hashtags' or comma-separated Etsy tags."""
    return channel.hashtags.style if channel.hashtags is not None else "hashtag"


def parse_hashtags(text: str, style: str) -> tuple[str, ...]:
    """Read the tags an owner typed: comma-separated phrases for Etsy, else #words (a missing #
    is added)."""
    if style == "tags":
        return tuple(tag for tag in (" ".join(t.split()) for t in re.split(r"[,\n]", text)) if tag)
    words = (word.strip(",;") for word in text.split())
    return tuple(word if word.startswith("#") else f"#{word}"
                 for word in words if word.strip("#"))


def parse_bullets(text: str) -> tuple[str, ...]:
    """Read bullet points, one a line, without the marks an owner may type in front."""
    lines = (BULLET_MARK.sub("", line).strip() for line in text.splitlines())
    return tuple(line for line in lines if line)


def field_text(listing: Listing, field: str, style: str = "hashtag") -> str:
    """Return a listing field as the text the owner sees and edits."""
    if field == "bullets":
        return "\n".join(listing.bullets)
    if field == "hashtags":
        return (", " if style == "tags" else " ").join(listing.hashtags)
    return getattr(listing, field)


def normalise(field: str, text: str) -> str:
    """Return typed text with browser line endings unified; a title stays on one line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if field == "title":
        text = " ".join(text.split("\n"))
    return text.strip()


def same_text(field: str, a: str, b: str, style: str) -> bool:
    """True when two versions of a field say the same thing (tags and bullets as lists)."""
    if field == "hashtags":
        return parse_hashtags(a, style) == parse_hashtags(b, style)
    if field == "bullets":
        return parse_bullets(a) == parse_bullets(b)
    return normalise(field, a) == normalise(field, b)


def with_edits(listing: Listing, edits: Mapping[str, str], channel: Channel) -> Listing:
    """Return listing with the owner's edited fields in place of the written ones."""
    changes: dict[str, Any] = {}
    for field, text in edits.items():
        if field == "hashtags":
            changes[field] = parse_hashtags(text, tag_style(channel))
        elif field == "bullets":
            changes[field] = parse_bullets(text)
        elif field in FIELDS:
            changes[field] = text
    return replace(listing, **changes)


# --- one channel's copy -------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldCopy:
    """One field of a channel's listing as the page shows it."""

    name: str
    text: str
    generated: str
    edited: bool
    limit: int | None
    findings: tuple[Finding, ...]
    gap: Gap | None
    language: str

    @property
    def length(self) -> int:
        """The length as the channels count it (and the live counter does)."""
        return text_length(self.text)

    @property
    def over(self) -> bool:
        """True when the text is longer than the channel's hard limit."""
        return self.limit is not None and self.length > self.limit

    def grouped_findings(self) -> list[tuple[Finding, int]]:
        """Return each distinct finding once with how often it occurs (the same word twice is
        one thing to fix)."""
        counts: dict[tuple, list] = {}
        for finding in self.findings:
            key = (finding.severity, finding.rule, finding.code,
                   tuple(sorted((k, str(v)) for k, v in finding.params.items())))
            counts.setdefault(key, [finding, 0])[1] += 1
        return [(finding, count) for finding, count in counts.values()]

    @property
    def light(self) -> str:
        """'red' when something blocks the field, 'amber' for advice only, else 'green'."""
        severities = {finding.severity for finding in self.findings}
        if self.gap is not None:
            severities.add(self.gap.severity)
        return "red" if "block" in severities else "amber" if severities else "green"


@dataclass(frozen=True)
class ChannelCopy:
    """A channel's listing for one product: the copy with the owner's edits, and its checks."""

    channel: Channel
    language: str
    listing: Listing
    fields: tuple[FieldCopy, ...]
    readiness: Completeness

    def field(self, name: str) -> FieldCopy | None:
        """Return the field called name, or None."""
        return next((field for field in self.fields if field.name == name), None)


def channel_copy(brand: Brand, product: Product, channel: Channel, language: str | None = None,
                 edits: Mapping[str, str] | None = None) -> ChannelCopy:
    """Write channel's copy for product, put in the owner's edits and check the result."""
    edits = load_edits(product.id)[channel.id] if edits is None else edits
    facts = (product_facts(product), brand_facts(head_revision(brand).profile),
             len(product.photos))
    return copy_for(channel, facts, language, edits, setup_of(brand))


def all_channel_copies(brand: Brand, product: Product) -> list[ChannelCopy]:
    """Return every channel's copy for product, in channel order."""
    edits = load_edits(product.id)
    facts = (product_facts(product), brand_facts(head_revision(brand).profile),
             len(product.photos))
    setup = setup_of(brand)
    return [copy_for(channel, facts, None, edits[channel.id], setup)
            for channel in load_channels()]


def copy_for(channel: Channel, facts: tuple[ProductFacts, BrandFacts, int],
             language: str | None, edits: Mapping[str, str],
             setup: Setup = Setup()) -> ChannelCopy:
    """Write one channel's copy from the facts (product, brand, photo count) with the edits,
    and check it with what the brand has set up for the channel."""
    product_in, brand_in, photo_count = facts
    language = language if language in languages_of(channel) else channel.language
    style = tag_style(channel)
    hashtags = parse_hashtags(edits["hashtags"], style) if "hashtags" in edits else None
    generated = write_listing(product_in, brand_in, channel, language=language,
                              title=edits.get("title"), hashtags=hashtags)
    listing = with_edits(generated, edits, channel)
    readiness = completeness(channel, listing, product=product_in, brand=brand_in,
                             photo_count=photo_count,
                             has_template=channel.id in setup.templates,
                             photo_links=setup.photo_links, public_url=setup.public_url)
    fields = []
    for name in fields_of(channel):
        checked = CHECKED_AS.get(name, name)
        gap = next((gap for gap in readiness.missing
                    if gap.field == checked and gap.code == "missing_field"), None)
        fields.append(FieldCopy(
            name=name, text=field_text(listing, name, style),
            generated=field_text(generated, name, style), edited=name in edits,
            limit=char_limit(channel, name), findings=tuple(readiness.findings.get(checked, ())),
            gap=gap, language="" if language == "both" else language))
    return ChannelCopy(channel, language, listing, tuple(fields), readiness)


def load_edits(product_id: int) -> dict[str, dict[str, str]]:
    """Return the owner's edits of a product's listings: {channel id: {field: text}}."""
    edits: dict[str, dict[str, str]] = {channel.id: {} for channel in load_channels()}
    rows = get_session().scalars(select(ListingCopy).where(ListingCopy.product_id == product_id))
    for row in rows:
        edits.setdefault(row.channel_id, {})[row.field] = row.text
    return edits


# --- the owner's edits ---------------------------------------------------------------------------

def save_copy(brand: Brand, product: Product, channel: Channel, field: str, text: str,
              language: str | None = None) -> str:
    """Keep the owner's text for one field, whatever its length (the checker flags it, nothing is
    cut); text that reads the same as the written copy removes the edit instead. Returns 'saved',
    'generated' (no edit kept) or 'unchanged'."""
    if field not in fields_of(channel):
        raise ListingError("unknown_field")
    text = normalise(field, text)
    if len(text) > TEXT_MAX:
        raise ListingError("too_long_to_store", limit=TEXT_MAX)
    edits = load_edits(product.id)[channel.id]
    if edits.get(field) == text:
        return "unchanged"
    generated = channel_copy(brand, product, channel, language, edits).field(field).generated
    with transaction() as session:
        row = session.scalar(select(ListingCopy).where(
            ListingCopy.product_id == product.id, ListingCopy.channel_id == channel.id,
            ListingCopy.field == field))
        if same_text(field, generated, text, tag_style(channel)):
            if row is None:
                return "unchanged"
            session.delete(row)
            return "generated"
        if row is None:
            session.add(ListingCopy(product_id=product.id, channel_id=channel.id, field=field,
                                    text=text))
        else:
            row.text = text
            row.updated_at = utcnow()
    return "saved"


def reset_copy(product: Product, channel: Channel, field: str) -> bool:
    """Remove the owner's edit of one field so the written copy shows again; True if one went."""
    if field not in fields_of(channel):
        raise ListingError("unknown_field")
    with transaction() as session:
        row = session.scalar(select(ListingCopy).where(
            ListingCopy.product_id == product.id, ListingCopy.channel_id == channel.id,
            ListingCopy.field == field))
        if row is None:
            return False
        session.delete(row)
    return True
