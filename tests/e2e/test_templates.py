"""On a phone: upload the seller centre's own template, pick a category from its list on the
product form, build the pack and open the filled template it holds."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.owners import add_product, create_brand, sign_up_and_log_in
from tests.packs import templates

# openpyxl, used here only to read the result, drops the template's x14 lists with a warning.
pytestmark = pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")


def test_upload_a_template_pick_a_category_and_open_the_filled_sheet(page: Page, check_a11y,
                                                                      tmp_path):
    sign_up_and_log_in(page)
    create_brand(page)
    add_product(page, "Kain Tenun Uji")
    product_url = page.url

    # The Template page: one section per marketplace, each saying where its template comes from.
    page.get_by_role("navigation", name="Menu merek").get_by_role("link", name="Template").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Template unggah massal Anda")
    check_a11y(page)
    section = page.locator("section#tokopedia")
    expect(section).to_contain_text("Tambah Produk Massal")
    template = tmp_path / "Template_Tokopedia.xlsx"
    template.write_bytes(templates.tokopedia())
    section.get_by_label("File template (.xlsx) dari Seller Center").set_input_files(template)
    section.get_by_label("Catatan versi (boleh dikosongkan)").fill("23 kolom, Desember 2026")
    section.get_by_role("button", name="Unggah template").click()
    expect(page.get_by_role("status").first).to_contain_text("Template Tokopedia tersimpan")
    section = page.locator("section#tokopedia")
    expect(section).to_contain_text("Template_Tokopedia.xlsx")
    expect(section).to_contain_text("23 kolom, Desember 2026")
    check_a11y(page)

    # The product form offers the template's own categories; a value from elsewhere is refused.
    page.goto(product_url + "/edit")
    page.locator("summary", has_text="Kategori di tiap marketplace").click()
    page.locator("summary", has_text="Paket untuk pengiriman").click()
    category = page.get_by_label("Kategori Tokopedia")
    options = page.locator("datalist#kategori-tokopedia option")
    expect(options).to_have_count(len(templates.TOKOPEDIA_CODES))
    code = str(templates.TOKOPEDIA_CODES[1])
    assert code in [options.nth(n).get_attribute("value") for n in range(options.count())]
    page.get_by_label("Berat paket (gram)").fill("400")
    category.fill("Kain")
    page.get_by_role("button", name="Simpan produk").click()
    expect(page.get_by_text("Pilih kategori dari daftar template Anda.")).to_be_visible()
    expect(page.get_by_label("Berat paket (gram)")).to_have_value("400")  # nothing typed is lost
    check_a11y(page)
    page.get_by_label("Kategori Tokopedia").fill(code)
    page.get_by_role("button", name="Simpan produk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kain Tenun Uji")

    # A pack for Tokopedia only holds the template, filled in under its own headers.
    page.get_by_role("navigation", name="Menu merek").get_by_role("link", name="Paket").click()
    channels = page.get_by_role("group", name="Kanal")
    for box in channels.get_by_role("checkbox").all():
        box.uncheck()
    channels.get_by_role("checkbox", name="Tokopedia").check()
    page.get_by_role("button", name="Buat paket").click()
    expect(page).to_have_url(re.compile(r"/packs/\d+$"))
    download_link = page.get_by_role("link", name="Unduh paket (.zip)")
    expect(download_link).to_be_visible(timeout=60_000)
    # no photo links without a public address: the page says the pack is not ready, and why
    expect(page.get_by_role("status").first).to_contain_text("belum semuanya siap diunggah")
    expect(page.get_by_role("main")).to_contain_text("Foto Produk 1*")
    check_a11y(page)
    with page.expect_download() as info:
        download_link.click()
    archive_path = tmp_path / "paket.zip"
    info.value.save_as(archive_path)
    with zipfile.ZipFile(archive_path) as archive:
        assert "tokopedia/tokopedia-lembar-bantu.xlsx" not in archive.namelist()
        sheet = openpyxl.load_workbook(
            archive.open("tokopedia/tokopedia-template-terisi.xlsx"))["ISI Template Impor Produk"]
    headers = [cell.value for cell in sheet[2]]
    row = dict(zip(headers, (cell.value for cell in sheet[4]), strict=True))
    assert row["Kode Kategori*"] == code
    assert str(row["Berat* (Gram)"]) == "400"
    assert "Kain Tenun" in row["Nama Produk*"]
    assert sheet["B3"].value.startswith("Masukkan nama produk")  # the guidance row is kept
