"""Demo data: an owner and the brand `contoh`, so a newcomer can look around at once."""

from __future__ import annotations

import secrets
from typing import Any

from webapp.auth.service import hash_password
from webapp.brands import service as brands
from webapp.db import get_session, transaction
from webapp.models import Brand, User

DEMO_EMAIL = "demo@studiocerita.id"
DEMO_NAME = "Ibu Sari (demo)"
DEMO_SLUG = "contoh"

# Three saves an owner might really make: the first draft, the details, a seasonal note.
DEMO_REVISIONS: list[tuple[str, dict[str, Any]]] = [
    ("Profil pertama", {
        "name": "Batik Sekar Lasem",
        "city": "Lasem, Rembang",
        "province": "Jawa Tengah",
        "category": "fashion",
        "techniques": ["batik_tulis"],
        "materials": ["mori_primissima"],
        "people": "Ibu Sari dan delapan pembatik dari Desa Babagan.",
        "tone": "anda",
    }),
    ("Lengkapi cerita dan kontak", {
        "year_founded": 1998,
        "techniques": ["batik_tulis", "batik_kombinasi"],
        "materials": ["mori_primissima", "sutra"],
        "people": "Ibu Sari Wulandari memimpin dua belas pembatik dari Desa Babagan, Lasem. "
                  "Sebagian besar sudah membatik sejak remaja.",
        "customers": "Keluarga yang mencari kain untuk acara adat, kolektor batik pesisiran, "
                     "dan pembeli muda yang suka warna merah khas Lasem.",
        "values": "Setiap kain dicanting dengan tangan. Upah pembatik dibayar adil dan tepat "
                  "waktu.",
        "whatsapp": "+6281234567890",
        "instagram": "batiksekarlasem",
        "colours": ["#9b1b1b", "#f3e3c3"],
    }),
    ("Siapkan untuk Lebaran", {
        "customers": "Keluarga yang mencari kain untuk Lebaran dan acara adat, kolektor batik "
                     "pesisiran, dan pembeli muda yang suka warna merah khas Lasem.",
        "website": "https://batiksekarlasem.id",
    }),
]


def load_demo() -> tuple[User, str, Brand]:
    """Create or refresh the demo owner (new random password) and the demo brand."""
    password = secrets.token_urlsafe(9)
    with transaction() as session:
        user = session.scalar(User.by_email(DEMO_EMAIL))
        if user is None:
            user = User(email=DEMO_EMAIL, name=DEMO_NAME, password_hash="", locale="id")
            session.add(user)
        else:  # a refreshed demo ends the sessions opened with the old password
            user.session_version += 1
        user.password_hash = hash_password(password)
    return user, password, ensure_demo_brand(user)


def ensure_demo_brand(owner: User) -> Brand:
    """Create the demo brand with its revisions; an existing one keeps its history."""
    brand = get_session().scalar(Brand.by_slug(DEMO_SLUG, owner.id))
    if brand is not None:
        return brand
    (first_note, first), *later = DEMO_REVISIONS
    brand = brands.create_brand(owner, first, first_note, slug=DEMO_SLUG)
    for note, changes in later:
        brands.save_profile(brand, owner, changes, brand.head_number, note)
    return brand
