"""On a phone: from the demo brand's page to its print files: choose hang tags, see nothing is too
long, download the PDF; a label sheet whose size is only an estimate says so."""

from __future__ import annotations

import io
import re

import pypdf
from playwright.sync_api import Page, expect

from tests.e2e.owners import log_in


def test_print_hang_tags_and_a_label_test_page_from_a_phone(page: Page, demo_account,
                                                            check_a11y, tmp_path):
    log_in(page, demo_account["email"], demo_account["password"])
    page.goto("/brands/contoh")
    page.get_by_role("link", name=re.compile("^Cetak")).first.click()
    expect(page).to_have_url(re.compile(r"/brands/contoh/print/"))
    check_a11y(page)

    main = page.get_by_role("main")
    main.get_by_label("Ukuran (hang tag atau label)").select_option("tag_7x7")
    main.get_by_label("Jumlah hang tag per produk").fill("2")
    main.get_by_text("Cetak harga di hang tag").click()
    main.get_by_role("button", name="Periksa pilihan").click()
    expect(page).to_have_url(re.compile(r"size=tag_7x7"))
    expect(main.get_by_role("alert")).to_have_count(0)  # nothing of the demo is too long
    with page.expect_download() as info:
        main.get_by_role("link", name="Unduh PDF").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "contoh-tags-tag_7x7.pdf"
    document = pypdf.PdfReader(io.BytesIO(saved.read_bytes()))
    # 3 products x 2 copies of a 7 x 7 cm tag: six fit an A4 page (2 x 3), fronts then backs
    assert len(document.pages) == 2
    text = " ".join(document.pages[1].extract_text().split())
    assert "Pindai untuk memesan lewat WhatsApp." in text and "Rp" in text

    main.get_by_text("Label stiker", exact=True).click()
    main.get_by_label("Ukuran (hang tag atau label)").select_option("tj_121")
    main.get_by_text("halaman uji dengan garis tepi").click()
    main.get_by_role("button", name="Periksa pilihan").click()
    expect(main.get_by_text("jarak antarlabelnya masih perkiraan")).to_be_visible()
    check_a11y(page)
    with page.expect_download() as info:
        main.get_by_role("link", name="Unduh PDF").click()
    assert info.value.suggested_filename == "contoh-labels-tj_121-uji.pdf"
