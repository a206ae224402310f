"""`flask --app webapp print tags|card|labels --brand SLUG ... --out FILE.pdf`: print files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click
from flask.cli import AppGroup

from webapp.cli import fail

LANGUAGES = ("id", "en")
QR_KINDS = ("whatsapp", "instagram", "shop")
print_cli = AppGroup("print", help="Print files: hang tags, the story card and label sheets (PDF).")


def brand_or_fail(slug: str, language: str):
    """The brand's print inputs; a one-line reason and exit 1 when there is no such brand."""
    from webapp.prints.facts import brand_by_slug, brand_print

    brand = brand_by_slug(slug)
    if brand is None:
        fail(f"no brand with slug {slug!r}")
    return brand_print(brand, language)


def check_products(brand, slug: str, product_ids: tuple[int, ...]) -> None:
    """A one-line reason and exit 1 when a product id asked for is not the brand's."""
    if product_ids and not set(product_ids) <= {product.id for product in brand.products}:
        fail(f"no such product in {slug!r}: {', '.join(map(str, product_ids))}")


def write_pdf(out: str, make) -> None:
    """Run make() and write its PDF to out; a print problem is one line and exit 1."""
    from webapp.prints.model import PrintError

    target = Path(out)
    if target.suffix.lower() != ".pdf":
        fail(f"--out must end in .pdf, not {target.name!r}")
    try:
        data = make()
    except PrintError as error:
        fail(str(error))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False,
                                         prefix=f".{target.name}.") as handle:
            handle.write(data)
        os.replace(handle.name, target)
    except OSError as error:
        fail(f"cannot write {target}: {error.strerror or error}")
    click.echo(f"{target} ({len(data)} bytes)", err=True)


@print_cli.command("tags")
@click.option("--brand", "slug", required=True, help="The brand's slug.")
@click.option("--product", "product_ids", type=int, multiple=True,
              help="A product's id (repeat it for more; default: every product).")
@click.option("--size", "size_id", default="tag_5x9", help="tag_5x9, tag_6x10 or tag_7x7.")
@click.option("--copies", default=1, type=int, help="Tags per product.")
@click.option("--price", "show_price", is_flag=True, help="Print the price on the back.")
@click.option("--qr", "kind", default="whatsapp", type=click.Choice(QR_KINDS))
@click.option("--lang", "language", default="id", type=click.Choice(LANGUAGES))
@click.option("--out", required=True, type=click.Path(dir_okay=False))
def tags_command(slug: str, product_ids: tuple[int, ...], size_id: str, copies: int,
                 show_price: bool, kind: str, language: str, out: str) -> None:
    """Write A4 pages of hang tags (front and mirrored back, cut marks, 3 mm bleed)."""
    from webapp.prints.model import TagOptions
    from webapp.prints.render import render_tags

    brand = brand_or_fail(slug, language)
    check_products(brand, slug, product_ids)
    options = TagOptions(size=size_id, copies=copies, show_price=show_price, qr=kind)
    write_pdf(out, lambda: render_tags(brand, options, product_ids or None))


@print_cli.command("card")
@click.option("--brand", "slug", required=True, help="The brand's slug.")
@click.option("--qr", "kind", default="whatsapp", type=click.Choice(QR_KINDS))
@click.option("--lang", "language", default="id", type=click.Choice(LANGUAGES))
@click.option("--out", required=True, type=click.Path(dir_okay=False))
def card_command(slug: str, kind: str, language: str, out: str) -> None:
    """Write the brand's A6 story card."""
    from webapp.prints.render import render_card

    brand = brand_or_fail(slug, language)
    write_pdf(out, lambda: render_card(brand, kind))


@print_cli.command("labels")
@click.option("--brand", "slug", required=True, help="The brand's slug.")
@click.option("--product", "product_ids", type=int, multiple=True)
@click.option("--size", "size_id", default="a4_3x8", help="a4_3x8, a4_2x7 or tj_121.")
@click.option("--qr", "kind", default="whatsapp", type=click.Choice(QR_KINDS))
@click.option("--lang", "language", default="id", type=click.Choice(LANGUAGES))
@click.option("--test-page", "guides", is_flag=True,
              help="Draw every label's outline too: print it on plain paper and hold it "
                   "against the label sheet first.")
@click.option("--out", required=True, type=click.Path(dir_okay=False))
def labels_command(slug: str, product_ids: tuple[int, ...], size_id: str, kind: str,
                   language: str, guides: bool, out: str) -> None:
    """Write a sheet of product labels with the brand, the product and the QR code."""
    from webapp.prints.render import render_labels

    brand = brand_or_fail(slug, language)
    check_products(brand, slug, product_ids)
    write_pdf(out, lambda: render_labels(brand, size_id, kind, product_ids or None,
                                         guides=guides))
