"""The class page: who may see it, its rows, sorting and filtering, the light cache (never a
stale green) and a query count that does not grow with the class."""

from __future__ import annotations

import pytest
from sqlalchemy import event, insert, select

from tests.factories import create_brand, create_user, logged_in
from webapp.classes import lights, service, standing
from webapp.db import get_engine, get_session, transaction
from webapp.models import Brand, ListingLight, PackJob, Product, StoryDraft
from webapp.products.service import create_product, update_product

TRAINER = "guru@example.id"
PRODUCT = {"name": "Kain Tenun Ikat Sumba Motif Kuda", "product_type": "kain",
           "category": "fashion", "technique": "ikat_lungsi", "materials": ["katun"],
           "price": 2_500_000, "stock": 2, "weight_g": 600}


@pytest.fixture
def app(app_factory):
    """Background work runs at once, in the request (no thread races with the test)."""
    return app_factory(JOBS_MODE="inline")


def log_in(app, email=TRAINER):
    """The class's trainer, unless another email is given."""
    return logged_in(app, email)


def add_brand(kelas, number: int, *, products: int = 1, story: bool = False, **profile):
    """An owner sharing one brand with kelas; returns the brand."""
    owner = create_user(email=f"owner{number}@example.id", name=f"Ibu {number:02d}")
    fields = {"city": "Waingapu", "province": "Nusa Tenggara Timur", "category": "fashion",
              "techniques": ["ikat_lungsi"], "channels": ["shopee", "tokopedia"], **profile}
    if story:
        fields["story"] = {"id": {"tagline": "Tenun dari Rende."}}
    brand = create_brand(owner, f"Tenun {number:02d}", **fields)
    for index in range(products):
        create_product(brand, {**PRODUCT, "name": f"{PRODUCT['name']} {index}"})
    service.join(owner, kelas.code, [brand.id])
    return brand


@pytest.fixture
def kelas(app):
    """A class with a lead trainer and three brands: a story done, a draft, nothing."""
    with app.app_context():
        trainer = create_user(email=TRAINER, name="Pak Guru")
        kelas = service.create_class(trainer, "Kelas Tenun Sumba", "BPIFK")
        add_brand(kelas, 1, story=True)
        drafted = add_brand(kelas, 2, products=2)
        add_brand(kelas, 3, products=0)
        with transaction() as session:
            session.add(StoryDraft(brand_id=drafted.id, template_id="asal_usul"))
            session.add(PackJob(brand_id=drafted.id, owner_id=drafted.owner_id,
                                revision_number=1, options={}, status="done"))
        return kelas


def page(client, kelas, query: str = "") -> str:
    response = client.get(f"/classes/{kelas.id}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_shows_every_shared_brand_with_where_it_stands(app, kelas):
    html = page(log_in(app), kelas)
    assert "Kelas Tenun Sumba" in html and kelas.code in html
    assert f"http://localhost/classes/join/{kelas.code}" in html
    for number in (1, 2, 3):
        assert f"Tenun {number:02d}" in html and f"Ibu {number:02d}" in html
    assert f'href="/classes/{kelas.id}/brands/tenun-01"' in html
    assert "Waingapu, Nusa Tenggara Timur" in html
    assert "Selesai" in html and "Sedang ditulis" in html and "Belum mulai" in html
    assert "Pak Guru" in html and "classes.css" in html


def test_only_the_class_s_trainers_see_it(app, kelas):
    with app.app_context():
        create_user(email="lain@example.id", name="Pak Lain")
    assert log_in(app, "lain@example.id").get(f"/classes/{kelas.id}").status_code == 404
    assert log_in(app, "owner1@example.id").get(f"/classes/{kelas.id}").status_code == 404
    assert log_in(app).get(f"/classes/{kelas.id + 1}").status_code == 404
    assert app.test_client().get(f"/classes/{kelas.id}").status_code == 302  # to the login


def test_an_ended_share_leaves_the_page(app, kelas):
    with app.app_context():
        share = get_session().scalar(select(service.KelasShare).where(
            service.KelasShare.owner_id == 2))
        owner = get_session().get(service.User, share.owner_id)
        service.end_share(owner, share.id)
    html = page(log_in(app), kelas)
    assert "Tenun 01" not in html and "Tenun 02" in html


@pytest.mark.parametrize(("shown", "present", "absent"), [
    ("no_story", ("Tenun 02", "Tenun 03"), ("Tenun 01",)),
    ("no_products", ("Tenun 03",), ("Tenun 01", "Tenun 02")),
    ("no_pack", ("Tenun 01", "Tenun 03"), ("Tenun 02",)),
    ("photos", (), ("Tenun 01", "Tenun 02", "Tenun 03")),
    ("nonsense", ("Tenun 01", "Tenun 02", "Tenun 03"), ()),
])
def test_filters_work_without_javascript(app, kelas, shown, present, absent):
    html = page(log_in(app), kelas, f"?show={shown}")
    assert all(name in html for name in present)
    assert not any(name in html for name in absent)


def test_sorting_by_progress_puts_the_least_advanced_first(app, kelas):
    html = page(log_in(app), kelas, "?sort=progress")
    assert html.index("Tenun 03") < html.index("Tenun 01")
    by_name = page(log_in(app), kelas, "?sort=name")
    assert by_name.index("Tenun 01") < by_name.index("Tenun 02") < by_name.index("Tenun 03")


def test_the_page_reads_in_english(app, kelas):
    client = log_in(app)
    client.post("/language", data={"language": "en", "next": "/"})
    html = page(client, kelas)
    assert "Show" in html and "Sort" in html and "Last activity" in html


# --- the light cache: truth first -----------------------------------------------------------

def inputs(app, kelas):
    with app.app_context():
        brands, products, cached = standing.class_inputs(kelas.id)
        known, stale = lights.fresh_lights(products, brands, cached, False)
        return known, [product.product_id for product in stale]


def test_lights_are_cached_and_every_change_makes_them_stale(app, kelas):
    page(log_in(app), kelas)  # computes and caches every light
    known, stale = inputs(app, kelas)
    assert stale == [] and len(known.lights) == 3
    assert all(set(channels) == {"shopee", "tokopedia"} for channels in known.lights.values())
    with app.app_context():
        product = get_session().scalar(select(Product).order_by(Product.id))
        update_product(product, {"stock": 9})
        first = product.id
    assert inputs(app, kelas)[1] == [first]


def test_a_listing_edit_and_a_new_photo_make_the_light_stale(app, kelas):
    from tests.images import photo_jpeg
    from webapp.listings.channels import get_channel
    from webapp.listings.service import save_copy
    from webapp.media import media_store
    from webapp.photos.service import add_photos

    page(log_in(app), kelas)
    with app.app_context():
        product = get_session().scalar(select(Product).order_by(Product.id))
        save_copy(get_session().get(Brand, product.brand_id), product, get_channel("shopee"),
                  "title", "Kain tenun ikat buatan tangan dari Sumba")
    assert inputs(app, kelas)[1] == [product.id]
    page(log_in(app), kelas)
    with app.app_context():
        product = get_session().get(Product, product.id)
        add_photos(product, [("a.jpg", photo_jpeg(1200, 1200))], media_store())
    assert inputs(app, kelas)[1] == [product.id]


def row_of(html: str, name: str, following: str) -> str:
    """The part of the page between two brands' names."""
    return html.split(name, 1)[1].split(following, 1)[0]


def test_a_stale_green_is_never_shown(app, kelas, monkeypatch):
    client = log_in(app)
    page(client, kelas)
    with app.app_context():
        product = get_session().scalar(select(Product).order_by(Product.id))
        with transaction() as session:  # pretend the cached verdict was green
            session.get(ListingLight, product.id).lights = "shopee=green tokopedia=green"
    # the page reads the cache, not the copywriter, while the fingerprint matches
    assert row_of(page(client, kelas), "Tenun 01", "Tenun 02").count("1 hijau") == 2
    submitted = []
    monkeypatch.setattr(lights, "INLINE_PRODUCTS", 0)
    monkeypatch.setattr(lights, "submit_fill", submitted.append)
    with app.app_context():
        update_product(get_session().get(Product, product.id), {"stock": 7})
    html = page(client, kelas)
    assert "hijau" not in row_of(html, "Tenun 01", "Tenun 02")
    assert row_of(html, "Tenun 01", "Tenun 02").count("1 dihitung...") == 2
    assert submitted == [kelas.id]


# --- no query per row --------------------------------------------------------------------------

def count_queries(app, client, url: str) -> int:
    seen = []
    engine = get_engine(app)
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def test_the_query_count_does_not_grow_with_the_class(app):
    with app.app_context():
        trainer = create_user(email=TRAINER, name="Pak Guru")
        small = service.create_class(trainer, "Kecil")
        large = service.create_class(trainer, "Besar")
        for number in range(3):
            add_brand(small, number, products=2, story=number == 1)
        for number in range(3, 33):
            add_brand(large, number, products=2, story=number % 2 == 0)
        with transaction() as session:
            session.execute(insert(StoryDraft), [{"brand_id": brand_id, "template_id": "x"}
                                                 for brand_id in (1, 5, 9)])
    client = log_in(app)
    for kelas in (small, large):  # warm the cache
        page(client, kelas)
    counts = {kelas.name: count_queries(app, client, f"/classes/{kelas.id}")
              for kelas in (small, large)}
    assert counts["Kecil"] == counts["Besar"], counts
    reports = {kelas.name: count_queries(app, client, f"/classes/{kelas.id}/report.csv")
               for kelas in (small, large)}
    assert reports["Kecil"] == reports["Besar"], reports
