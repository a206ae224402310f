"""The pack's offline overview, index.html: every channel, product, photo, text and story piece.

Rendered from webapp/packs/templates/index.html by plain Jinja (no Flask: a pack is built in a
worker), autoescaped, with the words of the pack's language from the gettext catalogue. One
Environment per language, so two packs built at once in different languages never share
installed translations. Pure: no Flask, no ORM.

The page is read on the phone the owner lists from: every channel and product opens and closes
(<details>), every text sits in a read-only field with a copy button, in the brand's colours.
Its one script (templates/copy.js, the copy buttons) is inline and allowed by its hash alone:
the page is a file, opened from the unzipped folder or straight from the ZIP, never served.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from webapp.colours import contrast
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
HEX = re.compile(r"#[0-9a-fA-F]{6}")
# Without brand colours: the app's own brown and a warm light tint.
DEFAULT_COLOURS = ("#8a5a2b", "#f3ece3")
BLACK, WHITE = "#000000", "#ffffff"
# Characters of a line that fit a text field on a 360 px wide phone, to size the field.
LINE_CHARS = 34
MIN_ROWS, MAX_ROWS = 2, 10


# --- colours -------------------------------------------------------------------------------------

def text_on(background: str) -> str:
    """Return black or white, whichever reads better on background (always at least 4.58:1,
    above the 4.5:1 of WCAG AA)."""
    return max((BLACK, WHITE), key=lambda text: contrast(text, background))


def theme(colours: Sequence[Any]) -> dict[str, str]:
    """Return the page's colours from the brand's [primary, secondary]: each #rrggbb (anything
    else, which could break out of the style sheet, is replaced by the default) with the text
    colour that reads on it."""
    chosen = [value.lower() if isinstance(value, str) and HEX.fullmatch(value) else default
              for value, default in zip([*colours[:2], None, None][:2], DEFAULT_COLOURS,
                                        strict=True)]
    brand, soft = chosen
    return {"brand": brand, "on_brand": text_on(brand), "soft": soft, "on_soft": text_on(soft)}


# --- the page ------------------------------------------------------------------------------------

@cache
def environment(language: str) -> Environment:
    """Return the Jinja environment of the pack templates, speaking language."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      keep_trailing_newline=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(catalogue(language), newstyle=True)
    return env


@cache
def copy_script() -> tuple[Markup, str]:
    """Return the copy buttons' script and its CSP source ('sha256-...')."""
    script = (TEMPLATES / "copy.js").read_text(encoding="utf-8").strip()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return Markup(script), Markup(f"'sha256-{digest}'")  # noqa: S704 - our file, no user text


def rows(text: str) -> int:
    """Return how many lines a text field shows of text on a phone (it scrolls beyond)."""
    lines = sum(max(1, -(-len(line) // LINE_CHARS)) for line in text.split("\n"))
    return max(MIN_ROWS, min(MAX_ROWS, lines))


def index_html(pack: PackInput, outcomes: Mapping[str, ChannelSheet] | None = None) -> str:
    """Return the offline overview page of pack (outcomes: each channel's upload file, as the
    builder made it; worked out here when not given)."""
    story = []
    for code, name in LANGUAGE_NAMES.items():
        pieces = [{"id": f"{STORY_DIR}-{code}-{piece}", "label": piece.replace("_", " "),
                   "body": plain(text), "rows": rows(plain(text))}
                  for piece, text in sorted(pack.story.get(code, {}).items()) if plain(text)]
        if pieces:
            story.append({"label": say(pack.language, name), "pieces": pieces})
    template = environment(pack.language).get_template("index.html")
    script, script_source = copy_script()
    return template.render(
        lang=pack.language, brand=plain(pack.brand_name), revision=pack.revision_number,
        day=pack.revision_when(), app=plain(pack.app_version),
        logo=LOGO if pack.logo_png else "", story=story, format=FORMAT_VERSION,
        colours=theme(pack.colours), script=script, script_source=script_source,
        channels=[channel_view(pack, channel, (outcomes or {}).get(channel.id)
                               or channel_sheet(pack, channel)) for channel in pack.channels])


def channel_view(pack: PackInput, channel: PackChannel,
                 outcome: ChannelSheet) -> dict[str, Any]:
    """Return what the page shows of one channel: its files, whether it is ready to upload (as
    the manifest says it) and its products."""
    language = pack.language
    files = [{"path": f"{channel.id}/{CHECKLIST}", "label": say(language, "Daftar periksa")}]
    if outcome.file and outcome.kind in SHEET_LABELS:
        files.append({"path": f"{channel.id}/{outcome.file}",
                      "label": say(language, SHEET_LABELS[outcome.kind])})
    files.append({"path": f"{channel.id}/{channel.id}.csv", "label": say(language, "Data CSV")})
    products = [product_view(language, channel, product, number)
                for number, product in enumerate(pack.products, start=1)]
    unfilled = outcome.result.required_empty if outcome.result is not None else ()
    return {"id": channel.id, "name": plain(channel.name), "files": files,
            "products": products,
            "ready": all(product["ready"] for product in products) and not unfilled}


def product_view(language: str, channel: PackChannel, product: Any,
                 number: int) -> dict[str, Any]:
    """Return what the page shows of one product on a channel: photos, texts, findings."""
    copy = product.copy[channel.id]
    folder = f"{channel.id}/{product.slug}"
    images = sorted(product.images.get(channel.id, ()), key=lambda image: image.slot)
    return {
        "name": plain(product.name) or product.slug, "ready": copy.ready,
        "images": [{"path": f"{folder}/{image.file_name}", "slot": image.slot,
                    "width": whole(image.width) or "", "height": whole(image.height) or ""}
                   for image in images],
        "texts": [{"id": f"{channel.id}-{number}-{file.name.split('.')[0]}",
                   "label": say(language, file.label), "body": text, "rows": rows(text)}
                  for file, text in product_texts(copy, channel)],
        "findings": [plain(finding) for finding in copy.findings if plain(finding)],
    }


# --- the app's pack page -------------------------------------------------------------------------

def folder_contents(pack: PackInput, paths: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Return, per channel, what its folder of the ZIP holds (paths: every entry): its own
    files, and per product folder the photos (each with the photo it was rendered from), the
    other files, and whether the product is ready. The app's pack page draws it as a grid."""
    result = {}
    for channel in pack.channels:
        inside = [path.split("/", 1)[1] for path in paths if path.startswith(f"{channel.id}/")]
        products = []
        for product in pack.products:
            sources = {image.file_name: image.source
                       for image in product.images.get(channel.id, ())}
            names = [path.split("/", 1)[1] for path in inside
                     if path.startswith(f"{product.slug}/")]
            products.append({
                "folder": product.slug, "name": plain(product.name) or product.slug,
                "ready": product.copy[channel.id].ready,
                "photos": [[name, sources[name]] for name in names if name in sources],
                "files": [name for name in names if name not in sources]})
        result[channel.id] = {"files": [path for path in inside if "/" not in path],
                              "products": products}
    return result
