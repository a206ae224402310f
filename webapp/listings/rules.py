"""The rule checker's public face: check any listing text against one channel's rules and score a
whole listing's readiness, each finding with the source of its rule.

The work is done in one module per concept, and this module gathers what other packages use:

- `detectors`: the patterns (contacts, marketplaces, promotion, emoji, HTML, craft claims), the
  rules' sources, and the measures of a text (`text_length` counts as the channels' forms do);
- `checker`: `check_text` for one field, `check_listing` for a listing, `scrub`, `blocking`;
- `findings`: `Finding`, whose `message(language)` and `fix_message(language)` come from the
  gettext catalogue (`MESSAGES` and `FIXES` map each code to its Indonesian msgid);
- `completeness`: `completeness` scores a listing for a channel into `Completeness` and `Gap`s.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

from webapp.listings.checker import FIELDS, blocking, check_listing, check_text, scrub
from webapp.listings.completeness import Completeness, Gap, completeness
from webapp.listings.detectors import (
    EMOJI,
    FORMULA_START,
    HASHTAG,
    WORD,
    hashtags_in,
    is_all_caps,
    keywords,
    mask,
    text_length,
)
from webapp.listings.findings import FIXES, MESSAGES, Finding, render

__all__ = [
    "EMOJI",
    "FIELDS",
    "FIXES",
    "FORMULA_START",
    "HASHTAG",
    "MESSAGES",
    "WORD",
    "Completeness",
    "Finding",
    "Gap",
    "blocking",
    "check_listing",
    "check_text",
    "completeness",
    "hashtags_in",
    "is_all_caps",
    "keywords",
    "mask",
    "render",
    "scrub",
    "text_length",
]
