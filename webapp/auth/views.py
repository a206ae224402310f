"""Account pages: thin views that parse a form, call the service and respond."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from webapp.auth import devices, service
from webapp.auth.forms import ActionForm, ChangePasswordForm, LanguageForm, LoginForm, RegisterForm
from webapp.extensions import limiter
from webapp.forms import keeps_input
from webapp.i18n import SESSION_KEY, current_language
from webapp.models import normalise_email
from webapp.security import is_safe_redirect

bp = Blueprint("auth", __name__)


def login_account_key() -> str:
    """Rate-limit key for login attempts on one account, whatever address they come from."""
    return "account:" + normalise_email(request.form.get("email", ""))[:254]


def login_failed(response) -> bool:
    """Only failed attempts count against an account: the owner's own logins never lock it."""
    return response.status_code != 302


def start_session(user, remember: bool = False) -> None:
    """Log user in on a brand-new session, keeping the visitor's language choice."""
    language = session.get(SESSION_KEY)
    session.clear()  # a fresh session on login: no fixation
    if language:
        session[SESSION_KEY] = language
    login_user(user, remember=remember)


@bp.route("/register", methods=["GET", "POST"])
@keeps_input
@limiter.limit(lambda: current_app.config["RATELIMIT_REGISTER"], methods=["POST"])
def register():
    """Create an account; the answer is the same whether or not the email was already used."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm()
    if form.validate_on_submit():
        service.register_user(form.email.data, form.name.data, form.password.data,
                              current_language())
        flash(_("Pendaftaran diterima. Silakan masuk dengan email dan kata sandi yang baru "
                "Anda buat. Jika email itu sudah pernah terdaftar, masuklah dengan kata sandi "
                "lamanya."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@keeps_input
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_ACCOUNT"], methods=["POST"],
               key_func=login_account_key, deduct_when=login_failed,
               exempt_when=lambda: devices.is_known(request.form.get("email", "")))
def login():
    """Log in, then go to the page asked for (only ever on this site) or the dashboard."""
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user, remember=form.remember.data)
            target = form.next.data
            response = redirect(target if is_safe_redirect(target) else url_for("main.dashboard"))
            return devices.remember(response, form.email.data)
        form.form_errors.append(_("Email atau kata sandi tidak cocok. Periksa lalu coba lagi."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out and revoke every cookie issued for this account."""
    if ActionForm().validate_on_submit():
        service.end_sessions(current_user._get_current_object())
        logout_user()
        flash(_("Anda sudah keluar."), "success")
    return redirect(url_for("main.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@keeps_input
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_PASSWORD"], methods=["POST"])
def change_password():
    """Change the password; this device stays logged in, every other one is logged out."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            service.change_password(user, form.current.data, form.password.data)
        except service.WrongPassword:
            form.current.errors.append(_("Kata sandi saat ini tidak cocok."))
        else:
            start_session(user)
            flash(_("Kata sandi sudah diganti. Perangkat lain yang masih masuk sudah dikeluarkan."),
                  "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/language", methods=["POST"])
def set_language():
    """Switch the interface language; a logged-in user's choice is saved to the account."""
    form = LanguageForm()
    languages = current_app.config["LANGUAGES"]
    if form.validate_on_submit() and form.language.data in languages:
        session[SESSION_KEY] = form.language.data
        if current_user.is_authenticated:
            service.save_locale(current_user._get_current_object(), form.language.data)
    target = form.next.data
    return redirect(target if is_safe_redirect(target) else url_for("main.index"))
