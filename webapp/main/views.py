"""Public landing page and the dashboard after login."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    """Tell an IKM owner, in plain words, what the app does for them."""
    return render_template("main/index.html")


@bp.route("/dashboard")
@login_required
def dashboard():
    """The owner's home after login."""
    return render_template("main/dashboard.html")


@bp.route("/healthz")
def health():
    """Liveness probe for a process manager or load balancer."""
    return {"status": "ok"}
