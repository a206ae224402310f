"""Public links to channel-ready photos, for marketplace bulk-upload sheets.

Shopee's and TikTok Shop's mass-upload sheets take photos as public URLs that the marketplace
fetches. When the app runs on a public address (PUBLIC_URL) and the owner asks for it, a pack's
sheets link each photo here. A link names one rendition (re-encoded, no metadata: never an
original) and carries a signature made with the app's secret, so links cannot be guessed or
made up; anyone who has a link sees that one product photo, as buyers will on the marketplace.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Blueprint, abort, current_app, send_file, url_for

from webapp.media import MediaError, MediaStore

bp = Blueprint("images", __name__, url_prefix="/images")
SALT = b"studio-cerita-public-image:"
MIMETYPES = {"jpg": "image/jpeg", "png": "image/png"}


def signature(name: str) -> str:
    """The link's signature for rendition name."""
    key = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) else (
        current_app.secret_key)
    return hmac.new(key, SALT + name.encode(), hashlib.sha256).hexdigest()[:32]


def public_image_url(name: str) -> str:
    """The absolute public URL of rendition name, on PUBLIC_URL; '' when it is not set."""
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if not base:
        return ""
    return base + url_for("images.image", signed=signature(name), name=name)


@bp.route("/<signed>/<name>")
def image(signed: str, name: str):
    """Serve one signed rendition to anyone (a marketplace fetching a bulk-upload sheet)."""
    if not hmac.compare_digest(signed, signature(name)):
        abort(404)
    extension = name.rsplit(".", 1)[-1]
    store = MediaStore(current_app.config["MEDIA_ROOT"])
    try:
        if extension not in MIMETYPES or not store.exists("renditions", name):
            abort(404)
        path = store.path("renditions", name)
    except MediaError:
        abort(404)
    response = send_file(path, mimetype=MIMETYPES[extension], max_age=365 * 24 * 3600,
                         conditional=True)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response
