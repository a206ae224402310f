"""The photo coach: is a photo blurry, too dark, too bright, or is the product small in it?

Pure measurements on a small copy (ANALYSIS_SIDE pixels on the long side, so a 12-megapixel
phone photo costs a few milliseconds), and thresholds read from webapp/data/coach.toml, where
each is written with how it was measured. Pillow only: imports neither Flask nor the ORM.

    measure(image)             -> Measures     numbers only; stored with the photo
    assess(measures)           -> codes        "blurry", "dark", "bright", "small"

Each measurement may be None when the photo gives nothing to judge by (a photo without any
edge has no sharpness; a product that cannot be told from its backdrop has no span); a None
never raises a warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps, ImageStat

from webapp.datafiles import DataError, read_toml

ANALYSIS_SIDE = 256  # the long side of the copy every measurement is made on
MASK_SIDE = 96  # the long side of the copy the product is found on
CODES = ("blurry", "dark", "bright", "small")
# How strong an edge must be (Sobel, 0..255 per pixel) to count when judging sharpness.
MIN_EDGE = 4
STRONG_EDGES = 0.02  # the strongest 2 % of the edges are where sharpness is judged
BORDER_SHARE = 0.08  # a colour making up this share of the frame's border is backdrop


@dataclass(frozen=True)
class Measures:
    """What the coach measured on one photo; None where the photo gives nothing to judge by.

    sharpness: Laplacian over gradient at the strongest edges (about 0.6 / blur radius in
    pixels of the analysis copy, whatever the edge's contrast). laplacian_variance: the
    classic measure, kept for comparison. lightness: mean luminance (0..255) of the product,
    or of the whole photo when the product cannot be found. clipped and crushed: shares of
    those pixels at pure white (>= 250) and near black (<= 20). span: the product's larger
    side as a share of the frame's.
    """

    sharpness: float | None
    laplacian_variance: float
    lightness: float
    clipped: float
    crushed: float
    span: float | None

    def as_dict(self) -> dict[str, float | None]:
        """Plain numbers for storage (JSON)."""
        return {key: None if value is None else round(value, 4)
                for key, value in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Measures | None:
        """Measures from storage, or None when the stored shape is not this one."""
        try:
            return cls(**{key: data[key] for key in cls.__dataclass_fields__})
        except (KeyError, TypeError):
            return None


@dataclass(frozen=True)
class Thresholds:
    """Where each warning starts (see webapp/data/coach.toml for how each was measured)."""

    blurry_below: float
    dark_below: float
    crushed_above: float
    bright_above: float
    clipped_above: float
    small_below: float


@cache
def thresholds() -> Thresholds:
    """The thresholds of webapp/data/coach.toml, checked once per process."""
    data = read_toml("coach.toml").get("thresholds")
    if not isinstance(data, dict):
        raise DataError("coach.toml: no [thresholds] table")
    values = {}
    for name in Thresholds.__dataclass_fields__:
        entry = data.get(name)
        value = entry.get("value") if isinstance(entry, dict) else None
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise DataError(f"coach.toml: thresholds.{name} needs a number value >= 0")
        values[name] = float(value)
    unknown = sorted(set(data) - set(values))
    if unknown:
        raise DataError(f"coach.toml: unknown thresholds {unknown}")
    return Thresholds(**values)


def assess(measures: Measures, limits: Thresholds | None = None) -> tuple[str, ...]:
    """The warning codes the measures call for, in CODES order.

    An over-exposed photo is judged on its light only: clipping cuts blurred edges sharp and
    washes the product's colours into the backdrop, so sharpness and size say nothing there
    (the owner retakes it, and the coach looks again).
    """
    limits = limits or thresholds()
    found = []
    bright = measures.lightness > limits.bright_above or measures.clipped > limits.clipped_above
    if (not bright and measures.sharpness is not None
            and measures.sharpness < limits.blurry_below):
        found.append("blurry")
    if measures.lightness < limits.dark_below or measures.crushed > limits.crushed_above:
        found.append("dark")
    if bright:
        found.append("bright")
    if not bright and measures.span is not None and measures.span < limits.small_below:
        found.append("small")
    return tuple(found)


def judged(measures: Measures, code: str, limits: Thresholds | None = None) -> bool:
    """Whether the coach could judge this warning on this photo at all (see assess)."""
    limits = limits or thresholds()
    bright = measures.lightness > limits.bright_above or measures.clipped > limits.clipped_above
    if code == "blurry":
        return not bright and measures.sharpness is not None
    if code == "small":
        return not bright and measures.span is not None
    return True


def measure(image: Image.Image) -> Measures:
    """Measure a decoded photo (any size; RGB, RGBA or L)."""
    small = _analysis_copy(image, ANALYSIS_SIDE)
    grey = small.convert("L")
    sharpness, variance = _sharpness(grey)
    # The product is looked for in a copy stretched to full range, so that a dark or washed
    # out photo still shows it; exposure is then judged on the photo as it is.
    stretched = ImageOps.autocontrast(small, cutoff=1)
    product, span = _product_mask(stretched.resize(_fit(small.size, MASK_SIDE),
                                                   Image.Resampling.BOX))
    if product is not None:
        product = product.resize(grey.size, Image.Resampling.NEAREST)
    lightness, clipped, crushed = _exposure(grey, product)
    return Measures(sharpness, variance, lightness, clipped, crushed, span)


def _fit(size: tuple[int, int], longest: int) -> tuple[int, int]:
    """size scaled so its long side is at most longest."""
    scale = min(1.0, longest / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _analysis_copy(image: Image.Image, longest: int) -> Image.Image:
    """A small RGB copy (transparency onto white), antialiased like any resize that shrinks."""
    if image.mode == "RGBA":
        backdrop = Image.new("RGB", image.size, (255, 255, 255))
        backdrop.paste(image, (0, 0), image)
        image = backdrop
    elif image.mode != "RGB":
        image = image.convert("RGB")
    size = _fit(image.size, longest)
    if size == image.size:
        return image.copy()
    return image.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)


def _sharpness(grey: Image.Image) -> tuple[float | None, float]:
    """Laplacian over Sobel gradient at the strongest edges, and the Laplacian's variance.

    A step edge blurred by a radius s has its steepest gradient ~h/(2.5 s) and its strongest
    Laplacian ~h/(4.1 s²): their ratio falls as 1/s whatever the edge's contrast h, so a plain
    product on a plain backdrop is judged like a busy batik.
    """
    if min(grey.size) < 5:
        return None, 0.0
    flat = grey.point(lambda value: 255 if value >= 253 or value <= 2 else 0)
    grey = ImageOps.autocontrast(grey, cutoff=0.5)  # the ratio ignores contrast; noise does not
    inner = (1, 1, grey.width - 1, grey.height - 1)  # a kernel leaves the edge pixels as they were
    middle = Image.new("L", (inner[2] - 1, inner[3] - 1), 128)
    laplacian = grey.filter(ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0],
                                               scale=4, offset=128)).crop(inner)
    variance = ImageStat.Stat(laplacian).var[0] * 16
    across = grey.filter(ImageFilter.Kernel((3, 3), [-1, 0, 1, -2, 0, 2, -1, 0, 1],
                                            scale=8, offset=128)).crop(inner)
    down = grey.filter(ImageFilter.Kernel((3, 3), [-1, -2, -1, 0, 0, 0, 1, 2, 1],
                                          scale=8, offset=128)).crop(inner)
    gradient = ImageChops.add(ImageChops.difference(across, middle),
                              ImageChops.difference(down, middle))
    level = max(MIN_EDGE, _percentile(gradient.histogram(), 1 - STRONG_EDGES))
    edges = gradient.point(lambda value: 255 if value >= level else 0)
    # Clipped highlights and crushed shadows cut a blurred edge off sharply: judge elsewhere.
    edges = ImageChops.subtract(edges, flat.crop(inner).filter(ImageFilter.MaxFilter(5)))
    if not edges.getbbox():
        return None, variance
    # The Laplacian peaks beside an edge's steepest point: look one pixel around it.
    near = edges.filter(ImageFilter.MaxFilter(3))
    strongest = ImageStat.Stat(ImageChops.difference(laplacian, middle), near).mean[0] * 4
    steepest = ImageStat.Stat(gradient, edges).mean[0] * 2  # in grey levels per pixel
    return strongest / steepest, variance


def _percentile(histogram: Sequence[int], fraction: float) -> int:
    """The level below which fraction of the counted pixels lie."""
    total, running = sum(histogram), 0
    for level, count in enumerate(histogram):
        running += count
        if running >= fraction * total:
            return level
    return len(histogram) - 1


def _bin(pixel: tuple[int, int, int]) -> tuple[int, int, int]:
    """A colour's coarse bin: 8 levels per channel."""
    return pixel[0] >> 5, pixel[1] >> 5, pixel[2] >> 5


def _product_mask(small: Image.Image) -> tuple[Image.Image | None, float | None]:
    """Where the product is (a mask), and its larger side as a share of the frame's.

    The backdrop is estimated from the frame's border: every coarse colour that makes up at
    least BORDER_SHARE of it (a plain wall, or the two or three colours of a busy table), with
    its neighbouring bins. Whatever is not backdrop is the product. None when nothing or
    almost nothing is (the product blends in, or fills the frame edge to edge).
    """
    width, height = small.size
    raw = small.tobytes()
    pixels = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]
    border = [pixels[y * width + x] for y in range(height) for x in range(width)
              if x in (0, width - 1) or y in (0, height - 1)]
    counts: dict[tuple[int, int, int], int] = {}
    for pixel in border:
        counts[_bin(pixel)] = counts.get(_bin(pixel), 0) + 1
    backdrop = set()
    for (r, g, b), count in counts.items():
        if count >= BORDER_SHARE * len(border):
            backdrop.update((r + i, g + j, b + k) for i in (-1, 0, 1) for j in (-1, 0, 1)
                            for k in (-1, 0, 1))
    mask = Image.new("L", small.size)
    mask.putdata([0 if _bin(pixel) in backdrop else 255 for pixel in pixels])
    # Specks of noise and a shadow's fringe are not a product.
    mask = mask.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.MaxFilter(3))
    return _inner_part(mask)


def _inner_part(mask: Image.Image) -> tuple[Image.Image | None, float | None]:
    """The product's mask and span, from a mask of everything that is not backdrop.

    Parts touching the frame's edge are backdrop the colours missed (a table's seams, a fold
    of cloth), unless they cover most of the frame: then the product fills it edge to edge.
    """
    width, height = mask.size
    before = mask.histogram()[255]
    for x, y in _border_points(width, height):
        if mask.getpixel((x, y)) == 255:
            ImageDraw.floodfill(mask, (x, y), 128)
    touching, inside = mask.histogram()[128], mask.histogram()[255]
    if touching > 0.5 * width * height:
        return mask.point(lambda value: 255 if value else 0), 1.0
    mask = mask.point(lambda value: 255 if value == 255 else 0)
    box = mask.getbbox()
    if box is None or inside < 0.005 * width * height or before == 0:
        return None, None
    return mask, max((box[2] - box[0]) / width, (box[3] - box[1]) / height)


def _border_points(width: int, height: int) -> list[tuple[int, int]]:
    """Every pixel on the frame's edge."""
    return ([(x, y) for x in range(width) for y in (0, height - 1)]
            + [(x, y) for y in range(1, height - 1) for x in (0, width - 1)])


def _exposure(grey: Image.Image, product: Image.Image | None) -> tuple[float, float, float]:
    """Mean luminance of the product (the whole photo when it was not found), and the shares
    of its pixels clipped to white and crushed to black."""
    histogram = grey.histogram(mask=product) if product is not None else grey.histogram()
    total = sum(histogram) or 1
    mean = sum(level * count for level, count in enumerate(histogram)) / total
    clipped = sum(histogram[250:]) / total
    crushed = sum(histogram[:21]) / total
    return mean, clipped, crushed

