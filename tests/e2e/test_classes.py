"""A trainer opens a class, an owner joins and shares a brand, the trainer comments with a
suggested title, the owner accepts it; axe checks every new page on the way."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.owners import add_product, create_brand, sign_up

CODE = re.compile(r"kodenya, ([A-Z0-9]{6}),")
SUGGESTED = "Kain Batik Tulis Lasem Merah Latohan"


def test_trainer_class_owner_shares_trainer_suggests_owner_accepts(new_page, check_a11y):
    trainer = new_page("id-ID")
    sign_up(trainer, "Pak Guru Uji")
    trainer.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Kelas").click()
    check_a11y(trainer)
    trainer.get_by_role("link", name="Buka kelas baru").click()
    check_a11y(trainer)
    trainer.get_by_label("Nama kelas").fill("Kelas Batik Lasem Uji")
    trainer.get_by_role("button", name="Buka kelas").click()
    expect(trainer.get_by_role("heading", level=1)).to_contain_text("Kelas Batik Lasem Uji")
    code = CODE.search(trainer.get_by_role("status").first.inner_text()).group(1)
    check_a11y(trainer)

    owner = new_page("id-ID")
    sign_up(owner, "Ibu Sari Uji")
    brand = create_brand(owner)
    add_product(owner, "Kain Lasem Latohan")
    owner.goto("/classes/join")
    check_a11y(owner)
    owner.get_by_label("Kode kelas").fill(code.lower())
    owner.get_by_role("button", name="Lanjut").click()
    expect(owner.get_by_role("heading", level=1)).to_contain_text("Kelas Batik Lasem Uji")
    check_a11y(owner)
    owner.get_by_label(brand, exact=True).check()
    owner.get_by_role("button", name="Bagikan", exact=True).click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Berbagi dengan pendamping")
    expect(owner.get_by_text("Kelas Batik Lasem Uji").first).to_be_visible()
    check_a11y(owner)

    # The trainer finds the brand on the class page and suggests a Shopee title.
    trainer.reload()
    trainer.get_by_role("link", name=brand).first.click()
    expect(trainer.get_by_role("heading", level=1)).to_have_text(brand)
    check_a11y(trainer)
    trainer.locator("summary", has_text="Kain Lasem Latohan").click()
    box = trainer.locator("[id^='comments-listing-'][id$='-shopee-title']")
    box.locator("summary").click()
    box.get_by_label("Komentar", exact=True).fill("Judul bisa menyebut motif Latohan di depan.")
    box.get_by_label("Saran teks (boleh dikosongkan)").fill(SUGGESTED)
    box.get_by_role("button", name=re.compile(r"^Kirim komentar")).click()
    expect(trainer.locator(".comment").first).to_contain_text("motif Latohan")

    # The owner sees it on the dashboard, opens it beside the title, and accepts it.
    owner.goto("/dashboard")
    expect(owner.get_by_text("Judul bisa menyebut motif Latohan di depan.")).to_be_visible()
    check_a11y(owner)
    owner.get_by_role("link", name=re.compile("Shopee")).first.click()
    expect(owner.get_by_role("heading", level=1)).to_have_text("Teks Shopee")
    check_a11y(owner)
    owner.get_by_role("button", name=re.compile(r"^Terima saran")).click()
    expect(owner.locator("#title-text")).to_have_value(SUGGESTED)

    # Sharing ends from the account page: the trainer's view of the brand is gone at once.
    url = trainer.url.split("#", 1)[0]
    owner.goto("/account/sharing")
    owner.get_by_role("button", name=re.compile(r"^Berhenti membagikan")).click()
    expect(owner.get_by_role("status").first).to_contain_text("tidak lagi dibagikan")
    assert trainer.goto(url).status == 404
