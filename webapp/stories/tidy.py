"""The last touches that make written text read as a person wrote it: answers turned to the
third person for a press bio, a word doubled where a pattern's word meets the owner's ("kami
kami"), and a year said again in the very next sentence. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re

#: First-person words of answers, and what a third-person piece says instead.
THIRD_PERSON = {
    "id": ((re.compile(r"\b(?:kami|kita)\b"), "mereka"),
           (re.compile(r"\b(?:Kami|Kita)\b"), "Mereka"),
           (re.compile(r"\b(?:saya|aku)\b"), "sang pendiri"),
           (re.compile(r"\b(?:Saya|Aku)\b"), "Sang pendiri")),
    "en": ((re.compile(r"\bwe\b"), "they"), (re.compile(r"\bWe\b"), "They"),
           (re.compile(r"\bour\b"), "their"), (re.compile(r"\bOur\b"), "Their"),
           (re.compile(r"\bus\b"), "them"), (re.compile(r"\bours\b"), "theirs"),
           (re.compile(r"\bmy\b"), "the founder's"), (re.compile(r"\bMy\b"), "The founder's"),
           (re.compile(r"\b(?:I|me)\b"), "the founder")),
}
DOUBLED = re.compile(r"\b(\w+)(?:[ \t]+\1\b)+", re.IGNORECASE)
SENTENCES = re.compile(r"(?<=[.!?])(\s+)(?=\S)")
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
#: A year with the word that introduces it, as the second mention is left out.
YEAR_PHRASE = r"\s+(?:pada tahun|pada|sejak|tahun|back in|in|since)\s+{year}\b"
#: A comma left before another mark where a phrase between commas was taken out ("Lasem,,").
STRAY_COMMA = re.compile(r",\s*(?=[,.;:!?])")


def third_person(text: str, language: str) -> str:
    """An answer written as "kami"/"we" retold about the brand ("mereka", "they")."""
    for pattern, replacement in THIRD_PERSON[language]:
        text = pattern.sub(replacement, text)
    return text


def tidy(text: str) -> str:
    """No word doubled, and no year repeated in the sentence right after the one that said it."""
    text = DOUBLED.sub(lambda match: match.group(1), text)
    pieces = SENTENCES.split(text)
    previous: set[str] = set()
    for index in range(0, len(pieces), 2):
        sentence = pieces[index]
        years = set(YEAR.findall(sentence))
        for year in years & previous:
            shorter = re.sub(YEAR_PHRASE.format(year=year), "", sentence, count=1)
            sentence = STRAY_COMMA.sub("", shorter) if shorter != sentence else sentence
        pieces[index] = sentence
        previous = years
    return "".join(pieces)
