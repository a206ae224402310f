"""Serving signed public links to channel-ready photos (see webapp.photos.links)."""

from __future__ import annotations

from flask import Blueprint, abort, send_file

from webapp.media import MediaError, media_store
from webapp.photos.links import is_signed

bp = Blueprint("images", __name__, url_prefix="/images")
MIMETYPES = {"jpg": "image/jpeg", "png": "image/png"}


@bp.route("/<signed>/<name>")
def image(signed: str, name: str):
    """Serve one signed rendition to anyone (a marketplace fetching a bulk-upload sheet)."""
    if not is_signed(signed, name):
        abort(404)
    extension = name.rsplit(".", 1)[-1]
    store = media_store()
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
