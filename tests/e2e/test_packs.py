"""On a phone: build the demo brand's listing pack, watch the progress bar reach 100%, download
the ZIP and open its index.html."""

from __future__ import annotations

import re
import zipfile

from playwright.sync_api import Page, expect


def test_build_download_and_open_the_demo_pack(page: Page, demo_account, check_a11y, tmp_path):
    page.goto("/login")
    main = page.get_by_role("main")
    main.get_by_label("Email", exact=True).fill(demo_account["email"])
    main.get_by_label("Kata sandi", exact=True).fill(demo_account["password"])
    main.get_by_role("button", name="Masuk", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))

    page.goto("/brands/contoh/packs/")
    check_a11y(page)
    page.get_by_role("button", name="Buat paket").click()
    expect(page).to_have_url(re.compile(r"/brands/contoh/packs/\d+$"))
    check_a11y(page)
    # The page follows the job without a reload until it is done.
    download_link = page.get_by_role("link", name="Unduh paket (.zip)")
    expect(download_link).to_be_visible(timeout=60_000)
    check_a11y(page)

    with page.expect_download() as info:
        download_link.click()
    zip_path = tmp_path / info.value.suggested_filename
    info.value.save_as(zip_path)
    # the browser takes the UTF-8 name (filename*), which keeps the brand's own name
    assert re.fullmatch(r"Studio Cerita - Batik Sekar Lasem - \d{4}-\d{2}-\d{2}\.zip",
                        zip_path.name)
    folder = tmp_path / "paket"
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        assert "index.html" in names and "manifest.json" in names
        archive.extractall(folder)
    page.goto((folder / "index.html").as_uri())
    expect(page.locator("h1")).to_contain_text("Batik Sekar Lasem")
    images = page.locator("img")
    assert images.count() > 0
    first = images.first
    first.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=first.element_handle())
