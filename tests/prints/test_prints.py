"""The print core: page sizes, extractable text, QR codes that decode to their links, fitting."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pypdf
import pypdfium2
import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from webapp.prints import layouts, qr
from webapp.prints.faces import PAD, Face, label_face, tag_back, tag_front
from webapp.prints.fitting import LEADING, MM, TextBox, fit, width_of
from webapp.prints.model import BrandPrint, PrintError, PrintOverflow, ProductPrint, TagOptions
from webapp.prints.render import (
    card_overflows,
    label_faces,
    label_overflows,
    render_card,
    render_labels,
    render_tags,
    tag_overflows,
)

A4 = (210 * MM, 297 * MM)
A6 = (105 * MM, 148 * MM)
PRODUCT = ProductPrint(7, "Kain Batik Tulis Lasem Sekar Jagad",
                       "Seribu bunga dari Lasem, dibatik tangan.", "Batik tulis",
                       "Mori primissima", ("Cuci dengan tangan", "Jangan diperas",
                                           "Jemur di tempat teduh"), 1250000,
                       "https://shopee.co.id/batiksekarlasem/123")


def brand(language: str = "id", **changes) -> BrandPrint:
    logo = io.BytesIO()
    Image.new("RGB", (64, 64), "#f3e3c3").save(logo, "PNG")
    fields = dict(name="Batik Sekar Lasem", language=language, colours=("#9b1b1b", "#f3e3c3"),
                  logo=logo.getvalue(), maker="Ibu Sari", place="Lasem, Jawa Tengah",
                  about="Sejak 1998 kami membatik tulis di Lasem dengan tangan.",
                  whatsapp="+6281234567890", instagram="batiksekarlasem",
                  website="https://batiksekarlasem.id", products=(PRODUCT,))
    return BrandPrint(**{**fields, **changes})


def pages(data: bytes) -> list:
    return list(pypdf.PdfReader(io.BytesIO(data)).pages)


def decoded(data: bytes, index: int) -> list[str]:
    page = pypdfium2.PdfDocument(data)[index]
    image = page.render(scale=200 / 72).to_pil()
    return sorted(result.text for result in zxingcpp.read_barcodes(image))


def save_png(data: bytes, name: str, index: int = 0) -> None:
    """Keep a screenshot of the page for a person to look at (tempdir/prints-NAME.png)."""
    target = Path(tempfile.gettempdir()) / f"prints-{name}.png"
    pypdfium2.PdfDocument(data)[index].render(scale=150 / 72).to_pil().save(target)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("size_id", ["tag_5x9", "tag_6x10", "tag_7x7"])
def test_tags_are_a4_with_text_and_codes_that_decode(size_id, language):
    data = render_tags(brand(language), TagOptions(size=size_id, copies=2, show_price=True))
    found = pages(data)
    assert len(found) == 2  # a front page and its back
    for page in found:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4)
    front, back = (" ".join(page.extract_text().split()) for page in found)
    assert "Batik Sekar Lasem" in front and "Sekar Jagad" in front
    assert ("Made by" if language == "en" else "Dibuat oleh") in back
    assert ("IDR 1,250,000" if language == "en" else "Rp1.250.000") in back
    link = qr.link_for(brand(language), "whatsapp", PRODUCT)
    assert decoded(data, 1) == [link, link]
    save_png(data, f"{size_id}-{language}-front", 0)
    save_png(data, f"{size_id}-{language}-back", 1)


def test_whatsapp_link_names_the_product_in_the_language():
    link = qr.link_for(brand("en"), "whatsapp", PRODUCT)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/6281234567890")
    assert parse_qs(parts.query)["text"] == [
        "Hello Batik Sekar Lasem, I am interested in Kain Batik Tulis Lasem Sekar Jagad."]
    assert "tertarik dengan Kain" in parse_qs(urlsplit(qr.link_for(brand(), "whatsapp",
                                                                   PRODUCT)).query)["text"][0]


@pytest.mark.parametrize("kind", ["whatsapp", "instagram", "shop"])
def test_every_kind_of_code_decodes_to_its_link(kind):
    link = qr.link_for(brand(), kind, PRODUCT)
    image = Image.open(io.BytesIO(qr.png(link)))
    assert [result.text for result in zxingcpp.read_barcodes(image)] == [link]
    assert link.startswith({"whatsapp": "https://wa.me/62", "instagram":
                            "https://instagram.com/batiksekarlasem", "shop":
                            "https://shopee.co.id/"}[kind])


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://x.id/a", "shopee.co.id", ""])
def test_only_web_links_are_printed(link):
    with pytest.raises(PrintError):
        qr.web_link(link)


def test_back_pages_mirror_the_front_columns():
    tag = layouts.size("tags", "tag_5x9")
    across, _ = layouts.tag_grid(tag)
    fronts, backs = layouts.tag_slots(tag), layouts.tag_slots(tag, back=True)
    for index, (front, back) in enumerate(zip(fronts, backs, strict=True)):
        assert back.y == front.y
        assert back.x == pytest.approx(210 - front.x - front.width)  # behind it when flipped
        assert front.x - 3 >= 10 and front.x + front.width + 3 <= 200, index
    assert across >= 2


@pytest.mark.parametrize("language", ["id", "en"])
def test_story_card_is_a6_with_its_code(language):
    data = render_card(brand(language))
    (page,) = pages(data)
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A6)
    text = " ".join(page.extract_text().split())
    assert "Batik Sekar Lasem" in text and "membatik tulis" in text
    assert decoded(data, 0) == [qr.link_for(brand(language), "whatsapp")]
    save_png(data, f"card-{language}")


@pytest.mark.parametrize("size_id", ["a4_3x8", "a4_2x7", "tj_121"])
def test_label_sheets_are_a4_and_every_code_decodes(size_id):
    data = render_labels(brand(), size_id, "shop")
    (page,) = pages(data)
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4)
    assert "Batik Sekar Lasem" in page.extract_text()
    label = layouts.size("labels", size_id)
    assert decoded(data, 0) == [PRODUCT.link] * (label.across * label.down)
    save_png(data, f"labels-{size_id}")


def test_too_long_a_story_is_refused_and_named_with_a_shorter_piece():
    long = ProductPrint(**{**PRODUCT.__dict__, "story_line": "kata panjang " * 80,
                           "shorter_stories": ("Seribu bunga dari Lasem.",)})
    shop = brand("en", products=(long,))
    found = tag_overflows(shop, TagOptions())
    assert [(item.piece, item.shorter) for item in found] == [
        ("story_line", "Seribu bunga dari Lasem.")]
    assert found[0].message == (f"One-line product story ({PRODUCT.name}) is too long for "
                                "Hang tag 5 × 9 cm.")
    with pytest.raises(PrintOverflow) as error:
        render_tags(shop, TagOptions())
    assert error.value.overflows == found
    assert card_overflows(brand(about="x " * 2000))[0].piece == "about"


def test_unknown_size_and_no_product_are_print_errors():
    with pytest.raises(PrintError):
        render_tags(brand(), TagOptions(size="tag_1x1"))
    with pytest.raises(PrintError):
        render_tags(brand(products=()), TagOptions())


words = st.text(alphabet=st.characters(codec="latin-1", categories=("L", "N", "P")),
                min_size=1, max_size=30)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(words, min_size=1, max_size=120), st.floats(8, 60), st.floats(3, 40))
def test_fitted_text_never_leaves_its_box_and_nothing_is_dropped(parts, width, height):
    text = " ".join(parts)
    box = TextBox("story_line", text, 0, 0, width, height, 9.0, 6.0)
    fitted = fit(box)
    if fitted is None:
        return  # reported as an overflow, never drawn
    assert 6.0 <= fitted.size <= 9.0
    assert " ".join(fitted.lines).split() == text.split()
    assert len(fitted.lines) * fitted.size * LEADING <= height * MM + 1e-6
    assert all(width_of(line, box.font, fitted.size) <= width * MM for line in fitted.lines)


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=200, max_size=2000).filter(str.strip))
def test_long_product_texts_are_reported_not_overflowed(story):
    product = ProductPrint(**{**PRODUCT.__dict__, "story_line": story})
    found = tag_overflows(brand(products=(product,)), TagOptions(size="tag_7x7"))
    box_fits = not found
    if box_fits:
        render_tags(brand(products=(product,)), TagOptions(size="tag_7x7"))
    else:
        assert {item.piece for item in found} == {"story_line"}


LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=14)
TONES = ("anda", "kamu", "kak")


def words_up_to(chars: int = 0, count: int = 0):
    """Texts of realistic words (2-14 letters) as long as the writer may make them: at most
    `chars` characters (cut at a word), or `count` words."""
    def cut(parts: list[str]) -> str:
        if count:
            return " ".join(parts[:count])
        text = ""
        for part in parts:
            if len(text) + len(part) + 1 > chars:
                break
            text = f"{text} {part}".strip()
        return text or parts[0][:chars]
    return st.lists(LETTERS, min_size=1, max_size=max(count, chars // 2)).map(cut)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(story=words_up_to(chars=140), tagline=words_up_to(chars=60), about=words_up_to(count=80),
       name=words_up_to(chars=60), language=st.sampled_from(["id", "en"]),
       tone=st.sampled_from(TONES))
def test_the_writers_longest_pieces_print_on_every_size(story, tagline, about, name, language,
                                                        tone):
    """A story line (the product story's first sentence, at most 140 characters, else the
    60-character tagline), an About text of 80 words and a product name of 60 characters fit
    every tag, label and the card, in both languages and every tone: the writer's own output
    is never refused."""
    products = tuple(ProductPrint(**{**PRODUCT.__dict__, "id": index, "name": name,
                                     "story_line": line})
                     for index, line in enumerate((story, tagline), start=1))
    shop = brand(language, tone=tone, about=about, products=products)
    for size_id in layouts.sizes("tags"):
        assert tag_overflows(shop, TagOptions(size=size_id, show_price=True)) == []
    for size_id in layouts.sizes("labels"):
        assert label_overflows(shop, size_id, "whatsapp") == []
    assert card_overflows(shop) == []


def inside(face: Face, left: float, bottom: float, right: float, top: float) -> None:
    """Every text box and the code of face lie within the rectangle, and no two overlap."""
    boxes = [(box.x, box.y, box.x + box.width, box.y + box.height) for box in face.boxes]
    if face.code:
        code = face.code
        boxes.append((code.x, code.y, code.x + code.side, code.y + code.side))
    for x0, y0, x1, y1 in boxes:
        assert left - 1e-6 <= x0 < x1 <= right + 1e-6 and bottom - 1e-6 <= y0 < y1 <= top + 1e-6
    for index, (x0, y0, x1, y1) in enumerate(boxes):
        for a0, b0, a1, b1 in boxes[index + 1:]:
            assert x1 <= a0 + 1e-6 or a1 <= x0 + 1e-6 or y1 <= b0 + 1e-6 or b1 <= y0 + 1e-6


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(name=st.text(min_size=1, max_size=200).filter(str.strip), story=st.text(max_size=300),
       care=st.lists(st.text(min_size=1, max_size=120), max_size=3),
       price=st.none() | st.integers(0, 10**12), logo=st.booleans(),
       colours=st.lists(st.sampled_from(["#9b1b1b", "#f3e3c3", "#1e326e", "#ffffff"]),
                        max_size=4))
def test_every_text_stays_inside_its_face_clear_of_the_hole_and_the_code(
        name, story, care, price, logo, colours):
    """Whatever the texts, every box is planned inside the tag's safe area (4 mm inside the cut,
    below the hole's clear band), apart from the others and from the QR code; a text too long
    for its box is reported by the fitter, never drawn over another."""
    product = ProductPrint(**{**PRODUCT.__dict__, "name": name, "story_line": story,
                              "care": tuple(care), "price": price})
    shop = brand(colours=tuple(colours), **({} if logo else {"logo": None}))
    clear = layouts.hole().clear
    link = qr.link_for(shop, "whatsapp", product)
    for size_id, tag in layouts.sizes("tags").items():
        front = tag_front(shop, product, tag)
        inside(front, PAD, PAD, tag.width - PAD, tag.height - clear)
        for picture in front.pictures:
            assert picture.y + picture.height <= tag.height - clear + 1e-6, size_id
        inside(tag_back(shop, product, tag, link, "whatsapp", True), PAD, PAD,
               tag.width - PAD, tag.height - clear)
    for label in layouts.sizes("labels").values():
        inside(label_face(shop, product, label, link, "whatsapp"), 2.5, 2.5,
               label.width - 2.5, label.height - 2.5)


@pytest.mark.parametrize(("tone", "language", "words"), [
    ("anda", "id", "Pindai untuk memesan lewat WhatsApp."),
    ("kamu", "id", "Scan buat pesan lewat WhatsApp."),
    ("kak", "id", "Scan untuk pesan lewat WhatsApp, Kak."),
    ("kamu", "en", "Scan to order on WhatsApp."),
])
def test_the_words_beside_the_code_speak_in_the_brands_tone(tone, language, words):
    shop = brand(language, tone=tone)
    tags = " ".join(pages(render_tags(shop, TagOptions()))[1].extract_text().split())
    card = " ".join(pages(render_card(shop))[0].extract_text().split())
    labels = " ".join(pages(render_labels(shop, "a4_2x7"))[0].extract_text().split())
    assert words in tags and words in card and words in labels
    assert "0812-3456-7890" in card  # the number, for a buyer who types it


def test_labels_reaching_the_paper_edge_keep_the_printers_margin():
    """The 3 x 8 sheet has no margin: its text and codes stay 4 mm inside the paper."""
    sheet = layouts.sheet()
    for size_id in layouts.sizes("labels"):
        label = layouts.size("labels", size_id)
        slot = layouts.label_slots(label)[0]  # the top-left label is nearest two edges
        (_product, face), *_ = label_faces(brand(), size_id)
        code = face.code
        assert slot.x + code.x >= sheet.printer_margin - 1e-6
        assert sheet.height - (slot.y + code.y + code.side) >= sheet.printer_margin - 1e-6
    assert layouts.edge_distance(layouts.size("labels", "a4_3x8")) == 0


def test_a_test_page_outlines_every_label():
    """With guides, each label's outline is stroked once (a rectangle, "re S"); without, none."""
    label = layouts.size("labels", "tj_121")
    plain = pages(render_labels(brand(), "tj_121"))[0].get_contents().get_data()
    guided = pages(render_labels(brand(), "tj_121", guides=True))[0].get_contents().get_data()
    assert guided.count(b" re S") == label.across * label.down
    assert plain.count(b" re S") == 0


def test_label_sizes_name_their_source_or_say_they_are_estimates():
    for size_id, label in layouts.sizes("labels").items():
        assert label.confidence in ("public-copy", "estimate"), size_id
        assert label.checked and label.source
        assert label.source_url.startswith("https://") or label.estimated, size_id
        assert label.left >= 0 and label.top >= 0
        assert layouts.edge_distance(label) >= 0
        right = label.left + (label.across - 1) * label.pitch_x + label.width
        assert right <= 210 + 1e-6 and label.top + (label.down - 1) * label.pitch_y + (
            label.height) <= 297 + 1e-6, size_id


def test_a_tag_front_has_the_hole_guide_and_the_brands_other_colours():
    front = tag_front(brand(), PRODUCT, layouts.size("tags", "tag_5x9"))
    hole = layouts.hole()
    assert front.hole == (25.0, 90 - hole.centre_from_top, hole.diameter)
    assert front.swatches == ("#f3e3c3",) and front.strip > 0
    assert front.pictures  # the logo
    single = tag_front(brand(colours=("#9b1b1b",)), PRODUCT, layouts.size("tags", "tag_5x9"))
    assert single.strip == 0
