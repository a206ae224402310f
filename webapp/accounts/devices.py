"""Known devices: a browser that has logged in to an account before may keep trying to log in to
it while strangers who guess its password are throttled.

The per-account login limit stops password guessing spread over many addresses, but on its own it
would let anyone lock an owner out by failing on purpose. OWASP's answer is a device cookie: a
signed token, set at a successful login, that names the account (by a digest of its email, so the
cookie reveals nothing). A login attempt for that account from that browser is exempt from the
per-account limit; the per-address limit still applies.
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from webapp.lazy import lazy

models = lazy("webapp.models")

COOKIE = "known_device"
SALT = "studio-cerita-known-device"
MAX_AGE = 180 * 24 * 3600  # half a year: then one more ordinary login renews it


def serializer() -> URLSafeTimedSerializer:
    """Signs and checks device tokens with the app's secret key."""
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def account_digest(email: str) -> str:
    """A digest of the normalised email: the token names the account without revealing it."""
    return hashlib.sha256(models.normalise_email(email).encode("utf-8")).hexdigest()[:32]


def remember(response: Response, email: str) -> Response:
    """Mark this browser as a known device of the account (after a successful login)."""
    token = serializer().dumps({"a": account_digest(email)})
    response.set_cookie(COOKIE, token, max_age=MAX_AGE, path="/login", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"], samesite="Lax")
    return response


def is_known(email: str) -> bool:
    """True when this request carries a valid device token for the account of email."""
    token = request.cookies.get(COOKIE)
    if not token or not email:
        return False
    try:
        data = serializer().loads(token, max_age=MAX_AGE)
    except BadSignature:
        return False
    return isinstance(data, dict) and data.get("a") == account_digest(email)
