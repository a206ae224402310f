"""What goes where on each face (tag front and back, label, story card): boxes of text, images
and a QR code in mm, planned before anything is drawn so every text can be fitted first."""

from __future__ import annotations

from dataclasses import dataclass, replace

from webapp.formatting import phone_number, rupiah
from webapp.prints.fitting import LEADING, TextBox
from webapp.prints.layouts import MM, Size
from webapp.prints.model import BrandPrint, ProductPrint
from webapp.text import say

PAD = 4.0  # mm kept clear inside a tag's cut line
DEFAULT_COLOUR = "#3d3d3d"


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


def lines_height(size: float, lines: int) -> float:
    """The height in mm of so many lines at size points."""
    return size * LEADING * lines / MM


def luminance(colour: str) -> float:
    """The relative luminance of #rrggbb (WCAG 2)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ink_on(colour: str) -> str:
    """Black or white, whichever contrasts more with colour."""
    light = luminance(colour)
    return "#111111" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "#ffffff"


def primary(brand: BrandPrint) -> str:
    """The brand's first colour (a dark grey when it has none)."""
    return brand.colours[0] if brand.colours else DEFAULT_COLOUR


def stack(specs: list[tuple], x: float, top: float, width: float, bottom: float,
          centre: bool = False) -> tuple[TextBox, ...]:
    """Boxes stacked down from top: specs are (piece, text, size, floor, lines, bold); an
    empty text takes no room. When they need more room than there is, every box is shrunk by
    the same factor (the fitter then shrinks the font, down to its floor)."""
    specs = [spec for spec in specs if spec[1].strip()]
    gap = 1.5
    nominal = [lines_height(size, lines) for _, _, size, _, lines, _ in specs]
    room = top - bottom - gap * max(len(specs) - 1, 0)
    factor = min(1.0, room / sum(nominal)) if nominal else 1.0
    boxes = []
    for (piece, text, size, floor, _, bold), height in zip(specs, nominal, strict=True):
        height *= factor
        top -= height
        boxes.append(TextBox(piece, " ".join(text.split()), x, top, width, height, size, floor,
                             bold=bold, centre=centre))
        top -= gap
    return tuple(boxes)


def tag_front(brand: BrandPrint, product: ProductPrint, tag: Size) -> Face:
    """Logo, brand name, the product's name and its one-line story, on the brand's colour."""
    top = tag.height - PAD
    pictures = ()
    if brand.logo:
        side = min(14.0, tag.width * 0.3)
        pictures = (Picture(brand.logo, PAD, top - side, tag.width - 2 * PAD, side),)
        top -= side + 2
    boxes = stack([("brand", brand.name, 8.0, 6.0, 2, True),
                   ("product_name", product.name, 11.0, 7.5, 3, True),
                   ("story_line", product.story_line, 8.0, 6.0, 4, False)],
                  PAD, top, tag.width - 2 * PAD, PAD, centre=True)
    story = boxes[-1] if boxes and boxes[-1].piece == "story_line" else None
    if story is not None:  # the story takes all the room that is left
        boxes = (*boxes[:-1], replace(story, y=PAD, height=story.y + story.height - PAD))
    colour = primary(brand)
    return Face(tag.width, tag.height, colour, ink_on(colour), boxes, pictures)


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


def tag_back(brand: BrandPrint, product: ProductPrint, tag: Size, link: str,
             show_price: bool) -> Face:
    """Maker and place, technique and material, care in three lines, price if asked, QR."""
    side = min(tag.width - 2 * PAD, tag.height * 0.36, 28.0)
    code = Code(link, (tag.width - side) / 2, PAD, side)
    boxes = stack(back_texts(brand, product, show_price), PAD, tag.height - PAD,
                  tag.width - 2 * PAD, PAD + side + 1.5)
    return Face(tag.width, tag.height, None, "#111111", boxes, (), code)


def label_face(brand: BrandPrint, product: ProductPrint, label: Size, link: str) -> Face:
    """A sticker: the QR on the left, the brand and the product beside it."""
    pad = 2.5
    side = label.height - 2 * pad
    x = pad + side + 1.5
    boxes = stack([("brand", brand.name, 8.0, 5.5, 1, True),
                   ("product_name", product.name, 7.0, 5.0, 3, False)],
                  x, label.height - pad - 1, label.width - x - pad, pad)
    return Face(label.width, label.height, None, "#111111", boxes, (), Code(link, pad, pad, side))


def caption(brand: BrandPrint, kind: str, link: str) -> str:
    """The words under the card's QR code: where it leads."""
    if kind == "whatsapp":
        return say(brand.language, "Pesan lewat WhatsApp %(number)s",
                   number=phone_number(brand.whatsapp))
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
    top = card.height - band - 5
    if brand.photo:
        pictures.append(Picture(brand.photo, margin, top - 42, card.width - 2 * margin, 42))
        top -= 46
    side = 28.0
    code = Code(link, card.width - margin - side, 9.0, side)
    about = TextBox("about", " ".join(brand.about.split()), margin, 9.0 + side + 4,
                    card.width - 2 * margin, top - (9.0 + side + 4), 9.0, 6.5)
    words = TextBox("caption", caption(brand, kind, link), margin, 9.0,
                    card.width - 2 * margin - side - 3, side, 8.0, 6.0)
    boxes = tuple(box for box in (about, words) if box.text)
    return Face(card.width, card.height, None, "#111111", (name, *boxes), tuple(pictures),
                code, brand.colours or (colour,), band, colour)
