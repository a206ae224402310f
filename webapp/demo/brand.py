"""Demo data: an owner and the brand `contoh`, so a newcomer can look around at once."""

from __future__ import annotations

import secrets
from typing import Any

from webapp.accounts.service import hash_password
from webapp.brands import service as brands
from webapp.db import get_session, transaction
from webapp.demo.products import demo_logo
from webapp.media import media_store
from webapp.models import Brand, User
from webapp.stories import service as stories

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


# The owner's answers to the origin-and-craft story ("asal_usul"), step by step, and their own
# English versions of the free-text answers. Names, numbers and choices need no translation.
DEMO_STORY_TEMPLATE = "asal_usul"
DEMO_STORY: dict[str, dict[str, Any]] = {
    "profil": {
        "brand": "Batik Sekar Lasem",
        "owner": "Ibu Sari Wulandari",
        "city": "Lasem, Rembang",
        "province": "Jawa Tengah",
        "founded": "1998",
        "category": "fashion",
        "craft": "batik",
        "techniques": ["batik_tulis"],
        "materials": ["mori_primissima", "sutra"],
        "dyes": ["pewarna_alam"],
        "products": "kain panjang, selendang, dan kemeja",
        "team_size": "12",
        "customers": "keluarga yang mencari kain untuk Lebaran dan acara adat",
        "price_from": "350000",
        "whatsapp": "0812-3456-7890",
        "instagram": "@batiksekarlasem",
    },
    "asal": {
        "origin": "Ibu Sari mulai membatik di teras rumahnya di Desa Babagan, Lasem, pada 1998 "
                  "bersama tiga tetangganya.",
        "teacher": "Mbah Kasiyah, nenek Ibu Sari",
        "heritage": "tiga generasi",
    },
    "tantangan": {
        "struggle": "Pada 2008 pesanan sempat sepi karena kain printing bermotif Lasem dijual "
                    "jauh lebih murah di pasar.",
        "overcome": "Kami mulai berjualan langsung lewat Instagram dan WhatsApp sambil "
                    "memperlihatkan proses mencanting, dan pembeli yang menghargai karya tangan "
                    "pun datang.",
    },
    "proses": {
        "process_steps": ["menggambar pola di atas kain mori",
                          "mencanting atau mengecap motif dengan malam panas",
                          "mewarnai dengan merah khas Lasem", "melorod untuk meluruhkan malam"],
        "duration": "satu sampai tiga bulan untuk selembar kain tulis",
        "materials_origin": "Warna merahnya kami racik sendiri dari akar mengkudu, dengan resep "
                            "yang diwariskan di keluarga.",
        "difference": "Setiap kain tulis kami canting di kedua sisinya, sehingga motifnya sama "
                      "jelas dari depan maupun belakang.",
    },
    "dampak": {
        "community": "Dua belas pembatik dari Desa Babagan kini bekerja dari rumah, dengan upah "
                     "yang dibayar adil dan tepat waktu.",
        "environment": "Air sisa pewarnaan kami endapkan dulu di kolam sebelum dialirkan, dan "
                       "malam bekas kami pakai ulang.",
    },
    "visi": {
        "vision": "melihat batik tulis Lasem dipakai anak muda di seluruh Indonesia",
        "feeling": "bangga memakai karya tangan perempuan Lasem",
    },
}
DEMO_STORY_EN: dict[str, Any] = {
    "province": "Central Java",
    "products": "long cloths, shawls and shirts",
    "customers": "families looking for cloth for Lebaran and traditional ceremonies",
    "origin": "Ibu Sari began drawing batik on the porch of her home in Babagan village, Lasem, "
              "in 1998, together with three neighbours.",
    "teacher": "Mbah Kasiyah, Ibu Sari's grandmother",
    "heritage": "three generations",
    "struggle": "In 2008 orders dried up, because printed cloth with Lasem patterns sold far "
                "cheaper at the market.",
    "overcome": "We began selling directly on Instagram and WhatsApp and showing how we wax "
                "each cloth, and buyers who value handwork found us.",
    "process_steps": ["drawing the pattern onto mori cotton",
                      "tracing it in hot wax with a canting or a copper stamp",
                      "dyeing it the red Lasem is known for", "boiling off the wax"],
    "duration": "one to three months for a hand-drawn cloth",
    "materials_origin": "We mix our red ourselves from morinda root, to a recipe handed down in "
                        "the family.",
    "difference": "We wax every hand-drawn cloth on both sides, so the motif is as clear from "
                  "the back as from the front.",
    "community": "Twelve batik makers from Babagan village now work from home, paid fairly and "
                 "on time.",
    "environment": "We let the dye water settle in a pond before it drains away, and we reuse "
                   "our wax.",
    "vision": "to see Lasem batik tulis worn by young people all over Indonesia",
    "feeling": "proud to wear the work of Lasem's women",
}


def load_demo() -> tuple[User, str, Brand]:
    """Create or refresh the demo owner (new random password) and the demo brand."""
    password = secrets.token_urlsafe(9)
    user = refresh_account(DEMO_EMAIL, DEMO_NAME, password)
    return user, password, ensure_demo_brand(user)


def refresh_account(email: str, name: str, password: str | None) -> User:
    """Create or refresh a demo account; None makes a password nobody knows."""
    with transaction() as session:
        user = session.scalar(User.by_email(email))
        if user is None:
            user = User(email=email, name=name, password_hash="", locale="id")
            session.add(user)
        else:  # a refreshed demo ends the sessions opened with the old password
            user.session_version += 1
        user.password_hash = hash_password(password or secrets.token_urlsafe(18))
    return user


def ensure_demo_brand(owner: User) -> Brand:
    """Create the demo brand with its revisions; an existing one keeps its history."""
    brand = get_session().scalar(Brand.by_slug(DEMO_SLUG, owner.id))
    if brand is None:
        (first_note, first), *later = DEMO_REVISIONS
        brand = brands.create_brand(owner, first, first_note, slug=DEMO_SLUG)
        for note, changes in later:
            if "colours" in changes:  # the revision that sets the look brings the logo too
                changes = {**changes, "logo": brands.store_logo(demo_logo(), media_store())}
            brands.save_profile(brand, owner, changes, brand.head_number, note)
    ensure_demo_story(brand, owner)
    return brand


def ensure_demo_story(brand: Brand, owner: User) -> None:
    """Walk the story wizard for the demo brand and save the story to its profile, once.

    A story the owner already started (or saved) is theirs: it is left as it is.
    """
    if stories.load_draft(brand) is not None or brands.head_revision(brand).profile.get("story"):
        return
    draft = stories.start_story(brand, DEMO_STORY_TEMPLATE, brands.head_revision(brand).profile)
    for step_id, answers in DEMO_STORY.items():
        stories.save_step(draft, step_id, answers, "next")
    stories.save_translations(draft, DEMO_STORY_EN, "next")
    stories.save_story(brand, owner, draft, "Cerita merek: asal-usul dan proses")
