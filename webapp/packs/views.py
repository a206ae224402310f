"""Pack pages: choose what goes in, watch the progress, download, and see earlier packs."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.access import load_brand, load_pack_job
from webapp.db import get_session
from webapp.domain import DomainError
from webapp.errors import refusal_message
from webapp.extensions import limiter, user_key
from webapp.formatting import local_date
from webapp.forms import ActionForm, keeps_input
from webapp.i18n import current_language, current_timezone
from webapp.lazy import lazy
from webapp.media import media_store
from webapp.packs.forms import CourierForm, PackForm, TemplateForm

service = lazy("webapp.packs.service")
uploads = lazy("webapp.packs.uploads")
brands = lazy("webapp.brands.service")
channels = lazy("webapp.listings.channels")
models = lazy("webapp.models")

bp = Blueprint("packs", __name__, url_prefix="/brands/<slug>/packs")


@bp.before_request
@login_required
def require_login() -> None:
    """Packs are for the brand's logged-in owner only."""


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_PACK"], methods=["POST"], key_func=user_key)
def index(slug: str):
    """Choose products, channels and language; start a pack; list the earlier ones."""
    brand = load_brand(slug)
    profile = brands.head_revision(brand).profile
    products = get_session().scalars(models.Product.of_brand(brand.id)).all()
    form = PackForm()
    form.products.choices = [(p.id, p.name) for p in sorted(products, key=lambda p: p.id)]
    form.channels.choices = channels.channel_choices()
    if not form.is_submitted():
        defaults = service.default_options(brand, profile, current_language())
        form.products.data, form.channels.data = defaults["products"], defaults["channels"]
        form.language.data = defaults["language"]
    elif form.validate_on_submit():
        try:
            job = service.start_pack(brand, current_user._get_current_object(), {
                "products": form.products.data, "channels": form.channels.data,
                "language": form.language.data,
                "public_links": form.public_links.data and bool(
                    current_app.config["PUBLIC_URL"]),
                "prints": form.prints.data})
        except service.PackError as error:
            form.refuse(refusal_message(error))
        else:
            return redirect(url_for("packs.show", slug=slug, job_id=job.id))
    history = get_session().scalars(models.PackJob.of_brand(brand.id).limit(20)).all()
    return render_template("packs/index.html", brand=brand, form=form, history=history,
                           mine=brands.channel_split(brand)[0],
                           status=service.public_status,
                           public_url=current_app.config["PUBLIC_URL"]), form.status


@bp.route("/<id:job_id>")
def show(slug: str, job_id: int):
    """The pack's progress; a refresh button works without JavaScript, app.js polls with it."""
    brand, job = load_pack_job(slug, job_id)
    folders, other_folders = service.pack_folders(brand, job)
    return render_template("packs/show.html", brand=brand, job=job,
                           status=service.public_status(job),
                           folders=folders, other_folders=other_folders,
                           error=refusal_message(service.job_problem(job)),
                           keep=current_app.config["PACKS_KEPT_PER_BRAND"])


@bp.route("/<id:job_id>.json")
def status(slug: str, job_id: int):
    """Progress as JSON for the page's live progress bar."""
    _brand, job = load_pack_job(slug, job_id)
    state = service.public_status(job)
    body = {"status": state, "done": job.done, "total": job.total,
            "percent": round(100 * job.done / job.total) if job.total else 0}
    if state == "done":
        body["download"] = url_for("packs.download", slug=slug, job_id=job.id)
    if state == "failed":
        body["error"] = refusal_message(service.job_problem(job))
    response = jsonify(body)
    response.cache_control.no_store = True
    return response


@bp.route("/<id:job_id>/download")
def download(slug: str, job_id: int):
    """The finished ZIP, named safely whatever the brand is called."""
    brand, job = load_pack_job(slug, job_id)
    path = service.pack_file(job, media_store())
    if path is None:
        abort(404)
    response = send_file(path, mimetype="application/zip", conditional=True)
    profile = brands.head_revision(brand).profile
    response.headers["Content-Disposition"] = service.download_name(
        profile["name"], brand.slug, local_date(job.created_at, current_timezone()))
    response.cache_control.private = True
    return response


@bp.route("/<id:job_id>/retry", methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_PACK"], key_func=user_key)
def retry(slug: str, job_id: int):
    """Build a failed, interrupted or expired pack again (once, however often it is pressed)."""
    _brand, job = load_pack_job(slug, job_id)
    if ActionForm().validate_on_submit():
        try:
            service.retry_pack(job, media_store())
        except service.PackError as error:
            flash(refusal_message(error), "error")
        else:
            flash(_("Paket sedang dibuat ulang."), "info")
    return redirect(url_for("packs.show", slug=slug, job_id=job.id))



@bp.route("/templates")
def templates(slug: str):
    """The owner's own bulk-upload templates: what each holds, upload, replace, couriers."""
    return render_templates(load_brand(slug))


def render_templates(brand, failed: TemplateForm | CourierForm | None = None,
                     failed_channel: str = ""):
    """Draw the templates page: per channel its template, couriers and upload form (a failed
    form shows its reason and what was chosen or typed on its own channel's form)."""
    stored = uploads.templates_of(brand)
    upload_forms, courier_forms = {}, {}
    for key in uploads.template_channels():
        failed_here = failed if key == failed_channel else None
        upload_forms[key] = (failed_here if isinstance(failed_here, TemplateForm)
                             else TemplateForm(prefix=key, formdata=None))
        offered = uploads.courier_choices(stored[key]) if key in stored else []
        if isinstance(failed_here, CourierForm):
            courier_forms[key] = failed_here
        elif offered:
            courier_forms[key] = CourierForm(prefix=key, formdata=None,
                                             couriers=list(stored[key].couriers or []))
            courier_forms[key].couriers.choices = offered
    return render_template(
        "packs/templates.html", brand=brand, stored=stored, uploads=upload_forms,
        couriers=courier_forms, action=ActionForm(),
        channels=[(key, channels.get_channel(key)) for key in uploads.template_channels()],
        downloads={key: uploads.download_hint(key, current_language())
                   for key in uploads.template_channels()},
        chosen=brands.head_revision(brand).profile.get("channels") or [],
    ), failed.status if failed is not None else 200


@bp.route("/templates/<channel_id>", methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_UPLOAD"], key_func=user_key)
@keeps_input
def upload_template(slug: str, channel_id: str):
    """Keep the owner's template for a channel (replacing the one before)."""
    brand = load_brand(slug)
    if channel_id not in uploads.template_channels():
        abort(404)
    form = TemplateForm(prefix=channel_id)
    if form.validate_on_submit():
        try:
            uploads.store_template(brand, channel_id, form.file.data.read(),
                                   form.file.data.filename, form.note.data or "", media_store())
        except DomainError as error:
            form.refuse(refusal_message(error), field="file")
        else:
            flash(_("Template %(channel)s tersimpan. Paket berikutnya mengisinya.",
                    channel=channels.get_channel(channel_id).name), "success")
            return redirect(url_for("packs.templates", slug=slug, _anchor=channel_id))
    return render_templates(brand, form, channel_id)


@bp.route("/templates/<channel_id>/remove", methods=["POST"])
def remove_template(slug: str, channel_id: str):
    """Forget a channel's template: packs write a helper sheet for it again."""
    brand = load_brand(slug)
    if ActionForm().validate_on_submit() and uploads.remove_template(brand, channel_id):
        flash(_("Template dilepas. Paket berikutnya berisi lembar bantu."), "success")
    return redirect(url_for("packs.templates", slug=slug, _anchor=channel_id))


@bp.route("/templates/<channel_id>/couriers", methods=["POST"])
def couriers(slug: str, channel_id: str):
    """Choose the couriers the brand ships with, from the template's own list."""
    brand = load_brand(slug)
    template = uploads.templates_of(brand).get(channel_id)
    if template is None:
        abort(404)
    form = CourierForm(prefix=channel_id)
    form.couriers.choices = uploads.courier_choices(template)
    if not form.validate_on_submit():
        return render_templates(brand, form, channel_id)
    uploads.set_couriers(template, form.couriers.data or [])
    flash(_("Jasa kirim tersimpan."), "success")
    return redirect(url_for("packs.templates", slug=slug, _anchor=channel_id))
