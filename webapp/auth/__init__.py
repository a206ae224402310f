"""Accounts: registration, login, logout and password change."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from webapp.extensions import login_manager


def init_app(app: Flask) -> None:
    """Configure Flask-Login: where to send visitors, and how a cookie becomes a user."""
    from webapp.auth.service import load_user

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk terlebih dahulu untuk membuka halaman itu.")
    login_manager.login_message_category = "info"
    # "basic": phones hop between mobile data and Wi-Fi, so the IP-bound "strong" mode would log
    # owners out mid-form. Revocation is server-side instead (User.session_version).
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    login_manager.init_app(app)
