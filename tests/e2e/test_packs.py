"""On a phone: build the demo brand's listing pack, watch the progress bar reach 100%, download
the ZIP and open its index.html."""

from __future__ import annotations

import json
import re
import zipfile

from playwright.sync_api import Page, expect

from tests.e2e.owners import log_in


def test_build_download_and_open_the_demo_pack(page: Page, demo_account, check_a11y, tmp_path):
    log_in(page, demo_account["email"], demo_account["password"])

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
    # The pack page draws each channel folder: small thumbnails of its photos, its files.
    thumbnails = page.locator(".pack-grid img")
    assert thumbnails.count() == len([name for name in names if name.endswith(".jpg")])
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=thumbnails.first.element_handle())
    check_index_on_a_phone(page, folder, check_a11y)


#: The closed index.html of the demo pack (3 products on each of the 10 channels of channels.toml,
#: since the demo brand chose none, and its story) fits in about three phone screens.
MAX_CLOSED_HEIGHT = 2_400


def check_index_on_a_phone(page: Page, folder, check_a11y) -> None:
    """Open the pack's index.html from the unzipped folder at 360 px: closed it is short, a
    product opens with its photos, its copy button puts the text on the clipboard, and axe finds
    nothing serious."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto((folder / "index.html").as_uri())
    assert page.viewport_size["width"] == 360
    expect(page.locator("h1")).to_contain_text("Batik Sekar Lasem")
    channels = page.locator("details.channel")
    expect(channels).to_have_count(len(manifest["channels"]) + 1)  # and the brand story
    expect(page.locator("details.product")).to_have_count(
        len(manifest["channels"]) * len(manifest["products"]))
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= MAX_CLOSED_HEIGHT, f"the closed page is {height} px tall"
    check_a11y(page)

    channels.first.locator(":scope > summary").click()
    product = channels.first.locator("details.product").first
    product.locator(":scope > summary").click()
    photo = product.locator(".photos img").first
    photo.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=photo.element_handle())
    title = product.locator("textarea").first
    button = product.get_by_role("button", name="Salin Judul")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    button.click()
    expect(product.get_by_role("button").first).to_have_text("Tersalin")
    expect(page.get_by_role("status")).to_have_text("Judul: Tersalin")
    assert page.evaluate("navigator.clipboard.readText()") == title.input_value()
    check_a11y(page)

    # Where the Clipboard API is missing (some browsers on file:// pages), the button copies by
    # selecting the field: the clipboard, read through the API kept aside, holds the text.
    page.evaluate("window.keptClipboard = navigator.clipboard;"
                  "delete Navigator.prototype.clipboard")
    description = product.locator("textarea").nth(1)
    product.get_by_role("button", name="Salin Deskripsi").click()
    expect(page.get_by_role("status")).to_have_text("Deskripsi: Tersalin")
    assert page.evaluate("window.keptClipboard.readText()") == description.input_value()
