"""A picture of a print face for the print page: the very face the PDF draws (its planned boxes,
the lines the fitter wrapped, the QR code's modules) as a small inline SVG in millimetres, so an
owner sees the tag on the phone before going to the print shop. Pure: no Flask, no ORM."""

from __future__ import annotations

import base64
import io
import re
from xml.sax.saxutils import escape, quoteattr

from PIL import Image

from webapp.prints.faces import Face, Picture, ink_on
from webapp.prints.fitting import ASCENT, LEADING, fit
from webapp.prints.layouts import MM
from webapp.prints.qr import dark_runs, matrix

FONT = "'Bitstream Vera Sans', 'DejaVu Sans', Verdana, sans-serif"
INK = "#111111"
THUMBNAIL = 160  # px: pictures are shrunk to this before they go into the page


HEX = re.compile(r"#[0-9a-fA-F]{6}")


def paint(colour: str | None, default: str = "#ffffff") -> str:
    """A #rrggbb colour as it may go into an attribute (anything else: default)."""
    return colour if colour and HEX.fullmatch(colour) else default


def number(value: float) -> str:
    """A coordinate in mm, short."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def data_uri(picture: Picture) -> str:
    """The picture shrunk to a thumbnail, as a data: URI (PNG keeps a logo's transparency)."""
    image = Image.open(io.BytesIO(picture.data))
    image.thumbnail((THUMBNAIL, THUMBNAIL))
    buffer = io.BytesIO()
    if image.mode in ("RGBA", "LA", "P"):  # a logo: a 64-colour palette keeps it small
        image = image.convert("RGBA").quantize(64, method=Image.Quantize.FASTOCTREE)
        image.save(buffer, "PNG", optimize=True)
        kind = "png"
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=70)
        kind = "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(buffer.getvalue()).decode('ascii')}"


def texts(face: Face) -> list[str]:
    """Each box's fitted lines, where the PDF puts them (a box that does not fit: nothing)."""
    parts = []
    for box in face.boxes:
        fitted = fit(box)
        if fitted is None:
            continue
        in_band = face.band and box.y >= face.height - face.band
        ink = paint(box.colour or (ink_on(face.band_colour) if in_band else face.ink), INK)
        size = fitted.size / MM
        baseline = face.height - (box.y + box.height) + size * ASCENT
        x, anchor = (box.x + box.width / 2, "middle") if box.centre else (box.x, "start")
        weight = ' font-weight="bold"' if box.bold else ""
        for line in fitted.lines:
            parts.append(f'<text x="{number(x)}" y="{number(baseline)}" font-size="{number(size)}"'
                         f' fill="{ink}" text-anchor="{anchor}"{weight}>{escape(line)}</text>')
            baseline += size * LEADING
    return parts


def code(face: Face) -> list[str]:
    """The QR code: white square, then its dark modules as one path."""
    if face.code is None:
        return []
    modules = len(matrix(face.code.link))
    unit = face.code.side / modules
    path = "".join(f"M{column} {row}h{length}v1h-{length}z"
                   for row, column, length in dark_runs(face.code.link))
    top = face.height - face.code.y - face.code.side
    return [f'<g transform="translate({number(face.code.x)} {number(top)}) scale({unit:.4f})">'
            f'<rect width="{modules}" height="{modules}" fill="#fff"/>'
            f'<path d="{path}" fill="#000"/></g>']


def shapes(face: Face) -> list[str]:
    """The background, the band, the colour strip, the pictures and the hole's guide."""
    width, height = face.width, face.height
    parts = [f'<rect width="{number(width)}" height="{number(height)}" '
             f'fill="{paint(face.background)}"/>']
    if face.band:
        parts.append(f'<rect width="{number(width)}" height="{number(face.band)}" '
                     f'fill="{paint(face.band_colour)}"/>')
    if face.swatches and face.strip:
        step = width / len(face.swatches)
        parts += [f'<rect x="{number(index * step)}" y="{number(height - face.strip)}" '
                  f'width="{number(step)}" height="{number(face.strip)}" fill="{paint(colour)}"/>'
                  for index, colour in enumerate(face.swatches)]
    for picture in face.pictures:
        parts.append(f'<image href={quoteattr(data_uri(picture))} x="{number(picture.x)}" '
                     f'y="{number(height - picture.y - picture.height)}" '
                     f'width="{number(picture.width)}" height="{number(picture.height)}" '
                     'preserveAspectRatio="xMidYMid meet"/>')
    if face.hole:
        centre_x, centre_y, diameter = face.hole
        parts.append(f'<circle cx="{number(centre_x)}" cy="{number(height - centre_y)}" '
                     f'r="{number(diameter / 2)}" fill="none" stroke="{paint(face.ink, INK)}" '
                     'stroke-width="0.15"/>')
    return parts


def svg(face: Face, title: str) -> str:
    """The face as an inline SVG image (1 unit = 1 mm) named title, with its cut line drawn."""
    width, height = number(face.width), number(face.height)
    body = "".join([*shapes(face), *texts(face), *code(face)])
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}mm" height="{height}mm" role="img" font-family="{FONT}">'
            f'<title>{escape(title)}</title>{body}'
            f'<rect width="{width}" height="{height}" fill="none" stroke="#9a9a9a" '
            'stroke-width="0.2"/></svg>')
