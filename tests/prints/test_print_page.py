"""The brand's print page: choices, what does not fit, and the PDF download."""

from __future__ import annotations

import io

import pypdf
import pytest

from tests.factories import DEFAULT_PASSWORD, create_brand, create_user

URL = "/brands/batik-sekar-lasem/print/"


@pytest.fixture
def owner(app):
    from webapp.products.service import create_product

    with app.app_context():
        brand = create_brand(create_user(), whatsapp="+6281234567890", city="Lasem",
                             province="Jawa Tengah", people="Ibu Sari",
                             story={"pieces": {"id": {"tagline": "Batik tulis Lasem",
                                                      "about_short": "Batik dari Lasem."}}})
        product = create_product(brand, {"name": "Kain Batik Tulis Sekar Jagad",
                                         "technique": "batik_tulis", "price": 1250000})
        product_id = product.id
    client = app.test_client()
    client.post("/login", data={"email": "sari@example.id", "password": DEFAULT_PASSWORD})
    return client, product_id


@pytest.mark.parametrize(("query", "pages"), [("kind=tags&size=tag_6x10&copies=2", 2),
                                               ("kind=card&lang=en", 1),
                                               ("kind=labels&size=a4_3x8", 1)])
def test_the_page_offers_a_download_of_each_kind(owner, query, pages):
    client, _product_id = owner
    page = client.get(URL + "?" + query)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Unduh PDF" in text
    response = client.get(URL + "file.pdf?" + query)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    document = pypdf.PdfReader(io.BytesIO(response.data))
    assert len(document.pages) == pages
    assert "Batik Sekar Lasem" in "".join(p.extract_text() for p in document.pages)


def test_a_product_name_too_long_for_the_size_is_named_not_cut(app, owner):
    client, product_id = owner
    from webapp.db import transaction
    from webapp.models import Product

    with app.app_context(), transaction() as session:
        session.get(Product, product_id).name = ("Kain " + "Panjang Sekali " * 12).strip()  # 184
    page = client.get(URL + "?kind=tags&size=tag_5x9")
    assert page.status_code == 422
    assert "terlalu panjang" in page.get_data(as_text=True)
    assert "Unduh PDF" not in page.get_data(as_text=True)
    # the download itself answers with the same page, never a cut PDF
    assert client.get(URL + "file.pdf?kind=tags&size=tag_5x9").status_code == 422


def test_unknown_choices_fall_back_and_others_get_404(app, owner):
    client, _product_id = owner
    assert client.get(URL + "?kind=poster&size=x&copies=-3&qr=fax").status_code == 200
    with app.app_context():
        create_user(email="lain@example.id")
    other = app.test_client()
    other.post("/login", data={"email": "lain@example.id", "password": DEFAULT_PASSWORD})
    assert other.get(URL).status_code == 404
    assert other.get(URL + "file.pdf").status_code == 404


def test_a_tag_names_the_owner_from_the_story_or_only_the_place():
    """The profile's "people" answer is a sentence about the team, never printed as a name."""
    from webapp.prints.facts import maker_of

    assert maker_of({"answers": {"owner": "Ibu Sari Wulandari"}}) == "Ibu Sari Wulandari"
    assert maker_of({"answers": {}}) == ""
    assert maker_of({}) == ""
    assert maker_of({"answers": {"owner": "x" * 61}}) == ""  # an answer, not a name


def test_the_back_says_made_in_the_place_when_no_maker_is_known():
    from webapp.prints.faces import back_texts
    from webapp.prints.model import BrandPrint, ProductPrint

    product = ProductPrint(id=1, name="Kain")
    brand = BrandPrint(name="Batik", language="id", place="Lasem, Jawa Tengah",
                       products=(product,))
    texts = [text for _name, text, *_rest in back_texts(brand, product, False)]
    assert "Dibuat di Lasem, Jawa Tengah" in texts


def test_tags_carry_short_care_true_of_the_product_in_the_tags_language(app):
    """No care notes of the owner's: the short care lines of its technique and materials, in the
    tag's language; the owner's own notes (Indonesian) on Indonesian tags only."""
    from webapp.prints.facts import brand_print
    from webapp.products.service import create_product
    from webapp.vocab import SHORT_CARE_MAX

    with app.app_context():
        brand = create_brand(create_user(), whatsapp="+6281234567890")
        create_product(brand, {"name": "Selendang Sutra", "technique": "batik_tulis",
                               "materials": ["sutra"]})
        (plain,) = brand_print(brand, "id").products
        (english,) = brand_print(brand, "en").products
        assert len(plain.care) == 3 and all(len(line) <= SHORT_CARE_MAX for line in plain.care)
        assert len(english.care) == 3 and english.care != plain.care
        assert any("dry clean" in line.casefold() for line in plain.care)  # silk's own care
        create_product(brand, {"name": "Kain Tulis", "technique": "batik_tulis",
                               "care_notes": "- Cuci pakai lerak\n- Jemur di tempat teduh"})
        own = next(p for p in brand_print(brand, "id").products if p.name == "Kain Tulis")
        assert own.care == ("Cuci pakai lerak", "Jemur di tempat teduh")
        own_en = next(p for p in brand_print(brand, "en").products if p.name == "Kain Tulis")
        assert "Cuci pakai lerak" not in own_en.care and own_en.care


@pytest.mark.parametrize(("tone", "words"), [("kamu", "Scan buat pesan lewat WhatsApp."),
                                             ("anda", "Pindai untuk memesan lewat WhatsApp.")])
def test_the_printed_call_follows_the_profiles_tone(app, tone, words):
    from webapp.prints.facts import brand_print
    from webapp.prints.model import TagOptions
    from webapp.prints.render import render_tags
    from webapp.products.service import create_product

    with app.app_context():
        brand = create_brand(create_user(), whatsapp="+6281234567890", tone=tone)
        create_product(brand, {"name": "Kain", "technique": "batik_tulis"})
        printable = brand_print(brand, "id")
        assert printable.tone == tone
        back = pypdf.PdfReader(io.BytesIO(render_tags(printable, TagOptions()))).pages[1]
        assert words in " ".join(back.extract_text().split())


def test_label_page_says_when_a_sheet_size_is_only_an_estimate(owner):
    client, _product_id = owner
    estimate = client.get(URL + "?kind=labels&size=tj_121").get_data(as_text=True)
    assert "masih perkiraan" in estimate and "(ukuran perkiraan)" in estimate
    public = client.get(URL + "?kind=labels&size=a4_2x7").get_data(as_text=True)
    assert "templat label yang terbuka untuk umum" in public
    test_page = client.get(URL + "file.pdf?kind=labels&size=tj_121&guides=1")
    assert test_page.status_code == 200
    assert "-uji.pdf" in test_page.headers["Content-Disposition"]
    contents = pypdf.PdfReader(io.BytesIO(test_page.data)).pages[0].get_contents().get_data()
    assert contents.count(b" re S") == 10  # Tom & Jerry No. 121 estimate: 2 x 5 outlines


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_demo_brand_has_a_tag_sheet_and_a_story_card_ready(app, runner, language):
    """`demo load` gives the brand a logo, and every tag size and the card print at once,
    each tag back with care lines and the QR code's call."""
    from webapp.demo.brand import DEMO_SLUG
    from webapp.prints.facts import brand_by_slug, brand_print
    from webapp.prints.layouts import sizes
    from webapp.prints.model import TagOptions
    from webapp.prints.render import card_overflows, render_card, render_tags, tag_overflows

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        printable = brand_print(brand_by_slug(DEMO_SLUG), language)
        assert printable.logo and printable.maker and len(printable.products) == 3
        assert all(len(product.care) == 3 for product in printable.products)
        for size_id in sizes("tags"):
            options = TagOptions(size=size_id, show_price=True)
            assert tag_overflows(printable, options) == [], size_id
        assert card_overflows(printable) == []
        tags = pypdf.PdfReader(io.BytesIO(render_tags(printable, TagOptions(show_price=True))))
        back = " ".join(tags.pages[1].extract_text().split())
        assert ("Scan to order" if language == "en" else "Pindai untuk memesan") in back
        assert len(pypdf.PdfReader(io.BytesIO(render_card(printable))).pages) == 1


def test_english_prints_name_the_province_in_english(app):
    from webapp.prints.facts import brand_print

    with app.app_context():
        brand = create_brand(create_user(), city="Lasem, Rembang", province="Jawa Tengah")
        assert brand_print(brand, "en").place == "Lasem, Rembang, Central Java"
        assert brand_print(brand, "id").place == "Lasem, Rembang, Jawa Tengah"


@pytest.mark.parametrize(("query", "faces"), [("kind=tags&size=tag_5x9", 2),
                                              ("kind=labels&size=a4_2x7", 1),
                                              ("kind=card", 1)])
def test_the_page_pictures_what_the_pdf_prints(owner, query, faces):
    """Before the download: an SVG per face, its texts the PDF's own lines, escaped."""
    client, _product_id = owner
    page = client.get(URL + "?" + query)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.count("<svg ") == faces and "Pratinjau" in text
    assert "Batik Sekar Lasem</text>" in text
    assert len(page.data) < 60_000


def test_the_picture_escapes_what_the_owner_typed(app, owner):
    client, product_id = owner
    from webapp.db import transaction
    from webapp.models import Product

    with app.app_context(), transaction() as session:
        session.get(Product, product_id).name = "Kain <script>alert(1)</script> & Co"
    text = client.get(URL + "?kind=tags&size=tag_6x10").get_data(as_text=True)
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
