"""The demo class: a trainer (pendamping) with a class that the demo brand and two small brands of
other demo owners are shared with, each at another stage: `contoh` is ready (story, products,
photos), Tenun Rende has a story but no photos yet, Kulit Garut Sahaja has no story yet. Nothing
here draws photos, so `demo load` stays fast."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from sqlalchemy import select

from webapp.brands import service as brands
from webapp.classes import service as classes
from webapp.db import get_session
from webapp.demo.brand import refresh_account
from webapp.models import Brand, Kelas, KelasTrainer, User
from webapp.products.service import create_product
from webapp.stories import service as stories

TRAINER_EMAIL = "pendamping@studiocerita.id"
TRAINER_NAME = "Pak Budi (pendamping demo)"
CLASS_NAME = "Kelas Kriya Nusantara (demo)"
CLASS_ORGANISER = "BPIFK (demo)"

TENUN_STORY: dict[str, dict[str, Any]] = {
    "profil": {"brand": "Tenun Rende", "owner": "Mama Rambu", "city": "Waingapu",
               "province": "Nusa Tenggara Timur", "founded": "2009", "category": "fashion",
               "craft": "tenun", "techniques": ["ikat_lungsi"], "materials": ["katun"],
               "dyes": ["pewarna_alam"], "products": "kain hinggi dan selendang",
               "team_size": "12", "customers": "kolektor kain dan keluarga di Sumba",
               "price_from": "750000", "whatsapp": "0812-3000-4000", "instagram": "@tenunrende"},
    "asal": {"origin": "Mama Rambu mulai menenun bersama perempuan Desa Rende pada 2009.",
             "teacher": "ibu Mama Rambu", "heritage": "tiga generasi"},
    "tantangan": {"struggle": "Benang dan pewarna alam makin sulit didapat.",
                  "overcome": "Kami menanam sendiri mengkudu dan nila di kebun desa."},
    "proses": {"process_steps": ["memintal benang", "mengikat motif", "mencelup dengan nila",
                                 "menenun di alat gedogan"],
               "duration": "tiga sampai enam bulan untuk selembar hinggi",
               "materials_origin": "Warna birunya dari daun nila yang kami tanam sendiri.",
               "difference": "Motif kuda dan rusa kami ikat dengan tangan, helai demi helai."},
    "dampak": {"community": "Dua belas penenun Rende bekerja dari rumah dengan upah adil.",
               "environment": "Sisa celupan kami pakai lagi untuk kebun."},
    "visi": {"vision": "melihat tenun Sumba dipakai dengan bangga di seluruh Indonesia",
             "feeling": "bangga memakai karya perempuan Sumba"},
}

#: The other demo owners: (email, name, slug, profile, story answers or None, product).
OWNERS: list[tuple[str, str, str, dict[str, Any], dict | None, dict[str, Any]]] = [
    ("mama.rambu@studiocerita.id", "Mama Rambu (demo)", "demo-tenun-rende",
     {"name": "Tenun Rende", "city": "Waingapu", "province": "Nusa Tenggara Timur",
      "category": "fashion", "techniques": ["ikat_lungsi"], "materials": ["katun"],
      "channels": ["shopee", "instagram"], "tone": "anda"},
     TENUN_STORY,
     {"name": "Kain Tenun Ikat Sumba Hinggi Motif Kuda", "product_type": "kain",
      "category": "fashion", "technique": "ikat_lungsi", "materials": ["katun", "pewarna_alam"],
      "motif": "Kuda dan Rusa", "region": "sumba", "colours": ["merah marun"],
      "length_cm": 240.0, "width_cm": 110.0, "weight_g": 600, "price": 2_500_000, "stock": 2}),
    ("pak.asep@studiocerita.id", "Pak Asep (demo)", "demo-kulit-garut",
     {"name": "Kulit Garut Sahaja", "city": "Garut", "province": "Jawa Barat",
      "category": "kriya", "channels": ["tokopedia"], "tone": "anda"},
     None,
     {"name": "Dompet Kulit Sapi Jahit Tangan", "product_type": "dompet", "category": "kriya",
      "technique": "jahit_tangan", "materials": ["kulit"], "colours": ["coklat tua"],
      "price": 350_000, "stock": 10, "sku": "KGS-DMP-01"}),
]


def demo_class(trainer: User) -> Kelas:
    """The trainer's demo class, opened once."""
    kelas = get_session().scalar(
        select(Kelas).join(KelasTrainer, KelasTrainer.class_id == Kelas.id)
        .where(KelasTrainer.user_id == trainer.id, KelasTrainer.role == "lead",
               Kelas.name == CLASS_NAME))
    if kelas is None:
        year = date.today().year
        kelas = classes.create_class(trainer, CLASS_NAME, CLASS_ORGANISER,
                                     date(year, 1, 5), date(year, 12, 20))
    return kelas


def owner_brand(email: str, name: str, slug: str, profile: dict[str, Any],
                story: dict | None, product: dict[str, Any]) -> Brand:
    """A small demo brand of another owner, made once (its owner never logs in)."""
    owner = get_session().scalar(User.by_email(email)) or refresh_account(email, name, None)
    brand = get_session().scalar(Brand.by_slug(slug, owner.id))
    if brand is not None:
        return brand
    brand = brands.create_brand(owner, profile, "Profil pertama", slug=slug)
    create_product(brand, dict(product))
    if story is not None:
        draft = stories.start_story(brand, "asal_usul", brands.head_revision(brand).profile)
        for step_id, answers in story.items():
            stories.save_step(draft, step_id, answers, "next")
        stories.save_story(brand, owner, draft, "Cerita merek")
    return brand


def load_demo_class(demo_brand: Brand) -> tuple[User, str, Kelas]:
    """Create or refresh the demo trainer (new random password) and the demo class, with the
    demo brand and the other demo owners' brands shared."""
    password = secrets.token_urlsafe(9)
    trainer = refresh_account(TRAINER_EMAIL, TRAINER_NAME, password)
    kelas = demo_class(trainer)
    shared = [(demo_brand.owner_id, demo_brand.id)]
    for email, name, slug, profile, story, product in OWNERS:
        brand = owner_brand(email, name, slug, profile, story, product)
        shared.append((brand.owner_id, brand.id))
    for owner_id, brand_id in shared:
        if classes.active_share(kelas.id, brand_id) is None:
            classes.join(get_session().get(User, owner_id), kelas.code, [brand_id],
                         show_contacts=True)
    return trainer, password, kelas

