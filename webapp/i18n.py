"""Language choice: the owner's saved language, the session's, then the browser's, else id."""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from webapp.extensions import babel

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


def current_timezone() -> str:
    """The time zone dates are shown in: the owner's own, else the app's (Asia/Jakarta)."""
    zone = getattr(current_user, "timezone", None) if current_user else None
    return zone or current_app.config["BABEL_DEFAULT_TIMEZONE"]
