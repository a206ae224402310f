"""CSRF on every form, no state change on GET, and no text lost when a token expires."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from tests.factories import DEFAULT_PASSWORD
from webapp.db import get_session
from webapp.models import User

REGISTER = {"name": "Pak Darto & <Putra>", "email": "darto@example.id",
            "password": DEFAULT_PASSWORD, "confirm": DEFAULT_PASSWORD}


def count_users(app) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize("token", [None, "", "palsu", "a" * 200])
def test_register_without_a_valid_token_changes_nothing(app, client, token):
    data = dict(REGISTER) if token is None else {**REGISTER, "csrf_token": token}
    response = client.post("/register", data=data, csrf=False)
    assert response.status_code == 400
    assert count_users(app) == 0


def test_logout_without_a_token_keeps_the_owner_logged_in(client, auth):
    auth.create()
    auth.login()
    response = client.post("/logout", data={}, csrf=False)
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 200


def test_password_change_without_a_token_changes_nothing(client, auth):
    auth.create()
    auth.login()
    response = client.post("/account/password", csrf=False, data={
        "current": DEFAULT_PASSWORD, "password": "tenun ikat sumba timur",
        "confirm": "tenun ikat sumba timur"})
    assert response.status_code == 400
    client.post("/logout", data={})
    assert auth.login().status_code == 302


def test_language_switch_without_a_token_changes_nothing(client):
    response = client.post("/language", data={"language": "en", "next": "/"}, csrf=False)
    assert response.status_code == 400
    assert '<html lang="id">' in client.get("/").get_data(as_text=True)


def test_get_requests_change_nothing(app, client, auth):
    auth.create()
    auth.login()
    for url in ("/logout", "/language?language=en", "/register?" + "&".join(
            f"{k}={v}" for k, v in REGISTER.items())):
        client.get(url)
    assert client.get("/dashboard").status_code == 200
    assert '<html lang="id">' in client.get("/").get_data(as_text=True)
    assert count_users(app) == 1


@pytest.fixture
def expired_token(client, monkeypatch):
    """A token of this client's session signed nine hours ago (the limit is eight)."""
    client.csrf_token()  # starts a session holding the raw token
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 9 * 3600)
    token = client.csrf_token()
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    return token


def test_expired_token_shows_the_form_again_with_what_was_typed(app, client, expired_token):
    response = client.post("/register", data={**REGISTER, "csrf_token": expired_token})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Isian Anda masih ada" in page
    assert 'value="Pak Darto &amp; &lt;Putra&gt;"' in page
    assert 'value="darto@example.id"' in page
    assert count_users(app) == 0
    # the page carries a fresh token: pressing the button again works
    fresh = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    again = client.post("/register", data={**REGISTER, "csrf_token": fresh})
    assert again.status_code == 302
    assert count_users(app) == 1


def test_expired_token_on_login_keeps_the_email(client, auth, expired_token):
    auth.create()
    response = client.post("/login", data={"email": "sari@example.id",
                                           "password": DEFAULT_PASSWORD,
                                           "csrf_token": expired_token})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="sari@example.id"' in page
    assert DEFAULT_PASSWORD not in page  # passwords are never echoed back
    assert client.get("/dashboard").status_code == 302


def test_expired_token_message_is_english_for_english_users(client, expired_token):
    response = client.post("/register", data={**REGISTER, "csrf_token": expired_token},
                           headers={"Accept-Language": "en"})
    assert "What you typed is still here" in response.get_data(as_text=True)
