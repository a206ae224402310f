"""Signed public links to channel-ready photos, for marketplace bulk-upload sheets.

Marketplace bulk-upload sheets and Meta's catalogue feed take photos as public URLs that the
marketplace fetches. When the app runs on a public address (PUBLIC_URL) and the owner asks for
it, a pack links each photo: `/images/<signature>/<photo id>-<channel id>.jpg`, the photo as
prepared for that channel (re-encoded, no metadata: never an original), made from the photo's
current choices. A link stays valid while the photo exists, not only while a pack is kept, and
carries a signature made with the app's secret, so links cannot be guessed or made up; anyone
who has a link sees that one product photo, as buyers will on the marketplace. The blueprint
that serves them is webapp.photos.public.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

SALT = b"studio-cerita-public-image:"


def signature(name: str) -> str:
    """The link's signature for rendition name."""
    key = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) else (
        current_app.secret_key)
    return hmac.new(key, SALT + name.encode(), hashlib.sha256).hexdigest()[:32]


def is_signed(signed: str, name: str) -> bool:
    """True when signed is the signature of name."""
    return hmac.compare_digest(signed, signature(name))


def link_name(photo_id: int, channel_id: str) -> str:
    """The file name a link gives a photo prepared for a channel."""
    return f"{photo_id}-{channel_id}.jpg"


def public_image_url(photo_id: int, channel_id: str, base: str | None = None) -> str:
    """The absolute public URL of a photo prepared for a channel, on base (default PUBLIC_URL);
    '' when there is no public address."""
    base = (base if base is not None else current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if not base:
        return ""
    name = link_name(photo_id, channel_id)
    # Built from the URL map itself: packs are made by commands and background workers too,
    # where there is no request to build a URL from; the base already holds any path prefix.
    path = current_app.url_map.bind("", url_scheme="https").build(
        "images.image", {"signed": signature(name), "name": name})
    return base + path
