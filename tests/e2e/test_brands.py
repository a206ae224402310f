"""An owner on a phone creates a brand, edits it twice, compares revision 1 with 3, restores 1."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.e2e.owners import sign_up_and_log_in


def save_edit(page: Page, label: str, value: str, section: str | None = None) -> None:
    """Open the edit form, open the field's section if it has one, change the field and save."""
    page.get_by_role("navigation", name="Menu merek").get_by_role("link", name="Ubah").click()
    if section:
        page.locator("summary", has_text=section).click()
    page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Simpan", exact=True).click()


def test_create_edit_compare_and_restore_a_brand(page: Page, check_a11y):
    sign_up_and_log_in(page)
    name = f"Batik Uji {uuid.uuid4().hex[:6]}"

    page.get_by_role("link", name="Buat merek baru").click()
    check_a11y(page)
    page.get_by_label("Nama merek").fill(name)
    page.get_by_label("Kota atau kabupaten").fill("Lasem")
    page.get_by_label("Provinsi").select_option("Jawa Tengah")
    page.get_by_label("Jenis kerajinan utama").select_option("batik")  # its techniques come first
    page.locator("summary", has_text="Teknik").click()  # the techniques' section opens on a tap
    page.get_by_label("Batik tulis", exact=True).check()
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("status")).to_contain_text("sudah dibuat")
    check_a11y(page)

    save_edit(page, "Kota atau kabupaten", "Lasem, Rembang")
    expect(page.get_by_role("status")).to_contain_text("revisi 2")
    save_edit(page, "Orang di balik merek", "Ibu Sekar dan dua belas pembatik.",
              section="Cerita singkat")
    expect(page.get_by_role("status")).to_contain_text("revisi 3")

    page.get_by_role("navigation", name="Menu merek").get_by_role("link", name="Riwayat").click()
    check_a11y(page)
    page.get_by_label("Bandingkan revisi").select_option("1")
    page.get_by_label("dengan revisi").select_option("3")
    page.get_by_role("button", name="Bandingkan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Revisi 1 dibandingkan dengan revisi 3")
    changed = page.get_by_role("region", name="Orang di balik merek")
    expect(changed.locator("ins")).to_have_text("Ibu Sekar dan dua belas pembatik.")
    expect(page.get_by_role("region", name="Kota atau kabupaten").locator("ins")).to_have_text(
        "Lasem, Rembang")
    check_a11y(page)

    page.get_by_role("navigation", name="Menu merek").get_by_role("link", name="Riwayat").click()
    page.get_by_role("button", name="Pulihkan revisi 1").click()
    expect(page.get_by_role("status")).to_contain_text("Revisi 1 dipulihkan sebagai revisi 4")
    expect(page.get_by_role("heading", name="Revisi 4")).to_be_visible()
    expect(page.get_by_text("Dipulihkan dari revisi 1")).to_be_visible()
    check_a11y(page)

    page.get_by_role("navigation", name="Menu merek").get_by_role("link", name="Profil").click()
    page.locator("summary", has_text="Profil merek").click()  # the answers open on a tap
    expect(page.get_by_text("Ibu Sekar dan dua belas pembatik.")).to_have_count(0)
    expect(page.get_by_text("Lasem", exact=True)).to_be_visible()
