"""Account operations: one user action, one function, one transaction."""

from __future__ import annotations

import logging
from functools import cache

from flask import current_app
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.db import get_session, transaction
from webapp.models import User, normalise_email, utcnow

log = logging.getLogger(__name__)



class WrongPassword(Exception):
    """The current password given for a change did not match."""


def hash_password(password: str) -> str:
    """Return a salted hash of password with the configured method (scrypt by default)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def dummy_hash(method: str) -> str:
    """A hash to verify against when the email is unknown, so both paths cost one check."""
    return generate_password_hash("studio-cerita-timing-equaliser", method=method)


def register_user(email: str, name: str, password: str, locale: str | None) -> User | None:
    """Create an account; return None (and change nothing) when the email is taken."""
    password_hash = hash_password(password)  # hashed first: both outcomes take the same time
    try:
        with transaction() as session:
            if session.scalar(User.by_email(email)) is not None:
                log.info("registration for an existing email refused")
                return None
            user = User(email=normalise_email(email), name=name.strip(),
                        password_hash=password_hash, locale=locale)
            session.add(user)
    except IntegrityError:  # a concurrent registration with the same email won
        return None
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the account when email and password match, else None; log failed attempts."""
    with transaction() as session:
        user = session.scalar(User.by_email(email))
        if user is None:
            check_password_hash(dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
            log.warning("failed login for an unknown email")
            return None
        if not check_password_hash(user.password_hash, password):
            log.warning("failed login for user %s", user.id)
            return None
        user.last_login_at = utcnow()
    return user


def load_user(token: str) -> User | None:
    """Return the user for a login token 'id:version', or None when it was revoked."""
    user_id, _, version = token.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = get_session().get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user


def end_sessions(user: User) -> None:
    """Make every cookie issued for user useless (logout everywhere)."""
    with transaction() as session:
        session.add(user)
        user.session_version += 1


def change_password(user: User, current: str, new: str) -> None:
    """Replace the password after checking the current one; end every other session."""
    if not check_password_hash(user.password_hash, current):
        raise WrongPassword
    with transaction() as session:
        session.add(user)
        user.password_hash = hash_password(new)
        user.session_version += 1


def save_locale(user: User, locale: str) -> None:
    """Remember the user's interface language."""
    with transaction() as session:
        session.add(user)
        user.locale = locale
