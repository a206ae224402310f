"""Plain factory functions for test data."""

from __future__ import annotations

from webapp.accounts.service import hash_password
from webapp.db import transaction
from webapp.models import Brand, User

DEFAULT_PASSWORD = "kain biru pasar pagi"


def create_user(email: str = "sari@example.id", password: str = DEFAULT_PASSWORD,
                name: str = "Sari Wulandari", locale: str | None = None) -> User:
    """Insert an account with a real password hash; needs an app context."""
    with transaction() as session:
        user = User(email=email, name=name, password_hash=hash_password(password), locale=locale)
        session.add(user)
    return user


def create_brand(owner: User, name: str = "Batik Sekar Lasem", **profile) -> Brand:
    """Create a brand of owner with revision 1; needs an app context."""
    from webapp.brands.service import create_brand as create

    return create(owner, {"name": name, **profile}, "Profil pertama")


def product_form(**changes) -> dict:
    """The product form as an owner fills it in, with changes; every variant row left empty."""
    data = {"name": "Kain Batik Tulis Lasem Sekar Jagad", "product_type": "kain",
            "category": "fashion", "technique": "batik_tulis", "technique_other": "",
            "materials": ["mori_primissima"], "materials_other": "", "motif": "Sekar Jagad",
            "region": "lasem", "colours": "merah, krem", "length_cm": "200",
            "width_cm": "115,5", "height_cm": "", "weight_g": "300", "price": "Rp1.250.000",
            "stock": "3", "sku": "SKL-001", "care_notes": "", "made_to_order_days": ""}
    for row in range(6):
        for key in ("colour", "size", "stock", "price", "sku"):
            data[f"variants-{row}-{key}"] = ""
    data.update(changes)
    return data


def logged_in(app, email: str):
    """A client of its own, logged in through the login page as email (factory password)."""
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client
