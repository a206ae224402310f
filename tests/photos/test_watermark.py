"""The brand's logo on photos: only where a channel allows it, where the owner puts it."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from webapp.photos import imaging


def logo_png(colour=(200, 0, 0, 255), size=(100, 100)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def grey_photo() -> imaging.Photo:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), (128, 128, 128)).save(buffer, "PNG")
    return imaging.open_photo(buffer.getvalue())


ALLOWED = imaging.Preset(name="feed", width=400, height=400, fit="cover", format="PNG",
                         watermark_allowed=True)
REFUSED = imaging.Preset(name="main", width=400, height=400, fit="pad", format="PNG")


def pixels(rendition: imaging.Rendition) -> Image.Image:
    return Image.open(io.BytesIO(rendition.data)).convert("RGB")


@pytest.mark.parametrize(
    ("position", "inside", "outside"),
    [("bottom-right", (370, 370), (30, 30)), ("top-left", (30, 30), (370, 370)),
     ("center", (200, 200), (30, 370))],
)
def test_the_logo_lands_where_the_owner_chose(position, inside, outside):
    mark = imaging.Watermark(logo_png(), position, opacity=1.0, scale=0.2)
    image = pixels(imaging.render(grey_photo(), ALLOWED, watermark=mark))
    assert image.getpixel(inside) == (200, 0, 0)
    assert image.getpixel(outside) == (128, 128, 128)


def test_opacity_blends_the_logo():
    mark = imaging.Watermark(logo_png(), "bottom-right", opacity=0.5, scale=0.2)
    red, green, _blue = pixels(imaging.render(grey_photo(), ALLOWED, watermark=mark)).getpixel(
        (370, 370))
    assert 150 < red < 180 and 55 < green < 75


def test_presets_that_refuse_a_watermark_never_get_one():
    mark = imaging.Watermark(logo_png(), "bottom-right", opacity=1.0)
    with_mark = imaging.render(grey_photo(), REFUSED, watermark=mark)
    without = imaging.render(grey_photo(), REFUSED)
    assert with_mark.data == without.data
    sha = "a" * 64
    assert imaging.rendition_key(sha, REFUSED, watermark=mark) == imaging.rendition_key(
        sha, REFUSED)
    assert imaging.rendition_key(sha, ALLOWED, watermark=mark) != imaging.rendition_key(
        sha, ALLOWED)


@pytest.mark.parametrize("bad", [{"position": "anywhere"}, {"opacity": 0}, {"scale": 0.9}])
def test_a_bad_watermark_is_refused(bad):
    with pytest.raises(ValueError):
        imaging.Watermark(logo_png(), **{"position": "top-left", **bad})


def test_instagram_preview_carries_the_logo_and_shopee_never(app, client, auth):
    from tests import images
    from tests.factories import create_brand
    from webapp.brands import service as brands
    from webapp.media import MediaStore
    from webapp.photos.service import add_photos
    from webapp.products.service import create_product

    owner = auth.create()
    with app.app_context():
        store = MediaStore(app.config["MEDIA_ROOT"])
        brand = create_brand(owner)
        logo = brands.store_logo(logo_png((10, 10, 10, 255)), store)
        brands.save_profile(brand, owner, {"logo": logo, "watermark": "bottom-right",
                                           "watermark_opacity": 100}, brand.head_number)
        product = create_product(brand, {"name": "Kain"})
        add_photos(product, [("a.jpg", images.photo_jpeg(800, 800, seed=2))], store)
        url = f"/brands/{brand.slug}/products/{product.id}/photos/{product.photos[0].id}"
        brand_id = brand.id
    auth.login()
    marked = {c: client.get(f"{url}/preview/{c}.jpg").data for c in ("instagram", "shopee")}
    with app.app_context():
        from webapp.db import get_session
        from webapp.models import Brand

        brand = get_session().get(Brand, brand_id)
        brands.save_profile(brand, owner, {"watermark": "off"}, brand.head_number)
    plain = {c: client.get(f"{url}/preview/{c}.jpg").data for c in ("instagram", "shopee")}
    assert marked["instagram"] != plain["instagram"]
    assert marked["shopee"] == plain["shopee"]
    corner = Image.open(io.BytesIO(marked["instagram"])).convert("L")
    assert corner.getpixel((corner.width - 12, corner.height - 12)) < 40  # the dark logo
