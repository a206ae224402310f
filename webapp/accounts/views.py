"""Account pages: thin views that parse a form, call the service and respond."""

from __future__ import annotations

from contextlib import suppress

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from webapp.accounts import devices
from webapp.accounts.forms import (
    ChangePasswordForm,
    LanguageForm,
    LoginForm,
    RegisterForm,
    TimezoneForm,
)
from webapp.errors import refusal_message
from webapp.extensions import limiter, login_manager
from webapp.forms import ActionForm, keeps_input
from webapp.i18n import SESSION_KEY, current_language, owner_timezone
from webapp.lazy import lazy
from webapp.security import is_safe_redirect

service = lazy("webapp.accounts.service")
models = lazy("webapp.models")

bp = Blueprint("accounts", __name__)


def init_app(app: Flask) -> None:
    """Configure Flask-Login: where to send visitors, and how a cookie becomes a user."""
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Silakan masuk terlebih dahulu untuk membuka halaman itu.")
    login_manager.login_message_category = "info"
    # "basic": phones hop between mobile data and Wi-Fi, so the IP-bound "strong" mode would log
    # owners out mid-form. Revocation is server-side instead (User.session_version).
    login_manager.session_protection = "basic"
    login_manager.user_loader(lambda token: service.load_user(token))
    login_manager.init_app(app)


def login_account_key() -> str:
    """Rate-limit key for login attempts on one account, whatever address they come from."""
    return "account:" + models.normalise_email(request.form.get("email", ""))[:254]


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
        # A taken email is answered exactly like a new account: nobody learns who has one.
        with suppress(service.AccountError):
            service.register_user(form.email.data, form.name.data, form.password.data,
                                  current_language())
        flash(_("Pendaftaran diterima. Silakan masuk dengan email dan kata sandi yang baru "
                "Anda buat. Jika email itu sudah pernah terdaftar, masuklah dengan kata sandi "
                "lamanya."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/register.html", form=form), form.status


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
        try:
            user = service.authenticate(form.email.data, form.password.data)
        except service.AccountError as error:
            form.refuse(refusal_message(error))
        else:
            start_session(user, remember=form.remember.data)
            target = form.next.data
            response = redirect(target if is_safe_redirect(target) else url_for("main.dashboard"))
            return devices.remember(response, form.email.data)
    return render_template("accounts/login.html", form=form), form.status


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
        except service.AccountError as error:
            form.refuse(refusal_message(error), field="current")
        else:
            start_session(user)
            flash(_("Kata sandi sudah diganti. Perangkat lain yang masih masuk sudah dikeluarkan."),
                  "success")
            return redirect(url_for("main.dashboard"))
    return render_template("accounts/change_password.html", form=form,
                           zone=TimezoneForm(timezone=owner_timezone())), form.status


@bp.route("/account/timezone", methods=["POST"])
@login_required
def set_timezone():
    """Choose the time zone dates and times are shown in."""
    form = TimezoneForm()
    if form.validate_on_submit():
        service.save_timezone(current_user._get_current_object(), form.timezone.data)
        flash(_("Zona waktu tersimpan."), "success")
    else:
        flash(_("Pilih salah satu zona waktu."), "error")
    return redirect(url_for("accounts.change_password"))


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
