"""The product form fits a phone: the essentials open, the rest in parts that open with a tap
(and by themselves around an error), the materials of the technique's craft first."""

from __future__ import annotations

from tests.factories import product_form

BASE = "/brands/batik-sekar-lasem/products"


def test_the_product_form_folds_its_parts_and_opens_the_one_with_an_error(owner_client):
    page = owner_client.get(BASE + "/new").get_data(as_text=True)
    top = page.split('<details class="form-section"', 1)[0]
    for name in ("name", "technique", "price"):
        assert f'id="{name}"' in top, name
    assert page.count('<details class="form-section"') >= 6
    assert 'id="paket"' in page and "data-craft-map" in page
    response = owner_client.post(BASE + "/new", data=product_form(parcel_weight_g="berat"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<details class="form-section" id="paket" open>' in page
    assert "Varian 1–2 (warna dan ukuran)" in page


def test_the_materials_of_the_techniques_craft_come_first(owner_client):
    response = owner_client.post(BASE + "/new", data=product_form(technique="tatah_timbul",
                                                                  weight_g="x"))
    materials = response.get_data(as_text=True).split('id="materials"')[1].split("</fieldset>")[0]
    first, more = materials.split('<details class="chips__more"')
    assert 'value="kulit"' in first and 'value="mori_prima"' not in first
    assert 'value="mori_prima"' in more
