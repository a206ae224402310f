"""The classes blueprint: its pages live in views (classes, joining, sharing, the reading view),
board (the class page and its report) and comments (comments and suggested text)."""

from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("classes", __name__)


@bp.before_request
@login_required
def require_login() -> None:
    """Every class page is for a logged-in account."""
