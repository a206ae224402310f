"""Database wiring: declarative base, one engine per app, one session per app context.

SQLite is the embedded default. It runs in WAL mode with a busy timeout, foreign keys on, and
write transactions opened with BEGIN IMMEDIATE, so that concurrent writers queue for the lock
instead of failing with "database is locked". PostgreSQL is used when DATABASE_URL says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, abort, current_app, g, has_request_context, request
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_SECONDS = 30
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_OPTION = "studio_cerita_write"

ModelT = TypeVar("ModelT")


class Base(DeclarativeBase):
    """Declarative base for every model, with a constraint naming convention for migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def init_app(app: Flask) -> None:
    """Create the app's engine and session factories and close the session after each context."""
    engine = build_engine(app.config["DATABASE_URL"])
    app.extensions["db"] = {
        "engine": engine,
        "read": sessionmaker(engine, expire_on_commit=False),
        "write": sessionmaker(engine.execution_options(**{WRITE_OPTION: True}),
                              expire_on_commit=False),
    }
    app.teardown_appcontext(close_session)


def build_engine(url: str) -> Engine:
    """Return an engine for url, tuned for concurrent writers when it is SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the driver (SQLAlchemy's documented recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # A writer takes the write lock up front, so it waits (busy_timeout) instead of
        # failing when it would upgrade a read snapshot that another writer made stale.
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def get_engine(app: Flask | None = None) -> Engine:
    """Return the engine of app (default: the current app)."""
    return (app or current_app).extensions["db"]["engine"]


def get_session() -> Session:
    """Return this app context's session; requests that may change state get a writer session."""
    if "db_session" not in g:
        writes = not has_request_context() or request.method not in SAFE_METHODS
        factory = current_app.extensions["db"]["write" if writes else "read"]
        g.db_session = factory()
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    """Roll back anything uncommitted and return the connection to the pool."""
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.rollback()
        db_session.close()


@contextmanager
def transaction() -> Iterator[Session]:
    """Run one user action as one transaction: commit on success, roll back on any error."""
    db_session = get_session()
    try:
        yield db_session
        db_session.commit()
    except BaseException:
        db_session.rollback()
        raise


def release() -> None:
    """End this context's transaction, so that slow work needing no database (decoding an
    uploaded photo) holds no lock; loaded rows stay usable and the next query starts anew."""
    db_session = g.get("db_session")
    if db_session is not None:
        db_session.commit()


def rollback() -> None:
    """Undo this context's unfinished transaction; rows already loaded reload on next use."""
    db_session = g.get("db_session")
    if db_session is not None:
        db_session.rollback()


def get_or_404(model: type[ModelT], ident: Any) -> ModelT:
    """Load a row by primary key or answer 404."""
    row = get_session().get(model, ident)
    if row is None:
        abort(404)
    return row
