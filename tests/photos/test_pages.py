"""Photo pages: upload several at once, refusals explained per file, order, options, previews."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import select

from tests import images
from tests.factories import create_brand, create_user
from webapp.db import get_session, made_once
from webapp.models import Photo, Product

BRAND = "/brands/batik-sekar-lasem"


@pytest.fixture
def product_url(app, client, auth):
    """A logged-in owner with one product; the product's URL."""
    owner = auth.create()
    with app.app_context():
        brand = create_brand(owner)
        from webapp.products.service import create_product

        product = create_product(brand, {"name": "Kain Lasem"})
        product_id = product.id
    auth.login()
    return f"{BRAND}/products/{product_id}"


def upload(client, url, *files):
    data = {"photos": [(BytesIO(content), name) for name, content in files]}
    return client.post(url + "/photos/", data=data, content_type="multipart/form-data")


def photos(app, trashed: bool = False) -> list[Photo]:
    """The photos in use (or, with trashed, those in the trash), in order."""
    deleted = Photo.deleted_at.is_not(None) if trashed else Photo.deleted_at.is_(None)
    with app.app_context():
        rows = get_session().scalars(select(Photo).where(deleted)
                                     .order_by(Photo.position)).all()
        for row in rows:
            get_session().expunge(row)
        return rows


def test_upload_several_and_each_bad_file_is_explained(app, client, product_url):
    response = upload(client, product_url,
                      ("potret.jpg", images.photo_jpeg(300, 400, seed=2)),
                      ("miring.jpg", images.oriented_jpeg(6)),
                      ("<b>transparan</b>.png", images.rgba_png((200, 200))),
                      ("bukan.jpg", images.random_bytes()),
                      ("kosong.jpg", b""),
                      ("rusak.jpg", images.truncated(images.photo_jpeg(200, 200))))
    assert response.status_code == 302
    page = client.get(product_url + "/photos/").get_data(as_text=True)
    assert "3 foto tersimpan" in page
    assert "bukan.jpg tidak disimpan: File ini bukan gambar" in page
    assert "rusak.jpg tidak disimpan" in page and "rusak atau tidak lengkap" in page
    assert "&lt;b&gt;transparan&lt;/b&gt;.png" in page and "<b>transparan" not in page
    rows = photos(app)
    assert [row.position for row in rows] == [0, 1, 2]
    assert (rows[0].width, rows[0].height) == (300, 400)
    assert rows[1].width < rows[1].height or rows[1].width > rows[1].height  # upright size
    for row in rows:  # stored privately under a generated name
        assert row.original.split(".")[0].isalnum() and len(row.original.split(".")[0]) == 64


def test_a_product_holds_at_most_ten_photos(app, client, product_url):
    files = [(f"f{n}.jpg", images.photo_jpeg(64, 64, seed=n)) for n in range(12)]
    upload(client, product_url, *files)
    page = client.get(product_url + "/photos/").get_data(as_text=True)
    assert len(photos(app)) == 10
    assert "f10.jpg tidak disimpan: sudah ada 10 foto" in page


def test_an_upload_may_be_larger_than_a_form(app, client, product_url):
    """Two 21 MB photos (42 MB, over the 40 MB any form may send) go through: the upload's own
    limit applies before anything reads the body."""
    big = [(f"besar{n}.jpg", images.photo_jpeg(64, 64, seed=n).ljust(21 * 1024 * 1024, b"\0"))
           for n in range(2)]
    response = upload(client, product_url, *big)
    assert response.status_code == 302
    assert len(photos(app)) == 2
    assert client.post("/register", data={"name": "x" * (41 * 1024 * 1024)}).status_code == 413


def test_the_same_photo_is_kept_once(app, client, product_url):
    """A double-tapped upload, or the same photo picked twice, keeps one copy and says so."""
    same = images.photo_jpeg(200, 150, seed=4)
    upload(client, product_url, ("a.jpg", same), ("b.jpg", same))
    page = client.get(product_url + "/photos/").get_data(as_text=True)
    assert "b.jpg tidak disimpan: foto yang sama sudah ada di produk ini." in page
    upload(client, product_url, ("a.jpg", same), ("c.jpg", images.photo_jpeg(200, 150, seed=5)))
    page = client.get(product_url + "/photos/").get_data(as_text=True)
    assert "a.jpg tidak disimpan: foto yang sama sudah ada di produk ini." in page
    assert [photo.display_name for photo in photos(app)] == ["a.jpg", "c.jpg"]


def test_a_full_disk_answers_503_and_saves_nothing(app, client, product_url, monkeypatch):
    import errno

    from webapp.media import MediaStore

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MediaStore, "save_as", full)
    response = upload(client, product_url, ("a.jpg", images.photo_jpeg(64, 64, seed=1)))
    assert response.status_code == 503
    assert "Penyimpanan server sedang penuh" in response.get_data(as_text=True)
    assert photos(app) == []


def test_decoding_holds_no_database_transaction_and_no_decoded_pixels(
        app, client, product_url, monkeypatch):
    """While a photo decodes, the request holds no transaction (on SQLite: no write lock that
    other owners would wait for), and the decoded pixels are not kept once it is checked."""
    import weakref

    from webapp.photos import imaging

    real_open = imaging.open_photo
    in_transaction: list[bool] = []
    decoded: list[weakref.ref] = []

    def watched_open(data, **kwargs):
        in_transaction.append(get_session().in_transaction())
        photo = real_open(data, **kwargs)
        decoded.append(weakref.ref(photo.image))
        return photo

    monkeypatch.setattr(imaging, "open_photo", watched_open)
    upload(client, product_url, *[(f"f{n}.png", images.rgba_png((300 + n, 200)))
                                  for n in range(3)])
    assert in_transaction == [False, False, False]
    assert [ref() for ref in decoded] == [None, None, None]
    assert len(photos(app)) == 3


def test_the_room_left_is_counted_again_when_saving(app, client, product_url, monkeypatch):
    """Another upload that fills the product while this one decodes: nothing passes the limit,
    and the files that no longer fit are named."""
    from flask import current_app

    from webapp.photos import imaging

    real_open = imaging.open_photo
    product_id = int(product_url.rsplit("/", 1)[1])

    def meanwhile(data, **kwargs):
        if not meanwhile.done:  # the other phone saves 9 photos during the first decode
            meanwhile.done = True
            other = made_once(current_app._get_current_object(), "write")()
            other.add_all(Photo(product_id=product_id, original=f"x{n}.jpg", display_name="x",
                                width=64, height=64, position=n) for n in range(9))
            other.commit()
            other.close()
        return real_open(data, **kwargs)

    meanwhile.done = False
    monkeypatch.setattr(imaging, "open_photo", meanwhile)
    upload(client, product_url, *[(f"f{n}.jpg", images.photo_jpeg(64, 64, seed=n))
                                  for n in range(3)])
    rows = photos(app)
    assert len(rows) == 10
    assert [row.position for row in rows] == list(range(10))
    page = client.get(product_url + "/photos/").get_data(as_text=True)
    assert "f1.jpg tidak disimpan: sudah ada 10 foto" in page
    assert "f2.jpg tidak disimpan: sudah ada 10 foto" in page


def test_thumbnail_and_previews_are_clean_reencoded_images(app, client, product_url):
    upload(client, product_url, ("meta.jpg", images.metadata_jpeg()))
    photo = photos(app)[0]
    for path in ("thumb.jpg", "editor.jpg", "preview/shopee.jpg", "preview/lazada.jpg",
                 "preview/instagram.jpg"):
        response = client.get(f"{product_url}/photos/{photo.id}/{path}")
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        with Image.open(BytesIO(response.data)) as image:
            assert not image.getexif() and "comment" not in image.info
            assert "xmp" not in image.info
    assert client.get(f"{product_url}/photos/{photo.id}/preview/bukalapak.jpg").status_code == 404
    square = client.get(f"{product_url}/photos/{photo.id}/preview/shopee.jpg")
    with Image.open(BytesIO(square.data)) as image:
        assert image.width == image.height  # square, never upscaled past the 64 px source


def test_main_photo_order_and_delete(app, client, product_url):
    upload(client, product_url, *[(f"f{n}.jpg", images.photo_jpeg(64, 64, seed=n))
                                  for n in range(3)])
    first, second, third = photos(app)
    client.post(f"{product_url}/photos/{third.id}/main", data={})
    assert [p.id for p in photos(app)] == [third.id, first.id, second.id]
    client.post(f"{product_url}/photos/{first.id}/move/down", data={})
    assert [p.id for p in photos(app)] == [third.id, second.id, first.id]
    client.post(f"{product_url}/photos/{second.id}/move/up", data={})
    assert [p.id for p in photos(app)] == [second.id, third.id, first.id]
    client.post(f"{product_url}/photos/{third.id}/delete", data={})
    assert [(p.id, p.position) for p in photos(app)] == [(second.id, 0), (first.id, 1)]
    assert client.post(f"{product_url}/photos/{first.id}/delete", data={},
                       csrf=False).status_code == 400
    assert len(photos(app)) == 2


def test_focus_tap_and_options_change_the_rendition(app, client, product_url):
    upload(client, product_url, ("lebar.jpg", images.photo_jpeg(600, 300, seed=4)))
    photo = photos(app)[0]
    url = f"{product_url}/photos/{photo.id}"
    before = client.get(url + "/preview/instagram.jpg").data
    assert client.post(url, data={"focus.x": "290", "focus.y": "75"}).status_code == 302
    moved = photos(app)[0]
    assert moved.focus_x == pytest.approx(290 / 300, abs=0.01)
    assert moved.focus_y == pytest.approx(0.5, abs=0.01)
    after = client.get(url + "/preview/instagram.jpg").data
    assert after != before  # the 4:5 crop follows the focus point
    client.post(url, data={"background": "blur", "fix_light": "y"})
    changed = photos(app)[0]
    assert changed.background == "blur" and changed.fix_light and not changed.whiten_backdrop
    page = client.get(url).get_data(as_text=True)
    assert "Tampilan di hasil pencarian" in page and "Shopee" in page


def test_small_photos_are_flagged_per_channel(app, client, product_url):
    upload(client, product_url, ("kecil.jpg", images.photo_jpeg(400, 400)))
    photo = photos(app)[0]
    page = client.get(f"{product_url}/photos/{photo.id}").get_data(as_text=True)
    assert "lebih kecil dari batas minimal 500 × 500" in page


def test_photos_of_others_are_404(app, client, auth, product_url):
    upload(client, product_url, ("a.jpg", images.photo_jpeg(64, 64)))
    photo = photos(app)[0]
    auth.switch_to_another_owner()
    for path in ("/photos/", f"/photos/{photo.id}", f"/photos/{photo.id}/thumb.jpg",
                 f"/photos/{photo.id}/preview/shopee.jpg"):
        assert client.get(product_url + path).status_code == 404, path
    assert client.post(f"{product_url}/photos/{photo.id}/delete", data={}).status_code == 404
    assert len(photos(app)) == 1


def test_product_page_shows_each_channels_main_image(app, client, product_url):
    upload(client, product_url, ("a.jpg", images.photo_jpeg(640, 640)))
    page = client.get(product_url).get_data(as_text=True)
    assert "Foto utama di setiap kanal" in page
    assert page.count("/preview/") == 10
    with app.app_context():
        assert get_session().scalar(select(Product)).photos


@pytest.fixture
def quota_app(app_factory):
    """An app whose accounts hold at most 60 KB of photos, with uploads rate-limited."""
    return app_factory(STORAGE_QUOTA_BYTES=60 * 1024, RATELIMIT_ENABLED=True,
                       RATELIMIT_UPLOAD="3 per minute")


def test_an_account_keeps_within_its_storage_quota(quota_app):
    """Photos of all the owner's brands count (a duplicated product's photos once); a file that
    would pass the quota is refused with the reason, the rest go through."""
    from tests.factories import create_brand
    from webapp.media import MediaStore
    from webapp.photos.service import add_photos, storage_used
    from webapp.products.service import create_product, duplicate_product

    app = quota_app
    with app.app_context():
        owner = create_user()
        store = MediaStore(app.config["MEDIA_ROOT"])
        first = create_product(create_brand(owner), {"name": "Kain"})
        second = create_product(create_brand(owner, name="Kulit Sekar"), {"name": "Dompet"})
        noisy = [images.noise_png(90, 90, seed=n) for n in range(3)]  # about 24 KB each
        assert all(20_000 < len(data) < 30_000 for data in noisy)
        add_photos(first, [("a.png", noisy[0])], store, quota=60 * 1024)
        duplicate_product(first, "salinan")
        assert storage_used(owner.id) == len(noisy[0])
        results = add_photos(second, [("b.png", noisy[1]), ("c.png", noisy[2])], store,
                             quota=60 * 1024)
        assert [r.error.code if r.error else None for r in results] == ["over_quota", None]
        assert storage_used(owner.id) == len(noisy[0]) + len(noisy[1])

    client = app.test_client()
    client.post("/login", data={"email": "sari@example.id", "password": "kain biru pasar pagi"})
    page = client.get("/brands/kulit-sekar/products/2/photos/").get_data(as_text=True)
    assert "Ruang foto akun Anda:" in page and "dari 60 KB" in page
    response = client.post("/brands/kulit-sekar/products/2/photos/", data={
        "photos": [(BytesIO(images.noise_png(90, 90, seed=7)), "d.png")]},
        content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get("/brands/kulit-sekar/products/2/photos/").get_data(as_text=True)
    assert "d.png tidak disimpan: ruang penyimpanan akun Anda (60 KB) sudah penuh" in page


def test_uploads_are_rate_limited_per_account(quota_app):
    from tests.factories import create_brand
    from webapp.products.service import create_product

    with quota_app.app_context():
        create_product(create_brand(create_user()), {"name": "Kain"})
    client = quota_app.test_client()
    client.post("/login", data={"email": "sari@example.id", "password": "kain biru pasar pagi"})
    statuses = [client.post("/brands/batik-sekar-lasem/products/1/photos/", data={
        "photos": [(BytesIO(images.photo_jpeg(64, 64, seed=n)), f"{n}.jpg")]},
        content_type="multipart/form-data").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]


# ---------------------------------------------------------------------------------------------
# Hostile uploads (security.md cases 2, 10, 11, 14, 24, 26)
# ---------------------------------------------------------------------------------------------


def served_bytes(client, product_url, photo) -> list[bytes]:
    """Every image the app serves for a photo: thumbnail, editor and channel previews."""
    return [client.get(f"{product_url}/photos/{photo.id}/{path}").data
            for path in ("thumb.jpg", "editor.jpg", "preview/shopee.jpg",
                         "preview/instagram.jpg")]


def test_a_heic_with_exif_and_xmp_comes_out_clean(app, client, product_url):
    exif = Image.Exif()
    exif[0x013B] = images.SECRET_ARTIST
    exif[0x8825] = dict(images.GPS_JAKARTA)
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>'
           + images.SECRET_XMP_MARK + b"</rdf:Description></rdf:RDF></x:xmpmeta>")
    data = images.heic(images.photo_image(120, 90, seed=3), exif=exif.tobytes(), xmp=xmp)
    assert images.SECRET_ARTIST.encode() in data and images.SECRET_XMP_MARK in data
    upload(client, product_url, ("IMG_0001.HEIC", data))
    [photo] = photos(app)
    for served in served_bytes(client, product_url, photo):
        assert served.startswith(b"\xff\xd8")
        for secret in images.SECRETS:
            assert secret not in served


@pytest.mark.parametrize(("name", "content", "saved"), [
    ("foto.jpg", images.rgba_png((80, 60)), True),           # a PNG called .jpg
    ("foto.png", images.photo_jpeg(80, 60, seed=2), True),   # a JPEG called .png
    ("foto.jpg", b"<html><script>alert(1)</script></html>", False),
    ("foto", images.photo_jpeg(80, 60, seed=3), True),       # no extension at all
])
def test_the_content_decides_never_the_file_name(app, client, product_url, name, content,
                                                 saved):
    upload(client, product_url, (name, content))
    assert len(photos(app)) == (1 if saved else 0)
    if not saved:
        page = client.get(product_url + "/photos/").get_data(as_text=True)
        assert "File ini bukan gambar" in page


@pytest.mark.parametrize("name", [
    "../../../etc/passwd.jpg", "a\tb\x1b[31m\x07merah.jpg", "x" * 300 + ".jpg",
    '<img src=x onerror=alert(1)>.jpg', "C:\\Users\\sari\\foto.jpg", "foto\x00.php.jpg"])
def test_hostile_file_names_are_display_text_only(app, client, product_url, name):
    response = upload(client, product_url, (name, images.photo_jpeg(64, 48, seed=len(name))))
    assert response.status_code == 302
    [photo] = photos(app)
    assert len(photo.display_name) <= 120
    assert not any(ord(ch) < 32 for ch in photo.display_name)
    assert re.fullmatch(r"[0-9a-f]{64}\.jpg", photo.original)
    page = client.get(product_url + "/photos/").get_data(as_text=True)
    assert "<img src=x onerror" not in page


def test_an_upload_without_its_token_changes_nothing(app, client, product_url):
    response = client.post(product_url + "/photos/", csrf=False, content_type="multipart/form-data",
                           data={"photos": [(BytesIO(images.photo_jpeg(64, 64)), "a.jpg")]})
    assert response.status_code == 400
    assert photos(app) == []


def test_visitors_get_no_photo_and_no_pack(app, client, product_url):
    upload(client, product_url, ("a.jpg", images.photo_jpeg(64, 64)))
    [photo] = photos(app)
    client.post("/logout", data={})
    for path in ("thumb.jpg", "editor.jpg", "preview/shopee.jpg"):
        response = client.get(f"{product_url}/photos/{photo.id}/{path}")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = client.get(f"{BRAND}/packs/1/download")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_malformed_multipart_bodies_get_a_plain_4xx(app, client, product_url):
    url = product_url + "/photos/"
    boundary = "----batas"
    many_parts = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="f{n}"\r\n\r\nx\r\n'
                         for n in range(1_100)) + f"--{boundary}--\r\n"
    big_field = (f'--{boundary}\r\nContent-Disposition: form-data; name="catatan"\r\n\r\n'
                 + "x" * 600_000 + f"\r\n--{boundary}--\r\n")
    unfinished = (f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; '
                  f'filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff')
    for body, expected in ((many_parts, {413}), (big_field, {413}), (unfinished, {400}),
                           ("", {400})):
        response = client.post(url, data=body.encode("latin-1"), csrf=False,
                               content_type=f"multipart/form-data; boundary={boundary}")
        assert response.status_code in expected, (len(body), response.status_code)
        assert "Traceback" not in response.get_data(as_text=True)
    assert photos(app) == []
