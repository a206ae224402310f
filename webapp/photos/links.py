"""Signed public links to channel-ready photos, for marketplace bulk-upload sheets.

Shopee's and TikTok Shop's mass-upload sheets take photos as public URLs that the marketplace
fetches. When the app runs on a public address (PUBLIC_URL) and the owner asks for it, a pack's
sheets link each photo. A link names one rendition (re-encoded, no metadata: never an original)
and carries a signature made with the app's secret, so links cannot be guessed or made up; anyone
who has a link sees that one product photo, as buyers will on the marketplace. The blueprint that
serves them is webapp.photos.public.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, url_for

SALT = b"studio-cerita-public-image:"


def signature(name: str) -> str:
    """The link's signature for rendition name."""
    key = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) else (
        current_app.secret_key)
    return hmac.new(key, SALT + name.encode(), hashlib.sha256).hexdigest()[:32]


def is_signed(signed: str, name: str) -> bool:
    """True when signed is the signature of name."""
    return hmac.compare_digest(signed, signature(name))


def public_image_url(name: str) -> str:
    """The absolute public URL of rendition name, on PUBLIC_URL; '' when it is not set."""
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if not base:
        return ""
    return base + url_for("images.image", signed=signature(name), name=name)
