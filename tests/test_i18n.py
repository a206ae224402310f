"""Indonesian first, English complete: language choice, catalogues and formatting."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from webapp.db import get_session
from webapp.models import User

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "webapp/translations/en/LC_MESSAGES/messages.po"


@pytest.mark.parametrize(
    ("accept", "lang"),
    [(None, "id"), ("en-US,en;q=0.9", "en"), ("en-GB", "en"), ("id-ID,id;q=0.9,en;q=0.8", "id"),
     ("fr-FR,fr;q=0.9", "id"), ("jv,ms;q=0.8", "id"), ("fr;q=0.9,en;q=0.5", "en")],
)
def test_visitors_get_english_only_when_their_browser_asks(client, accept, lang):
    headers = {"Accept-Language": accept} if accept else {}
    page = client.get("/", headers=headers).get_data(as_text=True)
    assert f'<html lang="{lang}">' in page


def test_switch_changes_the_language_for_the_visitor(client):
    response = client.post("/language", data={"language": "en", "next": "/register"})
    assert response.headers["Location"] == "/register"
    page = client.get("/register").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Create an account" in page
    client.post("/language", data={"language": "id", "next": "/"})
    assert "Buat akun" in client.get("/register").get_data(as_text=True)


@pytest.mark.parametrize("language", ["fr", "", "../../etc", "EN"])
def test_switch_ignores_unknown_languages(client, language):
    client.post("/language", data={"language": language, "next": "/"})
    assert '<html lang="id">' in client.get("/").get_data(as_text=True)


def test_switch_never_redirects_off_site(client):
    response = client.post("/language", data={"language": "en", "next": "https://evil.example"})
    assert response.headers["Location"] == "/"


def test_logged_in_choice_is_saved_and_follows_the_owner(app, client, auth):
    user = auth.create()
    auth.login()
    client.post("/language", data={"language": "en", "next": "/dashboard"})
    with app.app_context():
        assert get_session().get(User, user.id).locale == "en"
    other = app.test_client()  # another phone, browser in Indonesian
    other.post("/login", data={"email": "sari@example.id", "password": "kain biru pasar pagi"})
    assert "Welcome, Sari Wulandari" in other.get("/dashboard").get_data(as_text=True)


def test_the_visitor_choice_survives_login(client, auth):
    auth.create()
    client.post("/language", data={"language": "en", "next": "/"})
    auth.login()
    assert '<html lang="en">' in client.get("/dashboard").get_data(as_text=True)


def test_new_accounts_keep_the_language_they_signed_up_in(app, client):
    client.post("/language", data={"language": "en", "next": "/"})
    client.post("/register", data={"name": "Made", "email": "made@example.id",
                                    "password": "tenun ikat sumba timur",
                                    "confirm": "tenun ikat sumba timur"})
    with app.app_context():
        assert get_session().scalar(select(User.locale)) == "en"


def test_english_catalogue_translates_every_string(tmp_path):
    """Every string marked for translation in code and templates has an English translation."""
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "say:2", "--ignore-dirs=.*", "-o", str(template), "--no-location", "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with template.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with CATALOGUE.open("rb") as fh:
        catalogue = read_po(fh, locale="en")
    translated = {m.id for m in catalogue if m.id and m.string and "fuzzy" not in m.flags}
    missing = sorted(str(m) for m in wanted - translated)
    assert not missing, "untranslated (run make messages):\n" + "\n".join(missing)


def test_placeholders_match_between_languages():
    with CATALOGUE.open("rb") as fh:
        catalogue = read_po(fh, locale="en")
    for message in catalogue:
        if message.id and message.string:
            wanted = set(re.findall(r"%\(\w+\)[sd]", message.id))  # a name may be said twice
            assert set(re.findall(r"%\(\w+\)[sd]", message.string)) == wanted, message.id

