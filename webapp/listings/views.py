"""Listing pages: every channel's readiness for a product, and one channel's copy to edit."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from webapp.access import load_product
from webapp.errors import refusal_message
from webapp.formatting import long_date
from webapp.forms import ActionForm, keeps_input
from webapp.i18n import current_language
from webapp.lazy import lazy

if TYPE_CHECKING:
    from webapp.listings.channels import Channel
    from webapp.listings.completeness import Gap
    from webapp.models import Brand, Product

service = lazy("webapp.listings.service")
brands = lazy("webapp.brands.service")
channels = lazy("webapp.listings.channels")
detectors = lazy("webapp.listings.detectors")
forms = lazy("webapp.listings.forms")

bp = Blueprint("listings", __name__,
               url_prefix="/brands/<slug>/products/<id:product_id>/listings")

FIELD_LABELS = {"title": _l("Judul"), "description": _l("Deskripsi"),
                "bullets": _l("Poin-poin utama"), "hashtags": _l("Tagar"),
                "caption": _l("Caption Instagram"), "catalogue_text": _l("Teks katalog WhatsApp")}
LIGHTS = {"green": _l("Hijau: siap diunggah"), "amber": _l("Kuning: bisa diunggah, ada saran"),
          "red": _l("Merah: ada yang memblokir")}
FIELD_LIGHTS = {"green": _l("Sesuai aturan"), "amber": _l("Ada saran"),
                "red": _l("Memblokir listing")}
SEVERITIES = {"block": _l("Memblokir"), "advice": _l("Saran")}
CONFIDENCES = {"official": _l("aturan resmi kanal"),
               "third_party": _l("dari sumber lain, belum dari kanal sendiri"),
               "unverified": _l("belum kami pastikan; kami memilih batas yang aman")}
LANGUAGES = {"id": _l("Indonesia"), "en": _l("Inggris"), "both": _l("Indonesia dan Inggris")}
PRODUCT_ANCHORS = {"missing_price": "price", "missing_weight": "paket",
                   "missing_parcel_size": "paket", "partial_parcel_size": "paket",
                   "missing_stock": "stock", "missing_sku": "sku"}
PRODUCT_FIXES = {"missing_price": _l("Isi harga"), "missing_weight": _l("Isi berat"),
                 "missing_stock": _l("Isi stok"), "missing_sku": _l("Isi SKU")}
SAVED = {"saved": _l("Teks Anda disimpan. Teks ini tetap dipakai walau data produk berubah."),
         "generated": _l("Teks ini sama dengan teks otomatis, jadi teks otomatis dipakai lagi."),
         "unchanged": _l("Tidak ada yang berubah.")}
ROWS = {"title": 3, "description": 6, "bullets": 6, "hashtags": 2, "caption": 7,
        "catalogue_text": 8}


@bp.before_request
@login_required
def require_login() -> None:
    """Listings are for the brand's logged-in owner only."""


@bp.context_processor
def labels() -> dict[str, Any]:
    """The words and helpers the listing templates share."""
    return {"field_label": field_label, "LIGHTS": LIGHTS, "FIELD_LIGHTS": FIELD_LIGHTS,
            "SEVERITIES": SEVERITIES, "CONFIDENCES": CONFIDENCES, "COPY_LANGUAGES": LANGUAGES,
            "ROWS": ROWS, "source_host": source_host, "checked_date": checked_date,
            "gap_link": gap_link, "gap_fix": gap_fix, "text_length": detectors.text_length,
            "lang": current_language()}


def field_label(channel: Channel, field: str) -> str:
    """Return a field's name as the page shows it; Etsy's tags are tags, not hashtags."""
    if field == "hashtags" and service.tag_style(channel) == "tags":
        return _("Tag")
    return str(FIELD_LABELS[field])


def source_host(url: str) -> str:
    """Return the site a rule's source is on, as the link's text."""
    return urlsplit(url).hostname or url


def checked_date(iso: str) -> str:
    """Return the date a figure was checked in the user's language."""
    try:
        return long_date(date.fromisoformat(iso), current_language())
    except ValueError:
        return iso


def gap_link(gap: Gap, brand: Brand, product: Product, channel: Channel) -> str:
    """Return where the owner fixes a gap: the product form, the photos, or the field itself."""
    if gap.code == "no_photo_links":
        return url_for("listings.channel", slug=brand.slug, product_id=product.id,
                       channel_id=channel.id)
    if gap.field == "photos":
        return url_for("photos.manage", slug=brand.slug, product_id=product.id)
    if gap.code == "no_template_for_category":
        return url_for("packs.templates", slug=brand.slug, _anchor=channel.id)
    if gap.field == "category":
        return url_for("products.edit", slug=brand.slug, product_id=product.id,
                       _anchor="kategori-kanal")
    if gap.field == "product":
        return url_for("products.edit", slug=brand.slug, product_id=product.id,
                       _anchor=PRODUCT_ANCHORS.get(gap.code))
    field = gap.field
    if field == "caption" and "catalogue_text" in service.fields_of(channel):
        field = "catalogue_text"
    return url_for("listings.channel", slug=brand.slug, product_id=product.id,
                   channel_id=channel.id, _anchor=f"field-{field}")


def gap_fix(gap: Gap) -> str:
    """Return the text of the link to a gap's fix: what to do, in the user's language."""
    if gap.code in PRODUCT_FIXES:
        return str(PRODUCT_FIXES[gap.code])
    return gap.fix_message(current_language()) or _("Perbaiki")


def load_channel(channel_id: str, field: str | None = None) -> Channel:
    """Return the channel, or answer 404 for an unknown channel or a field it does not have."""
    try:
        channel = channels.get_channel(channel_id)
    except channels.UnknownChannelError:
        abort(404)
    if field is not None and field not in service.fields_of(channel):
        abort(404)
    return channel


def channel_url(brand: Brand, product: Product, channel: Channel, language: str | None,
                anchor: str | None = None) -> str:
    """Return a channel page's address, keeping a chosen copy language."""
    chosen = language if language in service.languages_of(channel)[1:] else None
    return url_for("listings.channel", slug=brand.slug, product_id=product.id,
                   channel_id=channel.id, language=chosen, _anchor=anchor)


@bp.route("/")
def overview(slug: str, product_id: int):
    """Every channel's traffic light, completeness and what to fix."""
    brand, product = load_product(slug, product_id)
    copies = service.all_channel_copies(brand, product)
    chosen = set(brands.head_revision(brand).profile.get("channels") or [])
    mine = [copy for copy in copies if copy.channel.id in chosen] or copies
    others = [copy for copy in copies if copy not in mine]
    return render_template("listings/overview.html", brand=brand, product=product, copies=mine,
                           others=others)


@bp.route("/<channel_id>")
def channel(slug: str, product_id: int, channel_id: str):
    """One channel's copy, field by field, with counters and the checker's findings."""
    brand, product = load_product(slug, product_id)
    channel = load_channel(channel_id)
    copy = service.channel_copy(brand, product, channel, request.args.get("language"))
    return render_channel(brand, product, copy)


@bp.route("/<channel_id>/<field>", methods=["POST"])
@keeps_input
def save(slug: str, product_id: int, channel_id: str, field: str):
    """Keep the owner's text for one field; an over-limit text is kept and flagged, never cut."""
    brand, product = load_product(slug, product_id)
    channel = load_channel(channel_id, field)
    language = request.args.get("language")
    form = forms.CopyForm()
    if form.validate_on_submit():
        try:
            outcome = service.save_copy(brand, product, channel, field, form.text.data or "",
                                        language)
        except service.ListingError as error:
            form.refuse(refusal_message(error))
        else:
            flash(str(SAVED[outcome]), "success")
            return redirect(channel_url(brand, product, channel, language, f"field-{field}"))
    copy = service.channel_copy(brand, product, channel, language)
    return render_channel(brand, product, copy, typed={field: form.text.data or ""},
                          errors={field: [*form.form_errors, *form.text.errors]}), form.status


@bp.route("/<channel_id>/<field>/reset", methods=["POST"])
def reset(slug: str, product_id: int, channel_id: str, field: str):
    """Remove the owner's edit of one field so the written copy shows again."""
    brand, product = load_product(slug, product_id)
    channel = load_channel(channel_id, field)
    if not ActionForm().validate_on_submit():
        abort(400)
    if service.reset_copy(product, channel, field):
        flash(_("Teks otomatis dipakai lagi."), "success")
    language = request.args.get("language")
    return redirect(channel_url(brand, product, channel, language, f"field-{field}"))


def render_channel(brand: Brand, product: Product, copy: service.ChannelCopy,
                   typed: dict[str, str] | None = None,
                   errors: dict[str, list[str]] | None = None) -> str:
    """Draw a channel page; typed text that could not be saved is shown as the owner left it."""
    chosen = copy.language if copy.language != copy.channel.language else None
    return render_template("listings/channel.html", brand=brand, product=product, copy=copy,
                           channel=copy.channel, typed=typed or {}, errors=errors or {},
                           chosen_language=chosen,
                           languages=service.languages_of(copy.channel))
