"""Database wiring: one engine per app, one session per app context (the models are in
webapp.models). SQLAlchemy itself is imported with the first session, so a command or a page
that needs no database starts without it.

SQLite is the embedded default. It runs in WAL mode with a busy timeout, foreign keys on, and
write transactions opened with BEGIN IMMEDIATE, so that concurrent writers queue for the lock
instead of failing with "database is locked". PostgreSQL is used when DATABASE_URL says so.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app, g, has_request_context, request

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

SQLITE_BUSY_TIMEOUT_SECONDS = 30
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_OPTION = "studio_cerita_write"

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Close the session after each context. The engine and the ORM are made with the first
    session (once per process), so commands and workers that never query start quickly."""
    app.extensions["db"] = {"lock": threading.RLock()}  # a factory makes the engine first
    app.teardown_appcontext(close_session)


def made_once(app: Flask, kind: str) -> Any:
    """The app's engine ("engine") or its factory of reading ("read") or writing ("write")
    sessions, made the first time it is asked for."""
    state = app.extensions["db"]
    if kind not in state:
        with state["lock"]:
            if kind not in state:
                state[kind] = make(app, kind)
    return state[kind]


def make(app: Flask, kind: str) -> Any:
    """Make the engine or a session factory of app."""
    if kind == "engine":
        return build_engine(app.config["DATABASE_URL"])
    from sqlalchemy.orm import sessionmaker

    engine = made_once(app, "engine")
    if kind == "write":
        engine = engine.execution_options(**{WRITE_OPTION: True})
    return sessionmaker(engine, expire_on_commit=False)


def build_engine(url: str) -> Engine:
    """Return an engine for url, tuned for concurrent writers when it is SQLite."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

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
    return made_once(app or current_app._get_current_object(), "engine")


def get_session() -> Session:
    """Return this app context's session; requests that may change state get a writer session."""
    if "db_session" not in g:
        writes = not has_request_context() or request.method not in SAFE_METHODS
        app = current_app._get_current_object()
        g.db_session = made_once(app, "write" if writes else "read")()
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    """Roll back anything uncommitted and return the connection to the pool.

    The answer is already made when this runs: a connection that died meanwhile (a database
    restart, a dropped link) is logged and thrown away, never turned into an error page.
    """
    db_session = g.pop("db_session", None)
    if db_session is None:
        return
    try:
        db_session.rollback()
        db_session.close()
    except Exception:
        log.warning("closing the database session failed; its connection is discarded",
                    exc_info=True)
        with suppress(Exception):
            db_session.invalidate()


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
