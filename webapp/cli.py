"""Flask commands: `flask --app webapp db ...` and `flask --app webapp demo load`."""

from __future__ import annotations

import secrets

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import AppGroup

from webapp import PROJECT_ROOT
from webapp.auth.service import hash_password
from webapp.db import transaction
from webapp.models import User

db_cli = AppGroup("db", help="Database migrations (Alembic).")
demo_cli = AppGroup("demo", help="Demo data for a first look around.")

DEMO_EMAIL = "demo@studiocerita.id"
DEMO_NAME = "Ibu Sari (demo)"


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(db_cli)
    app.cli.add_command(demo_cli)


def alembic_config() -> Config:
    """Return an Alembic config pointing at migrations/ and the current app's database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["engine"] = current_app.extensions["db"]["engine"]
    return cfg


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    command.upgrade(alembic_config(), revision)


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION."""
    command.downgrade(alembic_config(), revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    command.revision(alembic_config(), message=message, autogenerate=True)


@db_cli.command("current")
def db_current() -> None:
    """Show the migration the database is at."""
    command.current(alembic_config())


@demo_cli.command("load")
def demo_load() -> None:
    """Create or refresh the demo owner, with a new random password printed once."""
    password = secrets.token_urlsafe(9)
    with transaction() as session:
        user = session.scalar(User.by_email(DEMO_EMAIL))
        if user is None:
            user = User(email=DEMO_EMAIL, name=DEMO_NAME, password_hash="", locale="id")
            session.add(user)
        else:  # a refreshed demo ends the sessions opened with the old password
            user.session_version += 1
        user.password_hash = hash_password(password)
    click.echo("Demo owner ready. Log in with:")
    click.echo(f"  email:    {DEMO_EMAIL}")
    click.echo(f"  password: {password}")
