"""`flask --app webapp pack build`: the same pack as the web page, built at once."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from webapp.cli import fail
from webapp.db import get_session
from webapp.lazy import lazy

models = lazy("webapp.models")
sql = lazy("sqlalchemy")

LANGUAGES = ("id", "en")
pack_cli = AppGroup("pack", help="Listing packs: build a brand's ZIP.")


@pack_cli.command("build")
@click.option("--brand", "slug", required=True, help="The brand's slug, e.g. contoh.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
              help="Where to write the ZIP.")
@click.option("--channels", default="", help="Comma-separated channel ids (default: the "
              "brand's channels, or all).")
@click.option("--lang", "language", default="id", type=click.Choice(LANGUAGES))
@click.option("--template", "templates", multiple=True, metavar="CHANNEL=FILE.xlsx",
              help="A seller centre's own template to fill for a channel (repeatable); "
              "without it, the brand's uploaded template, else a helper sheet.")
@click.option("--public-links", is_flag=True,
              help="Fill photo columns with signed public links (needs PUBLIC_URL).")
def build_command(slug: str, out: str, channels: str, language: str, templates: tuple[str, ...],
                  public_links: bool) -> None:
    """Build brand SLUG's pack from its newest revision; progress goes to stderr."""
    from flask import current_app

    from webapp.media import media_store
    from webapp.packs.jobs import pack_input

    brand = find_brand(slug)
    chosen = pick_channels(brand, channels)
    given = read_templates(templates, chosen)
    if public_links and not current_app.config.get("PUBLIC_URL"):
        fail("--public-links needs PUBLIC_URL, the app's public address")
    Product = models.Product
    products = list(get_session().scalars(sql.select(Product.id).where(Product.brand_id == brand.id)
                                          .order_by(Product.id)))
    if not products:
        fail(f"brand {slug!r} has no products")
    options = {"products": products, "channels": chosen, "language": language,
               "public_links": public_links}
    pack = pack_input(brand.id, brand.head_number, options, media_store(), templates=given)
    target = write_pack(pack, Path(out))
    click.echo("", err=True)
    click.echo(f"{target} ({target.stat().st_size} bytes, {len(products)} products, "
               f"{len(chosen)} channels)", err=True)


def find_brand(slug: str):
    """The brand with slug, or stop with a reason."""
    brand = get_session().scalar(sql.select(models.Brand).where(models.Brand.slug == slug))
    if brand is None:
        fail(f"no brand with slug {slug!r}")
    return brand


def pick_channels(brand, channels: str) -> list[str]:
    """The channels asked for, else the brand's, else all; an unknown one stops the command."""
    from webapp.brands.service import head_revision
    from webapp.listings.channels import load_channels

    known = [channel.id for channel in load_channels()]
    wanted = [c.strip() for c in channels.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in known]
    if unknown:
        fail(f"unknown channel {unknown[0]!r} (known: {', '.join(known)})")
    profile = head_revision(brand).profile
    return wanted or [c for c in known if c in (profile.get("channels") or [])] or known


def read_templates(given: tuple[str, ...], channels: list[str]) -> dict:
    """The --template files, each checked by the reader, by channel id."""
    from webapp.errors import refusal_message
    from webapp.packs.builder import PackTemplate
    from webapp.packs.workbooks import TemplateError, read_template

    found = {}
    for pair in given:
        channel_id, _, file = pair.partition("=")
        if not file or channel_id not in channels:
            fail(f"--template {pair!r}: write CHANNEL=FILE.xlsx for a channel of the pack")
        try:
            data = Path(file).read_bytes()
            read_template(data, channel_id)
        except OSError as error:
            fail(f"cannot read {file}: {error.strerror}")
        except TemplateError as error:
            fail(f"{file}: {refusal_message(error, 'en')}")
        found[channel_id] = PackTemplate(data=data, file_name=Path(file).name)
    return found


def write_pack(pack, target: Path) -> Path:
    """Write the pack's ZIP to target through a temporary file; stop with a reason on failure."""
    from webapp.packs.builder import PackInputError, build_pack

    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.part")
    try:
        with temporary.open("wb") as handle:
            build_pack(pack, handle, progress=progress_printer())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except PackInputError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write {target}: {error.strerror or error}")
    finally:
        if temporary.exists():
            temporary.unlink()
    return target


def progress_printer():
    """Print progress to stderr: one updating line on a terminal, every tenth in a log."""
    terminal = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        if terminal:
            click.echo(f"\r{done}/{total} photos", nl=False, err=True)
        elif done == total or done % max(1, total // 10) == 0:
            click.echo(f"{done}/{total} photos", err=True)

    return show


sheet_cli = AppGroup("sheet", help="Seller centres' bulk-upload templates: read and fill.")


@sheet_cli.command("read")
@click.option("--channel", "channel_id", required=True, help="shopee, tiktok_shop or tokopedia.")
@click.option("--template", "file", required=True, type=click.Path(dir_okay=False),
              help="The .xlsx template downloaded from the seller centre.")
@click.option("--json", "as_json", is_flag=True, help="Print what was found as JSON.")
def sheet_read(channel_id: str, file: str, as_json: bool) -> None:
    """Say what the reader finds in a template: sheet, key row, first data row, keys, lists."""
    shape = checked_template(channel_id, file)[1]
    found = shape.to_dict()
    summary = {"sheet": found["sheet"], "key_row": found["key_row"],
               "first_data_row": found["first_data_row"],
               "keys": [column["key"] for column in found["columns"]],
               "unknown": found.get("unknown_keys", []),
               "lists": {name: len(values) for name, values in found["lists"].items()},
               "units": {column["key"]: column["unit"] for column in found["columns"]
                         if column.get("unit")}}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    click.echo(f"sheet {summary['sheet']!r}, keys in row {summary['key_row']}, data from row "
               f"{summary['first_data_row']}; {len(summary['keys'])} keys, "
               f"{len(summary['unknown'])} unknown; lists: {summary['lists']}")


@sheet_cli.command("fill")
@click.option("--brand", "slug", required=True, help="The brand's slug, e.g. contoh.")
@click.option("--channel", "channel_id", required=True, help="shopee, tiktok_shop or tokopedia.")
@click.option("--template", "file", required=True, type=click.Path(dir_okay=False),
              help="The .xlsx template downloaded from the seller centre.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
              help="Where to write the filled template.")
@click.option("--public-url", default="", help="The app's public address, for photo links.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
def sheet_fill(slug: str, channel_id: str, file: str, out: str, public_url: str,
               as_json: bool) -> None:
    """Fill a template with the brand's products, by the template's own keys."""
    from flask import current_app

    from webapp.media import media_store
    from webapp.packs.jobs import pack_input
    from webapp.packs.sheets.filling import template_rows
    from webapp.packs.workbooks import TemplateError, fill_template

    data, shape = checked_template(channel_id, file)
    brand = find_brand(slug)
    if public_url:
        current_app.config["PUBLIC_URL"] = public_url
    Product = models.Product
    products = list(get_session().scalars(sql.select(Product.id).where(Product.brand_id == brand.id)
                                          .order_by(Product.id)))
    options = {"products": products, "channels": [channel_id], "language": "id",
               "public_links": bool(public_url)}
    pack = pack_input(brand.id, brand.head_number, options, media_store())
    channel = next(c for c in pack.channels if c.id == channel_id)
    try:
        result = fill_template(data, shape, template_rows(pack, channel, shape))
    except TemplateError as error:
        from webapp.errors import refusal_message

        fail(f"{file}: {refusal_message(error, 'en')}")
    write_bytes(Path(out), result.data)
    outcome = {"rows": result.rows, "filled": list(result.filled), "blank": list(result.blank),
               "unknown": list(result.unknown), "findings": result.messages("en")}
    click.echo(json.dumps(outcome, ensure_ascii=False, indent=2) if as_json else
               f"{out}: {result.rows} rows; {len(result.filled)} keys filled, "
               f"{len(result.blank)} left blank")


def checked_template(channel_id: str, file: str):
    """The bytes of a template file and what the reader found, or stop with a reason."""
    from webapp.errors import refusal_message
    from webapp.packs.uploads import template_channels
    from webapp.packs.workbooks import TemplateError, read_template

    if channel_id not in template_channels():
        fail(f"--channel must be one of {', '.join(template_channels())}, not {channel_id!r}")
    try:
        data = Path(file).read_bytes()
        return data, read_template(data, channel_id)
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror}")
    except TemplateError as error:
        fail(f"{file}: {refusal_message(error, 'en')}")


def write_bytes(target: Path, data: bytes) -> None:
    """Write data to target through a temporary file; stop with a reason on failure."""
    temporary = target.with_name(f".{target.name}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        fail(f"cannot write {target}: {error.strerror or error}")
