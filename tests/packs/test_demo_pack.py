"""The demo brand's pack, built from the command line as an owner's trainer would: without a
template, with the owner's template, and with a main photo that is too small. Every file that
says whether a channel is ready says the truth."""

from __future__ import annotations

import json
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from tests.packs import templates
from webapp.db import get_session, transaction
from webapp.media import media_store
from webapp.models import Brand, Photo, Product
from webapp.packs.uploads import courier_choices, set_couriers, store_template

DEMO = "contoh"
#: The demo brand's products (the demo class's other brands have their own).
DEMO_PRODUCTS = select(Product).join(Brand, Brand.id == Product.brand_id).where(
    Brand.slug == DEMO)
# openpyxl, used here only to read the result, drops the templates' x14 lists with a warning.
pytestmark = pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")


def build(app, tmp_path, *options: str) -> zipfile.ZipFile:
    """Run `pack build` for the demo brand and open the ZIP it wrote."""
    out = tmp_path / "paket.zip"
    result = app.test_cli_runner().invoke(args=[
        "pack", "build", "--brand", DEMO, "--out", str(out), *options])
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(out)


def readiness(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("manifest.json"))["readiness"]


def test_the_demo_pack_states_its_readiness_truthfully(app, tmp_path):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        products = get_session().scalars(DEMO_PRODUCTS.order_by(Product.id)).all()
        assert all(product.parcel_weight_g for product in products)  # the demo ships parcels
        assert any(len(product.variants or []) > 1 for product in products)
        rows_expected = sum(max(1, len(product.variants or [])) for product in products)

    # Without a template: Shopee is ready to add by hand (its category is recommended by Shopee
    # itself) and says its sheet is a helper; Tokopedia needs a category from its template.
    archive = build(app, tmp_path, "--channels", "shopee,tokopedia")
    state = readiness(archive)
    assert state["shopee"]["ready"] is True and state["shopee"]["sheet"] == "helper"
    assert state["tokopedia"]["ready"] is False and len(state["tokopedia"]["blocked_products"]) == 3
    shopee = archive.read("shopee/PERIKSA.txt").decode()
    assert "SIAP UNGGAH: tidak ada yang memblokir" in shopee
    assert "unggah dulu template resmi Shopee di halaman Template" in shopee
    tokopedia = archive.read("tokopedia/PERIKSA.txt").decode()
    assert tokopedia.count("BELUM SIAP UNGGAH: 3 produk masih punya temuan yang memblokir.") == 1
    assert "Kategori Tokopedia dipilih dari daftar" in tokopedia
    assert "\nSIAP UNGGAH" not in tokopedia

    # With the owner's Tokopedia template and a category on every product: the filled template
    # has one row per variant under the same name, but the pack has no public photo links and
    # Tokopedia's couriers are the owner's to fill, so it says which required columns are empty.
    path = tmp_path / "tokopedia.xlsx"
    path.write_bytes(templates.tokopedia())
    code = str(templates.TOKOPEDIA_CODES[1])
    with app.app_context(), transaction() as session:
        for product in session.scalars(DEMO_PRODUCTS):
            product.categories = {"tokopedia": code}
    archive = build(app, tmp_path, "--channels", "tokopedia", "--template", f"tokopedia={path}")
    empty = ["Foto Produk 1*", "Kurir Pengiriman*", "Asuransi Pengiriman*"]
    assert readiness(archive)["tokopedia"] == {"ready": False, "blocked_products": [],
                                              "unfilled_columns": empty, "sheet": "template"}
    checklist = archive.read("tokopedia/PERIKSA.txt").decode()
    assert ("BELUM SIAP UNGGAH: 3 kolom wajib template masih kosong (Foto Produk 1*, Kurir "
            "Pengiriman*, Asuransi Pengiriman*)." in checklist)
    sheet = openpyxl.load_workbook(archive.open("tokopedia/tokopedia-template-terisi.xlsx"))
    rows = [row for row in sheet["ISI Template Impor Produk"].iter_rows(min_row=4,
                                                                       values_only=True)
            if any(value not in (None, "") for value in row)]
    assert len(rows) == rows_expected
    assert all(code in [str(value) for value in row] for row in rows)


def test_the_demo_pack_with_its_template_couriers_and_photo_links_is_ready(app_factory,
                                                                           tmp_path):
    app = app_factory(JOBS_MODE="inline", PUBLIC_URL="https://cerita.example.id")
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        brand = get_session().scalar(select(Brand).where(Brand.slug == DEMO))
        template = store_template(brand, "shopee", templates.shopee(weight="Berat (gram)"),
                                  "shopee.xlsx", "", media_store())
        set_couriers(template, [key for key, _label in courier_choices(template)][:2])
    archive = build(app, tmp_path, "--channels", "shopee", "--public-links")
    assert readiness(archive)["shopee"] == {"ready": True, "blocked_products": [],
                                           "unfilled_columns": [], "sheet": "template"}
    checklist = archive.read("shopee/PERIKSA.txt").decode()
    assert "SIAP UNGGAH: tidak ada yang memblokir produk di Shopee." in checklist
    assert "BELUM" not in checklist and "halaman Template" not in checklist.split("\n")[2]
    sheet = openpyxl.load_workbook(archive.open("shopee/shopee-template-terisi.xlsx"))["Template"]
    keys = [str(cell.value or "").split("|")[0] for cell in sheet[1]]
    column = keys.index("ps_item_cover_image") + 1
    covers = [row[0] for row in sheet.iter_rows(min_row=7, min_col=column, max_col=column,
                                                values_only=True) if row[0]]
    assert covers and all(cover.startswith("https://cerita.example.id/images/")
                          for cover in covers)


def test_a_main_photo_below_the_minimum_is_never_called_ready(app, tmp_path):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context(), transaction() as session:
        first = session.scalar(DEMO_PRODUCTS.order_by(Product.id))
        main = session.scalar(select(Photo).where(Photo.product_id == first.id)
                              .order_by(Photo.position))
        main.width, main.height = 451, 300
    archive = build(app, tmp_path, "--channels", "shopee")
    state = readiness(archive)["shopee"]
    assert state["ready"] is False and state["blocked_products"] == [
        "01-kain-batik-tulis-lasem-motif-latohan"]
    checklist = archive.read("shopee/PERIKSA.txt").decode()
    assert "BELUM SIAP UNGGAH: 1 produk" in checklist
    assert "451 × 300 piksel, di bawah batas Shopee 500 × 500" in checklist
