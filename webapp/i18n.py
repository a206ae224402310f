"""Language choice: the owner's saved language, the session's, then the browser's, else id."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user

from webapp.extensions import babel
from webapp.vocab import zones

SESSION_KEY = "locale"
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def init_app(app: Flask) -> None:
    """Attach Babel with our locale selector."""
    babel.init_app(
        app,
        default_locale=app.config["BABEL_DEFAULT_LOCALE"],
        default_timezone=app.config["BABEL_DEFAULT_TIMEZONE"],
        default_translation_directories="translations",
        locale_selector=select_locale,
    )
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.jinja_env.globals["current_language"] = current_language


def select_locale() -> str:
    """Pick the language: a saved choice, then the session's, then English browsers, else id."""
    languages = current_app.config["LANGUAGES"]
    saved = getattr(current_user, "locale", None) if current_user else None
    chosen = saved or session.get(SESSION_KEY)
    if chosen in languages:
        return chosen
    # Visitors get English only when their browser prefers it over Indonesian.
    best = request.accept_languages.best_match(languages, default="id")
    return best if best in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """Return the active language code ('id' or 'en')."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def owner_timezone() -> str:
    """The owner's own time zone (account page), else the app's (Asia/Jakarta)."""
    zone = getattr(current_user, "timezone", None) if current_user else None
    return zone or current_app.config["BABEL_DEFAULT_TIMEZONE"]


def brand_timezone(profile: Mapping[str, Any], owner_zone: str | None = None) -> str:
    """A brand's time zone: its province's (WIB, WITA, WIT), else the owner's, else the app's."""
    return (zones().of_province(profile.get("province")) or owner_zone
            or current_app.config["BABEL_DEFAULT_TIMEZONE"])


def current_timezone() -> str:
    """The time zone dates are shown in: on a brand's pages the brand's (its province's),
    elsewhere the owner's own."""
    brand = g.get("brand")
    if brand is None:
        return owner_timezone()
    if "brand_zone" not in g:
        from webapp.brands.service import head_revision  # only pages that show a time need it

        g.brand_zone = brand_timezone(head_revision(brand).profile, owner_timezone())
    return g.brand_zone
