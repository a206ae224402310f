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
