"""The hardened decoder: orientation, colour, modes, refusals and what a Photo says.

Every test asserts on pixels, sizes, bytes or metadata. Images are made in memory
(tests/images.py) and kept small, except where size is the point.
"""

from __future__ import annotations

import hashlib
import random
import time
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from tests import images
from tests.photos.pixels import CONTAIN, COVER, SQUARE, close, decode
from tests.properties import examples
from webapp.photos import imaging
from webapp.photos.imaging import PhotoError, Preset


def is_upright_marker(image: Image.Image) -> bool:
    """The marker card the right way round: red, green / blue, white."""
    expected = (images.RED, images.GREEN, images.BLUE, images.WHITE)
    return all(close(c, e, 24) for c, e in zip(images.quadrant_colours(image), expected,
                                               strict=True))


# --- decoding: orientation -----------------------------------------------------------------------

@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(orientation):
    photo = imaging.open_photo(images.oriented_jpeg(orientation))
    assert photo.image.size == (96, 64)
    assert (photo.width, photo.height) == (96, 64)
    assert is_upright_marker(photo.image)


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_orientation_is_applied_on_the_fast_path_and_in_the_output(orientation):
    upright = images.marker_image(480, 320)
    data = images.jpeg(images.stored_for_orientation(upright, orientation),
                       orientation=orientation)
    preset = Preset("small", 120, 80, "contain")
    photo = imaging.open_photo(data, presets=[preset])
    assert photo.image.size == (120, 80)  # decoded at 1/4 scale, then turned
    assert (photo.width, photo.height) == (480, 320)
    (rendition,) = imaging.open_and_render_all(data, [preset])
    assert (rendition.width, rendition.height) == (120, 80)
    assert is_upright_marker(decode(rendition))


@pytest.mark.parametrize("format", ["PNG", "WEBP"])
def test_orientation_in_png_and_webp_is_applied(format):
    exif = Image.Exif()
    exif[0x0112] = 6
    stored = images.stored_for_orientation(images.marker_image(), 6)
    params = {"lossless": True} if format == "WEBP" else {}
    photo = imaging.open_photo(images.encode(stored, format, exif=exif, **params))
    assert photo.image.size == (96, 64)
    assert is_upright_marker(photo.image)


def test_heic_decodes_upright_in_srgb():
    photo = imaging.open_photo(images.heic(images.marker_image()))
    assert photo.format == "HEIF"
    assert photo.image.mode == "RGB"
    assert is_upright_marker(photo.image)


@pytest.mark.parametrize("orientation", [6, 7])
def test_heic_transforms_are_applied_once_not_twice(orientation):
    photo = imaging.open_photo(images.oriented_heic(orientation))
    assert photo.image.size == (96, 64)
    assert (photo.width, photo.height) == (96, 64)
    assert is_upright_marker(photo.image)


def test_mpo_opens_as_jpeg_and_uses_only_the_first_frame():
    data = images.mpo(Image.new("RGB", (32, 32), images.RED), Image.new("RGB", (32, 32),
                                                                          images.BLUE))
    photo = imaging.open_photo(data)
    assert photo.format == "MPO"
    assert close(photo.image.getpixel((16, 16)), images.RED)
    drafted = imaging.open_photo(data, presets=[Preset("tiny", 8, 8, "cover")])
    assert drafted.image.size == (8, 8)  # DCT scaling works for MPO too
    assert close(drafted.image.getpixel((4, 4)), images.RED)
    rendition = imaging.render(photo, Preset("p", 32, 32, "pad"))
    assert decode(rendition).format == "JPEG"
    assert b"MPF\x00" not in rendition.data


def test_animated_webp_gives_its_first_frame():
    photo = imaging.open_photo(images.animated("WEBP"))
    assert photo.image.getpixel((5, 5)) == (200, 30, 30)


# --- decoding: colour and modes -------------------------------------------------------------------

@pytest.mark.parametrize(("cmyk", "rgb"), [
    ((0, 0, 0, 0), (255, 255, 255)),      # no ink is white paper, not black
    ((0, 0, 0, 255), (0, 0, 0)),          # full black ink is black
    ((255, 0, 0, 0), (0, 255, 255)),      # cyan
    ((0, 255, 255, 0), (255, 0, 0)),      # magenta + yellow is red
])
def test_cmyk_is_converted_not_inverted(cmyk, rgb):
    photo = imaging.open_photo(images.cmyk_jpeg(cmyk))
    assert photo.image.mode == "RGB"
    assert close(photo.image.getpixel((16, 16)), rgb, 8)


@pytest.mark.parametrize("space", ["display-p3", "adobe-rgb"])
@pytest.mark.parametrize("format", ["JPEG", "PNG"])
@pytest.mark.parametrize("colour", [(200, 80, 60), (60, 170, 70), (90, 40, 160)])
def test_wide_gamut_profiles_are_converted_to_srgb(space, format, colour):
    data = images.encode(Image.new("RGB", (16, 16), colour), format,
                         icc_profile=images.icc_profile(space),
                         **({"quality": 98, "subsampling": 0} if format == "JPEG" else {}))
    photo = imaging.open_photo(data)
    got = photo.image.getpixel((8, 8))
    expected = images.convert_to_srgb(colour, space)
    assert images.delta_e(got, expected) < 1.5
    # and the conversion was needed: left as it was, the colour would be visibly off
    assert images.delta_e(colour, expected) > 3


def test_p3_red_is_converted_through_the_fast_path_and_into_the_output():
    red = (230, 40, 40)
    data = images.jpeg(Image.new("RGB", (400, 400), red), quality=98,
                       icc=images.icc_profile("display-p3"), subsampling=0)
    (rendition,) = imaging.open_and_render_all(data, [Preset("p", 100, 100, "cover")])
    got = decode(rendition).getpixel((50, 50))
    assert images.delta_e(got, images.convert_to_srgb(red, "display-p3")) < 2
    assert images.delta_e(got, red) > 3


def test_an_srgb_profile_leaves_colours_exactly_alone():
    colour = (123, 45, 210)
    data = images.encode(Image.new("RGB", (8, 8), colour), "PNG",
                         icc_profile=images.icc_profile("srgb"))
    assert imaging.open_photo(data).image.getpixel((4, 4)) == colour


def test_a_broken_profile_is_ignored_not_fatal():
    data = images.encode(Image.new("RGB", (8, 8), (10, 20, 30)), "PNG",
                         icc_profile=b"not a profile at all" * 10)
    assert imaging.open_photo(data).image.getpixel((4, 4)) == (10, 20, 30)


def test_16_bit_grey_keeps_its_tones():
    image = imaging.open_photo(images.png16_grey()).image
    assert image.mode == "RGB"
    row = [image.getpixel((x, 0))[0] for x in range(64)]
    assert row[0] == 0
    assert row[-1] == 255
    assert 120 <= row[32] <= 136  # mid grey, not clipped to white
    assert row == sorted(row)


def test_16_bit_rgb_becomes_8_bit():
    image = imaging.open_photo(images.png16_rgb((65535, 32768, 0))).image
    assert close(image.getpixel((4, 4)), (255, 128, 0), 1)


@pytest.mark.parametrize("data", [
    pytest.param(images.palette_png_with_trns(), id="palette-trns"),
    pytest.param(images.rgba_png(), id="rgba"),
    pytest.param(images.la_png(), id="la"),
    pytest.param(images.rgba_png(format="WEBP"), id="webp-alpha"),
])
def test_transparency_is_kept_as_alpha(data):
    photo = imaging.open_photo(data)
    assert photo.has_alpha
    assert photo.image.getpixel((1, 1))[3] == 0
    assert photo.image.getpixel((20, 20))[3] == 255


@pytest.mark.parametrize("data", [
    pytest.param(images.palette_png_with_trns(), id="palette-trns"),
    pytest.param(images.rgba_png(), id="rgba"),
    pytest.param(images.la_png(), id="la"),
    pytest.param(images.rgba_png(format="WEBP"), id="webp-alpha"),
])
@pytest.mark.parametrize("preset", [SQUARE, COVER, CONTAIN,
                                    Preset("keep-jpeg", 60, 60, "pad", "keep")])
def test_transparency_becomes_white_in_jpeg_never_black(data, preset):
    output = decode(imaging.render(imaging.open_photo(data), preset))
    assert output.mode == "RGB"
    assert close(output.getpixel((1, 1)), (255, 255, 255), 10)  # JPEG ringing, not black
    centre = output.getpixel((output.width // 2, output.height // 2))
    assert max(centre) > 40  # the product itself, not a black hole


def test_transparency_survives_into_png_when_the_preset_keeps_the_background():
    photo = imaging.open_photo(images.rgba_png())
    output = decode(imaging.render(photo, Preset("cut-out", 60, 60, "pad", "keep",
                                                 format="PNG")))
    assert output.mode == "RGBA"
    assert output.getpixel((1, 1))[3] == 0
    assert output.getpixel((20, 20)) == (30, 60, 220, 255)


def test_brand_colour_fills_transparency_when_the_owner_chooses_it():
    photo = imaging.open_photo(images.rgba_png((160, 160)))
    preset = Preset("feed", 60, 60, "pad", "keep")
    output = decode(imaging.render(photo, preset, background_colour="#1e7a4c"))
    assert close(output.getpixel((1, 1)), (0x1E, 0x7A, 0x4C), 6)
    # a channel that demands white gets white whatever the owner chose
    output = decode(imaging.render(photo, SQUARE, background_colour="#1e7a4c"))
    assert close(output.getpixel((1, 1)), (255, 255, 255), 3)


def test_an_opaque_alpha_channel_is_dropped():
    data = images.encode(Image.new("RGBA", (8, 8), (1, 2, 3, 255)), "PNG")
    assert imaging.open_photo(data).image.mode == "RGB"


# --- decoding: refusals --------------------------------------------------------------------------

def _ztxt_bomb() -> bytes:
    """A PNG whose zTXt chunk inflates past Pillow's 1 MiB text limit."""
    chunk = images.png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"a" * (2 * 1024 * 1024)))
    return images.raw_png(4, 4, 0, 8, b"\x00\x00\x00\x00\x00" * 4, (chunk,))


REFUSALS = [
    pytest.param(b"", "empty", id="empty"),
    pytest.param(images.random_bytes(), "not_an_image", id="random-bytes"),
    pytest.param(b"Halo, ini bukan foto.", "not_an_image", id="text"),
    pytest.param(b"<html><script>alert(1)</script></html>", "not_an_image", id="html"),
    pytest.param(images.truncated(images.photo_jpeg(64, 48)), "damaged", id="truncated-jpeg"),
    pytest.param(images.photo_jpeg(64, 48)[:200], "damaged", id="jpeg-header-only"),
    pytest.param(images.truncated(images.png_with_script_text()), "damaged", id="truncated-png"),
    pytest.param(images.truncated(images.rgba_png(format="WEBP")), "damaged",
                 id="truncated-webp"),
    pytest.param(b"\xff\xd8\xff" + b"\x00" * 64, "damaged", id="jpeg-magic-only"),
    pytest.param(_ztxt_bomb(), "damaged", id="png-text-bomb"),
    pytest.param(images.gif_static(), "unsupported_format", id="gif"),
    pytest.param(images.animated("GIF"), "unsupported_format", id="animated-gif"),
    pytest.param(images.other_format("BMP"), "unsupported_format", id="bmp"),
    pytest.param(images.other_format("TIFF"), "unsupported_format", id="tiff"),
    pytest.param(images.other_format("AVIF"), "unsupported_format", id="avif"),
    pytest.param(images.other_format("JPEG2000"), "unsupported_format", id="jpeg2000"),
    pytest.param(images.other_format("ICO"), "unsupported_format", id="ico"),
    pytest.param(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", "unsupported_format",
                 id="eps"),
    pytest.param(images.SVG, "unsupported_format", id="svg"),
    pytest.param(images.png_bomb(20_000, 20_000), "too_many_pixels", id="png-400-megapixels"),
    pytest.param(images.png_bomb(100_000, 3), "damaged", id="png-strip-missing-its-pixels"),
    pytest.param(images.jpeg_bomb(65_000, 65_000), "too_many_pixels", id="jpeg-4-gigapixels"),
    pytest.param(images.jpeg_bomb(8_000, 8_000), "too_many_pixels", id="jpeg-64-megapixels"),
]


@pytest.mark.parametrize(("data", "code"), REFUSALS)
def test_refusals_carry_the_right_code_and_are_quick(data, code):
    start = time.perf_counter()
    with pytest.raises(PhotoError) as caught:
        imaging.open_photo(data)
    assert caught.value.code == code
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("keep", [0.3, 0.95, 0.999])
def test_a_truncated_jpeg_is_refused_on_the_fast_path_too(keep):
    # DCT scaling shrinks the inverse transform, not the entropy decoding: every byte is read.
    data = images.truncated(images.photo_jpeg(800, 600, seed=13), keep)
    with pytest.raises(PhotoError) as caught:
        imaging.open_photo(data, presets=[Preset("check", 64, 64)])
    assert caught.value.code == "damaged"


def test_unsupported_format_names_it_and_lists_the_accepted_ones():
    with pytest.raises(PhotoError) as caught:
        imaging.open_photo(images.gif_static())
    assert caught.value.params == {"format": "GIF", "accepted": ("JPEG", "PNG", "WebP", "HEIC")}


def test_too_large_bytes_is_checked_before_anything_is_parsed():
    data = images.photo_jpeg(64, 48)
    with pytest.raises(PhotoError) as caught:
        imaging.open_photo(data, max_bytes=len(data) - 1)
    assert caught.value.code == "too_large_bytes"
    assert caught.value.params == {"size": len(data), "max_bytes": len(data) - 1}
    assert imaging.open_photo(data, max_bytes=len(data)).image.size == (64, 48)


def test_our_pixel_cap_applies_before_decoding():
    with pytest.raises(PhotoError) as caught:
        imaging.open_photo(images.photo_jpeg(20, 20), max_pixels=399)
    assert caught.value.code == "too_many_pixels"
    assert caught.value.params == {"width": 20, "height": 20, "max_pixels": 399}
    assert imaging.open_photo(images.photo_jpeg(20, 20), max_pixels=400).width == 20


def test_pillows_bomb_warning_is_an_error_even_above_our_cap():
    # 100 MP is past Pillow's warning threshold (89.5 MP) but under its error threshold.
    with pytest.raises(PhotoError) as caught:
        imaging.open_photo(images.png_bomb(10_000, 10_000), max_pixels=500_000_000)
    assert caught.value.code == "too_many_pixels"


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_give_a_photo_or_a_refusal(data):
    try:
        photo = imaging.open_photo(data)
    except PhotoError as error:
        assert error.code in {"empty", "not_an_image", "unsupported_format", "damaged",
                              "too_many_pixels"}
    else:
        assert photo.image.mode in ("RGB", "RGBA")


def test_bit_flipped_phone_photos_give_a_photo_or_a_refusal():
    original = images.photo_jpeg(48, 32, seed=11)
    rng = random.Random(11)
    outcomes = set()
    for _ in range(150):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            photo = imaging.open_photo(bytes(data))
            imaging.render(photo, COVER)
            outcomes.add("ok")
        except PhotoError as error:
            outcomes.add(error.code)
    assert outcomes <= {"ok", "damaged", "not_an_image", "unsupported_format", "too_many_pixels"}


def test_photo_facts():
    data = images.photo_jpeg(640, 480, seed=2, orientation=6)
    photo = imaging.open_photo(data, presets=[Preset("t", 100, 100, "contain")])
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert (photo.width, photo.height, photo.format) == (640, 480, "JPEG")
    assert photo.image.size == (160, 120)  # drafted at 1/4, still at least the preset
    assert photo.image.info == {}
    assert imaging.open_photo(data).image.size == (640, 480)


def test_decode_size_is_the_smallest_that_avoids_upscaling():
    presets = [Preset("a", 1000, 1000, "cover"), Preset("b", 1600, 1600, "contain")]
    # cover 1000 needs 1000 of the short side (a third); contain 1600 needs 1600 of the long
    assert imaging.decode_size((4000, 3000), presets) == (1600, 1200)
    assert imaging.decode_size((400, 300), presets) == (400, 300)
    assert imaging.decode_size((400, 300), []) is None
