"""`flask --app webapp brand export|import`: brand backups with every revision, for trainers."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from webapp.cli import fail, write_atomically
from webapp.db import get_session
from webapp.lazy import lazy

models = lazy("webapp.models")
sql = lazy("sqlalchemy")

brand_cli = AppGroup("brand", help="Brand backups: export and import with every revision.")


@brand_cli.command("export")
@click.argument("slug")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Where to write the JSON file ('-' for standard output).")
def brand_export(slug: str, out: str) -> None:
    """Write brand SLUG with all its revisions to a JSON file."""
    from webapp.brands.service import export_brand

    brand = get_session().scalar(sql.select(models.Brand).where(models.Brand.slug == slug))
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
    from webapp.brands.service import BrandError, import_brand, parse_brand_file
    from webapp.errors import refusal_message

    user = get_session().scalar(models.User.by_email(owner))
    if user is None:
        fail(f"no account with email {owner!r}")
    try:
        data = Path(file).read_bytes()
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror}")
    try:
        brand = import_brand(user, parse_brand_file(data))
    except BrandError as error:
        fail(refusal_message(error, "en"))
    click.echo(brand.slug)
