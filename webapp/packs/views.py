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
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import BooleanField, RadioField

from webapp.brands.forms import MultiCheckboxField
from webapp.brands.service import head_revision
from webapp.brands.views import load_brand
from webapp.db import get_session
from webapp.extensions import limiter, user_key
from webapp.forms import BaseForm
from webapp.i18n import current_language
from webapp.listings.channels import load_channels
from webapp.listings.pack import content_disposition
from webapp.media import MediaStore
from webapp.models import PackJob, Product
from webapp.packs import service

bp = Blueprint("packs", __name__, url_prefix="/brands/<slug>/packs")

ERRORS = {
    "no_products": _l("Pilih paling sedikit satu produk."),
    "no_channels": _l("Pilih paling sedikit satu kanal."),
    "already_building": _l("Paket lain untuk merek ini sedang dibuat. Tunggu sampai selesai."),
    "interrupted": _l("Pembuatan paket terhenti (server dimulai ulang). Tekan Coba lagi."),
    "photo_missing": _l("Ada foto yang filenya hilang dari penyimpanan. Unggah ulang foto itu "
                        "lalu coba lagi."),
    "disk_full": _l("Penyimpanan server penuh. Coba lagi nanti atau hubungi pengelola."),
    "failed": _l("Paket gagal dibuat karena kesalahan di server. Coba lagi."),
}


class PackForm(BaseForm):
    """What goes into a pack."""

    products = MultiCheckboxField(_l("Produk"), coerce=int)
    channels = MultiCheckboxField(_l("Kanal"))
    language = RadioField(_l("Bahasa teks"), choices=[("id", "Bahasa Indonesia"),
                                                      ("en", "English")], default="id")
    public_links = BooleanField(_l("Isi kolom foto lembar unggah massal dengan tautan publik"))


@bp.before_request
@login_required
def require_login() -> None:
    """Packs are for the brand's logged-in owner only."""


def load_job(slug: str, job_id: int):
    """Return the owner's brand and its pack job, or answer 404."""
    brand = load_brand(slug)
    job = get_session().scalar(select(PackJob).where(PackJob.id == job_id,
                                                     PackJob.brand_id == brand.id))
    if job is None:
        abort(404)
    return brand, job


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_PACK"], methods=["POST"], key_func=user_key)
def index(slug: str):
    """Choose products, channels and language; start a pack; list the earlier ones."""
    brand = load_brand(slug)
    profile = head_revision(brand).profile
    products = get_session().scalars(select(Product).where(Product.brand_id == brand.id)
                                     .order_by(Product.id)).all()
    form = PackForm()
    form.products.choices = [(p.id, p.name) for p in products]
    form.channels.choices = [(c.id, c.name) for c in load_channels()]
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
            form.form_errors.append(str(ERRORS[error.code]))
        else:
            return redirect(url_for("packs.show", slug=slug, job_id=job.id))
    history = get_session().scalars(PackJob.of_brand(brand.id).limit(20)).all()
    return render_template("packs/index.html", brand=brand, form=form, history=history,
                           status=service.public_status,
                           public_url=current_app.config["PUBLIC_URL"])


@bp.route("/<int:job_id>")
def show(slug: str, job_id: int):
    """The pack's progress; a refresh button works without JavaScript, app.js polls with it."""
    brand, job = load_job(slug, job_id)
    return render_template("packs/show.html", brand=brand, job=job,
                           status=service.public_status(job),
                           error=ERRORS.get(service.status_error(job), ERRORS["failed"]),
                           keep=current_app.config["PACKS_KEPT_PER_BRAND"])


@bp.route("/<int:job_id>.json")
def status(slug: str, job_id: int):
    """Progress as JSON for the page's live progress bar."""
    _brand, job = load_job(slug, job_id)
    state = service.public_status(job)
    body = {"status": state, "done": job.done, "total": job.total,
            "percent": round(100 * job.done / job.total) if job.total else 0}
    if state == "done":
        body["download"] = url_for("packs.download", slug=slug, job_id=job.id)
    if state == "failed":
        body["error"] = str(ERRORS.get(service.status_error(job), ERRORS["failed"]))
    response = jsonify(body)
    response.cache_control.no_store = True
    return response


@bp.route("/<int:job_id>/download")
def download(slug: str, job_id: int):
    """The finished ZIP, named safely whatever the brand is called."""
    brand, job = load_job(slug, job_id)
    store = MediaStore(current_app.config["MEDIA_ROOT"])
    if job.status != "done" or not job.result or not store.exists("packs", job.result):
        abort(404)
    response = send_file(store.path("packs", job.result), mimetype="application/zip",
                         conditional=True)
    response.headers["Content-Disposition"] = content_disposition(
        head_revision(brand).profile["name"], brand.slug, job.created_at.date())
    response.cache_control.private = True
    return response


@bp.route("/<int:job_id>/retry", methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_PACK"], key_func=user_key)
def retry(slug: str, job_id: int):
    """Build a failed, interrupted or expired pack again."""
    _brand, job = load_job(slug, job_id)
    if BaseForm().validate_on_submit():
        service.retry_pack(job)
        flash(_("Paket sedang dibuat ulang."), "info")
    return redirect(url_for("packs.show", slug=slug, job_id=job.id))

