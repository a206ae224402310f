"""Deleting a photo asks first and can be undone for 30 days; the coach's warnings and the
focus marker on the pages; only the brand's channels up front."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests import images
from tests.factories import create_brand
from tests.photos.coach_set import make
from tests.photos.test_pages import BRAND, photos, upload
from webapp.db import get_session, transaction
from webapp.models import Photo, Product, utcnow


@pytest.fixture
def shop_url(app, client, auth):
    """A logged-in owner whose brand sells on Shopee only, with one product; its URL."""
    owner = auth.create()
    with app.app_context():
        brand = create_brand(owner, channels=["shopee"])
        from webapp.products.service import create_product

        product_id = create_product(brand, {"name": "Cangkir Lurik"}).id
    auth.login()
    return f"{BRAND}/products/{product_id}"


def jpeg(sample) -> bytes:
    """A labelled photo of the coach's set as a phone's JPEG."""
    buffer = io.BytesIO()
    sample.image.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def three(app, client, url) -> list[Photo]:
    """Upload three photos; return them in order."""
    upload(client, url, *[(f"f{n}.jpg", images.photo_jpeg(64, 64, seed=n)) for n in range(3)])
    return photos(app)


def test_delete_asks_first_and_the_photo_can_be_restored_to_its_place(app, client, shop_url):
    first, second, third = three(app, client, shop_url)
    page = client.get(shop_url + "/photos/").get_data(as_text=True)
    # The delete button only opens a question; the form that deletes sits behind it.
    assert re.search(r"<details class=\"confirm\">\s*<summary[^>]*>Hapus</summary>", page)
    assert "Ya, hapus foto 2" in page
    assert client.post(f"{shop_url}/photos/{second.id}/delete", data={}).status_code == 302
    assert [(p.id, p.position) for p in photos(app)] == [(first.id, 0), (third.id, 1)]
    page = client.get(shop_url + "/photos/").get_data(as_text=True)
    assert "Foto terhapus" in page and "Pulihkan" in page and "30 hari" in page
    # Gone from the pages: its editor, its previews; its thumbnail only in the trash list.
    assert client.get(f"{shop_url}/photos/{second.id}").status_code == 404
    assert client.get(f"{shop_url}/photos/{second.id}/preview/shopee.jpg").status_code == 404
    assert client.get(f"{shop_url}/photos/trash/{second.id}/thumb.jpg").status_code == 200
    assert client.get(f"{shop_url}/photos/trash/{first.id}/thumb.jpg").status_code == 404
    assert client.post(f"{shop_url}/photos/trash/{second.id}/restore", data={}
                       ).status_code == 302
    assert [p.id for p in photos(app)] == [first.id, second.id, third.id]
    assert [p.position for p in photos(app)] == [0, 1, 2]
    assert photos(app, trashed=True) == []


def test_restore_is_refused_when_the_product_is_full(app, client, shop_url):
    upload(client, shop_url, ("a.jpg", images.photo_jpeg(64, 64, seed=1)))
    gone = photos(app)[0]
    client.post(f"{shop_url}/photos/{gone.id}/delete", data={})
    upload(client, shop_url, *[(f"g{n}.jpg", images.photo_jpeg(64, 64, seed=10 + n))
                               for n in range(10)])
    assert len(photos(app)) == 10
    client.post(f"{shop_url}/photos/trash/{gone.id}/restore", data={})
    page = client.get(shop_url + "/photos/").get_data(as_text=True)
    assert "Foto tidak dipulihkan: sudah ada 10 foto" in page
    assert len(photos(app)) == 10 and [p.id for p in photos(app, trashed=True)] == [gone.id]


def test_the_trash_keeps_thirty_days_then_the_sweep_removes_row_and_file(app, client, shop_url,
                                                                          runner):
    first, second, _third = three(app, client, shop_url)
    client.post(f"{shop_url}/photos/{first.id}/delete", data={})
    client.post(f"{shop_url}/photos/{second.id}/delete", data={})
    with app.app_context(), transaction() as session:
        session.get(Photo, first.id).deleted_at = utcnow() - timedelta(days=31)
    # Past 30 days: no longer offered, and the sweep lists it, then removes it.
    page = client.get(shop_url + "/photos/").get_data(as_text=True)
    assert f"trash/{first.id}/restore" not in page and f"trash/{second.id}/restore" in page
    assert client.post(f"{shop_url}/photos/trash/{first.id}/restore", data={}
                       ).status_code == 404
    listed = runner.invoke(args=["media", "sweep"])
    assert f"expired: photo {first.id} from the trash" in listed.output
    assert f"photo {second.id}" not in listed.output
    swept = runner.invoke(args=["media", "sweep", "--apply"])
    assert f"removed: photo {first.id} from the trash" in swept.output
    assert f"deleted: photos/{first.original}" in swept.output
    assert f"photos/{second.original}" not in swept.output  # still restorable: kept
    assert [p.id for p in photos(app, trashed=True)] == [second.id]


def test_erase_removes_a_trashed_photo_for_good(app, client, shop_url):
    first, *_rest = three(app, client, shop_url)
    assert client.post(f"{shop_url}/photos/trash/{first.id}/erase", data={}).status_code == 404
    client.post(f"{shop_url}/photos/{first.id}/delete", data={})
    assert client.post(f"{shop_url}/photos/trash/{first.id}/erase", data={}).status_code == 302
    with app.app_context():
        assert get_session().get(Photo, first.id) is None
    assert len(photos(app)) == 2


def test_deleted_photos_leave_the_product_pages_and_copies(app, client, shop_url):
    first, second, _third = three(app, client, shop_url)
    client.post(f"{shop_url}/photos/{first.id}/delete", data={})
    page = client.get(shop_url).get_data(as_text=True)
    assert "Foto produk (2)" in page
    assert f"/photos/{second.id}/preview/" in page and f"/photos/{first.id}/" not in page
    with app.app_context():
        product = get_session().scalar(select(Product))
        assert [p.id for p in product.photos] == [second.id, _third.id]
        assert [p.id for p in product.trashed_photos] == [first.id]


def test_the_coach_warns_with_a_tip_at_upload_and_in_the_editor(app, client, shop_url):
    upload(client, shop_url,
           ("gelap.jpg", jpeg(make("wall", "cup", "small", "blur", "dark"))),
           ("bagus.jpg", jpeg(make("wall", "cup", "large", "sharp", "normal"))))
    dim, good = photos(app)
    assert dim.measures and good.measures  # measured at upload
    page = client.get(shop_url + "/photos/").get_data(as_text=True)
    items = page.split('class="photo-item"')
    assert "Foto ini buram." in items[1] and "Foto ini terlalu gelap." in items[1]
    assert "Produk hanya mengisi sebagian kecil foto." in items[1]
    assert "Pegang ponsel dengan dua tangan" in items[1]  # the tip
    assert 'class="coach' not in items[2]
    editor = client.get(f"{shop_url}/photos/{dim.id}").get_data(as_text=True)
    assert "Saran untuk foto ini" in editor and "Foto di dekat jendela" in editor


def test_a_photo_from_before_the_coach_is_measured_from_its_original(app, client, shop_url):
    upload(client, shop_url, ("gelap.jpg", jpeg(make("table", "cloth", "large", "sharp",
                                                     "dark"))))
    with app.app_context(), transaction() as session:
        session.scalar(select(Photo)).measures = None
    page = client.get(shop_url + "/photos/").get_data(as_text=True)
    assert "Foto ini terlalu gelap." in page and "Foto ini buram." not in page


def test_too_small_is_said_for_the_brands_own_channels(app, client, shop_url):
    upload(client, shop_url, ("kecil.jpg", images.photo_jpeg(300, 300, seed=3)))
    page = client.get(shop_url + "/photos/").get_data(as_text=True)
    assert "Foto terlalu kecil untuk Shopee." in page
    assert "Kirim file asli dari kamera" in page


def test_the_editor_shows_the_marker_and_the_other_channels_folded(app, client, shop_url):
    upload(client, shop_url, ("lebar.jpg", images.photo_jpeg(600, 300, seed=4)))
    photo = photos(app)[0]
    url = f"{shop_url}/photos/{photo.id}"
    client.post(url, data={"focus.x": "75", "focus.y": "30"})
    page = client.get(url).get_data(as_text=True)
    assert re.search(r'<circle class="focus-marker__ring" cx="25%" cy="20%"', page)
    assert "25% dari kiri, 20% dari atas" in page
    assert 'data-said="Titik fokus sekarang: {x}% dari kiri, {y}% dari atas."' in page
    head, _sep, folded = page.partition("<summary>Kanal lain</summary>")
    assert 'alt="Pratinjau Shopee"' in head and 'alt="Pratinjau Instagram"' not in head
    assert 'alt="Pratinjau Instagram"' in folded


def test_isi_penuh_is_saved_and_changes_the_marketplace_cover(app, client, shop_url):
    upload(client, shop_url, ("lebar.jpg", images.photo_jpeg(900, 300, seed=5)))
    photo = photos(app)[0]
    url = f"{shop_url}/photos/{photo.id}"
    barred = client.get(url + "/preview/shopee.jpg").data
    assert client.post(url, data={"background": "white", "cover": "fill"}).status_code == 302
    assert photos(app)[0].fill_frame is True
    assert 'value="fill" checked' in client.get(url).get_data(as_text=True)
    filled = client.get(url + "/preview/shopee.jpg").data
    assert filled != barred
    # Any other save of the options without the choice keeps it.
    client.post(url, data={"background": "white"})
    assert photos(app)[0].fill_frame is True
    client.post(url, data={"background": "white", "cover": "bars"})
    assert photos(app)[0].fill_frame is False
    assert client.get(url + "/preview/shopee.jpg").data == barred
