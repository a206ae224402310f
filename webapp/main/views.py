"""Public landing page and the dashboard after login."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from webapp.db import get_session
from webapp.lazy import lazy

models = lazy("webapp.models")
progress = lazy("webapp.brands.progress")
#: Brands shown with their whole path; a trainer's further brands are listed by name.
DETAILED = 6
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
    paths = {brand.id: progress.progress(brand, head) for brand, head in rows[:DETAILED]}
    return render_template("main/dashboard.html", rows=rows, paths=paths)


@bp.route("/healthz")
def health():
    """Liveness probe for a process manager or load balancer."""
    return {"status": "ok"}
