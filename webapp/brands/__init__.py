"""Brand profiles and their revisions."""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask

from webapp.brands.forms import TONE_LABELS, WATERMARK_LABELS
from webapp.brands.profile import HEX_COLOUR
from webapp.catalog import channel_label, vocabulary
from webapp.i18n import current_language


def init_app(app: Flask) -> None:
    """Register the blueprint and the filters that turn stored ids into readable labels."""
    from webapp.brands.views import bp

    app.register_blueprint(bp)
    app.jinja_env.filters.update(
        vocab_label=vocab_label,
        channel_label=lambda channel_id: channel_label(channel_id, current_language()),
        tone_label=lambda tone: str(TONE_LABELS.get(tone, tone)),
        watermark_label=lambda value: str(WATERMARK_LABELS.get(value, value)),
        colour_swatch=colour_swatch,
        cm=centimetres,
    )


def vocab_label(term_id: str, table: str) -> str:
    """Return the label of a vocabulary id in the current language (the id if unknown)."""
    term = vocabulary().get(table, term_id)
    return term.label(current_language()) if term else term_id


def colour_swatch(colour: str) -> str:
    """Return a data: URI of a small square in colour (no inline style needed under the CSP)."""
    if not HEX_COLOUR.match(colour or ""):
        return ""
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16'>"
           f"<rect width='16' height='16' rx='3' fill='{colour}' stroke='#5c4a3d'/></svg>")
    return "data:image/svg+xml," + quote(svg)


def centimetres(value: float | None) -> str:
    """Write a length in centimetres the Indonesian way: 115,5 (no trailing ,0)."""
    if value is None:
        return ""
    text = f"{value:g}"
    return text.replace(".", ",") if current_language() == "id" else text
