"""Flask commands: the app-wide groups (`db`, `media`) and the wiring of every package's group.

Each command group lives beside its concept (brands/cli.py, stories/cli.py, photos/cli.py,
listings/cli.py, packs/cli.py, demo/cli.py); init_app adds them all. Command modules import what a
command needs inside it, so starting the app (every command, every worker) stays cheap.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click
from flask import Flask
from flask.cli import AppGroup

from webapp import PROJECT_ROOT
from webapp.db import get_engine, get_session

if TYPE_CHECKING:
    from alembic.config import Config

db_cli = AppGroup("db", help="Database migrations (Alembic).")


#: Each package's command group, imported when a command of it runs (or `flask --help`).
GROUPS = (
    ("demo", "webapp.demo.cli:demo_cli"),
    ("brand", "webapp.brands.cli:brand_cli"),
    ("story", "webapp.stories.cli:story_cli"),
    ("photo", "webapp.photos.cli:photo_cli"),
    ("channels", "webapp.listings.cli:channels_cli"),
    ("copy", "webapp.listings.cli:copy_cli"),
    ("pack", "webapp.packs.cli:pack_cli"),
    ("sheet", "webapp.packs.cli:sheet_cli"),
    ("class", "webapp.classes.cli:class_cli"),
    ("print", "webapp.prints.cli:print_cli"),
)


def init_app(app: Flask) -> None:
    """Register every command group."""
    app.cli.add_command(db_cli)
    app.cli.add_command(media_cli)
    for name, path in GROUPS:
        app.cli.add_command(LazyGroup(name, path))


class LazyGroup(click.Group):
    """A package's command group, imported the first time one of its commands is asked for."""

    def __init__(self, name: str, path: str) -> None:
        super().__init__(name=name)
        self.path = path

    def real(self) -> click.Group:
        """The group itself (importing its module once)."""
        module, _, attribute = self.path.partition(":")
        return getattr(importlib.import_module(module), attribute)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The group's commands."""
        return self.real().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """One of the group's commands."""
        return self.real().get_command(ctx, name)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The group's help line, for `flask --help`."""
        return self.real().get_short_help_str(limit)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The group's own help text."""
        self.help = self.real().help
        super().format_help(ctx, formatter)


def alembic_config() -> Config:
    """Return an Alembic config pointing at migrations/ and the current app's database."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["engine"] = get_engine()
    return cfg


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from alembic import command

    command.upgrade(alembic_config(), revision)


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION."""
    from alembic import command

    command.downgrade(alembic_config(), revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    from alembic import command

    command.revision(alembic_config(), message=message, autogenerate=True)


@db_cli.command("current")
def db_current() -> None:
    """Show the migration the database is at."""
    from alembic import command

    command.current(alembic_config())


def fail(reason: str) -> NoReturn:
    """Stop a command with a one-line reason on stderr and exit status 1."""
    click.echo(f"Error: {reason}", err=True)
    raise SystemExit(1)


def write_atomically(path: Path, text: str) -> None:
    """Write text to path through a temporary file, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                     prefix=f".{path.name}.") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(handle.name, path)


media_cli = AppGroup("media", help="Stored files: find and remove what nothing refers to.")
TEMPORARY_GRACE_SECONDS = 3600


@media_cli.command("sweep")
@click.option("--apply", "apply_changes", is_flag=True,
              help="Delete the files (without it, only list them).")
def media_sweep(apply_changes: bool) -> None:
    """List (or with --apply delete) stored files no photo, revision, pack or uploaded
    seller-centre template refers to (a replaced or removed template's file goes here).

    Leftover temporary files older than an hour (an interrupted write) are swept too. Rendition
    caches are left alone: they are rebuilt on demand. Photos deleted more than 30 days ago
    leave the trash first, so that their originals are swept with the rest.
    """
    import time

    from sqlalchemy import select

    from webapp.media import media_store
    from webapp.models import BrandRevision, ChannelTemplate, PackJob, Photo
    from webapp.photos.service import purge_trash

    for photo in purge_trash(apply=apply_changes):
        click.echo(f"{'removed' if apply_changes else 'expired'}: photo {photo.id} from the trash")
    session = get_session()
    used = {
        "photos": set(session.scalars(select(Photo.original))),
        "logos": {profile.get("logo") for profile in session.scalars(
            select(BrandRevision.profile)) if isinstance(profile, dict)},
        "packs": set(session.scalars(select(PackJob.result).where(PackJob.result.is_not(None)))),
        "templates": set(session.scalars(select(ChannelTemplate.stored))),
    }
    store = media_store()
    now = time.time()
    found = 0
    for kind, names in used.items():
        folder = store.root / kind
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            temporary = path.name.startswith(".tmp-")
            if temporary and now - path.stat().st_mtime < TEMPORARY_GRACE_SECONDS:
                continue  # possibly still being written
            if temporary or path.name not in names:
                found += 1
                click.echo(f"{'deleted' if apply_changes else 'unused'}: {kind}/{path.name}")
                if apply_changes:
                    path.unlink()
    outcome = "deleted" if apply_changes else "unused (use --apply to delete)"
    click.echo(f"{found} file(s) {outcome}", err=True)
