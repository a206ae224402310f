"""A small text linter for what the writers produce: the faults that make a sentence read as if
no person wrote it. Pure: imports neither Flask nor the ORM.

Each rule returns (code, the words at fault). Codes:
  doubled_word       the same word twice in a row ("kami kami menjahit")
  fact_twice         a year said again in the very next sentence ("sejak 2009. ... pada 2009")
  repeated_word      one sentence uses the same lower-case content word twice ("Mau pesan?
                     Kirim pesan saja")
  wrong_person       a third-person piece (press bio) speaking as "kami", "saya", "we", "our"
  mixed_language     an English text with Indonesian function words, or the reverse
  lower_start        a sentence that starts with a lower-case letter
  spacing            a space before punctuation, or doubled punctuation
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
UTTERANCE_END = re.compile(r"(?<=[.!])\s+(?=\S)")  # "Mau pesan? Kirim pesan" is one utterance
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
#: Verbs an owner-facing sentence repeats by accident; and any meN-/ber- word.
VERBS = frozenset({"pesan", "kirim", "beli", "buat", "pilih", "hubungi", "chat", "order", "bayar",
                   "tanya", "lihat", "cek", "temukan", "dapatkan", "buy", "send",
                   "message", "contact", "choose", "make", "made"})
VERB_PREFIX = re.compile(r"^(?:me[mnr]|meng|meny|ber|mem)[a-z]{3,}$")
FIRST_PERSON = {"id": re.compile(r"\b(?:kami|kita|saya|aku)\b", re.IGNORECASE),
                "en": re.compile(r"\b(?:we|our|ours|us|I|my|me)\b")}
#: Function words that mark the other language inside a text (names and craft words aside).
OTHER_LANGUAGE = {
    "en": re.compile(r"\b(?:dan|yang|dengan|untuk|dari|kami|sejak|adalah|oleh|atau|tidak|"
                     r"sebagai|karena|sudah|belum|juga|mulai|kampung)\b"),
    "id": re.compile(r"\b(?:the|and|with|our|from|which|since|handmade|made by)\b"),
}
SPACING = re.compile(r" [.,;:!?]|[.,;:!?]{2,}| {2,}")


@dataclass(frozen=True)
class Fault:
    """One fault the linter found: its code and the words at fault."""

    code: str
    words: str


#: Words that look like meN-/ber- verbs but are not.
NOT_VERBS = frozenset({"mereka", "merah", "merek", "mesin", "meter", "menit", "mewah", "memang",
                       "berat", "bersih", "berbagai", "bersama", "berupa", "beragam", "berkat",
                       "beberapa", "berdua", "bertiga"})


def verbish(word: str) -> bool:
    """True for a word a sentence should not say twice: a listed verb or a meN-/ber- word."""
    return word in VERBS or (word not in NOT_VERBS and bool(VERB_PREFIX.match(word)))


def lint(text: str, language: str, *, third_person: bool = False,
         names: frozenset[str] = frozenset()) -> list[Fault]:
    """Every fault of text, written in language; names (brand, people, places) are exempt."""
    lines = [line for line in text.split("\n") if line.strip() and not line.lstrip()
             .startswith("#")]
    faults: list[Fault] = []
    for line in lines:
        for match in re.finditer(r"\b(\w+)\s+\1\b", line, re.IGNORECASE):
            if not match.group(1).isdigit():
                faults.append(Fault("doubled_word", match.group()))
        faults += [Fault("spacing", m.group()) for m in SPACING.finditer(line.replace("...",
                                                                                      "…"))]
        for utterance in UTTERANCE_END.split(line):
            counts = Counter(word for word in WORD.findall(utterance)
                             if word.islower() and verbish(word) and word not in names)
            faults += [Fault("repeated_word", w) for w, count in counts.items() if count > 1]
    sentences = [s for line in lines for s in SENTENCE_END.split(line) if s.strip()]
    for before, after in itertools.pairwise(sentences):
        shared = set(YEAR.findall(before)) & set(YEAR.findall(after))
        faults += [Fault("fact_twice", year) for year in sorted(shared)]
    for sentence in sentences:
        first = sentence.lstrip("\"'“‘(•- ")
        if first[:1].islower():
            faults.append(Fault("lower_start", sentence[:30]))
    body = "\n".join(lines)
    if third_person:
        faults += [Fault("wrong_person", m.group()) for m in FIRST_PERSON[language].finditer(
            body)]
    faults += [Fault("mixed_language", m.group()) for m in OTHER_LANGUAGE[language].finditer(
        body) if m.group().casefold() not in names]
    return faults
