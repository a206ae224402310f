"""Images made in memory for the imaging tests and the photo benchmark.

Everything here is deterministic: photo-like pictures come from seeded random numbers, never from
Pillow's effect_noise (which uses the C library's unseeded rand()). Hostile files (bombs,
polyglots, truncated files) are built byte by byte so that no test needs a fixture on disk.
"""

from __future__ import annotations

import functools
import io
import math
import random
import struct
import zipfile
import zlib

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

# Secrets planted in metadata; no output of the imaging core may contain any of them.
SECRET_ARTIST = "Ibu Sari Rahasia"
SECRET_SERIAL = "SN-RAHASIA-0042"
SECRET_COMMENT = b"COMMENT-RAHASIA <script>alert(1)</script>"
SECRET_XMP_MARK = b"XMP-RAHASIA"
SECRET_SCRIPT = b"<script>alert('pwned')</script>"
SECRET_ZIP_NAME = "shell.php"
GPS_JAKARTA = {1: "S", 2: (6.0, 12.0, 30.0), 3: "E", 4: (106.0, 49.0, 0.0)}
SECRETS = (SECRET_ARTIST.encode(), SECRET_SERIAL.encode(), SECRET_COMMENT, SECRET_XMP_MARK,
           SECRET_SCRIPT, SECRET_ZIP_NAME.encode(), b"PK\x03\x04", b"<html")

RED, GREEN, BLUE, WHITE = (220, 30, 30), (30, 170, 60), (30, 60, 220), (255, 255, 255)


# --- pictures -----------------------------------------------------------------------------------

def marker_image(width: int = 96, height: int = 64) -> Image.Image:
    """An upright, landscape, chiral test card: red top-left, green top-right, blue bottom-left.

    The bottom-right quadrant is white, so every rotation and every mirror image is told apart.
    """
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    half_w, half_h = width // 2, height // 2
    draw.rectangle((0, 0, half_w - 1, half_h - 1), fill=RED)
    draw.rectangle((half_w, 0, width - 1, half_h - 1), fill=GREEN)
    draw.rectangle((0, half_h, half_w - 1, height - 1), fill=BLUE)
    return image


def quadrant_colours(image: Image.Image) -> tuple[tuple[int, ...], ...]:
    """The colours at the quadrant centres: top-left, top-right, bottom-left, bottom-right."""
    rgb = image.convert("RGB")
    w, h = rgb.size
    left, right, top, bottom = w // 4, 3 * w // 4, h // 4, 3 * h // 4
    points = ((left, top), (right, top), (left, bottom), (right, bottom))
    return tuple(rgb.getpixel(p) for p in points)


@functools.lru_cache(maxsize=64)
def noise_tile(size: int, seed: int, sigma: float) -> Image.Image:
    """A square greyscale tile of seeded Gaussian noise centred on 128 (cached: read-only)."""
    rng = random.Random(seed)
    values = bytes(max(0, min(255, round(rng.gauss(128, sigma)))) for _ in range(size * size))
    return Image.frombytes("L", (size, size), values)


def photo_image(width: int, height: int, seed: int = 1, *, grain: float = 6.0) -> Image.Image:
    """A photo-like RGB picture: lit backdrop, a few 'products' with woven texture, sensor grain.

    Built small and scaled up, then given full-resolution texture and grain, so that it compresses
    and decodes like a phone photo (smooth areas, real edges, fine detail), not like a flat card.
    """
    rng = random.Random(seed)
    small_w, small_h = max(8, width // 8), max(8, height // 8)
    base = Image.new("RGB", (small_w, small_h))
    top = tuple(rng.randint(170, 235) for _ in range(3))
    bottom = tuple(max(0, c - rng.randint(40, 90)) for c in top)
    ramp = Image.linear_gradient("L").resize((small_w, small_h))
    base = Image.composite(Image.new("RGB", base.size, bottom), Image.new("RGB", base.size, top),
                           ramp)
    draw = ImageDraw.Draw(base)
    for _ in range(rng.randint(3, 6)):
        x0, y0 = rng.randint(0, small_w * 3 // 4), rng.randint(0, small_h * 3 // 4)
        x1 = min(small_w - 1, x0 + rng.randint(small_w // 8, small_w // 2))
        y1 = min(small_h - 1, y0 + rng.randint(small_h // 8, small_h // 2))
        colour = tuple(rng.randint(20, 230) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        else:
            draw.rounded_rectangle((x0, y0, x1, y1), radius=max(1, (x1 - x0) // 6), fill=colour)
    base = base.filter(ImageFilter.GaussianBlur(0.6))
    image = base.resize((width, height), Image.Resampling.BICUBIC)
    # A woven motif at full resolution: thin diagonal threads, as in ikat or batik cloth.
    weave = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(weave)
    step = max(6, min(width, height) // 60)
    for offset in range(-height, width, step):
        draw.line((offset, 0, offset + height, height), fill=28, width=max(1, step // 4))
    image = Image.composite(Image.new("RGB", image.size, (0, 0, 0)), image, weave)
    if grain:
        tile = Image.merge("RGB", [noise_tile(256, seed * 7 + k, grain) for k in range(3)])
        noise = Image.new("RGB", image.size)
        for y in range(0, height, 256):
            for x in range(0, width, 256):
                noise.paste(tile, (x, y))
        image = _add(image, noise)
    return image


def _add(image: Image.Image, noise: Image.Image) -> Image.Image:
    """Add zero-mean noise (centred on 128) to an image, clipping at 0 and 255."""
    return ImageChops.add(image, noise, scale=1.0, offset=-128)


def gradient_strip(width: int, height: int) -> Image.Image:
    """A horizontal black-to-white ramp, for checking that tones survive."""
    return Image.linear_gradient("L").rotate(90).resize((width, height)).transpose(
        Image.Transpose.FLIP_LEFT_RIGHT).convert("RGB")


def product_on_backdrop(size: tuple[int, int] = (240, 240), *, backdrop=(222, 222, 218),
                        product=(150, 30, 40), margin: float = 0.3, grain: float = 3.0,
                        hole=(236, 236, 232), seed: int = 3) -> Image.Image:
    """A dark red 'product' on a light grey backdrop, with a light hole inside the product.

    The hole is as light as the backdrop but enclosed by the product, so a flood from the edges
    must not reach it. Grain makes the backdrop realistic rather than one flat colour.
    """
    width, height = size
    image = Image.new("RGB", size, backdrop)
    draw = ImageDraw.Draw(image)
    box = (int(width * margin), int(height * margin),
           int(width * (1 - margin)) - 1, int(height * (1 - margin)) - 1)
    draw.rectangle(box, fill=product)
    inner_w, inner_h = (box[2] - box[0]) // 4, (box[3] - box[1]) // 4
    draw.rectangle((box[0] + inner_w, box[1] + inner_h, box[2] - inner_w, box[3] - inner_h),
                   fill=hole)
    if grain:
        tile = Image.merge("RGB", [noise_tile(64, seed + k, grain) for k in range(3)])
        noise = Image.new("RGB", size)
        for y in range(0, height, 64):
            for x in range(0, width, 64):
                noise.paste(tile, (x, y))
        image = _add(image, noise)
    return image


# --- encoders -----------------------------------------------------------------------------------

def encode(image: Image.Image, format: str = "JPEG", **params) -> bytes:
    """Save image to bytes in format, passing params to Pillow's encoder."""
    buffer = io.BytesIO()
    image.save(buffer, format, **params)
    return buffer.getvalue()


def jpeg(image: Image.Image, *, quality: int = 92, orientation: int | None = None,
         icc: bytes | None = None, **params) -> bytes:
    """A JPEG of image, optionally tagged with an EXIF orientation and an ICC profile."""
    if orientation is not None:
        exif = params.pop("exif", None) or Image.Exif()
        exif[0x0112] = orientation
        params["exif"] = exif
    if icc is not None:
        params["icc_profile"] = icc
    return encode(image, "JPEG", quality=quality, **params)


# How the stored pixels must be turned to stand upright, per EXIF 2.32 §4.6.4 "Orientation":
# the tag says where the stored picture's first row and column lie in the scene. So to write a
# file for value v we apply the *inverse* of that correction to the upright picture.
_STORE_FOR_ORIENTATION = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,    # mirrored left-right
    3: Image.Transpose.ROTATE_180,         # upside down
    4: Image.Transpose.FLIP_TOP_BOTTOM,    # mirrored top-bottom
    5: Image.Transpose.TRANSPOSE,          # mirrored along the main diagonal
    6: Image.Transpose.ROTATE_90,          # stored 90° anticlockwise; shown by turning clockwise
    7: Image.Transpose.TRANSVERSE,         # mirrored along the other diagonal
    8: Image.Transpose.ROTATE_270,         # stored 90° clockwise; shown by turning anticlockwise
}


def stored_for_orientation(upright: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera would store for an upright scene when it writes this orientation tag."""
    method = _STORE_FOR_ORIENTATION[orientation]
    return upright.copy() if method is None else upright.transpose(method)


def oriented_jpeg(orientation: int, upright: Image.Image | None = None) -> bytes:
    """A JPEG whose stored pixels plus EXIF orientation display the marker card upright."""
    upright = upright or marker_image()
    return jpeg(stored_for_orientation(upright, orientation), orientation=orientation)


def photo_jpeg(width: int, height: int, seed: int = 1, *, quality: int = 90,
               orientation: int | None = None, icc: bytes | None = None) -> bytes:
    """A photo-like JPEG; with an orientation, the stored pixels are turned as a phone would."""
    upright = photo_image(width, height, seed)
    stored = upright if orientation is None else stored_for_orientation(upright, orientation)
    return jpeg(stored, quality=quality, orientation=orientation, icc=icc)


def metadata_jpeg(image: Image.Image | None = None) -> bytes:
    """A JPEG carrying GPS, owner name, camera serial, a comment, XMP and an ICC profile."""
    image = image or photo_image(64, 48, seed=9)
    exif = Image.Exif()
    exif[0x013B] = SECRET_ARTIST                   # Artist
    exif[0x010F] = "RahasiaPhone"                  # Make
    exif[0x010E] = SECRET_SCRIPT.decode()          # ImageDescription
    exif.get_ifd(0x8769)[0xA431] = SECRET_SERIAL   # BodySerialNumber
    exif[0x8825] = dict(GPS_JAKARTA)               # GPSInfo
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>'
           + SECRET_XMP_MARK + b"</rdf:Description></rdf:RDF></x:xmpmeta>")
    return jpeg(image, exif=exif, comment=SECRET_COMMENT, xmp=xmp, icc=icc_profile("adobe-rgb"))


def cmyk_jpeg(cmyk: tuple[int, int, int, int], size: tuple[int, int] = (32, 32)) -> bytes:
    """A flat CMYK JPEG (Pillow writes Adobe's inverted convention, as Photoshop does)."""
    return encode(Image.new("CMYK", size, cmyk), "JPEG", quality=95)


def mpo(first: Image.Image, second: Image.Image) -> bytes:
    """A two-frame MPO (a phone's multi-picture JPEG)."""
    return encode(first, "MPO", save_all=True, append_images=[second], quality=92)


def heic(image: Image.Image, **params) -> bytes:
    """A HEIC encoded by pillow-heif's bundled x265."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    return encode(image, "HEIF", quality=90, **params)


def oriented_heic(orientation: int, upright: Image.Image | None = None) -> bytes:
    """A HEIC of the marker card as a phone stores it: the encoder turns the EXIF orientation
    into the container's irot/imir transforms, which libheif applies when decoding."""
    stored = stored_for_orientation(upright or marker_image(), orientation)
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.info["exif"] = exif.tobytes()  # pillow-heif reads orientation from info, not params
    return heic(stored)


def animated(format: str, colours=((200, 30, 30), (30, 30, 200)), size=(32, 24)) -> bytes:
    """An animated GIF or WebP whose frames are flat colours, first one red."""
    frames = [Image.new("RGB", size, c) for c in colours]
    extra = {"lossless": True} if format == "WEBP" else {}
    return encode(frames[0], format, save_all=True, append_images=frames[1:], duration=100,
                  loop=0, **extra)


# --- PNG built by hand --------------------------------------------------------------------------

def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk with its length and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def raw_png(width: int, height: int, colour_type: int, bit_depth: int, rows: bytes,
            extra_chunks: tuple[bytes, ...] = ()) -> bytes:
    """A PNG from already-filtered scanlines: lets tests write 16-bit RGB and lying headers."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + b"".join(extra_chunks)
            + png_chunk(b"IDAT", zlib.compress(rows)) + png_chunk(b"IEND", b""))


def png16_grey(width: int = 64, height: int = 16) -> bytes:
    """A 16-bit greyscale ramp from black on the left to white on the right."""
    row = b"".join(struct.pack(">H", round(65535 * x / (width - 1))) for x in range(width))
    return raw_png(width, height, 0, 16, (b"\x00" + row) * height)


def png16_rgb(colour16: tuple[int, int, int], size: tuple[int, int] = (16, 16)) -> bytes:
    """A flat 16-bit-per-channel RGB PNG."""
    width, height = size
    row = struct.pack(">HHH", *colour16) * width
    return raw_png(width, height, 2, 16, (b"\x00" + row) * height)


def palette_png_with_trns(size: tuple[int, int] = (40, 40)) -> bytes:
    """A palette PNG whose index 0 is transparent *black* and index 1 opaque red (a centred dot)."""
    image = Image.new("P", size, 0)
    image.putpalette([0, 0, 0, 200, 30, 30] + [0, 0, 0] * 254)
    w, h = size
    ImageDraw.Draw(image).rectangle((w // 4, h // 4, 3 * w // 4 - 1, 3 * h // 4 - 1), fill=1)
    return encode(image, "PNG", transparency=0)


def rgba_png(size: tuple[int, int] = (40, 40), format: str = "PNG") -> bytes:
    """A transparent-black background (RGBA 0,0,0,0) with an opaque blue square in the middle."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    w, h = size
    ImageDraw.Draw(image).rectangle((w // 4, h // 4, 3 * w // 4 - 1, 3 * h // 4 - 1),
                                    fill=(30, 60, 220, 255))
    params = {"lossless": True} if format == "WEBP" else {}
    return encode(image, format, **params)


def la_png(size: tuple[int, int] = (40, 40)) -> bytes:
    """Greyscale with alpha: a transparent background around an opaque dark grey square."""
    image = Image.new("LA", size, (0, 0))
    w, h = size
    ImageDraw.Draw(image).rectangle((w // 4, h // 4, 3 * w // 4 - 1, 3 * h // 4 - 1),
                                    fill=(60, 255))
    return encode(image, "PNG")


def png_with_script_text() -> bytes:
    """A PNG whose tEXt and iTXt chunks carry a script, as in a stored-XSS attempt."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET_SCRIPT.decode())
    info.add_itxt("Description", SECRET_SCRIPT.decode())
    return encode(photo_image(32, 32, seed=4), "PNG", pnginfo=info)


# --- hostile and broken files -------------------------------------------------------------------

def png_bomb(width: int, height: int) -> bytes:
    """A small PNG whose header claims width × height pixels (greyscale, one tiny IDAT)."""
    return raw_png(width, height, 0, 8, b"\x00" * 64)


def jpeg_bomb(width: int, height: int) -> bytes:
    """A valid 16×16 JPEG whose frame header (SOF0) is patched to claim width × height."""
    data = bytearray(encode(Image.new("RGB", (16, 16), RED), "JPEG", quality=80))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    """The first part of a file, as from an interrupted upload."""
    return data[: max(1, int(len(data) * keep))]


def random_bytes(size: int = 4096, seed: int = 5) -> bytes:
    """Seeded noise that is no image at all."""
    return random.Random(seed).randbytes(size)


def zip_payload() -> bytes:
    """A ZIP archive holding a PHP web shell."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(SECRET_ZIP_NAME, "<?php system($_GET['c']); ?>")
    return buffer.getvalue()


def polyglot_jpeg_zip() -> bytes:
    """A real JPEG with a ZIP appended: a valid picture and a valid archive at once."""
    return photo_jpeg(64, 48, seed=6) + zip_payload()


def polyglot_jpeg_html() -> bytes:
    """A real JPEG with an HTML page appended, and another in its COM segment."""
    page = b"<html><body>" + SECRET_SCRIPT + b"</body></html>"
    return jpeg(photo_image(64, 48, seed=7), comment=page) + page


def gif_static() -> bytes:
    """A still GIF: a real image in a format this app does not accept."""
    return encode(Image.new("RGB", (8, 8), RED), "GIF")


def other_format(format: str) -> bytes:
    """A small image in another format Pillow could read (BMP, TIFF, ICO, AVIF...)."""
    return encode(Image.new("RGB", (16, 16), RED), format)


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b"<script>alert(1)</script></svg>")


# --- colour profiles ----------------------------------------------------------------------------

_D65 = (0.3127, 0.3290)
_D50_XYZ = (0.9642, 1.0, 0.8249)
_PRIMARIES = {
    # (red xy, green xy, blue xy), tone curve
    "display-p3": (((0.680, 0.320), (0.265, 0.690), (0.150, 0.060)), "srgb"),
    "adobe-rgb": (((0.640, 0.330), (0.210, 0.710), (0.150, 0.060)), 563 / 256),
    "srgb": (((0.640, 0.330), (0.300, 0.600), (0.150, 0.060)), "srgb"),
}


def _xyz(xy: tuple[float, float]) -> tuple[float, float, float]:
    """XYZ with Y = 1 for chromaticity xy."""
    x, y = xy
    return x / y, 1.0, (1 - x - y) / y


def _mat_mul(a, b):
    """3×3 by 3×3, or 3×3 by a 3-vector."""
    if isinstance(b[0], (int, float)):
        return [sum(a[i][k] * b[k] for k in range(3)) for i in range(3)]
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


def _mat_inv(m):
    """Inverse of a 3×3 matrix."""
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return [[(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
            [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
            [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det]]


def rgb_to_xyz_matrix(primaries) -> list[list[float]]:
    """The linear RGB → XYZ (D65) matrix of an RGB space, from its primaries (textbook method)."""
    columns = [_xyz(p) for p in primaries]
    m = [[columns[j][i] for j in range(3)] for i in range(3)]
    scale = _mat_mul(_mat_inv(m), list(_xyz(_D65)))
    return [[m[i][j] * scale[j] for j in range(3)] for i in range(3)]


_BRADFORD = [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]


def _adapt_d65_to_d50():
    """Bradford chromatic adaptation matrix from D65 to D50, as ICC profiles require."""
    src = _mat_mul(_BRADFORD, list(_xyz(_D65)))
    dst = _mat_mul(_BRADFORD, list(_D50_XYZ))
    scale = [[dst[0] / src[0], 0, 0], [0, dst[1] / src[1], 0], [0, 0, dst[2] / src[2]]]
    return _mat_mul(_mat_inv(_BRADFORD), _mat_mul(scale, _BRADFORD))


def _s15(value: float) -> bytes:
    """ICC s15Fixed16Number."""
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(xyz) -> bytes:
    """ICC XYZType tag data."""
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in xyz)


def icc_profile(name: str) -> bytes:
    """A small, valid ICC v2 matrix/TRC display profile: 'display-p3', 'adobe-rgb' or 'srgb'.

    Pillow can only create sRGB itself, so the wide-gamut profiles phones embed are built here
    from their published primaries, adapted to D50 as the ICC specification requires.
    """
    primaries, curve = _PRIMARIES[name]
    to_xyz_d50 = _mat_mul(_adapt_d65_to_d50(), rgb_to_xyz_matrix(primaries))
    description = name.encode()
    desc = (b"desc\0\0\0\0" + struct.pack(">I", len(description) + 1) + description + b"\0"
            + b"\0" * 8 + b"\0" * 3 + b"\0" * 67)
    if curve == "srgb":
        trc = (b"para\0\0\0\0" + struct.pack(">HH", 3, 0)
               + b"".join(_s15(v) for v in (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045)))
    else:
        trc = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(curve * 256)) + b"\0\0"
    tags = [(b"desc", desc), (b"cprt", b"text\0\0\0\0" + b"No copyright\0"),
            (b"wtpt", _xyz_tag(_D50_XYZ))]
    for index, tag in enumerate((b"rXYZ", b"gXYZ", b"bXYZ")):
        tags.append((tag, _xyz_tag([to_xyz_d50[row][index] for row in range(3)])))
    tags += [(b"rTRC", trc), (b"gTRC", trc), (b"bTRC", trc)]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table, body = [struct.pack(">I", len(tags))], b""
    for signature, data in tags:
        padded = data + b"\0" * (-len(data) % 4)
        table.append(signature + struct.pack(">II", offset + len(body), len(data)))
        body += padded
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"\0\0\0\0" + struct.pack(">I", 0x02100000) + b"mntr"
              + b"RGB XYZ " + struct.pack(">6H", 2024, 1, 1, 0, 0, 0) + b"acsp" + b"\0" * 24
              + struct.pack(">I", 0) + b"".join(_s15(v) for v in _D50_XYZ) + b"\0" * 48)
    assert len(header) == 128
    return header + b"".join(table) + body


def _srgb_decode(v: float) -> float:
    """sRGB tone curve to linear light (0..1)."""
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _srgb_encode(v: float) -> float:
    """Linear light (0..1, clipped) to the sRGB tone curve."""
    v = min(1.0, max(0.0, v))
    return v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


def convert_to_srgb(rgb: tuple[int, int, int], name: str) -> tuple[float, float, float]:
    """Reference conversion of an 8-bit colour in a named space to sRGB, by textbook matrices.

    Independent of LittleCMS, so tests compare the imaging core against arithmetic, not against
    the library it calls.
    """
    primaries, curve = _PRIMARIES[name]
    if curve == "srgb":
        linear = [_srgb_decode(c / 255) for c in rgb]
    else:
        linear = [(c / 255) ** curve for c in rgb]
    xyz = _mat_mul(rgb_to_xyz_matrix(primaries), linear)
    srgb_linear = _mat_mul(_mat_inv(rgb_to_xyz_matrix(_PRIMARIES["srgb"][0])), xyz)
    return tuple(255 * _srgb_encode(c) for c in srgb_linear)


def srgb_to_lab(rgb) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour, for ΔE checks."""
    linear = [_srgb_decode(c / 255) for c in rgb]
    x, y, z = _mat_mul(rgb_to_xyz_matrix(_PRIMARIES["srgb"][0]), linear)
    white = _xyz(_D65)

    def f(t: float) -> float:
        """CIE L*a*b*'s cube-root companding."""
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x / white[0]), f(y / white[1]), f(z / white[2])
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(rgb_a, rgb_b) -> float:
    """CIE76 colour difference between two sRGB colours (about 2.3 is just noticeable)."""
    return math.dist(srgb_to_lab(rgb_a), srgb_to_lab(rgb_b))


def mean_colour(image: Image.Image, box: tuple[int, int, int, int] | None = None):
    """The mean RGB of image (or of box within it), as floats."""
    region = image.convert("RGB") if box is None else image.convert("RGB").crop(box)
    return tuple(ImageStat.Stat(region).mean)


def centred(image: Image.Image, fraction: float = 0.5) -> Image.Image:
    """The central part of image covering fraction of each side."""
    w, h = image.size
    dx, dy = round(w * (1 - fraction) / 2), round(h * (1 - fraction) / 2)
    return image.crop((dx, dy, w - dx, h - dy))


def noise_png(width: int, height: int, seed: int = 1) -> bytes:
    """An RGB PNG of random pixels: incompressible, so its size is about width x height x 3."""
    data = random.Random(seed).randbytes(width * height * 3)
    return encode(Image.frombytes("RGB", (width, height), data), "PNG")
