"""Photo pages: upload several at once, order them, pick the main one, and set per-photo choices."""

from __future__ import annotations

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
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, RadioField

from webapp.brands.messages import photo_error_message
from webapp.extensions import limiter, user_key
from webapp.forms import BaseForm
from webapp.i18n import file_size
from webapp.media import MediaStore
from webapp.models import Photo
from webapp.photos import renditions, service
from webapp.products.views import load_product

bp = Blueprint("photos", __name__, url_prefix="/brands/<slug>/products/<int:product_id>/photos")


class UploadForm(BaseForm):
    """Choose photos from the gallery or take them with the camera."""

    photos = MultipleFileField(render_kw={"accept": "image/*,.heic,.heif", "multiple": True})


class OptionsForm(BaseForm):
    """The owner's choices for one photo."""

    background = RadioField(choices=[(value, value) for value in service.BACKGROUNDS])
    fix_light = BooleanField()
    whiten_backdrop = BooleanField()


class ActionForm(BaseForm):
    """A button."""


@bp.before_request
@login_required
def require_login() -> None:
    """Photos are for the brand's logged-in owner only (UPLOAD_LIMITS lets uploads be large)."""


def media() -> MediaStore:
    """The app's media storage."""
    return MediaStore(current_app.config["MEDIA_ROOT"])


def load_photo(slug: str, product_id: int, photo_id: int):
    """Return brand, product and photo for the owner, or answer 404."""
    brand, product = load_product(slug, product_id)
    photo = next((p for p in product.photos if p.id == photo_id), None)
    if photo is None:
        abort(404)
    return brand, product, photo


def brand_look(brand, store: MediaStore):
    """The brand's main colour (for the 'brand colour' background) and its logo watermark."""
    from webapp.brands.service import head_revision

    profile = head_revision(brand).profile
    colours = profile.get("colours") or []
    return (colours[0] if colours else None), renditions.brand_watermark(profile, store)


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_UPLOAD"], methods=["POST"],
               key_func=user_key)
def manage(slug: str, product_id: int):
    """Upload photos and manage their order; each bad file is explained, the rest go through."""
    brand, product = load_product(slug, product_id)
    form = UploadForm()
    if form.validate_on_submit():
        files = [(f.filename, f.read()) for f in form.photos.data or [] if f and f.filename]
        if not files:
            form.form_errors.append(_("Pilih satu foto atau lebih terlebih dahulu."))
        else:
            results = service.add_photos(product, files, media(),
                                         quota=current_app.config["STORAGE_QUOTA_BYTES"])
            for result in results:
                if result.error is None:
                    continue
                flash(_("%(name)s tidak disimpan: %(reason)s", name=result.filename or "?",
                        reason=upload_error_message(result.error)), "error")
            saved = sum(1 for r in results if r.error is None)
            if saved:
                flash(_("%(count)d foto tersimpan.", count=saved), "success")
            return redirect(url_for("photos.manage", slug=slug, product_id=product_id))
    quota = current_app.config["STORAGE_QUOTA_BYTES"]
    return render_template("photos/manage.html", brand=brand, product=product, form=form,
                           action=ActionForm(), limit=service.MAX_PHOTOS, quota=quota,
                           used=service.storage_used(brand.owner_id) if quota else 0)


def upload_error_message(error) -> str:
    """The reason a file was refused, in the user's language."""
    if error.code == "too_many_photos":
        return _("sudah ada %(limit)d foto, batas untuk satu produk.", limit=error.params["limit"])
    if error.code == "already_there":
        return _("foto yang sama sudah ada di produk ini.")
    if error.code == "over_quota":
        return _("ruang penyimpanan akun Anda (%(quota)s) sudah penuh. Hapus foto yang tidak "
                 "dipakai lagi, lalu unggah kembali.", quota=file_size(error.params["quota"]))
    return photo_error_message(error)


@bp.route("/<int:photo_id>", methods=["GET", "POST"])
def edit(slug: str, product_id: int, photo_id: int):
    """One photo: tap the focus point, pick the background and fixes, and see the previews."""
    brand, product, photo = load_photo(slug, product_id, photo_id)
    form = OptionsForm(obj=photo)
    if request.method == "POST" and "focus.x" in request.form and form.validate_on_submit():
        focus = focus_from_tap(request.form, photo)
        service.set_options(photo, focus=focus)
        flash(_("Titik fokus disimpan."), "success")
        return redirect(url_for("photos.edit", slug=slug, product_id=product_id,
                                photo_id=photo_id))
    if form.validate_on_submit():
        service.set_options(photo, background=form.background.data,
                            fix_light=form.fix_light.data,
                            whiten_backdrop=form.whiten_backdrop.data)
        flash(_("Pengaturan foto disimpan. Pratinjau di bawah sudah diperbarui."), "success")
        return redirect(url_for("photos.edit", slug=slug, product_id=product_id,
                                photo_id=photo_id))
    editor = renditions.EDITOR
    scale = min(editor.width / photo.width, editor.height / photo.height, 1.0)
    size = (max(1, round(photo.width * scale)), max(1, round(photo.height * scale)))
    return render_template("photos/edit.html", brand=brand, product=product, photo=photo,
                           form=form, editor_size=size, channels=renditions.main_presets())


def focus_from_tap(form, photo: Photo) -> tuple[float, float]:
    """Turn the pixel an image button was tapped at into a focus point (fractions 0..1)."""
    editor = renditions.EDITOR
    scale = min(editor.width / photo.width, editor.height / photo.height, 1.0)
    width, height = max(1, round(photo.width * scale)), max(1, round(photo.height * scale))
    try:
        x, y = float(form["focus.x"]), float(form["focus.y"])
    except (KeyError, ValueError):
        abort(400)
    return (x / width, y / height)


def send_rendition(brand, photo: Photo, preset):
    """Serve a rendition of photo, computing it only if its inputs changed."""
    store = media()
    colour, watermark = brand_look(brand, store)
    name, _result = renditions.rendition(store, photo, preset, colour, watermark)
    response = send_file(store.path("renditions", name), mimetype="image/jpeg",
                         conditional=True, etag=name)
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response


@bp.route("/<int:photo_id>/thumb.jpg")
def thumbnail(slug: str, product_id: int, photo_id: int):
    """A small square of the photo for lists."""
    brand, _product, photo = load_photo(slug, product_id, photo_id)
    return send_rendition(brand, photo, renditions.THUMBNAIL)


@bp.route("/<int:photo_id>/editor.jpg")
def editor_image(slug: str, product_id: int, photo_id: int):
    """The whole photo at the size the focus-point button shows it."""
    brand, _product, photo = load_photo(slug, product_id, photo_id)
    return send_rendition(brand, photo, renditions.EDITOR)


@bp.route("/<int:photo_id>/preview/<channel_id>.jpg")
def preview(slug: str, product_id: int, photo_id: int, channel_id: str):
    """The channel's main image as a buyer sees it in a search grid."""
    brand, _product, photo = load_photo(slug, product_id, photo_id)
    preset = dict((channel.id, preset) for channel, preset in renditions.main_presets()).get(
        channel_id)
    if preset is None:
        abort(404)
    return send_rendition(brand, photo, preset)


@bp.route("/<int:photo_id>/main", methods=["POST"])
def make_main(slug: str, product_id: int, photo_id: int):
    """Make this the main photo."""
    _brand, product, photo = load_photo(slug, product_id, photo_id)
    if ActionForm().validate_on_submit():
        service.make_main(product, photo)
        flash(_("Foto utama diganti."), "success")
    return redirect(url_for("photos.manage", slug=slug, product_id=product_id))


@bp.route("/<int:photo_id>/move/<direction>", methods=["POST"])
def move(slug: str, product_id: int, photo_id: int, direction: str):
    """Move a photo one place earlier or later."""
    _brand, product, photo = load_photo(slug, product_id, photo_id)
    if direction not in ("up", "down"):
        abort(404)
    if ActionForm().validate_on_submit():
        service.move_photo(product, photo, -1 if direction == "up" else 1)
    return redirect(url_for("photos.manage", slug=slug, product_id=product_id))


@bp.route("/<int:photo_id>/delete", methods=["POST"])
def delete(slug: str, product_id: int, photo_id: int):
    """Remove a photo from the product."""
    _brand, product, photo = load_photo(slug, product_id, photo_id)
    if ActionForm().validate_on_submit():
        service.delete_photo(product, photo)
        flash(_("Foto dihapus."), "success")
    return redirect(url_for("photos.manage", slug=slug, product_id=product_id))
