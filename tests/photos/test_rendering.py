"""Rendering: geometry, backgrounds, byte limits, clean outputs, cache keys and the pack.

Every test asserts on pixels, sizes, bytes or metadata. Images are made in memory
(tests/images.py) and kept small, except where size is the point.
"""

from __future__ import annotations

import io
import math
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageFilter, ImageStat

from tests import images
from tests.photos.pixels import CONTAIN, COVER, FILL, SQUARE, close, decode
from tests.properties import examples
from webapp.photos import imaging
from webapp.photos.imaging import Photo, PhotoError, Preset

# --- rendering: source size and cache keys -------------------------------------------------------

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


@pytest.mark.parametrize("white", ["#FFFFFF", "#ffffff"])
def test_pure_white_written_as_a_colour_is_the_white_rule(white):
    """channels.toml writes a white-background rule as "#FFFFFF": same output, warnings and key."""
    photo = imaging.open_photo(images.jpeg(images.product_on_backdrop()))
    written = Preset("fill", 200, 200, "pad", white, min_fill=0.85)
    assert written.plain_background == "white" and written.key() == FILL.key()
    assert imaging.render(photo, written) == imaging.render(photo, FILL)
    assert "backdrop_not_white" in imaging.render(photo, written).warnings


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
