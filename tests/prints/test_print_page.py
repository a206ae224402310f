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
