"""Products: create, edit, duplicate, delete, prices as owners write them, access."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import product_form
from webapp.db import get_session
from webapp.models import Product
from webapp.products.facts import parse_rupiah

BASE = "/brands/batik-sekar-lasem/products"


def only_product(app) -> Product | None:
    """The one product in the database, detached so that it stays readable in the test."""
    with app.app_context():
        product = get_session().scalar(select(Product))
        if product is not None:
            get_session().expunge(product)
        return product


@pytest.mark.parametrize(
    ("text", "amount"),
    [("150000", 150000), ("150.000", 150000), ("Rp150.000", 150000), ("rp 150.000,00", 150000),
     ("1.250.000", 1250000), ("150,000", 150000), ("12,5", None), ("1.50.000", None),
     ("-5", None), ("gratis", None), ("", None)],
)
def test_prices_are_read_as_owners_write_them(text, amount):
    assert parse_rupiah(text) == amount


def test_create_a_product_with_care_notes_filled_in(app, owner_client):
    response = owner_client.post(BASE + "/new", data=product_form(**{
        "stock": "", "variants-0-colour": "Merah", "variants-0-size": "",
        "variants-0-stock": "2", "variants-0-price": "1.300.000"}))
    product = only_product(app)
    assert response.headers["Location"] == f"{BASE}/{product.id}"
    assert product.price == 1250000 and product.weight_g == 300 and product.width_cm == 115.5
    assert product.stock == 2  # the sum of the variants' stock
    assert product.materials == ["mori_primissima"] and product.colours == ["merah", "krem"]
    assert product.variants == [{"colour": "Merah", "size": "", "stock": 2, "price": 1300000,
                                 "sku": ""}]
    assert "Cuci dengan tangan" in product.care_notes
    page = owner_client.get(f"{BASE}/{product.id}").get_data(as_text=True)
    for text in ("Rp1.250.000", "300 gram", "200 × 115,5 cm", "Batik tulis", "Lasem",
                 "Cara merawat diisi"):
        assert text in page


def test_owner_written_care_notes_are_kept(app, owner_client):
    owner_client.post(BASE + "/new", data=product_form(care_notes="Cuci kering saja."))
    assert only_product(app).care_notes == "Cuci kering saja."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("name", "", "wajib diisi"), ("price", "seratus ribu", "harga dalam rupiah"),
     ("weight_g", "0", "angka bulat"), ("weight_g", "berat", "angka bulat"),
     ("width_cm", "lebar", "sentimeter"), ("technique", "sihir", "Pilih dari daftar"),
     ("stock", "-1", "angka bulat")],
)
def test_bad_values_get_a_message_and_keep_the_form(app, owner_client, field, value, message):
    response = owner_client.post(BASE + "/new", data=product_form(**{field: value},
                                                                 motif="Lerek Parang"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page and 'value="Lerek Parang"' in page
    assert only_product(app) is None


def test_missing_weight_is_flagged_not_refused(app, owner_client):
    owner_client.post(BASE + "/new", data=product_form(weight_g=""))
    product = only_product(app)
    assert product.weight_g is None
    assert "semua marketplace memerlukannya" in owner_client.get(
        f"{BASE}/{product.id}").get_data(as_text=True)


def test_edit_duplicate_and_delete(app, owner_client):
    owner_client.post(BASE + "/new", data=product_form())
    product = only_product(app)
    form = owner_client.get(f"{BASE}/{product.id}/edit").get_data(as_text=True)
    assert 'value="Rp1.250.000"' not in form and 'value="1250000"' in form
    assert 'value="115,5"' in form
    owner_client.post(f"{BASE}/{product.id}/edit", data=product_form(name="Kain Lasem Baru"))
    assert only_product(app).name == "Kain Lasem Baru"
    copy = owner_client.post(f"{BASE}/{product.id}/duplicate", data={})
    with app.app_context():
        products = get_session().scalars(select(Product).order_by(Product.id)).all()
        assert [p.name for p in products] == ["Kain Lasem Baru", "Kain Lasem Baru (salinan)"]
        assert products[1].sku == "" and products[1].price == 1250000
        assert copy.headers["Location"] == f"{BASE}/{products[1].id}/edit"
    confirm = owner_client.get(f"{BASE}/{product.id}/delete")
    assert "tidak bisa dibatalkan" in confirm.get_data(as_text=True)
    assert owner_client.post(f"{BASE}/{product.id}/delete", data={}, csrf=False).status_code == 400
    owner_client.post(f"{BASE}/{product.id}/delete", data={})
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Product)) == 1


def test_a_double_tapped_save_makes_one_product(app, owner_client):
    """The new-product form carries a one-time token: the second tap finds the first product;
    a fresh form makes a new one."""
    import re

    form = owner_client.get(BASE + "/new").get_data(as_text=True)
    token = re.search(r'name="create_token" type="hidden" value="([^"]+)"', form).group(1)
    first = owner_client.post(BASE + "/new", data=product_form(create_token=token))
    second = owner_client.post(BASE + "/new", data=product_form(create_token=token))
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Product)) == 1
    other = re.search(r'name="create_token" type="hidden" value="([^"]+)"',
                      owner_client.get(BASE + "/new").get_data(as_text=True)).group(1)
    assert other != token
    owner_client.post(BASE + "/new", data=product_form(create_token=other))
    product_id = int(first.headers["Location"].rsplit("/", 1)[1])
    owner_client.post(f"{BASE}/{product_id}/duplicate", data={})  # copies never share a token
    with app.app_context():
        products = get_session().scalars(select(Product).order_by(Product.id)).all()
        assert [p.create_token for p in products] == [token, other, None]


def test_other_owners_get_404(app, client, auth, owner_client):
    owner_client.post(BASE + "/new", data=product_form())
    product = only_product(app)
    auth.switch_to_another_owner()
    for path in ("/", "/new", f"/{product.id}", f"/{product.id}/edit", f"/{product.id}/delete"):
        assert client.get(BASE + path).status_code == 404, path
    assert client.post(f"{BASE}/{product.id}/delete", data={}).status_code == 404
    assert client.post(f"{BASE}/{product.id}/duplicate", data={}).status_code == 404
    assert only_product(app) is not None


def test_product_text_is_escaped(app, owner_client):
    owner_client.post(BASE + "/new", data=product_form(name="<script>x</script>",
                                                       motif="{{7*7}}"))
    product = only_product(app)
    for path in ("/", f"/{product.id}", f"/{product.id}/edit"):
        page = owner_client.get(BASE + path).get_data(as_text=True)
        assert "<script>x" not in page


def test_stock_is_the_sum_of_the_variants(app, owner_client):
    """A shirt in M, L and XL: its stock is theirs added up; a different number is refused
    with the reason, and the owner's text stays."""
    sizes = {f"variants-{n}-{key}": value for n, (size, stock) in enumerate(
        (("M", "4"), ("L", "3"), ("XL", "5"))) for key, value in (("size", size),
                                                                ("stock", stock))}
    response = owner_client.post(BASE + "/new", data=product_form(stock="10", **sizes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "jumlah stok variannya (12)" in page
    assert 'value="10"' in page
    response = owner_client.post(BASE + "/new", data=product_form(stock="", **sizes))
    assert response.status_code == 302 and only_product(app).stock == 12


def test_the_parcel_is_separate_from_the_product_and_a_link_must_be_a_web_address(
        app, owner_client):
    parcel = {"parcel_weight_g": "400", "parcel_length_cm": "30", "parcel_width_cm": "25",
              "parcel_height_cm": "4", "link": "toko.example.id/kain-latohan"}
    assert owner_client.post(BASE + "/new", data=product_form(**parcel)).status_code == 302
    product = only_product(app)
    assert (product.parcel_weight_g, product.parcel_length_cm, product.parcel_width_cm,
            product.parcel_height_cm) == (400, 30.0, 25.0, 4.0)
    assert product.length_cm == 200.0 and product.weight_g == 300  # the cloth itself
    assert product.link == "https://toko.example.id/kain-latohan"
    response = owner_client.post(f"{BASE}/{product.id}/edit",
                                 data=product_form(link="javascript:alert(1)"))
    assert response.status_code == 422 and "http:// atau https://" in response.get_data(
        as_text=True)
    for link in ("https://[abc", "toko.example.id:port/kain", "http://[::1"):
        response = owner_client.post(f"{BASE}/{product.id}/edit", data=product_form(link=link))
        assert response.status_code == 422, link  # never a 500
    long_link = "toko.example.id/" + "k" * 284  # 300 typed, 308 once https:// is added
    response = owner_client.post(f"{BASE}/{product.id}/edit", data=product_form(link=long_link))
    assert response.status_code == 422 and "paling panjang 300 karakter" in response.get_data(
        as_text=True)
    assert only_product(app).link == "https://toko.example.id/kain-latohan"
