"""Wizard pages (pure): a step splits at `new_page` and after PAGE_SIZE questions, and the pages
only decide what one screen asks, never which answers exist."""

from __future__ import annotations

from itertools import pairwise

import pytest

from webapp.stories import paging
from webapp.stories.templates import load_templates

TEMPLATES = list(load_templates().values())


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_pages_ask_every_question_once_in_order_a_few_at_a_time(template):
    pages = paging.pages(template)
    asked = [q.id for page in pages for q in page.questions]
    assert asked == list(template.questions)
    assert all(0 < len(page.questions) <= paging.PAGE_SIZE for page in pages)
    for page in pages:
        assert paging.get_page(template, page.step_id, page.number) == page
        assert all(paging.page_of(template, q.id) == page for q in page.questions)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_next_and_previous_walk_every_page(template):
    pages = paging.pages(template)
    assert paging.previous_page(template, pages[0]) is None
    assert paging.next_page(template, pages[-1]) is None
    for before, after in pairwise(pages):
        assert paging.next_page(template, before) == after
        assert paging.previous_page(template, after) == before


def test_the_profile_asks_the_craft_before_its_techniques_and_materials():
    template = load_templates()["asal_usul"]
    craft = paging.page_of(template, "craft")
    assert craft.questions[0].id == "craft"
    assert paging.page_index(template, craft) <= paging.page_index(
        template, paging.page_of(template, "techniques"))
    assert paging.page_index(template, craft) < paging.page_index(
        template, paging.page_of(template, "materials"))


def test_unknown_pages_and_the_first_page_with_a_missing_answer():
    template = load_templates()["asal_usul"]
    for number in (0, 99):
        with pytest.raises(paging.UnknownPage):
            paging.get_page(template, "profil", number)
    assert paging.resume_page(template, {}, "profil").number == 1
    answered = {"brand": "Batik Sekar", "city": "Lasem"}
    assert paging.resume_page(template, answered, "profil") == paging.page_of(template, "craft")


def test_chunks_start_a_group_at_a_new_page_question():
    template = load_templates()["asal_usul"]
    questions = template.steps[0].questions
    groups = paging.chunks(questions, 100)
    assert [group[0].id for group in groups][1:] == [q.id for q in questions if q.new_page]
    assert len(paging.chunks(questions, 3, breaks=False)) == -(-len(questions) // 3)
