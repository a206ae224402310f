"""Care lines come from the product's own facts: every technique × material (alone and in
pairs) × product type in the vocabulary is walked, and no line names a craft, material or
product the product does not have, nor contradicts another."""

from __future__ import annotations

import functools
import itertools
import re

import pytest

from webapp.datafiles import DataError
from webapp.vocab import MAX_CARE_LINES, care_for, care_line, care_table, vocabulary

TRUE_BATIK = {"batik_tulis", "batik_cap", "batik_kombinasi"}
JEWELLERY = {"kalung", "gelang", "cincin", "anting", "bros"}


@functools.cache
def named(text: str) -> frozenset[str]:
    """The patterns of WORDS a line's text matches."""
    return frozenset(pattern for pattern in WORDS if re.search(pattern, text.casefold()))


WORDS = (r"\bbatik\b", r"\btenun\b", r"\bsongket\b", r"\bsutra\b", r"\brotan\b|\banyaman\b",
         r"\bbambu\b", r"\bperhiasan\b", r"\btas\b", r"\bkulit\b", r"\bperak\b",
         r"benang (?:emas|logam)", r"pewarna alam")


def mentions(product) -> dict[str, bool]:
    """What a line may name, by the words it would use, for one product."""
    technique, materials, product_type = product
    craft = vocabulary().get("techniques", technique).extra["craft"] if technique else ""
    return {
        r"\bbatik\b": technique in TRUE_BATIK,
        r"\btenun\b": craft == "tenun",
        r"\bsongket\b": craft == "songket",
        r"\bsutra\b": "sutra" in materials,
        r"\brotan\b|\banyaman\b": "rotan" in materials,
        r"\bbambu\b": "bambu" in materials,
        r"\bperhiasan\b": product_type in JEWELLERY,
        r"\btas\b": product_type == "tas",
        r"\bkulit\b": craft == "kulit" or bool({"kulit", "kulit_samak_nabati"} & materials),
        r"\bperak\b": "perak" in materials,
        r"benang (?:emas|logam)": craft == "songket",
        r"pewarna alam": "pewarna_alam" in materials,
    }


def products():
    """Every technique (and none) × no material, each material, each pair × every product type
    (and none)."""
    vocab = vocabulary()
    techniques = ["", *sorted(vocab.ids("techniques"))]
    materials = sorted(vocab.ids("materials") | vocab.ids("dyes"))
    sets = [frozenset(), *(frozenset([m]) for m in materials),
            *(frozenset(pair) for pair in itertools.combinations(materials, 2))]
    types = ["", *sorted(vocab.ids("product_types"))]
    return itertools.product(techniques, sets, types)


def test_no_care_line_names_what_the_product_does_not_have():
    vocab = vocabulary()
    table = care_table()
    walked = 0
    for product in products():
        technique, materials, product_type = product
        lines = care_for(vocab, technique, materials, product_type)
        allowed = mentions(product)
        crafts = {vocab.get("techniques", technique).extra["craft"]} if technique else set()
        for material in materials:
            term = vocab.get("materials", material)
            crafts |= {c for c in (term.extra.get("craft", []) if term else [])
                       if table[c].kind == "material"}
        assert len(lines) <= MAX_CARE_LINES
        topics: dict[str, str] = {}
        for line in lines:
            assert line.craft in crafts, (product, line)
            for pattern in named(line.text_id):
                assert allowed[pattern], (product, pattern, line)
            # one craft tells each topic: "Rendam lebih dulu" never meets "Jangan merendam"
            assert topics.setdefault(line.topic, line.craft) == line.craft, (product, line)
        walked += 1
    assert walked > 150_000


@pytest.mark.parametrize(("technique", "materials", "product_type", "present", "absent"), [
    ("ikat_lungsi", ["katun", "pewarna_alam"], "Kain",
     ["Rawat tenun berpewarna alam", "Rendam lebih dulu"], ["songket", "batik", "Jangan merendam"]),
    ("batik_tulis", ["sutra"], "selendang", ["Untuk batik sutra, utamakan cuci kering"],
     ["Cuci dengan tangan, bukan dengan mesin cuci", "air dingin"]),
    ("songket", ["sutra", "benang_emas"], "kain", ["Jangan melipat songket"],
     ["air dingin dan sedikit deterjen"]),
    ("printing_motif_batik", ["katun"], "kemeja", [], ["batik"]),
    ("tatah_timbul", ["kulit"], "sepatu", ["kantong debu"], ["Jangan menumpuk tas"]),
    ("", ["rotan"], "keranjang", ["celah anyaman"], ["bambu"]),
])
def test_care_reads_true_of_real_products(technique, materials, product_type, present, absent):
    text = " ".join(line.text_id for line in care_for(vocabulary(), technique, materials,
                                                      product_type))
    for words in present:
        assert words in text
    for words in absent:
        assert words not in text


def test_every_care_line_has_both_languages_a_topic_and_a_source():
    for craft in care_table().values():
        for line in craft.lines:
            assert line.text_id and line.text_en and line.topic and line.source
    with pytest.raises(DataError):
        care_line("batik", {"id": "x", "en": "x", "topic": "t", "source": "s", "rank": 1,
                            "techniques": ["batik_bohong"]}, "test", vocabulary())


CRAFT_WORDS = {r"\bbatik\b": {"batik"}, r"\btenun\b": {"tenun", "songket"},
               r"\bsongket\b": {"songket"}, r"\bsutra\b": set(), r"\bcanting\b": {"batik"},
               r"\blilin batik\b|\bmalam\b": {"batik"}}


def test_listing_copy_names_no_craft_the_product_does_not_have():
    """Every technique (and none) × every material (and none), on a marketplace: the technique
    sentence, the care lines and the notes name only the product's own craft and materials."""
    from webapp.listings.copywriter import BrandFacts, ProductFacts, write_listing

    vocab = vocabulary()
    brand = BrandFacts(name="Rumah Kriya")
    for technique in ["", *sorted(vocab.ids("techniques"))]:
        craft = vocab.get("techniques", technique).extra["craft"] if technique else ""
        for material in ["", *sorted(vocab.ids("materials"))]:
            materials = (material,) if material else ()
            product = ProductFacts(name="Produk Uji", product_type="kain",
                                   technique=technique or None, materials=materials)
            text = write_listing(product, brand, "shopee").description.casefold()
            # the product's own material and the definition of its own technique may name them
            label = vocab.get("materials", material).label_id.casefold() if material else ""
            own = (vocab.get("techniques", technique).extra.get("description_id", "")
                   if technique else "").casefold()
            checked = text.replace(own, "") if own else text
            checked = checked.replace(label, "") if label else checked
            for pattern, crafts in CRAFT_WORDS.items():
                found = re.findall(pattern, checked)
                assert not found or craft in crafts, (technique, material, pattern, text)
