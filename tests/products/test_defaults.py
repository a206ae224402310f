"""A new product starts from what the brand's profile already says."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import create_brand
from webapp.db import get_session
from webapp.models import Product
from webapp.products.service import brand_defaults, region_of


def field_value(page: str, field_id: str) -> str:
    """The chosen option of the select with field_id ("" when none is)."""
    select = re.search(rf'<select[^>]*id="{field_id}"[^>]*>(.*?)</select>', page, re.S)
    assert select, field_id
    options = re.findall(r"<option[^>]*>", select.group(1))
    chosen = [re.search(r'value="([^"]*)"', o).group(1) for o in options if "selected" in o]
    return chosen[0] if chosen else ""


def checked(page: str, name: str) -> set[str]:
    boxes = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
    return {re.search(r'value="([^"]*)"', box).group(1) for box in boxes if "checked" in box}


def test_one_technique_one_material_a_category_and_a_city_start_the_new_product(app, client,
                                                                                   auth):
    owner = auth.create()
    with app.app_context():
        create_brand(owner, category="fashion", techniques=["batik_tulis"],
                     materials=["katun"], city="Lasem", province="Jawa Tengah")
    auth.login()
    page = client.get("/brands/batik-sekar-lasem/products/new").get_data(as_text=True)
    assert field_value(page, "category") == "fashion"
    assert field_value(page, "technique") == "batik_tulis"
    assert field_value(page, "region") == "lasem"
    assert checked(page, "materials") == {"katun"}
    assert "Dari profil merek sudah terisi" in page


def test_several_techniques_or_materials_are_left_for_the_owner(app, client, auth):
    owner = auth.create()
    with app.app_context():
        create_brand(owner, techniques=["batik_tulis", "batik_cap"],
                     materials=["katun", "sutra"])
    auth.login()
    page = client.get("/brands/batik-sekar-lasem/products/new").get_data(as_text=True)
    assert field_value(page, "technique") == ""
    assert checked(page, "materials") == set()
    assert "Dari profil merek sudah terisi" not in page


def test_the_defaults_can_be_changed(app, client, auth):
    from tests.factories import product_form

    owner = auth.create()
    with app.app_context():
        create_brand(owner, category="fashion", techniques=["batik_tulis"], materials=["katun"])
    auth.login()
    client.get("/brands/batik-sekar-lasem/products/new")
    response = client.post("/brands/batik-sekar-lasem/products/new",
                           data=product_form(technique="batik_cap", materials=["sutra"]))
    assert response.status_code == 302
    with app.app_context():
        product = get_session().scalar(select(Product))
        assert (product.technique, product.materials) == ("batik_cap", ["sutra"])


def test_brand_defaults_in_isolation(app):
    with app.app_context():
        assert brand_defaults({"category": "tidak-ada", "techniques": ["bukan-teknik"]}) == {}
        assert region_of("Lasem") == "lasem"
        assert region_of("Pekalongan") == "pekalongan"
        assert region_of("Solo") == "solo"
        assert region_of("") is None
        assert region_of("Atlantis") is None
