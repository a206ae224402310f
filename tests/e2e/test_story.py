"""An owner on a phone walks the story wizard, closes the page midway, comes back and finishes."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.owners import log_in, sign_up_and_log_in
from webapp.stories import paging
from webapp.stories.templates import get_template

PHONE_390 = {"width": 390, "height": 844}
TOTAL = len(paging.pages(get_template("asal_usul"))) + 1  # every page, and the English one
PROFIL = paging.get_page(get_template("asal_usul"), "profil", 1).count


def next_step(page: Page, title: str) -> None:
    """Press "Simpan dan lanjut" and wait for the next page's heading."""
    page.get_by_role("button", name="Simpan dan lanjut", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)


def open_story(page: Page) -> None:
    """Open the story from the brand menu."""
    page.get_by_role("navigation", name="Menu merek").get_by_role("link", name="Cerita").click()


def test_walk_the_story_wizard_close_midway_come_back_and_finish(page: Page, new_page,
                                                                  check_a11y):
    page.set_viewport_size(PHONE_390)
    email = sign_up_and_log_in(page)
    name = f"Batik Sekar {uuid.uuid4().hex[:6]}"
    page.get_by_role("link", name="Buat merek baru").click()
    page.get_by_label("Nama merek").fill(name)
    page.get_by_label("Kota atau kabupaten").fill("Lasem, Rembang")
    page.get_by_label("Provinsi").select_option("Jawa Tengah")
    page.get_by_label("Jenis kerajinan utama").select_option("batik")  # its techniques first
    page.locator("summary", has_text="Teknik").click()
    page.get_by_label("Batik tulis", exact=True).check()
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    # Choose a template
    open_story(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilih template cerita")
    check_a11y(page)
    page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Asal-usul dan proses")).get_by_role(
        "button", name="Pakai template ini").click()

    # Step 1, a few questions a page: the basics come from the brand profile; the counter
    # follows the typing
    expect(page.get_by_text(f"Langkah 1 dari {TOTAL}")).to_be_visible()
    expect(page.get_by_role("progressbar", name=f"Langkah 1 dari {TOTAL}")).to_be_visible()
    expect(page.get_by_label("Apa nama merek atau usaha Anda?")).to_have_value(name)
    check_a11y(page)
    owner = page.get_by_label("Siapa nama pemilik atau pendiri?")
    owner.fill("Ibu Sari Wulandari")
    expect(page.locator("#owner-count")).to_have_text("18/60")
    owner.fill("Ibu Sari Wulandari binti Kasiyah dari Desa Babagan di pesisir utara Jawa")
    expect(page.locator("#owner-count")).to_have_class(re.compile(r"counter--over"))
    owner.fill("Ibu Sari Wulandari")
    expect(page.locator("#owner-count")).not_to_have_class(re.compile(r"counter--over"))
    next_step(page, "Profil usaha")
    expect(page.get_by_label("Apa jenis kerajinan utama Anda?")).to_have_value("batik")
    while not page.get_by_label("Produk utama apa saja yang Anda buat?").is_visible():
        next_step(page, "Profil usaha")
    page.get_by_label("Produk utama apa saja yang Anda buat?").fill(
        "kain panjang, selendang, dan kemeja")
    while page.get_by_role("heading", level=1).inner_text() == "Profil usaha":
        page.get_by_role("button", name="Simpan dan lanjut", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Asal")

    # Step 2 and 3
    expect(page.get_by_text(f"Langkah {PROFIL + 1} dari {TOTAL}")).to_be_visible()
    page.get_by_label("Bagaimana usaha ini bermula?").fill(
        "Ibu Sari mulai membatik di teras rumahnya di Desa Babagan pada 1998.")
    page.get_by_label("Sudah berapa generasi").fill("tiga generasi")
    next_step(page, "Tantangan")
    page.get_by_label("Apa kesulitan terbesar di awal?").fill(
        "Di awal, kain kami kalah murah dari kain printing.")
    next_step(page, "Proses")

    # The battery dies: the page is gone, and so is the session
    page.context.close()
    page = new_page("id-ID")
    page.set_viewport_size(PHONE_390)
    log_in(page, email)
    page.get_by_role("link", name=name).first.click()
    open_story(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Proses")
    expect(page.get_by_text(f"Langkah {PROFIL + 3} dari {TOTAL}")).to_be_visible()
    page.get_by_role("button", name="Kembali", exact=True).click()
    expect(page.get_by_label("Apa kesulitan terbesar di awal?")).to_have_value(
        "Di awal, kain kami kalah murah dari kain printing.")
    next_step(page, "Proses")

    # Finish the walk; a list counts its lines and its longest line as the owner types
    steps = page.get_by_label("Sebutkan tiga sampai lima langkah utama")
    steps.fill("menggambar pola di atas kain mori " * 3)
    expect(page.locator("#process_steps-count")).to_have_text(
        "1/6 baris, terpanjang 101/80 karakter")
    expect(page.locator("#process_steps-count")).to_have_class(re.compile(r"counter--over"))
    steps.fill("menggambar pola di atas kain mori\nmencanting dengan malam panas\n"
               "mewarnai dengan pewarna alam\nmelorod untuk meluruhkan malam")
    expect(page.locator("#process_steps-count")).to_have_text(
        "4/6 baris, terpanjang 33/80 karakter")
    expect(page.locator("#process_steps-count")).not_to_have_class(re.compile(r"counter--over"))
    next_step(page, "Dampak")
    next_step(page, "Visi")
    page.get_by_label("Ke mana Anda ingin membawa merek ini lima tahun lagi?").fill(
        "melihat batik tulis Lasem dipakai anak muda di seluruh Indonesia")
    next_step(page, "Versi bahasa Inggris")
    expect(page.get_by_text(f"Langkah {TOTAL} dari {TOTAL}")).to_be_visible()
    check_a11y(page)
    while not page.get_by_label("Bagaimana usaha ini bermula?").is_visible():
        next_step(page, "Versi bahasa Inggris")  # a few answers a page
    page.get_by_label("Bagaimana usaha ini bermula?").fill(
        "Ibu Sari began drawing batik on the porch of her home in Babagan in 1998.")
    page.get_by_role("button", name="Simpan dan lanjut", exact=True).click()
    page.get_by_role("button", name="Lewati, nanti saja").click()  # the rest can wait

    # The result: every piece with its length, copy, variants, a hand edit, save
    expect(page.get_by_role("heading", level=1)).to_have_text("Cerita merek Anda")
    tagline = page.locator("#piece-tagline")  # the first piece opens; the others on a tap
    expect(tagline.get_by_text(re.compile(r"^\d+/60 karakter$"))).to_be_visible()
    expect(tagline.locator("#piece-tagline-text")).to_contain_text("Lasem")
    page.locator("#piece-instagram_bio summary").click()
    expect(page.locator("#piece-instagram_bio .piece__text")).to_contain_text("Batik tulis Lasem")
    check_a11y(page)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tagline.get_by_role("button", name="Salin Tagline").click()
    expect(tagline.get_by_role("button", name="Tersalin")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == tagline.locator("#piece-tagline-text").inner_text()

    shop = page.locator("#piece-shop_long-text")
    before = shop.inner_text()
    page.locator("summary", has_text="Bahasa dan gaya sapaan").click()
    page.get_by_role("button", name="Coba variasi lain").click()
    expect(page.get_by_role("status")).to_contain_text("variasi kalimat yang lain")
    expect(shop).not_to_have_text(before)

    page.locator("#piece-tagline").get_by_role("link", name="Ubah teks").click()
    check_a11y(page)
    editor = page.get_by_label("Teks Anda")
    editor.fill("Batik tulis Lasem, dari tangan ibu-ibu Babagan")
    expect(page.locator("#text-count")).to_have_text("46/60")
    page.get_by_role("button", name="Simpan teks").click()
    expect(page.locator("#piece-tagline-text")).to_have_text(
        "Batik tulis Lasem, dari tangan ibu-ibu Babagan")

    page.locator("summary", has_text="Bahasa dan gaya sapaan").click()
    page.get_by_label("English").check()
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("#piece-about_short-text")).to_contain_text(
        "Ibu Sari began drawing batik on the porch")
    expect(page.get_by_text("belum punya versi bahasa Inggris")).to_be_visible()

    page.get_by_role("button", name="Simpan ke profil merek").click()
    expect(page.get_by_role("status")).to_contain_text("revisi 2")
    page.get_by_role("navigation", name="Menu merek").get_by_role("link", name="Profil").click()
    page.locator("summary", has_text="Profil merek").click()
    expect(page.get_by_text(re.compile(r"\d+ jawaban"))).to_be_visible()
