"""Wizard pages: a step's questions split into pages short enough for a phone.

A step starts a new page at a question marked `new_page` in the data and after every
PAGE_SIZE questions. The progress counts pages ("Langkah 2 dari 10"). Pages only decide what
one screen asks: the answers, and so the story written from them, are the same.

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from webapp.stories.model import Question, Step, Template
from webapp.stories.wizard import UnknownStep, answer_problems, get_step

PAGE_SIZE = 6  # questions on one page at most
ENGLISH_PAGE_SIZE = 3  # English versions on one page at most

__all__ = [
    "ENGLISH_PAGE_SIZE",
    "PAGE_SIZE",
    "Page",
    "UnknownPage",
    "chunks",
    "get_page",
    "missing_on_page",
    "next_page",
    "page_index",
    "page_of",
    "pages",
    "previous_page",
    "resume_page",
    "step_pages",
]


class UnknownPage(UnknownStep):
    """The step has no page with that number."""


@dataclass(frozen=True)
class Page:
    """Page `number` of `count` of a step (counted from 1), with the questions it asks."""

    step_id: str
    number: int
    count: int
    questions: tuple[Question, ...]

    @property
    def question_ids(self) -> frozenset[str]:
        """The ids of the questions on this page."""
        return frozenset(q.id for q in self.questions)


def chunks(questions: tuple[Question, ...], size: int,
           breaks: bool = True) -> tuple[tuple[Question, ...], ...]:
    """Questions in groups of at most size, starting a group at every `new_page` question."""
    groups: list[list[Question]] = []
    for question in questions:
        if not groups or len(groups[-1]) >= size or (breaks and question.new_page):
            groups.append([])
        groups[-1].append(question)
    return tuple(tuple(group) for group in groups)


def step_pages(step: Step) -> tuple[Page, ...]:
    """The pages of one step, in order."""
    groups = chunks(step.questions, PAGE_SIZE)
    return tuple(Page(step.id, number, len(groups), group)
                 for number, group in enumerate(groups, start=1))


def pages(template: Template) -> tuple[Page, ...]:
    """Every page of every step of template, in order."""
    return tuple(page for step in template.steps for page in step_pages(step))


def get_page(template: Template, step_id: str, number: int) -> Page:
    """Page number of a step; UnknownStep or UnknownPage when there is none."""
    found = step_pages(get_step(template, step_id))
    if not 1 <= number <= len(found):
        raise UnknownPage(f"{step_id} page {number}")
    return found[number - 1]


def page_index(template: Template, page: Page) -> int:
    """Where page sits among all pages of template, from 0."""
    return [(p.step_id, p.number) for p in pages(template)].index((page.step_id, page.number))


def next_page(template: Template, page: Page) -> Page | None:
    """The page after page, or None after the last page of the last step."""
    every = pages(template)
    index = page_index(template, page)
    return every[index + 1] if index + 1 < len(every) else None


def previous_page(template: Template, page: Page) -> Page | None:
    """The page before page, or None on the first page."""
    index = page_index(template, page)
    return pages(template)[index - 1] if index > 0 else None


def page_of(template: Template, question_id: str) -> Page:
    """The page that asks question_id (KeyError when no page does)."""
    for page in pages(template):
        if question_id in page.question_ids:
            return page
    raise KeyError(question_id)


def missing_on_page(template: Template, answers: Mapping[str, Any], page: Page) -> tuple[str, ...]:
    """The required questions of page still without an answer."""
    problems = answer_problems(template, answers, page.step_id)
    return tuple(q.id for q in page.questions if problems.get(q.id) == "required")


def resume_page(template: Template, answers: Mapping[str, Any], step_id: str) -> Page:
    """The first page of step_id with a required answer missing, or its first page."""
    found = step_pages(get_step(template, step_id))
    return next((page for page in found if missing_on_page(template, answers, page)), found[0])
