"""The database layer: SQLite tuned for concurrent writers, and migrations equal to the models."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from tests.conftest import make_app
from webapp.accounts.service import hash_password
from webapp.db import get_engine, get_session, transaction
from webapp.models import Base, User


def test_sqlite_runs_in_wal_with_a_busy_timeout_and_foreign_keys(app):
    engine = get_engine(app)
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas only apply to the embedded SQLite database")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_migrations_produce_the_same_schema_as_the_models(tmp_path, monkeypatch,
                                                         empty_database_url):
    app = make_app(tmp_path, monkeypatch, empty_database_url)
    engine = get_engine(app)
    with engine.connect() as connection:  # start from nothing
        assert inspect(connection).get_table_names() == []
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
        assert differences == []
        assert "alembic_version" in inspect(connection).get_table_names()
    result = app.test_cli_runner().invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) <= {"alembic_version"}


def test_transaction_rolls_back_everything_on_error(app):
    with app.app_context():
        with pytest.raises(RuntimeError), transaction() as session:
            session.add(User(email="a@example.id", name="A", password_hash="x"))
            session.flush()
            raise RuntimeError("fault after insert, before commit")
        assert get_session().scalar(select(func.count()).select_from(User)) == 0


def test_concurrent_writers_wait_instead_of_failing(app):
    """Twenty threads register at once; none sees 'database is locked'."""
    with app.app_context():
        password_hash = hash_password("tenun ikat sumba timur")
    errors: list[BaseException] = []

    def register(number: int) -> None:
        try:
            with app.app_context(), transaction() as session:
                # read first, then write: the pattern that fails without BEGIN IMMEDIATE
                session.scalar(select(func.count()).select_from(User))
                session.add(User(email=f"u{number}@example.id", name=f"U{number}",
                                 password_hash=password_hash))
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=register, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(User)) == 20


def test_email_is_unique_whatever_its_case(app):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        with transaction() as session:
            session.add(User(email="sari@example.id", name="A", password_hash="x"))
        with pytest.raises(IntegrityError), transaction() as session:
            session.add(User(email="sari@example.id", name="B", password_hash="y"))
        assert get_session().execute(text("SELECT count(*) FROM users")).scalar() == 1


def test_a_connection_that_dies_after_the_page_rendered_never_spoils_the_answer(
        client, auth, monkeypatch, caplog):
    """A database that drops the link after the page is made: the owner still gets the page."""
    from sqlalchemy.orm import Session

    def dead(self):
        raise OSError("server closed the connection unexpectedly")

    auth.create()
    auth.login()
    monkeypatch.setattr(Session, "rollback", dead)
    response = client.get("/dashboard")
    assert response.status_code == 200
    assert "closing the database session failed" in caplog.text
