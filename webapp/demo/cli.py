"""`flask --app webapp demo load`: create or refresh the demo owner and brand."""

from __future__ import annotations

import click
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data for a first look around.")


@demo_cli.command("load")
def demo_load() -> None:
    """Create or refresh the demo owner and brand, and the demo trainer and class; print new
    random passwords once."""
    from webapp.demo.brand import load_demo
    from webapp.demo.classroom import OWNERS, load_demo_class
    from webapp.demo.products import ensure_demo_products
    from webapp.media import media_store

    user, password, brand = load_demo()
    products = ensure_demo_products(brand, media_store())
    click.echo("Demo owner ready. Log in with:")
    click.echo(f"  email:    {user.email}")
    click.echo(f"  password: {password}")
    click.echo(f"  brand:    /brands/{brand.slug} ({brand.head_number} revisions, "
               f"{products} products)")
    trainer, trainer_password, kelas = load_demo_class(brand)
    click.echo("Demo trainer (pendamping) ready. Log in with:")
    click.echo(f"  email:    {trainer.email}")
    click.echo(f"  password: {trainer_password}")
    click.echo(f"  class:    /classes/{kelas.id} (code {kelas.code}, {len(OWNERS) + 1} brands "
               f"shared)")
