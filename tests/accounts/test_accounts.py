"""Accounts: registration, login, logout, password change, sessions and redirects."""

from __future__ import annotations

import re

import pytest
from flask_login import login_user
from sqlalchemy import func, select

from tests.factories import DEFAULT_PASSWORD
from webapp.db import get_session
from webapp.i18n import current_timezone
from webapp.models import User

REGISTER = {"name": "Sari Wulandari", "email": "sari@example.id",
            "password": DEFAULT_PASSWORD, "confirm": DEFAULT_PASSWORD}


def count_users(app) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(User))


def test_register_creates_account_and_logs_in(app_factory):
    app = app_factory(PASSWORD_HASH_METHOD="scrypt")  # production's method (tests use a cheap one)
    client = app.test_client()
    response = client.post("/register", data=REGISTER)
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200  # no second login
    assert "Selamat datang, Sari Wulandari" in dashboard.get_data(as_text=True)
    with app.app_context():
        user = get_session().scalar(select(User))
        assert user.email == "sari@example.id"
        assert user.password_hash.startswith("scrypt:32768:8:1$")
        assert DEFAULT_PASSWORD not in user.password_hash
        assert user.locale == "id"
    other = app.test_client()
    assert other.post("/login", data={"email": "SARI@example.id ",
                                      "password": DEFAULT_PASSWORD}).status_code == 302


def test_register_existing_email_logs_in_only_with_its_own_password(app, client, auth):
    auth.create(email="sari@example.id", password="kata sandi lama sekali")
    taken = client.post("/register", data={**REGISTER, "email": "Sari@Example.id"})
    assert taken.status_code == 422
    page = taken.get_data(as_text=True)
    assert "sudah punya akun" in page and 'href="/password/forgot"' in page
    assert 'value="Sari Wulandari"' in page  # what was typed stays
    assert client.get("/dashboard").status_code == 302  # not logged in
    assert count_users(app) == 1
    # the existing owner's password is unchanged, and registering with it is a login
    same = client.post("/register", data={**REGISTER, "email": "sari@example.id",
                                          "password": "kata sandi lama sekali",
                                          "confirm": "kata sandi lama sekali"})
    assert same.status_code == 302 and same.headers["Location"] == "/dashboard"
    assert "kata sandinya cocok" in client.get("/dashboard").get_data(as_text=True)
    assert count_users(app) == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("pendek1", "minimal 8 karakter"),
        ("password123", "paling sering dipakai"),
        ("BISMILLAH", "paling sering dipakai"),
        ("trustno1", "paling sering dipakai"),      # from the ranked breach list
        ("Q1w2e3r4t5", "paling sering dipakai"),
        ("        ", "wajib diisi"),
        ("aaaaaaaaaaaa", "terlalu mudah ditebak"),
        ("sari@example.id", "tidak boleh sama dengan email"),
        ("x" * 129, "paling banyak 128 karakter"),
    ],
)
def test_register_refuses_weak_passwords_with_a_reason(app, client, password, message):
    response = client.post("/register", data={**REGISTER, "password": password,
                                              "confirm": password})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count_users(app) == 0


@pytest.mark.parametrize("password", ["🧵🪡 kain tenun ikat 🌺", "x" * 64 + "y" * 60,
                                      "Batik Tulis Lasem 1920!"])
def test_register_accepts_long_and_unicode_passwords_exactly_as_typed(client, password):
    assert client.post("/register", data={**REGISTER, "password": password,
                                          "confirm": password}).status_code == 302
    login = {"email": REGISTER["email"]}
    assert client.post("/login", data={**login, "password": password}).status_code == 302
    client.post("/logout", data={})
    # no truncation or case folding
    assert client.post("/login", data={**login, "password": password[:-1]}).status_code == 422
    assert client.post("/login", data={**login, "password": password.upper()}).status_code == 422


def test_register_keeps_typed_text_when_invalid(client):
    response = client.post("/register", data={**REGISTER, "confirm": "lain sekali"})
    page = response.get_data(as_text=True)
    assert "Kedua kata sandi tidak sama" in page
    assert 'value="Sari Wulandari"' in page
    assert 'value="sari@example.id"' in page


def test_register_requires_a_real_email(client):
    response = client.post("/register", data={**REGISTER, "email": "bukan-email"})
    assert "alamat email yang lengkap" in response.get_data(as_text=True)


def test_login_wrong_password_and_unknown_email_give_the_same_message(client, auth):
    auth.create()
    wrong = auth.login(password="salah sama sekali")
    unknown = auth.login(email="tidak.ada@example.id")
    for response in (wrong, unknown):
        assert response.status_code == 422
        assert "Email atau kata sandi tidak cocok" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_login_opens_the_dashboard(client, auth):
    auth.create(name="Ibu Ratna")
    response = auth.login()
    assert response.headers["Location"] == "/dashboard"
    assert "Selamat datang, Ibu Ratna" in client.get("/dashboard").get_data(as_text=True)


def test_login_starts_a_new_session(client, auth):
    auth.create()
    client.get("/login")
    before = client.get_cookie("session").value
    auth.login()
    after = client.get_cookie("session").value
    assert before != after
    # the pre-login cookie does not authenticate
    client.set_cookie("session", before)
    assert client.get("/dashboard").status_code == 302


def test_logout_is_post_only(client, auth):
    auth.create()
    auth.login()
    assert client.get("/logout").status_code == 405
    assert client.get("/dashboard").status_code == 200


def test_replayed_cookie_after_logout_is_refused(client, auth):
    auth.create()
    auth.login()
    stolen = client.get_cookie("session").value
    assert auth.logout().status_code == 302
    client.set_cookie("session", stolen)
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_remember_me_cookie_is_revoked_by_logout(app, auth):
    auth.create()
    auth.login(remember="y")
    remember = auth._client.get_cookie("remember_token")
    assert remember is not None
    auth.logout()
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember.value)
    assert fresh.get("/dashboard").status_code == 302


def test_remember_me_cookie_logs_in_until_revoked(app, auth):
    auth.create()
    auth.login(remember="y")
    remember = auth._client.get_cookie("remember_token").value
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember)
    assert fresh.get("/dashboard").status_code == 200


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example",
     "javascript:alert(1)", "http:/evil.example", "/\r\nSet-Cookie:x", " //evil.example",
     "https:evil.example"],
)
def test_login_never_redirects_off_site(client, auth, target):
    auth.create()
    response = auth.login(next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_login_follows_a_safe_next(client, auth):
    auth.create()
    response = client.get("/account/password")
    assert response.headers["Location"] == "/login?next=%2Faccount%2Fpassword"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="/account/password"' in page
    assert auth.login(next="/account/password").headers["Location"] == "/account/password"


def test_change_password_logs_out_other_sessions(app, client, auth):
    auth.create()
    auth.login(remember="y")
    other = app.test_client()
    other.post("/login", data={"email": "sari@example.id", "password": DEFAULT_PASSWORD})
    old_session = client.get_cookie("session").value
    old_remember = client.get_cookie("remember_token").value
    assert other.get("/dashboard").status_code == 200

    response = client.post("/account/password", data={
        "current": DEFAULT_PASSWORD, "password": "tenun ikat sumba timur",
        "confirm": "tenun ikat sumba timur"})
    assert response.headers["Location"] == "/dashboard"
    assert client.get("/dashboard").status_code == 200  # this device stays in
    assert other.get("/dashboard").status_code == 302  # the other one is out
    replay = app.test_client()
    replay.set_cookie("session", old_session)
    assert replay.get("/dashboard").status_code == 302
    replay = app.test_client()
    replay.set_cookie("remember_token", old_remember)
    assert replay.get("/dashboard").status_code == 302
    client.post("/logout", data={})
    assert auth.login(password=DEFAULT_PASSWORD).status_code == 422
    assert auth.login(password="tenun ikat sumba timur").status_code == 302


def test_change_password_needs_the_current_one(client, auth):
    auth.create()
    auth.login()
    response = client.post("/account/password", data={
        "current": "bukan ini", "password": "tenun ikat sumba timur",
        "confirm": "tenun ikat sumba timur"})
    assert response.status_code == 422
    assert "Kata sandi saat ini tidak cocok" in response.get_data(as_text=True)
    client.post("/logout", data={})
    assert auth.login().status_code == 302


def test_change_password_applies_the_policy(client, auth):
    auth.create()
    auth.login()
    response = client.post("/account/password", data={
        "current": DEFAULT_PASSWORD, "password": "12345678", "confirm": "12345678"})
    assert "paling sering dipakai" in response.get_data(as_text=True)


def test_pages_that_need_login_send_visitors_to_login(client):
    for url in ("/dashboard", "/account/password"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")


def test_a_tampered_or_legacy_login_token_is_refused(app, auth):
    from webapp.accounts.service import load_user

    user = auth.create()
    with app.app_context():
        assert load_user(f"{user.id}:1") is not None
        for token in (str(user.id), f"{user.id}:2", f"{user.id}:", "x:1", ":", ""):
            assert load_user(token) is None


def test_logged_in_owner_visiting_register_goes_to_dashboard(client, auth):
    auth.create()
    auth.login()
    assert client.get("/register").headers["Location"] == "/dashboard"


def test_the_blocklist_covers_the_top_3000_passwords_the_length_rule_allows():
    """OWASP ASVS 6.2.4: at least the 3,000 most common passwords of eight characters or more."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    from webapp.accounts.passwords import common_passwords

    ranked = [word for word in FREQUENCY_LISTS["passwords"] if len(word) >= 8][:3000]
    assert len(ranked) == 3000
    assert all(word.lower() in common_passwords() for word in ranked)
    assert "kain biru pasar pagi" not in common_passwords()


def test_dates_follow_the_owners_time_zone(app, client, auth):
    """An owner in Sumba (WITA) reads times an hour later than Jakarta (WIB)."""
    from datetime import UTC, datetime

    from webapp.formatting import date_time

    auth.create()
    auth.login()
    page = client.get("/account/password").get_data(as_text=True)
    assert re.search(r'<input checked id="timezone-0"[^>]*value="Asia/Jakarta"', page)
    assert client.post("/account/timezone", data={"timezone": "Asia/Makassar"}).status_code == 302
    with app.app_context():
        assert get_session().scalar(select(User.timezone)) == "Asia/Makassar"
    with app.test_request_context():
        login_user(get_session().scalar(select(User)))
        assert current_timezone() == "Asia/Makassar"
    moment = datetime(2025, 8, 17, 3, 5, tzinfo=UTC)
    assert date_time(moment, "id", "Asia/Makassar") == "17 Agustus 2025, 11.05 WITA"
    assert client.post("/account/timezone", data={"timezone": "Mars/Olympus"}).status_code == 302
    with app.app_context():
        assert get_session().scalar(select(User.timezone)) == "Asia/Makassar"  # refused
