"""Password reset by email: a one-time, short-lived link.

The link carries a signed token naming the account and a fingerprint of its password hash and
session version. It expires after PASSWORD_RESET_MAX_AGE seconds and works once: setting the new
password changes the hash, so every link issued before (this one included) stops working, and
every other session of the account ends. Nothing is stored: a database leak holds no live token.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from webapp.accounts.service import hash_password
from webapp.db import get_session, transaction
from webapp.domain import DomainError
from webapp.models import User

SALT = "studio-cerita-password-reset"


class ResetError(DomainError):
    """A reset link was refused: link_invalid (unknown, changed or used) or link_expired."""

    domain = "reset"


def serializer() -> URLSafeTimedSerializer:
    """Signs and checks reset tokens with the app's secret key."""
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def fingerprint(user: User) -> str:
    """Changes whenever the password or the account's sessions change: the link's one use."""
    material = f"{user.password_hash}:{user.session_version}".encode()
    return hashlib.sha256(material).hexdigest()[:32]


def make_token(user: User) -> str:
    """A reset token for user."""
    return serializer().dumps({"u": user.id, "f": fingerprint(user)})


def account_for(email: str) -> User | None:
    """The account registered with email, if any (the page never says which)."""
    return get_session().scalar(User.by_email(email))


def check_token(token: str) -> User:
    """The account a live token was issued for; ResetError otherwise."""
    try:
        data: Any = serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired:
        minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
        raise ResetError("link_expired", minutes=minutes) from None
    except BadSignature:
        raise ResetError("link_invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise ResetError("link_invalid")
    user = get_session().get(User, data["u"])
    if user is None or not hmac.compare_digest(str(data.get("f", "")), fingerprint(user)):
        raise ResetError("link_invalid")
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a live token; the token and every session then end."""
    user = check_token(token)
    with transaction() as session:
        session.add(user)
        user.password_hash = hash_password(new_password)
        user.session_version += 1
    return user
