"""Text fitting: every text is measured against its box before anything is drawn.

A text is wrapped at word boundaries with the embedded font's real widths (reportlab's
stringWidth) and, when it is too tall or too wide at its nominal size, shrunk in half-point steps
down to its box's floor (the smallest size still readable on that print). If it does not fit at the
floor, the fitter reports an Overflow and the renderer refuses the whole file (PrintOverflow lists
every overflow): a tag printed with a word missing is worse than no tag, and the page can name
the text and offer a shorter piece. Nothing is ever cut, and nothing is drawn outside its box.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from webapp.prints.layouts import MM
from webapp.prints.model import Overflow
from webapp.text import N_, say

REGULAR = "StudioVera"
BOLD = "StudioVeraBold"
LEADING = 1.2  # line height as a multiple of the font size
ASCENT = 0.93  # Vera's ascent as a share of the size: the first baseline sits this far down
STEP = 0.5

PIECES = {
    "brand": N_("Nama merek"),
    "product_name": N_("Nama produk"),
    "story_line": N_("Cerita produk satu kalimat"),
    "maker_place": N_("Pembuat dan tempat"),
    "technique_material": N_("Teknik dan bahan"),
    "care": N_("Perawatan"),
    "price": N_("Harga"),
    "about": N_("Tentang kami"),
    "caption": N_("Keterangan kode QR"),
    "call": N_("Ajakan di samping kode QR"),
}


@cache
def register_fonts() -> tuple[str, str]:
    """Embed Bitstream Vera (shipped inside reportlab) as the print fonts; return their names."""
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))
    return REGULAR, BOLD


@dataclass(frozen=True)
class TextBox:
    """A text and the box it must fit, in mm from its face's bottom-left corner."""

    piece: str
    text: str
    x: float
    y: float
    width: float
    height: float
    size: float
    floor: float
    bold: bool = False
    centre: bool = False
    colour: str = ""  # the text's own ink (#rrggbb); empty: the face's

    @property
    def font(self) -> str:
        """The font's registered name."""
        return BOLD if self.bold else REGULAR


@dataclass(frozen=True)
class Fitted:
    """A text wrapped into lines at the font size that fits its box."""

    lines: tuple[str, ...]
    size: float


def width_of(text: str, font: str, size: float) -> float:
    """The text's width in points."""
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str] | None:
    """text's words in lines no wider than width points; None when one word alone is wider."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if width_of(word, font, size) > width:
            return None
        candidate = f"{current} {word}" if current else word
        if width_of(candidate, font, size) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def fit(box: TextBox) -> Fitted | None:
    """The largest size from the box's own down to its floor at which the text fits, wrapped;
    None when it does not fit even at the floor."""
    width, height = box.width * MM, box.height * MM
    size = box.size
    while size >= box.floor - 1e-9:
        lines = wrap(box.text, box.font, size, width)
        if lines is not None and len(lines) * size * LEADING <= height + 1e-6:
            return Fitted(tuple(lines), size)
        size -= STEP
    return None


def overflow(box: TextBox, layout: str, language: str, product: str = "",
             shorter: tuple[str, ...] = ()) -> Overflow | None:
    """The finding for a box whose text does not fit, with the first shorter text that does."""
    if fit(box) is not None:
        return None
    piece = say(language, PIECES.get(box.piece, box.piece))
    if product:
        message = say(language, "%(piece)s (%(product)s) terlalu panjang untuk %(layout)s.",
                      piece=piece, product=product, layout=layout)
    else:
        message = say(language, "%(piece)s terlalu panjang untuk %(layout)s.",
                      piece=piece, layout=layout)
    fitting = next((text for text in shorter
                    if fit(TextBox(**{**box.__dict__, "text": text})) is not None), "")
    return Overflow(piece=box.piece, layout=layout, message=message, product=product,
                    shorter=fitting)
