"""The one hardened decoder: phone photos in, upright 8-bit sRGB pixels out, or a refusal.

open_photo sniffs the real type from an allowlist, caps bytes and pixels before decoding,
treats a decompression bomb as an error, and then normalises: EXIF orientation, colour
profile to sRGB, alpha kept only when something is transparent, 16-bit to 8-bit, first frame
only. Given the presets it will be rendered for, a JPEG is decoded at the smallest DCT scale
they need. Imports neither Flask nor the ORM.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import math
import threading
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageCms, ImageFile, ImageOps

from webapp.domain import DomainError
from webapp.photos.presets import Preset

MiB = 1024 * 1024
MAX_BYTES = 25 * MiB
MAX_PIXELS = 60_000_000
OPEN_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
# Phone JPEGs with an MPF segment (depth, gain maps) open through the JPEG plugin as "MPO".
DECODED_FORMATS = frozenset({*OPEN_FORMATS, "MPO"})
ACCEPTED_NAMES = ("JPEG", "PNG", "WebP", "HEIC")


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
