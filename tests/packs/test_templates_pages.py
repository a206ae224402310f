"""The owner's own seller-centre templates on the web and on the command line: upload, refuse,
replace, remove, couriers, a category from the template's list, a pack that fills the file."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from tests.factories import create_brand, create_user, product_form
from tests.packs import templates
from webapp.db import get_session, transaction
from webapp.models import ChannelTemplate, PackJob, Product
from webapp.packs.workbooks import courier_keys, read_template
from webapp.products.service import create_product

BRAND = "/brands/batik-sekar-lasem"


@pytest.fixture
def app(app_factory):
    """Jobs run inline: the request returns after the pack is built."""
    return app_factory(JOBS_MODE="inline")


@pytest.fixture
def owner_client(app, client, auth):
    """The owner of a brand that sells on Shopee and Tokopedia, with one product."""
    owner = auth.create()
    with app.app_context():
        brand = create_brand(owner, channels=["shopee", "tokopedia"])
        create_product(brand, {"name": "Kain Lasem", "price": 150000, "parcel_weight_g": 400,
                               "technique": "batik_tulis"})
    auth.login()
    return client


def upload(client, channel: str, data: bytes, name: str = "template.xlsx", note: str = ""):
    """Send a template through the channel's upload form."""
    return client.post(f"{BRAND}/packs/templates/{channel}", content_type="multipart/form-data",
                       data={f"{channel}-file": (io.BytesIO(data), name),
                             f"{channel}-note": note})


def stored(app) -> dict[str, ChannelTemplate]:
    """The stored templates by channel."""
    with app.app_context():
        rows = get_session().scalars(select(ChannelTemplate)).all()
        for row in rows:
            get_session().expunge(row)
        return {row.channel_id: row for row in rows}


def test_a_template_is_read_kept_and_shown(app, owner_client):
    response = upload(owner_client, "shopee", templates.shopee(), "Shopee_basic.xlsx",
                      "Template Dasar, Desember 2026")
    assert response.status_code == 302
    row = stored(app)["shopee"]
    assert row.file_name == "Shopee_basic.xlsx" and row.note == "Template Dasar, Desember 2026"
    assert row.shape["sheet"] == "Template" and row.shape["first_data_row"] == 7
    page = owner_client.get(f"{BRAND}/packs/templates").get_data(as_text=True)
    assert "Shopee_basic.xlsx" in page and "data mulai baris 7" in page
    assert "Jasa kirim yang Anda pakai" in page  # the template's own courier columns
    # every template channel says where its seller centre gives the template
    assert "Mass Upload &gt; Download Template" in page and "Batch Upload" in page
    assert "Tambah Produk Massal" in page and "9 Juni 2025" in page


def test_a_file_that_is_not_a_template_is_refused_with_a_reason_and_nothing_kept(
        app, owner_client):
    for data in (b"bukan file excel", templates.no_key_row(), templates.zip_bomb()):
        response = upload(owner_client, "shopee", data)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert 'class="field__error"' in page
    assert "Baris kode sistem tidak ditemukan" in upload(
        owner_client, "shopee", templates.no_key_row()).get_data(as_text=True)
    assert stored(app) == {}
    assert owner_client.post(f"{BRAND}/packs/templates/lazada", data={}).status_code == 404


def test_couriers_are_chosen_from_the_template_and_a_new_upload_keeps_them(app, owner_client):
    upload(owner_client, "shopee", templates.shopee())
    keys = [key for key, _header in courier_keys(read_template(templates.shopee(), "shopee"))]
    assert keys
    forged = owner_client.post(f"{BRAND}/packs/templates/shopee/couriers",
                               data={"shopee-couriers": [keys[0], "channel_id.9999"]})
    assert forged.status_code == 422  # only the template's own couriers can be chosen
    assert 'class="field__error"' in forged.get_data(as_text=True)
    assert stored(app)["shopee"].couriers == []
    response = owner_client.post(f"{BRAND}/packs/templates/shopee/couriers",
                                 data={"shopee-couriers": [keys[0]]})
    assert response.status_code == 302
    assert stored(app)["shopee"].couriers == [keys[0]]
    upload(owner_client, "shopee", templates.shopee(weight="Berat (gram)"))
    assert stored(app)["shopee"].couriers == [keys[0]]


def test_a_category_is_picked_from_the_templates_own_list(app, owner_client):
    upload(owner_client, "tokopedia", templates.tokopedia())
    form = owner_client.get(f"{BRAND}/products/1/edit").get_data(as_text=True)
    assert 'id="category_tokopedia"' in form and 'list="kategori-tokopedia"' in form
    assert f'<option value="{templates.TOKOPEDIA_CODES[0]}">' in form
    base = product_form(name="Kain Lasem", price="150000", parcel_weight_g="400")
    response = owner_client.post(f"{BRAND}/products/1/edit",
                                 data={**base, "category_tokopedia": "bukan kode"})
    assert response.status_code == 422 and "Pilih kategori dari daftar" in response.get_data(
        as_text=True)
    code = str(templates.TOKOPEDIA_CODES[2])
    assert owner_client.post(f"{BRAND}/products/1/edit",
                             data={**base, "category_tokopedia": code}).status_code == 302
    with app.app_context():
        assert get_session().scalar(select(Product.categories)) == {"tokopedia": code}
    # the template goes; saving the product later keeps the category chosen from it
    owner_client.post(f"{BRAND}/packs/templates/tokopedia/remove", data={})
    assert 'id="category_tokopedia"' not in owner_client.get(f"{BRAND}/products/1/edit").get_data(
        as_text=True)
    assert owner_client.post(f"{BRAND}/products/1/edit",
                             data={**base, "price": "175000"}).status_code == 302
    with app.app_context():
        assert get_session().scalar(select(Product.categories)) == {"tokopedia": code}
    upload(owner_client, "tokopedia", templates.tokopedia())  # and "" clears it
    assert owner_client.post(f"{BRAND}/products/1/edit",
                             data={**base, "category_tokopedia": ""}).status_code == 302
    with app.app_context():
        assert get_session().scalar(select(Product.categories)) == {}


def test_a_pack_fills_the_owners_template_by_key(app, owner_client):
    upload(owner_client, "tokopedia", templates.tokopedia())
    with app.app_context(), transaction() as session:
        product = session.scalar(select(Product))
        product.categories = {"tokopedia": str(templates.TOKOPEDIA_CODES[0])}
    owner_client.post(BRAND + "/packs/", data={"products": ["1"], "channels": ["tokopedia"],
                                               "language": "id"})
    with app.app_context():
        job = get_session().scalar(select(PackJob))
        job_id, readiness = job.id, job.readiness
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(
        f"{BRAND}/packs/{job_id}/download").data))
    filled = archive.read("tokopedia/tokopedia-template-terisi.xlsx")
    shape = read_template(filled, "tokopedia")
    assert shape.sheet == "ISI Template Impor Produk"
    sheet = openpyxl.load_workbook(io.BytesIO(filled))[shape.sheet]
    headers = [cell.value for cell in sheet[2]]
    row = {header: cell.value for header, cell in zip(headers, sheet[4], strict=False)}
    assert row["Nama Produk*"] and str(row["Kode Kategori*"]) == str(
        templates.TOKOPEDIA_CODES[0])
    assert "TEMPLATE ANDA, SUDAH DIISI" in archive.read("tokopedia/PERIKSA.txt").decode()
    assert set(readiness) == {"tokopedia"}


def test_removing_a_template_brings_back_the_helper_sheet(app, owner_client):
    upload(owner_client, "shopee", templates.shopee())
    assert owner_client.post(f"{BRAND}/packs/templates/shopee/remove", data={}).status_code == 302
    assert stored(app) == {}


def test_another_owner_cannot_see_or_change_the_templates(app, client, auth, owner_client):
    upload(owner_client, "shopee", templates.shopee())
    auth.switch_to_another_owner()
    assert client.get(f"{BRAND}/packs/templates").status_code == 404
    assert upload(client, "shopee", templates.shopee()).status_code == 404
    assert client.post(f"{BRAND}/packs/templates/shopee/remove", data={}).status_code == 404
    assert "shopee" in stored(app)


# --- the command line ---------------------------------------------------------------------------

def test_sheet_read_says_what_the_template_holds(app, runner, tmp_path):
    path = tmp_path / "shopee.xlsx"
    path.write_bytes(templates.shopee(weight="Berat (gram)"))
    result = runner.invoke(args=["sheet", "read", "--channel", "shopee", "--template",
                                 str(path), "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["sheet"] == "Template" and found["first_data_row"] == 7
    assert "ps_product_name" in found["keys"] and found["lists"]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(templates.no_key_row())
    result = runner.invoke(args=["sheet", "read", "--channel", "shopee", "--template", str(bad)])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    result = runner.invoke(args=["sheet", "read", "--channel", "etsy", "--template", str(path)])
    assert result.exit_code == 1 and "--channel must be one of" in result.stderr


def test_sheet_fill_writes_the_brands_products_into_the_template(app, runner, tmp_path):
    with app.app_context():
        owner = create_user()
        brand = create_brand(owner, channels=["tiktok_shop"])
        create_product(brand, {"name": "Kain Lasem", "price": 150000, "parcel_weight_g": 400,
                               "technique": "batik_tulis"})
    path, out = tmp_path / "tiktok.xlsx", tmp_path / "hasil" / "tiktok-terisi.xlsx"
    path.write_bytes(templates.tiktok())
    result = runner.invoke(args=["sheet", "fill", "--brand", "batik-sekar-lasem", "--channel",
                                 "tiktok_shop", "--template", str(path), "--out", str(out),
                                 "--json"])
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.output)
    assert outcome["rows"] == 1 and "product_name" in outcome["filled"]
    assert "parcel_weight" in outcome["filled"]
    assert read_template(out.read_bytes(), "tiktok_shop").sheet == "Template"


def test_pack_build_takes_a_template_and_public_links(app_factory, tmp_path):
    app = app_factory(JOBS_MODE="inline", PUBLIC_URL="https://cerita.example.id")
    with app.app_context():
        owner = create_user()
        brand = create_brand(owner, channels=["shopee"])
        create_product(brand, {"name": "Kain Lasem", "price": 150000, "parcel_weight_g": 400})
    path, out = tmp_path / "shopee.xlsx", tmp_path / "paket.zip"
    path.write_bytes(templates.shopee(weight="Berat (gram)"))
    result = app.test_cli_runner().invoke(args=[
        "pack", "build", "--brand", "batik-sekar-lasem", "--out", str(out), "--template",
        f"shopee={path}", "--public-links"])
    assert result.exit_code == 0, result.output
    assert "shopee/shopee-template-terisi.xlsx" in zipfile.ZipFile(out).namelist()
    result = app.test_cli_runner().invoke(args=[
        "pack", "build", "--brand", "batik-sekar-lasem", "--out", str(out), "--template",
        "tokopedia=nope.xlsx"])
    assert result.exit_code == 1 and "CHANNEL=FILE.xlsx" in result.stderr


def test_a_template_whose_category_list_cannot_be_read_takes_a_typed_code(app, owner_client):
    """An INDIRECT list is never followed: the product form offers a plain field, so the owner
    can still clear the "category missing" block."""
    upload(owner_client, "tokopedia", templates.tokopedia(categories='INDIRECT("Kategori")'))
    form = owner_client.get(f"{BRAND}/products/1/edit").get_data(as_text=True)
    assert 'id="category_tokopedia"' in form and "kategori-tokopedia" not in form
    assert "Daftar kategori di template Anda tidak terbaca" in form
    base = product_form(name="Kain Lasem", price="150000", parcel_weight_g="400")
    assert owner_client.post(f"{BRAND}/products/1/edit",
                             data={**base, "category_tokopedia": "1759"}).status_code == 302
    with app.app_context():
        assert get_session().scalar(select(Product.categories)) == {"tokopedia": "1759"}

