"""Phone photos in, channel-ready images out: one hardened decoder and pure rendering in Pillow.

The pipeline has four public steps, each usable on its own (the last three also return
warning codes):

    open_photo(data)         -> Photo            decode safely: upright, sRGB, 8-bit RGB or RGBA
    enhance(photo, ...)      -> Photo, codes     "perbaiki cahaya" and "putihkan latar", once
    compose(photo, preset)   -> Image, codes     crop or fit, fill the background, one preset
    encode(image, preset)    -> bytes, codes     re-encode with no metadata, under the byte limit

`render_all` runs the last three for every preset of a channel from one decode, and
`open_and_render_all` is the fast entry point: it lets libjpeg decode a JPEG at the smallest
DCT scale the presets need (draft mode must be set before the pixels are loaded).

This module imports neither Flask nor the ORM. Rejections raise `PhotoError(code, **params)`;
rendering notes are short codes in `Rendition.warnings`. The web layer turns both into text.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import json
import math
import re
import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageChops, ImageCms, ImageFile, ImageFilter, ImageOps, ImageStat

from webapp.domain import DomainError

MiB = 1024 * 1024
MAX_BYTES = 25 * MiB
MAX_PIXELS = 60_000_000
OPEN_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
# Phone JPEGs with an MPF segment (depth, gain maps) open through the JPEG plugin as "MPO".
DECODED_FORMATS = frozenset({*OPEN_FORMATS, "MPO"})
ACCEPTED_NAMES = ("JPEG", "PNG", "WebP", "HEIC")

# Bump when the same inputs would give different output pixels, so cached renditions are redone.
RENDER_VERSION = 1
MAX_PRESET_SIDE = 10_000
JPEG_QUALITY = 90
WEBP_QUALITY = 88
LOWEST_QUALITY = 50
# resize() first reduces by an integer factor, then resamples the last ≥3× with the filter:
# Pillow's documentation calls 3.0 "indistinguishable from fair resampling in most cases".
REDUCING_GAP = 3.0
# Bicubic (antialiased, like every Pillow filter when shrinking) after DCT scaling stays above
# 46 dB PSNR against a full-size Lanczos resize in bench/photos.py, for a quarter less time.
RESAMPLE = Image.Resampling.BICUBIC

FITS = ("pad", "cover", "contain")
_PROVENANCE = frozenset({"source", "checked", "confidence", "note"})
FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
WHITE = (255, 255, 255)


class PhotoError(DomainError):
    """A photo we refuse, with a code the web layer translates and the facts to fill it in.

    Codes: empty, too_large_bytes (size, max_bytes), too_many_pixels (max_pixels, and width and
    height when the header was readable), not_an_image, unsupported_format (format, accepted),
    damaged; the photo service adds already_there, over_quota (quota) and too_many_photos (limit).
    """

    domain = "photo"


@dataclass(frozen=True, eq=False)
class Photo:
    """A decoded, normalised photo: upright, sRGB, 8-bit RGB (RGBA only if it has transparency).

    width and height are the upright size of the uploaded original. The image may be smaller
    than that when it was decoded for a set of presets (JPEG DCT scaling); never larger.
    """

    image: Image.Image
    width: int
    height: int
    format: str
    sha256: str

    @property
    def has_alpha(self) -> bool:
        """Whether the photo has transparent pixels, kept for compositing later."""
        return self.image.mode == "RGBA"


@dataclass(frozen=True)
class Preset:
    """One output image of a channel: its size, fit, background, format and limits (data).

    fit: cover fills the frame and crops around the focus point; pad fits the photo inside
    and fills the rest; contain fits inside and keeps the photo's own aspect (no fill).
    background: white (channel rule), #rrggbb, blur (the photo itself, blurred) or keep (the
    owner's choice; transparent in PNG/WebP when they choose nothing). min_fill: trim uniform
    borders, then pad so the product spans at least this fraction of the frame. min_source:
    (width, height) the output must reach without upscaling, else a warning; a single number
    means a square. watermark_allowed is carried for the layer that draws logos; it changes
    nothing here.
    """

    name: str
    width: int
    height: int
    fit: Literal["pad", "cover", "contain"] = "pad"
    background: str = "white"  # "white" | "keep" | "blur" | "#rrggbb"
    min_fill: float | None = None
    format: Literal["JPEG", "PNG", "WEBP"] = "JPEG"
    max_bytes: int | None = None
    min_source: tuple[int, int] | None = None
    watermark_allowed: bool = False

    def __post_init__(self) -> None:
        """Refuse impossible presets at load time, naming every problem at once."""
        if _is_int(self.min_source):  # one number is a square minimum
            object.__setattr__(self, "min_source", (self.min_source, self.min_source))
        elif isinstance(self.min_source, list):
            object.__setattr__(self, "min_source", tuple(self.min_source))
        problems = []
        if not isinstance(self.name, str) or not self.name:
            problems.append("name must be a non-empty string")
        for side in ("width", "height"):
            value = getattr(self, side)
            if not _is_int(value) or not 1 <= value <= MAX_PRESET_SIDE:
                problems.append(f"{side} must be an integer from 1 to {MAX_PRESET_SIDE}")
        if self.fit not in FITS:
            problems.append(f"fit must be one of {FITS}")
        if not (self.background in ("white", "keep", "blur") or _is_hex(self.background)):
            problems.append("background must be white, keep, blur or #rrggbb")
        if self.min_fill is not None and (
                isinstance(self.min_fill, bool) or not isinstance(self.min_fill, (int, float))
                or not 0 < self.min_fill <= 1):
            problems.append("min_fill must be a fraction above 0 and at most 1")
        if self.min_fill is not None and self.fit != "pad":
            problems.append("min_fill needs fit = pad")
        if self.format not in FORMATS:
            problems.append(f"format must be one of {FORMATS}")
        if self.max_bytes is not None and (not _is_int(self.max_bytes) or self.max_bytes < 1):
            problems.append("max_bytes must be a positive integer")
        if self.min_source is not None and not (
                isinstance(self.min_source, tuple) and len(self.min_source) == 2
                and all(_is_int(side) and side >= 1 for side in self.min_source)):
            problems.append("min_source must be a positive integer or [width, height]")
        if not isinstance(self.watermark_allowed, bool):
            problems.append("watermark_allowed must be true or false")
        if problems:
            raise ValueError(f"preset {self.name!r}: " + "; ".join(problems))

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Preset:
        """Build a preset from TOML-shaped data, refusing unknown keys (so typos fail loudly).

        Speaks channels.toml's dialect too: facts written as {value = ..., source = ...}, the
        provenance keys (ignored here), format "jpeg"/"png"/"webp", background "owner" (= keep),
        min_fill 0 (= no rule) and min_source [width, height].
        """
        known = {f.name for f in dataclasses.fields(cls)}
        values = {key: value["value"] if isinstance(value, Mapping) and "value" in value
                  else value for key, value in data.items() if key not in _PROVENANCE}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"preset {data.get('name')!r}: unknown keys {unknown}")
        if isinstance(values.get("format"), str):
            values["format"] = {"JPG": "JPEG"}.get(values["format"].upper(),
                                                   values["format"].upper())
        if values.get("background") == "owner":
            values["background"] = "keep"
        if values.get("min_fill") == 0 and not isinstance(values["min_fill"], bool):
            values["min_fill"] = None
        return cls(**values)

    def key(self) -> str:
        """A stable hash of everything that shapes the output (the name does not), for caching."""
        fields = dataclasses.asdict(self)
        del fields["name"]
        return _digest({"preset": fields, "version": RENDER_VERSION})


@dataclass(frozen=True)
class Rendition:
    """One encoded output: the file's bytes, its size and format, and codes worth telling."""

    data: bytes
    width: int
    height: int
    format: str
    warnings: tuple[str, ...] = ()
    preset: str = ""

    @property
    def extension(self) -> str:
        """The file extension for this format, without the dot."""
        return EXTENSIONS[self.format]


# --- decoding -----------------------------------------------------------------------------------

def open_photo(data: bytes, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS,
               presets: Sequence[Preset] = ()) -> Photo:
    """Decode an upload through the one hardened path, or raise PhotoError.

    Order (security.md §0 rule 1): byte cap; sniff the real type from an allowlist; pixel cap
    before decoding; decompression-bomb warning as an error; full decode inside a try; then
    orientation, mode and colour profile. With presets, a JPEG is decoded only as large as the
    biggest of them needs (DCT scaling), which is most of the speed and memory of a pack.
    """
    if not data:
        raise PhotoError("empty")
    if len(data) > max_bytes:
        raise PhotoError("too_large_bytes", size=len(data), max_bytes=max_bytes)
    _register_heif()
    digest = hashlib.sha256(data).hexdigest()
    # catch_warnings changes process-wide state; under threads the explicit pixel cap below is
    # the guard that always holds (our cap is below Pillow's warning threshold by default).
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = _open(data, max_pixels)
        stored_size = image.size
        if presets and image.format in ("JPEG", "MPO"):
            # A draft that cannot be set up just means a full-size decode.
            with contextlib.suppress(Exception):
                _draft(image, presets)
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise PhotoError("too_many_pixels", max_pixels=max_pixels) from error
        except Exception as error:  # any decoder failure is the file's fault, never a 500
            raise PhotoError("damaged") from error
    image_format = image.format
    # Read as ImageOps.exif_transpose reads it, so the reported size matches what it does.
    turned = _orientation(image) in (5, 6, 7, 8)
    try:
        normalised = _normalise(image)
    except Exception as error:
        raise PhotoError("damaged") from error
    width, height = stored_size[::-1] if turned else stored_size
    return Photo(normalised, width, height, image_format, digest)


def _open(data: bytes, max_pixels: int) -> ImageFile.ImageFile:
    """Identify the file from an allowlist and check its header, without decoding pixels."""
    try:
        image = Image.open(io.BytesIO(data), formats=OPEN_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoError("too_many_pixels", max_pixels=max_pixels) from error
    except Image.UnidentifiedImageError as error:
        kind, name = _sniff(data)
        if kind == "accepted":
            raise PhotoError("damaged") from error
        if kind == "other":
            raise PhotoError("unsupported_format", format=name,
                             accepted=ACCEPTED_NAMES) from error
        raise PhotoError("not_an_image") from error
    except Exception as error:  # e.g. ValueError for an oversized PNG text chunk
        raise PhotoError("damaged") from error
    if image.format not in DECODED_FORMATS:
        raise PhotoError("unsupported_format", format=image.format, accepted=ACCEPTED_NAMES)
    width, height = image.size
    if width < 1 or height < 1:
        raise PhotoError("damaged")
    if width * height > max_pixels:
        raise PhotoError("too_many_pixels", width=width, height=height, max_pixels=max_pixels)
    return image


# Magic numbers, used only to word a refusal: Pillow's allowlisted open() decides what we read.
_ACCEPTED_MAGIC = ((b"\xff\xd8\xff", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"))
_OTHER_MAGIC = (
    (b"GIF87a", "GIF"), (b"GIF89a", "GIF"), (b"BM", "BMP"), (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"), (b"8BPS", "PSD"), (b"\x00\x00\x01\x00", "ICO"), (b"%PDF", "PDF"),
    (b"%!PS", "EPS"), (b"\xc5\xd0\xd3\xc6", "EPS"), (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"), (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x00\x0cJXL ", "JPEG XL"), (b"qoif", "QOI"), (b"DDS ", "DDS"),
)
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1",
                b"msf1"}


def _sniff(data: bytes) -> tuple[str | None, str | None]:
    """('accepted'|'other'|None, format name) from the first bytes, for the refusal's wording."""
    for magic, name in _ACCEPTED_MAGIC:
        if data.startswith(magic):
            return "accepted", name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "accepted", "WEBP"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in _HEIF_BRANDS:
            return "accepted", "HEIF"
        if brand in (b"avif", b"avis"):
            return "other", "AVIF"
        return "other", "video"
    for magic, name in _OTHER_MAGIC:
        if data.startswith(magic):
            return "other", name
    head = data[:1024].lstrip().lower()
    if b"<svg" in head and (head.startswith(b"<?xml") or head.startswith(b"<svg")):
        return "other", "SVG"
    return None, None


@functools.cache
def _register_heif() -> None:
    """Teach Pillow HEIC, once; no thumbnails, depth or auxiliary images (less to parse)."""
    import pillow_heif

    pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)


def _draft(image: ImageFile.ImageFile, presets: Sequence[Preset]) -> None:
    """Ask libjpeg for the smallest DCT scale (1/2, 1/4, 1/8) still at least the needed size."""
    turned = _orientation(image) in (5, 6, 7, 8)
    upright = image.size[::-1] if turned else image.size
    needed = decode_size(upright, presets)
    if needed is None or needed == upright:
        return
    stored = needed[::-1] if turned else needed
    image.draft(None, stored)


def decode_size(size: tuple[int, int], presets: Iterable[Preset]) -> tuple[int, int] | None:
    """The smallest upright size from which every preset can be rendered without upscaling.

    Cover scales the photo until it covers the frame, pad and contain until it fits inside. A
    min_fill preset is sized as pad: the product is then drawn at (1 + min_fill) / 2 of the
    frame, which leaves room for trimmed borders, and DCT scaling rounds up besides.
    """
    width, height = size
    factors = []
    for preset in presets:
        ratios = (preset.width / width, preset.height / height)
        factors.append(max(ratios) if preset.fit == "cover" else min(ratios))
    if not factors:
        return None
    factor = min(1.0, max(factors))
    return max(1, math.ceil(width * factor)), max(1, math.ceil(height * factor))


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation (1 to 8), 1 when absent, invalid or unreadable."""
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception:
        return 1
    return value if value in range(1, 9) else 1


def _normalise(image: ImageFile.ImageFile) -> Image.Image:
    """Upright, 8-bit, sRGB, RGB or RGBA, detached from the file and with no metadata."""
    icc = image.info.get("icc_profile")
    has_transparency = "transparency" in image.info
    # Broken EXIF: keep the photo as stored rather than refuse it.
    with contextlib.suppress(Exception):
        ImageOps.exif_transpose(image, in_place=True)
    mode = image.mode
    if mode.startswith("I"):  # 16-bit greyscale: convert("L") would clip it to near white
        image = image.point(lambda value: value / 257).convert("L")
        mode = "L"
    if mode == "CMYK":
        image = _to_srgb(image, icc) if icc else image.convert("RGB")
        icc = None
    elif mode in ("RGBA", "LA", "La", "RGBa", "PA") or has_transparency:
        image = image.convert("RGBA") if mode != "RGBA" else image
        if image.getextrema()[3][0] == 255:  # an alpha channel with nothing transparent
            image = image.convert("RGB")
    elif mode != "RGB":
        image = image.convert("RGB")
    if icc and image.mode in ("RGB", "RGBA"):
        image = _to_srgb(image, icc)
    if isinstance(image, ImageFile.ImageFile):
        # Keep the decoded pixels, drop the file object and everything it read from the file.
        image = image._new(image.im)
    image.info = {}
    return image


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# Real profiles are a few KB (matrix) to a couple of MB (CMYK tables); bigger ones are ignored.
MAX_PROFILE_BYTES = 4 * MiB
_transforms: dict[tuple[bytes, str], ImageCms.ImageCmsTransform | None] = {}
_transforms_lock = threading.Lock()


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Convert image from its embedded profile to sRGB (in place when the modes allow)."""
    transform = _srgb_transform(bytes(icc), image.mode)
    if transform is None:
        return image.convert("RGB") if image.mode == "CMYK" else image
    if transform.input_mode == transform.output_mode:
        ImageCms.applyTransform(image, transform, inPlace=True)
        return image
    return ImageCms.applyTransform(image, transform)


def _srgb_transform(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """A transform from this profile to sRGB, cached by the profile's hash (phones embed the
    same few profiles; the key is a digest so uploads cannot pin megabytes in the cache)."""
    if len(icc) > MAX_PROFILE_BYTES:
        return None
    key = (hashlib.sha256(icc).digest(), mode)
    with _transforms_lock:
        if key in _transforms:
            return _transforms[key]
    transform = _build_srgb_transform(icc, mode)
    with _transforms_lock:
        if len(_transforms) >= 32:
            _transforms.clear()  # a crude bound: rebuilding a transform costs a millisecond
        _transforms[key] = transform
    return transform


def _build_srgb_transform(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """A transform from this profile to sRGB; None if unusable or already sRGB."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        space = source.profile.xcolor_space.strip()
    except Exception:
        return None
    if (mode == "CMYK") != (space == "CMYK") or space not in ("RGB", "CMYK"):
        return None
    output = "RGBA" if mode == "RGBA" else "RGB"
    # NOCACHE: LittleCMS's one-pixel cache is not safe when threads share a transform.
    flags = ImageCms.Flags.NOCACHE | ImageCms.Flags.BLACKPOINTCOMPENSATION
    try:
        transform = ImageCms.buildTransform(source, _SRGB, mode, output,
                                            ImageCms.Intent.PERCEPTUAL, flags)
        if mode != "CMYK" and _is_identity(transform, mode):
            return None
    except Exception:
        return None
    return transform


def _is_identity(transform: ImageCms.ImageCmsTransform, mode: str) -> bool:
    """Whether the transform leaves every colour of a 16-level RGB cube within one step."""
    levels = range(0, 256, 17)
    cube = bytes(v for r in levels for g in levels for b in levels for v in (r, g, b))
    probe = Image.frombytes("RGB", (len(levels) ** 2, len(levels)), cube)
    if mode == "RGBA":
        probe = probe.convert("RGBA")
    result = ImageCms.applyTransform(probe, transform)
    difference = ImageChops.difference(probe.convert("RGB"), result.convert("RGB"))
    return max(high for _, high in difference.getextrema()) <= 1


# --- the owner's enhancements -------------------------------------------------------------------

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
        image = _flatten(image, WHITE)
    small = _sample(image, _WHITEN_SAMPLE)
    backdrop = _border_colour(small)
    red, green, blue = backdrop
    lightness = 0.299 * red + 0.587 * green + 0.114 * blue
    if lightness < 150 or max(backdrop) - min(backdrop) > 40:
        return image, False
    near_small = _distance(small, backdrop).point(lambda d: 1 if d <= WHITEN_TOLERANCE else 0)
    filled = _flood_from_edges(near_small.tobytes(), *small.size)
    region = Image.frombytes("L", small.size, bytes(filled)).point(lambda v: 255 if v else 0)
    # One sample pixel of slack so the full-size edge is decided by the soft mask below.
    region = region.filter(ImageFilter.MaxFilter(3)).resize(image.size, Image.Resampling.BILINEAR)
    tolerance = WHITEN_TOLERANCE

    def soft(d: int) -> int:
        """Fully backdrop up to the tolerance, fading to untouched at twice it."""
        return 255 if d <= tolerance else max(0, round(255 * (2 * tolerance - d) / tolerance))

    mask = ImageChops.multiply(region.point(lambda v: 255 if v else 0),
                               _distance(image, backdrop).point(soft))
    return Image.composite(Image.new("RGB", image.size, WHITE), image, mask), True


def _distance(image: Image.Image, colour: tuple[int, int, int]) -> Image.Image:
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


# --- composing one preset -----------------------------------------------------------------------

def compose(photo: Photo, preset: Preset, *, focus: tuple[float, float] = (0.5, 0.5),
            background_colour: str | None = None, resample: int = RESAMPLE,
            reducing_gap: float | None = REDUCING_GAP) -> tuple[Image.Image, tuple[str, ...]]:
    """The pixels of one preset, before encoding, and its warning codes.

    focus is where the crop centres for cover, as fractions of the upright photo (0.5, 0.5 is
    the middle). background_colour is the owner's choice ("white", "blur" or "#rrggbb") and
    only applies to presets whose background is "keep"; a channel that demands white gets
    white. The photo is never upscaled: when it is too small, the output keeps the preset's
    aspect at the photo's own resolution (warning not_upscaled), and below the preset's
    min_source the warning source_too_small is added. resample and reducing_gap are Pillow's;
    the benchmark passes LANCZOS and None to build its full-quality reference.
    """
    background = _background_for(preset, background_colour)
    source = photo.image
    notes: list[str] = []
    content = (0.0, 0.0, float(source.width), float(source.height))
    fill = 1.0
    if preset.min_fill is not None:
        content, border = _content_box(source)
        if content != (0.0, 0.0, float(source.width), float(source.height)):
            # Land clearly above the channel's minimum, halfway to edge-to-edge.
            fill = (1 + preset.min_fill) / 2
        if background == "white" and (border is None or min(border) < 245):
            notes.append("backdrop_not_white")
    box_w, box_h = content[2] - content[0], content[3] - content[1]
    frame_w, frame_h = preset.width, preset.height
    if preset.fit == "cover":
        scale = max(frame_w / box_w, frame_h / box_h)
        crop = _cover_box(content, frame_w / scale, frame_h / scale, _clamp_focus(focus))
    else:
        scale = fill * min(frame_w / box_w, frame_h / box_h)
        crop = content
    # The photo may have been decoded smaller than the original: upscaling is judged against
    # the original's pixels, which is what the owner uploaded.
    upscale = scale * source.width / photo.width
    if upscale > 1.001:
        frame_w, frame_h = frame_w / upscale, frame_h / upscale
        scale /= upscale
        notes.append("not_upscaled")
    crop_w, crop_h = crop[2] - crop[0], crop[3] - crop[1]
    size = (max(1, round(crop_w * scale)), max(1, round(crop_h * scale)))
    if preset.fit == "cover":
        size = (max(1, round(frame_w)), max(1, round(frame_h)))
    reach = size if preset.fit == "contain" else (frame_w, frame_h)
    if preset.min_source and any(got < least - 0.5
                                 for got, least in zip(reach, preset.min_source, strict=True)):
        notes.append("source_too_small")
    resized = source.resize(size, resample, box=crop, reducing_gap=reducing_gap)
    transparent = background == "keep" and preset.format != "JPEG"
    if preset.fit != "pad":
        if resized.mode == "RGBA" and not transparent:
            canvas = _canvas(photo, background, resized.size, focus)
            canvas.paste(resized, (0, 0), resized)
            return canvas, tuple(notes)
        return resized, tuple(notes)
    frame = (max(1, round(frame_w)), max(1, round(frame_h)))
    offset = ((frame[0] - resized.width) // 2, (frame[1] - resized.height) // 2)
    if transparent:
        canvas = Image.new("RGBA", frame, (255, 255, 255, 0))
        canvas.paste(resized, offset)
        if canvas.getextrema()[3][0] == 255:
            canvas = canvas.convert("RGB")
        return canvas, tuple(notes)
    canvas = _canvas(photo, background, frame, focus)
    canvas.paste(resized, offset, resized if resized.mode == "RGBA" else None)
    return canvas, tuple(notes)


def _background_for(preset: Preset, background_colour: str | None) -> str:
    """The background this preset uses: the channel's rule, or the owner's choice on "keep"."""
    if background_colour is not None and not (
            background_colour in ("white", "blur") or _is_hex(background_colour)):
        raise ValueError("background_colour must be white, blur or #rrggbb")
    if preset.background == "keep" and background_colour is not None:
        return background_colour
    return preset.background


def _canvas(photo: Photo, background: str, size: tuple[int, int],
            focus: tuple[float, float]) -> Image.Image:
    """An RGB canvas of the background: a colour, or the photo itself, blurred, as a fill."""
    if background == "blur":
        return _blurred_fill(photo.image, size, _clamp_focus(focus))
    return Image.new("RGB", size, WHITE if background in ("white", "keep") else background)


def _blurred_fill(source: Image.Image, size: tuple[int, int],
                  focus: tuple[float, float]) -> Image.Image:
    """The photo covering the frame, blurred heavily: a soft fill for portrait-into-square.

    Made at 1/16 of the frame, blurred there and scaled up: the same look as a big Gaussian
    blur at full size for a small fraction of the work.
    """
    width, height = size
    small = (max(1, width // 16), max(1, height // 16))
    full = (0.0, 0.0, float(source.width), float(source.height))
    scale = max(small[0] / source.width, small[1] / source.height)
    box = _cover_box(full, small[0] / scale, small[1] / scale, focus)
    tiny = source.resize(small, Image.Resampling.BILINEAR, box=box, reducing_gap=2.0)
    if tiny.mode == "RGBA":
        tiny = _flatten(tiny, WHITE)
    tiny = tiny.filter(ImageFilter.GaussianBlur(1.5))
    return tiny.resize(size, Image.Resampling.BICUBIC)


def _cover_box(content: tuple[float, float, float, float], width: float, height: float,
               focus: tuple[float, float]) -> tuple[float, float, float, float]:
    """A width × height box inside content, centred on the focus point as far as it can be."""
    left, top, right, bottom = content
    width, height = min(width, right - left), min(height, bottom - top)
    centre_x = left + focus[0] * (right - left)
    centre_y = top + focus[1] * (bottom - top)
    x = min(max(centre_x - width / 2, left), right - width)
    y = min(max(centre_y - height / 2, top), bottom - height)
    return x, y, x + width, y + height


def _clamp_focus(focus: tuple[float, float]) -> tuple[float, float]:
    """The focus point with each coordinate held between 0 and 1 (NaN counts as the middle)."""
    def clamp(value: float) -> float:
        """One coordinate held in 0..1."""
        value = float(value)
        return 0.5 if math.isnan(value) else min(1.0, max(0.0, value))

    return clamp(focus[0]), clamp(focus[1])


TRIM_TOLERANCE = 24


def _content_box(source: Image.Image) -> tuple[tuple[float, float, float, float],
                                                tuple[int, int, int] | None]:
    """The box around the product after trimming uniform borders, and the border's colour.

    Transparent borders are trimmed by alpha. Otherwise the four corners must agree (within a
    tolerance) for a border to count as uniform; specks of noise are ignored.
    """
    full = (0.0, 0.0, float(source.width), float(source.height))
    factor = max(1, math.ceil(max(source.size) / 512))
    small = source.reduce(factor) if factor > 1 else source
    if small.mode == "RGBA":
        alpha = small.getchannel("A").point(lambda a: 255 if a > 16 else 0)
        box, border = alpha.getbbox(), WHITE
        small = _flatten(small, WHITE)
    else:
        w, h = small.size
        corners = [small.getpixel(p) for p in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1))]
        spread = max(max(c[i] for c in corners) - min(c[i] for c in corners) for i in range(3))
        if spread > TRIM_TOLERANCE:
            return full, None
        border = tuple(round(sum(c[i] for c in corners) / 4) for i in range(3))
        mask = _distance(small, border).point(lambda d: 255 if d > TRIM_TOLERANCE else 0)
        box = mask.filter(ImageFilter.MinFilter(3)).getbbox()
        if box is not None:
            box = (box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1)
    if box is None:
        return full, border
    scale_x, scale_y = source.width / small.width, source.height / small.height
    trimmed = (max(0.0, box[0] * scale_x), max(0.0, box[1] * scale_y),
               min(float(source.width), box[2] * scale_x),
               min(float(source.height), box[3] * scale_y))
    return trimmed, border


def _flatten(image: Image.Image, colour: tuple[int, int, int] | str) -> Image.Image:
    """RGBA onto a solid colour, as RGB."""
    canvas = Image.new("RGB", image.size, colour)
    canvas.paste(image, (0, 0), image)
    return canvas


# --- encoding -----------------------------------------------------------------------------------

def encode(image: Image.Image, preset: Preset) -> tuple[bytes, tuple[str, ...]]:
    """Re-encode with no metadata at all, under preset.max_bytes when there is one.

    JPEG and WebP search the quality (highest that fits, never below LOWEST_QUALITY); if even
    that is too big, or for PNG, the image is scaled down until it fits (warning
    downscaled_to_fit). A limit no image can meet gives warning over_max_bytes.
    """
    notes: list[str] = []
    if preset.format == "JPEG" and image.mode != "RGB":
        image = _flatten(image, WHITE) if image.mode == "RGBA" else image.convert("RGB")
    image.info = {}
    data = _save(image, preset.format, None)
    if preset.max_bytes is None or len(data) <= preset.max_bytes:
        return data, ()
    for _attempt in range(8):
        if preset.format in ("JPEG", "WEBP"):
            data = _quality_search(image, preset.format, preset.max_bytes) or data
        if len(data) <= preset.max_bytes:
            return data, tuple(notes)
        shrink = min(0.9, math.sqrt(preset.max_bytes / len(data)) * 0.95)
        size = (max(1, round(image.width * shrink)), max(1, round(image.height * shrink)))
        if size == image.size:
            break
        image = image.resize(size, Image.Resampling.LANCZOS)
        image.info = {}
        if "downscaled_to_fit" not in notes:
            notes.append("downscaled_to_fit")
        data = _save(image, preset.format, None)
        if len(data) <= preset.max_bytes:
            return data, tuple(notes)
    notes.append("over_max_bytes")
    return data, tuple(notes)


def _quality_search(image: Image.Image, format: str, max_bytes: int) -> bytes | None:
    """The highest-quality encoding at or under max_bytes, by bisection; None if none fits."""
    low, high = LOWEST_QUALITY, (JPEG_QUALITY if format == "JPEG" else WEBP_QUALITY) - 1
    best = None
    while low <= high:
        quality = (low + high) // 2
        data = _save(image, format, quality)
        if len(data) <= max_bytes:
            best, low = data, quality + 1
        else:
            high = quality - 1
    return best


def _save(image: Image.Image, format: str, quality: int | None) -> bytes:
    """Encode with explicit, metadata-free parameters (nothing is taken from image.info)."""
    buffer = io.BytesIO()
    if format == "JPEG":
        image.save(buffer, "JPEG", quality=quality or JPEG_QUALITY, optimize=False,
                   exif=b"", icc_profile=None, comment=b"")
    elif format == "WEBP":
        image.save(buffer, "WEBP", quality=quality or WEBP_QUALITY, method=4, exif=b"",
                   icc_profile=None, xmp=b"")
    else:
        image.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


# --- the whole pack -----------------------------------------------------------------------------

WATERMARK_POSITIONS = ("top-left", "top-right", "bottom-left", "bottom-right", "center")


@dataclass(frozen=True)
class Watermark:
    """The brand's logo on photos, where a channel allows it: where, how visible, how big.

    logo is a PNG this app produced itself (the re-encoded brand logo); scale is the logo's
    longest side as a share of the image's shortest side."""

    logo: bytes = dataclasses.field(repr=False)
    position: str = "bottom-right"
    opacity: float = 0.6
    scale: float = 0.2

    def __post_init__(self) -> None:
        if self.position not in WATERMARK_POSITIONS:
            raise ValueError(f"watermark position must be one of {WATERMARK_POSITIONS}")
        if not 0 < self.opacity <= 1 or not 0 < self.scale <= 0.5:
            raise ValueError("watermark opacity must be in (0, 1] and scale in (0, 0.5]")

    def key(self) -> str:
        """A stable hash of what changes the output, for rendition caches."""
        return _digest({"logo": hashlib.sha256(self.logo).hexdigest(),
                        "position": self.position, "opacity": round(self.opacity, 3),
                        "scale": round(self.scale, 3)})


def apply_watermark(image: Image.Image, watermark: Watermark) -> Image.Image:
    """Draw the logo on image at the chosen corner (or centre), with a margin, at its opacity."""
    with Image.open(io.BytesIO(watermark.logo)) as source:
        logo = source.convert("RGBA")
    side = max(1, round(min(image.size) * watermark.scale))
    logo.thumbnail((side, side), Image.Resampling.LANCZOS)
    alpha = logo.getchannel("A").point(lambda value: round(value * watermark.opacity))
    logo.putalpha(alpha)
    margin = round(min(image.size) * 0.04)
    x = {"left": margin, "right": image.width - logo.width - margin}
    y = {"top": margin, "bottom": image.height - logo.height - margin}
    if watermark.position == "center":
        spot = ((image.width - logo.width) // 2, (image.height - logo.height) // 2)
    else:
        vertical, horizontal = watermark.position.split("-")
        spot = (x[horizontal], y[vertical])
    base = image.convert("RGBA")
    base.alpha_composite(logo, dest=(max(0, spot[0]), max(0, spot[1])))
    return base if image.mode == "RGBA" else base.convert(image.mode)


def render(photo: Photo, preset: Preset, *, focus: tuple[float, float] = (0.5, 0.5),
           background_colour: str | None = None, fix_light: bool = False,
           whiten_backdrop: bool = False, watermark: Watermark | None = None) -> Rendition:
    """One preset of one photo, encoded."""
    return render_all(photo, [preset], focus=focus, background_colour=background_colour,
                      fix_light=fix_light, whiten_backdrop=whiten_backdrop,
                      watermark=watermark)[0]


def render_all(photo: Photo, presets: Sequence[Preset], *,
               focus: tuple[float, float] = (0.5, 0.5), background_colour: str | None = None,
               fix_light: bool = False, whiten_backdrop: bool = False,
               watermark: Watermark | None = None) -> list[Rendition]:
    """Every preset from one decoded photo: enhancements once, then compose and encode each.

    A watermark is drawn only on presets whose channel allows one (never a marketplace's main
    image)."""
    prepared, notes = enhance(photo, fix_light=fix_light, whiten_backdrop=whiten_backdrop)
    renditions = []
    for preset in presets:
        image, composed = compose(prepared, preset, focus=focus,
                                  background_colour=background_colour)
        if watermark is not None and preset.watermark_allowed:
            image = apply_watermark(image, watermark)
        data, encoded = encode(image, preset)
        width, height = _encoded_size(image, data, encoded)
        renditions.append(Rendition(data, width, height, preset.format,
                                    notes + composed + encoded, preset.name))
    return renditions


def open_and_render_all(data: bytes, presets: Sequence[Preset], *, max_bytes: int = MAX_BYTES,
                        max_pixels: int = MAX_PIXELS, **options) -> list[Rendition]:
    """The fast path: decode once, only as large as the presets need, then render them all."""
    photo = open_photo(data, max_bytes=max_bytes, max_pixels=max_pixels, presets=presets)
    return render_all(photo, presets, **options)


def rendition_key(sha256: str, preset: Preset, *, focus: tuple[float, float] = (0.5, 0.5),
                  background_colour: str | None = None, fix_light: bool = False,
                  whiten_backdrop: bool = False, watermark: Watermark | None = None) -> str:
    """A cache key for (photo, preset, options); options that cannot change the output are
    left out, so e.g. a focus point does not recompute a padded image."""
    background = _background_for(preset, background_colour)
    uses_focus = preset.fit == "cover" or background == "blur"
    return _digest({
        "photo": sha256,
        "preset": preset.key(),
        "focus": [round(v, 4) for v in _clamp_focus(focus)] if uses_focus else None,
        "background": background,
        "fix_light": bool(fix_light),
        "whiten_backdrop": bool(whiten_backdrop),
        "watermark": watermark.key() if watermark and preset.watermark_allowed else None,
    })


def _encoded_size(image: Image.Image, data: bytes, notes: tuple[str, ...]) -> tuple[int, int]:
    """The output's size: the composed image's, or the file's own when encode had to shrink."""
    if "downscaled_to_fit" not in notes:
        return image.size
    with Image.open(io.BytesIO(data)) as encoded:
        return encoded.size


def _digest(value: object) -> str:
    """A short, stable hash of JSON-able data."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _is_int(value: object) -> bool:
    """An int that is not a bool (TOML's true would otherwise pass as 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _is_hex(value: object) -> bool:
    """A #rrggbb colour; checked here so Pillow's colour parser never sees user text."""
    return isinstance(value, str) and HEX_COLOUR.fullmatch(value) is not None
