"""Pure rendering: one decoded photo into each preset's pixels, then into clean files.

    compose(photo, preset)   -> Image, codes     crop or fit, fill the background, one preset
    encode(image, preset)    -> bytes, codes     re-encode with no metadata, under the byte limit
    render_all(photo, ...)   -> [Rendition]      enhance once, then compose and encode each
    rendition_key(sha, ...)  -> str              the cache key of one rendition's inputs

Warnings are short codes in `Rendition.warnings`; the web layer words them. Imports neither
Flask nor the ORM.
"""

from __future__ import annotations

import dataclasses
import io
import math
from collections.abc import Sequence

from PIL import Image, ImageFilter

from webapp.photos.decoding import MAX_BYTES, MAX_PIXELS, Photo, open_photo
from webapp.photos.enhancing import WHITE, colour_distance, enhance, flatten
from webapp.photos.presets import Preset, Rendition, Watermark, digest, is_hex_colour

JPEG_QUALITY = 90
WEBP_QUALITY = 88
LOWEST_QUALITY = 50
# resize() first reduces by an integer factor, then resamples the last ≥3× with the filter:
# Pillow's documentation calls 3.0 "indistinguishable from fair resampling in most cases".
REDUCING_GAP = 3.0
# Bicubic (antialiased, like every Pillow filter when shrinking) after DCT scaling stays above
# 46 dB PSNR against a full-size Lanczos resize in bench/photos.py, for a quarter less time.
RESAMPLE = Image.Resampling.BICUBIC

Box = tuple[float, float, float, float]


# --- composing one preset -----------------------------------------------------------------------

def compose(photo: Photo, preset: Preset, *, focus: tuple[float, float] = (0.5, 0.5),
            background_colour: str | None = None, fill_frame: bool = False,
            resample: int = RESAMPLE,
            reducing_gap: float | None = REDUCING_GAP) -> tuple[Image.Image, tuple[str, ...]]:
    """The pixels of one preset, before encoding, and its warning codes.

    focus is where the crop centres for cover, as fractions of the upright photo (0.5, 0.5 is
    the middle). background_colour is the owner's choice ("white", "blur" or "#rrggbb") and
    only applies to presets whose background is "keep"; a channel that demands white gets
    white. The photo is never upscaled: when it is too small, the output keeps the preset's
    aspect at the photo's own resolution (warning not_upscaled), and below the preset's
    min_source the warning source_too_small is added. fill_frame is the owner's "isi penuh":
    a padded preset (white bars) is filled instead, cropped around the focus point.
    resample and reducing_gap are Pillow's; the benchmark passes LANCZOS and None to build its
    full-quality reference.
    """
    preset = filled(preset, fill_frame)
    background = _background_for(preset, background_colour)
    content, fill, notes = _product_box(photo.image, preset, background)
    crop, size, frame, sizing = _geometry(photo, preset, content, fill, focus)
    resized = photo.image.resize(size, resample, box=crop, reducing_gap=reducing_gap)
    return _place(photo, resized, preset, background, frame, focus), notes + sizing


def filled(preset: Preset, fill_frame: bool) -> Preset:
    """The preset as the owner's "isi penuh" makes it: a padded frame becomes a cover crop."""
    if not fill_frame or preset.fit != "pad":
        return preset
    return dataclasses.replace(preset, fit="cover", min_fill=0.0)


def _product_box(source: Image.Image, preset: Preset,
                 background: str) -> tuple[Box, float, tuple[str, ...]]:
    """The part of the photo to frame, the share of the frame it fills, and backdrop notes.

    Without min_fill that is the whole photo, edge to edge. With it, uniform borders are
    trimmed; a white-background rule on a backdrop that is not white gets backdrop_not_white.
    """
    full = (0.0, 0.0, float(source.width), float(source.height))
    if not preset.min_fill:
        return full, 1.0, ()
    content, border = _content_box(source)
    # Land clearly above the channel's minimum, halfway to edge-to-edge.
    fill = (1 + preset.min_fill) / 2 if content != full else 1.0
    if background == "white" and (border is None or min(border) < 245):
        return content, fill, ("backdrop_not_white",)
    return content, fill, ()


def _geometry(photo: Photo, preset: Preset, content: Box, fill: float,
              focus: tuple[float, float]) -> tuple[Box, tuple[int, int], tuple[float, float],
                                                   tuple[str, ...]]:
    """Where to crop, the size to resize to, the frame to fill, and warnings about size."""
    source, notes = photo.image, []
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
    return crop, size, (frame_w, frame_h), tuple(notes)


def _place(photo: Photo, resized: Image.Image, preset: Preset, background: str,
           frame: tuple[float, float], focus: tuple[float, float]) -> Image.Image:
    """The resized photo on its background: centred in the frame for pad, else as it is."""
    transparent = background == "keep" and preset.format != "JPEG"
    if preset.fit != "pad":
        if resized.mode == "RGBA" and not transparent:
            canvas = _canvas(photo, background, resized.size, focus)
            canvas.paste(resized, (0, 0), resized)
            return canvas
        return resized
    size = (max(1, round(frame[0])), max(1, round(frame[1])))
    offset = ((size[0] - resized.width) // 2, (size[1] - resized.height) // 2)
    if transparent:
        canvas = Image.new("RGBA", size, (255, 255, 255, 0))
        canvas.paste(resized, offset)
        if canvas.getextrema()[3][0] == 255:
            canvas = canvas.convert("RGB")
        return canvas
    canvas = _canvas(photo, background, size, focus)
    canvas.paste(resized, offset, resized if resized.mode == "RGBA" else None)
    return canvas


def _background_for(preset: Preset, background_colour: str | None) -> str:
    """The background this preset uses: the channel's rule, or the owner's choice on "keep"."""
    if background_colour is not None and not (
            background_colour in ("white", "blur") or is_hex_colour(background_colour)):
        raise ValueError("background_colour must be white, blur or #rrggbb")
    if preset.background == "keep" and background_colour is not None:
        return background_colour
    return preset.plain_background


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
        tiny = flatten(tiny, WHITE)
    tiny = tiny.filter(ImageFilter.GaussianBlur(1.5))
    return tiny.resize(size, Image.Resampling.BICUBIC)


def _cover_box(content: Box, width: float, height: float, focus: tuple[float, float]) -> Box:
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


def _content_box(source: Image.Image) -> tuple[Box, tuple[int, int, int] | None]:
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
        small = flatten(small, WHITE)
    else:
        w, h = small.size
        corners = [small.getpixel(p) for p in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1))]
        spread = max(max(c[i] for c in corners) - min(c[i] for c in corners) for i in range(3))
        if spread > TRIM_TOLERANCE:
            return full, None
        border = tuple(round(sum(c[i] for c in corners) / 4) for i in range(3))
        mask = colour_distance(small, border).point(lambda d: 255 if d > TRIM_TOLERANCE else 0)
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


# --- encoding -----------------------------------------------------------------------------------

def encode(image: Image.Image, preset: Preset) -> tuple[bytes, tuple[str, ...]]:
    """Re-encode with no metadata at all, under preset.max_bytes when there is one.

    JPEG and WebP search the quality (highest that fits, never below LOWEST_QUALITY); if even
    that is too big, or for PNG, the image is scaled down until it fits (warning
    downscaled_to_fit). A limit no image can meet gives warning over_max_bytes.
    """
    notes: list[str] = []
    if preset.format == "JPEG" and image.mode != "RGB":
        image = flatten(image, WHITE) if image.mode == "RGBA" else image.convert("RGB")
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
           whiten_backdrop: bool = False, watermark: Watermark | None = None,
           fill_frame: bool = False) -> Rendition:
    """One preset of one photo, encoded."""
    return render_all(photo, [preset], focus=focus, background_colour=background_colour,
                      fix_light=fix_light, whiten_backdrop=whiten_backdrop,
                      watermark=watermark, fill_frame=fill_frame)[0]


def render_all(photo: Photo, presets: Sequence[Preset], *,
               focus: tuple[float, float] = (0.5, 0.5), background_colour: str | None = None,
               fix_light: bool = False, whiten_backdrop: bool = False,
               watermark: Watermark | None = None, fill_frame: bool = False) -> list[Rendition]:
    """Every preset from one decoded photo: enhancements once, then compose and encode each.

    A watermark is drawn only on presets whose channel allows one (never a marketplace's main
    image)."""
    prepared, notes = enhance(photo, fix_light=fix_light, whiten_backdrop=whiten_backdrop)
    renditions = []
    for preset in presets:
        image, composed = compose(prepared, preset, focus=focus,
                                  background_colour=background_colour, fill_frame=fill_frame)
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
                  whiten_backdrop: bool = False, watermark: Watermark | None = None,
                  fill_frame: bool = False) -> str:
    """A cache key for (photo, preset, options); options that cannot change the output are
    left out, so e.g. a focus point does not recompute a padded image. "Isi penuh" is named
    only where it changes the preset, so every other key stays as it was."""
    fills = filled(preset, fill_frame) is not preset
    background = _background_for(preset, background_colour)
    uses_focus = fills or preset.fit == "cover" or background == "blur"
    extra = {"fill_frame": True} if fills else {}
    return digest({
        **extra,
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
