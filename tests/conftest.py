"""Flaskr-shaped fixtures: an app per test on a schema made once per process, a client, a CLI
runner, auth; test markers and hypothesis profiles.

The schema is created once per test process (one per xdist worker): an SQLite file that every
test gets a fresh copy of, or a PostgreSQL schema (TEST_DATABASE_URL) emptied before each test.
Either way each test starts from empty tables with ids from 1, as if the database were new.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests import properties  # noqa: F401  (loads the hypothesis profile first)
from tests.factories import DEFAULT_PASSWORD, create_brand, create_user
from webapp import create_app
from webapp.db import get_engine
from webapp.models import Base

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
#: Rate-limit keys of this test process, apart from another worker's in a shared Redis. (The
#: limiter keeps the first app's prefix for the whole process.)
RATELIMIT_PREFIX = f"test-{WORKER}-{os.getpid()}"
#: Passwords in tests are hashed with one round: the policy is tested, not scrypt's cost.
CHEAP_HASH = "pbkdf2:sha256:1"
CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"'
                          r'|name="csrf_token" value="([^"]+)"')
#: Fixtures that give a test a database; such tests get the "db" marker.
DATABASE_FIXTURES = frozenset({"app", "app_factory", "client", "runner", "auth", "database",
                               "owner_client"})

def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that uses a database fixture "db" (CI runs those again on PostgreSQL)."""
    for item in items:
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


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


# --- the database ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Database:
    """Where this test process's schema lives: an SQLite file to copy, or a PostgreSQL URL."""

    template: Path | None = None
    url: str | None = None

    def fresh_url(self, tmp_path: Path) -> str:
        """A URL of empty tables for one test."""
        if self.template is not None:
            target = tmp_path / "test.sqlite3"
            shutil.copyfile(self.template, target)
            return f"sqlite:///{target}"
        empty_tables(self.url)
        return self.url


def schema_url(url: str, schema: str) -> str:
    """url with its connections' search_path set to schema (PostgreSQL)."""
    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}) \
        .render_as_string(hide_password=False)


def recreate_schema(url: str, schema: str) -> str:
    """Drop and create a PostgreSQL schema; return a URL whose connections use it."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        engine.dispose()
    return schema_url(url, schema)


@cache
def emptying_sql() -> str:
    """Statements that empty every table, children first, and restart every id at 1.

    DELETE on the few rows a test leaves takes about 20 ms for the whole schema where TRUNCATE
    (which rewrites every table's files) took about 200 ms: a test's setup on PostgreSQL.
    """
    tables = list(reversed(Base.metadata.sorted_tables))
    deletes = [f'DELETE FROM "{table.name}"' for table in tables]  # noqa: S608 (model names)
    # setval(NULL, ...) is a no-op where a key has no sequence (pg_get_serial_sequence is NULL).
    restarts = [f"""SELECT setval(pg_get_serial_sequence('"{table.name}"', '{column.name}'), 1, """
                "false)" for table in tables for column in table.primary_key.columns]
    return "; ".join(deletes + restarts)


def empty_tables(url: str) -> None:
    """Empty every table of the schema and restart its ids (PostgreSQL)."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(emptying_sql())
    finally:
        engine.dispose()


def drop_schema(url: str, schema: str) -> None:
    """Drop a PostgreSQL schema made by recreate_schema."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    """The models' schema, created once for this test process."""

    if TEST_DATABASE_URL:
        schema = f"test_{WORKER}"
        url = recreate_schema(TEST_DATABASE_URL, schema)
        engine = create_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        yield Database(url=url)
        drop_schema(TEST_DATABASE_URL, schema)
        return
    template = tmp_path_factory.mktemp("schema") / "template.sqlite3"
    engine = create_engine(f"sqlite:///{template}")
    Base.metadata.create_all(engine)
    engine.dispose()
    yield Database(template=template)


@pytest.fixture
def empty_database_url(tmp_path):
    """A database with no tables at all, for migration tests: a new SQLite file, or a schema of
    its own on PostgreSQL."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    schema = f"empty_{WORKER}"
    yield recreate_schema(TEST_DATABASE_URL, schema)
    drop_schema(TEST_DATABASE_URL, schema)


class SharedTemplateCache(BytecodeCache):
    """Compiled templates kept in memory for every app this test process builds.

    Each test builds an app of its own, and each app's Jinja environment compiled every template
    it rendered again: about a third of a page test's time. Jinja keys the cache by template name
    and a checksum of its source, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill bucket from the cache, when this source was compiled before."""
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a freshly compiled template."""
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = SharedTemplateCache()


def make_app(tmp_path, monkeypatch, database_url: str, **overrides):
    """Build an app on database_url with the test settings and overrides."""
    monkeypatch.setenv("STUDIO_CERITA_INSTANCE", str(tmp_path / "instance"))
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "STUDIO_CERITA_ENV", "FLASK_DEBUG",
                 "MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-production",
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_KEY_PREFIX": RATELIMIT_PREFIX,
        "PASSWORD_HASH_METHOD": CHEAP_HASH,
        "DATABASE_URL": database_url,
        **overrides,
    }
    app = create_app(config)
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
    app.test_client_class = FormClient
    return app


@pytest.fixture
def app_factory(tmp_path, monkeypatch, database):
    """Build an app on empty tables with config overrides, for tests of one setting."""
    apps = []

    def build(**overrides):
        app = make_app(tmp_path, monkeypatch, database.fresh_url(tmp_path), **overrides)
        apps.append(app)
        return app

    yield build
    for app in apps:
        get_engine(app).dispose()


@pytest.fixture
def app(app_factory):
    """A fresh app on empty tables."""
    return app_factory()


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
