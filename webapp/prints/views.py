"""The brand's print page: choose hang tags, the story card or labels, their size and QR, see
what does not fit before printing, and download the PDF."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import login_required
from markupsafe import Markup

from webapp.access import load_brand
from webapp.i18n import current_language
from webapp.lazy import lazy
from webapp.text import say

facts = lazy("webapp.prints.facts")
render = lazy("webapp.prints.render")
layouts = lazy("webapp.prints.layouts")
model = lazy("webapp.prints.model")
preview = lazy("webapp.prints.preview")
faces = lazy("webapp.prints.faces")
qr = lazy("webapp.prints.qr")

bp = Blueprint("prints", __name__, url_prefix="/brands/<slug>/print")

KINDS = ("tags", "card", "labels")
QR_KINDS = ("whatsapp", "instagram", "shop")
MAX_COPIES = 50


@bp.before_request
@login_required
def require_login() -> None:
    """Print files are for the brand's logged-in owner."""


def choice() -> dict:
    """The owner's choice from the query string, each value checked against what exists."""
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else "tags"
    sizes = {"tags": layouts.sizes("tags"), "card": {"a6": None},
             "labels": layouts.sizes("labels")}[kind]
    size = request.args.get("size") if request.args.get("size") in sizes else next(iter(sizes))
    copies = request.args.get("copies", "1")
    copies = int(copies) if copies.isascii() and copies.isdigit() else 1
    language = request.args.get("lang") if request.args.get("lang") in ("id", "en") else (
        current_language())
    product = request.args.get("product", "")
    return {"kind": kind, "size": size, "copies": max(1, min(copies, MAX_COPIES)),
            "price": request.args.get("price") == "1", "language": language,
            "guides": request.args.get("guides") == "1",
            "qr": request.args.get("qr") if request.args.get("qr") in QR_KINDS else "whatsapp",
            "product": int(product) if product.isascii() and product.isdigit() else None}


def problems(printable, chosen: dict) -> list:
    """What is too long for the chosen layout (the page lists it before any download)."""
    if chosen["kind"] == "card":
        return render.card_overflows(printable, chosen["qr"])
    if chosen["kind"] == "tags":
        return render.tag_overflows(printable, tag_options(chosen), products_of(chosen))
    return render.label_overflows(printable, chosen["size"], chosen["qr"], products_of(chosen))


def tag_options(chosen: dict):
    """The hang-tag options of the owner's choice."""
    return model.TagOptions(size=chosen["size"], copies=chosen["copies"],
                            show_price=chosen["price"], qr=chosen["qr"])


def products_of(chosen: dict) -> list[int] | None:
    """One product, or every product (None)."""
    return [chosen["product"]] if chosen["product"] else None


def requested(slug: str) -> tuple:
    """The owner's brand (404 for anyone else), their choice, and the brand's print inputs in
    the chosen language."""
    brand = load_brand(slug)
    chosen = choice()
    return brand, chosen, facts.brand_print(brand, chosen["language"])


@bp.route("/")
def page(slug: str):
    """The choices, what does not fit, and the download button."""
    brand, chosen, printable = requested(slug)
    try:
        found = problems(printable, chosen)
        error = None
    except model.PrintError as refused:
        found, error = [], str(refused)
    status = 422 if found or error else 200
    pictures = [] if status != 200 else previews(printable, chosen)
    return render_template("prints/page.html", brand=brand, chosen=chosen, printable=printable,
                           overflows=found, error=error, tag_sizes=layouts.sizes("tags"),
                           label_sizes=layouts.sizes("labels"), previews=pictures), status


def previews(printable, chosen: dict) -> list[tuple[str, Markup]]:
    """Pictures of what the PDF prints: the first chosen product's tag front and back, one
    label, or the card; each (caption, inline SVG)."""
    language = printable.language
    if chosen["kind"] == "card":
        card = layouts.size("card", "a6")
        face = faces.card_face(printable, card, chosen["qr"], qr.link_for(printable, chosen["qr"]))
        pictures = [(say(language, "Kartu cerita"), face)]
    elif chosen["kind"] == "labels":
        (product, face), *_ = render.label_faces(printable, chosen["size"], chosen["qr"],
                                                 products_of(chosen))
        pictures = [(say(language, "Label: %(product)s", product=product.name), face)]
    else:
        (product, front, back), *_ = render.tag_faces(printable, tag_options(chosen),
                                                      products_of(chosen))
        pictures = [(say(language, "Depan: %(product)s", product=product.name), front),
                    (say(language, "Belakang: %(product)s", product=product.name), back)]
    return [(caption, Markup(preview.svg(face, caption)))  # noqa: S704 (escaped in svg())
            for caption, face in pictures]


@bp.route("/file.pdf")
def download(slug: str):
    """The PDF; a choice that cannot be printed goes back to the page, which says why."""
    brand, chosen, printable = requested(slug)
    try:
        data = make(printable, chosen)
    except model.PrintError:
        return page(slug)
    test = "-uji" if chosen["kind"] == "labels" and chosen["guides"] else ""
    name = f"{brand.slug}-{chosen['kind']}-{chosen['size']}{test}.pdf"
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def make(printable, chosen: dict) -> bytes:
    """Render the chosen file."""
    if chosen["kind"] == "card":
        return render.render_card(printable, chosen["qr"])
    if chosen["kind"] == "labels":
        return render.render_labels(printable, chosen["size"], chosen["qr"], products_of(chosen),
                                    guides=chosen["guides"])
    return render.render_tags(printable, tag_options(chosen), products_of(chosen))
