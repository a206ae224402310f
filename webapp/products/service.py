"""Product operations: one user action, one function, one transaction."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.db import get_session, transaction
from webapp.domain import DomainError
from webapp.models import Brand, Photo, Product, utcnow
from webapp.products.facts import care_notes_for
from webapp.vocab import vocabulary

MAX_PRODUCTS_PER_BRAND = 500


class ProductError(DomainError):
    """A product operation was refused."""

    domain = "product"


def with_care_notes(data: dict[str, Any], language: str) -> tuple[dict[str, Any], bool]:
    """Fill empty care notes from the vocabulary's care facts; say whether it did."""
    if data.get("care_notes"):
        return data, False
    notes = care_notes_for(vocabulary(), data.get("technique", ""), data.get("materials", []),
                           language, data.get("product_type", ""))
    return {**data, "care_notes": notes}, bool(notes)


def brand_defaults(profile: dict[str, Any]) -> dict[str, Any]:
    """What a new product starts with from its brand's profile: the category, and the technique,
    material and region when the brand names exactly one (of several, the product's own are the
    owner's to pick: a guess would put a false fact in its listings)."""
    vocab = vocabulary()
    defaults: dict[str, Any] = {}
    if profile.get("category") in vocab.ids("categories"):
        defaults["category"] = profile["category"]
    techniques = [t for t in profile.get("techniques") or () if t in vocab.ids("techniques")]
    if len(techniques) == 1:
        defaults["technique"] = techniques[0]
    materials = [m for m in profile.get("materials") or () if m in vocab.ids("materials")]
    if len(materials) == 1:
        defaults["materials"] = materials
    region = region_of(profile.get("city") or "")
    if region:
        defaults["region"] = region
    return defaults


def region_of(city: str) -> str | None:
    """The vocabulary region a brand's city names ("Lasem" -> lasem), if one does."""
    words = set(re.findall(r"[a-z]+", city.casefold()))
    if not words:
        return None
    for region in vocabulary().terms("regions"):
        label_words = set(re.findall(r"[a-z]+", region.label_id.casefold()))
        if region.id in words or words <= label_words:
            return region.id
    return None


def create_product(brand: Brand, data: dict[str, Any]) -> Product:
    """Add a product to brand."""
    return create_product_once(brand, data, None)[0]


def create_product_once(brand: Brand, data: dict[str, Any],
                        token: str | None) -> tuple[Product, bool]:
    """Add a product made by the form with token; return it and whether it is new.

    A token already used for this brand returns the product it made (a double-tapped save), so
    one form makes one product.
    """
    try:
        with transaction() as session:
            made = made_with(session, brand, token)
            if made is not None:
                return made, False
            count = session.scalar(select(func.count(Product.id))
                                   .where(Product.brand_id == brand.id))
            if count >= MAX_PRODUCTS_PER_BRAND:
                raise ProductError("too_many_products", limit=MAX_PRODUCTS_PER_BRAND)
            fields = {**data, "categories": merged_categories({}, data.get("categories") or {})}
            product = Product(brand_id=brand.id, create_token=token or None, **fields)
            session.add(product)
    except IntegrityError:
        # Two taps at once on PostgreSQL: the other one made it.
        made = made_with(get_session(), brand, token)
        if made is None:
            raise
        return made, False
    return product, True


def made_with(session: Session, brand: Brand, token: str | None) -> Product | None:
    """The brand's product made by the form with token, if any."""
    if not token:
        return None
    return session.scalar(select(Product).where(Product.brand_id == brand.id,
                                                Product.create_token == token))


def update_product(product: Product, data: dict[str, Any]) -> Product:
    """Replace the product's fields with data; its categories are merged by channel (a channel
    the form did not offer, its template since removed, keeps what was chosen; "" clears)."""
    data = dict(data)
    if "categories" in data:
        data["categories"] = merged_categories(product.categories, data["categories"])
    with transaction() as session:
        session.add(product)
        for key, value in data.items():
            setattr(product, key, value)
        product.updated_at = utcnow()
    return product


def merged_categories(current: dict[str, str] | None,
                      given: dict[str, str]) -> dict[str, str]:
    """The categories after a form: the given channels' values, the others kept."""
    merged = dict(current or {})
    for channel_id, value in given.items():
        if value:
            merged[channel_id] = value
        else:
            merged.pop(channel_id, None)
    return merged


def duplicate_product(product: Product, copy_label: str) -> Product:
    """Copy a product with its photos (the same stored originals) as a new product."""
    with transaction() as session:
        columns = {column.key for column in Product.__table__.columns} - {
            "id", "created_at", "updated_at", "create_token"}
        copy = Product(**{key: getattr(product, key) for key in columns})
        copy.name = f"{product.name} ({copy_label})"[:200]
        copy.sku = ""
        session.add(copy)
        for photo in product.photos:
            photo_columns = {column.key for column in Photo.__table__.columns} - {
                "id", "product_id", "created_at"}
            copy.photos.append(Photo(**{key: getattr(photo, key) for key in photo_columns}))
    return copy


def delete_product(product: Product) -> None:
    """Delete a product and its photo records (stored originals may serve other products)."""
    with transaction() as session:
        session.delete(session.merge(product))
