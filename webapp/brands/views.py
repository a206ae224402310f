"""Brand pages: list, create, profile, edit, history, compare, restore, export, import."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.access import load_brand, load_revision, query_number
from webapp.brands.labels import FIELD_LABELS
from webapp.db import get_session
from webapp.domain import DomainError
from webapp.errors import refusal_message
from webapp.fields import parse_whole
from webapp.forms import ActionForm, keeps_input
from webapp.i18n import current_language
from webapp.lazy import lazy
from webapp.media import media_store

service = lazy("webapp.brands.service")
forms = lazy("webapp.brands.forms")
profiles = lazy("webapp.brands.profile")
channels = lazy("webapp.listings.channels")
models = lazy("webapp.models")
progress = lazy("webapp.brands.progress")

bp = Blueprint("brands", __name__, url_prefix="/brands")


@bp.before_request
@login_required
def require_login() -> None:
    """Every brand page is for its logged-in owner only."""


def profile_form(**kwargs):
    """Build the profile form with its choices in the current language."""
    return forms.ProfileForm(language=current_language(),
                             channel_choices=channels.channel_choices(), **kwargs)


@bp.route("/")
def index():
    """The owner's brands."""
    rows = get_session().execute(models.Brand.of_owner(current_user.id)).all()
    return render_template("brands/index.html", rows=rows)


@bp.route("/new", methods=["GET", "POST"])
@keeps_input
def create():
    """Create a brand from the profile form; it becomes revision 1."""
    form = profile_form()
    if form.validate_on_submit():
        try:
            brand = service.create_brand(current_user._get_current_object(),
                                         form.profile_changes(), form.note.data or "")
        except service.BrandError as error:
            form.refuse(refusal_message(error))
        else:
            flash(_("Merek %(name)s sudah dibuat.", name=form.name.data), "success")
            return redirect(url_for("brands.show", slug=brand.slug))
    return render_template("brands/form.html", form=form, brand=None), form.status


@bp.route("/<slug>")
def show(slug: str):
    """The brand's current profile."""
    brand = load_brand(slug)
    revision = service.head_revision(brand)
    return render_template("brands/show.html", brand=brand, revision=revision,
                           labels=FIELD_LABELS, path=progress.progress(brand, revision))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@keeps_input
def edit(slug: str):
    """Edit the profile; a save based on an older revision shows the conflict page."""
    brand = load_brand(slug)
    form = profile_form()
    if not form.is_submitted():
        form.fill_from(service.head_revision(brand).profile)
        form.base_revision.data = brand.head_number
    elif form.validate_on_submit():
        try:
            result = service.save_profile(brand, current_user._get_current_object(),
                                          form.profile_changes(service.head_revision(brand).profile),
                                          parse_whole(form.base_revision.data) or 0,
                                          form.note.data or "")
        except service.SaveConflict as conflict:
            form.base_revision.data = conflict.head.number
            changes = profiles.compare_profiles(conflict.head.profile, conflict.mine)
            return render_template("brands/conflict.html", brand=brand, form=form,
                                   head=conflict.head, changes=changes,
                                   labels=FIELD_LABELS), 409
        if result.created:
            flash(_("Tersimpan sebagai revisi %(number)d.", number=result.revision.number),
                  "success")
        else:
            flash(_("Tidak ada perubahan, jadi tidak ada revisi baru."), "info")
        return redirect(url_for("brands.show", slug=brand.slug))
    return render_template("brands/form.html", form=form, brand=brand), form.status


@bp.route("/<slug>/history")
def history(slug: str):
    """Every revision, newest first, with who, when and the note."""
    brand = load_brand(slug)
    revisions = get_session().scalars(brand.history_query()).all()
    return render_template("brands/history.html", brand=brand, revisions=revisions,
                           restore_form=ActionForm())


@bp.route("/<slug>/revisions/<id:number>")
def revision(slug: str, number: int):
    """One revision as it was saved."""
    brand = load_brand(slug)
    return render_template("brands/revision.html", brand=brand,
                           revision=load_revision(brand, number), labels=FIELD_LABELS,
                           restore_form=ActionForm())


@bp.route("/<slug>/compare")
def compare(slug: str):
    """Two revisions side by side, field by field, with changed words highlighted."""
    brand = load_brand(slug)
    newest = brand.head_number
    old_number = query_number("a") if "a" in request.args else max(newest - 1, 1)
    new_number = query_number("b") if "b" in request.args else newest
    old, new = load_revision(brand, old_number), load_revision(brand, new_number)
    changes = profiles.compare_profiles(old.profile, new.profile)
    return render_template("brands/compare.html", brand=brand, old=old, new=new,
                           changes=changes, labels=FIELD_LABELS, numbers=range(newest, 0, -1),
                           show_all=request.args.get("all") == "1",
                           unchanged=sum(not change.changed for change in changes),
                           changed_names=[str(FIELD_LABELS[change.field]).lower()
                                          for change in changes if change.changed],
                           restore=ActionForm())


@bp.route("/<slug>/revisions/<id:number>/restore", methods=["POST"])
def restore(slug: str, number: int):
    """Append a copy of an old revision as the newest one."""
    brand = load_brand(slug)
    load_revision(brand, number)
    if ActionForm().validate_on_submit():
        result = service.restore_revision(brand, current_user._get_current_object(), number)
        if result.created:
            flash(_("Revisi %(old)d dipulihkan sebagai revisi %(new)d.", old=number,
                    new=result.revision.number), "success")
        else:
            flash(_("Revisi %(old)d sama dengan profil saat ini; tidak ada yang berubah.",
                    old=number), "info")
    return redirect(url_for("brands.history", slug=brand.slug))


@bp.route("/<slug>/logo", methods=["GET", "POST"])
@keeps_input
def logo(slug: str):
    """Upload a new logo; it is re-encoded as a clean PNG and saved as a new revision."""
    brand = load_brand(slug)
    form = forms.LogoForm()
    if not form.is_submitted():
        form.base_revision.data = brand.head_number
    elif form.validate_on_submit():
        try:
            result = service.replace_logo(brand, current_user._get_current_object(),
                                          form.logo.data.read(), media_store())
        except DomainError as error:  # a file that is not a usable image
            form.refuse(refusal_message(error), field="logo")
        else:
            flash(_("Logo tersimpan sebagai revisi %(number)d.", number=result.revision.number),
                  "success")
            return redirect(url_for("brands.show", slug=brand.slug))
    return render_template("brands/logo.html", brand=brand, form=form,
                           revision=service.head_revision(brand)), form.status


@bp.route("/<slug>/logo/remove", methods=["POST"])
def remove_logo(slug: str):
    """Save the profile without a logo (older revisions keep theirs)."""
    brand = load_brand(slug)
    if ActionForm().validate_on_submit():
        service.set_logo(brand, current_user._get_current_object(), None, brand.head_number)
        flash(_("Logo dilepas. Logo lama tetap ada di riwayat."), "success")
    return redirect(url_for("brands.show", slug=brand.slug))


@bp.route("/<slug>/logos/<name>")
def logo_file(slug: str, name: str):
    """Serve a logo that one of this brand's revisions uses (never any other stored file)."""
    brand = load_brand(slug)
    path = service.logo_path(brand, name, media_store())
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/png", max_age=86400, conditional=True)
    response.cache_control.private = True
    response.cache_control.public = False
    return response


@bp.route("/<slug>/export.json")
def export(slug: str):
    """Download the brand with all its revisions as one JSON file."""
    brand = load_brand(slug)
    body = json.dumps(service.export_brand(brand), ensure_ascii=False, indent=2)
    response = Response(body + "\n", mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="studio-cerita-{brand.slug}.json"')
    return response


@bp.route("/import", methods=["GET", "POST"])
@keeps_input
def import_file():
    """Create a new brand from an export file; a bad file creates nothing."""
    form = forms.ImportForm()
    if form.validate_on_submit():
        try:
            document = service.parse_brand_file(form.file.data.read())
            brand = service.import_brand(current_user._get_current_object(), document)
        except service.BrandError as error:
            form.refuse(refusal_message(error), field="file")
        else:
            flash(_("Merek diimpor dengan %(count)d revisi.",
                    count=len(document["revisions"])), "success")
            return redirect(url_for("brands.show", slug=brand.slug))
    return render_template("brands/import.html", form=form), form.status
