"""Shared by the photo pipeline's tests: a few presets and a way to look at an output's pixels."""

from __future__ import annotations

import io

from PIL import Image

from webapp.photos.imaging import Preset, Rendition

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
