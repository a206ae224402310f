"""Flask commands: `flask --app webapp db ...` and `flask --app webapp demo load`."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import NoReturn

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from webapp import PROJECT_ROOT
from webapp.db import get_session
from webapp.models import Brand, User

db_cli = AppGroup("db", help="Database migrations (Alembic).")
demo_cli = AppGroup("demo", help="Demo data for a first look around.")



def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(db_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(brand_cli)
    app.cli.add_command(media_cli)


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
    """Create or refresh the demo owner and brand; print a new random password once."""
    from webapp.demo import load_demo
    from webapp.demo_products import ensure_demo_products
    from webapp.media import MediaStore

    user, password, brand = load_demo()
    products = ensure_demo_products(brand, MediaStore(current_app.config["MEDIA_ROOT"]))
    click.echo("Demo owner ready. Log in with:")
    click.echo(f"  email:    {user.email}")
    click.echo(f"  password: {password}")
    click.echo(f"  brand:    /brands/{brand.slug} ({brand.head_number} revisions, "
               f"{products} products)")


brand_cli = AppGroup("brand", help="Brand backups: export and import with every revision.")


@brand_cli.command("export")
@click.argument("slug")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Where to write the JSON file ('-' for standard output).")
def brand_export(slug: str, out: str) -> None:
    """Write brand SLUG with all its revisions to a JSON file."""
    from webapp.brands.service import export_brand

    brand = get_session().scalar(select(Brand).where(Brand.slug == slug))
    if brand is None:
        fail(f"no brand with slug {slug!r}")
    text = json.dumps(export_brand(brand), ensure_ascii=False, indent=2) + "\n"
    if out == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomically(Path(out), text)
    except OSError as error:
        fail(f"cannot write {out}: {error.strerror}")
    click.echo(f"{slug}: {brand.head_number} revisions written to {out}", err=True)


@brand_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--owner", required=True, help="Email of the account that will own the brand.")
def brand_import(file: str, owner: str) -> None:
    """Create a new brand from an export FILE and print its slug."""
    from webapp.brands.messages import brand_error_message
    from webapp.brands.service import BrandError, import_brand, parse_brand_file

    user = get_session().scalar(User.by_email(owner))
    if user is None:
        fail(f"no account with email {owner!r}")
    try:
        data = Path(file).read_bytes()
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror}")
    try:
        brand = import_brand(user, parse_brand_file(data))
    except BrandError as error:
        with force_locale("en"):
            fail(brand_error_message(error))
    click.echo(brand.slug)


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
    """List (or with --apply delete) stored files no photo, revision or pack refers to.

    Leftover temporary files older than an hour (an interrupted write) are swept too. Rendition
    caches are left alone: they are rebuilt on demand.
    """
    import time

    from webapp.media import MediaStore
    from webapp.models import BrandRevision, PackJob, Photo

    session = get_session()
    used = {
        "photos": set(session.scalars(select(Photo.original))),
        "logos": {profile.get("logo") for profile in session.scalars(
            select(BrandRevision.profile)) if isinstance(profile, dict)},
        "packs": set(session.scalars(select(PackJob.result).where(PackJob.result.is_not(None)))),
    }
    store = MediaStore(current_app.config["MEDIA_ROOT"])
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
