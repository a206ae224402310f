"""The data files load, and every vocabulary entry names its source and the date it was checked."""

from __future__ import annotations

import re

import pytest

from webapp.datafiles import DataError
from webapp.listings.channels import channel_choices, channel_label
from webapp.vocab import VOCAB_TABLES, build_term, provinces, vocabulary


def test_every_vocabulary_entry_has_labels_a_source_and_a_date():
    vocab = vocabulary()
    for table in VOCAB_TABLES:
        assert vocab.terms(table), table
        for term in vocab.terms(table):
            assert term.label_id and term.label_en, term.id
            assert term.source.strip(), term.id
            assert re.match(r"^\d{4}-\d{2}-\d{2}$", term.checked), term.id


def test_cross_references_resolve():
    vocab = vocabulary()
    crafts = vocab.ids("crafts")
    regions = vocab.ids("regions")
    for term in vocab.terms("techniques"):
        assert term.extra["craft"] in crafts, term.id
    for term in vocab.terms("materials"):
        assert set(term.extra.get("craft", [])) <= crafts, term.id
    for term in vocab.terms("motifs"):
        assert term.extra["craft"] in crafts and set(term.extra.get("regions", [])) <= regions
    for term in vocab.terms("crafts"):
        assert len(term.extra.get("care_optional_id", [])) == len(
            term.extra.get("care_optional_en", [])), term.id


def test_printing_is_not_handmade_batik():
    printing = vocabulary().get("techniques", "printing_motif_batik")
    assert printing is not None and printing.extra["is_handmade"] is False
    assert vocabulary().get("techniques", "batik_tulis").extra["is_handmade"] is True


def test_provinces_and_channels():
    assert len(provinces()) == 38 and "Jawa Tengah" in provinces()
    ids = [channel_id for channel_id, _name in channel_choices()]
    assert channel_label("tiktok_shop") == "TikTok Shop" and channel_label("gone") == "gone"
    assert {"shopee", "tokopedia", "tiktok_shop", "lazada", "blibli", "instagram", "whatsapp",
            "facebook", "etsy", "amazon"} <= set(ids)
    assert "bukalapak" not in ids
    assert len(ids) == len(set(ids))


def test_an_owners_word_finds_its_english_name():
    vocab = vocabulary()
    assert vocab.find("product_types", "KAIN PANJANG").label_en == "Long Cloth"
    assert vocab.find("product_types", "scarf").label_en == "Scarf"  # a variant
    assert vocab.find("colours", "Coklat").label_en == "brown"
    assert vocab.find("provinces", "Daerah Istimewa Yogyakarta").label_en == "Yogyakarta"
    assert vocab.find("colours", "magenta") is None and vocab.find("colours", "") is None
    for table in ("product_types", "colours", "provinces"):
        names = [name.casefold() for term in vocab.terms(table)
                 for name in (term.label_id, *term.extra.get("variants", ()))]
        assert len(names) == len(set(names)), table  # one word, one English name


def test_region_provinces_are_provinces():
    known = set(provinces())
    for term in vocabulary().terms("regions"):
        assert term.extra["province"] in known, term.id
    for term in vocabulary().terms("provinces"):
        assert term.label_id in known, term.id


def test_technique_titles_and_tags_are_complete():
    for term in vocabulary().terms("techniques"):
        assert ("title_id" in term.extra) == ("title_en" in term.extra), term.id
        assert re.fullmatch(r"[a-z0-9]+", term.extra.get("hashtag", "ok")), term.id
        for tag in term.extra.get("etsy_tags", []):
            assert len(tag) <= 20 and re.fullmatch(r"[a-z0-9 ]+", tag), term.id


def test_variants_must_be_a_list_of_words():
    raw = {"id": "abu_abu", "label_id": "Abu-abu", "label_en": "grey", "variants": "abu",
           "source": "x", "checked": "2026-12-06"}
    with pytest.raises(DataError, match="variants"):
        build_term("colours", raw)
