"""Class pages: the trainer's classes, opening one, co-trainers, joining and sharing (owners),
and the trainer's reading view of a shared brand. The class page itself is in board, comments
in comments; all share one blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.classes import board, comments  # noqa: F401  (their routes join the blueprint)
from webapp.classes.blueprint import bp
from webapp.db import get_session
from webapp.errors import refusal_message
from webapp.forms import ActionForm, keeps_input
from webapp.lazy import lazy

service = lazy("webapp.classes.service")
forms = lazy("webapp.classes.forms")
models = lazy("webapp.models")
brands = lazy("webapp.brands.service")
listings = lazy("webapp.listings.service")
channels = lazy("webapp.listings.channels")

__all__ = ["bp"]


def me():
    """The logged-in account."""
    return current_user._get_current_object()


def trainer_class_or_404(class_id: int):
    """A class the current account trains, or 404 (any other class looks like none)."""
    try:
        return service.trainer_class(me(), class_id)
    except service.ClassError:
        abort(404)


@bp.route("/classes/")
def index():
    """The classes this account trains, and the way in for owners."""
    return render_template("classes/index.html", classes=service.classes_of(me()))


@bp.route("/classes/new", methods=["GET", "POST"])
@keeps_input
def create():
    """Open a class: the account that opens it is its lead trainer."""
    form = forms.ClassForm()
    if form.validate_on_submit():
        try:
            kelas = service.create_class(me(), form.name.data, form.organiser.data or "",
                                         form.starts_on.data, form.ends_on.data)
        except service.ClassError as error:
            form.refuse(refusal_message(error))
        else:
            flash(_("Kelas %(name)s dibuka. Bagikan kodenya, %(code)s, kepada peserta.",
                    name=kelas.name, code=kelas.code), "success")
            return redirect(url_for("classes.show", class_id=kelas.id))
    return render_template("classes/new.html", form=form), form.status


@bp.route("/classes/<id:class_id>/trainers", methods=["GET", "POST"])
@keeps_input
def trainers(class_id: int):
    """The class's trainers; its lead adds co-trainers by the email of their account."""
    kelas = trainer_class_or_404(class_id)
    form = forms.TrainerForm()
    if form.validate_on_submit():
        try:
            row = service.add_trainer(kelas, me(), form.email.data)
        except service.ClassError as error:
            form.refuse(refusal_message(error), field="email")
        else:
            flash(_("%(name)s sekarang ikut mendampingi kelas ini.", name=row.user.name),
                  "success")
            return redirect(url_for("classes.trainers", class_id=kelas.id))
    lead = service.trainer_row(kelas.id, me().id).role == "lead"
    return render_template("classes/trainers.html", kelas=kelas, form=form, lead=lead,
                           action=ActionForm()), form.status


@bp.route("/classes/<id:class_id>/trainers/<id:trainer_id>/remove", methods=["POST"])
def remove_trainer(class_id: int, trainer_id: int):
    """The lead removes a co-trainer; their access ends at once."""
    kelas = trainer_class_or_404(class_id)
    if ActionForm().validate_on_submit():
        try:
            service.remove_trainer(kelas, me(), trainer_id)
        except service.ClassError as error:
            if error.code == "not_found":
                abort(404)
            flash(refusal_message(error), "error")
        else:
            flash(_("Pendamping itu tidak lagi punya akses ke kelas ini."), "success")
    return redirect(url_for("classes.trainers", class_id=kelas.id))


@bp.route("/classes/join", methods=["GET", "POST"])
@keeps_input
def join():
    """An owner types the class's code."""
    form = forms.CodeForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        try:
            kelas = service.class_by_code(form.code.data)
        except service.ClassError as error:
            form.refuse(refusal_message(error), field="code")
        else:
            return redirect(url_for("classes.join_code", code=kelas.code))
    return render_template("classes/join.html", form=form), form.status


@bp.route("/classes/join/<code>", methods=["GET", "POST"])
@keeps_input
def join_code(code: str):
    """Choose which brands to share with the class of code, and whether with contacts."""
    try:
        kelas = service.class_by_code(code)
    except service.ClassError:
        abort(404)
    own = get_session().execute(models.Brand.of_owner(me().id)).all()
    form = forms.ShareForm()
    form.brands.choices = [(str(brand.id), head.profile.get("name") or brand.slug)
                           for brand, head in own]
    if form.validate_on_submit():
        try:
            service.join(me(), kelas.code, [int(value) for value in form.brands.data],
                         form.show_contacts.data)
        except service.ClassError as error:
            form.refuse(refusal_message(error), field="brands")
        else:
            flash(_("Merek Anda dibagikan ke kelas %(name)s. Anda bisa berhenti membagikan "
                    "kapan saja di halaman ini.", name=kelas.name), "success")
            return redirect(url_for("classes.sharing"))
    trainers = [row.user.name for row in kelas.trainers]
    return render_template("classes/share.html", kelas=kelas, form=form, trainers=trainers,
                           has_brands=bool(own)), form.status


@bp.route("/account/sharing")
def sharing():
    """What the owner shares, with whom, since when; every trainer visit; a stop button."""
    names = {brand.id: head.profile.get("name") or brand.slug
             for brand, head in get_session().execute(models.Brand.of_owner(me().id))}
    return render_template("classes/sharing.html", shares=service.shares_of(me()),
                           visits=service.visits_for(me()), names=names, action=ActionForm())


@bp.route("/account/sharing/<id:share_id>/end", methods=["POST"])
def end_share(share_id: int):
    """Stop sharing a brand with a class: its trainers lose it at once."""
    if ActionForm().validate_on_submit():
        try:
            share = service.end_share(me(), share_id)
        except service.ClassError:
            abort(404)
        flash(_("%(brand)s tidak lagi dibagikan ke kelas %(name)s.",
                brand=brands.head_revision(share.brand).profile.get("name"),
                name=share.kelas.name), "success")
    return redirect(url_for("classes.sharing"))


@bp.route("/classes/<id:class_id>/brands/<slug>")
def brand(class_id: int, slug: str):
    """A shared brand, read-only, for the class's trainers: story, products and their listing
    texts, history; contacts only when the owner chose to show them. Every visit is logged."""
    try:
        kelas, brand, share = service.shared_brand(me(), class_id, slug)
    except service.ClassError:
        abort(404)
    service.record_visit(me(), kelas, brand, "brand")
    head = brands.head_revision(brand)
    chosen, _others = brands.channel_split(brand)
    products = get_session().scalars(models.Product.of_brand(brand.id)).all()
    story = head.profile.get("story") or {}
    return render_template(
        "classes/brand.html", kelas=kelas, brand=brand, share=share, head=head,
        pieces=listings.story_pieces(story, "id") if story else {},
        products=products, copies=reading_copies(brand, products, chosen),
        history=get_session().scalars(brand.history_query().limit(20)).all())


def reading_copies(brand, products, chosen: list[str]) -> dict[int, list]:
    """Per product, the listing copy of each chosen channel (at most 20 products shown)."""
    wanted = [channels.get_channel(channel_id) for channel_id in chosen]
    return {product.id: [listings.channel_copy(brand, product, channel) for channel in wanted]
            for product in products[:20]}


@bp.route("/classes/<id:class_id>/brands/<slug>/photos/<id:photo_id>/thumb.jpg")
def thumbnail(class_id: int, slug: str, photo_id: int):
    """A small square of a shared brand's photo, for its trainers."""
    from flask import send_file

    from webapp.media import media_store
    from webapp.photos import renditions
    from webapp.photos import service as photos

    try:
        _kelas, brand, _share = service.shared_brand(me(), class_id, slug)
    except service.ClassError:
        abort(404)
    photo = get_session().get(models.Photo, photo_id)
    if photo is None or photo.deleted_at is not None or photo.product.brand_id != brand.id:
        abort(404)
    path, name = photos.rendition_file(brand, photo, renditions.THUMBNAIL, media_store())
    response = send_file(path, mimetype="image/jpeg", conditional=True, etag=name)
    response.cache_control.private = True
    return response
