"""An IKM owner on a phone: sign up, switch to English, log out, log in again.

Every page visited is checked with axe-core: zero serious or critical violations.
"""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.owners import PASSWORD, register

ENGLISH_BUTTON = re.compile(r"^EN\b")


def language_of(page: Page):
    """The <html> element, whose lang attribute says which language the page is in."""
    return page.locator("html")


def log_in(page: Page, email: str, *, email_label: str, password_label: str, button: str) -> None:
    """Fill and send the login form, in whichever language it is shown."""
    form = page.get_by_role("main")
    form.get_by_label(email_label, exact=True).fill(email)
    form.get_by_label(password_label, exact=True).fill(PASSWORD)
    form.get_by_role("button", name=button, exact=True).click()


def test_register_switch_language_log_out_and_in(page: Page, new_page, check_a11y):
    name = "Ibu Ratna Uji"
    email = f"ratna.{uuid.uuid4().hex[:10]}@contoh.id"

    # The landing page speaks Indonesian to an Indonesian phone.
    page.goto("/")
    expect(language_of(page)).to_have_attribute("lang", "id")
    check_a11y(page)

    # Sign up ("Daftar") from the header menu.
    menu = page.get_by_role("navigation", name="Menu utama")
    menu.get_by_role("link", name="Daftar", exact=True).click()
    expect(page).to_have_url(re.compile(r"/register$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Buat akun")
    check_a11y(page)

    register(page, name, email)  # no second login: the dashboard follows
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Selamat datang, {name}")
    check_a11y(page)

    # Switch to English with the header's EN button; the same page comes back in English.
    page.get_by_role("button", name=ENGLISH_BUTTON).click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(language_of(page)).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {name}")
    check_a11y(page)

    # Log out: the landing page stays English for this browser session.
    page.get_by_role("button", name="Log out", exact=True).click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(language_of(page)).to_have_attribute("lang", "en")
    expect(page.get_by_role("status")).to_have_text("You are logged out.")
    check_a11y(page)

    # Log in again on this phone: still English.
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Log in", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(language_of(page)).to_have_attribute("lang", "en")
    check_a11y(page)
    log_in(page, email, email_label="Email", password_label="Password", button="Log in")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(language_of(page)).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out", exact=True)).to_be_visible()

    # On another phone set to Indonesian, logging in still gives English: the choice was
    # saved to the account, not just to the first phone's session.
    other = new_page("id-ID")
    other.goto("/login")
    expect(language_of(other)).to_have_attribute("lang", "id")
    log_in(other, email, email_label="Email", password_label="Kata sandi", button="Masuk")
    expect(other).to_have_url(re.compile(r"/dashboard$"))
    expect(language_of(other)).to_have_attribute("lang", "en")
    expect(other.get_by_role("heading", level=1)).to_have_text(f"Welcome, {name}")


def test_visitor_language_follows_the_browser(new_page, check_a11y):
    english = new_page("en-US")
    english.goto("/")
    expect(language_of(english)).to_have_attribute("lang", "en")
    expect(english.get_by_role("link", name="Start for free")).to_be_visible()
    check_a11y(english)

    # Neither Indonesian nor English preferred: Indonesian, the app's language.
    french = new_page("fr-FR")
    french.goto("/")
    expect(language_of(french)).to_have_attribute("lang", "id")
    expect(french.get_by_role("link", name="Mulai gratis")).to_be_visible()


def test_missing_page_is_a_friendly_404(page: Page, check_a11y):
    response = page.goto("/no-such-page")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")
    expect(page.get_by_role("link", name="Ke halaman utama")).to_be_visible()
    check_a11y(page)
