"""What the copywriter and the checker read: a product's and a brand's facts, and a listing.

Plain frozen data, shared by the copywriter and the rule checker so that neither imports the other.
Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProductFacts:
    """What the owner told us about a product; ids refer to webapp/data/vocab.toml."""

    name: str = ""
    product_type: str = ""
    technique: str | None = None
    materials: tuple[str, ...] = ()
    motif: str = ""
    region: str = ""
    colours: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    dimensions: str = ""
    weight_g: int | None = None
    price: int | None = None
    stock: int | None = None
    sku: str = ""
    care_notes: tuple[str, ...] = ()
    made_to_order_days: int | None = None
    dye: str | None = None
    product_type_en: str = ""
    # What shipping and the channels' sheets need (not written into the copy).
    parcel_weight_g: int | None = None
    parcel_dimensions: tuple[float | None, float | None, float | None] = (None, None, None)
    categories: Mapping[str, str] = field(default_factory=dict)  # channel id -> its category
    photo_sizes: tuple[tuple[int, int], ...] = ()  # each photo's (width, height), main first


@dataclass(frozen=True)
class BrandFacts:
    """What the copy needs from the current brand revision."""

    name: str = ""
    city: str = ""
    province: str = ""
    story_hook: str = ""
    tone: str = "anda"
    instagram: str = ""
    story_hook_en: str = ""


@dataclass(frozen=True)
class Listing:
    """One channel's copy; fields the channel does not use are empty."""

    channel: str
    language: str
    title: str = ""
    # What the copywriter added to the owner's own title (shown to the owner on the page).
    added_to_title: tuple[str, ...] = ()
    description: str = ""
    bullets: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    caption: str = ""
    catalogue_text: str = ""
