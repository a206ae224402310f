"""On a phone: upload three photos (portrait, EXIF-rotated, transparent PNG), pick the main one,
and see the Shopee and Instagram previews."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests import images
from tests.e2e.owners import add_product, create_brand, sign_up_and_log_in


def test_upload_three_photos_choose_main_and_see_previews(page: Page, check_a11y):
    sign_up_and_log_in(page)
    create_brand(page, "Tenun Uji")
    add_product(page, "Selendang Tenun Ikat")

    page.get_by_role("link", name=re.compile(r"^Foto produk")).click()
    check_a11y(page)
    page.get_by_label("Pilih foto dari galeri atau ambil dengan kamera").set_input_files([
        {"name": "potret.jpg", "mimeType": "image/jpeg",
         "buffer": images.photo_jpeg(600, 900, seed=7)},
        {"name": "diputar.jpg", "mimeType": "image/jpeg", "buffer": images.oriented_jpeg(6)},
        {"name": "transparan.png", "mimeType": "image/png",
         "buffer": images.rgba_png((500, 500))},
    ])
    page.get_by_role("button", name="Unggah foto").click()
    expect(page.get_by_role("status").first).to_contain_text("3 foto tersimpan")
    items = page.locator(".photo-item")
    expect(items).to_have_count(3)
    expect(items.first).to_contain_text("potret.jpg")
    check_a11y(page)

    # The transparent PNG becomes the main photo.
    items.nth(2).get_by_role("button", name="Jadikan foto utama").click()
    expect(page.get_by_role("status").first).to_contain_text("Foto utama diganti")
    expect(page.locator(".photo-item").first).to_contain_text("transparan.png")
    expect(page.locator(".photo-item").first.locator(".badge")).to_have_text("Foto utama")

    page.locator(".photo-item").first.get_by_role("link", name="Atur foto").click()
    for channel in ("Shopee", "Instagram"):
        preview = page.get_by_role("img", name=f"Pratinjau {channel}")
        preview.scroll_into_view_if_needed()
        expect(preview).to_be_visible()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=preview.element_handle())
    check_a11y(page)


def test_desktop_drag_and_drop_uploads(page: Page):
    import base64

    sign_up_and_log_in(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    create_brand(page, "Kulit Uji")
    add_product(page, "Dompet Kulit")
    page.get_by_role("link", name=re.compile(r"^Foto produk")).click()
    encoded = base64.b64encode(images.photo_jpeg(640, 480, seed=9)).decode()
    with page.expect_navigation(timeout=30_000):  # an upload on a busy machine takes its time
        page.evaluate(
            """encoded => {
                const bytes = Uint8Array.from(atob(encoded), c => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "seret.jpg", {type: "image/jpeg"}));
                const zone = document.querySelector("[data-dropzone]");
                zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true,
                                                          cancelable: true}));
            }""", encoded)
    expect(page.get_by_role("status").first).to_contain_text("1 foto tersimpan")
    expect(page.locator(".photo-item")).to_have_count(1)


def test_focus_marker_moves_by_keyboard_and_tap_and_delete_can_be_undone(page: Page, check_a11y):
    sign_up_and_log_in(page)
    create_brand(page, "Kriya Uji")
    add_product(page, "Cangkir Lurik")
    page.get_by_role("link", name=re.compile(r"^Foto produk")).click()
    page.get_by_label("Pilih foto dari galeri atau ambil dengan kamera").set_input_files([
        {"name": "satu.jpg", "mimeType": "image/jpeg",
         "buffer": images.photo_jpeg(600, 400, seed=3)},
        {"name": "dua.jpg", "mimeType": "image/jpeg",
         "buffer": images.photo_jpeg(400, 600, seed=4)},
    ])
    page.get_by_role("button", name="Unggah foto").click()
    expect(page.locator(".photo-item")).to_have_count(2)

    # Delete asks first; the photo waits in "Foto terhapus" and comes back in its place.
    page.get_by_label("Hapus foto 1").click()
    page.get_by_role("button", name="Ya, hapus foto 1").click()
    expect(page.get_by_role("status").first).to_contain_text("Foto dihapus")
    expect(page.locator("ol.photo-list .photo-item")).to_have_count(1)
    trash = page.get_by_role("region", name="Foto terhapus")
    expect(trash).to_contain_text("satu.jpg")
    check_a11y(page)
    trash.get_by_role("button", name="Pulihkan").click()
    expect(page.get_by_role("status").first).to_contain_text("Foto dipulihkan")
    expect(page.locator("ol.photo-list .photo-item").first).to_contain_text("satu.jpg")

    page.locator(".photo-item").first.get_by_role("link", name="Atur foto").click()
    picker = page.get_by_role("button", name="Ketuk untuk memilih titik fokus")
    ring = page.locator(".focus-marker__ring")
    expect(ring).to_have_attribute("cx", "50%")
    picker.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    expect(ring).to_have_attribute("cx", "60%")
    expect(ring).to_have_attribute("cy", "48%")
    expect(page.locator("#focus-now")).to_have_text(
        "Titik fokus sekarang: 60% dari kiri, 48% dari atas.")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Titik fokus disimpan")
    expect(page.locator(".focus-marker__ring")).to_have_attribute("cx", "60%")
    check_a11y(page)

    page.locator(".focus-picker").scroll_into_view_if_needed()
    box = page.locator(".focus-picker").bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.75)
    expect(page.locator(".focus-marker__ring")).to_have_attribute("cx", "20%")
    expect(page.locator(".focus-marker__ring")).to_have_attribute("cy", "75%")
