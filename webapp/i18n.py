"""Language choice and Indonesian-first formatting of money and dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from webapp.extensions import babel

SESSION_KEY = "locale"
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def init_app(app: Flask) -> None:
    """Attach Babel with our locale selector and register the formatting filters."""
    babel.init_app(
        app,
        default_locale=app.config["BABEL_DEFAULT_LOCALE"],
        default_timezone=app.config["BABEL_DEFAULT_TIMEZONE"],
        default_translation_directories="translations",
        locale_selector=select_locale,
    )
    app.jinja_env.filters["rupiah"] = rupiah
    app.jinja_env.filters["tanggal"] = long_date
    app.jinja_env.filters["waktu"] = date_time
    app.jinja_env.filters["ukuran"] = file_size
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


def rupiah(amount: int | float | Decimal | None, language: str | None = None) -> str:
    """Write an amount of money as Rp150.000 (id) or Rp150,000 (en), without decimals."""
    if amount is None:
        return ""
    language = language or current_language()
    whole = Decimal(amount).quantize(Decimal(1))
    return "Rp" + format_decimal(whole, format="#,##0", locale=language)


def long_date(value: date | datetime | None, language: str | None = None) -> str:
    """Write a date as 17 Agustus 2025 (id) or 17 August 2025 (en)."""
    if value is None:
        return ""
    return format_date(value, "d MMMM y", locale=language or current_language())


def date_time(value: datetime | None, language: str | None = None) -> str:
    """Write a moment as 17 Agustus 2025, 14.05 WIB-style local time in the app's timezone."""
    if value is None:
        return ""
    language = language or current_language()
    pattern = "d MMMM y, HH.mm" if language == "id" else "d MMMM y, HH:mm"
    tz = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    return format_datetime(value, pattern, tzinfo=tz, locale=language)


def file_size(size: int | None, language: str | None = None) -> str:
    """Write a byte count as owners read it: 850 KB, 1,5 MB (id) or 1.5 MB (en), 2 GB."""
    size = size or 0
    language = language or current_language()
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2)):
        if size >= scale:
            return f"{format_decimal(size / scale, format='#,##0.#', locale=language)} {unit}"
    return f"{format_decimal(size / 1024, format='#,##0', locale=language)} KB"
