"""Owner-checked loaders: every blueprint loads what a URL names through these.

Each answers 404 for anything that is not the logged-in owner's (another owner's brand looks
exactly like a brand that does not exist) and sends a visitor to the login page. Ids in paths are
bounded by the "id" URL converter (1 to 2^31-1), so a number past a column's range is a 404 too.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flask import abort, g, request
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from webapp.db import get_session
from webapp.extensions import login_manager
from webapp.fields import INT_MAX, parse_whole
from webapp.lazy import lazy

if TYPE_CHECKING:
    from webapp.models import Brand, BrandRevision, PackJob, Photo, Product

models = lazy("webapp.models")
sql = lazy("sqlalchemy")

log = logging.getLogger(__name__)


class IdConverter(IntegerConverter):
    """A row id in a path: 1 to 2^31-1 (PostgreSQL's integer) in ASCII digits; anything else
    does not match, so it is a 404."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, min=1, max=INT_MAX)


def require_owner() -> None:
    """Send a visitor to the login page (also when a view runs again after a CSRF failure)."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())


def load_brand(slug: str) -> Brand:
    """The current owner's brand with slug, or 404 (also for another owner's brand)."""
    require_owner()
    brand = get_session().scalar(sql.select(models.Brand).where(models.Brand.slug == slug))
    if brand is None or brand.owner_id != current_user.id:
        if brand is not None:
            log.warning("user %s was refused brand %s", current_user.id, brand.id)
        abort(404)
    g.brand = brand  # the brand's pages show times in its zone (webapp.i18n.current_timezone)
    return brand


def load_revision(brand: Brand, number: int | None) -> BrandRevision:
    """Revision number of brand, or 404."""
    revision = None
    if number is not None and 0 < number <= INT_MAX:
        revision = get_session().scalar(brand.revision_query(number))
    if revision is None:
        abort(404)
    return revision


def load_product(slug: str, product_id: int) -> tuple[Brand, Product]:
    """The owner's brand and its product, or 404."""
    brand = load_brand(slug)
    Product = models.Product
    product = get_session().scalar(
        sql.select(Product).where(Product.id == product_id, Product.brand_id == brand.id))
    if product is None:
        abort(404)
    return brand, product


def load_photo(slug: str, product_id: int, photo_id: int) -> tuple[Brand, Product, Photo]:
    """The owner's brand, product and one of its photos, or 404."""
    brand, product = load_product(slug, product_id)
    photo = next((p for p in product.photos if p.id == photo_id), None)
    if photo is None:
        abort(404)
    return brand, product, photo


def load_pack_job(slug: str, job_id: int) -> tuple[Brand, PackJob]:
    """The owner's brand and one of its pack jobs, or 404."""
    brand = load_brand(slug)
    PackJob = models.PackJob
    job = get_session().scalar(sql.select(PackJob).where(PackJob.id == job_id,
                                                     PackJob.brand_id == brand.id))
    if job is None:
        abort(404)
    return brand, job


def query_number(name: str) -> int | None:
    """A whole number from the query string (?a=3), or None when it is missing or not one."""
    return parse_whole(request.args.get(name), 1, INT_MAX)
