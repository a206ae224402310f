"""Story operations: the wizard's draft, saved at every step, and the story saved to the profile.

One draft per brand (StoryDraft). Every step writes its answers to the database at once, so a
closed tab, a dead battery or an expired session loses nothing. The draft keeps every answer it
was ever given, keyed by question id: switching template uses the answers the templates share and
keeps the others for switching back. The owner's English versions of free-text answers live in
the same JSON under TRANSLATIONS (question ids are lowercase identifiers, so it cannot clash).
Hand edits of pieces are kept per language ({language: {piece: text}}) and regeneration never
overwrites them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.brands import service as brands
from webapp.brands.profile import ProfileError
from webapp.db import get_session, transaction
from webapp.domain import DomainError
from webapp.models import Brand, StoryDraft, User
from webapp.stories import paging, wizard
from webapp.stories.templates import (
    LANGUAGES,
    TONES,
    PieceKind,
    Question,
    Template,
    UnknownTemplate,
    get_template,
)
from webapp.stories.writer import Piece, write_pieces

TRANSLATIONS = "_en"
TRANSLATION_SOURCES = "_en_from"  # each translated answer as it was when its English was saved
PAGE = "_page"  # the page of the current step (or of the English versions) the owner is on
ENGLISH = "__english__"  # the optional page after the template's steps
RESULT = "__result__"
MOVES = ("next", "back", "stay", "skip")
ITEM_MAX = 2000  # a safety cap per stored answer; the form asks for far less
LIST_MAX = 20
EDIT_MAX = 6000


class StoryError(DomainError):
    """A story operation was refused."""

    domain = "story"


@dataclass(frozen=True)
class StepOutcome:
    """Where the owner stands after saving a page, and what still needs their attention."""

    position: str  # a step id, ENGLISH or RESULT
    problems: Mapping[str, str]
    missing: tuple[str, ...] = ()  # required answers of earlier steps that are still empty
    page: int = 1  # the page of the step (or of the English versions)


@dataclass(frozen=True)
class PieceView:
    """One piece as the result page shows it: the automatic text and the owner's final text."""

    name: str
    kind: PieceKind
    auto: Piece
    text: str
    edited: bool

    @property
    def size(self) -> int:
        """The final text's length in the piece's unit."""
        return len(self.text.split()) if self.kind.unit == "words" else len(self.text)

    @property
    def over(self) -> bool:
        """True when a hand edit makes the piece longer than its limit."""
        return self.size > self.kind.limit


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def load_draft(brand: Brand) -> StoryDraft | None:
    """Return the brand's story draft, if the owner has started one."""
    return get_session().scalar(select(StoryDraft).where(StoryDraft.brand_id == brand.id))


def template_of(draft: StoryDraft) -> Template | None:
    """Return the draft's template, or None when it no longer exists."""
    try:
        return get_template(draft.template_id)
    except UnknownTemplate:
        return None


def flow_ids(template: Template) -> tuple[str, ...]:
    """Every page of the walk in order: the template's steps, the English page, the result."""
    return (*wizard.step_ids(template), ENGLISH, RESULT)


def page_progress(template: Template, position: str, page: int = 1) -> wizard.Progress:
    """Progress for a page of a step or the English versions: every page of a step counts,
    and the English versions count as the last step, however many pages they take."""
    total = len(paging.pages(template)) + 1
    if position == ENGLISH:
        return wizard.Progress(total, total, ENGLISH)
    current = paging.get_page(template, position, page)
    return wizard.Progress(paging.page_index(template, current) + 1, total, position)


def stored_page(draft: StoryDraft) -> int:
    """The page of the current step the owner was last on (1 when unknown)."""
    found = (draft.answers or {}).get(PAGE)
    return found if isinstance(found, int) and found > 0 else 1


def resume_page(draft: StoryDraft, template: Template, position: str) -> int:
    """The page to open at position: where the owner stopped on it, else its first page with
    a required answer missing."""
    if position == RESULT:
        return 1
    here = flow_ids(template)[max(0, min(draft.step, len(flow_ids(template)) - 1))]
    if position == ENGLISH:
        count = len(english_pages(questions_to_translate(draft, template)))
        return min(stored_page(draft), max(count, 1)) if here == ENGLISH else 1
    answers = stored_answers(draft, template)
    if here == position:
        count = paging.get_page(template, position, 1).count
        return min(stored_page(draft), count)
    return paging.resume_page(template, answers, position).number


def english_pages(questions: tuple[Question, ...]) -> tuple[tuple[Question, ...], ...]:
    """The English versions asked a few at a time, in step order."""
    return paging.chunks(questions, paging.ENGLISH_PAGE_SIZE, breaks=False)


def resume_position(draft: StoryDraft, template: Template) -> str:
    """Where an owner coming back lands: the page they stopped on, or the first step with a
    required answer missing when they stopped past it."""
    flow = flow_ids(template)
    position = flow[max(0, min(draft.step, len(flow) - 1))]
    answers = stored_answers(draft, template)
    if position in (ENGLISH, RESULT) and not wizard.is_complete(template, answers):
        return wizard.resume_step_id(template, answers)
    return position


def stored_answers(draft: StoryDraft, template: Template) -> dict[str, Any]:
    """The draft's answers to the questions of template, in question order."""
    answers = draft.answers or {}
    return {question_id: answers[question_id] for question_id in template.questions
            if question_id in answers}


def translations(draft: StoryDraft) -> dict[str, Any]:
    """The owner's English versions of free-text answers, by question id."""
    found = (draft.answers or {}).get(TRANSLATIONS)
    return dict(found) if isinstance(found, dict) else {}


def translation_sources(draft: StoryDraft) -> dict[str, Any]:
    """Each translated answer as it was when the owner saved its English version."""
    found = (draft.answers or {}).get(TRANSLATION_SOURCES)
    return dict(found) if isinstance(found, dict) else {}


def answers_in(draft: StoryDraft, template: Template, language: str) -> dict[str, Any]:
    """The answers to write language from: English uses the owner's English versions and
    leaves out what has none (one language at a time)."""
    answers = stored_answers(draft, template)
    if language == "en":
        return wizard.in_english(template, answers, translations(draft))
    return answers


def questions_to_translate(draft: StoryDraft, template: Template) -> tuple[Question, ...]:
    """The answered questions holding the owner's own words, which English pieces need."""
    return wizard.questions_to_translate(template, stored_answers(draft, template))


def untranslated(draft: StoryDraft, template: Template) -> tuple[str, ...]:
    """Own-words answers without an English version (English pieces leave their sentences
    out)."""
    return wizard.untranslated(template, stored_answers(draft, template), translations(draft))


def english_by_piece(draft: StoryDraft, template: Template) -> dict[str, tuple[Question, ...]]:
    """Per piece, the own-words answers it uses that have no English version yet (pieces with
    none left out): the English step as a choice per piece."""
    answers, given = stored_answers(draft, template), translations(draft)
    found = {piece: wizard.english_for_piece(template, answers, given, piece)
             for piece in template.pieces}
    return {piece: questions for piece, questions in found.items() if questions}


def stale_translations(draft: StoryDraft, template: Template) -> tuple[str, ...]:
    """English versions whose Indonesian answer changed after they were written."""
    return wizard.stale_translations(template, stored_answers(draft, template),
                                     translations(draft), translation_sources(draft))


def hand_edits(draft: StoryDraft, language: str) -> dict[str, str]:
    """The pieces the owner edited by hand in language."""
    found = (draft.edited or {}).get(language)
    return dict(found) if isinstance(found, dict) else {}


def story_pieces(draft: StoryDraft, template: Template, language: str) -> list[PieceView]:
    """Every piece in language, tone and variant of the draft, with the owner's hand edits."""
    written = write_pieces(template, answers_in(draft, template, language), language,
                           draft.tone, draft.variant)
    edits = hand_edits(draft, language)
    return [PieceView(name, template.shared.pieces[name], piece, edits.get(name, piece.text),
                      name in edits)
            for name, piece in written.items()]


def has_english(draft: StoryDraft) -> bool:
    """True when the story has English worth keeping: chosen, translated or edited."""
    return draft.language == "en" or bool(translations(draft)) or bool(hand_edits(draft, "en"))


def story_document(draft: StoryDraft, template: Template) -> dict[str, Any]:
    """The story as the brand profile stores it: answers, choices and the final texts."""
    languages = LANGUAGES if has_english(draft) else ("id",)
    english = {q.id: value for q in questions_to_translate(draft, template)
               if (value := translations(draft).get(q.id))}
    return {
        "template": template.id,
        "answers": stored_answers(draft, template),
        "answers_en": english,
        "language": draft.language,
        "tone": draft.tone,
        "variant": draft.variant,
        "pieces": {language: {view.name: view.text
                              for view in story_pieces(draft, template, language)}
                   for language in languages},
        "edited": {language: edits for language in LANGUAGES
                   if (edits := hand_edits(draft, language))},
    }


# ---------------------------------------------------------------------------------------------
# Starting and switching
# ---------------------------------------------------------------------------------------------


def prefill_answers(template: Template, profile: Mapping[str, Any]) -> dict[str, Any]:
    """Answers to the shared first step taken from the brand profile, where they fit."""
    found: dict[str, Any] = {
        "brand": profile.get("name") or "",
        "city": profile.get("city") or "",
        "province": profile.get("province") or "",
        "founded": str(profile.get("year_founded") or ""),
        "category": profile.get("category") or "",
        "techniques": list(profile.get("techniques") or []),
        "materials": list(profile.get("materials") or []),
        "customers": profile.get("customers") or "",
        "whatsapp": profile.get("whatsapp") or "",
        "instagram": f"@{profile['instagram']}" if profile.get("instagram") else "",
    }
    nouns = template.shared.techniques
    crafts = template.shared.vocab.get("crafts", {})
    families = [nouns[t].get("is") for t in found["techniques"] if t in nouns]
    techniques = template.shared.vocab.get("techniques", {})
    families += [techniques[t].data.get("craft") for t in found["techniques"] if t in techniques]
    found["craft"] = next((family for family in families if family in crafts), "")
    questions = template.questions
    answers = {}
    for question_id, value in found.items():
        question = questions.get(question_id)
        if question is None or not value:
            continue
        if question.is_multiple:
            value = value[:question.max_items]
        if not wizard.answer_problems(template, {question_id: value}, step_of(template,
                                                                              question_id)
                                      ).get(question_id):
            answers[question_id] = value
    return answers


def step_of(template: Template, question_id: str) -> str:
    """The id of the step that asks question_id."""
    return next(step.id for step in template.steps
                if any(q.id == question_id for q in step.questions))


def lock_draft(brand_id: int) -> StoryDraft | None:
    """Load the brand's draft fresh, locking its row until commit (PostgreSQL)."""
    query = select(StoryDraft).where(StoryDraft.brand_id == brand_id).with_for_update()
    return get_session().scalars(query.execution_options(populate_existing=True)).one_or_none()


def start_story(brand: Brand, template_id: str, profile: Mapping[str, Any]) -> StoryDraft:
    """Start the wizard with a template, or switch the draft to it keeping shared answers.

    A new draft takes the business basics from the brand profile. Answers the new template does
    not ask for stay stored, so switching back restores them.
    """
    try:
        template = get_template(template_id)
    except UnknownTemplate:  # nothing chosen, or not a template of ours
        raise StoryError("no_template") from None
    for _attempt in range(2):
        try:
            with transaction() as session:
                draft = lock_draft(brand.id)
                if draft is None:
                    draft = StoryDraft(brand_id=brand.id, template_id=template.id, step=0,
                                       answers=prefill_answers(template, profile),
                                       language="id", tone=profile.get("tone") or "anda",
                                       variant=0, edited={})
                    session.add(draft)
                elif draft.template_id != template.id:
                    switch_template(draft, template)
            return draft
        except IntegrityError:  # another tab created the draft in between: switch it instead
            continue
    raise StoryError("busy")


def switch_template(draft: StoryDraft, template: Template) -> None:
    """Point draft at template: shared answers carry over, the owner resumes where needed."""
    old = template_of(draft)
    answers = dict(draft.answers or {})
    kept = wizard.carry_over(answers, template, old)
    # Same id but a different kind of answer (text vs. choice) cannot stand in the new template.
    answers = {key: value for key, value in answers.items()
               if key not in template.questions or key in kept}
    resume = wizard.resume_step_id(template, kept)
    draft.template_id = template.id
    draft.answers = {**answers, PAGE: paging.resume_page(template, kept, resume).number}
    draft.step = flow_ids(template).index(resume)


# ---------------------------------------------------------------------------------------------
# Saving pages
# ---------------------------------------------------------------------------------------------


def clean_answers(template: Template, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only answers to template's questions, as text or lists of text, within safety caps."""
    cleaned: dict[str, Any] = {}
    for question_id, value in answers.items():
        if question_id not in template.questions:
            continue
        if isinstance(value, (list, tuple)):
            cleaned[question_id] = [str(item)[:ITEM_MAX] for item in value
                                    if str(item).strip()][:LIST_MAX]
        else:
            cleaned[question_id] = str(value or "")[:ITEM_MAX]
    return cleaned


def save_step(draft: StoryDraft, step_id: str, answers: Mapping[str, Any],
              move: str, page: int | None = None) -> StepOutcome:
    """Save one page of a step (or, without a page, the whole step) at once, then move: "next"
    (only when the page is in order), "back" or "stay". Answers are saved even when they still
    need fixing: nothing is lost."""
    template = template_of(draft)
    if template is None:
        raise StoryError("unknown_template")
    current, asked = asked_on(template, step_id, page, move)  # raises UnknownStep
    page_answers = clean_answers(template, {q.id: answers.get(q.id, "") for q in asked})
    problems = {key: problem for key, problem in
                wizard.answer_problems(template, page_answers, step_id).items()
                if key in {q.id for q in asked}}
    with transaction():
        draft = lock_draft(draft.brand_id) or draft
        merged = {**(draft.answers or {}), **page_answers}
        target, position, missing = current, step_id, ()
        if move == "back":
            target = paging.previous_page(template, current) or current
        elif move == "next" and not problems:
            target = paging.next_page(template, current)
            known = stored_answers(draft, template) | page_answers
            if target is None and not wizard.is_complete(template, known):
                missing = wizard.missing_answers(template, known)
                target = paging.resume_page(template, known,
                                            wizard.resume_step_id(template, known))
        position = target.step_id if target is not None else ENGLISH
        number = target.number if target is not None else 1
        draft.answers = {**merged, PAGE: number}
        draft.step = flow_ids(template).index(position)
    return StepOutcome(position, problems, missing, number)


def asked_on(template: Template, step_id: str, page: int | None,
             move: str) -> tuple[paging.Page, tuple[Question, ...]]:
    """The page a save moves from, and the questions it answers: one page's, or with no page
    the whole step's (moving on from its last page, or back from its first)."""
    if page is not None:
        current = paging.get_page(template, step_id, page)
        return current, current.questions
    every = paging.step_pages(wizard.get_step(template, step_id))
    current = every[0] if move == "back" else every[-1]
    return current, wizard.get_step(template, step_id).questions


def english_page_questions(template: Template, answers: Mapping[str, Any],
                           page: int) -> tuple[tuple[Question, ...], int]:
    """The questions of one English page, and how many English pages there are."""
    found = english_pages(wizard.questions_to_translate(template, answers))
    if page != 1 and not 1 <= page <= len(found):
        raise paging.UnknownPage(f"english page {page}")
    return (found[page - 1] if found else ()), len(found)


def save_translations(draft: StoryDraft, english: Mapping[str, Any], move: str,
                      page: int | None = None) -> StepOutcome:
    """Save the owner's English versions of one page of answers (or, without a page, of all;
    an empty one is removed), then move: "next", "back", "stay", or "skip" to the result."""
    template = template_of(draft)
    if template is None:
        raise StoryError("unknown_template")
    answers = stored_answers(draft, template)
    if page is None:  # every English version at once, as from the last page
        asked_here = wizard.questions_to_translate(template, answers)
        page = count = len(english_pages(asked_here)) or 1
    else:
        asked_here, count = english_page_questions(template, answers, page)
    asked = {q.id for q in asked_here}
    given = {key: value for key, value in clean_answers(template, english).items()
             if key in asked and move != "skip"}  # skipping changes no English version
    merged_answers = wizard.with_translations(template, answers, given)
    problems = {key: problem for key, problem in
                wizard.answer_problems(template, merged_answers).items()
                if key in given and wizard.has_answer(given[key])}
    with transaction():
        draft = lock_draft(draft.brand_id) or draft
        stored = {**translations(draft), **given}
        stored = {key: value for key, value in stored.items() if wizard.has_answer(value)}
        sources = {**translation_sources(draft),
                   **{key: answers.get(key) for key in given}}
        sources = {key: value for key, value in sources.items() if key in stored}
        position, number = english_move(template, move, page, count, bool(problems))
        draft.answers = {**(draft.answers or {}), TRANSLATIONS: stored,
                         TRANSLATION_SOURCES: sources, PAGE: number}
        draft.step = flow_ids(template).index(position)
    return StepOutcome(position, problems, page=number)


def english_move(template: Template, move: str, page: int, count: int,
                 problems: bool) -> tuple[str, int]:
    """Where a move from English page `page` of `count` leads: (position, page)."""
    if move == "skip":
        return RESULT, 1
    if move == "back":
        if page > 1:
            return ENGLISH, page - 1
        last = paging.step_pages(template.steps[-1])[-1]
        return last.step_id, last.number
    if move == "next" and not problems:
        return (ENGLISH, page + 1) if page < count else (RESULT, 1)
    return ENGLISH, page


# ---------------------------------------------------------------------------------------------
# The result: language, tone, variant, hand edits
# ---------------------------------------------------------------------------------------------


def set_output(draft: StoryDraft, language: str, tone: str) -> None:
    """Choose the pieces' language and the way they address buyers."""
    if language not in LANGUAGES or tone not in TONES:
        raise StoryError("bad_choice")
    with transaction():
        draft = lock_draft(draft.brand_id) or draft
        draft.language, draft.tone = language, tone


def next_variant(draft: StoryDraft) -> int:
    """Step to the next phrasing ("coba variasi lain"); hand edits stay as they are."""
    with transaction():
        draft = lock_draft(draft.brand_id) or draft
        draft.variant = (draft.variant or 0) + 1
        return draft.variant


def check_piece(template: Template, language: str, piece: str) -> None:
    """Refuse a piece or language the template does not have."""
    if language not in LANGUAGES or piece not in template.shared.pieces:
        raise StoryError("unknown_piece")


def edit_piece(draft: StoryDraft, language: str, piece: str, text: str) -> None:
    """Keep the owner's own text for one piece in one language."""
    template = template_of(draft)
    if template is None:
        raise StoryError("unknown_template")
    check_piece(template, language, piece)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()[:EDIT_MAX]
    with transaction():
        draft = lock_draft(draft.brand_id) or draft
        edited = {key: dict(value) for key, value in (draft.edited or {}).items()
                  if isinstance(value, dict)}
        edited.setdefault(language, {})[piece] = text
        draft.edited = edited


def restore_piece(draft: StoryDraft, language: str, piece: str) -> None:
    """Drop the hand edit of one piece: the automatic text shows again."""
    template = template_of(draft)
    if template is None:
        raise StoryError("unknown_template")
    check_piece(template, language, piece)
    with transaction():
        draft = lock_draft(draft.brand_id) or draft
        edited = {key: {name: text for name, text in value.items()
                        if not (key == language and name == piece)}
                  for key, value in (draft.edited or {}).items() if isinstance(value, dict)}
        draft.edited = {key: value for key, value in edited.items() if value}


def save_story(brand: Brand, author: User, draft: StoryDraft,
               note: str = "") -> brands.SaveResult:
    """Append a brand revision whose profile holds the story; nothing when it is unchanged."""
    template = template_of(draft)
    if template is None:
        raise StoryError("unknown_template")
    if not wizard.is_complete(template, stored_answers(draft, template)):
        raise StoryError("incomplete")
    document = story_document(draft, template)
    try:
        try:
            return brands.save_profile(brand, author, {"story": document}, brand.head_number,
                                       note)
        except brands.SaveConflict as conflict:  # a profile edit landed in between
            return brands.save_profile(brand, author, {"story": document},
                                       conflict.head.number, note)
    except ProfileError:
        raise StoryError("too_large") from None
