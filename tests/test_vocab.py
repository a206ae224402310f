"""The data files load, and every vocabulary entry names its source and the date it was checked."""

from __future__ import annotations

import re

from webapp.listings.channels import channel_choices, channel_label
from webapp.vocab import VOCAB_TABLES, provinces, vocabulary


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
        assert len(term.extra.get("care_id", [])) == len(term.extra.get("care_en", [])), term.id


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
