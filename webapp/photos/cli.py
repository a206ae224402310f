"""`flask --app webapp photo render`: channel-ready images from files, for trainers and scripts."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

photo_cli = AppGroup("photo", help="Product photos: render channel-ready images.")


@photo_cli.command("render")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--channel", "channel_id", required=True, help="Channel id, e.g. shopee.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Folder for the rendered images (created if missing).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per output.")
def render_command(inputs: tuple[str, ...], channel_id: str, out: str, as_json: bool) -> None:
    """Render each INPUT with every image preset of the channel into OUT."""
    from slugify import slugify

    from webapp.errors import refusal_message
    from webapp.listings.channels import UnknownChannelError, get_channel
    from webapp.photos import imaging

    try:
        presets = get_channel(channel_id).presets
    except UnknownChannelError:
        raise click.UsageError(f"unknown channel {channel_id!r}") from None
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    failed = False
    for number, name in enumerate(inputs, start=1):
        try:
            data = Path(name).read_bytes()
            results = imaging.open_and_render_all(data, presets)
        except OSError as error:
            click.echo(f"{name}: cannot read: {error.strerror}", err=True)
            failed = True
            continue
        except imaging.PhotoError as error:
            click.echo(f"{name}: {refusal_message(error, 'en')}", err=True)
            failed = True
            continue
        for result in results:
            stem = slugify(Path(name).stem, max_length=40) or "foto"
            target = folder / f"{number:02d}-{stem}-{result.preset}.{result.extension}"
            target.write_bytes(result.data)
            line = {"input": name, "preset": result.preset, "path": str(target),
                    "width": result.width, "height": result.height, "bytes": len(result.data)}
            if result.warnings:
                line["warnings"] = list(result.warnings)
            click.echo(json.dumps(line) if as_json else
                       f"{target} {result.width}x{result.height} {len(result.data)} bytes")
    if failed:
        raise SystemExit(1)
