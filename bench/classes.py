"""Benchmark: the class page of a class of 300 brands with 20 products each (issue 14).

Fixed inputs: 300 owners, each sharing one brand (profile, 3 channels), 20 products a brand with
2 photos each (stored coach measures), an owner's edit on every fifth product, story drafts and
built packs on some brands; written straight into a temporary SQLite database. Prints the time
to fill the listing-light cache from cold (the background job's work), then the class page's
median and 95th-percentile time with a warm cache, its size, and the number of SQL queries one
page view runs (counted by an SQLAlchemy event listener). Target: under 300 ms, and a query
count that does not grow with the class. Run with `make bench` or `.venv/bin/python
bench/classes.py [BRANDS] [PRODUCTS]`; nothing here asserts a speed (tests never do).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BRANDS, PRODUCTS, PHOTOS, ROUNDS = 300, 20, 2, 15
PASSWORD = "tenun ikat sumba pagi"  # noqa: S105 (a throwaway bench account)
CHANNELS = ["shopee", "tokopedia", "instagram"]
MEASURES = {"sharpness": 0.5, "laplacian_variance": 300.0, "lightness": 150.0, "clipped": 0.01,
            "crushed": 0.01, "span": 0.7}
BLURRY = {**MEASURES, "sharpness": 0.01}


def profile(number: int) -> dict:
    """A brand's profile: every third without a story, every seventh without channels."""
    from webapp.brands.profile import empty_profile

    return {**empty_profile(), "name": f"Tenun Bench {number:03d}", "city": "Waingapu",
            "province": "Nusa Tenggara Timur", "category": "fashion",
            "techniques": ["ikat_lungsi"], "materials": ["katun"], "tone": "anda",
            "people": "Mama Rambu dan dua belas penenun.",
            "channels": CHANNELS if number % 7 else [],
            "story": {} if number % 3 == 0 else {"id": {"tagline": "Tenun dari Rende."}}}


def product(brand_id: int, number: int, moment: datetime) -> dict:
    """A product row with what the copywriter reads."""
    return {"brand_id": brand_id, "name": f"Kain Tenun Ikat Sumba Motif Kuda {number}",
            "product_type": "kain", "category": "fashion", "technique": "ikat_lungsi",
            "materials": ["katun", "pewarna_alam"], "motif": "Kuda", "region": "sumba",
            "colours": ["merah marun"], "sizes": [], "length_cm": 240.0, "width_cm": 110.0,
            "weight_g": 600, "parcel_weight_g": 700 if number % 4 else None,
            "parcel_length_cm": 30.0, "parcel_width_cm": 25.0, "parcel_height_cm": 5.0,
            "link": "", "categories": {}, "price": 2_500_000, "stock": 2, "sku": f"B-{number}",
            "care_notes": "", "variants": [], "created_at": moment, "updated_at": moment}


def build(brands: int, products: int) -> int:
    """Write the class straight into the database; return the class id."""
    from sqlalchemy import insert, select

    from webapp.accounts.service import hash_password
    from webapp.db import transaction
    from webapp.models import (
        Brand,
        BrandRevision,
        Kelas,
        KelasShare,
        KelasTrainer,
        ListingCopy,
        PackJob,
        Photo,
        Product,
        StoryDraft,
        User,
    )

    moment = datetime(2026, 12, 1, 8, tzinfo=UTC)
    with transaction() as session:
        secret = hash_password(PASSWORD)
        session.execute(insert(User), [{"email": f"owner{n}@bench.id", "name": f"Ibu {n:03d}",
                                        "password_hash": secret} for n in range(brands)]
                        + [{"email": "trainer@bench.id", "name": "Pendamping", "password_hash":
                            secret}])
        owners = dict(session.execute(select(User.email, User.id)).all())
        session.execute(insert(Brand), [{"owner_id": owners[f"owner{n}@bench.id"],
                                         "slug": f"bench-{n}", "head_number": 1,
                                         "created_at": moment, "updated_at": moment}
                                        for n in range(brands)])
        brand_ids = list(session.scalars(select(Brand.id).order_by(Brand.id)))
        session.execute(insert(BrandRevision), [
            {"brand_id": b, "number": 1, "author_name": "Bench", "profile": profile(n),
             "created_at": moment} for n, b in enumerate(brand_ids)])
        session.execute(insert(Product), [product(b, p, moment + timedelta(minutes=p))
                                          for b in brand_ids for p in range(products)])
        product_ids = list(session.scalars(select(Product.id).order_by(Product.id)))
        session.execute(insert(Photo), [
            {"product_id": p, "position": k, "original": f"{p:060d}{k}.jpg", "width": 1600,
             "height": 1600, "measures": BLURRY if (p + k) % 9 == 0 else MEASURES,
             "created_at": moment} for p in product_ids for k in range(PHOTOS)])
        session.execute(insert(ListingCopy), [
            {"product_id": p, "channel_id": "shopee", "field": "title",
             "text": f"=Kain tenun ikat Sumba {p}", "updated_at": moment}
            for p in product_ids[::5]])
        session.execute(insert(StoryDraft), [
            {"brand_id": b, "template_id": "asal_usul", "answers": {}, "edited": {},
             "updated_at": moment} for b in brand_ids[::2]])
        session.execute(insert(PackJob), [
            {"brand_id": b, "owner_id": owners["owner0@bench.id"], "revision_number": 1,
             "options": {}, "status": "done", "created_at": moment + timedelta(hours=3)}
            for b in brand_ids[::4]])
        kelas = Kelas(code="BENCH1", name="Kelas Bench", organiser="BPIFK")
        session.add(kelas)
        session.flush()
        session.add(KelasTrainer(class_id=kelas.id, user_id=owners["trainer@bench.id"],
                                 role="lead"))
        session.execute(insert(KelasShare), [
            {"class_id": kelas.id, "brand_id": b, "owner_id": owners[f"owner{n}@bench.id"],
             "shared_at": moment} for n, b in enumerate(brand_ids)])
        return kelas.id


class QueryCounter:
    """Counts the SQL statements an engine runs (an SQLAlchemy event listener)."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self.seen)

    def seen(self, *_args) -> None:
        """One more statement."""
        self.count += 1


def main() -> None:
    """Build the class, fill the cache from cold, then time the class page with it warm."""
    brands = int(sys.argv[1]) if len(sys.argv) > 1 else BRANDS
    products = int(sys.argv[2]) if len(sys.argv) > 2 else PRODUCTS
    with tempfile.TemporaryDirectory() as folder:
        os.environ["STUDIO_CERITA_INSTANCE"] = folder
        from webapp import create_app
        from webapp.classes.lights import fill_class
        from webapp.db import get_engine
        from webapp.models import Base

        app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
                          "JOBS_MODE": "inline", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"})
        Base.metadata.create_all(get_engine(app))
        with app.app_context():
            start = time.perf_counter()
            class_id = build(brands, products)
            print(f"Studio Cerita class page benchmark: {brands} brands x {products} products "
                  f"x {PHOTOS} photos, {len(CHANNELS)} channels a brand, {os.cpu_count()} CPUs")
            print(f"build data       {time.perf_counter() - start:7.2f} s")
            start = time.perf_counter()
            fill_class(class_id)
            cold = time.perf_counter() - start
            print(f"fill lights cold {cold:7.2f} s   ({brands * products / cold:7.1f} products/s,"
                  f" the background job's work)")
        client = app.test_client()
        client.post("/login", data={"email": "trainer@bench.id", "password": PASSWORD})
        url = f"/classes/{class_id}"
        counter = QueryCounter(get_engine(app))
        timings = []
        for _ in range(ROUNDS):
            before = counter.count
            begin = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - begin)
            queries = counter.count - before
            assert response.status_code == 200, response.status_code
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"class page warm  median {statistics.median(timings) * 1000:7.1f} ms   p95 "
              f"{p95 * 1000:7.1f} ms   {queries} queries   {len(response.data) / 1024:6.0f} KB")
        for path in ("?sort=progress&show=photos", "/report.csv", "/report.xlsx"):
            before, begin = counter.count, time.perf_counter()
            response = client.get(url + path)
            print(f"{path:<26} {(time.perf_counter() - begin) * 1000:7.1f} ms   "
                  f"{counter.count - before} queries   status {response.status_code}")


if __name__ == "__main__":
    main()
