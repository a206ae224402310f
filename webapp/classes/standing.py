"""Where each brand of a class stands, read for the whole class in a fixed number of queries
(none per brand or per product): the class page and the report both read it.

    class_standing(class_id, public_url, inline=...)  -> Standing   one row per shared brand
    class_inputs(class_id)                            -> what the lights' job needs

The definitions of "done" are those of webapp/brands/progress.py (profile answers, a saved
story, products, photos without a coach's warning, no red light, a pack newer than every change);
only the way they are read differs: in bulk.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, case, func, select

from webapp.brands.progress import PROFILE_NEEDS
from webapp.classes import lights as cache
from webapp.db import get_session
from webapp.listings.channels import channel_ids
from webapp.models import (
    Brand,
    BrandRevision,
    ChannelTemplate,
    KelasShare,
    ListingCopy,
    PackJob,
    Photo,
    Product,
    StoryDraft,
    User,
)

#: Profile answers counted for completeness; a tuple is one answer given by any of its keys.
PROFILE_CHECKS: tuple[tuple[str, ...], ...] = (
    ("name",), ("city",), ("province",), ("category",), ("techniques", "materials"),
    ("channels",), ("year_founded",), ("people",), ("customers",), ("values",),
    ("whatsapp", "instagram", "website"), ("logo",), ("colours",))
STEPS = 6  # profile, story, products, photos, channels, pack: as on the owner's dashboard
LIGHTS = ("green", "amber", "red", "unknown")


@dataclass
class BrandStanding:
    """One shared brand's row of the class page and the report."""

    brand_id: int
    slug: str
    name: str
    owner: str
    city: str
    province: str
    craft: str  # a vocabulary crafts id, or ""
    profile_score: int  # percent of PROFILE_CHECKS answered
    profile_done: bool
    story: str  # "todo", "started" or "done"
    shared_at: datetime
    updated_at: datetime
    chosen: tuple[str, ...]
    products: int = 0
    bare: int = 0  # products without a photo
    photos: int = 0
    warned: int = 0  # photos with a coach's warning or too small for a chosen channel
    lights: dict[str, Counter] = field(default_factory=dict)  # channel -> light -> count
    packs: int = 0
    last_pack: datetime | None = None
    last_activity: datetime | None = None
    changed_at: datetime | None = None  # the brand's or a product's last change (not a draft's)

    @property
    def steps_done(self) -> int:
        """How many of the six steps are done (progress.py's definitions)."""
        red_or_unknown = sum(c["red"] + c["unknown"] for c in self.lights.values())
        pack_fresh = (self.last_pack is not None and self.changed_at is not None
                      and aware(self.last_pack) >= aware(self.changed_at))
        return sum((self.profile_done, self.story == "done", self.products > 0,
                    self.products > 0 and not self.bare and not self.warned,
                    self.products > 0 and not red_or_unknown, pack_fresh))

    @property
    def computing(self) -> int:
        """Lights not known yet (being computed)."""
        return sum(counts["unknown"] for counts in self.lights.values())


@dataclass
class Standing:
    """Every shared brand's row, by brand id."""

    rows: list[BrandStanding]
    computing: int = 0  # product lights still being computed


def aware(moment: datetime) -> datetime:
    """SQLite returns naive UTC times; PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def latest(*moments: datetime | None) -> datetime | None:
    """The latest of the moments given (None ignored)."""
    known = [aware(moment) for moment in moments if moment is not None]
    return max(known) if known else None


def shared_ids(class_id: int) -> Any:
    """A subquery: the ids of brands shared now with the class."""
    return select(KelasShare.brand_id).where(KelasShare.class_id == class_id,
                                              KelasShare.ended_at.is_(None))


def product_ids(class_id: int) -> Any:
    """A subquery: the ids of the products of those brands."""
    return select(Product.id).where(Product.brand_id.in_(shared_ids(class_id)))


def chosen_channels(profile: dict[str, Any]) -> tuple[str, ...]:
    """The brand's chosen channels in channels.toml order; none chosen means every one (as
    brands.service.channel_split says)."""
    chosen = set(profile.get("channels") or ())
    mine = tuple(channel_id for channel_id in channel_ids() if channel_id in chosen)
    return mine or tuple(channel_ids())


def profile_score(profile: dict[str, Any]) -> int:
    """The share of PROFILE_CHECKS the profile answers, in percent."""
    answered = sum(any(profile.get(key) for key in keys) for keys in PROFILE_CHECKS)
    return round(100 * answered / len(PROFILE_CHECKS))


def profile_done(profile: dict[str, Any]) -> bool:
    """progress.profile_step's "done": its needs and a technique or material."""
    return (all(profile.get(name) for name in PROFILE_NEEDS)
            and bool(profile.get("techniques") or profile.get("materials")))


def load_brands(class_id: int) -> dict[int, tuple[BrandStanding, cache.BrandInputs]]:
    """The shared brands with their owners and head revisions, and their uploaded templates:
    two queries."""
    from webapp.brands.forms import craft_of

    session = get_session().connection()
    rows = session.execute(
        select(KelasShare.shared_at, Brand.id, Brand.slug, Brand.head_number, Brand.updated_at,
               User.name, BrandRevision.profile)
        .join(Brand, Brand.id == KelasShare.brand_id).join(User, User.id == Brand.owner_id)
        .join(BrandRevision, and_(BrandRevision.brand_id == Brand.id,
                                  BrandRevision.number == Brand.head_number))
        .where(KelasShare.class_id == class_id, KelasShare.ended_at.is_(None)))
    found: dict[int, tuple[BrandStanding, cache.BrandInputs]] = {}
    for shared_at, brand_id, slug, head, updated_at, owner, profile in rows:
        profile = profile if isinstance(profile, dict) else {}
        chosen = chosen_channels(profile)
        row = BrandStanding(
            brand_id=brand_id, slug=slug, name=str(profile.get("name") or slug), owner=owner,
            city=str(profile.get("city") or ""), province=str(profile.get("province") or ""),
            craft=craft_of(profile.get("techniques") or [], profile.get("materials") or []),
            profile_score=profile_score(profile), profile_done=profile_done(profile),
            story="done" if profile.get("story") else "todo", shared_at=shared_at,
            updated_at=updated_at, chosen=chosen, last_activity=aware(updated_at),
            changed_at=aware(updated_at))
        found[brand_id] = (row, cache.BrandInputs(brand_id, head, profile, chosen))
    templates: dict[int, set[str]] = {}
    for brand_id, channel_id in session.execute(
            select(ChannelTemplate.brand_id, ChannelTemplate.channel_id)
            .where(ChannelTemplate.brand_id.in_(shared_ids(class_id)))):
        templates.setdefault(brand_id, set()).add(channel_id)
    for brand_id, channels in templates.items():
        if brand_id in found:
            found[brand_id][1].templates = frozenset(channels)
    return found


def load_products(class_id: int) -> dict[int, cache.ProductInputs]:
    """The class's products with digests of their photos and edits: one query of aggregates."""
    return products_of(shared_ids(class_id))


def products_of(brand_ids: Any) -> dict[int, cache.ProductInputs]:
    """The products of the brands a subquery selects, with digests of their photos and edits:
    one query of aggregates."""
    ids = select(Product.id).where(Product.brand_id.in_(brand_ids))
    live = Photo.deleted_at.is_(None)
    photos = (select(Photo.product_id.label("product_id"), func.count(Photo.id).label("n"),
                     func.sum(Photo.id).label("ids"),
                     func.sum(Photo.id * (Photo.position + 1)).label("first"),
                     func.sum(Photo.id * (Photo.position + 1) * (Photo.position + 1))
                     .label("second"),
                     func.sum(case((Photo.measures.is_(None), 1), else_=0)).label("unmeasured"))
              .where(Photo.product_id.in_(ids), live)
              .group_by(Photo.product_id).subquery())
    edits = (select(ListingCopy.product_id.label("product_id"),
                    func.count(ListingCopy.id).label("n"),
                    func.max(ListingCopy.updated_at).label("newest"))
             .where(ListingCopy.product_id.in_(ids))
             .group_by(ListingCopy.product_id).subquery())
    query = (select(Product.id, Product.brand_id, Product.updated_at, photos.c.n, photos.c.ids,
                    photos.c.first, photos.c.second, photos.c.unmeasured, edits.c.n,
                    edits.c.newest)
             .outerjoin(photos, photos.c.product_id == Product.id)
             .outerjoin(edits, edits.c.product_id == Product.id)
             .where(Product.brand_id.in_(brand_ids)))
    found = {}
    # Core rows: no ORM bookkeeping for thousands of them.
    for pid, brand_id, updated_at, *rest in get_session().connection().execute(query):
        found[pid] = cache.ProductInputs(pid, brand_id, updated_at,
                                         tuple(rest[:5]) if rest[0] else (), tuple(rest[5:]))
    return found


def class_inputs(class_id: int) -> tuple[dict[int, cache.BrandInputs],
                                         list[cache.ProductInputs],
                                         dict[int, dict[str, tuple[str, str]]]]:
    """What the lights' background job needs: brands, products and cached lights."""
    brands = {brand_id: inputs for brand_id, (_row, inputs) in load_brands(class_id).items()}
    products = load_products(class_id)
    live = [product for product in products.values() if product.brand_id in brands]
    return brands, live, cache.cached_rows(product_ids(class_id))


def class_standing(class_id: int, public_url: bool, inline: int | None = cache.INLINE_PRODUCTS,
                   background: bool = True) -> Standing:
    """Every shared brand's row. Lights missing from the cache are computed here for at most
    `inline` products (None: all of them) and, when `background`, the rest by a job."""
    loaded = load_brands(class_id)
    rows = {brand_id: row for brand_id, (row, _inputs) in loaded.items()}
    brands = {brand_id: inputs for brand_id, (_row, inputs) in loaded.items()}
    live = [product for product in load_products(class_id).values() if product.brand_id in rows]
    known, stale = cache.fresh_lights(live, brands, cache.cached_rows(product_ids(class_id)),
                                      public_url)
    if stale:
        now = stale if inline is None else stale[:inline]
        computed = cache.compute_lights(now, brands, public_url)
        known.lights.update(computed.lights)
        known.warned.update(computed.warned)
        later = stale[len(now):]
        if later:
            known.warned.update(count_warnings(later, brands))
            if background:
                cache.submit_fill(class_id)
    add_products(rows, live, known)
    add_drafts_and_packs(class_id, rows)
    ordered = sorted(rows.values(), key=lambda row: (row.name.casefold(), row.brand_id))
    return Standing(ordered, sum(1 for product in live
                                 if len(known.lights.get(product.product_id, ()))
                                 < len(brands[product.brand_id].chosen)))


def add_products(rows: dict[int, BrandStanding], products: list[cache.ProductInputs],
                 known: cache.Known) -> None:
    """Count products, photos, warnings, products without a photo, their last change and
    their lights per chosen channel."""
    for row in rows.values():
        row.lights = {channel: Counter() for channel in row.chosen}
    for product in products:
        row = rows[product.brand_id]
        row.products += 1
        row.photos += product.photo_count
        row.bare += not product.photo_count
        row.warned += known.warned.get(product.product_id, 0)
        row.last_activity = latest(row.last_activity, product.updated_at)
        row.changed_at = latest(row.changed_at, product.updated_at)
        mine = known.lights.get(product.product_id, {})
        for channel in row.chosen:
            row.lights[channel][mine.get(channel, "unknown")] += 1


def count_warnings(products: list[cache.ProductInputs],
                   brands: dict[int, cache.BrandInputs]) -> dict[int, int]:
    """Photos with a warning, for products whose cached row is not fresh: one query."""
    brand_of = {product.product_id: product.brand_id for product in products}
    counts = dict.fromkeys(brand_of, 0)
    rows = get_session().connection().execute(
        select(Photo.product_id, Photo.width, Photo.height, Photo.measures)
        .where(Photo.product_id.in_(list(brand_of)), Photo.deleted_at.is_(None)))
    for photo in rows:
        counts[photo.product_id] += photo_warned(photo, brands[brand_of[photo.product_id]].chosen)
    return counts


def photo_warned(photo: Any, chosen: tuple[str, ...]) -> bool:
    """progress.photo_warned, with the chosen channels' minimum sizes worked out once: the
    coach's stored measures warn, or the photo is below a chosen channel's main-image minimum."""
    from webapp.photos import coach

    if photo.measures:
        measures = coach.Measures.from_dict(photo.measures)
        if measures and coach.assess(measures):
            return True
    return any(photo.width < least[0] or photo.height < least[1]
               for least in minimum_sizes(chosen))


@lru_cache(maxsize=256)
def minimum_sizes(chosen: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """The main-image minimums (width, height) of the chosen channels (advice.too_small_for)."""
    from webapp.photos import renditions

    return tuple(preset.min_source for channel, preset in renditions.main_presets()
                 if channel.id in chosen and preset.min_source)


def add_drafts_and_packs(class_id: int, rows: dict[int, BrandStanding]) -> None:
    """Story drafts (a story being written) and built packs: two queries."""
    session = get_session()
    for brand_id, updated_at in session.execute(
            select(StoryDraft.brand_id, StoryDraft.updated_at)
            .where(StoryDraft.brand_id.in_(shared_ids(class_id)))):
        row = rows.get(brand_id)
        if row is not None:
            row.story = "done" if row.story == "done" else "started"
            row.last_activity = latest(row.last_activity, updated_at)
    for brand_id, count, last in session.execute(
            select(PackJob.brand_id, func.count(PackJob.id), func.max(PackJob.created_at))
            .where(PackJob.brand_id.in_(shared_ids(class_id)), PackJob.status == "done")
            .group_by(PackJob.brand_id)):
        row = rows.get(brand_id)
        if row is not None:
            row.packs, row.last_pack = count, aware(last)
