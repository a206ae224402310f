"""The owner's enhancements: "perbaiki cahaya" and "putihkan latar", judged on pixels."""

from __future__ import annotations

from PIL import Image, ImageStat

from tests import images
from tests.photos.pixels import COVER, close, decode
from webapp.photos import imaging
from webapp.photos.imaging import Preset

# --- the owner's enhancements -------------------------------------------------------------------

def _luma(image: Image.Image) -> float:
    """Mean brightness."""
    return ImageStat.Stat(image.convert("L")).mean[0]


def test_fix_light_brightens_a_dim_photo():
    bright = images.photo_image(160, 120, seed=8)
    dim = bright.point(lambda v: v * 0.3)
    photo = imaging.open_photo(images.jpeg(dim))
    before = decode(imaging.render(photo, Preset("x", 160, 120, "cover")))
    after = decode(imaging.render(photo, Preset("x", 160, 120, "cover"), fix_light=True))
    assert _luma(after) > 2 * _luma(before)
    assert _luma(after) < 200
    assert ImageStat.Stat(after.convert("L")).stddev[0] > ImageStat.Stat(
        before.convert("L")).stddev[0]  # more contrast, not just a grey lift


def test_fix_light_neutralises_a_warm_cast_on_a_grey_backdrop():
    scene = images.product_on_backdrop((160, 160), backdrop=(150, 150, 150), hole=(170, 170, 170))
    warm = Image.merge("RGB", [band.point(lambda v, g=g: v * g)
                               for band, g in zip(scene.split(), (1.0, 0.85, 0.62),
                                                  strict=True)])
    photo = imaging.open_photo(images.encode(warm, "PNG"))
    fixed, _ = imaging.enhance(photo, fix_light=True)
    red, _, blue = images.mean_colour(fixed.image, (0, 0, 30, 30))
    red_before, _, blue_before = images.mean_colour(warm, (0, 0, 30, 30))
    assert red - blue < 0.6 * (red_before - blue_before)


def test_fix_light_leaves_a_well_lit_photo_nearly_alone():
    scene = images.photo_image(160, 120, seed=12)
    photo = imaging.open_photo(images.encode(scene, "PNG"))
    fixed, notes = imaging.enhance(photo, fix_light=True)
    assert abs(_luma(fixed.image) - _luma(scene)) < 25
    assert notes == ()


def test_whiten_backdrop_makes_a_light_grey_backdrop_pure_white_and_keeps_the_product():
    scene = images.product_on_backdrop((240, 240))
    photo = imaging.open_photo(images.jpeg(scene, quality=95))
    whitened, notes = imaging.enhance(photo, whiten_backdrop=True)
    image = whitened.image
    assert notes == ()
    for point in ((2, 2), (237, 2), (2, 237), (120, 30), (30, 120)):
        assert image.getpixel(point) == (255, 255, 255)
    # the product is untouched ...
    assert close(images.mean_colour(image, (80, 80, 95, 160)), (150, 30, 40), 10)
    # ... and so is the light hole inside it, which the flood from the edges cannot reach
    hole = images.mean_colour(image, (110, 110, 130, 130))
    assert close(hole, (236, 236, 232), 10)
    assert max(hole) < 250
    output = decode(imaging.render(photo, Preset("png", 240, 240, "pad", format="PNG"),
                                   whiten_backdrop=True))
    assert output.getpixel((5, 5)) == (255, 255, 255)


def test_whiten_backdrop_refuses_a_dark_backdrop():
    scene = images.product_on_backdrop((120, 120), backdrop=(40, 40, 45), product=(200, 180, 40))
    photo = imaging.open_photo(images.encode(scene, "PNG"))
    whitened, notes = imaging.enhance(photo, whiten_backdrop=True)
    assert notes == ("backdrop_not_light",)
    assert whitened.image.getpixel((2, 2)) == scene.getpixel((2, 2))
    rendition = imaging.render(photo, COVER, whiten_backdrop=True)
    assert "backdrop_not_light" in rendition.warnings
