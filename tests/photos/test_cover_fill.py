""""Isi penuh": a marketplace cover fills its frame around the focus point instead of white bars,
and every crop keeps the focus point in the frame."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from tests.properties import examples
from webapp.photos import imaging, rendering
from webapp.photos.imaging import Photo, Preset

PAD = Preset("marketplace", 200, 200, "pad", "white")
TALL = Preset("tall", 160, 200, "pad", "white", min_fill=0.85)
FRACTIONS = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def photo_of(image: Image.Image) -> Photo:
    """A decoded photo of image, as the pipeline sees it."""
    return Photo(image=image, width=image.width, height=image.height, format="PNG",
                 sha256="ab" * 32)


def dotted(size: tuple[int, int], focus: tuple[float, float]) -> Image.Image:
    """A grey photo with a red dot at the focus point."""
    image = Image.new("RGB", size, (120, 120, 120))
    x, y = focus[0] * (size[0] - 1), focus[1] * (size[1] - 1)
    ImageDraw.Draw(image).ellipse([x - 6, y - 6, x + 6, y + 6], fill=(230, 20, 20))
    return image


def has_red(image: Image.Image) -> bool:
    """Whether any pixel is clearly the red dot."""
    red, green, _blue = image.convert("RGB").split()
    mask = Image.eval(red, lambda v: 255 if v > 170 else 0)
    return Image.composite(mask, Image.new("L", image.size), Image.eval(
        green, lambda v: 255 if v < 90 else 0)).getbbox() is not None


def test_fill_frame_replaces_white_bars_with_the_photo():
    wide = photo_of(dotted((600, 300), (0.9, 0.5)))
    barred, _ = imaging.compose(wide, PAD)
    full, _ = imaging.compose(wide, PAD, fill_frame=True, focus=(0.9, 0.5))
    assert barred.getpixel((100, 5)) == (255, 255, 255)  # a white bar above the photo
    assert full.size == (200, 200) and full.getpixel((100, 5)) != (255, 255, 255)
    assert has_red(full)  # the focus, near the right edge, is kept


def test_fill_frame_changes_the_cache_key_only_where_it_changes_the_output():
    sha = "cd" * 32
    assert imaging.rendition_key(sha, PAD, fill_frame=True) != imaging.rendition_key(sha, PAD)
    # With a fill, the focus point matters: another point is another file.
    assert (imaging.rendition_key(sha, PAD, fill_frame=True, focus=(0.1, 0.5))
            != imaging.rendition_key(sha, PAD, fill_frame=True, focus=(0.9, 0.5)))
    cover = Preset("cover", 100, 100, "cover")
    assert imaging.rendition_key(sha, cover, fill_frame=True) == imaging.rendition_key(sha, cover)


@settings(max_examples=examples(200), deadline=None)
@given(focus=st.tuples(FRACTIONS, FRACTIONS),
       photo_size=st.tuples(st.integers(20, 4000), st.integers(20, 4000)),
       frame=st.tuples(st.integers(10, 2000), st.integers(10, 2000)),
       fit=st.sampled_from(["pad", "cover"]))
def test_every_crop_keeps_the_focus_point_in_frame(focus, photo_size, frame, fit):
    preset = rendering.filled(Preset("p", frame[0], frame[1], fit), fill_frame=True)
    assert preset.fit == "cover"
    photo = Photo(image=Image.new("RGB", photo_size), width=photo_size[0],
                  height=photo_size[1], format="PNG", sha256="ab" * 32)
    full = (0.0, 0.0, float(photo_size[0]), float(photo_size[1]))
    crop, size, _frame, _notes = rendering._geometry(photo, preset, full, 1.0, focus)
    x, y = focus[0] * photo_size[0], focus[1] * photo_size[1]
    assert crop[0] - 1e-6 <= x <= crop[2] + 1e-6 and crop[1] - 1e-6 <= y <= crop[3] + 1e-6
    # The crop has the frame's shape (within a pixel of rounding).
    assert abs((crop[2] - crop[0]) / (crop[3] - crop[1]) - frame[0] / frame[1]) <= (
        frame[0] / frame[1]) * (2 / min(size) + 2 / min(photo_size))


@settings(max_examples=examples(25), deadline=None)
@given(focus=st.tuples(st.floats(0.05, 0.95), st.floats(0.05, 0.95)),
       size=st.sampled_from([(600, 300), (300, 600), (500, 500), (900, 200)]),
       preset=st.sampled_from([PAD, TALL, Preset("ig", 216, 270, "cover")]))
def test_the_rendered_cover_shows_the_focus_point(focus, size, preset):
    image, _notes = imaging.compose(photo_of(dotted(size, focus)), preset, focus=focus,
                                    fill_frame=True)
    assert image.size == (preset.width, preset.height) or "not_upscaled" in _notes
    assert has_red(image)
