"""Phone photos in, channel-ready images out: the photo pipeline's public face.

The pipeline has four public steps, each usable on its own (the last three also return
warning codes):

    open_photo(data)         -> Photo            decode safely: upright, sRGB, 8-bit RGB or RGBA
    enhance(photo, ...)      -> Photo, codes     "perbaiki cahaya" and "putihkan latar", once
    compose(photo, preset)   -> Image, codes     crop or fit, fill the background, one preset
    encode(image, preset)    -> bytes, codes     re-encode with no metadata, under the byte limit

`render_all` runs the last three for every preset of a channel from one decode, and
`open_and_render_all` is the fast entry point: it lets libjpeg decode a JPEG at the smallest
DCT scale the presets need (draft mode must be set before the pixels are loaded).

Each concept has its own module: presets.py (Preset, Watermark, Rendition: plain data, no
Pillow), decoding.py (the one hardened decoder), enhancing.py (the owner's enhancements) and
rendering.py (compose, encode, watermark, cache keys). Callers import from here. None of them
imports Flask or the ORM. Rejections raise `PhotoError(code, **params)`; rendering notes are
short codes in `Rendition.warnings`. The web layer turns both into text.
"""

from __future__ import annotations

from webapp.photos.decoding import (
    ACCEPTED_NAMES,
    MAX_BYTES,
    MAX_PIXELS,
    MiB,
    Photo,
    PhotoError,
    decode_size,
    open_photo,
)
from webapp.photos.enhancing import enhance
from webapp.photos.presets import (
    EXTENSIONS,
    FITS,
    FORMATS,
    MAX_PRESET_SIDE,
    RENDER_VERSION,
    WATERMARK_POSITIONS,
    Preset,
    Rendition,
    Watermark,
)
from webapp.photos.rendering import (
    JPEG_QUALITY,
    LOWEST_QUALITY,
    REDUCING_GAP,
    RESAMPLE,
    WEBP_QUALITY,
    apply_watermark,
    compose,
    encode,
    open_and_render_all,
    render,
    render_all,
    rendition_key,
)

__all__ = [
    "ACCEPTED_NAMES",
    "EXTENSIONS",
    "FITS",
    "FORMATS",
    "JPEG_QUALITY",
    "LOWEST_QUALITY",
    "MAX_BYTES",
    "MAX_PIXELS",
    "MAX_PRESET_SIDE",
    "REDUCING_GAP",
    "RENDER_VERSION",
    "RESAMPLE",
    "WATERMARK_POSITIONS",
    "WEBP_QUALITY",
    "MiB",
    "Photo",
    "PhotoError",
    "Preset",
    "Rendition",
    "Watermark",
    "apply_watermark",
    "compose",
    "decode_size",
    "encode",
    "enhance",
    "open_and_render_all",
    "open_photo",
    "render",
    "render_all",
    "rendition_key",
]
