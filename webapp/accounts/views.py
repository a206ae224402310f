"""Account pages: thin views that parse a form, call the service and respond."""

from __future__ import annotations

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
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from webapp.accounts import devices
from webapp.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    TimezoneForm,
)
from webapp.errors import refusal_message
from webapp.extensions import limiter, login_manager
from webapp.forms import ActionForm, keeps_input
from webapp.i18n import SESSION_KEY, current_language, owner_timezone
from webapp.lazy import lazy
from webapp.security import is_safe_redirect

service = lazy("webapp.accounts.service")
reset = lazy("webapp.accounts.reset")
mail = lazy("webapp.mail")
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
    """Create an account and log in at once; an email that has an account logs in with its own
    password, and is refused with any other (the refusal points to the password reset)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = service.register_user(form.email.data, form.name.data, form.password.data,
                                         current_language())
            welcome = _("Selamat datang, %(name)s. Akun Anda sudah dibuat dan Anda sudah masuk.",
                        name=user.name)
        except service.AccountError as error:
            try:
                user = service.authenticate(form.email.data, form.password.data)
            except service.AccountError:
                form.refuse(refusal_message(error), field="email")
                return render_template("accounts/register.html", form=form), form.status
            welcome = _("Email ini sudah punya akun, dan kata sandinya cocok: Anda sudah masuk.")
        start_session(user)
        flash(welcome, "success")
        return devices.remember(redirect(url_for("main.dashboard")), form.email.data)
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


def reset_account_key() -> str:
    """Rate-limit key for reset requests for one email, whoever asks."""
    return "reset:" + models.normalise_email(request.form.get("email", ""))[:254]


@bp.route("/password/forgot", methods=["GET", "POST"])
@keeps_input
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET_ACCOUNT"], methods=["POST"],
               key_func=reset_account_key)
def forgot_password():
    """Send a reset link; the answer is the same whether or not the email has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = reset.account_for(form.email.data)
        if user is not None:
            send_reset_link(user)
        return redirect(url_for("accounts.reset_sent"))
    return render_template("accounts/forgot_password.html", form=form), form.status


def send_reset_link(user) -> None:
    """Email user a one-time link, in the account's language."""
    token = reset.make_token(user)
    root = current_app.config.get("PUBLIC_URL") or request.url_root
    link = root.rstrip("/") + url_for("accounts.open_reset_link", token=token)
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    with force_locale(user.locale or current_language()):
        subject = _("Kata sandi baru untuk Studio Cerita")
        body = render_template("accounts/reset_email.txt", user=user, link=link, minutes=minutes)
    mail.send(user.email, subject, body)


@bp.route("/password/sent")
def reset_sent():
    """What happens next, said the same way for every email."""
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    outbox = mail.outbox_mode() and current_app.config["ENV"] != "production"
    return render_template("accounts/reset_sent.html", minutes=minutes, outbox=outbox)


@bp.route("/password/reset/<token>")
def open_reset_link(token: str):
    """Check the emailed link, keep its token in the session and drop it from the address bar
    (so it never leaks through history or a Referer)."""
    try:
        reset.check_token(token)
    except reset.ResetError as error:
        return reset_refused(error)
    session["reset_token"] = token
    return redirect(url_for("accounts.reset_password"))


@bp.route("/password/reset", methods=["GET", "POST"])
@keeps_input
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
def reset_password():
    """Choose the new password; then this device is logged in and every other one is out."""
    try:
        user = reset.check_token(session.get("reset_token") or "")
    except reset.ResetError as error:
        return reset_refused(error)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = reset.reset_password(session.get("reset_token") or "", form.password.data)
        except reset.ResetError as error:
            return reset_refused(error)
        start_session(user)
        flash(_("Kata sandi baru tersimpan dan Anda sudah masuk. Perangkat lain yang masih "
                "masuk sudah dikeluarkan."), "success")
        return devices.remember(redirect(url_for("main.dashboard")), user.email)
    return render_template("accounts/reset_password.html", form=form, user=user), form.status


def reset_refused(error):
    """A used, changed or expired link: say so, and offer a new one (400)."""
    session.pop("reset_token", None)
    return render_template("accounts/forgot_password.html", form=ForgotPasswordForm(),
                           refusal=refusal_message(error)), 400


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
