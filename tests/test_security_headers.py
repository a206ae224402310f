"""Security headers on every response; hardened cookies in production."""

from __future__ import annotations

import re

import pytest

HTML_PAGES = ["/", "/login", "/register", "/tidak-ada"]


@pytest.mark.parametrize("url", [*HTML_PAGES, "/static/css/app.css", "/healthz"])
def test_every_response_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'",
                      "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # development is served over http


@pytest.mark.parametrize("url", HTML_PAGES)
def test_pages_have_no_inline_script_or_style(client, url):
    page = client.get(url).get_data(as_text=True)
    assert "<script>" not in page and "<script " not in page.replace('<script src=', '')
    assert "style=" not in page
    assert " on" + "click=" not in page


def test_development_cookies_are_httponly_and_lax(client, auth):
    auth.create()
    response = auth.login(remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    remember = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session, remember):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie


def test_production_cookies_are_secure_host_only_and_hsts_is_sent(app_factory):
    app = app_factory(ENV="production", PASSWORD_HASH_METHOD="scrypt")
    client = app.test_client()
    client.post("/language", data={"language": "en", "next": "/"},
                base_url="https://localhost")
    response = client.get("/", base_url="https://localhost")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    set_cookie = client.get("/login", base_url="https://localhost")
    assert client.get_cookie("__Host-session", domain="localhost") is not None
    for header in set_cookie.headers.getlist("Set-Cookie"):
        assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_DURATION"].days <= 30

    # Logging in with "remember me" sets the remember and known-device cookies: both Secure,
    # HttpOnly and SameSite=Lax; the remember cookie host-only (__Host-).
    from tests.factories import DEFAULT_PASSWORD, create_user

    with app.app_context():
        create_user(email="sari@example.id")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      set_cookie.get_data(as_text=True)).group(1)
    logged_in = client.post("/login", base_url="https://localhost", data={
        "email": "sari@example.id", "password": DEFAULT_PASSWORD, "remember": "y",
        "csrf_token": token}, headers={"Referer": "https://localhost/login"})
    assert logged_in.status_code == 302, logged_in.get_data(as_text=True)[-800:]
    cookies = {header.split("=", 1)[0]: header
               for header in logged_in.headers.getlist("Set-Cookie")}
    assert {"__Host-remember_token", "known_device", "__Host-session"} <= set(cookies)
    for header in cookies.values():
        assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header
    assert "Path=/;" in cookies["__Host-remember_token"] + ";"
    assert "Domain" not in cookies["__Host-remember_token"]
