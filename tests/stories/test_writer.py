"""The story writer: property tests over random answers, and the rules it must keep."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.properties import examples
from webapp.stories import writer
from webapp.stories.templates import LANGUAGES, TONES, Template, get_template, load_templates
from webapp.stories.tidy import third_person, tidy
from webapp.stories.writer import (
    Piece,
    WriterError,
    answer_text,
    clean_answer,
    format_money,
    guard_names,
    naming_guard,
    too_long_message,
    write_pieces,
)

GOLDEN_DIR = Path(__file__).parent / "golden" / "stories"
PLACEHOLDER = re.compile(r"\{[a-z_]+(?:\.[a-z_]+)?\}")
DANGLING = re.compile(r"\b(dan|serta|atau|and|or)\s*([.,;:!?]|$)", re.IGNORECASE | re.MULTILINE)
DOUBLED = re.compile(r"[.,;:!?][ \"'”’»)]*[.,;:!?]")
ADDRESS = {"anda": re.compile(r"\bAnda\b"), "kamu": re.compile(r"\bkamu\b", re.IGNORECASE),
           "kak": re.compile(r"\bKak(ak)?\b")}
SETTINGS = settings(max_examples=examples(60), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ["kain", "batik", "Batik", "tulis", "tenun", "ikat", "Lasem", "ibu", "Ibu", "Siti", "dan",
         "and", "serta", "the", "kami", "motif", "hand-drawn", "handwoven", "😊", "🧵", "👩🏽‍🎨",
         "<b>", "</b>", "<script>alert(1)</script>", "&amp;", "Rp150.000", "2019", "’s",
         "«oke»", "“kutip”", "café", "naïve", "x", "Kain", "Menenun", "Setiap", "100%"]
CONJUNCTIONS = {"dan", "and", "serta"}
LEADS = ["", "", "...", "— ", "!? ", ", "]
TRAILS = ["", "", ".", "!!", "?!", "...", " dan", " and.", ";", "…", "!!!???", " .", ","]


def templates() -> list[Template]:
    """Every template."""
    return list(load_templates().values())


def golden_cases() -> list[tuple[str, dict]]:
    """(template id, case) for every golden case."""
    cases = []
    for path in sorted(GOLDEN_DIR.glob("*.json")):
        golden = json.loads(path.read_text(encoding="utf-8"))
        cases.extend((golden["template"], case) for case in golden["cases"])
    return cases


# ---------------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------------

word = st.one_of(st.sampled_from(WORDS),
                 st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=10))


@st.composite
def sentence_text(draw) -> str:
    """A short answer: words, maybe commas, with stray punctuation at either end."""
    words = draw(st.lists(word, min_size=1, max_size=14))
    if draw(st.booleans()):
        words = [w + "," if i % 3 == 1 and w not in CONJUNCTIONS else w
                 for i, w in enumerate(words[:-1])] + words[-1:]
    return draw(st.sampled_from(LEADS)) + " ".join(words) + draw(st.sampled_from(TRAILS))


long_text = st.builds(lambda w, n: " ".join([w] * n), word, st.integers(80, 400))
texts = st.one_of(st.just(""), st.just("   \n "), sentence_text(), long_text)


def question_strategy(template: Template, question):
    """Answers a real form could send for one question, and some it should not."""
    if question.kind in ("choice", "multi"):
        ids = ([o.id for o in question.options] if question.options
               else sorted(template.shared.vocab[question.choices]))
        one = st.one_of(st.sampled_from(ids), texts)
        return st.lists(one, max_size=4) if question.kind == "multi" else one
    if question.kind == "list":
        return st.one_of(st.lists(texts, max_size=7), texts)
    if question.kind == "number":
        return st.sampled_from(["12", "1", "1500", "1.500", "belasan", "", "007"])
    if question.kind == "money":
        return st.sampled_from(["150000", "Rp 150.000", "Rp150.000,00", "150rb", ""])
    if question.kind == "year":
        return st.sampled_from(["1998", "2010-an", "", "sejak dulu"])
    if question.kind == "confirm":
        return st.sampled_from(["ya", "yes", "", "tidak"])
    return texts


@st.composite
def cases(draw, template_ids: tuple[str, ...] | None = None):
    """A template, random answers, a language, a tone and a variant."""
    pool = [t.id for t in templates() if template_ids is None or t.id in template_ids]
    template_id = draw(st.sampled_from(pool))
    template = get_template(template_id)
    answers = {}
    for question in template.questions.values():
        if draw(st.integers(0, 9)) < 8:
            answers[question.id] = draw(question_strategy(template, question))
    language = draw(st.sampled_from(LANGUAGES))
    tone = draw(st.sampled_from(TONES))
    variant = draw(st.integers(0, 5))
    return template_id, answers, language, tone, variant


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------


def fillable_essentials(template, name, answers, language, tone):
    """Essential sentences of a piece that the answers can fill (white-box, via the writer)."""
    values = writer.answer_values(template, answers, language)
    spec = template.pieces[name]
    found = []
    for part in spec.essential:
        sentence = template.sentences[part]
        if any(not values[need].text for need in sentence.needs):
            continue
        patterns = sentence.patterns_for(language, tone)
        if writer._forms(patterns, values, language, 0):
            found.append(patterns)
    return found


def required_direct_answers(template, patterns_list):
    """Required text answers inserted verbatim by every pattern of a sentence."""
    found = set()
    for patterns in patterns_list:
        common = set.intersection(*({s.name for s in p.required_slots if s.attr is None}
                                    for p in patterns))
        found |= {q for q in common if q in template.questions
                  and template.questions[q].required
                  and template.questions[q].kind in ("text", "list")}
    return found


def assert_well_formed(template, answers, language, tone, pieces: dict[str, Piece]):
    """Every rule of the quality bar, for one set of pieces."""
    guard = naming_guard(template, answers)
    assert set(pieces) == set(template.shared.pieces)
    for name, piece in pieces.items():
        kind = template.shared.pieces[name]
        text = piece.text
        assert piece.size <= kind.limit, (name, piece.size)
        assert piece.chars == len(text) and piece.words == len(text.split())
        assert not PLACEHOLDER.search(text), (name, text)
        assert "  " not in text and "\t" not in text, (name, text)
        assert text == text.strip(), name
        assert not re.search(r" [.,;:!?]", text), (name, text)
        assert not DOUBLED.search(text), (name, text)
        assert not DANGLING.search(text), (name, text)
        if kind.max_hashtags:
            assert len(writer.HASHTAG.findall(text)) <= kind.max_hashtags
        if piece.too_long_answers:
            continue
        essentials = fillable_essentials(template, name, answers, language, tone)
        for question_id in required_direct_answers(template, essentials):
            question = template.questions[question_id]
            expected = answer_text(question, answers.get(question_id), language)
            if not question.keep_case:
                expected = guard_names(expected, guard, language)
            if kind.person == "third":
                expected = third_person(expected, language)
            expected = tidy(expected)  # a word doubled in the answer is said once
            assert expected.casefold() in text.casefold(), (name, question_id)


@SETTINGS
@given(cases())
def test_random_answers_give_well_formed_pieces(case):
    """Empty, long, emoji, punctuation, HTML: every piece fits and reads cleanly."""
    template_id, answers, language, tone, variant = case
    template = get_template(template_id)
    pieces = write_pieces(template, answers, language, tone, variant)
    assert_well_formed(template, answers, language, tone, pieces)


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_same_input_gives_the_same_text(case):
    """The writer is a pure function."""
    template_id, answers, language, tone, variant = case
    template = get_template(template_id)
    first = write_pieces(template, answers, language, tone, variant)
    assert write_pieces(template, dict(answers), language, tone, variant) == first


@SETTINGS
@given(cases(("cerita_karya", "asal_usul", "lingkaran_emas")), st.sampled_from(
    ["printing_motif_batik", "tenun_mesin"]))
def test_naming_guard_holds_for_any_answers(case, technique):
    """Printed cloth is never plain "batik"; machine-woven cloth is never "tenun"."""
    template_id, answers, language, tone, variant = case
    template = get_template(template_id)
    for question in template.questions.values():
        if question.keep_case:  # names and numbers are the owner's own, never rewritten
            answers[question.id] = "Sekar Arum"
    answers["techniques"] = [technique]
    answers["product_technique"] = technique
    for name, piece in write_pieces(template, answers, language, tone, variant).items():
        text = piece.text
        if technique == "printing_motif_batik":
            # The wax itself is "malam (lilin batik)": a material's name, not the cloth's.
            allowed = (r"motif batik|batik-pattern|printed batik pattern|#motifbatik|batik wax"
                       r"|lilin batik")
            rest = re.sub(allowed, "", text, flags=re.IGNORECASE)
            assert not re.search(r"\bbatik\b", rest, re.IGNORECASE), (name, text)
            assert "pembatik" not in text and "batik maker" not in text
        else:
            assert not re.search(r"\btenun\b", text, re.IGNORECASE), (name, text)
            assert not re.search(r"\bhand-?woven\b", text, re.IGNORECASE), (name, text)
            assert "penenun" not in text and "weaver" not in text


@pytest.mark.parametrize(("techniques", "weavers"), [
    (["tenun_mesin"], False),                 # machine-woven cloth: no "weaver" of any kind
    ([], True),                               # rattan weavers are weavers
    (["tenun_mesin", "tenun_atbm"], True),    # a hand loom in play earns the word again
])
def test_a_rattan_weaver_is_not_claimed_beside_machine_woven_cloth(techniques, weavers):
    """Found by the property test above: rattan's English maker word "weaver" is also the tenun
    maker's, so beside machine-woven cloth (and no hand loom) it falls back to "artisans"."""
    template = get_template("lingkaran_emas")
    answers = {"brand": "Sekar Arum", "city": "Amuntai", "craft": "rotan_bambu",
               "techniques": techniques, "team_size": "12", "founded": "1998",
               "why": "kami ingin anyaman dari kampung kami dikenal luas"}
    bio = writer.write_pieces(template, answers, "en", "anda", 0)["instagram_bio"].text
    assert ("weavers" in bio) is weavers, bio
    if not weavers:
        assert "12 artisans" in bio, bio


# ---------------------------------------------------------------------------------------------
# Variants and tone
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("template_id", "case"), golden_cases(),
                         ids=[c["name"] for _, c in golden_cases()])
def test_variants_give_different_text(template_id, case):
    """"Coba variasi lain" rephrases most pieces; the same variant repeats itself."""
    template = get_template(template_id)
    answers, language = case["answers"], case["language"]
    first = write_pieces(template, answers, language, case["tone"], 0)
    second = write_pieces(template, answers, language, case["tone"], 1)
    changed = [n for n in first if first[n].text != second[n].text]
    assert len(changed) >= 8, changed
    assert write_pieces(template, answers, language, case["tone"], 1) == second


@pytest.mark.parametrize(("template_id", "case"), golden_cases(),
                         ids=[c["name"] for _, c in golden_cases()])
def test_tone_changes_address_forms_consistently(template_id, case):
    """Each tone uses only its own address form across all pieces; English has one "you"."""
    template = get_template(template_id)
    answers = case["answers"]
    for variant in (0, 1):
        for tone in TONES:
            pieces = write_pieces(template, answers, "id", tone, variant)
            text = "\n".join(p.text for p in pieces.values())
            assert ADDRESS[tone].search(text), (tone, variant)
            for other in TONES:
                if other != tone:
                    assert not ADDRESS[other].search(text), (tone, other, variant)
            assert not re.search(r"\banda\b", text)
        english = {t: write_pieces(template, answers, "en", t, variant) for t in TONES}
        assert english["anda"] == english["kamu"] == english["kak"]


# ---------------------------------------------------------------------------------------------
# Limits, too-long answers and thin answers
# ---------------------------------------------------------------------------------------------


def lasem() -> dict:
    """The Lasem batik tulis golden answers (Indonesian)."""
    golden = json.loads((GOLDEN_DIR / "asal_usul.json").read_text(encoding="utf-8"))
    return dict(golden["cases"][0]["answers"])


def test_a_too_long_answer_is_named_and_the_piece_still_fits():
    """A town too long for the tagline: the tagline stays within 60 and names "city"."""
    template = get_template("asal_usul")
    answers = {**lasem(), "city": "Desa " + "Babagan Kidul Wetan " * 4}
    pieces = write_pieces(template, answers, "id")
    tagline = pieces["tagline"]
    assert tagline.chars <= 60
    assert tagline.too_long_answers == ("city",)
    message = too_long_message(template, "tagline", tagline, "id")
    assert message == ("Tagline tidak muat dalam 60 karakter. Persingkat jawaban "
                       "“Di kota atau kabupaten mana usaha Anda?”.")
    assert "Which town or regency" in too_long_message(template, "tagline", tagline, "en")


def test_a_very_long_story_answer_is_named_for_word_limits():
    """An origin story of 200 words cannot fit the 80-word About: the writer says so."""
    template = get_template("asal_usul")
    answers = {**lasem(), "origin": " ".join(["Ibu Siti mulai membatik di teras."] * 40)}
    piece = write_pieces(template, answers, "id")["about_short"]
    assert piece.words <= 80
    assert piece.too_long_answers == ("origin",)
    assert "Bagaimana usaha ini bermula?" in too_long_message(template, "about_short", piece, "id")


def test_optional_sentences_are_dropped_before_cutting():
    """Long optional answers are left out whole; nothing is cut mid-word."""
    template = get_template("asal_usul")
    answers = {**lasem(), "teacher": "Mbah Rukmini " * 8}
    shop = write_pieces(template, answers, "id")["shop_short"]
    assert shop.chars <= 300 and not shop.too_long_answers
    assert "Rukmini" not in shop.text and shop.text.endswith(".")


def test_thin_answers_are_flagged_not_padded():
    """About long below 250 words says so instead of adding filler."""
    template = get_template("asal_usul")
    answers = {"brand": "Sekar", "city": "Lasem", "craft": "batik", "products": "kain",
               "origin": "Kami mulai pada 1998", "process_steps": ["mencanting"],
               "vision": "tumbuh bersama"}
    piece = write_pieces(template, answers, "id")["about_long"]
    assert piece.too_thin and piece.minimum == 250 and piece.words < 60
    assert "250" in writer.thin_message(template, "about_long", piece, "id")
    full = write_pieces(template, lasem(), "id")["about_long"]
    assert not full.too_thin and 250 <= full.words <= 500


# ---------------------------------------------------------------------------------------------
# Plain text in, plain text out; numbers; grammar with empty answers
# ---------------------------------------------------------------------------------------------


def test_answers_are_never_interpreted():
    """Template syntax and HTML in answers stay literal; escaping is the templates' job."""
    template = get_template("asal_usul")
    answers = {**lasem(), "origin": "{{7*7}} <script>alert(1)</script> {brand} %(x)s"}
    text = write_pieces(template, answers, "id")["about_long"].text
    assert "{{7*7}} <script>alert(1)</script> {brand} %(x)s" in text


def test_numbers_and_money_in_house_style():
    """Rp150.000 and 1.500 in Indonesian, IDR 150,000 in English; years as given."""
    template = get_template("asal_usul")
    answers = {**lasem(), "price_from": "Rp 150.000", "team_size": "1500", "founded": "2010"}
    indonesian = write_pieces(template, answers, "id")
    english = write_pieces(template, answers, "en")
    assert "Rp150.000" in indonesian["shop_long"].text
    assert "1.500 pembatik" in indonesian["about_long"].text
    assert "sejak 2010" in indonesian["tagline"].text + indonesian["instagram_bio"].text
    assert "IDR 150,000" in english["shop_long"].text
    assert "1,500 batik makers" in english["about_long"].text
    assert "2.010" not in indonesian["about_long"].text


@pytest.mark.parametrize(("given_text", "language", "expected"), [
    ("150000", "id", "Rp150.000"), ("Rp 1.250.000", "id", "Rp1.250.000"),
    ("IDR 75000", "en", "IDR 75,000"), ("Rp150.000,00", "id", "Rp150.000"),
    ("seratus ribu", "id", "seratus ribu"),
])
def test_format_money(given_text, language, expected):
    """PUEBI rupiah: capital R, no dot after Rp, no space, dots for thousands."""
    assert format_money(given_text, language) == expected


@pytest.mark.parametrize(("raw", "clean"), [
    ("  kain   batik  ", "kain batik"), ("kain dan", "kain"), ("dan", ""),
    ("Wow!!! Bagus?!", "Wow! Bagus"), ("...mulai", "mulai"), ("kata \"ya.\"", "kata \"ya\""),
    ("a , b", "a, b"), ("{{7*7}}", "{{7*7}}"), ("<b>x</b>.", "<b>x</b>"), ("😊 ok 😊", "😊 ok 😊"),
])
def test_clean_answer(raw, clean):
    """Spaces, stray punctuation and a dangling conjunction are tidied; nothing else."""
    assert clean_answer(raw) == clean


def test_empty_optional_answers_leave_no_gaps():
    """Only the required answers: grammar holds, no dangling "dan", no empty brackets."""
    template = get_template("asal_usul")
    answers = {"brand": "Sekar", "city": "Lasem", "craft": "batik", "products": "kain panjang",
               "origin": "Kami mulai pada 1998", "process_steps": ["menggambar", "mencanting"],
               "vision": "tumbuh bersama"}
    for language in LANGUAGES:
        pieces = write_pieces(template, answers, language)
        assert_well_formed(template, answers, language, "anda", pieces)
        assert pieces["tagline"].text in ("Batik Lasem", "Batik from Lasem")


def test_list_answers_join_with_serial_comma():
    """Lists read "a, b, dan c" and "a, b, and c"; one per line works as well as a list."""
    template = get_template("asal_usul")
    answers = {**lasem(), "process_steps": "menggambar\nmencanting\nmewarnai"}
    text = write_pieces(template, answers, "id")["product_story"].text
    assert "menggambar, mencanting, dan mewarnai" in text
    assert writer.join_items(["a", "b"], "en") == "a and b"
    assert writer.join_items(["a", "b", "c"], "en") == "a, b, and c"


def test_first_letters_follow_the_sentence():
    """A capitalised fragment is lowered mid-sentence, a name is not, a sentence start is."""
    template = get_template("tujuh_kalimat")
    answers = {"brand": "Galuh", "city": "Banjarmasin", "craft": "sasirangan",
               "products": "kain", "once": "seorang penjahit bernama Nur",
               "one_day": "Neneknya datang membawa kain", "because_1": "Nur belajar mencelup",
               "ever_since": "Kain kami dipakai di mana-mana"}
    text = write_pieces(template, answers, "id")["about_short"].text
    assert "Sampai suatu hari, neneknya datang" in text
    assert "Karena itu, Nur belajar" in text
    assert "Sejak saat itu, kain kami" in text


def test_motif_meaning_needs_confirmation():
    """A motif's meaning is written only when the owner confirms it (storytelling.md §4.2)."""
    template = get_template("cerita_karya")
    answers = {"brand": "Sido Rukun", "city": "Pekalongan", "craft": "batik", "products": "kain",
               "product_type": "kain panjang", "product_technique": "batik_cap",
               "motif": "jlamprang", "motif_meaning": "kesabaran"}
    story = write_pieces(template, answers, "id")["product_story"].text
    assert "kesabaran" not in story
    confirmed = write_pieces(template, {**answers, "meaning_confirmed": "ya"}, "id")
    assert "Motif Jlamprang dikenal melambangkan kesabaran." in confirmed["product_story"].text


def test_absolute_claims_need_evidence():
    """"100% ramah lingkungan" is left out until the evidence answer is given."""
    template = get_template("dampak")
    answers = {"brand": "Dasan", "city": "Sukarara", "craft": "songket", "products": "kain",
               "people_impact": "18 penenun perempuan",
               "natural_dyes": "daun nila, 100% ramah lingkungan"}
    text = write_pieces(template, answers, "id")["about_long"].text
    assert "ramah lingkungan" not in text and "18 penenun perempuan" in text
    proven = write_pieces(template, {**answers, "evidence": "uji laboratorium 2025"}, "id")
    assert "100% ramah lingkungan" in proven["about_long"].text


def test_printing_product_is_named_honestly():
    """A printed shirt is a "kemeja motif batik (printing)", never "kemeja batik"."""
    template = get_template("cerita_karya")
    answers = {"brand": "Sido Rukun", "city": "Pekalongan", "craft": "batik",
               "techniques": ["printing_motif_batik"], "products": "kemeja batik",
               "product_type": "kemeja batik", "product_technique": "printing_motif_batik"}
    pieces = write_pieces(template, answers, "id")
    assert "kemeja motif batik (printing)" in pieces["product_story"].text
    assert "motif batik motif batik" not in pieces["product_story"].text
    assert "kemeja motif batik" in pieces["shop_long"].text
    assert "#batik" not in pieces["instagram_caption"].text.replace("#motifbatik", "")
    english = write_pieces(template, {**answers, "product_type": "batik shirt"}, "en")
    assert "our shirt with a printed batik pattern" in english["product_story"].text


@pytest.mark.parametrize(("product_type", "technique", "language", "expected"), [
    ("selendang tenun", "tenun_mesin", "id", "selendang buatan mesin"),
    ("Kemeja batik", "batik_tulis", "id", "kemeja batik tulis"),
    ("kain tenun ikat", "ikat_pakan", "id", "kain tenun ikat pakan"),
    ("batik", "batik_cap", "id", "batik cap"),
    ("hand-woven scarf", "tenun_mesin", "en", "machine-woven scarf"),
    ("batik shirt", "batik_tulis", "en", "shirt in hand-drawn batik tulis"),
])
def test_product_name_is_said_once(product_type, technique, language, expected):
    """The technique names the product once, even when the type already holds a craft word."""
    template = get_template("cerita_karya")
    answers = {"brand": "X", "city": "Troso", "craft": "tenun", "products": "kain",
               "product_type": product_type, "product_technique": technique}
    story = write_pieces(template, answers, language)["product_story"].text
    assert expected in story, story


def test_machine_woven_cloth_reads_naturally():
    """"tenun" in the owner's words becomes "kain buatan mesin" or "... buatan mesin"."""
    template = get_template("asal_usul")
    answers = {**lasem(), "craft": "tenun", "techniques": ["tenun_mesin"],
               "products": "selendang tenun dan kain tenun ikat"}
    text = write_pieces(template, answers, "id")["shop_short"].text
    assert "selendang buatan mesin dan kain buatan mesin" in text


def test_choices_may_be_labels_as_typed():
    """"Printing motif batik" typed as a label is the same technique as its id."""
    template = get_template("asal_usul")
    answers = {**lasem(), "techniques": ["Printing motif batik"], "craft": "Batik"}
    pieces = write_pieces(template, answers, "id")
    assert pieces["tagline"].text.startswith("Kain motif batik (printing) Lasem")
    assert "pembatik" not in pieces["instagram_bio"].text


def test_caption_keeps_to_five_hashtags():
    """Generated hashtags make room for the owner's own."""
    template = get_template("asal_usul")
    answers = {**lasem(), "origin": "Ibu Siti mulai #membatik #lasem #batiktulis di teras"}
    caption = write_pieces(template, answers, "id")["instagram_caption"].text
    assert len(writer.HASHTAG.findall(caption)) == 5


@pytest.mark.parametrize(("args", "message"), [
    (("fr", "anda", 0), "language"), (("id", "bapak", 0), "tone"), (("id", "anda", -1), "variant"),
    (("id", "anda", True), "variant"),
])
def test_bad_calls_raise_writer_error(args, message):
    """Language, tone and variant are checked."""
    with pytest.raises(WriterError, match=message):
        write_pieces(get_template("asal_usul"), {}, *args)


@pytest.mark.parametrize("value", [1.5, {"a": 1}, True, [1.5]])
def test_bad_answer_types_raise_writer_error(value):
    """Answers are text or lists of text."""
    with pytest.raises(WriterError):
        write_pieces(get_template("asal_usul"), {"brand": value}, "id")


@pytest.mark.parametrize(("text", "expected"), [
    ("Kami mulai sejak 1998. Ibu Sari membatik di Lasem, pada 1998, bersama tetangganya.",
     "Kami mulai sejak 1998. Ibu Sari membatik di Lasem, bersama tetangganya."),
    ("We have made batik since 1998. She began in Babagan, Lasem, in 1998, with three "
     "neighbours.", "We have made batik since 1998. She began in Babagan, Lasem, with three "
                    "neighbours."),
    ("We began in 1998. We moved to Lasem, in 1998.", "We began in 1998. We moved to Lasem."),
    ("We began in 1998. Prices, sizes, and colours vary.",
     "We began in 1998. Prices, sizes, and colours vary."),
])
def test_a_repeated_year_between_commas_leaves_no_stray_comma(text, expected):
    assert tidy(text) == expected
