"""Comments and suggested text from trainers, and the owner's answers.

A trainer of a class a brand is shared with comments on a revision, a story piece or a listing
text (POST /classes/<id>/brands/<slug>/comments); the owner sees the comments on the dashboard
and beside each thing on their own pages, replies, marks them done, and accepts or declines a
suggestion (/brands/<slug>/comments/<id>/...). The owner's pages get the comments through the
template globals below (macros in templates/classes/_comments.html), so their views stay as
they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template_string,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from webapp.access import load_brand
from webapp.classes.blueprint import bp
from webapp.classes.comment_forms import REFUSAL_FIELDS, CommentForm, ReplyForm
from webapp.errors import refusal_message
from webapp.fields import INT_MAX, parse_whole
from webapp.forms import ActionForm, keeps_input
from webapp.i18n import current_language
from webapp.lazy import lazy

if TYPE_CHECKING:
    from webapp.classes.comment_service import Target, Thread
    from webapp.models import Brand, Comment, Kelas

service = lazy("webapp.classes.comment_service")
classes = lazy("webapp.classes.service")
brands = lazy("webapp.brands.service")
channels = lazy("webapp.listings.channels")
story_templates = lazy("webapp.stories.templates")
listing_views = lazy("webapp.listings.views")
profile = lazy("webapp.brands.profile")

#: The two pages of this module: each draws one macro of templates/classes/_comments.html.
TRAINER_PAGE = """{% extends "base.html" %}
{% from "classes/_comments.html" import trainer_page %}
{% block title %}{{ title }}{% endblock %}
{% block content %}
{{ trainer_page(kelas, brand, title, back_url, labels, failed, form) }}
{% endblock %}
"""
OWNER_PAGE = """{% extends "base.html" %}
{% from "classes/_comments.html" import owner_page %}
{% block title %}{{ title }}{% endblock %}
{% block content %}{{ owner_page(brand, thread, title, back_url, label, form) }}{% endblock %}
"""


def me():
    """The logged-in account."""
    return current_user._get_current_object()


def for_brand(brand: Brand) -> dict[str, list[Thread]]:
    """The brand's open threads by target, read once per request."""
    cache = g.setdefault("brand_comments", {})
    if brand.id not in cache:
        cache[brand.id] = service.for_brand(brand)
    return cache[brand.id]


# --- what the templates call ------------------------------------------------------------------

@bp.app_template_global("brand_comments")
def brand_comments(brand: Brand) -> dict[str, list[Thread]]:
    """Open threads on a brand the page has already loaded through its owner check."""
    return for_brand(brand)


@bp.app_template_global("class_comments")
def class_comments(kelas: Kelas, brand: Brand) -> dict[str, list[Thread]]:
    """A class's threads on a shared brand (the trainer's pages), read once per request."""
    cache = g.setdefault("class_comments", {})
    key = (kelas.id, brand.id)
    if key not in cache:
        cache[key] = service.for_class(kelas, brand)
    return cache[key]


@bp.app_template_global("owner_comments")
def owner_comments() -> tuple[list, int]:
    """The logged-in owner's newest open comments and how many are open (the dashboard)."""
    if not current_user.is_authenticated:
        return [], 0
    return service.open_for_owner(me())


@bp.app_template_global("suggestion_diff")
def suggestion_diff(current: str, suggestion: str) -> tuple[tuple, tuple]:
    """The current text and a suggestion compared word by word."""
    return profile.word_diff(current or "", suggestion or "")


@bp.app_template_global("comment_place")
def comment_place(target: Target | str, product_name: str = "") -> str:
    """What a comment is about, in words: "Revisi 3", "Cerita: Tagline", "Shopee: Judul"."""
    if isinstance(target, str):
        target = service.split_target(target)
    if target.kind == "revision":
        return _("Revisi %(number)d", number=target.number)
    if target.kind == "piece":
        shared = next(iter(story_templates.load_templates().values())).shared
        kind = shared.pieces.get(target.piece)
        label = kind.label.get(current_language()) if kind else target.piece
        if target.language == "en":
            return _("Cerita (bahasa Inggris): %(piece)s", piece=label)
        return _("Cerita: %(piece)s", piece=label)
    try:
        channel_name = channels.get_channel(target.channel_id).name
    except channels.UnknownChannelError:
        channel_name = target.channel_id
    field = str(listing_views.FIELD_LABELS.get(target.field, target.field))
    place = _("Teks %(channel)s: %(field)s", channel=channel_name, field=field)
    return f"{product_name} · {place}" if product_name else place


# --- the trainer ------------------------------------------------------------------------------

def shared_or_404(class_id: int, slug: str) -> tuple[Kelas, Brand]:
    """A brand shared now with a class the account trains, or 404."""
    try:
        kelas, brand, _share = classes.shared_brand(me(), class_id, slug)
    except classes.ClassError:
        abort(404)
    g.brand = brand  # times in the brand's zone, as on the owner's pages
    return kelas, brand


def reading_url(kelas: Kelas, brand: Brand, anchor: str | None = None) -> str:
    """The trainer's reading view of the brand, or this module's list while there is none."""
    endpoint = ("classes.brand" if "classes.brand" in current_app.view_functions
                else "classes.trainer_comments")
    return url_for(endpoint, class_id=kelas.id, slug=brand.slug, _anchor=anchor)


def parent_of(form: CommentForm) -> int | None:
    """The thread a trainer's reply answers (a hidden field: 404 when it is not an id)."""
    text = (form.parent.data or "").strip()
    if not text:
        return None
    number = parse_whole(text, 1, INT_MAX)
    if number is None:
        abort(404)
    return number


@bp.route("/classes/<id:class_id>/brands/<slug>/comments", methods=["GET", "POST"])
@keeps_input
def trainer_comments(class_id: int, slug: str):
    """The class's comments on a shared brand (GET); a new comment, suggestion or reply
    (POST), shown again with the reasons when it is refused."""
    kelas, brand = shared_or_404(class_id, slug)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            comment = service.add_comment(me(), kelas, brand, form.target.data or "",
                                          form.body.data, form.suggestion.data, parent_of(form))
        except service.CommentError as error:
            if error.code == "not_found":
                abort(404)
            form.refuse(refusal_message(error), REFUSAL_FIELDS.get(error.code))
        else:
            classes.record_visit(me(), kelas, brand, "comment")
            flash(_("Komentar Anda terkirim. Pemilik merek melihatnya di dasbornya."), "success")
            return redirect(reading_url(kelas, brand, f"comment-{comment.id}"))
    elif not form.is_submitted():
        classes.record_visit(me(), kelas, brand, "comments")
    return render_trainer_page(kelas, brand, form), form.status


def render_trainer_page(kelas: Kelas, brand: Brand, form: CommentForm) -> str:
    """The class's threads on the brand; a refused form on top with what was typed."""
    name = str(brands.head_revision(brand).profile.get("name") or brand.slug)
    threads = class_comments(kelas, brand)
    labels = place_labels(brand, threads)
    failed = None
    if form.is_submitted() and not form.parent.data:
        failed = failed_target(brand, form.target.data or "")
    return render_template_string(
        TRAINER_PAGE, kelas=kelas, brand=brand, form=form, labels=labels, failed=failed,
        title=_("Komentar untuk %(brand)s", brand=name), back_url=reading_url(kelas, brand))


def failed_target(brand: Brand, text: str) -> dict[str, Any]:
    """The refused form's target with its words and current text, as far as they exist."""
    try:
        target = service.parse_target(brand, text)
    except service.CommentError:
        return {"target": text[:120], "label": _("Bagian yang tidak dikenali"),
                "current_text": None}
    return {"target": target.text, "label": comment_place(target),
            "current_text": service.current_text(brand, target)}


def place_labels(brand: Brand, threads: dict[str, list[Thread]]) -> dict[str, str]:
    """The words of every target of threads, products named (one query)."""
    from sqlalchemy import select

    from webapp.db import get_session
    from webapp.models import Product

    targets = {text: service.split_target(text) for text in threads}
    wanted = {t.product_id for t in targets.values() if t.kind == "listing"}
    names = dict(get_session().execute(select(Product.id, Product.name).where(
        Product.id.in_(wanted), Product.brand_id == brand.id)).all()) if wanted else {}
    return {text: comment_place(target, names.get(target.product_id, ""))
            for text, target in targets.items()}


# --- the owner ----------------------------------------------------------------------------------

def owned_or_404(slug: str, comment_id: int) -> tuple[Brand, Comment]:
    """The owner's brand and a thread on it, or 404 (another owner's comment too)."""
    brand = load_brand(slug)
    comment = service.owned_thread(brand, comment_id)
    if comment is None:
        abort(404)
    return brand, comment


def place_url(brand: Brand, comment: Comment) -> str:
    """The owner's page where the comment is shown beside what it is about."""
    target = service.split_target(comment.target)
    anchor = f"comment-{comment.id}"
    if target.kind == "revision":
        return url_for("brands.revision", slug=brand.slug, number=target.number, _anchor=anchor)
    if target.kind == "piece":
        return url_for("stories.result", slug=brand.slug, _anchor=anchor)
    return url_for("listings.channel", slug=brand.slug, product_id=target.product_id,
                   channel_id=target.channel_id, _anchor=anchor)


@bp.route("/brands/<slug>/comments/<id:comment_id>")
def open_comment(slug: str, comment_id: int):
    """The owner opens a comment from the dashboard: it counts as seen, and the page shows it
    beside what it is about."""
    brand, comment = owned_or_404(slug, comment_id)
    service.mark_seen(comment)
    return redirect(place_url(brand, comment))


@bp.route("/brands/<slug>/comments/<id:comment_id>/reply", methods=["POST"])
@keeps_input
def reply_comment(slug: str, comment_id: int):
    """The owner replies in the thread; a refused reply is shown again with its text."""
    brand, comment = owned_or_404(slug, comment_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            service.reply(me(), comment, form.body.data)
        except service.CommentError as error:
            form.refuse(refusal_message(error), "body")
        else:
            flash(_("Balasan Anda terkirim ke pendamping."), "success")
            return redirect(place_url(brand, comment))
    threads = for_brand(brand).get(comment.target, [])
    thread = next((t for t in threads if t.comment.id == comment.id), None)
    return render_template_string(
        OWNER_PAGE, brand=brand, form=form, title=_("Balas komentar pendamping"),
        thread=thread or service.Thread(comment), back_url=place_url(brand, comment),
        label=comment_place(comment.target)), form.status


def owner_action(slug: str, comment_id: int, act) -> Any:
    """Run one button of a thread (CSRF-checked) and go back to where it is shown."""
    brand, comment = owned_or_404(slug, comment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        message = act(brand, comment)
    except service.CommentError as error:
        flash(refusal_message(error), "error")
    else:
        flash(message, "success")
    return redirect(place_url(brand, comment))


@bp.route("/brands/<slug>/comments/<id:comment_id>/done", methods=["POST"])
def comment_done(slug: str, comment_id: int):
    """The owner marks a thread done."""
    def act(_brand: Brand, comment: Comment) -> str:
        service.mark_done(me(), comment)
        return _("Komentar ditandai selesai.")

    return owner_action(slug, comment_id, act)


@bp.route("/brands/<slug>/comments/<id:comment_id>/decline", methods=["POST"])
def decline_suggestion(slug: str, comment_id: int):
    """The owner declines a suggestion; their text stays as it is."""
    def act(_brand: Brand, comment: Comment) -> str:
        service.decline(me(), comment)
        return _("Saran ditolak. Teks Anda tetap seperti semula.")

    return owner_action(slug, comment_id, act)


@bp.route("/brands/<slug>/comments/<id:comment_id>/accept", methods=["POST"])
def accept_suggestion(slug: str, comment_id: int):
    """The owner accepts a suggestion: saved by the owner, through the owner's own path."""
    def act(brand: Brand, comment: Comment) -> str:
        note = _("Saran pendamping %(name)s diterima: %(place)s", name=comment.author_name,
                 place=comment_place(comment.target))
        accepted = service.accept(me(), brand, comment, note)
        if accepted.revision is not None:
            return _("Saran diterima dan disimpan sebagai revisi %(number)d.",
                     number=accepted.revision)
        if accepted.target.kind == "piece":
            return _("Saran diterima dan menjadi teks Anda untuk bagian ini. Simpan cerita ke "
                     "profil merek bila sudah siap.")
        return _("Saran diterima dan disimpan sebagai teks listing Anda.")

    return owner_action(slug, comment_id, act)
