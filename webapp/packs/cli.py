"""`flask --app webapp pack build`: the same pack as the web page, built at once."""

from __future__ import annotations

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
def build_command(slug: str, out: str, channels: str, language: str) -> None:
    """Build brand SLUG's pack from its newest revision; progress goes to stderr."""
    from webapp.listings.channels import load_channels
    from webapp.media import media_store
    from webapp.packs.builder import PackInputError, build_pack
    from webapp.packs.jobs import pack_input

    brand = get_session().scalar(sql.select(models.Brand).where(models.Brand.slug == slug))
    if brand is None:
        fail(f"no brand with slug {slug!r}")
    known = [channel.id for channel in load_channels()]
    wanted = [c.strip() for c in channels.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in known]
    if unknown:
        fail(f"unknown channel {unknown[0]!r} (known: {', '.join(known)})")
    from webapp.brands.service import head_revision

    profile = head_revision(brand).profile
    chosen = wanted or [c for c in known if c in (profile.get("channels") or [])] or known
    Product = models.Product
    products = list(get_session().scalars(sql.select(Product.id).where(Product.brand_id == brand.id)
                                          .order_by(Product.id)))
    if not products:
        fail(f"brand {slug!r} has no products")
    store = media_store()
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.part")
    try:
        pack = pack_input(brand.id, brand.head_number,
                          {"products": products, "channels": chosen, "language": language},
                          store)
        with temporary.open("wb") as handle:
            build_pack(pack, handle, progress=progress_printer())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except PackInputError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write {out}: {error.strerror or error}")
    finally:
        if temporary.exists():
            temporary.unlink()
    click.echo("", err=True)
    click.echo(f"{target} ({target.stat().st_size} bytes, {len(products)} products, "
               f"{len(chosen)} channels)", err=True)


def progress_printer():
    """Print progress to stderr: one updating line on a terminal, every tenth in a log."""
    terminal = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        if terminal:
            click.echo(f"\r{done}/{total} photos", nl=False, err=True)
        elif done == total or done % max(1, total // 10) == 0:
            click.echo(f"{done}/{total} photos", err=True)

    return show
