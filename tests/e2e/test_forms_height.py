"""Every form page fits a phone: at 360 × 780 CSS px no wizard page, brand form or product form is
taller than three phone screens (2,400 px), axe finds no serious or critical violation on it, and
the forms still work with JavaScript off.

Heights are read as an owner sees the page: as it opens, and with each of its <details> (a form
section, the "Lainnya" chips) opened in turn, one at a time, the way an owner works through a
form. Help texts are never hidden: they sit beside their fields, outside any <details>.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.owners import log_in, sign_up_and_log_in
from webapp.stories import paging
from webapp.stories.templates import get_template

PHONE_360 = {"width": 360, "height": 780}
LIMIT = 2400  # three phone screens
STORY = "/brands/contoh/story"

#: The height of the page, then with each <details> opened alone (returned as a list).
HEIGHTS = """() => {
  const all = Array.from(document.querySelectorAll("details"));
  const height = () => document.documentElement.scrollHeight;
  all.forEach(d => { d.open = false; });
  const found = [["as opened", height()]];
  all.forEach((details, index) => {
    for (let open = details; open; open = open.parentElement.closest("details")) {
      open.open = true;  // a <details> inside a closed one opens with it
    }
    const name = (details.id || details.querySelector("summary").textContent).trim();
    found.push([`open: ${name.replace(/\\s+/g, " ")} #${index}`, height()]);
    all.forEach(d => { d.open = false; });
  });
  return found;
}"""

#: Every help text of a page is visible: not hidden and not inside a closed <details>.
HIDDEN_HINTS = """() => Array.from(document.querySelectorAll(".field__hint"))
  .filter(hint => hint.closest("details:not([open])") === null && !hint.checkVisibility())
  .map(hint => hint.id || hint.textContent.trim().slice(0, 40))"""


def story_pages(page: Page) -> list[str]:
    """The URL of every page of the demo story (template asal_usul): each step's pages, then
    the English pages until the next one is not found."""
    template = get_template("asal_usul")
    urls = [f"{STORY}/steps/{p.step_id}" + (f"?page={p.number}" if p.number > 1 else "")
            for p in paging.pages(template)]
    number = 1
    while True:
        url = f"{STORY}/english" + (f"?page={number}" if number > 1 else "")
        if page.goto(url).status == 404:
            break
        urls.append(url)
        number += 1
    assert number > 2, "the demo story has English versions on more than one page"
    return urls


def measure(page: Page, url: str) -> list[tuple[str, int]]:
    """Open url at 360 px and return its heights, as opened and with each <details> open."""
    response = page.goto(url)
    assert response.status == 200, url
    assert page.evaluate(HIDDEN_HINTS) == [], f"{url} hides help texts"
    return [(state, height) for state, height in page.evaluate(HEIGHTS)]


def test_every_form_page_fits_three_phone_screens_and_passes_axe(new_page, demo_account,
                                                                 check_a11y):
    page = new_page("id-ID")
    page.set_viewport_size(PHONE_360)
    log_in(page, demo_account["email"], demo_account["password"])
    urls = ["/brands/new", "/brands/contoh/edit", "/brands/contoh/products/new",
            *story_pages(page)]
    too_tall, report = [], []
    for url in urls:
        heights = measure(page, url)
        tallest = max(heights, key=lambda item: item[1])
        report.append(f"{url}: {heights[0][1]} px as opened, at most {tallest[1]} px "
                      f"({tallest[0]})")
        too_tall += [f"{url} {state}: {height} px" for state, height in heights
                     if height > LIMIT]
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        check_a11y(page)  # with every part open: nothing hidden escapes the check
    print("\n".join(report))
    assert not too_tall, "\n".join(too_tall)


def test_the_wizard_progress_counts_pages(new_page, demo_account):
    page = new_page("id-ID")
    page.set_viewport_size(PHONE_360)
    log_in(page, demo_account["email"], demo_account["password"])
    total = len(paging.pages(get_template("asal_usul"))) + 1
    page.goto(f"{STORY}/steps/profil?page=2")
    expect(page.get_by_text(f"Langkah 2 dari {total}")).to_be_visible()
    expect(page.get_by_text("Bagian 2 dari")).to_be_visible()
    # batik's techniques come first; the others wait behind "Lainnya"
    techniques = page.locator("#techniques")
    expect(techniques.get_by_label("Batik tulis", exact=True)).to_be_visible()
    expect(techniques.get_by_label("Tenun ikat ganda", exact=True)).to_be_hidden()
    techniques.get_by_label("Cari di daftar").fill("ikat")
    expect(techniques.get_by_label("Tenun ikat ganda", exact=True)).to_be_visible()
    expect(techniques.get_by_label("Batik tulis", exact=True)).to_be_hidden()


def test_unsaved_text_is_kept_restored_and_warned_about(page: Page):
    page.set_viewport_size(PHONE_360)
    sign_up_and_log_in(page)
    page.get_by_role("link", name="Buat merek baru").click()
    name = f"Tenun Uji {uuid.uuid4().hex[:6]}"
    page.get_by_label("Nama merek").fill(name)
    page.reload()  # the owner's phone reloads the page before it was saved
    expect(page.get_by_role("status").filter(
        has_text="Teks yang belum tersimpan dipulihkan")).to_be_visible()
    expect(page.get_by_label("Nama merek")).to_have_value(name)

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_label("Nama merek").fill(name + " Sumba")
    page.get_by_role("link", name="Dasbor").click()
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(re.compile(r"/brands/new$"))

    page.get_by_role("button", name="Simpan", exact=True).click()  # saved: no question
    expect(page.get_by_role("heading", level=1)).to_have_text(name + " Sumba")
    page.goto("/brands/new")  # nothing left over to restore
    expect(page.get_by_label("Nama merek")).to_have_value("")
    expect(page.get_by_text("Teks yang belum tersimpan dipulihkan")).to_be_hidden()
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.includes('draft'))")
    assert not any("csrf" in key for key in stored)


@pytest.fixture
def no_script_page(browser, live_server):
    """A phone whose browser runs no JavaScript."""
    context = browser.new_context(base_url=live_server, viewport=PHONE_360, locale="id-ID",
                                  java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_the_forms_work_without_javascript(no_script_page: Page):
    page = no_script_page
    sign_up_and_log_in(page)
    page.get_by_role("link", name="Buat merek baru").click()
    name = f"Kulit Uji {uuid.uuid4().hex[:6]}"
    page.get_by_label("Nama merek").fill(name)
    page.get_by_label("Jenis kerajinan utama").select_option("kulit")
    page.get_by_label("Kota atau kabupaten").fill("Garut")
    page.locator("summary", has_text="Teknik").click()  # a section opens with a tap
    page.locator("#techniques summary", has_text="Lainnya").click()  # no craft saved yet
    page.get_by_label("Jahit tangan", exact=True).check()
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    page.get_by_role("navigation", name="Menu merek").get_by_role("link", name="Cerita").click()
    page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Asal-usul dan proses")).get_by_role(
        "button", name="Pakai template ini").click()
    page.get_by_role("button", name="Simpan dan lanjut", exact=True).click()
    expect(page.get_by_text("Bagian 2 dari")).to_be_visible()
    expect(page.get_by_label("Apa jenis kerajinan utama Anda?")).to_have_value("kulit")
    # the leather techniques come first, without any script
    techniques = page.locator("#techniques")
    expect(techniques.get_by_label("Tatah timbul", exact=True)).to_be_visible()
    expect(techniques.get_by_label("Batik tulis", exact=True)).to_be_hidden()
    expect(page.get_by_label("Jahit tangan", exact=True)).to_be_checked()
