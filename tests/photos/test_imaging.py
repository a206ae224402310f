"""The imaging core: hardened decoding, normalisation, presets, rendering and clean outputs.

Every test asserts on pixels, sizes, bytes or metadata. Images are made in memory
(tests/images.py) and kept small, except where size is the point.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
import struct
import time
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageFilter, ImageStat

from tests import images
from tests.properties import examples
from webapp.datafiles import data_path
from webapp.photos import imaging
from webapp.photos.imaging import Photo, PhotoError, Preset, Rendition

SQUARE = Preset("square", 120, 120, "pad", "white")
COVER = Preset("cover", 80, 80, "cover")
CONTAIN = Preset("contain", 100, 100, "contain")
FILL = Preset("fill", 200, 200, "pad", "white", min_fill=0.85)


def decode(rendition: Rendition) -> Image.Image:
    """The output's pixels, opened the way a marketplace would."""
    image = Image.open(io.BytesIO(rendition.data))
    image.load()
    return image


def close(colour, expected, tolerance: int = 12) -> bool:
    """Whether two colours agree within tolerance on every channel."""
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=False))


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


# --- presets ------------------------------------------------------------------------------------

def test_preset_from_dict_and_key():
    data = {"name": "shopee-main", "width": 1024, "height": 1024, "fit": "pad",
            "background": "white", "format": "JPEG", "max_bytes": 2_097_152, "min_source": 500}
    preset = Preset.from_dict(data)
    assert preset == Preset("shopee-main", 1024, 1024, "pad", "white", max_bytes=2_097_152,
                            min_source=500)
    assert preset.key() == Preset.from_dict(dict(reversed(data.items()))).key()
    assert preset.key() == Preset.from_dict({**data, "name": "renamed"}).key()
    assert len(preset.key()) == 32
    assert int(preset.key(), 16) >= 0


@pytest.mark.parametrize("change", [
    {"width": 1025}, {"height": 1000}, {"fit": "cover"}, {"background": "#ffffff"},
    {"min_fill": 0.8}, {"format": "PNG"}, {"max_bytes": None}, {"min_source": 600},
    {"watermark_allowed": True},
])
def test_every_field_that_shapes_the_output_changes_the_key(change):
    base = {"name": "x", "width": 1024, "height": 1024, "fit": "pad", "max_bytes": 100,
            "min_source": 500}
    assert Preset.from_dict({**base, **change}).key() != Preset.from_dict(base).key()


@pytest.mark.parametrize("bad", [
    {"width": 0}, {"width": True}, {"height": 10_001}, {"width": "1024"}, {"fit": "stretch"},
    {"background": "red"}, {"background": "#fff"}, {"background": "#ggg000"},
    {"min_fill": 1.5}, {"min_fill": -0.5}, {"min_fill": 0.8, "fit": "cover"}, {"format": "GIF"},
    {"max_bytes": 0}, {"min_source": -1}, {"min_source": [500]}, {"min_source": [500, 0]},
    {"min_source": "500"}, {"watermark_allowed": "no"}, {"name": ""}, {"colour": "white"},
    {"background": "owner", "fit": "stretch"}, {"width": {"value": 0, "source": "x"}},
])
def test_bad_presets_are_refused(bad):
    with pytest.raises((ValueError, TypeError)):
        Preset.from_dict({"name": "x", "width": 100, "height": 100, **bad})


def test_from_dict_speaks_the_channel_data_dialect():
    raw = {"name": "main", "width": 1024, "height": 1024, "fit": "pad", "background": "owner",
           "min_fill": 0.0, "format": "jpeg", "max_bytes": 2_097_152, "min_source": [500, 500],
           "watermark_allowed": {"value": False, "confidence": "unverified",
                                 "source": "https://example.id", "checked": "2026-11-28"},
           "confidence": "third_party", "source": "https://example.id", "checked": "2026-11-28",
           "note": "why"}
    assert Preset.from_dict(raw) == Preset("main", 1024, 1024, "pad", "keep", None, "JPEG",
                                           2_097_152, (500, 500), False)
    assert Preset.from_dict({**raw, "format": "JPG"}).format == "JPEG"
    assert Preset("s", 10, 10, min_source=500).min_source == (500, 500)
    assert Preset("s", 10, 10, min_source=500).key() == Preset("s", 10, 10,
                                                               min_source=(500, 500)).key()


def test_every_preset_in_channels_toml_loads():
    import tomllib

    path = data_path("channels.toml")
    channels = tomllib.loads(path.read_text(encoding="utf-8")).get("channels", [])
    presets = [raw for channel in channels for raw in channel.get("presets", [])]
    assert len(presets) >= len(channels) >= 10  # every channel has at least its main preset
    for raw in presets:
        preset = Preset.from_dict(raw)
        assert preset.format in imaging.FORMATS


def test_min_source_is_a_width_and_a_height():
    photo = imaging.open_photo(images.photo_jpeg(600, 900))  # a portrait, 600 wide
    story = Preset("story", 1080, 1920, "cover", min_source=(540, 960))
    rendition = imaging.render(photo, story)
    assert (rendition.width, rendition.height) == (506, 900)  # 9:16 at the photo's own size
    assert set(rendition.warnings) == {"not_upscaled", "source_too_small"}
    tall_enough = imaging.render(photo, Preset("s", 1080, 1920, "cover", min_source=(500, 880)))
    assert tall_enough.warnings == ("not_upscaled",)
    contain = imaging.render(imaging.open_photo(images.photo_jpeg(900, 100)),
                             Preset("c", 1600, 1600, "contain", min_source=(500, 500)))
    assert (contain.width, contain.height) == (900, 100)
    assert "source_too_small" in contain.warnings  # 100 px high is too little


def test_rendition_key_ignores_options_that_cannot_change_the_output():
    sha = "ab" * 32
    pad = Preset("p", 100, 100, "pad")
    assert imaging.rendition_key(sha, pad, focus=(0.1, 0.9)) == imaging.rendition_key(sha, pad)
    assert (imaging.rendition_key(sha, pad, background_colour="#000000")
            == imaging.rendition_key(sha, pad))
    cover = Preset("c", 100, 100, "cover")
    assert imaging.rendition_key(sha, cover, focus=(0.1, 0.9)) != imaging.rendition_key(sha, cover)
    keep = Preset("k", 100, 100, "pad", "keep")
    assert (imaging.rendition_key(sha, keep, background_colour="#000000")
            != imaging.rendition_key(sha, keep))
    assert imaging.rendition_key(sha, pad, fix_light=True) != imaging.rendition_key(sha, pad)
    assert imaging.rendition_key("cd" * 32, pad) != imaging.rendition_key(sha, pad)


# --- rendering: geometry -------------------------------------------------------------------------

def test_cover_pad_and_contain_sizes():
    photo = imaging.open_photo(images.photo_jpeg(400, 300))
    cover, pad, contain = imaging.render_all(photo, [COVER, SQUARE, CONTAIN])
    assert (cover.width, cover.height) == (80, 80)
    assert decode(cover).size == (80, 80)
    assert decode(pad).size == (120, 120)
    assert decode(contain).size == (100, 75)
    padded = decode(pad)
    assert close(padded.getpixel((60, 2)), (255, 255, 255), 3)  # white bands top and bottom
    assert close(padded.getpixel((60, 117)), (255, 255, 255), 3)
    assert not close(padded.getpixel((60, 60)), (255, 255, 255), 3)


def _halves(size=(300, 100)) -> bytes:
    """A wide JPEG, red on the left half and blue on the right."""
    image = Image.new("RGB", size, images.RED)
    image.paste(images.BLUE, (size[0] // 2, 0, size[0], size[1]))
    return images.jpeg(image, quality=95)


@pytest.mark.parametrize(("focus", "colour"), [((0.0, 0.5), images.RED),
                                               ((1.0, 0.5), images.BLUE)])
def test_the_focus_point_moves_the_crop(focus, colour):
    photo = imaging.open_photo(_halves())
    output = decode(imaging.render(photo, COVER, focus=focus))
    assert close(images.mean_colour(output), colour, 12)
    centred = decode(imaging.render(photo, COVER))
    assert close(centred.getpixel((10, 40)), images.RED, 24)
    assert close(centred.getpixel((70, 40)), images.BLUE, 24)


def test_focus_outside_the_photo_is_clamped():
    photo = imaging.open_photo(_halves())
    output = decode(imaging.render(photo, COVER, focus=(-3.0, float("nan"))))
    assert close(images.mean_colour(output), images.RED, 12)


def test_blurred_fill_for_a_portrait_into_a_square():
    upright = images.photo_image(120, 240, seed=5)
    photo = imaging.open_photo(images.jpeg(upright))
    preset = Preset("square-blur", 200, 200, "pad", "blur")
    output = decode(imaging.render(photo, preset))
    assert output.size == (200, 200)
    band = output.crop((0, 0, 40, 200))
    stats = ImageStat.Stat(band)
    assert max(stats.mean) < 250  # not white
    assert min(stats.mean) > 5    # not black
    assert max(stats.stddev) > 1  # the photo's own colours, not a flat fill
    edges = ImageChops.difference(band, band.filter(ImageFilter.GaussianBlur(1)))
    assert max(ImageStat.Stat(edges).mean) < 2  # smooth: no detail survives the blur
    photo_left = images.mean_colour(upright, (0, 0, 30, 240))
    assert images.delta_e(images.mean_colour(band), photo_left) < 25
    assert not close(output.getpixel((100, 100)), (255, 255, 255), 3)


def _small_product(size=(600, 600), box=(240, 220, 360, 400), colour=(40, 90, 160)) -> bytes:
    """A PNG of a small blue product on a wide white border."""
    image = Image.new("RGB", size, (255, 255, 255))
    image.paste(colour, box)
    return images.encode(image, "PNG")


def _content_box(image: Image.Image, threshold: int = 40):
    """The bounding box of everything that is not (nearly) white."""
    mask = ImageChops.difference(image.convert("RGB"), Image.new("RGB", image.size, "white"))
    return mask.convert("L").point(lambda v: 255 if v > threshold else 0).getbbox()


@pytest.mark.parametrize("min_fill", [0.8, 0.85])
def test_min_fill_trims_borders_and_pads_so_the_product_fills_the_frame(min_fill):
    photo = imaging.open_photo(_small_product())  # the product is 30% of the photo's height
    preset = Preset("amazon", 150, 150, "pad", "white", min_fill=min_fill)
    rendition = imaging.render(photo, preset)
    output = decode(rendition)
    assert output.size == (150, 150)
    left, top, right, bottom = _content_box(output)
    fill = max((right - left) / 150, (bottom - top) / 150)
    assert min_fill <= fill <= 1.0
    assert close(output.getpixel((2, 2)), (255, 255, 255), 2)
    assert rendition.warnings == ()


def test_min_fill_shrinks_the_frame_rather_than_upscale_the_product():
    photo = imaging.open_photo(_small_product())  # the product is 120 × 180 pixels
    rendition = imaging.render(photo, Preset("amazon", 1000, 1000, "pad", min_fill=0.85,
                                             min_source=500))
    output = decode(rendition)
    assert output.size == (195, 195)  # 180 px product at 92.5%, so not upscaled
    _, top, _, bottom = _content_box(output)
    assert (bottom - top) / 195 >= 0.85
    assert set(rendition.warnings) == {"not_upscaled", "source_too_small"}


def test_min_fill_on_a_grey_backdrop_says_the_backdrop_is_not_white():
    photo = imaging.open_photo(images.jpeg(images.product_on_backdrop()))
    rendition = imaging.render(photo, FILL)
    assert "backdrop_not_white" in rendition.warnings
    whitened = imaging.render(photo, FILL, whiten_backdrop=True)
    assert "backdrop_not_white" not in whitened.warnings


def test_min_fill_trims_transparent_borders():
    photo = imaging.open_photo(images.rgba_png((600, 600)))  # 300 px square in the middle
    output = decode(imaging.render(photo, FILL))
    assert output.size == (200, 200)
    left, _, right, _ = _content_box(output)
    assert 0.85 <= (right - left) / 200 <= 1.0
    assert close(output.getpixel((3, 3)), (255, 255, 255), 3)


def test_a_small_photo_is_flagged_and_never_upscaled():
    photo = imaging.open_photo(images.photo_jpeg(300, 200))
    preset = Preset("shopee", 1000, 1000, "pad", "white", min_source=500)
    rendition = imaging.render(photo, preset)
    assert set(rendition.warnings) >= {"not_upscaled", "source_too_small"}
    assert (rendition.width, rendition.height) == (300, 300)
    assert decode(rendition).size == (300, 300)
    big_enough = imaging.render(photo, Preset("wa", 180, 180, "cover", min_source=150))
    assert big_enough.warnings == ()
    assert (big_enough.width, big_enough.height) == (180, 180)


@pytest.mark.parametrize("preset", [Preset("c", 1000, 500, "cover"),
                                    Preset("k", 900, 900, "contain")])
def test_cover_and_contain_keep_the_aspect_without_upscaling(preset):
    photo = imaging.open_photo(images.photo_jpeg(400, 300))
    rendition = imaging.render(photo, preset)
    assert "not_upscaled" in rendition.warnings
    assert rendition.width <= 400
    assert rendition.height <= 300
    ratio = rendition.width / rendition.height
    expected = 2.0 if preset.fit == "cover" else 4 / 3
    assert ratio == pytest.approx(expected, rel=0.01)


EXTREMES = [(1, 1), (2, 1), (1, 2), (3000, 2), (2, 3000), (7, 5)]


@pytest.mark.parametrize("size", EXTREMES)
@pytest.mark.parametrize("preset", [
    COVER, SQUARE, CONTAIN, FILL, Preset("story", 108, 192, "pad", "blur"),
    Preset("png", 50, 50, "pad", "keep", format="PNG"), Preset("webp", 50, 70, "cover",
                                                               format="WEBP"),
], ids=lambda p: p.name)
def test_tiny_and_extreme_photos_render_without_zero_sizes(size, preset):
    photo = imaging.open_photo(images.encode(images.photo_image(*size, grain=0), "PNG"))
    rendition = imaging.render(photo, preset)
    output = decode(rendition)
    assert output.width >= 1
    assert output.height >= 1
    assert output.size == (rendition.width, rendition.height)
    assert output.width <= preset.width
    assert output.height <= preset.height


@settings(max_examples=examples(60), deadline=None)
@given(width=st.integers(1, 48), height=st.integers(1, 48), frame_w=st.integers(1, 64),
       frame_h=st.integers(1, 64), fit=st.sampled_from(imaging.FITS),
       background=st.sampled_from(["white", "keep", "blur", "#123456"]),
       format=st.sampled_from(imaging.FORMATS), alpha=st.booleans(),
       focus=st.tuples(st.floats(-1, 2), st.floats(-1, 2)))
def test_any_photo_into_any_preset_gives_a_sane_image(width, height, frame_w, frame_h, fit,
                                                      background, format, alpha, focus):
    image = images.photo_image(width, height, grain=0)
    if alpha:
        image.putalpha(Image.linear_gradient("L").resize(image.size))
    photo = imaging.open_photo(images.encode(image, "PNG"))
    preset = Preset("any", frame_w, frame_h, fit, background, format=format,
                    min_fill=0.85 if fit == "pad" and width % 2 else None)
    rendition = imaging.render(photo, preset, focus=focus)
    output = decode(rendition)
    assert output.size == (rendition.width, rendition.height)
    assert 1 <= output.width <= frame_w
    assert 1 <= output.height <= frame_h
    if fit != "contain" and "not_upscaled" not in rendition.warnings:
        assert output.size == (frame_w, frame_h)


def test_a_panorama_pads_into_a_thin_strip():
    photo = imaging.open_photo(images.photo_jpeg(4000, 100, seed=3))
    output = decode(imaging.render(photo, SQUARE))
    assert output.size == (120, 120)
    assert close(output.getpixel((60, 5)), (255, 255, 255), 3)
    assert not close(output.getpixel((60, 60)), (255, 255, 255), 10)


# --- rendering: encoding -------------------------------------------------------------------------

def test_jpeg_quality_search_lands_under_the_byte_limit_and_stays_high():
    photo = imaging.open_photo(images.jpeg(images.photo_image(600, 600, seed=4, grain=0)))
    unlimited = imaging.render(photo, Preset("q", 600, 600, "cover"))
    limit = int(len(unlimited.data) * 0.7)
    limited = imaging.render(photo, Preset("q", 600, 600, "cover", max_bytes=limit))
    assert len(limited.data) <= limit
    assert len(limited.data) > limit * 0.75  # just under, not far under
    assert limited.warnings == ()
    assert decode(limited).size == (600, 600)
    assert _psnr(decode(limited), decode(unlimited)) > 36


@pytest.mark.parametrize("format", ["JPEG", "WEBP", "PNG"])
def test_a_tight_byte_limit_is_met_by_scaling_down(format):
    photo = imaging.open_photo(images.photo_jpeg(400, 400, seed=4))
    rendition = imaging.render(photo, Preset("t", 400, 400, "cover", format=format,
                                             max_bytes=6000))
    assert len(rendition.data) <= 6000
    assert "downscaled_to_fit" in rendition.warnings
    assert decode(rendition).size == (rendition.width, rendition.height)
    assert rendition.width < 400


def test_an_impossible_byte_limit_is_a_warning_not_an_error():
    photo = imaging.open_photo(images.photo_jpeg(100, 100))
    rendition = imaging.render(photo, Preset("t", 100, 100, "cover", max_bytes=50))
    assert "over_max_bytes" in rendition.warnings
    assert decode(rendition).width >= 1


@pytest.mark.parametrize(("format", "magic"), [("JPEG", b"\xff\xd8\xff"),
                                               ("PNG", b"\x89PNG"), ("WEBP", b"RIFF")])
def test_output_formats(format, magic):
    photo = imaging.open_photo(images.photo_jpeg(64, 48))
    rendition = imaging.render(photo, Preset("f", 32, 32, "cover", format=format))
    assert rendition.data.startswith(magic)
    assert decode(rendition).format == format
    assert rendition.format == format
    assert rendition.extension == {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[format]


# --- outputs carry no metadata ------------------------------------------------------------------

def jpeg_segments(data: bytes) -> tuple[list[int], int]:
    """The JPEG's marker codes in order, and the offset just after its EOI."""
    assert data[:2] == b"\xff\xd8"
    markers, offset = [0xD8], 2
    while offset < len(data):
        assert data[offset] == 0xFF
        marker = data[offset + 1]
        markers.append(marker)
        if marker == 0xD9:
            return markers, offset + 2
        length = int.from_bytes(data[offset + 2:offset + 4], "big")
        offset += 2 + length
        if marker == 0xDA:  # entropy-coded data runs to the next real marker
            while not (data[offset] == 0xFF and data[offset + 1] not in (0, *range(0xD0, 0xD8))):
                offset += 1
    raise AssertionError("no EOI")


def png_chunks(data: bytes) -> list[bytes]:
    """The PNG's chunk types in order."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    kinds, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        kinds.append(data[offset + 4:offset + 8])
        offset += 12 + length
    return kinds


def webp_chunks(data: bytes) -> list[bytes]:
    """The WebP's RIFF chunk types in order, and asserts VP8X declares no metadata."""
    assert data[:4] == b"RIFF"
    assert data[8:12] == b"WEBP"
    kinds, offset = [], 12
    while offset < len(data):
        kind = data[offset:offset + 4]
        (length,) = struct.unpack("<I", data[offset + 4:offset + 8])
        if kind == b"VP8X":
            flags = data[offset + 8]
            assert not flags & 0b00101100  # ICC, EXIF, XMP
        kinds.append(kind)
        offset += 8 + length + (length & 1)
    return kinds


HOSTILE = [
    pytest.param(images.metadata_jpeg(), id="gps-serial-comment-xmp-icc"),
    pytest.param(images.png_with_script_text(), id="png-text-script"),
    pytest.param(images.polyglot_jpeg_zip(), id="jpeg+zip"),
    pytest.param(images.polyglot_jpeg_html(), id="jpeg+html"),
]


@pytest.mark.parametrize("data", HOSTILE)
@pytest.mark.parametrize("preset", [
    Preset("j", 48, 48, "cover"), Preset("p", 48, 48, "pad", "blur", format="PNG"),
    Preset("w", 48, 48, "contain", format="WEBP"),
], ids=lambda p: p.format)
def test_outputs_carry_no_metadata_and_no_payload(data, preset):
    rendition = imaging.render(imaging.open_photo(data), preset)
    output = rendition.data
    for secret in images.SECRETS:
        assert secret not in output
    assert b"GPS" not in output
    assert b"Exif" not in output
    assert b"http://ns.adobe.com" not in output
    if preset.format == "JPEG":
        markers, end = jpeg_segments(output)
        assert end == len(output)  # nothing after the image
        assert set(markers) <= {0xD8, 0xE0, 0xDB, 0xC0, 0xC4, 0xDA, 0xD9}  # no APPn but JFIF
        assert output[6:11] == b"JFIF\x00"
    elif preset.format == "PNG":
        assert set(png_chunks(output)) <= {b"IHDR", b"IDAT", b"IEND"}
    else:
        assert set(webp_chunks(output)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
    image = decode(rendition)
    assert not image.getexif()
    assert not set(image.info) & {"exif", "icc_profile", "comment", "xmp", "Comment",
                                  "Description", "XML:com.adobe.xmp"}


def test_the_gps_and_serial_really_were_in_the_input():
    with Image.open(io.BytesIO(images.metadata_jpeg())) as source:
        exif = source.getexif()
        assert exif.get_ifd(0x8825)[1] == "S"
        assert exif.get_ifd(0x8769)[0xA431] == images.SECRET_SERIAL
        assert source.info["comment"] == images.SECRET_COMMENT


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


# --- the pack -----------------------------------------------------------------------------------

PACK = [SQUARE, COVER, CONTAIN, FILL, Preset("story", 90, 160, "pad", "blur"),
        Preset("webp", 100, 125, "cover", format="WEBP")]


def test_render_all_equals_rendering_each_preset_and_is_deterministic():
    photo = imaging.open_photo(images.photo_jpeg(320, 240, seed=6))
    together = imaging.render_all(photo, PACK, focus=(0.3, 0.6))
    alone = [imaging.render(photo, preset, focus=(0.3, 0.6)) for preset in PACK]
    assert [r.data for r in together] == [r.data for r in alone]
    assert [r.preset for r in together] == [p.name for p in PACK]
    again = imaging.render_all(imaging.open_photo(images.photo_jpeg(320, 240, seed=6)), PACK,
                               focus=(0.3, 0.6))
    assert [r.data for r in again] == [r.data for r in together]


def _psnr(a: Image.Image, b: Image.Image) -> float:
    """Peak signal-to-noise ratio in dB."""
    rms = ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).rms
    mse = sum(v * v for v in rms) / 3
    return math.inf if mse == 0 else 10 * math.log10(255 ** 2 / mse)


def test_the_fast_path_matches_a_full_size_render():
    data = images.photo_jpeg(1600, 1200, seed=7, orientation=6,
                             icc=images.icc_profile("display-p3"))
    presets = [Preset("a", 400, 400, "cover"), Preset("b", 380, 380, "pad", "blur"),
               Preset("c", 300, 300, "pad", min_fill=0.85)]
    fast = imaging.open_photo(data, presets=presets)
    full = imaging.open_photo(data)
    assert fast.image.size == (800, 600)  # 1/2 scale: cover 400 needs 400 of the 1200 high
    for preset in presets:
        ours = imaging.compose(fast, preset)[0]
        reference = imaging.compose(full, preset, reducing_gap=None)[0]
        assert ours.size == reference.size
        assert _psnr(ours, reference) > 40
    sizes = [(r.width, r.height) for r in imaging.open_and_render_all(data, presets)]
    assert sizes == [(r.width, r.height) for r in imaging.render_all(full, presets)]


def test_open_and_render_all_passes_options_and_limits_through():
    data = images.jpeg(images.product_on_backdrop((600, 600)), quality=95)
    fill = Preset("fill-png", 200, 200, "pad", min_fill=0.85, format="PNG")
    (plain,) = imaging.open_and_render_all(data, [fill])
    (white,) = imaging.open_and_render_all(data, [fill], whiten_backdrop=True)
    assert "backdrop_not_white" in plain.warnings
    assert decode(white).getpixel((3, 3)) == (255, 255, 255)
    with pytest.raises(PhotoError) as caught:
        imaging.open_and_render_all(data, [FILL], max_bytes=100)
    assert caught.value.code == "too_large_bytes"


def test_rendition_is_small_and_frozen():
    rendition = imaging.render(imaging.open_photo(images.photo_jpeg(40, 30)), COVER)
    assert isinstance(rendition.data, bytes)
    with pytest.raises(AttributeError):
        rendition.width = 1
    photo = imaging.open_photo(images.photo_jpeg(40, 30))
    assert isinstance(photo, Photo)
    with pytest.raises(AttributeError):
        photo.width = 1
