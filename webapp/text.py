"""Words in a chosen language for code that runs without a request: the pure cores (listing copy,
rule findings, story messages, pack checklists and sheet notes).

There is one translation system. Every string a person reads is written in Indonesian in the code
(or in a data file) and translated in the same gettext catalogue as the pages
(webapp/translations/<lang>/LC_MESSAGES/messages.po). The pages use Flask-Babel; the pure cores
use this module, which reads that catalogue with the standard library, so they need no Flask:

    say("en", "Dibuat oleh %(maker)s", maker="Ibu Sari") == "Made by Ibu Sari"

`N_` marks a string for the catalogue where it is defined (a table of texts) without translating
it; `say` translates it where it is used. `make messages` extracts both (babel.cfg's keywords).
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path
from typing import Any

CATALOGUE_DIR = Path(__file__).resolve().parent / "translations"
DOMAIN = "messages"
SOURCE_LANGUAGE = "id"


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of language (the code's own Indonesian for 'id')."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, CATALOGUE_DIR, languages=[language], fallback=True)


def say(language: str, message: str, /, **params: Any) -> str:
    """message in language, with %(name)s placeholders filled from params."""
    translated = catalogue(language).gettext(message)
    return translated % params if params else translated


def N_(message: str) -> str:
    """Mark message for the catalogue; translate it later with say()."""
    return message
