"""The owner's enhancements, applied once per photo before any preset is composed.

"Perbaiki cahaya" (fix light) stretches levels, balances white on near-neutral pixels and
lifts dim photos; "putihkan latar" (whiten backdrop) floods a light backdrop from the edges to
pure white. Both measure a small sample and apply one pass over the full photo. Pure Pillow:
imports neither Flask nor the ORM.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from PIL import Image, ImageChops, ImageFilter, ImageStat

from webapp.photos.decoding import Photo

WHITE = (255, 255, 255)


def enhance(photo: Photo, *, fix_light: bool = False,
            whiten_backdrop: bool = False) -> tuple[Photo, tuple[str, ...]]:
    """Apply "perbaiki cahaya" and/or "putihkan latar" once per photo, before any preset.

    Returns the new photo and warning codes (backdrop_not_light when there is nothing safe to
    whiten).
    """
    image, notes = photo.image, []
    if fix_light:
        image = _fix_light(image)
    if whiten_backdrop:
        image, whitened = _whiten_backdrop(image)
        if not whitened:
            notes.append("backdrop_not_light")
    if image is photo.image:
        return photo, tuple(notes)
    return dataclasses.replace(photo, image=image), tuple(notes)


def _sample(image: Image.Image, longest: int = 256) -> Image.Image:
    """A small copy for statistics: box-reduced, so every pixel of the photo counts."""
    factor = max(1, math.ceil(max(image.size) / longest))
    return image.reduce(factor) if factor > 1 else image.copy()


def _percentile(histogram: Sequence[int], fraction: float) -> int:
    """The level below which fraction of the counted pixels lie."""
    total = sum(histogram)
    if not total:
        return 0
    target, running = fraction * total, 0
    for level, count in enumerate(histogram):
        running += count
        if running >= target:
            return level
    return 255


def _fix_light(image: Image.Image) -> Image.Image:
    """Auto levels, grey-world white balance on near-neutral pixels, and a lift for dim photos.

    Everything is measured on a small sample and applied as one lookup table, so the cost on a
    big photo is a single pass. The corrections are bounded so a colourful product (a red batik
    filling the frame) is not turned grey and noise in the shadows is not blown up.
    """
    sample = _sample(image)
    mask = sample.getchannel("A").point(lambda a: 255 if a > 127 else 0) if (
        sample.mode == "RGBA") else None
    rgb = sample.convert("RGB")
    bands = [rgb.getchannel(i).histogram(mask) for i in range(3)]
    black = min(min(_percentile(h, 0.005) for h in bands), 64)
    white = max(max(_percentile(h, 0.995) for h in bands), black + 96)
    white = min(white, 255)

    def levels(value: float) -> float:
        """The level after stretching black..white to 0..255."""
        return min(255.0, max(0.0, (value - black) * 255 / (white - black)))

    # Grey world on pixels that are nearly neutral already: casts show there, products don't.
    saturation = rgb.convert("HSV").getchannel("S").point(lambda s: 255 if s < 96 else 0)
    if mask is not None:
        saturation = ImageChops.multiply(saturation, mask)
    gains = [1.0, 1.0, 1.0]
    neutral = ImageStat.Stat(saturation).mean[0] / 255
    if neutral > 0.05:
        means = [levels(m) for m in ImageStat.Stat(rgb, saturation).mean]
        grey = sum(means) / 3
        gains = [min(1.25, max(0.8, grey / m)) if m > 1 else 1.0 for m in means]
    # Lift dim photos with a gamma that brings the mean luma near 0.45 (about 115 of 255).
    luma = ImageStat.Stat(rgb.convert("L"), mask).mean[0]
    luma = max(1.0, levels(luma))
    gamma = 1.0
    if luma < 110:
        gamma = min(1.0, max(0.5, math.log(0.45) / math.log(luma / 255)))
    lut = []
    for gain in gains:
        lut += [round(255 * min(1.0, levels(v) * gain / 255) ** gamma) for v in range(256)]
    if image.mode == "RGBA":
        lut += list(range(256))
    return image.point(lut)


WHITEN_TOLERANCE = 40
_WHITEN_SAMPLE = 512


def _whiten_backdrop(image: Image.Image) -> tuple[Image.Image, bool]:
    """Flood from the edges over pixels near the backdrop colour and make them pure white.

    The flood runs on a small copy (a scanline fill over bytes), is upscaled as a mask and
    intersected with a soft full-size "near the backdrop" mask, so edges stay smooth and light
    areas enclosed by the product (a white motif) are kept. Returns (image, whitened?).
    """
    if image.mode == "RGBA":
        image = flatten(image, WHITE)
    small = _sample(image, _WHITEN_SAMPLE)
    backdrop = _border_colour(small)
    red, green, blue = backdrop
    lightness = 0.299 * red + 0.587 * green + 0.114 * blue
    if lightness < 150 or max(backdrop) - min(backdrop) > 40:
        return image, False
    near_small = colour_distance(small, backdrop).point(lambda d: 1 if d <= WHITEN_TOLERANCE else 0)
    filled = _flood_from_edges(near_small.tobytes(), *small.size)
    region = Image.frombytes("L", small.size, bytes(filled)).point(lambda v: 255 if v else 0)
    # One sample pixel of slack so the full-size edge is decided by the soft mask below.
    region = region.filter(ImageFilter.MaxFilter(3)).resize(image.size, Image.Resampling.BILINEAR)
    tolerance = WHITEN_TOLERANCE

    def soft(d: int) -> int:
        """Fully backdrop up to the tolerance, fading to untouched at twice it."""
        return 255 if d <= tolerance else max(0, round(255 * (2 * tolerance - d) / tolerance))

    mask = ImageChops.multiply(region.point(lambda v: 255 if v else 0),
                               colour_distance(image, backdrop).point(soft))
    return Image.composite(Image.new("RGB", image.size, WHITE), image, mask), True


def colour_distance(image: Image.Image, colour: tuple[int, int, int]) -> Image.Image:
    """Per pixel, how far image is from colour (luma-weighted sum of channel differences)."""
    return ImageChops.difference(image, Image.new("RGB", image.size, colour)).convert("L")


def _border_colour(image: Image.Image) -> tuple[int, int, int]:
    """The median colour of a two-pixel frame around the image."""
    w, h = image.size
    boxes = ((0, 0, w, min(2, h)), (0, max(0, h - 2), w, h), (0, 0, min(2, w), h),
             (max(0, w - 2), 0, w, h))
    pixels = b"".join(image.crop(box).convert("RGB").tobytes() for box in boxes)
    frame = Image.frombytes("RGB", (len(pixels) // 3, 1), pixels)
    return tuple(round(v) for v in ImageStat.Stat(frame).median)


def _flood_from_edges(near: bytes, width: int, height: int) -> bytearray:
    """Scanline flood fill of the 1-valued pixels connected (4-way) to the image's edges."""
    filled = bytearray(width * height)
    stack = []

    def runs(row: int, start: int, stop: int) -> None:
        """Push the start of each unfilled run of 1s in row between start and stop."""
        base = row * width
        x = start
        while x < stop:
            begin = near.find(1, base + x, base + stop)
            if begin < 0:
                return
            if not filled[begin]:
                stack.append((begin - base, row))
            end = near.find(0, begin, base + stop)
            x = stop if end < 0 else end - base

    runs(0, 0, width)
    runs(height - 1, 0, width)
    for y in range(height):
        for x in (0, width - 1):
            if near[y * width + x]:
                stack.append((x, y))
    while stack:
        x, y = stack.pop()
        base = y * width
        if filled[base + x] or not near[base + x]:
            continue
        left = near.rfind(0, base, base + x)
        left = base if left < 0 else left + 1
        right = near.find(0, base + x, base + width)
        right = base + width if right < 0 else right
        filled[left:right] = b"\x01" * (right - left)
        for row in (y - 1, y + 1):
            if 0 <= row < height:
                runs(row, left - base, right - base)
    return filled


def flatten(image: Image.Image, colour: tuple[int, int, int] | str) -> Image.Image:
    """RGBA onto a solid colour, as RGB."""
    canvas = Image.new("RGB", image.size, colour)
    canvas.paste(image, (0, 0), image)
    return canvas
