"""On a phone: open a product's listings, push the Shopee title past its limit, see the live
counter and the blocking finding, fix the title and see the light turn green."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests import images
from tests.e2e.owners import sign_up_and_log_in

TOO_LONG = ("Kain Batik Tulis Lasem Motif Latohan Merah Krem Pesisiran Jawa Tengah Dicanting "
            "Tangan oleh Ibu Sari dan Dua Belas Pembatik Desa Babagan dengan Pewarna Alam Mori "
            "Primissima Halus Panjang Dua Meter Lebar Satu Meter untuk Kebaya Selendang Hantaran "
            "Acara Adat Lamaran Pernikahan")
FIXED = "Kain Batik Tulis Lasem Motif Latohan Merah Mori Primissima 200 x 115 cm"


def create_product_with_a_photo(page: Page) -> None:
    """Create a brand and a product that marketplaces accept, with one photo."""
    page.get_by_role("link", name="Buat merek baru").click()
    page.get_by_label("Nama merek").fill(f"Batik Uji {uuid.uuid4().hex[:6]}")
    page.get_by_label("Kota atau kabupaten").fill("Lasem")
    page.get_by_role("button", name="Simpan", exact=True).click()

    page.get_by_role("navigation", name="Menu merek").get_by_role("link", name="Produk").click()
    page.get_by_role("link", name="Tambah produk").click()
    page.get_by_label("Nama produk").fill("Kain Batik Tulis Latohan Merah")
    page.locator("summary", has_text="Detail produk").click()  # sections open on a tap
    page.get_by_label("Jenis produk").fill("Kain")
    page.get_by_label("Teknik", exact=True).select_option("batik_tulis")
    page.locator("summary", has_text="Warna dan ukuran produk").click()
    page.get_by_label("Berat produk (gram)").fill("300")
    page.locator("summary", has_text="Paket untuk pengiriman").click()
    page.get_by_label("Berat paket (gram)").fill("400")  # the parcel Shopee ships
    page.locator("#price").fill("1.250.000")  # the variant rows have the same labels
    page.locator("summary", has_text="Stok, SKU dan tautan").click()
    page.locator("#stock").fill("3")
    page.get_by_label("SKU (kode barang)").fill("BSL-001")
    page.get_by_role("button", name="Simpan produk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kain Batik Tulis Latohan Merah")

    page.get_by_role("link", name=re.compile(r"^Foto produk")).click()
    page.get_by_label("Pilih foto dari galeri atau ambil dengan kamera").set_input_files([
        {"name": "kain.jpg", "mimeType": "image/jpeg", "buffer": images.photo_jpeg(800, 800)}])
    page.get_by_role("button", name="Unggah foto").click()
    expect(page.get_by_role("status").first).to_contain_text("1 foto tersimpan")
    page.get_by_role("link", name="Kain Batik Tulis Latohan Merah").click()


def test_edit_a_shopee_title_past_the_limit_then_fix_it(page: Page, check_a11y):
    sign_up_and_log_in(page)
    create_product_with_a_photo(page)

    page.get_by_role("link", name="Teks listing per kanal", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teks listing per kanal")
    shopee_card = page.locator(".channel-card").filter(
        has=page.get_by_role("heading", name="Shopee", exact=True))
    expect(shopee_card).to_contain_text("Hijau: siap diunggah")
    expect(page.locator(".channel-card")).to_have_count(10)
    check_a11y(page)

    page.get_by_role("link", name="Shopee", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teks Shopee")
    readiness = page.locator(".readiness")
    expect(readiness).to_contain_text("Hijau: siap diunggah")
    title = page.get_by_role("textbox", name="Judul")
    counter = page.locator("#title-text-count")
    expect(counter).to_have_text(re.compile(r"^\d+/255$"))
    check_a11y(page)

    title.fill(TOO_LONG)
    assert len(TOO_LONG) > 255
    expect(counter).to_have_text(f"{len(TOO_LONG)}/255")  # live, before saving
    expect(counter).to_have_class(re.compile(r"\bcounter--over\b"))
    page.get_by_role("button", name="Simpan Judul").click()

    expect(page.get_by_role("status").first).to_contain_text("Teks Anda disimpan")
    expect(title).to_have_value(TOO_LONG)  # kept whole, never cut
    expect(counter).to_have_class(re.compile(r"\bcounter--over\b"))
    finding = page.locator("#title-text-findings .finding--block")
    expect(finding).to_contain_text(f"Judul {len(TOO_LONG)} karakter; batas Shopee 255 karakter.")
    expect(finding).to_contain_text("Buang kata yang paling tidak penting sampai pas.")
    expect(readiness).to_contain_text("Merah: ada yang memblokir")
    check_a11y(page)

    title.fill(FIXED)
    expect(counter).to_have_text(f"{len(FIXED)}/255")
    expect(counter).not_to_have_class(re.compile(r"\bcounter--over\b"))
    page.get_by_role("button", name="Simpan Judul").click()
    expect(readiness).to_contain_text("Hijau: siap diunggah")
    expect(title).to_have_value(FIXED)
    expect(page.locator("#title-text-findings")).to_contain_text("Tidak ada temuan")

    page.get_by_role("link", name="Semua kanal").click()
    expect(shopee_card).to_contain_text("Hijau: siap diunggah")
    expect(shopee_card).to_contain_text(FIXED)
