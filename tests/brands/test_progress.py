"""The guided path: each brand's six steps, their states and the one next button."""

from __future__ import annotations

import re
from io import BytesIO

from tests.factories import create_brand
from tests.images import photo_jpeg
from webapp.brands.progress import progress
from webapp.brands.service import head_revision
from webapp.products.service import create_product

BRAND = "/brands/batik-sekar-lasem"
FULL = {"category": "fashion", "city": "Lasem", "province": "Jawa Tengah",
        "techniques": ["batik_tulis"], "channels": ["shopee", "instagram"]}


def states(app, brand_id: int) -> dict[str, str]:
    with app.test_request_context():
        from webapp.db import get_session
        from webapp.models import Brand

        brand = get_session().get(Brand, brand_id)
        path = progress(brand, head_revision(brand))
        return {step.key: step.state for step in path.steps} | {
            "next": path.next.key if path.next else None}


def next_button(page: str) -> str:
    """The primary button's label at the end of a brand's path."""
    found = re.findall(r'<p><a class="button" href="([^"]+)">([^<]+)</a></p>', page)
    assert found, "no next-step button"
    return found[0][1]


def test_a_new_brand_starts_at_its_profile(app, client, auth):
    owner = auth.create()
    with app.app_context():
        brand_id = create_brand(owner).id
    assert states(app, brand_id) == {"profile": "started", "story": "todo", "products": "todo",
                                     "photos": "todo", "channels": "todo", "pack": "todo",
                                     "next": "profile"}
    auth.login()
    page = client.get("/dashboard").get_data(as_text=True)
    assert "0 dari 6 langkah selesai" in page
    assert "Belum diisi: kategori, kota, kanal penjualan, teknik atau bahan." in page
    assert next_button(page) == "Lengkapi profil"


def test_the_path_moves_on_with_the_owner(app, client, auth):
    owner = auth.create()
    with app.app_context():
        brand = create_brand(owner, **FULL)
        brand_id = brand.id
        product_id = create_product(brand, {"name": "Kain Lasem"}).id
    assert states(app, brand_id)["next"] == "story"
    auth.login()
    # the story is the next button until one is saved; then photos, for the bare product
    assert next_button(client.get("/dashboard").get_data(as_text=True)) == "Mulai cerita"
    with app.app_context():
        from webapp.brands.service import save_profile
        from webapp.db import get_session
        from webapp.models import Brand, User

        brand = get_session().get(Brand, brand_id)
        save_profile(brand, get_session().get(User, owner.id),
                     {"story": {"template": "asal-usul", "answers": {"asal": "Lasem"}}},
                     brand.head_number)
    page = client.get("/dashboard").get_data(as_text=True)
    assert next_button(page) == "Tambah foto Kain Lasem"
    assert f"{BRAND}/products/{product_id}/photos/" in page
    client.post(f"{BRAND}/products/{product_id}/photos/",
                data={"photos": [(BytesIO(photo_jpeg(1200, 1200)), "kain.jpg")]},
                content_type="multipart/form-data")
    page = client.get("/dashboard").get_data(as_text=True)
    # the thumbnail shows, and the chosen channels' lights are counted
    assert f"{BRAND}/products/{product_id}/photos/" in page and "thumb.jpg" in page
    assert re.search(r"Shopee:\s*<span class=\"light-count light-count--\w+\">1 ", page)
    assert "Lazada:" not in page  # not a chosen channel
    assert states(app, brand_id)["photos"] == "done"


def test_the_brand_page_shows_the_path_and_its_next_button(app, client, auth):
    owner = auth.create()
    with app.app_context():
        create_brand(owner, **FULL)
    auth.login()
    page = client.get(BRAND).get_data(as_text=True)
    assert "Langkah menuju paket listing" in page
    assert next_button(page) == "Mulai cerita"


def test_pages_that_finish_a_step_end_with_the_next_one(app, client, auth):
    owner = auth.create()
    with app.app_context():
        brand = create_brand(owner, **FULL)
        product_id = create_product(brand, {"name": "Kain Lasem", "price": 150000}).id
    auth.login()
    product = client.get(f"{BRAND}/products/{product_id}").get_data(as_text=True)
    assert 'class="next-step"' in product and "Tambah foto produk" in product
    client.post(f"{BRAND}/products/{product_id}/photos/",
                data={"photos": [(BytesIO(photo_jpeg(1200, 1200)), "kain.jpg")]},
                content_type="multipart/form-data")
    product = client.get(f"{BRAND}/products/{product_id}").get_data(as_text=True)
    assert "Lihat teks listing per kanal →" in product
    # only the chosen channels' previews, the others folded under "Kanal lain"
    head, _, others = product.partition('<details class="other-channels">')
    assert "Pratinjau Shopee" in head and "Pratinjau Instagram" in head
    assert "Pratinjau Lazada" not in head and "Pratinjau Lazada" in others
    overview = client.get(f"{BRAND}/products/{product_id}/listings/").get_data(as_text=True)
    assert f'href="{BRAND}/packs/">Buat paket listing' in overview
    # a buyer's-eye view of the listing: the photo, the title and the price as Rp150.000
    shopee = client.get(f"{BRAND}/products/{product_id}/listings/shopee").get_data(as_text=True)
    view = shopee.partition('class="card buyer-view"')[2].partition("</details>")[0]
    assert "Di hasil pencarian" in view and "Rp150.000" in view
    assert "/preview/shopee.jpg" in view


def test_a_photo_the_coach_warns_about_keeps_the_photo_step_open(app, client, auth):
    from PIL import ImageEnhance

    from tests.images import jpeg, photo_image

    owner = auth.create()
    with app.app_context():
        brand = create_brand(owner, **FULL)
        product_id = create_product(brand, {"name": "Kain Lasem"}).id
        brand_id = brand.id
    auth.login()
    dark = ImageEnhance.Brightness(photo_image(1200, 1200)).enhance(0.15)
    client.post(f"{BRAND}/products/{product_id}/photos/",
                data={"photos": [(BytesIO(jpeg(dark)), "gelap.jpg")]},
                content_type="multipart/form-data")
    assert states(app, brand_id)["photos"] == "started"
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Foto dengan saran perbaikan: 1." in page
