"""What goes where on each face (tag front and back, label, story card): boxes of text, images
and a QR code in mm, planned before anything is drawn so every text can be fitted first."""

from __future__ import annotations

from dataclasses import dataclass, replace

from webapp.colours import contrast, luminance
from webapp.formatting import phone_number, rupiah
from webapp.prints import layouts
from webapp.prints.fitting import BOLD, LEADING, REGULAR, TextBox, fit, wrap
from webapp.prints.layouts import MM, Size
from webapp.prints.model import BrandPrint, ProductPrint
from webapp.text import say

PAD = 4.0  # mm kept clear inside a tag's cut line
LABEL_PAD = 2.5  # mm kept clear inside a sticker's edge
GAP = 1.5  # mm between two stacked texts
STRIP = 3.0  # mm: the strip of the brand's other colours along a tag front's foot
DEFAULT_COLOUR = "#3d3d3d"
WHITE = "#ffffff"


@dataclass(frozen=True)
class Picture:
    """An image (PNG or JPEG bytes) fitted into a box, its aspect kept."""

    data: bytes
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Code:
    """A QR code of link, a square of side mm, quiet zone included."""

    link: str
    x: float
    y: float
    side: float


@dataclass(frozen=True)
class Face:
    """One printed face: its size, background, ink, texts, pictures and QR code."""

    width: float
    height: float
    background: str | None
    ink: str
    boxes: tuple[TextBox, ...]
    pictures: tuple[Picture, ...] = ()
    code: Code | None = None
    swatches: tuple[str, ...] = ()
    band: float = 0.0  # a band of this height (mm) at the top, in band_colour
    band_colour: str = ""
    hole: tuple[float, float, float] | None = None  # the string's hole: centre x, y, diameter
    strip: float = 0.0  # the swatches' height (mm), along the foot


def lines_height(size: float, lines: int) -> float:
    """The height in mm of so many lines at size points."""
    return size * LEADING * lines / MM


def ink_on(colour: str) -> str:
    """Black or white, whichever contrasts more with colour."""
    light = luminance(colour)
    return "#111111" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else WHITE


def primary(brand: BrandPrint) -> str:
    """The brand's first colour (a dark grey when it has none)."""
    return brand.colours[0] if brand.colours else DEFAULT_COLOUR


def accent(brand: BrandPrint) -> str:
    """The brand's first colour when it reads on white paper (AA, 4.5:1), else near-black."""
    colour = primary(brand)
    return colour if contrast(colour, WHITE) >= 4.5 else "#111111"


def needed_lines(text: str, size: float, width: float, bold: bool, most: int) -> int:
    """How many lines text takes at size in width mm, at most `most` (most when a word alone
    is too wide: the fitter will then shrink it or report it)."""
    lines = wrap(text, BOLD if bold else REGULAR, size, width * MM)
    return min(most, len(lines)) if lines else most


def stack(specs: list[tuple], x: float, top: float, width: float, bottom: float,
          centre: bool = False, gap: float = GAP) -> tuple[TextBox, ...]:
    """Boxes stacked down from top: specs are (piece, text, size, floor, lines, bold); an
    empty text takes no room, and a text takes the lines it needs (up to its `lines`). When they
    need more room than there is, every box is shrunk by the same factor (the fitter then shrinks
    the font, down to its floor)."""
    specs = [(piece, " ".join(text.split()), *rest) for piece, text, *rest in specs
             if text.strip()]
    nominal = [lines_height(size, needed_lines(text, size, width, bold, lines))
               for _, text, size, _, lines, bold in specs]
    room = top - bottom - gap * max(len(specs) - 1, 0)
    factor = min(1.0, room / sum(nominal)) if nominal else 1.0
    boxes = []
    for (piece, text, size, floor, _, bold), height in zip(specs, nominal, strict=True):
        height *= factor
        top -= height
        boxes.append(TextBox(piece, text, x, top, width, height, size, floor, bold=bold,
                             centre=centre))
        top -= gap
    return tuple(boxes)


def centred(boxes: tuple[TextBox, ...], top: float, bottom: float,
            lead: float = 0.0) -> tuple[tuple[TextBox, ...], float]:
    """The boxes shrunk to the lines they fill and the group (with `lead` mm above it, for a
    logo) centred between top and bottom; returns them and the lead's top. Boxes that do not fit
    stay as they are, so the fitter reports them."""
    fitted = [fit(box) for box in boxes]
    if any(found is None for found in fitted):
        return boxes, top
    heights = [lines_height(found.size, len(found.lines)) for found in fitted]
    total = lead + sum(heights) + GAP * max(len(boxes) - 1, 0)
    y = top - max(0.0, (top - bottom - total) / 2)
    lead_top = y
    y -= lead
    placed = []
    for box, height in zip(boxes, heights, strict=True):
        y -= height
        placed.append(replace(box, y=y, height=height))
        y -= GAP
    return tuple(placed), lead_top


def tag_front(brand: BrandPrint, product: ProductPrint, tag: Size) -> Face:
    """On the brand's colour: the hole's guide, the logo, the brand name, the product's name and
    its one-line story centred in the room left, and the brand's other colours along the foot."""
    hole = layouts.hole()
    top = tag.height - hole.clear
    strip = STRIP if len(brand.colours) > 1 else 0.0
    bottom = PAD + strip
    logo = min(14.0, tag.width * 0.3) if brand.logo else 0.0
    lead = logo + 2 if logo else 0.0
    boxes = stack([("brand", brand.name, 8.0, 6.0, 2, True),
                   ("product_name", product.name, 11.0, 7.5, 3, True),
                   ("story_line", product.story_line, 8.0, 6.0, 4, False)],
                  PAD, top - lead, tag.width - 2 * PAD, bottom, centre=True)
    story = boxes[-1] if boxes and boxes[-1].piece == "story_line" else None
    if story is not None:  # the story may take all the room that is left
        boxes = (*boxes[:-1], replace(story, y=bottom, height=story.y + story.height - bottom))
    boxes, lead_top = centred(boxes, top, bottom, lead)
    pictures = (Picture(brand.logo, PAD, lead_top - logo, tag.width - 2 * PAD, logo),) if (
        brand.logo) else ()
    colour = primary(brand)
    return Face(tag.width, tag.height, colour, ink_on(colour), boxes, pictures,
                swatches=brand.colours[1:], strip=strip,
                hole=(tag.width / 2, tag.height - hole.centre_from_top, hole.diameter))


def back_texts(brand: BrandPrint, product: ProductPrint, show_price: bool) -> list[tuple]:
    """The back's texts: maker and place, technique and material, care, price."""
    language = brand.language
    if brand.maker and brand.place:
        maker = say(language, "Dibuat oleh %(maker)s, %(place)s", maker=brand.maker,
                    place=brand.place)
    elif brand.place:
        maker = say(language, "Dibuat di %(place)s", place=brand.place)
    elif brand.maker:
        maker = say(language, "Dibuat oleh %(maker)s", maker=brand.maker)
    else:
        maker = ""
    craft = " · ".join(part for part in (product.technique, product.material) if part)
    specs = [("maker_place", maker, 7.0, 5.5, 2, True),
             ("technique_material", craft, 7.0, 5.5, 2, False)]
    specs += [("care", f"• {line}", 6.0, 5.0, 2, False) for line in product.care[:3]]
    if show_price and product.price is not None:
        specs.append(("price", rupiah(product.price, language), 9.0, 7.0, 1, True))
    return specs


def tag_back(brand: BrandPrint, product: ProductPrint, tag: Size, link: str, kind: str,
             show_price: bool) -> Face:
    """Below the hole's clear band: maker and place, technique and material, care in three
    lines, price if asked; at the foot the QR code and, under it, where it leads."""
    words = layouts.phrase(kind, brand.tone, brand.language)
    call = TextBox("call", words, PAD, PAD, tag.width - 2 * PAD, lines_height(6.0, 2), 6.0, 5.0,
                   centre=True)
    side = min(tag.width - 2 * PAD, tag.height * 0.3, 26.0)  # 21 mm on the square tag
    code_y = PAD + call.height + 0.5
    code = Code(link, (tag.width - side) / 2, code_y, side)
    boxes = stack(back_texts(brand, product, show_price), PAD,
                  tag.height - layouts.hole().clear, tag.width - 2 * PAD, code_y + side + 1.0,
                  gap=1.0)
    return Face(tag.width, tag.height, None, "#111111", (*boxes, call), (), code)


def label_face(brand: BrandPrint, product: ProductPrint, label: Size, link: str, kind: str,
               pad: float = LABEL_PAD) -> Face:
    """A sticker: the QR on the left; beside it the brand (in its colour when that reads on
    white), the product, and where the code leads."""
    side = label.height - 2 * pad
    x = pad + side + 1.5
    width = label.width - x - pad
    call = TextBox("call", layouts.phrase(kind, brand.tone, brand.language), x, pad, width,
                   lines_height(6.0, 2), 6.0, 5.0)
    boxes = stack([("brand", brand.name, 8.0, 5.5, 1, True),
                   ("product_name", product.name, 7.0, 5.0, 3, False)],
                  x, label.height - pad, width, pad + call.height + GAP)
    if boxes and boxes[0].piece == "brand":
        boxes = (replace(boxes[0], colour=accent(brand)), *boxes[1:])
    return Face(label.width, label.height, None, "#111111", (*boxes, call), (),
                Code(link, pad, pad, side))


def contact(brand: BrandPrint, kind: str, link: str) -> str:
    """Where the card's QR code leads, written out for a buyer who types it."""
    if kind == "whatsapp":
        return f"WhatsApp {phone_number(brand.whatsapp)}"
    if kind == "instagram":
        return f"Instagram @{link.rstrip('/').rsplit('/', 1)[-1]}"
    return link.split("://", 1)[-1]


def card_face(brand: BrandPrint, card: Size, kind: str, link: str) -> Face:
    """The story card: a band in the brand's colour with the logo and name, a photo, the short
    About text, the QR code with where it leads, and the brand's colours as a strip."""
    margin, band = 9.0, 26.0
    colour = primary(brand)
    pictures = []
    name_x = margin
    if brand.logo:
        pictures.append(Picture(brand.logo, margin, card.height - band + 4, 18, 18))
        name_x += 21
    name = TextBox("brand", brand.name, name_x, card.height - band + 4,
                   card.width - name_x - margin, band - 8, 16.0, 10.0, bold=True)
    (name,), _ = centred((name,), card.height - 4, card.height - band + 4)  # beside the logo
    top = card.height - band - 5
    if brand.photo:
        pictures.append(Picture(brand.photo, margin, top - 42, card.width - 2 * margin, 42))
        top -= 46
    side = 28.0
    code = Code(link, card.width - margin - side, 9.0, side)
    about = TextBox("about", " ".join(brand.about.split()), margin, 9.0 + side + 4,
                    card.width - 2 * margin, top - (9.0 + side + 4), 9.0, 6.5)
    words = stack([("call", layouts.phrase(kind, brand.tone, brand.language), 8.0, 6.0, 3, True),
                   ("caption", contact(brand, kind, link), 8.0, 6.0, 3, False)],
                  margin, 9.0 + side, card.width - 2 * margin - side - 3, 9.0)
    boxes = tuple(box for box in (about, *words) if box.text)
    return Face(card.width, card.height, None, "#111111", (name, *boxes), tuple(pictures),
                code, brand.colours or (colour,), band, colour, strip=4.0)
