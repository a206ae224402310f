"""Brand pages: list, create, profile, edit, history, compare, restore, export, import."""

from __future__ import annotations

import json
import logging

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from webapp.brands import service
from webapp.brands.forms import FIELD_LABELS, ImportForm, LogoForm, ProfileForm, RestoreForm
from webapp.brands.messages import brand_error_message, photo_error_message
from webapp.brands.profile import compare_profiles
from webapp.catalog import channel_choices
from webapp.db import get_session
from webapp.forms import keeps_input
from webapp.i18n import current_language
from webapp.imaging import PhotoError
from webapp.media import MediaStore
from webapp.models import Brand, BrandRevision

bp = Blueprint("brands", __name__, url_prefix="/brands")
log = logging.getLogger(__name__)


@bp.before_request
@login_required
def require_login() -> None:
    """Every brand page is for its logged-in owner only."""


def load_brand(slug: str) -> Brand:
    """Return the current user's brand with slug, or answer 404 (also for others' brands)."""
    brand = get_session().scalar(select(Brand).where(Brand.slug == slug))
    if brand is None or brand.owner_id != current_user.id:
        if brand is not None:
            log.warning("user %s was refused brand %s", current_user.id, brand.id)
        abort(404)
    return brand


def load_revision(brand: Brand, number: int) -> BrandRevision:
    """Return revision number of brand, or answer 404."""
    revision = get_session().scalar(brand.revision_query(number))
    if revision is None:
        abort(404)
    return revision


def media_store() -> MediaStore:
    """The app's media storage."""
    return MediaStore(current_app.config["MEDIA_ROOT"])


def profile_form(**kwargs) -> ProfileForm:
    """Build the profile form with its choices in the current language."""
    language = current_language()
    return ProfileForm(language=language, channel_choices=channel_choices(language), **kwargs)


@bp.route("/")
def index():
    """The owner's brands."""
    rows = get_session().execute(Brand.of_owner(current_user.id)).all()
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
            form.form_errors.append(brand_error_message(error))
        else:
            flash(_("Merek %(name)s sudah dibuat.", name=form.name.data), "success")
            return redirect(url_for("brands.show", slug=brand.slug))
    return render_template("brands/form.html", form=form, brand=None), 400 if (
        form.form_errors) else 200


@bp.route("/<slug>")
def show(slug: str):
    """The brand's current profile."""
    brand = load_brand(slug)
    return render_template("brands/show.html", brand=brand,
                           revision=service.head_revision(brand), labels=FIELD_LABELS)


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
                                          parse_number(form.base_revision.data),
                                          form.note.data or "")
        except service.SaveConflict as conflict:
            form.base_revision.data = conflict.head.number
            changes = compare_profiles(conflict.head.profile, conflict.mine)
            return render_template("brands/conflict.html", brand=brand, form=form,
                                   head=conflict.head, changes=changes,
                                   labels=FIELD_LABELS), 409
        if result.created:
            flash(_("Tersimpan sebagai revisi %(number)d.", number=result.revision.number),
                  "success")
        else:
            flash(_("Tidak ada perubahan, jadi tidak ada revisi baru."), "info")
        return redirect(url_for("brands.show", slug=brand.slug))
    return render_template("brands/form.html", form=form, brand=brand)


def parse_number(text: str | None) -> int:
    """Return a revision number from a hidden field (0 when it is missing or malformed)."""
    return int(text) if text and text.isdigit() else 0


@bp.route("/<slug>/history")
def history(slug: str):
    """Every revision, newest first, with who, when and the note."""
    brand = load_brand(slug)
    revisions = get_session().scalars(brand.history_query()).all()
    return render_template("brands/history.html", brand=brand, revisions=revisions,
                           restore_form=RestoreForm())


@bp.route("/<slug>/revisions/<int:number>")
def revision(slug: str, number: int):
    """One revision as it was saved."""
    brand = load_brand(slug)
    return render_template("brands/revision.html", brand=brand,
                           revision=load_revision(brand, number), labels=FIELD_LABELS,
                           restore_form=RestoreForm())


@bp.route("/<slug>/compare")
def compare(slug: str):
    """Two revisions side by side, field by field, with changed words highlighted."""
    brand = load_brand(slug)
    newest = brand.head_number
    old_number = request.args.get("a", type=int) or max(newest - 1, 1)
    new_number = request.args.get("b", type=int) or newest
    old, new = load_revision(brand, old_number), load_revision(brand, new_number)
    return render_template("brands/compare.html", brand=brand, old=old, new=new,
                           changes=compare_profiles(old.profile, new.profile),
                           labels=FIELD_LABELS, numbers=range(newest, 0, -1))


@bp.route("/<slug>/revisions/<int:number>/restore", methods=["POST"])
def restore(slug: str, number: int):
    """Append a copy of an old revision as the newest one."""
    brand = load_brand(slug)
    load_revision(brand, number)
    if RestoreForm().validate_on_submit():
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
    form = LogoForm()
    if not form.is_submitted():
        form.base_revision.data = brand.head_number
    elif form.validate_on_submit():
        try:
            name = service.store_logo(form.logo.data.read(), media_store())
        except PhotoError as error:
            form.logo.errors.append(photo_error_message(error))
        else:
            try:
                result = service.set_logo(brand, current_user._get_current_object(), name,
                                          parse_number(form.base_revision.data))
            except service.SaveConflict:
                result = service.set_logo(brand, current_user._get_current_object(), name,
                                          brand.head_number)  # a logo never clashes with text
            flash(_("Logo tersimpan sebagai revisi %(number)d.", number=result.revision.number),
                  "success")
            return redirect(url_for("brands.show", slug=brand.slug))
    return render_template("brands/logo.html", brand=brand, form=form,
                           revision=service.head_revision(brand)), 400 if form.errors else 200


@bp.route("/<slug>/logo/remove", methods=["POST"])
def remove_logo(slug: str):
    """Save the profile without a logo (older revisions keep theirs)."""
    brand = load_brand(slug)
    if RestoreForm().validate_on_submit():
        service.set_logo(brand, current_user._get_current_object(), None, brand.head_number)
        flash(_("Logo dilepas. Logo lama tetap ada di riwayat."), "success")
    return redirect(url_for("brands.show", slug=brand.slug))


@bp.route("/<slug>/logos/<name>")
def logo_file(slug: str, name: str):
    """Serve a logo that one of this brand's revisions uses (never any other stored file)."""
    brand = load_brand(slug)
    used = get_session().scalar(select(BrandRevision.id).where(
        BrandRevision.brand_id == brand.id,
        BrandRevision.profile["logo"].as_string() == name).limit(1))
    store = media_store()
    if used is None or not store.exists("logos", name):
        abort(404)
    response = send_file(store.path("logos", name), mimetype="image/png", max_age=86400,
                         conditional=True)
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
    form = ImportForm()
    if form.validate_on_submit():
        try:
            document = service.parse_brand_file(form.file.data.read())
            brand = service.import_brand(current_user._get_current_object(), document)
        except service.BrandError as error:
            form.file.errors.append(brand_error_message(error))
        else:
            flash(_("Merek diimpor dengan %(count)d revisi.",
                    count=len(document["revisions"])), "success")
            return redirect(url_for("brands.show", slug=brand.slug))
    status = 400 if form.is_submitted() else 200
    return render_template("brands/import.html", form=form), status
