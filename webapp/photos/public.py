"""Serving signed public links to channel-ready photos (see webapp.photos.links)."""

from __future__ import annotations

import re

from flask import Blueprint, abort, send_file

from webapp.lazy import lazy
from webapp.media import MediaError, media_store
from webapp.photos.links import is_signed

bp = Blueprint("images", __name__, url_prefix="/images")
MIMETYPES = {"jpg": "image/jpeg", "png": "image/png"}
#: A photo prepared for a channel: "<photo id>-<channel id>.jpg".
PHOTO_LINK = re.compile(r"(?P<photo>[0-9]{1,10})-(?P<channel>[a-z][a-z0-9_]{0,39})\.jpg")
#: A rendition by its digest, as packs built before 2026-12-07 linked them.
RENDITION = re.compile(r"[0-9a-f]{64}\.(?:jpg|png)")
service = lazy("webapp.photos.service")


@bp.route("/<signed>/<name>")
def image(signed: str, name: str):
    """Serve one signed photo to anyone (a marketplace fetching a bulk-upload sheet)."""
    if not is_signed(signed, name):
        abort(404)
    match = PHOTO_LINK.fullmatch(name)
    if match is not None:
        found = service.linked_rendition(int(match["photo"]), match["channel"], media_store())
    elif RENDITION.fullmatch(name):
        found = stored_rendition(name)
    else:
        found = None
    if found is None:
        abort(404)
    path, mimetype = found
    response = send_file(path, mimetype=mimetype, max_age=3600, conditional=True)
    response.cache_control.public = True
    return response


def stored_rendition(name: str):
    """A rendition file by its digest name, with its type; None when it is not stored."""
    store = media_store()
    try:
        if not store.exists("renditions", name):
            return None
        return store.path("renditions", name), MIMETYPES[name.rsplit(".", 1)[-1]]
    except MediaError:
        return None
