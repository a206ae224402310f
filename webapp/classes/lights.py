"""Listing lights of a whole class at once, cached in `listing_lights` (one row a product).

Running the copywriter and the checker for every product and channel of a class (300 brands x 20
products x 3 channels) takes far too long for one page view, so a product's lights on its brand's
chosen channels are kept, with how many of its photos carry a coach's warning, under a
fingerprint: a digest of everything they are computed from. That is the product row's
updated_at; its live photos (count, id sums weighted by position, how many are not measured
yet: adding, deleting, restoring or reordering a photo, or a late measurement, changes it; a
photo's size never changes); its listing edits (count and newest time: an edit, a new one or a
reset changes it); the brand's head revision, chosen channels and uploaded templates; the app's
PUBLIC_URL; and the rules themselves (the data files and the listing code). The parts are read
by SQL aggregates on every view, so any edit anywhere makes the cached row stale at once, with
no hook in any service; a stale or missing light shows as "dihitung..." and never as its old
colour (truth first).

Missing lights are computed on the page for at most INLINE_PRODUCTS products, and the rest by a
background job (`fill_class`, through webapp.jobs) in chunks that each commit.

    fresh_lights(products, brands, cached, ...) -> fresh lights and warnings, stale product ids
    compute_lights(products, brands, ...)       -> computed now and written to the cache
    fill_class(class_id)                        -> the background job
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from webapp.db import get_session, transaction
from webapp.models import ListingCopy, ListingLight, Product, utcnow

#: Bump when what a light depends on changes in a way the digested files do not show.
LIGHTS_VERSION = "1"
#: Products whose missing lights a page view computes itself; the rest go to the job.
INLINE_PRODUCTS = 40
#: Products per transaction in the background job.
CHUNK = 100
WEBAPP = Path(__file__).resolve().parent.parent
#: Seconds after which a class's fill is submitted again (an RQ worker releases it elsewhere).
CLAIM_SECONDS = 120
_filling: dict[int, float] = {}
_filling_lock = threading.Lock()


@cache
def rules_digest() -> str:
    """A digest of the rules and code a light comes from: a new release or a data edit makes
    every cached light stale."""
    digest = hashlib.sha1(LIGHTS_VERSION.encode(), usedforsecurity=False)
    files = [*sorted((WEBAPP / "data").rglob("*.toml")),
             *sorted((WEBAPP / "listings").glob("*.py"))]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class BrandInputs:
    """What every product light of a brand reads from the brand: its head revision's profile,
    the channels it chose, the channels whose own template it uploaded."""

    brand_id: int
    head_number: int
    profile: Mapping[str, Any]
    chosen: tuple[str, ...]
    templates: frozenset[str] = frozenset()


@dataclass
class ProductInputs:
    """What a product's lights read that changes: its row's time and digests of its photos
    (count, sum of ids, sums weighted by position and its square, unmeasured) and its edits
    (count, newest time), as SQL aggregates give them."""

    product_id: int
    brand_id: int
    updated_at: Any
    photos: tuple = ()
    edits: tuple = ()

    @property
    def photo_count(self) -> int:
        """How many live photos the product has."""
        return int(self.photos[0]) if self.photos else 0


def fingerprint(product: ProductInputs, brand: BrandInputs, public_url: bool) -> str:
    """The digest of everything product's lights depend on (40 hex digits)."""
    parts = (rules_digest(), public_url, str(product.updated_at), product.photos,
             tuple(map(str, product.edits)), brand.head_number, sorted(brand.templates),
             brand.chosen)
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()


@dataclass
class Known:
    """What the cache holds, fresh, for a class's products."""

    lights: dict[int, dict[str, str]] = field(default_factory=dict)
    warned: dict[int, int] = field(default_factory=dict)


def cached_rows(product_ids_query: Any) -> dict[int, tuple[str, str, int]]:
    """The cached rows of the products the query selects: {id: (fingerprint, lights, warned)}."""
    rows = get_session().connection().execute(
        select(ListingLight.product_id, ListingLight.fingerprint, ListingLight.lights,
               ListingLight.warned).where(ListingLight.product_id.in_(product_ids_query)))
    return {product_id: (digest, lights, warned) for product_id, digest, lights, warned in rows}


def fresh_lights(products: Iterable[ProductInputs], brands: Mapping[int, BrandInputs],
                 cached: Mapping[int, tuple[str, str, int]],
                 public_url: bool) -> tuple[Known, list[ProductInputs]]:
    """The cached rows whose fingerprint still matches, and the products whose row is missing
    or stale (their lights show "dihitung..." until computed)."""
    known, stale = Known(), []
    for product in products:
        row = cached.get(product.product_id)
        if row is None or row[0] != fingerprint(product, brands[product.brand_id], public_url):
            stale.append(product)
            continue
        known.lights[product.product_id] = dict(
            part.split("=", 1) for part in row[1].split() if "=" in part)
        known.warned[product.product_id] = row[2]
    return known, stale


def compute_lights(products: list[ProductInputs], brands: Mapping[int, BrandInputs],
                   public_url: bool) -> Known:
    """Run the copywriter and checker for products on their brands' chosen channels, count
    their photos' warnings, write both to the cache and return them: four queries, whatever
    the number of products."""
    from webapp.classes.standing import photo_warned
    from webapp.listings.channels import get_channel
    from webapp.listings.service import Setup, brand_facts, copy_for, product_facts

    known = Known()
    if not products:
        return known
    session = get_session()
    ids = [product.product_id for product in products]
    models = {row.id: row for row in session.scalars(
        select(Product).where(Product.id.in_(ids)).options(selectinload(Product.photos)))}
    edits: dict[int, dict[str, dict[str, str]]] = {}
    for row in session.execute(select(ListingCopy.product_id, ListingCopy.channel_id,
                                      ListingCopy.field, ListingCopy.text)
                               .where(ListingCopy.product_id.in_(ids))):
        edits.setdefault(row[0], {}).setdefault(row[1], {})[row[2]] = row[3]
    facts_of: dict[int, Any] = {}
    records = []
    for product in products:
        model, brand = models.get(product.product_id), brands[product.brand_id]
        if model is None:  # deleted meanwhile
            continue
        if brand.brand_id not in facts_of:
            facts_of[brand.brand_id] = brand_facts(brand.profile)
        setup = Setup(brand.templates, public_url, public_url)
        facts = (product_facts(model), facts_of[brand.brand_id], len(model.photos))
        mine = {channel_id: copy_for(get_channel(channel_id), facts, None,
                                     edits.get(product.product_id, {}).get(channel_id, {}),
                                     setup).readiness.light for channel_id in brand.chosen}
        warned = sum(photo_warned(photo, brand.chosen) for photo in model.photos)
        known.lights[product.product_id], known.warned[product.product_id] = mine, warned
        records.append({"product_id": product.product_id,
                        "fingerprint": fingerprint(product, brand, public_url),
                        "lights": " ".join(f"{c}={light}" for c, light in mine.items()),
                        "warned": warned, "computed_at": utcnow()})
    store(list(known.lights), records)
    return known


def store(product_ids: list[int], records: list[dict[str, Any]]) -> None:
    """Replace the products' cached lights; a concurrent writer's rows win (ours are the same
    verdict from the same inputs, or will be found stale)."""
    if not product_ids:
        return
    try:
        with transaction() as session:
            session.execute(delete(ListingLight).where(ListingLight.product_id.in_(product_ids)))
            if records:
                session.execute(ListingLight.__table__.insert(), records)
    except IntegrityError:
        pass


def claim(class_id: int) -> bool:
    """True when this process submitted no fill of the class in the last CLAIM_SECONDS (so one
    is submitted now); a second fill would only do the same work again."""
    now = time.monotonic()
    with _filling_lock:
        if now - _filling.get(class_id, -CLAIM_SECONDS) < CLAIM_SECONDS:
            return False
        _filling[class_id] = now
        return True


def submit_fill(class_id: int) -> None:
    """Compute the class's missing lights in the background (once at a time per process)."""
    from webapp import jobs

    if claim(class_id):
        try:
            jobs.submit("webapp.classes.lights:fill_class", class_id)
        except Exception:
            release(class_id)
            raise


def release(class_id: int) -> None:
    """The fill of class_id is over."""
    with _filling_lock:
        _filling.pop(class_id, None)


def fill_class(class_id: int) -> None:
    """The background job: compute every missing or stale light of the class, in chunks."""
    from flask import current_app

    from webapp.classes.standing import class_inputs

    try:
        public_url = bool(current_app.config.get("PUBLIC_URL"))
        brands, products, cached = class_inputs(class_id)
        _known, todo = fresh_lights(products, brands, cached, public_url)
        for start in range(0, len(todo), CHUNK):
            compute_lights(todo[start:start + CHUNK], brands, public_url)
    finally:
        release(class_id)
