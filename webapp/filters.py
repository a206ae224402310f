"""Template filters: stored values as the owner reads them, in the page's language and time zone.

Registered app-wide in create_app. The formats themselves live in `webapp.formatting`.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask, g
from flask_babel import lazy_gettext as _l

from webapp import formatting
from webapp.brands.labels import TONE_LABELS, WATERMARK_LABELS
from webapp.i18n import brand_timezone, current_language, current_timezone, owner_timezone
from webapp.lazy import lazy

profiles = lazy("webapp.brands.profile")
brands = lazy("webapp.brands.service")
#: A traffic light in a word, for counts ("2 merah").
LIGHT_WORDS = {"red": _l("merah"), "amber": _l("kuning"), "green": _l("hijau")}
channels = lazy("webapp.listings.channels")
vocab = lazy("webapp.vocab")


def init_app(app: Flask) -> None:
    """Register every filter."""
    app.jinja_env.filters.update(
        rupiah=lambda amount: formatting.rupiah(amount, current_language()),
        tanggal=lambda value: formatting.long_date(value, current_language()),
        waktu=waktu,
        ukuran=lambda size: formatting.file_size(size, current_language()),
        telepon=formatting.phone_number,
        cm=lambda value: formatting.decimal(value, current_language()),
        vocab_label=vocab_label,
        channel_label=lambda channel_id: channels.channel_label(channel_id),
        tone_label=lambda tone: str(TONE_LABELS.get(tone, tone)),
        watermark_label=lambda value: str(WATERMARK_LABELS.get(value, value)),
        colour_swatch=colour_swatch,
        brand_band=brand_band,
    )
    app.jinja_env.globals.update(LIGHT_WORDS=LIGHT_WORDS, brand_profile=brand_profile)


def waktu(value, profile=None) -> str:
    """A moment with its zone: the page's (a brand's pages: the brand's), or, given a brand's
    profile (a list of brands), that brand's."""
    zone = current_timezone() if profile is None else brand_timezone(profile, owner_timezone())
    return formatting.date_time(value, current_language(), zone)


def vocab_label(term_id: str, table: str) -> str:
    """The label of a vocabulary id in the current language (the id if unknown)."""
    term = vocab.vocabulary().get(table, term_id)
    return term.label(current_language()) if term else term_id


def colour_swatch(colour: str) -> str:
    """A data: URI of a small square in colour (no inline style needed under the CSP)."""
    if not profiles.HEX_COLOUR.match(colour or ""):
        return ""
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16'>"
           f"<rect width='16' height='16' rx='3' fill='{colour}' stroke='#5c4a3d'/></svg>")
    return "data:image/svg+xml," + quote(svg)


def brand_band(colours: list[str]) -> str:
    """A data: URI of a thin band in the brand's colours, for the top of its pages."""
    valid = [colour for colour in colours or [] if profiles.HEX_COLOUR.match(colour or "")][:2]
    if not valid:
        return ""
    width = 320 // len(valid)
    stripes = "".join(f"<rect x='{i * width}' width='{width}' height='6' fill='{colour}'/>"
                      for i, colour in enumerate(valid))
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='320' height='6' "
           f"preserveAspectRatio='none'>{stripes}</svg>")
    return "data:image/svg+xml," + quote(svg)


def brand_profile(brand) -> dict:
    """The brand's current profile, read once per request (for the header of its pages)."""
    cache = g.setdefault("brand_profiles", {})
    if brand.id not in cache:
        cache[brand.id] = brands.head_revision(brand).profile
    return cache[brand.id]
