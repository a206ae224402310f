"""How ready a listing is for one channel: a score from 0 to 100, what is missing or failing, and a
traffic light (green: nothing; amber: advice only; red: something blocks).

Every field the channel uses, the photo count, each photo's size against the channel's smallest,
and, on marketplaces, the product's price, stock and SKU, the parcel's weight and size and the
channel's own category (as the channel's data says it needs them) each count as one item; an item
with only advice earns half. A channel whose upload file takes photos as public links is blocked
without them. Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from webapp.listings.channels import Channel
from webapp.listings.checker import blocking, check_listing
from webapp.listings.facts import BrandFacts, Listing, ProductFacts
from webapp.listings.findings import FIXES, MESSAGES, Finding, render

# What a marketplace needs from the product form: (attribute, message code, severity).
PRODUCT_NEEDS = (("price", "missing_price", "block"), ("stock", "missing_stock", "advice"),
                 ("sku", "missing_sku", "advice"))


@dataclass(frozen=True)
class Gap:
    """Something missing or failing for a channel, with what to do about it."""

    field: str
    code: str
    severity: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    fix: str = ""

    def message(self, language: str = "id") -> str:
        """Return what is missing or failing, in language ('id' or 'en')."""
        return render(MESSAGES, self.code, language, {"field": self.field, **self.params})

    def fix_message(self, language: str = "id") -> str:
        """Return how to fix it, in language ('id' or 'en'); '' when there is no fix."""
        return render(FIXES, self.fix, language, self.params) if self.fix else ""


@dataclass(frozen=True)
class Completeness:
    """A listing's readiness for one channel: a score, what is missing, and a traffic light."""

    score: int
    missing: tuple[Gap, ...]
    light: str
    findings: Mapping[str, list[Finding]] = field(default_factory=dict, hash=False)


class Tally:
    """The items counted so far: how many, how much they earned, and the gaps among them."""

    def __init__(self) -> None:
        """Start with nothing counted."""
        self.total = 0.0
        self.earned = 0.0
        self.gaps: list[Gap] = []

    def item(self, ok: bool, gap: Gap | None) -> None:
        """Count one item: a full point when ok, half for a gap that is only advice."""
        self.total += 1
        if ok:
            self.earned += 1
        elif gap is not None:
            self.gaps.append(gap)
            self.earned += 0.5 if gap.severity == "advice" else 0

    def result(self, findings: Mapping[str, list[Finding]]) -> Completeness:
        """Return the score, the gaps and the light."""
        score = round(100 * self.earned / self.total) if self.total else 100
        light = ("red" if any(gap.severity == "block" for gap in self.gaps)
                 else "amber" if self.gaps else "green")
        return Completeness(score, tuple(self.gaps), light, findings)


def count_fields(tally: Tally, channel: Channel, listing: Listing,
                 findings: Mapping[str, list[Finding]]) -> None:
    """Count each checked field: empty, or its worst finding, or fine."""
    values = {"title": listing.title, "description": listing.description,
              "caption": listing.caption or listing.catalogue_text,
              "hashtags": " ".join(listing.hashtags), "bullets": " ".join(listing.bullets)}
    for name, found in findings.items():
        if not values[name].strip():
            severity = "advice" if name in ("hashtags", "bullets") else "block"
            tally.item(False, Gap(name, "missing_field", severity, {"channel": channel.name},
                                  "write_text"))
            continue
        worst = "block" if blocking(found) else "advice" if found else None
        first = next((f for f in found if f.severity == worst), None)
        tally.item(worst is None, first and Gap(name, first.code, worst, dict(first.params),
                                                first.fix))


def count_photos(tally: Tally, channel: Channel, photo_count: int) -> None:
    """Count the photo figures the channel has: its minimum, recommended minimum and maximum."""
    params = {"count": photo_count, "channel": channel.name}
    rules = channel.images
    if rules.min is not None:
        tally.item(photo_count >= rules.min.value,
                   Gap("photos", "missing_photos", "block", {**params, "limit": rules.min.value},
                       "add_photos"))
    if rules.recommended_min is not None:
        limit = rules.recommended_min.value
        tally.item(photo_count >= limit, Gap("photos", "fewer_photos_than_recommended", "advice",
                                             {**params, "limit": limit}, "add_photos"))
    if rules.max is not None:
        tally.item(photo_count <= rules.max.value,
                   Gap("photos", "too_many_photos", "advice",
                       {**params, "limit": rules.max.value}, "drop_photos"))


def count_product(tally: Tally, channel: Channel, product: ProductFacts) -> None:
    """Count what a marketplace needs from the product form (a stock of 0 is given)."""
    for attribute, code, severity in PRODUCT_NEEDS:
        value = getattr(product, attribute, None)
        ok = bool(value) if attribute != "stock" else value is not None
        tally.item(ok, Gap("product", code, severity, {"channel": channel.name}, "fill_product"))


def count_shipping(tally: Tally, channel: Channel, product: ProductFacts) -> None:
    """Count the parcel's weight and size as the channel needs them (a marketplace needs a
    weight unless it says otherwise)."""
    params = {"channel": channel.name}
    weight = channel.listing.value("parcel_weight", "required")
    if weight != "optional":
        tally.item(bool(product.parcel_weight_g),
                   Gap("product", "missing_weight", "block", params, "fill_parcel"))
    sizes = [value for value in product.parcel_dimensions if value]
    need = channel.listing.value("parcel_dimensions")
    if need == "required":
        tally.item(len(sizes) == 3,
                   Gap("product", "missing_parcel_size", "block", params, "fill_parcel"))
    elif need == "all_or_none":
        tally.item(len(sizes) in (0, 3),
                   Gap("product", "partial_parcel_size", "block", params, "fill_parcel"))


def count_category(tally: Tally, channel: Channel, product: ProductFacts,
                   has_template: bool) -> None:
    """Count the channel's own category where it needs one (picked from its template's list)."""
    if channel.listing.value("category", "none") != "required":
        return
    params = {"channel": channel.name}
    if product.categories.get(channel.id):
        tally.item(True, None)
    elif has_template:
        tally.item(False, Gap("category", "missing_category", "block", params,
                              "choose_category"))
    else:
        tally.item(False, Gap("category", "no_template_for_category", "block", params,
                              "upload_template"))


def count_photo_sizes(tally: Tally, channel: Channel, sizes: Sequence[tuple[int, int]]) -> None:
    """Count each photo the channel takes against its preset's smallest size (the main photo
    against the main preset, the others against the gallery's)."""
    limit = channel.images.max.value if channel.images and channel.images.max else None
    for number, (width, height) in enumerate(sizes[:limit], start=1):
        preset = (channel.preset("main") if number == 1 else channel.preset("gallery")
                  or channel.preset("main")) or channel.presets[0]
        if preset.min_source is None:
            continue
        min_width, min_height = preset.min_source
        tally.item(width >= min_width and height >= min_height, Gap(
            "photos", "photo_too_small", "block",
            {"channel": channel.name, "number": number, "width": width, "height": height,
             "min_width": min_width, "min_height": min_height}, "bigger_photo"))


def completeness(channel: Channel, listing: Listing, *, product: ProductFacts | None = None,
                 brand: BrandFacts | str | None = None, photo_count: int | None = None,
                 has_template: bool = False, photo_links: bool = False,
                 public_url: bool = False) -> Completeness:
    """Score how ready listing is for channel (0–100) and list what is missing or failing:
    green when nothing is, amber when only advice remains, red when anything blocks.

    has_template: the owner uploaded the channel's own template (its category list is known);
    photo_links: the photos have public links (the app has a PUBLIC_URL and, for a pack, the
    owner asked for links); public_url: the app has one, whether or not this pack uses it.
    """
    findings = check_listing(channel, listing, product=product, brand=brand)
    tally = Tally()
    count_fields(tally, channel, listing, findings)
    if photo_count is not None and channel.images is not None:
        count_photos(tally, channel, photo_count)
    if product is not None:
        count_photo_sizes(tally, channel, product.photo_sizes)
    if product is not None and channel.kind == "marketplace":
        count_product(tally, channel, product)
        count_shipping(tally, channel, product)
        count_category(tally, channel, product, has_template)
    if channel.listing.value("photo_links") == "required":
        code, fix = (("photo_links_not_asked", "ask_photo_links") if public_url
                     else ("no_photo_links", "set_public_url"))
        tally.item(photo_links, Gap("photos", code, "block", {"channel": channel.name}, fix))
    return tally.result(findings)
