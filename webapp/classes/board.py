"""The class page: one row per shared brand and where it stands, sorted and filtered by query
parameters (a GET form, no JavaScript needed); and the class report as CSV and XLSX.

Every figure comes from webapp.classes.standing, which reads a whole class in a fixed number
of queries; the listing lights come from their cache (webapp.classes.lights).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, abort, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from webapp.classes import lights
from webapp.classes.blueprint import bp
from webapp.classes.service import ClassError, trainer_class
from webapp.classes.standing import STEPS, BrandStanding, aware, class_standing
from webapp.db import get_session
from webapp.i18n import current_language
from webapp.models import Kelas, KelasTrainer, User

#: Sort orders: key function and whether it runs newest / most first.
SORTS: dict[str, tuple[Any, Callable[[BrandStanding], Any], bool]] = {
    "name": (_l("Nama merek"), lambda row: (row.name.casefold(), row.brand_id), False),
    "activity": (_l("Aktivitas terakhir"),
                 lambda row: (aware(row.last_activity) if row.last_activity else aware(
                     row.shared_at)), True),
    "progress": (_l("Kemajuan (paling sedikit dulu)"),
                 lambda row: (row.steps_done, row.profile_score, row.name.casefold()), False),
}
FILTERS: dict[str, tuple[Any, Callable[[BrandStanding], bool]]] = {
    "all": (_l("Semua merek"), lambda row: True),
    "no_story": (_l("Belum punya cerita"), lambda row: row.story != "done"),
    "photos": (_l("Foto bermasalah"), lambda row: row.warned > 0),
    "no_products": (_l("Belum ada produk"), lambda row: row.products == 0),
    "no_pack": (_l("Belum ada paket"), lambda row: row.packs == 0),
}


def load_class(class_id: int) -> Kelas:
    """The class, if the logged-in account trains it; 404 otherwise."""
    try:
        return trainer_class(current_user, class_id)
    except ClassError:
        abort(404)


def arrange(rows: list[BrandStanding], sort: str, shown: str) -> list[BrandStanding]:
    """The rows kept by the filter, in the sort's order."""
    _label, keep = FILTERS.get(shown, FILTERS["all"])
    _label, key, reverse = SORTS.get(sort, SORTS["name"])
    return sorted((row for row in rows if keep(row)), key=key, reverse=reverse)


def trainers_of(kelas: Kelas) -> list[tuple[str, str]]:
    """The class's trainers' names and roles, the lead first: one query."""
    rows = get_session().execute(
        select(User.name, KelasTrainer.role).join(User, User.id == KelasTrainer.user_id)
        .where(KelasTrainer.class_id == kelas.id)
        .order_by(KelasTrainer.role != "lead", KelasTrainer.id))
    return [(name, role) for name, role in rows]


def public_url() -> bool:
    """Whether photos can have public links (a light depends on it)."""
    return bool(current_app.config.get("PUBLIC_URL"))


@bp.get("/classes/<id:class_id>")
def show(class_id: int) -> str:
    """The class page."""
    kelas = load_class(class_id)
    sort = request.args.get("sort", "name")
    shown = request.args.get("show", "all")
    sort = sort if sort in SORTS else "name"
    shown = shown if shown in FILTERS else "all"
    standing = class_standing(kelas.id, public_url(), inline=lights.INLINE_PRODUCTS)
    rows = arrange(standing.rows, sort, shown)
    return render_template("classes/show.html", kelas=kelas, rows=rows, total=len(standing.rows),
                           computing=standing.computing, trainers=trainers_of(kelas), sort=sort,
                           shown=shown, sorts=SORTS, filters=FILTERS, steps=STEPS)


@bp.get("/classes/<id:class_id>/report.csv")
def report_csv(class_id: int) -> Response:
    """The class report as CSV."""
    from webapp.classes.report import class_report, report_csv_bytes

    kelas = load_class(class_id)
    report = class_report(kelas, public_url(), zone=owner_zone(), language=current_language(),
                          inline=lights.INLINE_PRODUCTS)
    return download(report_csv_bytes(report), "text/csv; charset=utf-8",
                    f"laporan-kelas-{kelas.code}.csv")


@bp.get("/classes/<id:class_id>/report.xlsx")
def report_xlsx(class_id: int) -> Response:
    """The class report as an XLSX workbook (a second sheet: the summary)."""
    from webapp.classes.report import XLSX_TYPE, class_report, report_xlsx_bytes

    kelas = load_class(class_id)
    report = class_report(kelas, public_url(), zone=owner_zone(), language=current_language(),
                          inline=lights.INLINE_PRODUCTS)
    return download(report_xlsx_bytes(report), XLSX_TYPE, f"laporan-kelas-{kelas.code}.xlsx")


def owner_zone() -> str:
    """The trainer's time zone, for the report's dates."""
    from webapp.i18n import owner_timezone

    return owner_timezone()


def download(data: bytes, mimetype: str, name: str) -> Response:
    """A file to save, never cached by a shared proxy."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
