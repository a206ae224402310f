"""Configuration: safe defaults, then instance/config.py, then environment variables."""

from __future__ import annotations

import logging
import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

from flask import Flask

#: Values that must never be used as a secret key in production.
WEAK_SECRETS = frozenset({"", "dev", "development", "secret", "changeme", "change-me", "test"})
MIN_SECRET_LENGTH = 32

log = logging.getLogger(__name__)
ENV_VARIABLE = "STUDIO_CERITA_ENV"
SECRET_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


class Defaults:
    """Safe defaults for a single machine; every value can be overridden."""

    ENV = "development"
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None  # None means SQLite under instance/
    REDIS_URL: str | None = None
    MEDIA_ROOT: str | None = None  # None means instance/media
    # The app's public address (https://cerita.example.id): packs may then link their photos
    # for marketplace bulk-upload sheets. None: sheets name the photos' files in the pack.
    PUBLIC_URL: str | None = None

    # Requests: a brand story is text, photos come later with their own limit.
    MAX_CONTENT_LENGTH = 40 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 500_000
    MAX_FORM_PARTS = 1_000
    # Endpoints that take more: the photo upload takes 10 photos of up to 25 MB each at once.
    UPLOAD_LIMITS = {"photos.manage": 10 * 25 * 1024 * 1024 + 1024 * 1024}

    # Sessions and cookies. SameSite=Lax always; Secure and the __Host- prefix in production.
    SESSION_COOKIE_NAME = "session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    REMEMBER_COOKIE_NAME = "remember_token"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False

    # A brand story can take a morning on a phone; an expired token re-shows the form anyway.
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    WTF_CSRF_SSL_STRICT = True

    # Rate limits, per client address (and per account for login).
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    # A moving window: no burst of twice the limit around a minute boundary.
    RATELIMIT_STRATEGY = "moving-window"
    # With Redis down, count in this process's memory (same limits, a warning in the log) and go
    # back to Redis by itself when it answers again; never fail a login because of the counter.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    RATELIMIT_LOGIN = "10 per minute;60 per hour"
    RATELIMIT_LOGIN_ACCOUNT = "5 per minute;30 per hour"
    RATELIMIT_REGISTER = "5 per minute;20 per hour"
    RATELIMIT_PASSWORD = "5 per minute;20 per hour"  # noqa: S105 (a rate, not a password)
    RATELIMIT_PACK = "3 per minute;30 per hour"  # per account: a pack is the costliest request
    RATELIMIT_UPLOAD = "20 per minute;200 per hour"  # per account: photo uploads (10 files each)

    # Storage per account: the photo originals of all its brands (0 turns the quota off).
    STORAGE_QUOTA_BYTES = 2 * 1024**3
    # Listing packs: the newest few ZIPs per brand are kept; older ones can be built again.
    PACKS_KEPT_PER_BRAND = 5

    JOBS_MODE: str | None = None  # thread (default), rq (default with REDIS_URL) or inline
    JOBS_THREADS = 1

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = ("id", "en")

    # Trust X-Forwarded-* from this many proxies (0: serve directly).
    PROXY_HOPS = 0

    HSTS_SECONDS = 365 * 24 * 3600

    # Email (webapp/mail.py). Without MAIL_SERVER messages are files in MAIL_OUTBOX.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS: bool | None = None  # None: STARTTLS whenever a user name is set
    MAIL_USE_SSL = False
    MAIL_DEFAULT_SENDER: str | None = None
    MAIL_OUTBOX: str | None = None  # None means instance/outbox
    # A password-reset link works once, for this many seconds.
    PASSWORD_RESET_MAX_AGE = 30 * 60
    RATELIMIT_RESET = "5 per minute;20 per hour"
    RATELIMIT_RESET_ACCOUNT = "3 per hour;10 per day"

    # Werkzeug's scrypt (N=2^15, r=8, p=1). Tests set a cheap method; production never should.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (a method name, not a password)


#: Environment variables read as configuration, with their converters.
ENVIRONMENT_KEYS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "REDIS_URL": str,
    "MEDIA_ROOT": str,
    "PROXY_HOPS": int,
    "PUBLIC_URL": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_USE_TLS": lambda value: value.strip().lower() in {"1", "true", "yes", "on"},
    "MAIL_USE_SSL": lambda value: value.strip().lower() in {"1", "true", "yes", "on"},
    "MAIL_DEFAULT_SENDER": str,
}


def load_config(app: Flask, test_config: dict | None = None) -> None:
    """Fill app.config from defaults, instance/config.py, the environment and test overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key, convert in ENVIRONMENT_KEYS.items():
        value = os.environ.get(key)
        if value:
            app.config[key] = convert(value)
    if os.environ.get(ENV_VARIABLE):
        app.config["ENV"] = os.environ[ENV_VARIABLE]
    if test_config:
        app.config.update(test_config)

    instance = Path(app.instance_path)
    app.config["MEDIA_ROOT"] = app.config["MEDIA_ROOT"] or str(instance / "media")
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'studio-cerita.sqlite3'}"
    if app.config["REDIS_URL"] and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]

    if app.config["ENV"] == "production":
        configure_production(app)
    else:
        if "gunicorn" in sys.modules and not app.config.get("TESTING"):
            log.warning("Served by gunicorn without %s=production: cookies are not Secure and "
                        "no HSTS is sent. Set it on any server that people reach.", ENV_VARIABLE)
        if not app.config["SECRET_KEY"]:
            app.config["SECRET_KEY"] = read_or_create_secret(instance / SECRET_FILE)


def configure_production(app: Flask) -> None:
    """Harden cookies and refuse to start with a weak secret or with debug on."""
    secret = app.config.get("SECRET_KEY") or read_secret(Path(app.instance_path) / SECRET_FILE)
    if not secret or secret.strip().lower() in WEAK_SECRETS or len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            "Production needs a SECRET_KEY of at least "
            f"{MIN_SECRET_LENGTH} random characters (python -c 'import secrets; "
            "print(secrets.token_hex())'), set in the environment or instance/config.py."
        )
    if app.debug or os.environ.get("FLASK_DEBUG", "").lower() in {"1", "true", "yes", "on"}:
        raise ConfigError("Production refuses to start with debug mode on (FLASK_DEBUG).")
    if not str(app.config["PASSWORD_HASH_METHOD"]).startswith("scrypt"):
        raise ConfigError("Production hashes passwords with scrypt (PASSWORD_HASH_METHOD).")
    app.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_NAME="__Host-session",
        REMEMBER_COOKIE_SECURE=True,
        REMEMBER_COOKIE_NAME="__Host-remember_token",
        PREFERRED_URL_SCHEME="https",
    )


def read_secret(path: Path) -> str | None:
    """Return the secret stored at path, or None when there is none."""
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def read_or_create_secret(path: Path) -> str:
    """Return the secret stored at path, creating a random one (mode 0600) on first use."""
    existing = read_secret(path)
    if existing:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return read_secret(path) or secret
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret)
    return secret
