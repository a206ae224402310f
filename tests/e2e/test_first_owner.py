"""A first-time owner on a 360 x 780 phone: from the landing page to a downloaded listing pack,
following only the primary buttons (the one filled button a page offers, or its "next step").

Every page on the way is measured, and fails past three phone screens (2,400 CSS px), and is
checked with axe-core. The walk runs twice: with JavaScript, and without it (every page on the
path works without; the pack page is refreshed by hand, as its "Perbarui" link offers; axe-core,
a script itself, runs in the first walk).
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.images import photo_jpeg

PHONE = {"width": 360, "height": 780}
HEIGHT_BUDGET = 2_400
PASSWORD = "kain tenun pasar pagi"
#: The text an owner types into a required story answer the walk meets empty.
ANSWER = "Mama Rambu menenun kain ini bersama lima penenun di Rende sejak 2009."


class Walk:
    """The phone, the pages seen, and their heights."""

    def __init__(self, page: Page, check_a11y, javascript: bool, shots: Path) -> None:
        self.page, self.check_a11y, self.javascript = page, check_a11y, javascript
        self.shots = shots  # a page past the budget is kept as a picture to look at
        self.heights: dict[str, int] = {}

    def seen(self) -> None:
        """Measure the page as it opens (its sections closed, every help text of the open
        part shown) and check it with axe-core."""
        self.page.wait_for_load_state("load")
        height = self.page.evaluate("document.documentElement.scrollHeight")
        path = re.sub(r"\d+", "N", self.page.url.split("//", 1)[1].split("/", 1)[1])
        self.heights[path] = max(height, self.heights.get(path, 0))
        if height > HEIGHT_BUDGET:
            self.page.screenshot(path=self.shots / "too-tall.png", full_page=True)
        assert height <= HEIGHT_BUDGET, f"{self.page.url} is {height} px tall at 360 px"
        if self.javascript:  # axe-core is itself a script: it runs in the walk with JavaScript
            self.check_a11y(self.page)

    def primary(self):
        """The page's primary button: its next step when it ends with one, else the one
        filled (not quiet) button or link in the main content."""
        main = self.page.locator("main")
        following = main.locator(".next-step a.button")
        if following.count():
            return following.first
        return main.locator("a.button:not(.button--quiet):not(.button--danger), "
                            "button.button:not(.button--quiet):not(.button--danger)").first

    def go_on(self) -> None:
        """Press the primary button and look at the page it leads to."""
        self.primary().click()
        self.seen()


def open_section(page: Page, title: str) -> None:
    """Open a form section (a <details>) by its summary."""
    page.locator("summary", has_text=title).first.click()


def fill_required_answers(page: Page) -> None:
    """Type an answer into each required story field left empty."""
    fields = page.locator("main textarea[aria-required=true], main input[aria-required=true]")
    for index in range(fields.count()):
        field = fields.nth(index)
        if field.is_visible() and not field.input_value():
            field.fill(ANSWER)


def sign_up(walk: Walk) -> None:
    page = walk.page
    page.goto("/")
    walk.seen()
    walk.go_on()  # "Mulai gratis"
    expect(page).to_have_url(re.compile(r"/register$"))
    page.get_by_label("Nama Anda").fill("Mama Rambu Uji")
    page.get_by_label("Email", exact=True).fill(f"rambu.{uuid.uuid4().hex[:10]}@contoh.id")
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    walk.go_on()  # "Daftar": straight to the dashboard, no second login
    expect(page).to_have_url(re.compile(r"/dashboard$"))


def make_brand(walk: Walk) -> None:
    page = walk.page
    walk.go_on()  # "Buat merek baru"
    page.get_by_label("Nama merek").fill(f"Tenun Rende {uuid.uuid4().hex[:6]}")
    page.get_by_label("Jenis kerajinan utama").select_option("tenun")
    page.get_by_label("Kota atau kabupaten").fill("Sumba Timur")
    page.get_by_label("Provinsi").select_option("Nusa Tenggara Timur")
    open_section(page, "Teknik")
    technique = page.get_by_label("Tenun ikat lungsi", exact=True)
    if not technique.is_visible():  # without JavaScript the chips keep the page's first order
        page.locator("details:has(#techniques-0) summary", has_text="Lainnya").click()
    technique.check()
    open_section(page, "Kategori")
    page.locator("input[name=category][value=fashion]").check()
    open_section(page, "Jualan dan kontak")
    for channel in ("Shopee", "Tokopedia", "Instagram"):
        page.get_by_label(channel, exact=True).check()
    walk.go_on()  # "Simpan"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tenun Rende")
    expect(walk.primary()).to_have_text("Mulai cerita")


def write_story(walk: Walk) -> None:
    page = walk.page
    walk.go_on()  # "Mulai cerita": the templates
    walk.go_on()  # the first template
    for _ in range(40):
        heading = page.get_by_role("heading", level=1).inner_text()
        if "Cerita merek" in heading or page.url.endswith("/result"):
            break
        fill_required_answers(page)
        walk.go_on()  # "Simpan dan lanjut", English pages included
    else:
        pytest.fail("the wizard never reached its result")
    expect(page).to_have_url(re.compile(r"/story/result$"))
    walk.primary().click()  # "Simpan ke profil merek"
    walk.seen()
    expect(walk.primary()).to_contain_text("Tambah produk")


def add_product(walk: Walk, photo: Path) -> None:
    page = walk.page
    walk.go_on()  # "Tambah produk": technique, category and region come from the brand
    expect(page.get_by_label("Teknik", exact=True)).to_have_value("ikat_lungsi")
    page.get_by_label("Nama produk").fill("Kain Tenun Ikat Sumba Motif Kuda")
    page.locator("#price").fill("1.250.000")
    walk.go_on()  # "Simpan produk"
    expect(page.get_by_role("heading", level=1)).to_have_text("Kain Tenun Ikat Sumba Motif Kuda")
    walk.go_on()  # next step: "Tambah foto produk"
    page.locator("input[type=file]").set_input_files(str(photo))
    walk.go_on()  # "Unggah foto"
    expect(page.locator("main img").first).to_be_visible()


def build_pack(walk: Walk) -> None:
    page = walk.page
    walk.go_on()  # next step: "Lihat teks listing per kanal"
    expect(page.get_by_role("heading", level=1)).to_have_text("Teks listing per kanal")
    for channel in ("Shopee", "Instagram"):  # each chosen channel's page is measured too
        page.get_by_role("heading", name=channel, exact=True).get_by_role("link").click()
        walk.seen()
        page.go_back()
    walk.go_on()  # next step: "Buat paket listing"
    walk.go_on()  # "Buat paket"
    download = page.locator("main a[data-pack-download]")
    for _ in range(60):
        if download.count():
            break
        page.wait_for_timeout(500)
        if not walk.javascript:
            page.reload()  # "Perbarui"
    expect(download).to_be_visible()
    walk.seen()
    with page.expect_download() as event:
        walk.primary().click()  # "Unduh paket (.zip)"
    assert event.value.suggested_filename.endswith(".zip")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_first_time_owner_walks_from_landing_page_to_pack(browser, live_server, check_a11y,
                                                              tmp_path, javascript):
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="id-ID",
                                  java_script_enabled=javascript, accept_downloads=True)
    context.set_default_timeout(15_000)
    photo = tmp_path / "kain.jpg"
    photo.write_bytes(photo_jpeg(1600, 1600))
    walk = Walk(context.new_page(), check_a11y, javascript, tmp_path)
    try:
        sign_up(walk)
        make_brand(walk)
        write_story(walk)
        add_product(walk, photo)
        build_pack(walk)
    finally:
        print("\n".join(f"{height:>6} px  {path}" for path, height in walk.heights.items()))
        context.close()
    assert len(walk.heights) >= 12
