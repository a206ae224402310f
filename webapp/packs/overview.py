"""The pack's offline overview, index.html: every channel, product, photo, text and story piece.

Rendered from webapp/packs/templates/index.html by plain Jinja (no Flask: a pack is built in a
worker), autoescaped, with the words of the pack's language from the gettext catalogue. One
Environment per language, so two packs built at once in different languages never share
installed translations. Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader

from webapp.packs.files import (
    CHECKLIST,
    FORMAT_VERSION,
    LOGO,
    STORY_DIR,
    plain,
    product_texts,
    whole,
)
from webapp.packs.sheets import ChannelSheet, channel_sheet
from webapp.text import N_, catalogue, say

if TYPE_CHECKING:
    from webapp.packs.builder import PackChannel, PackInput

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANGUAGE_NAMES = {"id": N_("Bahasa Indonesia"), "en": N_("Bahasa Inggris")}
SHEET_LABELS = {"template": N_("Template Anda, sudah diisi (Excel)"),
                "helper": N_("Lembar bantu, bukan template resmi (Excel)"),
                "feed": N_("Lembar unggah massal (Excel)")}


@cache
def environment(language: str) -> Environment:
    """Return the Jinja environment of the pack templates, speaking language."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      keep_trailing_newline=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(catalogue(language), newstyle=True)
    return env


def index_html(pack: PackInput, outcomes: Mapping[str, ChannelSheet] | None = None) -> str:
    """Return the offline overview page of pack (outcomes: each channel's upload file, as the
    builder made it; worked out here when not given)."""
    story = []
    for code, name in LANGUAGE_NAMES.items():
        pieces = [{"path": f"{STORY_DIR}/{code}/{piece}.txt", "label": piece.replace("_", " "),
                   "body": plain(text)}
                  for piece, text in sorted(pack.story.get(code, {}).items()) if plain(text)]
        if pieces:
            story.append({"label": say(pack.language, name), "pieces": pieces})
    template = environment(pack.language).get_template("index.html")
    return template.render(
        lang=pack.language, brand=plain(pack.brand_name), revision=pack.revision_number,
        day=pack.revision_when(), app=plain(pack.app_version),
        logo=LOGO if pack.logo_png else "", story=story, format=FORMAT_VERSION,
        channels=[channel_view(pack, channel, (outcomes or {}).get(channel.id)
                               or channel_sheet(pack, channel)) for channel in pack.channels])


def channel_view(pack: PackInput, channel: PackChannel,
                 outcome: ChannelSheet) -> dict[str, Any]:
    """Return what the page shows of one channel: its files and its products."""
    language = pack.language
    files = [{"path": f"{channel.id}/{CHECKLIST}", "label": say(language, "Daftar periksa")}]
    if outcome.file and outcome.kind in SHEET_LABELS:
        files.append({"path": f"{channel.id}/{outcome.file}",
                      "label": say(language, SHEET_LABELS[outcome.kind])})
    files.append({"path": f"{channel.id}/{channel.id}.csv", "label": say(language, "Data CSV")})
    products = []
    for product in pack.products:
        copy = product.copy[channel.id]
        folder = f"{channel.id}/{product.slug}"
        images = sorted(product.images.get(channel.id, ()), key=lambda image: image.slot)
        products.append({
            "name": plain(product.name) or product.slug,
            "images": [{"path": f"{folder}/{image.file_name}", "slot": image.slot,
                        "width": whole(image.width) or "", "height": whole(image.height) or ""}
                       for image in images],
            "texts": [{"path": f"{folder}/{file.name}", "label": say(language, file.label),
                       "body": text} for file, text in product_texts(copy, channel)],
            "findings": [plain(finding) for finding in copy.findings if plain(finding)],
        })
    return {"id": channel.id, "name": plain(channel.name), "files": files, "products": products}
