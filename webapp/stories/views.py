"""The story wizard: choose a template, one step per page, the English page, and the result.

Every page belongs to the brand's owner (others get 404). Each step posts to its own URL and is
saved to the database at once; GET never changes anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.access import load_brand
from webapp.errors import refusal_message
from webapp.forms import ActionForm, keeps_input
from webapp.i18n import current_language
from webapp.lazy import lazy

if TYPE_CHECKING:
    from webapp.models import Brand, StoryDraft
    from webapp.stories.forms import StepForm
    from webapp.stories.paging import Page
    from webapp.stories.templates import Template

service = lazy("webapp.stories.service")
wizard = lazy("webapp.stories.wizard")
paging = lazy("webapp.stories.paging")
forms = lazy("webapp.stories.forms")
templates = lazy("webapp.stories.templates")
brands = lazy("webapp.brands.service")
brands = lazy("webapp.brands.service")

bp = Blueprint("stories", __name__, url_prefix="/brands/<slug>/story")


@bp.before_request
@login_required
def require_login() -> None:
    """Every story page is for the brand's logged-in owner only."""


def load_story(slug: str) -> tuple[Brand, StoryDraft, Template]:
    """The owner's brand with its draft and template; without a draft, go choose a template."""
    brand = load_brand(slug)
    draft = service.load_draft(brand)
    template = service.template_of(draft) if draft else None
    if draft is None or template is None:
        abort(redirect(url_for("stories.choose", slug=slug)))
    return brand, draft, template


def position_url(slug: str, position: str, page: int = 1) -> str:
    """The URL of a page of the walk (the first page of a step needs no page number)."""
    extra = {"page": page} if page > 1 else {}
    if position == service.ENGLISH:
        return url_for("stories.english", slug=slug, **extra)
    if position == service.RESULT:
        return url_for("stories.result", slug=slug)
    return url_for("stories.step", slug=slug, step_id=position, **extra)


def answer_urls(slug: str, template: Template) -> dict[str, str]:
    """Question id -> the URL of the page that asks it (for links to an answer)."""
    return {q.id: position_url(slug, page.step_id, page.number)
            for page in paging.pages(template) for q in page.questions}


def page_number() -> int:
    """The ?page= of the request (1 when absent); anything but plain digits is 404."""
    text = request.args.get("page", "1")
    if not (text.isascii() and text.isdigit()) or len(text) > 3:
        abort(404)
    return int(text)


def resume_url(slug: str, draft: StoryDraft, template: Template) -> str:
    """Where an owner coming back lands: the page they stopped on."""
    position = service.resume_position(draft, template)
    return position_url(slug, position, service.resume_page(draft, template, position))


@bp.route("/")
def index(slug: str):
    """Resume where the owner stopped, or choose a template when there is no story yet."""
    brand = load_brand(slug)
    draft = service.load_draft(brand)
    template = service.template_of(draft) if draft else None
    if draft is None or template is None:
        return redirect(url_for("stories.choose", slug=slug))
    return redirect(resume_url(slug, draft, template))


@bp.route("/templates", methods=["GET", "POST"])
@keeps_input
def choose(slug: str):
    """Pick a template, or switch to another one keeping the answers they share."""
    brand = load_brand(slug)
    draft = service.load_draft(brand)
    form = forms.ChooseForm()
    if form.validate_on_submit():
        try:
            draft = service.start_story(brand, form.template_id.data or "",
                                        brands.head_revision(brand).profile)
        except service.StoryError as error:
            form.refuse(refusal_message(error))
        else:
            template = templates.get_template(draft.template_id)
            return redirect(resume_url(slug, draft, template))
    return render_template("stories/choose.html", brand=brand, draft=draft, form=form,
                           templates=templates.load_templates().values(),
                           language=current_language()), form.status


@bp.route("/steps/<step_id>", methods=["GET", "POST"])
@keeps_input
def step(slug: str, step_id: str):
    """One page of a wizard step; its answers are saved at once, whichever button is pressed."""
    brand, draft, template = load_story(slug)
    try:
        page = paging.get_page(template, step_id, page_number())
    except wizard.UnknownStep:
        abort(404)
    language = current_language()
    form = forms.build_step_form(template, page.questions, language, step_id)
    if not form.is_submitted():
        form.fill(service.stored_answers(draft, template))
    elif form.validate():
        outcome = service.save_step(draft, step_id, form.answers(), form.move(), page.number)
        if form.move() == "stay":
            flash(_("Jawaban tersimpan. Lanjutkan kapan saja lewat menu Cerita."), "success")
            return redirect(url_for("brands.show", slug=slug))
        if outcome.missing:
            flash(_("Masih ada jawaban wajib yang kosong. Lengkapi dulu langkah ini."), "info")
        if (outcome.position, outcome.page) != (step_id, page.number) or not outcome.problems:
            return redirect(position_url(slug, outcome.position, outcome.page))
        form.add_problems(outcome.problems)
    return render_step(brand, draft, template, page, form, language)


def render_step(brand: Brand, draft: StoryDraft, template: Template, page: Page,
                form: StepForm, language: str) -> tuple[str, int]:
    """Draw a page of a step (422 when it shows problems)."""
    answers = service.stored_answers(draft, template)
    return render_template(
        "stories/step.html", brand=brand, draft=draft, template=template,
        step=wizard.get_step(template, page.step_id), page=page, form=form, language=language,
        field_name=forms.field_name, example_text=forms.example_text,
        craft=form.craft_answer(answers), chips=forms.chip_groups,
        progress=service.page_progress(template, page.step_id, page.number),
        previous=paging.previous_page(template, page),
    ), form.status


@bp.route("/english", methods=["GET", "POST"])
@keeps_input
def english(slug: str):
    """Optional: English versions of the owner's free-text answers, a few per page; every page
    can be skipped in one tap."""
    brand, draft, template = load_story(slug)
    answers = service.stored_answers(draft, template)
    number = page_number()
    try:
        questions, count = service.english_page_questions(template, answers, number)
    except paging.UnknownPage:
        abort(404)
    language = current_language()
    form = forms.build_english_form(template, questions, language)
    if not form.is_submitted():
        form.fill(service.translations(draft))
    elif form.validate():
        outcome = service.save_translations(draft, form.answers(), form.move(), number)
        if form.move() == "stay":
            flash(_("Jawaban tersimpan. Lanjutkan kapan saja lewat menu Cerita."), "success")
            return redirect(url_for("brands.show", slug=slug))
        if not outcome.problems or form.move() == "skip":
            return redirect(position_url(slug, outcome.position, outcome.page))
        form.add_problems(outcome.problems)
    originals = {q.id: wizard.own_words(template, q, answers.get(q.id))
                 if q.kind in ("choice", "multi") else answers.get(q.id) for q in questions}
    return render_template(
        "stories/english.html", brand=brand, draft=draft, template=template, form=form,
        originals=originals, stale=service.stale_translations(draft, template),
        language=language, field_name=forms.field_name, page=number, count=count,
        progress=service.page_progress(template, service.ENGLISH), piece=None,
        choices=english_choices(draft, template, language) if number == 1 else {},
    ), form.status


def english_choices(draft, template, language: str) -> dict[str, tuple[str, int]]:
    """Per piece that lacks English answers: its label and how many answers it lacks."""
    missing = service.english_by_piece(draft, template)
    return {view.name: (view.kind.label.get(language), len(missing[view.name]))
            for view in service.story_pieces(draft, template, "en") if view.name in missing}


@bp.route("/english/piece/<piece>", methods=["GET", "POST"])
@keeps_input
def english_piece(slug: str, piece: str):
    """English for one piece only: the answers it uses that have no English version yet."""
    brand, draft, template = load_story(slug)
    if piece not in template.pieces:
        abort(404)
    questions = wizard.english_for_piece(template, service.stored_answers(draft, template),
                                         service.translations(draft), piece)
    back = url_for("stories.result", slug=slug, _anchor=f"piece-{piece}")
    language = current_language()
    form = forms.build_english_form(template, questions, language)
    if form.is_submitted() and form.validate():
        outcome = service.save_translations(draft, form.answers(), "next")
        if not outcome.problems:
            flash(_("Versi bahasa Inggris tersimpan."), "success")
            return redirect(back)
        form.add_problems(outcome.problems)
    elif not form.is_submitted() and not questions:
        flash(_("Bagian ini sudah punya versi bahasa Inggris untuk semua jawaban yang "
                "dipakainya."), "info")
        return redirect(back)
    answers = service.stored_answers(draft, template)
    originals = {q.id: wizard.own_words(template, q, answers.get(q.id))
                 if q.kind in ("choice", "multi") else answers.get(q.id) for q in questions}
    label = next(view.kind.label.get(language)
                 for view in service.story_pieces(draft, template, "en") if view.name == piece)
    return render_template(
        "stories/english.html", brand=brand, draft=draft, template=template, form=form,
        originals=originals, stale=service.stale_translations(draft, template),
        language=language, field_name=forms.field_name, page=1, count=1, piece=piece,
        piece_title=label, back=back, choices={},
        progress=service.page_progress(template, service.ENGLISH),
    ), form.status


@bp.route("/result")
def result(slug: str):
    """Every piece with its length against its limit, ready to copy, edit, vary and save."""
    brand, draft, template = load_story(slug)
    answers = service.stored_answers(draft, template)
    if not wizard.is_complete(template, answers):
        flash(_("Masih ada jawaban wajib yang kosong. Lengkapi dulu langkah ini."), "info")
        missing = paging.resume_page(template, answers, wizard.resume_step_id(template, answers))
        return redirect(position_url(slug, missing.step_id, missing.number))
    output = forms.OutputForm(data={"language": draft.language, "tone": draft.tone})
    return render_template(
        "stories/result.html", brand=brand, draft=draft, template=template,
        pieces=service.story_pieces(draft, template, draft.language), output=output,
        action=ActionForm(), language=current_language(), answer_urls=answer_urls(slug, template),
        untranslated=service.untranslated(draft, template) if draft.language == "en" else (),
        stale=service.stale_translations(draft, template) if draft.language == "en" else (),
        claims=wizard.claims_without_evidence(template, answers),
        english_missing=(service.english_by_piece(draft, template)
                         if draft.language == "en" else {}),
        story_saved=bool(brands.head_revision(brand).profile.get("story")),
    )


@bp.route("/result/output", methods=["POST"])
def output(slug: str):
    """Choose the pieces' language and address form."""
    _brand, draft, _template = load_story(slug)
    form = forms.OutputForm()
    try:
        if not form.validate_on_submit():
            raise service.StoryError("bad_choice")
        service.set_output(draft, form.language.data, form.tone.data)
    except service.StoryError as error:
        flash(refusal_message(error), "error")
    return redirect(url_for("stories.result", slug=slug))


@bp.route("/result/variant", methods=["POST"])
def variant(slug: str):
    """Try another phrasing; hand edits stay."""
    _brand, draft, _template = load_story(slug)
    if ActionForm().validate_on_submit():
        service.next_variant(draft)
        flash(_("Ini variasi kalimat yang lain. Teks yang Anda ubah sendiri tetap."), "info")
    return redirect(url_for("stories.result", slug=slug))


def piece_or_404(template: Template, language: str, piece: str) -> None:
    """404 for a language or piece the template does not have."""
    if language not in templates.LANGUAGES or piece not in template.shared.pieces:
        abort(404)


@bp.route("/pieces/<language>/<piece>", methods=["GET", "POST"])
@keeps_input
def edit_piece(slug: str, language: str, piece: str):
    """Write a piece by hand; regeneration never overwrites it."""
    brand, draft, template = load_story(slug)
    piece_or_404(template, language, piece)
    view = next(v for v in service.story_pieces(draft, template, language) if v.name == piece)
    form = forms.PieceForm()
    if not form.is_submitted():
        form.text.data = view.text
    elif form.validate():
        service.edit_piece(draft, language, piece, form.text.data)
        flash(_("Teks Anda tersimpan dan tidak akan ditimpa oleh teks otomatis."), "success")
        return redirect(url_for("stories.result", slug=slug, _anchor=f"piece-{piece}"))
    return render_template("stories/piece.html", brand=brand, draft=draft, template=template,
                           form=form, view=view, piece_language=language,
                           restore=ActionForm(), language=current_language()), form.status


@bp.route("/pieces/<language>/<piece>/restore", methods=["POST"])
def restore_piece(slug: str, language: str, piece: str):
    """Go back to the automatic text of a piece."""
    _brand, draft, template = load_story(slug)
    piece_or_404(template, language, piece)
    if ActionForm().validate_on_submit():
        service.restore_piece(draft, language, piece)
        flash(_("Teks otomatis dipakai lagi."), "success")
    return redirect(url_for("stories.result", slug=slug, _anchor=f"piece-{piece}"))


@bp.route("/save", methods=["POST"])
def save(slug: str):
    """Save the story to the brand profile as a new revision (none when nothing changed)."""
    brand, draft, template = load_story(slug)
    if not ActionForm().validate_on_submit():
        flash(_("Formulir ini sudah kedaluwarsa. Tekan tombolnya sekali lagi."), "error")
        return redirect(url_for("stories.result", slug=slug))
    try:
        saved = service.save_story(brand, current_user._get_current_object(), draft,
                                   _("Cerita merek: %(template)s",
                                     template=template.title.get(current_language())))
    except service.StoryError as error:
        flash(refusal_message(error), "error")
        return redirect(url_for("stories.result", slug=slug))
    if saved.created:
        flash(_("Cerita tersimpan di profil merek sebagai revisi %(number)d.",
                number=saved.revision.number), "success")
    else:
        flash(_("Cerita di profil merek sudah sama, jadi tidak ada revisi baru."), "info")
    return redirect(url_for("stories.result", slug=slug))
