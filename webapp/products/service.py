"""Product operations: one user action, one function, one transaction."""

from __future__ import annotations

from typing import Any

from webapp.catalog import vocabulary
from webapp.db import transaction
from webapp.domain import DomainError
from webapp.models import Brand, Photo, Product, utcnow
from webapp.products.facts import care_notes_for

MAX_PRODUCTS_PER_BRAND = 500


class ProductError(DomainError):
    """A product operation was refused."""


def with_care_notes(data: dict[str, Any], language: str) -> tuple[dict[str, Any], bool]:
    """Fill empty care notes from the vocabulary's care facts; say whether it did."""
    if data.get("care_notes"):
        return data, False
    notes = care_notes_for(vocabulary(), data.get("technique", ""), data.get("materials", []),
                           language)
    return {**data, "care_notes": notes}, bool(notes)


def create_product(brand: Brand, data: dict[str, Any]) -> Product:
    """Add a product to brand."""
    with transaction() as session:
        count = session.query(Product).filter_by(brand_id=brand.id).count()
        if count >= MAX_PRODUCTS_PER_BRAND:
            raise ProductError("too_many_products", limit=MAX_PRODUCTS_PER_BRAND)
        product = Product(brand_id=brand.id, **data)
        session.add(product)
    return product


def update_product(product: Product, data: dict[str, Any]) -> Product:
    """Replace the product's fields with data."""
    with transaction() as session:
        session.add(product)
        for key, value in data.items():
            setattr(product, key, value)
        product.updated_at = utcnow()
    return product


def duplicate_product(product: Product, copy_label: str) -> Product:
    """Copy a product with its photos (the same stored originals) as a new product."""
    with transaction() as session:
        columns = {column.key for column in Product.__table__.columns} - {
            "id", "created_at", "updated_at"}
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
