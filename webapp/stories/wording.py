"""Answers as words in a sentence: cleaning, numbers and money as typed, lists as prose, and the
case of a fragment's first letter.

Numbers and money are written by `webapp.formatting` (one format for the whole app); this module
only reads what the owner typed ("Rp 150.000,00", "1.500") into a number first.

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import InvalidOperation

from babel.lists import format_list

from webapp.formatting import rupiah, whole_number

_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?…])(?=\s|$)")
_PUNCT_RUN = re.compile(r"([.,;:!?…])(?:\s*[.,;:!?…])+")
_STRAY = " \t\n.,;:!?…-–—"
_PUNCT_BEFORE_CLOSER = re.compile(r"[.,;:!?…]+(?=[\"'”’»)\]]+$)")
_DANGLING = re.compile(r"(?:(?:^|\s+)(?:dan|serta|atau|and|or|&))+$", re.IGNORECASE)
_NUMBER = re.compile(r"^\d{1,3}(?:[.,\s]\d{3})+$|^\d+$")
_MONEY_PREFIX = re.compile(r"^(?:rp|idr)\.?\s*", re.IGNORECASE)
_MONEY_SUFFIX = re.compile(r"(?:,00|,-|\.-)$")
_TRUE = frozenset({"ya", "yes", "y", "true", "1", "on", "benar"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def clean_answer(text: str) -> str:
    """Tidy one answer: one space between words, no stray or doubled punctuation at the ends.

    A trailing "dan"/"and" is dropped too, so that no sentence ends on a dangling conjunction.
    """
    text = unicodedata.normalize("NFC", str(text))
    text = " ".join(text.split())
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _PUNCT_RUN.sub(r"\1", text)
    previous = None
    while previous != text:
        previous = text
        text = _PUNCT_BEFORE_CLOSER.sub("", text)
        text = text.strip(_STRAY)
        text = _DANGLING.sub("", text)
    return text


def truthy(value: str) -> bool:
    """Read a confirm answer ("ya", "yes", "true", ...)."""
    return clean_answer(value).casefold() in _TRUE


def parse_number(text: str) -> int | None:
    """Read a whole number written with or without thousands separators; None otherwise."""
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    return int(re.sub(r"\D", "", text))


def format_count(text: str, language: str) -> str:
    """Write a typed number with the language's thousands mark (1.500, 1,500); other text, and
    numbers too long to be a count, stay as given."""
    number = parse_number(text)
    if number is None:
        return text
    try:
        return whole_number(number, language)
    except InvalidOperation:
        return text


def format_money(text: str, language: str) -> str:
    """Write a typed amount as Rp150.000 (PUEBI) or IDR 150,000; other text stays as given."""
    amount = parse_number(_MONEY_SUFFIX.sub("", _MONEY_PREFIX.sub("", text.strip())))
    if amount is None:
        return text
    try:
        return rupiah(amount, language)
    except InvalidOperation:
        return text


def join_items(items: Sequence[str], language: str) -> str:
    """Join a list as prose with a serial comma: "a, b, dan c" (PUEBI), "a, b, and c"."""
    return format_list([i for i in items if i], locale=language)


def lower_first(label: str) -> str:
    """Lowercase a vocabulary label's first letter unless it starts an acronym."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def capitalise(text: str) -> str:
    """Uppercase the first letter if it is a lowercase letter."""
    return text[0].upper() + text[1:] if text and text[0].islower() else text


def proper_words(texts: Sequence[str], names: Sequence[str] = ()) -> frozenset[str]:
    """Collect words that are names: capitalised mid-sentence in an answer, or in a name answer."""
    found = set()
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group(0)
            if not word[0].isupper():
                continue
            index = match.start() - 1
            while index >= 0 and text[index].isspace():
                index -= 1
            if index >= 0 and text[index] not in ".!?\"'“(":
                found.add(word)
    for name in names:
        found.update(w for w in _WORD.findall(name) if w[0].isupper())
    return frozenset(found)


def soften(text: str, proper: frozenset[str] = frozenset()) -> str:
    """Lowercase a fragment's first word when it looks like sentence case, not a name.

    Phone keyboards capitalise the first letter of every answer; inside a sentence that capital
    is wrong ("Caranya, kami Menenun"). Names stay: a word followed by a capitalised word
    ("Ibu Siti"), a one-word answer, or a word the answers use as a name elsewhere ("bernama Nur").
    """
    words = text.split(" ", 2)
    first = words[0]
    if (len(words) > 1 and len(first) > 1 and first[0].isupper() and first[1:].islower()
            and words[1][:1].islower() and first.strip(",;:") not in proper):
        return first[0].lower() + text[1:]
    return text
