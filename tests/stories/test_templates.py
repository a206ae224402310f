"""Story templates as data: every file loads and checks out; the wizard's pure step logic."""

from __future__ import annotations

import re
import shutil
import tomllib
from datetime import date

import pytest

from webapp.stories import wizard
from webapp.stories.templates import (
    CONTACT_QUESTIONS,
    DERIVED,
    LANGUAGES,
    PARAGRAPH,
    STORIES_DIR,
    TONES,
    Group,
    Slot,
    Template,
    TemplateError,
    Text,
    UnknownTemplate,
    get_template,
    load_templates,
    read_templates,
)

REQUIRED_TEMPLATES = {"asal_usul", "lingkaran_emas", "pembeli_tokoh_utama", "tujuh_kalimat",
                      "cerita_karya", "perjalanan_perajin", "dampak"}
REQUIRED_PIECES = {"tagline": 60, "instagram_bio": 150, "whatsapp_about": 139,
                   "whatsapp_description": 256, "shop_short": 300, "shop_long": 600,
                   "about_short": 80, "about_long": 500, "product_story": 500,
                   "instagram_caption": 2200, "press_bio": 100}
ADDRESS = {"anda": re.compile(r"\bAnda\b"), "kamu": re.compile(r"\bkamu\b", re.IGNORECASE),
           "kak": re.compile(r"\bKak(ak)?\b")}
FIRST_PERSON = re.compile(r"\b(kami|saya|we|our|us|I)\b", re.IGNORECASE)
PROTECTED = re.compile(r"\b(batik|tenun)\b", re.IGNORECASE)
DANGLING = re.compile(r"\b(dan|serta|atau|and|or)\s*([.,;:!?]|$)")


def templates() -> list[Template]:
    """Every template, in display order."""
    return list(load_templates().values())


def all_patterns(template: Template):
    """Yield (sentence name, language, tone or "*", pattern) for every pattern in use."""
    for name, sentence in template.sentences.items():
        for language, by_tone in sentence.patterns.items():
            for tone, patterns in by_tone.items():
                for pattern in patterns:
                    yield name, language, tone, pattern


def skeleton(pattern, with_groups: bool) -> str:
    """Render a pattern with every slot as "X", optional groups in or out."""
    out = []
    for token in pattern.tokens:
        if isinstance(token, Text):
            out.append(token.text)
        elif isinstance(token, Slot):
            out.append("X")
        elif isinstance(token, Group) and with_groups:
            out.extend("X" if isinstance(t, Slot) else t.text for t in token.tokens)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def test_every_template_loads():
    """At least the seven templates of the issue load, each with the shared profile first."""
    loaded = load_templates()
    assert set(loaded) >= REQUIRED_TEMPLATES
    for template in loaded.values():
        assert template.steps[0].id == "profil"
        assert len(template.steps) >= 3
        assert template.title.id and template.title.en
        assert template.description.id and template.description.en
        assert template.good_for.id and template.good_for.en


def test_load_templates_is_cached():
    """The TOML is read once: the same mapping comes back."""
    assert load_templates() is load_templates()


def test_get_template_unknown_id():
    """An unknown id raises a KeyError that says which id."""
    with pytest.raises(UnknownTemplate, match="nope"):
        get_template("nope")


@pytest.mark.parametrize("path", sorted(STORIES_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_every_file_has_source_and_checked_date(path):
    """Every data file says which framework or reference it follows, and when it was checked."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert "storytelling.md §" in data["source"]
    assert date.fromisoformat(data["checked"]) <= date.today()


def test_every_template_yields_every_piece_with_a_positive_limit():
    """All pieces of storytelling.md §6.8 exist with their limits, in every template."""
    for template in templates():
        kinds = template.shared.pieces
        assert {name: kind.limit for name, kind in kinds.items()} == REQUIRED_PIECES
        assert kinds["about_long"].minimum == 250
        assert kinds["instagram_caption"].max_hashtags == 5
        assert {kinds[n].unit for n in ("about_short", "about_long", "press_bio")} == {"words"}
        assert set(template.pieces) == set(kinds)


def test_every_question_is_complete_and_limited():
    """Each question has both labels, a hint, an example and a positive length limit."""
    for template in templates():
        for question in template.questions.values():
            assert question.max_length > 0 and question.max_items > 0
            for text in (question.label, question.hint, question.example):
                assert text.id.strip() and text.en.strip(), question.id


def test_choice_lists_name_existing_vocab_tables():
    """Choices reference vocab.toml tables by name (or list their own options)."""
    for template in templates():
        for question in template.questions.values():
            if question.kind in ("choice", "multi"):
                assert question.choices in template.shared.vocab or question.options
                for option in question.options:
                    assert option.label.id and option.phrase("id") and option.phrase("en")


def test_vocab_examples_are_vocab_ids():
    """A choice question's example is a real id, so the form can preselect it."""
    for template in templates():
        for question in template.questions.values():
            if question.kind not in ("choice", "multi"):
                continue
            known = ({o.id for o in question.options} if question.options
                     else set(template.shared.vocab[question.choices]))
            for example in question.example.id.splitlines():
                assert example in known, (template.id, question.id)


def test_every_question_referenced_by_an_output_exists():
    """Every placeholder is a question of the template (or profile) or a derived value."""
    for template in templates():
        questions = template.questions
        for name, _language, _tone, pattern in all_patterns(template):
            for slot in pattern.slots:
                if slot.name in DERIVED:
                    assert DERIVED[slot.name][0] in questions, (template.id, name, slot)
                else:
                    assert slot.name in questions, (template.id, name, slot)
        for spec in template.pieces.values():
            assert all(part in template.sentences for part in spec.sentences)


def test_every_piece_has_both_languages_and_every_tone_it_needs():
    """Each sentence of each piece has id and en patterns; address forms only per tone."""
    for template in templates():
        for spec in template.pieces.values():
            for part in spec.sentences:
                sentence = template.sentences[part]
                for language in LANGUAGES:
                    for tone in TONES:
                        assert sentence.patterns_for(language, tone), (template.id, part)


def test_address_forms_only_in_their_own_tone():
    """Tone-free patterns never address the buyer; tone patterns never mix address forms."""
    for template in templates():
        for name, language, tone, pattern in all_patterns(template):
            text = pattern.source
            assert not re.search(r"\banda\b", text), (name, text)  # "Anda" is capitalised
            others = [t for t in TONES if t != tone] if tone in TONES else list(TONES)
            for other in others:
                if language == "id" or tone == "*":
                    assert not ADDRESS[other].search(text), (template.id, name, tone, text)


def test_pieces_vary():
    """Every piece has a sentence with at least two phrasings, so "coba variasi lain" works."""
    for template in templates():
        for name, spec in template.pieces.items():
            for language in LANGUAGES:
                counts = [len(template.sentences[p].patterns_for(language, "anda"))
                          for p in spec.sentences]
                assert max(counts) >= 2, (template.id, name, language)


def test_patterns_never_name_protected_crafts_themselves():
    """"batik" and "tenun" come only from the nouns, so printed or machine cloth is named
    honestly (SNI 0239:2014; ATBM or hand looms only)."""
    for template in templates():
        for name, _language, _tone, pattern in all_patterns(template):
            assert not PROTECTED.search(pattern.source), (template.id, name)
        for question in template.questions.values():
            for option in question.options:
                for attr in option.attrs.values():
                    assert not PROTECTED.search(attr.id + attr.en), (template.id, option.id)


def test_patterns_read_cleanly_with_and_without_optional_groups():
    """No doubled spaces, no space before punctuation, no dangling "dan"/"and"."""
    for template in templates():
        for name, _language, _tone, pattern in all_patterns(template):
            for with_groups in (True, False):
                text = skeleton(pattern, with_groups)
                assert "  " not in text and text == text.strip(), (name, text)
                assert not re.search(r" [.,;:!?]", text), (name, text)
                assert not re.search(r"[.,;:!?] ?[.,;:]", text), (name, text)
                assert not DANGLING.search(text), (name, text)


def test_marketplace_pieces_show_no_contacts():
    """Shop texts never show a WhatsApp number or handle (Shopee, TikTok Shop rules)."""
    for template in templates():
        for name, kind in template.shared.pieces.items():
            if kind.contacts:
                continue
            for part in template.pieces[name].sentences:
                for by_tone in template.sentences[part].patterns.values():
                    for patterns in by_tone.values():
                        for pattern in patterns:
                            assert not {s.name for s in pattern.slots} & CONTACT_QUESTIONS


def test_press_bio_is_in_the_third_person():
    """The press bio speaks of the brand, never as "kami"/"we"."""
    for template in templates():
        for part in template.pieces["press_bio"].sentences:
            for by_tone in template.sentences[part].patterns.values():
                for patterns in by_tone.values():
                    for pattern in patterns:
                        assert not FIRST_PERSON.search(pattern.source), (template.id, part)


def test_shared_question_ids_mean_the_same_everywhere():
    """A question id used by two templates has the same kind, so answers carry over."""
    seen = {}
    for template in templates():
        for question in template.questions.values():
            kind = (question.kind, question.choices)
            assert seen.setdefault(question.id, kind) == kind, question.id


def test_paragraph_marks_only_in_long_pieces():
    """Paragraph breaks sit between sentences, never at the ends of a piece."""
    for template in templates():
        for spec in template.pieces.values():
            assert spec.parts[0] != PARAGRAPH and spec.parts[-1] != PARAGRAPH


# ---------------------------------------------------------------------------------------------
# Bad templates: a clear error naming the file and the field
# ---------------------------------------------------------------------------------------------


BREAKAGES = [
    ("asal_usul.toml", '"{craft_noun} {town}, warisan {heritage}"',
     '"{craft_noun} {town}, warisan {heritag}"', r"asal_usul\.toml: sentences\.au_tagline\.id"),
    ("asal_usul.toml", 'max_length = 240', 'max_length = 0',
     r"asal_usul\.toml: steps\[0\]\(asal\)\.questions\[0\]\(origin\)\.max_length: must be posit"),
    ("cerita_karya.toml", 'choices = "motifs"', 'choices = "motives"',
     r"cerita_karya\.toml: .*\(motif\)\.choices: 'motives' is not a table of vocab\.toml"),
    ("_profil.toml", 'en = ["{hashtags}"]', '',
     r"_profil\.toml: sentences\.hashtags_line\.en: missing"),
    ("dampak.toml", 'checked = "2026-11-28"', 'checked = "last week"',
     r"dampak\.toml: checked: must be a date"),
    ("lingkaran_emas.toml", 'parts = ["le_tagline"]', 'parts = ["le_tagline", "le_nope"]',
     r"lingkaran_emas\.toml: pieces\.tagline\.(parts|essential)"),
    ("_pieces.toml", 'limit = 60', 'limit = -60', r"_pieces\.toml: pieces\.tagline\.limit"),
    ("asal_usul.toml", '"Lima tahun lagi, kami ingin {vision}."',
     '"Lima tahun lagi, kami ingin [{vision}."', r"asal_usul\.toml: sentences\.au_vision\.id\[0\]"),
    ("pembeli_tokoh_utama.toml", 'title_en = "The buyer as hero"',
     'title_en = "The buyer as hero"\ntitel = "typo"', r"pembeli_tokoh_utama\.toml: titel"),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BREAKAGES,
                         ids=[f"{b[0]}:{i}" for i, b in enumerate(BREAKAGES)])
def test_a_bad_template_names_file_and_field(tmp_path, file, old, new, message):
    """A broken copy of the data fails to load with a message naming the file and field."""
    copy = tmp_path / "stories"
    shutil.copytree(STORIES_DIR, copy)
    path = copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TemplateError, match=message):
        read_templates(copy)


def test_invalid_toml_is_reported_with_the_file_name(tmp_path):
    """A syntax error names the file."""
    copy = tmp_path / "stories"
    shutil.copytree(STORIES_DIR, copy)
    (copy / "asal_usul.toml").write_text("id = \n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"asal_usul\.toml: not valid TOML"):
        read_templates(copy)


# ---------------------------------------------------------------------------------------------
# Wizard: pure step logic
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def asal_usul():
    """The origin template."""
    return get_template("asal_usul")


def test_step_list_starts_with_the_shared_profile(asal_usul):
    """Steps: the profile, then the template's own in order."""
    assert wizard.step_ids(asal_usul) == ("profil", "asal", "tantangan", "proses", "dampak",
                                          "visi")
    assert wizard.first_step_id(asal_usul) == "profil"


def test_progress_label():
    """"Langkah 2 dari 6" / "Step 2 of 6" (the wizard's pages count with paging)."""
    progress = wizard.Progress(2, 6, "asal")
    assert (progress.number, progress.total) == (2, 6)
    assert progress.label("id") == "Langkah 2 dari 6"
    assert progress.label("en") == "Step 2 of 6"
    assert not progress.is_first and not progress.is_last and progress.percent == 33
    assert wizard.Progress(6, 6, "visi").is_last


def test_missing_answers_per_step_and_in_total(asal_usul):
    """Required questions without an answer, in form order; blanks count as missing."""
    answers = {"brand": "Sekar", "city": "  ", "craft": "batik", "products": "kain"}
    assert wizard.missing_answers(asal_usul, answers, "profil") == ("city",)
    assert wizard.missing_answers(asal_usul, answers) == ("city", "origin", "process_steps",
                                                          "vision")
    assert not wizard.is_complete(asal_usul, answers)
    assert wizard.resume_step_id(asal_usul, answers) == "profil"
    answers.update(city="Lasem", origin="Mulai 1998.", process_steps=["mencanting"])
    assert wizard.resume_step_id(asal_usul, answers) == "visi"
    answers["vision"] = "tumbuh"
    assert wizard.is_complete(asal_usul, answers)
    assert wizard.resume_step_id(asal_usul, answers) == "visi"


def test_answer_problems(asal_usul):
    """Too long, too many, not a choice, not a number, not text: each named."""
    answers = {"brand": "x" * 41, "craft": "anyaman pandan", "techniques": ["batik_tulis",
               "nope"], "team_size": "belasan", "process_steps": ["a"] * 7, "origin": 5.5}
    problems = wizard.answer_problems(asal_usul, answers)
    assert problems["brand"] == wizard.TOO_LONG
    assert "craft" not in problems  # crafts accept the owner's own words
    assert problems["techniques"] == wizard.NOT_A_CHOICE
    assert problems["team_size"] == wizard.NOT_A_NUMBER
    assert problems["process_steps"] == wizard.TOO_MANY
    assert problems["origin"] == wizard.NOT_TEXT
    assert problems["city"] == wizard.REQUIRED


def test_switching_template_keeps_shared_answers():
    """Profile answers and same-id answers carry over; the rest is left behind, not lost."""
    old, new = get_template("asal_usul"), get_template("dampak")
    answers = {"brand": "Sekar", "craft": "batik", "origin": "Mulai 1998.",
               "vision": "dikenal luas", "community": "14 ibu"}
    kept = wizard.carry_over(answers, new, old)
    assert kept == {"brand": "Sekar", "craft": "batik", "vision": "dikenal luas"}
    assert wizard.left_behind(answers, new, old) == ("origin", "community")
    back = wizard.carry_over({**answers, **kept}, old, new)
    assert back == answers


def test_claims_without_evidence_are_reported():
    """Absolute claims ("100% ramah lingkungan") need the evidence answer."""
    template = get_template("dampak")
    answers = {"natural_dyes": "Daun nila, 100% ramah lingkungan", "people_impact": "12 ibu"}
    assert wizard.claims_without_evidence(template, answers) == ("natural_dyes",)
    answers["evidence"] = "hasil uji laboratorium 2025"
    assert wizard.claims_without_evidence(template, answers) == ()


def test_translatable_questions_are_the_owners_own_words(asal_usul):
    """Free text and lists need English versions; names, numbers and choices do not (a province
    is a name with an English form)."""
    ids = [q.id for q in wizard.translatable_questions(asal_usul)]
    assert ids[:4] == ["province", "products", "customers", "proof"]
    assert "origin" in ids and "process_steps" in ids
    assert not {"brand", "owner", "city", "makers", "founded", "craft", "techniques",
                "team_size", "price_from", "whatsapp"} & set(ids)


def test_translations_replace_answers_and_fall_back_when_missing(asal_usul):
    """A given translation wins; a blank one falls back; unknown ids are not added."""
    answers = {"brand": "Sekar", "origin": "Mulai 1998.", "vision": "tumbuh",
               "process_steps": ["mencanting"]}
    translations = {"origin": "Began in 1998.", "vision": "  ", "process_steps": [""],
                    "struggle": "Hard times."}
    merged = wizard.with_translations(asal_usul, answers, translations)
    assert merged == {"brand": "Sekar", "origin": "Began in 1998.", "vision": "tumbuh",
                      "process_steps": ["mencanting"]}
    assert wizard.untranslated(asal_usul, answers, translations) == ("process_steps", "vision")
    assert wizard.untranslated(asal_usul, answers, None) == ("origin", "process_steps", "vision")


def test_typed_choice_words_need_english_and_listed_ones_do_not(asal_usul):
    """Words typed beside a choice list go into the text verbatim, so they are asked in English;
    listed choices (by id or label) are named by the writer in each language."""
    materials = asal_usul.questions["materials"]
    answers = {"craft": "anyaman pandan", "materials": ["mori_primissima", "Mori prima",
                                                      "serat nanas", "daun lontar"],
               "techniques": ["batik_tulis"]}
    assert wizard.own_words(asal_usul, materials, answers["materials"]) == [
        "serat nanas", "daun lontar"]
    assert wizard.own_words(asal_usul, asal_usul.questions["craft"], "batik") == []
    asked = [q.id for q in wizard.questions_to_translate(asal_usul, answers)]
    assert asked == ["craft", "materials"]
    english = {"craft": "pandan weaving", "materials": ["pineapple fibre", "lontar leaf"]}
    merged = wizard.with_translations(asal_usul, answers, english)
    assert merged["craft"] == "pandan weaving"
    assert merged["materials"] == ["mori_primissima", "Mori prima", "pineapple fibre",
                                   "lontar leaf"]
    assert wizard.untranslated(asal_usul, answers, {"craft": "pandan weaving"}) == ("materials",)
    # Once the owner picks listed choices only, an old translation no longer applies.
    listed = {**answers, "craft": "batik", "materials": ["mori_primissima"]}
    assert wizard.with_translations(asal_usul, listed, english) == listed
    assert wizard.questions_to_translate(asal_usul, listed) == ()


def test_a_translation_is_stale_once_its_answer_changes(asal_usul):
    """Only a changed answer flags its translation; spacing is no change, and a translation saved
    before its source was kept is not flagged."""
    answers = {"origin": "Mulai 1998.", "vision": "tumbuh", "process_steps": ["mencanting"]}
    english = {"origin": "Began in 1998.", "vision": "to grow", "process_steps": ["drawing"]}
    sources = {"origin": "Mulai 1998.", "process_steps": ["  mencanting "]}
    assert wizard.stale_translations(asal_usul, answers, english, sources) == ()
    changed = {**answers, "origin": "Mulai 1997.", "vision": "berkembang",
               "process_steps": ["mencanting", "melorod"]}
    assert wizard.stale_translations(asal_usul, changed, english, sources) == (
        "origin", "process_steps")
    assert wizard.stale_translations(asal_usul, changed, {}, sources) == ()
