"""Sentences that read like a person wrote them: the linter's rules, the golden files, and every
template, tone, variant and language written from answers typed the way owners type them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.properties import examples
from webapp.stories.lint import lint
from webapp.stories.templates import get_template
from webapp.stories.writer import write_pieces

GOLDEN = sorted((Path(__file__).parent / "golden" / "stories").glob("*.json"))


@pytest.mark.parametrize(("text", "language", "third", "code"), [
    ("Caranya, kami kami menjahit dengan tangan.", "id", False, "doubled_word"),
    ("Kami menenun sejak 2009. Mama Rambu mulai menenun pada 2009.", "id", False, "fact_twice"),
    ("Mau pesan? Kirim pesan saja ya, Kak.", "id", False, "repeated_word"),
    ("Sang pendiri belajar dari mama dan nenek kami.", "id", True, "wrong_person"),
    ("Hand-woven warp ikat from Rende, handed down empat generasi dan kami.", "en", False,
     "mixed_language"),
    ("Kain ini indah . Sangat halus!!", "id", False, "spacing"),
    ("Kain ini indah. dibuat dengan tangan.", "id", False, "lower_start"),
])
def test_the_linter_finds_what_no_person_would_write(text, language, third, code):
    assert code in {fault.code for fault in lint(text, language, third_person=third)}


def test_the_linter_passes_sentences_a_person_would_write():
    for text, language in [
        ("Batik Sekar Latoh membuat batik tulis sejak 1998. Ibu Siti mulai membatik di teras "
         "rumahnya, hanya dengan dua canting. Mau pesan? Langsung chat kami saja, ya.", "id"),
        ("Warp ikat from Rende, handed down over four generations. Message us to order.", "en"),
        ("#batiklasem #batiktulis", "id"),
    ]:
        assert lint(text, language) == [], text


def pieces_of(case: dict, template_id: str) -> dict:
    """Write one case's pieces."""
    return write_pieces(get_template(template_id), case["answers"], case["language"],
                        case["tone"], case["variant"])


@pytest.mark.parametrize("path", GOLDEN, ids=lambda path: path.stem)
def test_the_golden_files_read_as_a_person_wrote_them(path):
    golden = json.loads(path.read_text(encoding="utf-8"))
    for case in golden["cases"]:
        for name, piece in case["pieces"].items():
            faults = lint(piece["text"], case["language"], third_person=name == "press_bio")
            assert faults == [], (case["name"], name, faults)


def as_owners_type(text: str, habit: int) -> str:
    """An answer as an owner may type it: after the hint "Lanjutkan kalimat" or not."""
    if habit == 1:
        return f"kami {text[:1].lower()}{text[1:]}"  # starts with the pattern's own subject
    if habit == 2:
        return f"{text}."  # a full stop the sentence adds again
    if habit == 3:
        return " ".join(word.capitalize() if n == 2 else word
                        for n, word in enumerate(text.split()))  # a capital in the middle
    if habit == 4:
        return f"Kami {text[:1].lower()}{text[1:]}"
    return text


def golden_cases() -> list[tuple[str, dict]]:
    """Every golden case, with its template."""
    found = []
    for path in GOLDEN:
        golden = json.loads(path.read_text(encoding="utf-8"))
        found += [(golden["template"], case) for case in golden["cases"]]
    return found


@settings(max_examples=examples(60), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(golden_cases()), st.data())
def test_answers_typed_the_way_owners_type_them_read_cleanly(case, data):
    """Every template, tone, variant and language: answers starting with "kami", ending with a
    full stop or with a capital in the middle never make a doubled word, a first person in the
    press bio, a repeated year or stray spacing."""
    template_id, case = case
    template = get_template(template_id)
    answers = dict(case["answers"])
    for question in template.questions.values():
        value = answers.get(question.id)
        if question.kind == "text" and not question.keep_case and isinstance(value, str) \
                and value and case["language"] == "id":
            answers[question.id] = as_owners_type(value, data.draw(st.integers(0, 4)))
    tone = data.draw(st.sampled_from(["anda", "kamu", "kak"]))
    variant = data.draw(st.integers(0, 3))
    pieces = write_pieces(template, answers, case["language"], tone, variant)
    for name, piece in pieces.items():
        faults = [fault for fault in lint(piece.text, case["language"],
                                          third_person=name == "press_bio")
                  if fault.code != "lower_start"]
        assert faults == [], (template_id, name, faults, piece.text)
