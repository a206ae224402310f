"""Friendly error pages, in both languages, with the right status and no internals."""

from __future__ import annotations

import logging
import re

import pytest
from flask import abort


@pytest.fixture
def app(app_factory):
    """An app with routes that fail on purpose."""
    app = app_factory(MAX_CONTENT_LENGTH=1024, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="1 per hour")

    @app.route("/_test/forbidden")
    def forbidden():
        abort(403)

    @app.route("/_test/crash")
    def crash():
        raise RuntimeError("/srv/secret/path exploded")

    @app.route("/_test/full")
    def full():
        raise OSError(28, "No space left on device: /srv/secret/media")

    return app


def request_status(client, code, headers):
    """Make the request that answers with code."""
    if code == 400:
        return client.post("/language", data={"language": "en"}, csrf=False, headers=headers)
    if code == 403:
        return client.get("/_test/forbidden", headers=headers)
    if code == 404:
        return client.get("/tidak-ada-halaman-ini", headers=headers)
    if code == 405:
        return client.get("/logout", headers=headers)
    if code == 413:
        return client.post("/register", data={"name": "x" * 5000}, headers=headers, csrf=False)
    if code == 429:
        client.post("/login", data={"email": "a@example.id", "password": "x"}, headers=headers)
        return client.post("/login", data={"email": "a@example.id", "password": "x"},
                           headers=headers)
    if code == 503:
        return client.get("/_test/full", headers=headers)
    return client.get("/_test/crash", headers=headers)


TITLES = {
    400: ("Permintaan tidak dapat diproses", "The request could not be processed"),
    403: ("Akses ditolak", "Access denied"),
    404: ("Halaman tidak ditemukan", "Page not found"),
    405: ("Cara membuka halaman ini keliru", "This page cannot be opened that way"),
    413: ("Kiriman terlalu besar", "Too much data sent"),
    429: ("Terlalu banyak percobaan", "Too many attempts"),
    500: ("Terjadi gangguan di sisi kami", "Something went wrong on our side"),
    503: ("Penyimpanan server sedang penuh", "The server's storage is full"),
}


@pytest.mark.parametrize("code", sorted(TITLES))
@pytest.mark.parametrize(("accept", "index"), [(None, 0), ("en-US", 1)])
def test_error_pages_are_friendly_in_both_languages(client, code, accept, index):
    headers = {"Accept-Language": accept} if accept else {}
    response = request_status(client, code, headers)
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert response.mimetype == "text/html"
    assert TITLES[code][index] in page
    assert TITLES[code][1 - index] not in page
    assert "Traceback" not in page
    assert "/srv/secret" not in page
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_413_page_states_the_limit(client):
    page = request_status(client, 413, {}).get_data(as_text=True)
    assert "1 KB" in page


def test_405_keeps_the_allow_header(client):
    assert "POST" in request_status(client, 405, {}).headers["Allow"]


def test_429_says_when_to_retry(client):
    response = request_status(client, 429, {})
    assert int(response.headers["Retry-After"]) > 0


def test_crash_is_logged_not_shown(client, caplog):
    request_status(client, 500, {})
    assert any("exploded" in str(record.exc_info) for record in caplog.records)


def test_a_handled_error_is_logged_with_its_traceback_time_and_request_id(app, client, caplog):
    """An operator can count errors: one line per failure, with when, which request and why."""
    from webapp.logs import FORMAT

    response = client.get("/_test/crash", headers={"X-Request-ID": "req-1234abcd"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "req-1234abcd"
    record = next(r for r in caplog.records if r.exc_info and "exploded" in str(r.exc_info[1]))
    assert record.request_id == "req-1234abcd"
    line = logging.Formatter(FORMAT).format(record)
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ERROR \[req-1234abcd\] webapp\.errors: "
                    r"Unhandled error on GET /_test/crash\nTraceback", line), line


def test_every_answer_names_its_request(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", first.headers["X-Request-ID"])
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    bogus = client.get("/healthz", headers={"X-Request-ID": "bad id; <script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", bogus.headers["X-Request-ID"])
