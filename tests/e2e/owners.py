"""Owners for the browser tests: register through the real pages and log in."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

PASSWORD = "kain biru pasar pagi"


def sign_up(page: Page, name: str = "Ibu Sari Uji") -> str:
    """Register a fresh owner through the register page (which logs in) and return the email.

    Waits for the dashboard's welcome, so the next step never races the registration request.
    """
    email = f"owner.{uuid.uuid4().hex[:10]}@contoh.id"
    page.goto("/register")
    register(page, name, email)
    return email


def register(page: Page, name: str, email: str) -> None:
    """Fill and send the open register page; wait for the dashboard it leads to, logged in."""
    main = page.get_by_role("main")
    main.get_by_label("Nama Anda").fill(name)
    main.get_by_label("Email", exact=True).fill(email)
    main.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    main.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    main.get_by_role("button", name="Daftar", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("status")).to_contain_text("Akun Anda sudah dibuat")


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the login page and wait for the dashboard."""
    page.goto("/login")
    main = page.get_by_role("main")
    main.get_by_label("Email", exact=True).fill(email)
    main.get_by_label("Kata sandi", exact=True).fill(password)
    main.get_by_role("button", name="Masuk", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))


def sign_up_and_log_in(page: Page, name: str = "Ibu Sari Uji") -> str:
    """Register a fresh owner (registering logs in) and return the email."""
    return sign_up(page, name)


def create_brand(page: Page, prefix: str = "Batik Uji") -> str:
    """From the dashboard, create a brand with a fresh name and return the name."""
    name = f"{prefix} {uuid.uuid4().hex[:6]}"
    page.get_by_role("link", name="Buat merek baru").click()
    page.get_by_label("Nama merek").fill(name)
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    return name


def add_product(page: Page, name: str) -> None:
    """From a brand's page, add a product with only its name and wait for its page."""
    page.get_by_role("navigation", name="Menu merek").get_by_role("link", name="Produk").click()
    page.get_by_role("link", name="Tambah produk").click()
    page.get_by_label("Nama produk").fill(name)
    page.get_by_role("button", name="Simpan produk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
