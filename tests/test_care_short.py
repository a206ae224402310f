"""Every care line has a short form for hang tags, in both languages, that fits in
SHORT_CARE_MAX characters and keeps the line's prohibitions."""

from __future__ import annotations

import re

import pytest

from webapp.datafiles import DataError
from webapp.vocab import SHORT_CARE_MAX, care_line, care_table, vocabulary

# whole words, so that "another" does not count as "not"
PROHIBITIONS_ID = ("jangan", "hindari")
KEPT_ID = ("jangan", "hindari", "bukan", "tanpa")
PROHIBITIONS_EN = ("not", "never", "avoid", "no")
KEPT_EN = ("not", "never", "avoid", "no", "don't", "without")


def lines():
    """Every care line of every craft."""
    return [line for craft in care_table().values() for line in craft.lines]


def raw_entry(**changes):
    """A [[crafts.care]] entry shaped like the ones in vocab.toml, with changes."""
    raw = {"id": "Jemur di tempat teduh.", "en": "Dry in the shade.",
           "short": "Jemur di tempat teduh.", "short_en": "Dry in the shade.",
           "topic": "dry", "rank": 1, "source": "test"}
    raw.update(changes)
    return {key: value for key, value in raw.items() if value is not None}


def test_every_care_line_has_a_short_form_in_both_languages():
    assert len(lines()) == 62
    for line in lines():
        for language in ("id", "en"):
            short = line.short(language)
            assert short.strip(), (line.text_id, language)
            assert len(short) <= SHORT_CARE_MAX, (short, len(short))
            assert short.endswith("."), short
        assert line.short("id") == line.short_id
        assert line.short("en") == line.short_en


def test_a_well_formed_entry_is_accepted():
    line = care_line("batik", raw_entry(), "test", vocabulary())
    assert line.short("id") == "Jemur di tempat teduh."
    assert line.short("en") == "Dry in the shade."


@pytest.mark.parametrize("changes", [
    {"short": None},
    {"short_en": None},
    {"short": ""},
    {"short_en": "   "},
    {"short": 40},
    {"short": "x" * (SHORT_CARE_MAX + 1)},
    {"short_en": "x" * (SHORT_CARE_MAX + 1)},
])
def test_a_missing_empty_or_long_short_form_is_refused(changes):
    with pytest.raises(DataError):
        care_line("batik", raw_entry(**changes), "test", vocabulary())


def test_a_short_form_of_exactly_the_limit_is_accepted():
    short = "x" * (SHORT_CARE_MAX - 1) + "."
    assert care_line("batik", raw_entry(short=short), "test", vocabulary()).short_id == short


def says(text: str, words: tuple[str, ...]) -> bool:
    """True when text has one of the words as a whole word, ignoring case."""
    return any(re.search(rf"\b{re.escape(word)}\b", text.casefold()) for word in words)


def test_the_short_form_keeps_the_prohibition():
    for line in lines():
        if says(line.text_id, PROHIBITIONS_ID):
            assert says(line.short_id, KEPT_ID), (line.text_id, line.short_id)
        if says(line.text_en, PROHIBITIONS_EN):
            assert says(line.short_en, KEPT_EN), (line.text_en, line.short_en)


def test_the_prohibition_check_reads_whole_words():
    assert says("Do not wring.", PROHIBITIONS_EN)
    assert says("Hand wash; no washing machine.", KEPT_EN)
    assert not says("Iron with another cloth on top.", PROHIBITIONS_EN)
    assert says("Jangan memakai pemutih.", PROHIBITIONS_ID)
