"""Where an owner stands with a brand: six steps from profile to pack, each with its state, a
plain summary and the one thing to do next.

    progress(brand, head)  -> Progress   for the dashboard's checklist and every page's
                                         "next step" button
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from webapp.brands.service import channel_split
from webapp.classes import lights as cache
from webapp.db import get_session
from webapp.lazy import lazy
from webapp.models import Brand, BrandRevision, ChannelTemplate, PackJob, Product, StoryDraft
from webapp.photos import coach
from webapp.photos.advice import too_small_for

standing = lazy("webapp.classes.standing")  # it reads PROFILE_NEEDS from here

#: Profile answers a story and a listing need before anything else.
PROFILE_NEEDS = ("category", "city", "channels")
#: Products whose listings are checked for the lights (a trainer's brand may have hundreds).
LIGHT_PRODUCTS = 12
THUMBNAILS = 4


@dataclass(frozen=True)
class Step:
    """One step of the path: done, started or not yet, and where to go."""

    key: str
    title: str
    state: str  # "done", "started" or "todo"
    summary: str
    url: str
    action: str


@dataclass(frozen=True)
class Progress:
    """A brand's steps in order, with pictures: product thumbnails and channel lights."""

    steps: tuple[Step, ...]
    thumbnails: tuple[tuple[Product, Any], ...] = ()
    lights: tuple[tuple[str, Counter], ...] = ()
    chosen: tuple[str, ...] = field(default=())

    @property
    def next(self) -> Step | None:
        """The first step not done, or None when everything is."""
        return next((step for step in self.steps if step.state != "done"), None)

    @property
    def done(self) -> int:
        """How many steps are done."""
        return sum(step.state == "done" for step in self.steps)


def progress(brand: Brand, head: BrandRevision) -> Progress:
    """Read the brand's state and lay out its path."""
    session = get_session()
    profile = head.profile
    products = session.scalars(Product.of_brand(brand.id)).all()
    draft = session.scalar(select(StoryDraft).where(StoryDraft.brand_id == brand.id))
    chosen, _others = channel_split(brand)
    lights, pending = channel_lights(brand, profile, chosen)
    steps = (profile_step(brand, profile), story_step(brand, profile, draft),
             products_step(brand, products), photos_step(brand, products, chosen),
             channels_step(brand, products, lights, pending), pack_step(brand, products))
    thumbnails = tuple((p, p.photos[0]) for p in products if p.photos)[:THUMBNAILS]
    return Progress(steps, thumbnails, lights, tuple(chosen))


def profile_step(brand: Brand, profile: dict[str, Any]) -> Step:
    """The profile: the answers every later step reads."""
    missing = [name for name in PROFILE_NEEDS if not profile.get(name)]
    if not (profile.get("techniques") or profile.get("materials")):
        missing.append("techniques")
    labels = {"category": _("kategori"), "city": _("kota"), "channels": _("kanal penjualan"),
              "techniques": _("teknik atau bahan")}
    summary = (_("Lengkap.") if not missing else
               _("Belum diisi: %(fields)s.", fields=", ".join(labels[m] for m in missing)))
    return Step("profile", _("Profil merek"), "done" if not missing else "started", summary,
                url_for("brands.edit", slug=brand.slug), _("Lengkapi profil"))


def story_step(brand: Brand, profile: dict[str, Any], draft: StoryDraft | None) -> Step:
    """The brand story: saved to the profile, being written, or not begun."""
    url = url_for("stories.index", slug=brand.slug)
    if profile.get("story"):
        return Step("story", _("Cerita merek"), "done", _("Tersimpan di profil."), url,
                    _("Buka cerita"))
    if draft is not None:
        return Step("story", _("Cerita merek"), "started",
                    _("Sedang ditulis. Lanjutkan dari langkah terakhir."), url,
                    _("Lanjutkan cerita"))
    return Step("story", _("Cerita merek"), "todo",
                _("Jawab beberapa pertanyaan; ceritanya kami tuliskan dalam berbagai panjang."),
                url, _("Mulai cerita"))


def products_step(brand: Brand, products: list[Product]) -> Step:
    """Products: at least one."""
    url = url_for("products.create", slug=brand.slug)
    if not products:
        return Step("products", _("Produk"), "todo", _("Belum ada produk."), url,
                    _("Tambah produk"))
    summary = _("Jumlah produk: %(num)d.", num=len(products))
    return Step("products", _("Produk"), "done", summary, url, _("Tambah produk"))


def photos_step(brand: Brand, products: list[Product], chosen: list[str]) -> Step:
    """Photos: every product has at least one, and no photo carries a coach's warning."""
    bare = [product for product in products if not product.photos]
    if not products:
        return Step("photos", _("Foto"), "todo", _("Tambahkan produk dulu."),
                    url_for("products.create", slug=brand.slug), _("Tambah produk"))
    if bare:
        return Step("photos", _("Foto"), "started" if len(bare) < len(products) else "todo",
                    _("Produk tanpa foto: %(num)d.", num=len(bare)),
                    url_for("photos.manage", slug=brand.slug, product_id=bare[0].id),
                    _("Tambah foto %(name)s", name=bare[0].name))
    warned = [(product, photo) for product in products for photo in product.photos
              if photo_warned(photo, chosen)]
    if warned:
        product = warned[0][0]
        return Step("photos", _("Foto"), "started",
                    _("Foto dengan saran perbaikan: %(num)d.", num=len(warned)),
                    url_for("photos.manage", slug=brand.slug, product_id=product.id),
                    _("Periksa foto %(name)s", name=product.name))
    count = sum(len(product.photos) for product in products)
    return Step("photos", _("Foto"), "done", _("Jumlah foto: %(num)d.", num=count),
                url_for("products.index", slug=brand.slug), _("Lihat produk"))


def photo_warned(photo: Any, chosen: list[str]) -> bool:
    """True when the coach's stored measures or a chosen channel's minimum size warn about the
    photo (photos not measured yet are judged on their pages, never here: this page stays
    fast)."""
    measures = coach.Measures.from_dict(photo.measures) if photo.measures else None
    return bool((measures and coach.assess(measures)) or too_small_for(photo, chosen))


def channel_lights(brand: Brand, profile: dict[str, Any],
                   chosen: list[str]) -> tuple[tuple[tuple[str, Counter], ...], int]:
    """Per chosen channel, how many products' listings are green, amber and red, and how many
    products' lights are not known yet. Lights come from the cache the class page keeps
    (webapp.classes.lights: a row goes stale with any change its light depends on); at most
    LIGHT_PRODUCTS missing ones are worked out here, the others on later views."""
    public = bool(current_app.config.get("PUBLIC_URL"))
    products = list(standing.products_of(select(Brand.id).where(Brand.id == brand.id)).values())
    if not products:
        return (), 0
    templates = frozenset(get_session().scalars(
        select(ChannelTemplate.channel_id).where(ChannelTemplate.brand_id == brand.id)))
    inputs = {brand.id: cache.BrandInputs(brand.id, brand.head_number, profile, tuple(chosen),
                                          templates)}
    known, stale = cache.fresh_lights(
        products, inputs, cache.cached_rows(select(Product.id).where(Product.brand_id == brand.id)),
        public)
    if stale:
        known.lights.update(cache.compute_lights(stale[:LIGHT_PRODUCTS], inputs, public).lights)
    counts: dict[str, Counter] = {channel_id: Counter() for channel_id in chosen}
    for lights in known.lights.values():
        for channel_id, light in lights.items():
            if channel_id in counts:
                counts[channel_id][light] += 1
    return tuple((channel_id, counts[channel_id]) for channel_id in chosen), \
        len(products) - len(known.lights)


def channels_step(brand: Brand, products: list[Product],
                  lights: tuple[tuple[str, Counter], ...], pending: int = 0) -> Step:
    """Listings: no red light on a chosen channel, and every light known (a light still being
    worked out is never counted as fine)."""
    if not products:
        return Step("channels", _("Teks listing per kanal"), "todo", _("Tambahkan produk dulu."),
                    url_for("products.create", slug=brand.slug), _("Tambah produk"))
    red = sum(counts["red"] for _id, counts in lights)
    first = products[0]
    url = url_for("listings.overview", slug=brand.slug, product_id=first.id)
    if red:
        return Step("channels", _("Teks listing per kanal"), "started",
                    _("Listing dengan lampu merah: %(num)d.", num=red),
                    url, _("Perbaiki listing"))
    if pending:
        return Step("channels", _("Teks listing per kanal"), "started",
                    _("Lampu listing sedang dihitung: %(num)d produk.", num=pending),
                    url, _("Lihat listing"))
    return Step("channels", _("Teks listing per kanal"), "done",
                _("Tidak ada lampu merah di kanal pilihan Anda."), url, _("Lihat listing"))


def pack_step(brand: Brand, products: list[Product]) -> Step:
    """The pack: built, and newer than the last change to the brand or a product."""
    url = url_for("packs.index", slug=brand.slug)
    latest = get_session().scalar(
        select(PackJob).where(PackJob.brand_id == brand.id, PackJob.status == "done")
        .order_by(PackJob.created_at.desc(), PackJob.id.desc()).limit(1))
    if latest is None:
        return Step("pack", _("Paket listing"), "todo",
                    _("Satu ZIP berisi foto, teks, dan lembar unggah per kanal."), url,
                    _("Buat paket listing"))
    changed = max([brand.updated_at, *(product.updated_at for product in products)])
    if aware(changed) > aware(latest.created_at):
        return Step("pack", _("Paket listing"), "started",
                    _("Ada perubahan setelah paket terakhir dibuat."), url,
                    _("Buat paket baru"))
    return Step("pack", _("Paket listing"), "done", _("Paket terbaru sudah siap diunduh."),
                url_for("packs.show", slug=brand.slug, job_id=latest.id), _("Buka paket"))


def aware(moment: datetime) -> datetime:
    """SQLite returns naive UTC times; PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
