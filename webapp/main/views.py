"""Public landing page and the dashboard after login."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from webapp.db import get_session
from webapp.lazy import lazy

models = lazy("webapp.models")
bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    """Tell an IKM owner, in plain words, what the app does for them."""
    return render_template("main/index.html")


@bp.route("/dashboard")
@login_required
def dashboard():
    """The owner's home after login: their brands, most recently changed first."""
    rows = get_session().execute(models.Brand.of_owner(current_user.id)).all()
    return render_template("main/dashboard.html", rows=rows)


@bp.route("/healthz")
def health():
    """Liveness probe for a process manager or load balancer."""
    return {"status": "ok"}
