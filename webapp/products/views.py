"""Product pages: list, create, show, edit, duplicate, delete (with confirmation)."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from webapp.access import load_brand, load_product
from webapp.db import get_session
from webapp.errors import refusal_message
from webapp.forms import ActionForm, keeps_input
from webapp.i18n import current_language
from webapp.lazy import lazy

service = lazy("webapp.products.service")
brands = lazy("webapp.brands.service")
forms = lazy("webapp.products.forms")
uploads = lazy("webapp.packs.uploads")
renditions = lazy("webapp.photos.renditions")
models = lazy("webapp.models")

bp = Blueprint("products", __name__, url_prefix="/brands/<slug>/products")


@bp.before_request
@login_required
def require_login() -> None:
    """Every product page is for the brand's logged-in owner only."""


def product_form(brand):
    """The product form, with a category field per channel whose uploaded template lists its
    categories, and those lists (for the page's searchable suggestions)."""
    lists = uploads.category_lists(brand)
    return forms.product_form(current_language(), lists), lists


@bp.route("/")
def index(slug: str):
    """The brand's products with their main photos."""
    brand = load_brand(slug)
    products = get_session().scalars(models.Product.of_brand(brand.id)).all()
    return render_template("products/index.html", brand=brand, products=products)


@bp.route("/new", methods=["GET", "POST"])
@keeps_input
def create(slug: str):
    """Add a product."""
    brand = load_brand(slug)
    form, lists = product_form(brand)
    if not form.is_submitted():
        form.create_token.data = secrets.token_urlsafe(18)
        start_from_brand(form, brand)
    if form.validate_on_submit():
        data, filled = service.with_care_notes(form.product_data(), current_language())
        try:
            product, created = service.create_product_once(brand, data,
                                                           form.create_token.data or None)
        except service.ProductError as error:
            form.refuse(refusal_message(error))
        else:
            flash(_("Produk %(name)s tersimpan.", name=product.name), "success")
            if filled and created:
                flash(_("Cara merawat diisi dari catatan perawatan bahan dan tekniknya. "
                        "Periksa lalu ubah bila perlu."), "info")
            return redirect(url_for("products.show", slug=slug, product_id=product.id))
    return render_template("products/form.html", brand=brand, form=form, product=None,
                           lists=lists), form.status


def start_from_brand(form, brand) -> None:
    """Fill a new product's form with what the brand's profile already says, and say so."""
    defaults = service.brand_defaults(brands.head_revision(brand).profile)
    for name, value in defaults.items():
        form[name].data = value
    if defaults:
        labels = [str(form[name].label.text).lower() for name in defaults]
        flash(_("Dari profil merek sudah terisi: %(fields)s. Ubah bila produk ini berbeda.",
                fields=", ".join(labels)), "info")


@bp.route("/<id:product_id>")
def show(slug: str, product_id: int):
    """One product with its details."""
    brand, product = load_product(slug, product_id)
    chosen, _others = brands.channel_split(brand)
    previews = renditions.main_presets()
    return render_template("products/show.html", brand=brand, product=product,
                           channels=[p for p in previews if p[0].id in chosen],
                           other_channels=[p for p in previews if p[0].id not in chosen])


@bp.route("/<id:product_id>/edit", methods=["GET", "POST"])
@keeps_input
def edit(slug: str, product_id: int):
    """Change a product."""
    brand, product = load_product(slug, product_id)
    form, lists = product_form(brand)
    if not form.is_submitted():
        form.fill_from(product)
    elif form.validate_on_submit():
        data, filled = service.with_care_notes(form.product_data(), current_language())
        service.update_product(product, data)
        flash(_("Perubahan produk tersimpan."), "success")
        if filled:
            flash(_("Cara merawat diisi dari catatan perawatan bahan dan tekniknya. "
                    "Periksa lalu ubah bila perlu."), "info")
        return redirect(url_for("products.show", slug=slug, product_id=product.id))
    return render_template("products/form.html", brand=brand, form=form, product=product,
                           lists=lists), (
        form.status)


@bp.route("/<id:product_id>/duplicate", methods=["POST"])
def duplicate(slug: str, product_id: int):
    """Copy a product, photos included, and open the copy."""
    _brand, product = load_product(slug, product_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    copy = service.duplicate_product(product, _("salinan"))
    flash(_("Salinan produk dibuat. Ubah nama dan detailnya di sini."), "success")
    return redirect(url_for("products.edit", slug=slug, product_id=copy.id))


@bp.route("/<id:product_id>/delete", methods=["GET", "POST"])
def delete(slug: str, product_id: int):
    """Ask for confirmation, then delete the product."""
    brand, product = load_product(slug, product_id)
    form = ActionForm()
    if form.validate_on_submit():
        name = product.name
        service.delete_product(product)
        flash(_("Produk %(name)s dihapus.", name=name), "success")
        return redirect(url_for("products.index", slug=slug))
    return render_template("products/delete.html", brand=brand, product=product, form=form), (
        form.status)
