"""Account operations: one user action, one function, one transaction."""

from __future__ import annotations

import logging
from functools import cache

from flask import current_app
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.db import get_session, transaction
from webapp.domain import DomainError
from webapp.fields import parse_whole
from webapp.models import User, normalise_email, utcnow

log = logging.getLogger(__name__)



class AccountError(DomainError):
    """An account action was refused: login_failed, wrong_password, email_taken."""

    domain = "account"


def hash_password(password: str) -> str:
    """Return a salted hash of password with the configured method (scrypt by default)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def dummy_hash(method: str) -> str:
    """A hash to verify against when the email is unknown, so both paths cost one check."""
    return generate_password_hash("studio-cerita-timing-equaliser", method=method)


def register_user(email: str, name: str, password: str, locale: str | None) -> User:
    """Create an account; raise AccountError("email_taken"), changing nothing, when the email
    is taken (the page answers both alike, so nobody learns who has an account)."""
    password_hash = hash_password(password)  # hashed first: both outcomes take the same time
    try:
        with transaction() as session:
            if session.scalar(User.by_email(email)) is not None:
                log.info("registration for an existing email refused")
                raise AccountError("email_taken")
            user = User(email=normalise_email(email), name=name.strip(),
                        password_hash=password_hash, locale=locale)
            session.add(user)
    except IntegrityError:  # a concurrent registration with the same email won
        raise AccountError("email_taken") from None
    return user


def authenticate(email: str, password: str) -> User:
    """Return the account when email and password match; else log the attempt and raise
    AccountError("login_failed")."""
    with transaction() as session:
        user = session.scalar(User.by_email(email))
        if user is None:
            check_password_hash(dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
            log.warning("failed login for an unknown email")
            raise AccountError("login_failed")
        if not check_password_hash(user.password_hash, password):
            log.warning("failed login for user %s", user.id)
            raise AccountError("login_failed")
        user.last_login_at = utcnow()
    return user


def load_user(token: str) -> User | None:
    """Return the user for a login token 'id:version', or None when it was revoked."""
    user_id, _, version = token.partition(":")
    user_number, version_number = parse_whole(user_id, 1), parse_whole(version)
    if user_number is None or version_number is None:
        return None
    user = get_session().get(User, user_number)
    if user is None or user.session_version != version_number:
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
        raise AccountError("wrong_password")
    with transaction() as session:
        session.add(user)
        user.password_hash = hash_password(new)
        user.session_version += 1


def save_locale(user: User, locale: str) -> None:
    """Remember the user's interface language."""
    with transaction() as session:
        session.add(user)
        user.locale = locale


def save_timezone(user: User, timezone: str) -> None:
    """Remember the time zone the owner reads dates in."""
    with transaction() as session:
        session.add(user)
        user.timezone = timezone
