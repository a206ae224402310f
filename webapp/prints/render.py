"""PDFs of hang tags, label sheets and the story card (reportlab, Vera fonts embedded).

Every text is fitted before a page is drawn (webapp.prints.fitting); when one does not fit the
renderer raises PrintOverflow listing them all and writes nothing. Pages are exactly A4 (tags,
labels) or A6 (the card), drawn at 100 %: print with "actual size", not "fit to page".
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from webapp.prints import layouts
from webapp.prints.faces import (
    LABEL_PAD,
    Face,
    card_face,
    ink_on,
    label_face,
    tag_back,
    tag_front,
)
from webapp.prints.fitting import ASCENT, LEADING, fit, overflow, register_fonts, width_of
from webapp.prints.layouts import MM, Size
from webapp.prints.model import (
    BrandPrint,
    Overflow,
    PrintError,
    PrintOverflow,
    ProductPrint,
    TagOptions,
)
from webapp.prints.qr import dark_runs, link_for, matrix
from webapp.text import say

MAX_COPIES = 200


def chosen(brand: BrandPrint, product_ids: Iterable[int] | None) -> list[ProductPrint]:
    """The products to print (all of the brand's when product_ids is None)."""
    if product_ids is None:
        products = list(brand.products)
    else:
        wanted = set(product_ids)
        products = [product for product in brand.products if product.id in wanted]
    if not products:
        raise PrintError("no product to print")
    return products


def tag_faces(brand: BrandPrint, options: TagOptions,
              product_ids: Iterable[int] | None = None) -> list[tuple[ProductPrint, Face, Face]]:
    """Each chosen product's front and back, once (copies are made when pages are laid out)."""
    tag = layouts.size("tags", options.size)
    return [(product, tag_front(brand, product, tag),
             tag_back(brand, product, tag, link_for(brand, options.qr, product), options.qr,
                      options.show_price))
            for product in chosen(brand, product_ids)]


def face_overflows(face: Face, layout: str, language: str,
                   product: ProductPrint | None = None) -> list[Overflow]:
    """Every text of face that does not fit its box."""
    found = []
    for box in face.boxes:
        shorter = product.shorter_stories if product and box.piece == "story_line" else ()
        finding = overflow(box, layout, language, product.name if product else "", shorter)
        if finding is not None:
            found.append(finding)
    return found


def overflows_of(faces: Iterable[tuple[ProductPrint, Face]], size: layouts.Size,
                 language: str) -> list[Overflow]:
    """What is too long on any of the products' faces, for a layout of size."""
    return [finding for product, face in faces
            for finding in face_overflows(face, size.label(language), language, product)]


def sides(faces: list[tuple[ProductPrint, Face, Face]]) -> list[tuple[ProductPrint, Face]]:
    """Each tag's front and back as (product, face) pairs."""
    return [(product, face) for product, front, back in faces for face in (front, back)]


def tag_overflows(brand: BrandPrint, options: TagOptions,
                  product_ids: Iterable[int] | None = None) -> list[Overflow]:
    """What is too long for the chosen tag size, product by product (empty: it all fits)."""
    return overflows_of(sides(tag_faces(brand, options, product_ids)),
                        layouts.size("tags", options.size), brand.language)


def render_tags(brand: BrandPrint, options: TagOptions,
                product_ids: Iterable[int] | None = None) -> bytes:
    """A4 pages of hang tags: each front page followed by its mirrored back page (print
    double-sided, flip on the long edge), options.copies of every product."""
    if not 1 <= options.copies <= MAX_COPIES:
        raise PrintError(f"copies must be 1 to {MAX_COPIES}")
    faces = tag_faces(brand, options, product_ids)
    tag = layouts.size("tags", options.size)
    problems = overflows_of(sides(faces), tag, brand.language)
    if problems:
        raise PrintOverflow(problems)
    copies = [(front, back) for _, front, back in faces for _ in range(options.copies)]
    fronts, backs = layouts.tag_slots(tag), layouts.tag_slots(tag, back=True)
    canvas = new_canvas(brand, say(brand.language, "Hang tag %(brand)s", brand=brand.name))
    for page in chunks(copies, len(fronts)):
        for side, slots in ((0, fronts), (1, backs)):
            for pair, slot in zip(page, slots, strict=False):
                draw_face(canvas, pair[side], slot.x, slot.y, layouts.sheet().bleed)
                cut_marks(canvas, slot)
            canvas.showPage()
    return finish(canvas)


def label_faces(brand: BrandPrint, size_id: str, kind: str = "whatsapp",
                product_ids: Iterable[int] | None = None) -> list[tuple[ProductPrint, Face]]:
    """Each chosen product's sticker; on a sheet whose labels reach the paper's edge, the text
    and the code keep the printer's margin."""
    label = layouts.size("labels", size_id)
    pad = max(LABEL_PAD, layouts.sheet().printer_margin - layouts.edge_distance(label))
    return [(product, label_face(brand, product, label, link_for(brand, kind, product), kind,
                                 pad))
            for product in chosen(brand, product_ids)]


def label_overflows(brand: BrandPrint, size_id: str, kind: str = "whatsapp",
                    product_ids: Iterable[int] | None = None) -> list[Overflow]:
    """What is too long for the chosen label size (empty: it all fits)."""
    return overflows_of(label_faces(brand, size_id, kind, product_ids),
                        layouts.size("labels", size_id), brand.language)


def render_labels(brand: BrandPrint, size_id: str, kind: str = "whatsapp",
                  product_ids: Iterable[int] | None = None, copies: int = 0,
                  guides: bool = False) -> bytes:
    """A4 label sheets: each product fills `copies` labels (0: one full sheet shared evenly).
    With guides, every label's outline is drawn too: a test page to print on plain paper and
    hold against the label sheet before printing on it."""
    label = layouts.size("labels", size_id)
    slots = layouts.label_slots(label)
    faces = label_faces(brand, size_id, kind, product_ids)
    problems = overflows_of(faces, label, brand.language)
    if problems:
        raise PrintOverflow(problems)
    each = copies or max(1, len(slots) // len(faces))
    stickers = [face for _, face in faces for _ in range(min(each, MAX_COPIES))]
    canvas = new_canvas(brand, say(brand.language, "Label %(brand)s", brand=brand.name))
    for page in chunks(stickers, len(slots)):
        for face, slot in zip(page, slots, strict=False):
            draw_face(canvas, face, slot.x, slot.y, 0.0)
        if guides:
            outlines(canvas, slots)
        canvas.showPage()
    return finish(canvas)


def card_overflows(brand: BrandPrint, kind: str = "whatsapp") -> list[Overflow]:
    """What is too long for the story card."""
    card = layouts.size("card", "a6")
    return face_overflows(card_face(brand, card, kind, link_for(brand, kind)),
                          card.label(brand.language), brand.language)


def render_card(brand: BrandPrint, kind: str = "whatsapp") -> bytes:
    """The A6 story card, one page."""
    card = layouts.size("card", "a6")
    face = card_face(brand, card, kind, link_for(brand, kind))
    problems = face_overflows(face, card.label(brand.language), brand.language)
    if problems:
        raise PrintOverflow(problems)
    canvas = new_canvas(brand, say(brand.language, "Kartu cerita %(brand)s", brand=brand.name),
                        card)
    draw_face(canvas, face, 0.0, 0.0, 0.0)
    canvas.showPage()
    return finish(canvas)


def chunks(items: list, size: int) -> Iterator[list]:
    """items in runs of size."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def new_canvas(brand: BrandPrint, title: str, page: Size | None = None) -> Canvas:
    """A canvas of A4 (or page's size) with the document's title and language."""
    register_fonts()
    sheet = layouts.sheet()
    width, height = (page.width, page.height) if page else (sheet.width, sheet.height)
    canvas = Canvas(io.BytesIO(), pagesize=(width * MM, height * MM), pageCompression=1,
                    invariant=1, lang=brand.language)
    canvas.setTitle(title)
    canvas.setAuthor(brand.name)
    canvas.setCreator("Studio Cerita")
    return canvas


def finish(canvas: Canvas) -> bytes:
    """The canvas's PDF bytes."""
    canvas.save()
    return canvas._filename.getvalue()  # the BytesIO given to Canvas


def outlines(canvas: Canvas, slots: list[layouts.Slot]) -> None:
    """Every label's outline as a thin grey line (the test page's guides)."""
    canvas.setStrokeColor(HexColor("#9a9a9a"))
    canvas.setLineWidth(0.3)
    for slot in slots:
        canvas.rect(slot.x * MM, slot.y * MM, slot.width * MM, slot.height * MM, stroke=1,
                    fill=0)


def cut_marks(canvas: Canvas, slot: layouts.Slot) -> None:
    """Short hairlines in line with the four cut lines, outside the bleed, at every corner."""
    sheet = layouts.sheet()
    start = sheet.bleed + sheet.mark_offset
    canvas.setStrokeColor(HexColor("#000000"))
    canvas.setLineWidth(0.25)
    for x in (slot.x, slot.x + slot.width):
        for y, direction in ((slot.y, -1), (slot.y + slot.height, 1)):
            canvas.line(x * MM, (y + direction * start) * MM,
                        x * MM, (y + direction * (start + sheet.mark)) * MM)
    for y in (slot.y, slot.y + slot.height):
        for x, direction in ((slot.x, -1), (slot.x + slot.width, 1)):
            canvas.line((x + direction * start) * MM, y * MM,
                        (x + direction * (start + sheet.mark)) * MM, y * MM)


def draw_face(canvas: Canvas, face: Face, x: float, y: float, bleed: float) -> None:
    """Draw face with its bottom-left corner at (x, y) mm; the background runs into the bleed."""
    if face.background:
        canvas.setFillColor(HexColor(face.background))
        canvas.rect((x - bleed) * MM, (y - bleed) * MM, (face.width + 2 * bleed) * MM,
                    (face.height + 2 * bleed) * MM, stroke=0, fill=1)
    if face.band:
        canvas.setFillColor(HexColor(face.band_colour))
        canvas.rect(x * MM, (y + face.height - face.band) * MM, face.width * MM,
                    face.band * MM, stroke=0, fill=1)
    draw_swatches(canvas, face, x, y, bleed)
    if face.hole:
        draw_hole(canvas, face, x, y)
    for picture in face.pictures:
        canvas.drawImage(ImageReader(io.BytesIO(picture.data)), (x + picture.x) * MM,
                         (y + picture.y) * MM, picture.width * MM, picture.height * MM,
                         preserveAspectRatio=True, anchor="c", mask="auto")
    for box in face.boxes:
        in_band = face.band and box.y >= face.height - face.band
        draw_text(canvas, box, x, y,
                  box.colour or (ink_on(face.band_colour) if in_band else face.ink))
    if face.code is not None:
        draw_code(canvas, face.code.link, x + face.code.x, y + face.code.y, face.code.side)


def draw_swatches(canvas: Canvas, face: Face, x: float, y: float, bleed: float) -> None:
    """The brand's colours as a strip along the bottom edge of the face, run into the bleed
    (so a cut a little off leaves no sliver of another colour)."""
    if not face.swatches or not face.strip:
        return
    width = face.width / len(face.swatches)
    last = len(face.swatches) - 1
    for index, colour in enumerate(face.swatches):
        left = x + index * width - (bleed if index == 0 else 0)
        right = x + (index + 1) * width + (bleed if index == last else 0)
        canvas.setFillColor(HexColor(colour))
        canvas.rect(left * MM, (y - bleed) * MM, (right - left) * MM, (face.strip + bleed) * MM,
                    stroke=0, fill=1)


def draw_hole(canvas: Canvas, face: Face, x: float, y: float) -> None:
    """The punch guide: a thin circle where the string goes through."""
    centre_x, centre_y, diameter = face.hole
    canvas.setStrokeColor(HexColor(face.ink))
    canvas.setLineWidth(0.4)
    canvas.circle((x + centre_x) * MM, (y + centre_y) * MM, diameter / 2 * MM, stroke=1, fill=0)


def draw_text(canvas: Canvas, box, x: float, y: float, ink: str) -> None:
    """The box's fitted lines, from its top; the fitter has checked they stay inside it."""
    fitted = fit(box)
    if fitted is None:  # planned faces are checked first; this is a guard, never a cut
        raise PrintOverflow([])
    canvas.setFillColor(HexColor(ink))
    canvas.setFont(box.font, fitted.size)
    left, top = (x + box.x) * MM, (y + box.y + box.height) * MM
    baseline = top - fitted.size * ASCENT
    for line in fitted.lines:
        if box.centre:
            offset = (box.width * MM - width_of(line, box.font, fitted.size)) / 2
            canvas.drawString(left + offset, baseline, line)
        else:
            canvas.drawString(left, baseline, line)
        baseline -= fitted.size * LEADING


def draw_code(canvas: Canvas, link: str, x: float, y: float, side: float) -> None:
    """The QR code of link as vector squares on white (quiet zone included), side mm wide."""
    modules = len(matrix(link))
    unit = side * MM / modules
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.rect(x * MM, y * MM, side * MM, side * MM, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#000000"))
    path = canvas.beginPath()
    top = (y + side) * MM
    for row, column, length in dark_runs(link):
        path.rect(x * MM + column * unit, top - (row + 1) * unit, length * unit, unit)
    canvas.drawPath(path, stroke=0, fill=1)
