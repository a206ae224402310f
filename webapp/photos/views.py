"""Photo pages: upload several at once, order them, pick the main one, and set per-photo choices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import (
    Blueprint,
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
from flask_login import login_required

from webapp.access import load_photo, load_product
from webapp.errors import refusal_message
from webapp.extensions import limiter, user_key
from webapp.forms import ActionForm
from webapp.lazy import lazy
from webapp.media import media_store

if TYPE_CHECKING:
    from webapp.models import Photo

service = lazy("webapp.photos.service")
renditions = lazy("webapp.photos.renditions")
forms = lazy("webapp.photos.forms")
advice = lazy("webapp.photos.advice")
brands = lazy("webapp.brands.service")

bp = Blueprint("photos", __name__,
               url_prefix="/brands/<slug>/products/<id:product_id>/photos")


@bp.before_request
@login_required
def require_login() -> None:
    """Photos are for the brand's logged-in owner only (UPLOAD_LIMITS lets uploads be large)."""


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_UPLOAD"], methods=["POST"],
               key_func=user_key)
def manage(slug: str, product_id: int):
    """Upload photos and manage their order; each bad file is explained, the rest go through."""
    brand, product = load_product(slug, product_id)
    form = forms.UploadForm()
    if form.validate_on_submit():
        files = [(f.filename, f.read()) for f in form.photos.data or [] if f and f.filename]
        if not files:
            form.refuse(_("Pilih satu foto atau lebih terlebih dahulu."))
        else:
            results = service.add_photos(product, files, media_store(),
                                         quota=current_app.config["STORAGE_QUOTA_BYTES"])
            for result in results:
                if result.error is None:
                    continue
                flash(_("%(name)s tidak disimpan: %(reason)s", name=result.filename or "?",
                        reason=refusal_message(result.error)), "error")
            saved = sum(1 for r in results if r.error is None)
            if saved:
                flash(_("%(count)d foto tersimpan.", count=saved), "success")
            return redirect(url_for("photos.manage", slug=slug, product_id=product_id))
    quota = current_app.config["STORAGE_QUOTA_BYTES"]
    chosen, _others = brands.channel_split(brand)
    store = media_store()
    return render_template("photos/manage.html", brand=brand, product=product, form=form,
                           action=ActionForm(), limit=service.MAX_PHOTOS, quota=quota,
                           used=service.storage_used(brand.owner_id) if quota else 0,
                           advice={photo.id: advice.advice_for(photo, store, chosen)
                                   for photo in product.photos},
                           trash=service.trash(product), trash_days=service.TRASH_DAYS
                           ), form.status


@bp.route("/<id:photo_id>", methods=["GET", "POST"])
def edit(slug: str, product_id: int, photo_id: int):
    """One photo: tap the focus point, pick the background and fixes, and see the previews."""
    brand, product, photo = load_photo(slug, product_id, photo_id)
    if request.method == "POST" and "focus.x" in request.form:
        focus = forms.FocusForm()
        if not focus.validate_on_submit():
            abort(focus.status)
        service.set_options(photo, focus=focus.point(*editor_size(photo)))
        flash(_("Titik fokus disimpan."), "success")
        return redirect(url_for("photos.edit", slug=slug, product_id=product_id,
                                photo_id=photo_id))
    form = forms.OptionsForm(obj=photo)
    if form.validate_on_submit():
        service.set_options(photo, background=form.background.data,
                            fix_light=form.fix_light.data,
                            whiten_backdrop=form.whiten_backdrop.data,
                            fill_frame={"fill": True, "bars": False}.get(form.cover.data))
        flash(_("Pengaturan foto disimpan. Pratinjau di bawah sudah diperbarui."), "success")
        return redirect(url_for("photos.edit", slug=slug, product_id=product_id,
                                photo_id=photo_id))
    chosen, others = brands.channel_split(brand)
    presets = renditions.main_presets()
    return render_template("photos/edit.html", brand=brand, product=product, photo=photo,
                           form=form, editor_size=editor_size(photo),
                           advice=advice.advice_for(photo, media_store(), chosen),
                           channels=[item for item in presets if item[0].id in chosen],
                           other_channels=[item for item in presets if item[0].id in others]
                           ), form.status


def editor_size(photo: Photo) -> tuple[int, int]:
    """The size the focus-point button shows the photo at."""
    editor = renditions.EDITOR
    scale = min(editor.width / photo.width, editor.height / photo.height, 1.0)
    return max(1, round(photo.width * scale)), max(1, round(photo.height * scale))


def send_rendition(brand, photo: Photo, preset):
    """Serve a rendition of photo (the service makes it once, when its inputs change)."""
    path, name = service.rendition_file(brand, photo, preset, media_store())
    response = send_file(path, mimetype="image/jpeg", conditional=True, etag=name)
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response


@bp.route("/<id:photo_id>/thumb.jpg")
def thumbnail(slug: str, product_id: int, photo_id: int):
    """A small square of the photo for lists."""
    brand, _product, photo = load_photo(slug, product_id, photo_id)
    return send_rendition(brand, photo, renditions.THUMBNAIL)


@bp.route("/<id:photo_id>/editor.jpg")
def editor_image(slug: str, product_id: int, photo_id: int):
    """The whole photo at the size the focus-point button shows it."""
    brand, _product, photo = load_photo(slug, product_id, photo_id)
    return send_rendition(brand, photo, renditions.EDITOR)


@bp.route("/<id:photo_id>/preview/<channel_id>.jpg")
def preview(slug: str, product_id: int, photo_id: int, channel_id: str):
    """The channel's main image as a buyer sees it in a search grid."""
    brand, _product, photo = load_photo(slug, product_id, photo_id)
    preset = dict((channel.id, preset) for channel, preset in renditions.main_presets()).get(
        channel_id)
    if preset is None:
        abort(404)
    return send_rendition(brand, photo, preset)


@bp.route("/<id:photo_id>/main", methods=["POST"])
def make_main(slug: str, product_id: int, photo_id: int):
    """Make this the main photo."""
    _brand, product, photo = load_photo(slug, product_id, photo_id)
    if ActionForm().validate_on_submit():
        service.make_main(product, photo)
        flash(_("Foto utama diganti."), "success")
    return redirect(url_for("photos.manage", slug=slug, product_id=product_id))


@bp.route("/<id:photo_id>/move/<direction>", methods=["POST"])
def move(slug: str, product_id: int, photo_id: int, direction: str):
    """Move a photo one place earlier or later."""
    _brand, product, photo = load_photo(slug, product_id, photo_id)
    if direction not in ("up", "down"):
        abort(404)
    if ActionForm().validate_on_submit():
        service.move_photo(product, photo, -1 if direction == "up" else 1)
    return redirect(url_for("photos.manage", slug=slug, product_id=product_id))


@bp.route("/<id:photo_id>/delete", methods=["POST"])
def delete(slug: str, product_id: int, photo_id: int):
    """Move a photo to the trash, where it can be restored for 30 days."""
    _brand, product, photo = load_photo(slug, product_id, photo_id)
    if ActionForm().validate_on_submit():
        service.delete_photo(product, photo)
        flash(_("Foto dihapus. Anda bisa memulihkannya selama %(days)d hari dari daftar "
                "\"Foto terhapus\" di bawah.", days=service.TRASH_DAYS), "success")
    return redirect(url_for("photos.manage", slug=slug, product_id=product_id))


def load_trashed(slug: str, product_id: int, photo_id: int):
    """The owner's product and one of its photos still in the trash, or 404."""
    brand, product = load_product(slug, product_id)
    photo = next((p for p in service.trash(product) if p.id == photo_id), None)
    if photo is None:
        abort(404)
    return brand, product, photo


@bp.route("/trash/<id:photo_id>/restore", methods=["POST"])
def restore(slug: str, product_id: int, photo_id: int):
    """Put a deleted photo back where it was."""
    _brand, product, photo = load_trashed(slug, product_id, photo_id)
    if ActionForm().validate_on_submit():
        try:
            service.restore_photo(product, photo)
        except service.imaging.PhotoError as error:
            flash(_("Foto tidak dipulihkan: %(reason)s", reason=refusal_message(error)),
                  "error")
        else:
            flash(_("Foto dipulihkan."), "success")
    return redirect(url_for("photos.manage", slug=slug, product_id=product_id))


@bp.route("/trash/<id:photo_id>/erase", methods=["POST"])
def erase(slug: str, product_id: int, photo_id: int):
    """Remove a deleted photo for good, before its 30 days are up."""
    _brand, product, photo = load_trashed(slug, product_id, photo_id)
    if ActionForm().validate_on_submit():
        service.erase_photo(product, photo)
        flash(_("Foto dihapus selamanya."), "success")
    return redirect(url_for("photos.manage", slug=slug, product_id=product_id))


@bp.route("/trash/<id:photo_id>/thumb.jpg")
def trashed_thumbnail(slug: str, product_id: int, photo_id: int):
    """A small square of a deleted photo, for the trash list."""
    brand, _product, photo = load_trashed(slug, product_id, photo_id)
    return send_rendition(brand, photo, renditions.THUMBNAIL)
