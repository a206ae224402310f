"""Flaskr-shaped fixtures: a fresh app and database per test, a client, a CLI runner, auth."""

from __future__ import annotations

import os
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from tests.factories import DEFAULT_PASSWORD, create_brand, create_user
from webapp import create_app
from webapp.db import Base, get_engine

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"'
                          r'|name="csrf_token" value="([^"]+)"')


class FormClient(FlaskClient):
    """A test client whose POSTs carry the session's CSRF token unless told otherwise."""

    def csrf_token(self) -> str:
        """Return the CSRF token of this client's session, read from a page like a browser."""
        page = self.get("/").get_data(as_text=True)
        match = CSRF_PATTERN.search(page)
        assert match, "no CSRF token on the landing page"
        return match.group(1) or match.group(2)

    def post(self, *args, csrf: bool = True, **kwargs):
        """POST, adding csrf_token to dict form data when csrf is True."""
        data = kwargs.get("data")
        if csrf and isinstance(data, dict) and "csrf_token" not in data:
            kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        return super().post(*args, **kwargs)


def make_app(tmp_path, monkeypatch, **overrides):
    """Build an app on a fresh database: SQLite under tmp_path, or TEST_DATABASE_URL's schema."""
    monkeypatch.setenv("STUDIO_CERITA_INSTANCE", str(tmp_path / "instance"))
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "STUDIO_CERITA_ENV", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-production",
        "RATELIMIT_ENABLED": False,
        "DATABASE_URL": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite3'}",
        **overrides,
    }
    app = create_app(config)
    app.test_client_class = FormClient
    engine = get_engine(app)
    if engine.dialect.name == "postgresql":
        reset_postgresql(engine)
    Base.metadata.create_all(engine)
    return app


def reset_postgresql(engine) -> None:
    """Drop every table of the test database, whatever created it (models or migrations)."""
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture
def app(tmp_path, monkeypatch):
    """A fresh app with its own empty database."""
    app = make_app(tmp_path, monkeypatch)
    yield app
    get_engine(app).dispose()


@pytest.fixture
def app_factory(tmp_path, monkeypatch):
    """Build an app with config overrides, for tests of one setting."""
    apps = []

    def build(**overrides):
        app = make_app(tmp_path, monkeypatch, **overrides)
        apps.append(app)
        return app

    yield build
    for app in apps:
        get_engine(app).dispose()


@pytest.fixture
def client(app):
    """A browser-like client for app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the app's CLI commands."""
    return app.test_cli_runner()


class AuthActions:
    """Log a test client in and out through the real pages."""

    def __init__(self, app, client):
        self._app = app
        self._client = client

    def create(self, email="sari@example.id", password=DEFAULT_PASSWORD, **fields):
        """Create an account directly in the database and return it."""
        with self._app.app_context():
            return create_user(email=email, password=password, **fields)

    def login(self, email="sari@example.id", password=DEFAULT_PASSWORD, **extra):
        """Log in through the login form."""
        return self._client.post("/login", data={"email": email, "password": password, **extra})

    def logout(self):
        """Log out through the logout button."""
        return self._client.post("/logout", data={})

    def switch_to_another_owner(self, email="lain@example.id"):
        """Log out, then log in as a new account that owns nothing (for 404 tests)."""
        self.logout()
        self.create(email=email)
        return self.login(email=email)


@pytest.fixture
def auth(app, client):
    """Helpers to create an account and log the client in and out."""
    return AuthActions(app, client)


@pytest.fixture
def owner_client(app, client, auth):
    """A client logged in as the owner of the brand batik-sekar-lasem (factory defaults)."""
    owner = auth.create()
    with app.app_context():
        create_brand(owner)
    auth.login()
    return client
