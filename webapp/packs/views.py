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
from webapp.errors import refusal_message
from webapp.extensions import limiter, user_key
from webapp.forms import ActionForm
from webapp.i18n import current_language
from webapp.lazy import lazy
from webapp.media import media_store
from webapp.packs.forms import PackForm

service = lazy("webapp.packs.service")
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
                    current_app.config["PUBLIC_URL"])})
        except service.PackError as error:
            form.refuse(refusal_message(error))
        else:
            return redirect(url_for("packs.show", slug=slug, job_id=job.id))
    history = get_session().scalars(models.PackJob.of_brand(brand.id).limit(20)).all()
    return render_template("packs/index.html", brand=brand, form=form, history=history,
                           status=service.public_status,
                           public_url=current_app.config["PUBLIC_URL"]), form.status


@bp.route("/<id:job_id>")
def show(slug: str, job_id: int):
    """The pack's progress; a refresh button works without JavaScript, app.js polls with it."""
    brand, job = load_pack_job(slug, job_id)
    return render_template("packs/show.html", brand=brand, job=job,
                           status=service.public_status(job),
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
    response.headers["Content-Disposition"] = service.download_name(
        brands.head_revision(brand).profile["name"], brand.slug, job.created_at.date())
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

