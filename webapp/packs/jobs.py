"""The pack job: render every photo for every channel, write the copy, build the ZIP.

Runs in a background thread or an RQ worker (webapp.jobs), always inside an app context. Progress
and the outcome are written to the PackJob row; the ZIP is written to a temporary file and renamed
into place only when complete, so no partial pack is ever served.
"""

from __future__ import annotations

import errno
import logging
import os
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from webapp.brands.profile import normalise_whatsapp
from webapp.db import get_session, transaction
from webapp.formatting import local_date
from webapp.i18n import brand_timezone
from webapp.listings import service as listings
from webapp.listings.channels import Channel, get_channel
from webapp.media import MediaStore, media_store
from webapp.models import Brand, ChannelTemplate, PackJob, Photo, Product, utcnow
from webapp.packs.builder import (
    ChannelCopy,
    PackChannel,
    PackImage,
    PackInput,
    PackProduct,
    PackTemplate,
    build_pack,
)
from webapp.packs.overview import folder_contents
from webapp.packs.service import claim, prune_packs, remove_dead_leftovers, remove_leftovers
from webapp.photos.links import public_image_url
from webapp.photos.renditions import brand_watermark, preset_for_slot, rendition
from webapp.text import say
from webapp.vocab import vocabulary

log = logging.getLogger(__name__)


def app_version() -> str:
    """The installed version of Studio Cerita."""
    try:
        return version("studio-cerita")
    except PackageNotFoundError:
        return "0.0.0"


def build_pack_job(job_id: int) -> None:
    """Build the pack of job_id and record the outcome on the job."""
    store = media_store()
    remove_dead_leftovers(store)
    if not claim(job_id):
        return  # finished, or another runner has it
    job = get_session().get(PackJob, job_id)
    remove_leftovers(job_id, store)
    temporary = None
    try:
        pack = pack_input(job.brand_id, job.revision_number, job.options, store)
        with store.temporary("packs", f"pack{job_id}") as handle:
            temporary = handle.name
            manifest = build_pack(pack, handle,
                                  progress=lambda done, total: report(job_id, done, total))
            handle.flush()
        name = store.adopt("packs", temporary, "zip")
        temporary = None
        mark(job_id, status="done", result=name, result_bytes=store.path("packs", name)
             .stat().st_size, finished_at=utcnow(), error="",
             readiness=readiness_with_folders(pack, manifest))
        keep_newest_packs(job.brand_id, store)
    except Exception as error:  # every failure ends the job with a reason; none is lost
        log.exception("pack job %s failed", job_id)
        mark(job_id, status="failed", error=error_code(error), finished_at=utcnow())
    finally:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)


def readiness_with_folders(pack: PackInput, manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest's readiness per channel, each with what its folder holds ("folder"), for
    the pack page's grid."""
    folders = folder_contents(pack, [entry["path"] for entry in manifest.get("files", [])])
    return {channel_id: {**state, "folder": folders.get(channel_id, {})}
            for channel_id, state in manifest.get("readiness", {}).items()}


def keep_newest_packs(brand_id: int, store: MediaStore) -> None:
    """Expire the brand's older packs; a failure here never fails the pack just built."""
    try:
        prune_packs(brand_id, current_app.config["PACKS_KEPT_PER_BRAND"], store)
    except Exception:
        log.exception("expiring old packs of brand %s failed", brand_id)


def error_code(error: BaseException) -> str:
    """A code the pack page turns into a plain reason."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "disk_full"
    if isinstance(error, FileNotFoundError):
        return "photo_missing"
    return "failed"


def mark(job_id: int, **values: Any) -> None:
    """Write values to the job row in their own short transaction."""
    with transaction() as session:
        session.execute(update(PackJob).where(PackJob.id == job_id).values(**values))


def report(job_id: int, done: int, total: int) -> None:
    """Record progress and a heartbeat (a silent job is shown as interrupted)."""
    mark(job_id, done=done, total=total, heartbeat_at=utcnow())


def pack_input(brand_id: int, revision_number: int, options: dict[str, Any],
               store: MediaStore, templates: dict[str, PackTemplate] | None = None) -> PackInput:
    """Gather everything the pack holds, from the given revision of the brand; templates given
    (by channel id) are filled instead of the brand's uploaded ones."""
    session = get_session()
    brand = session.get(Brand, brand_id)
    revision = session.scalar(brand.revision_query(revision_number))
    profile = revision.profile
    language = options["language"]
    zone = brand_timezone(profile, brand.owner.timezone)
    channels = [get_channel(channel_id) for channel_id in options["channels"]]
    products = session.scalars(select(Product).where(Product.id.in_(options["products"]),
                                                     Product.brand_id == brand.id)
                               .order_by(Product.id)).all()
    colours = profile.get("colours") or []
    brand_colour = colours[0] if colours else None
    watermark = brand_watermark(profile, store)
    public = bool(options.get("public_links"))  # links are '' when PUBLIC_URL is unset
    given = {**pack_templates(brand.id, options["channels"], store), **(templates or {})}
    has_url = bool(current_app.config.get("PUBLIC_URL"))
    setup = listings.Setup(frozenset(given), public and has_url, has_url)
    slugs: set[str] = set()
    packed = []
    for number, product in enumerate(products, start=1):
        slug = product_slug(number, product.name, slugs)
        packed.append(pack_product(product, slug, channels, profile, language, store,
                                   (brand_colour, watermark), public, setup))
    story = story_pieces(profile)
    logo = store.read("logos", profile["logo"]) if profile.get("logo") and store.exists(
        "logos", profile["logo"]) else None
    return PackInput(
        brand_slug=brand.slug, brand_name=profile.get("name") or brand.slug,
        revision_number=revision.number, revision_date=local_date(revision.created_at, zone),
        revision_at=revision.created_at, zone=zone,
        app_version=app_version(), language=language,
        channels=tuple(PackChannel.from_channel(channel) for channel in channels),
        products=tuple(packed), story=story, logo_png=logo, brand_link=brand_link(profile),
        templates=given, colours=tuple(colours),
        prints=print_files(brand, options["products"], language) if options.get("prints") else {})


def print_files(brand: Brand, product_ids: list[int], language: str) -> dict[str, Any]:
    """The pack's cetak/ folder: hang tags, the story card and labels, their QR codes leading to
    the brand's WhatsApp (else Instagram, else website); a file that cannot be made is left out
    and BACA.txt says which and why (text is never cut)."""
    from webapp.prints import facts, render
    from webapp.prints.model import PrintError, TagOptions

    printable = facts.brand_print(brand, language)
    kind = next((kind for kind, link in (("whatsapp", printable.whatsapp),
                                         ("instagram", printable.instagram),
                                         ("shop", printable.website)) if link), None)
    note = say(language, "File cetak dibuat dari profil dan produk merek ini. Cetak pada ukuran "
                         "asli (skala 100); hang tag dicetak bolak-balik, balik pada sisi panjang.")
    note += "\n" + say(language, "label-a4.pdf untuk lembar A4 berisi 24 label 70 × 37 mm "
                                 "(3 × 8), atau kertas stiker A4 polos yang dipotong sendiri. "
                                 "Untuk lembar label lain, buat labelnya di halaman Cetak.")
    if kind is None:
        note = say(language, "File cetak belum dibuat: kode QR perlu tujuan. Isi nomor WhatsApp, "
                             "Instagram, atau situs web di profil merek, lalu buat paket lagi.")
        return {"BACA.txt": lambda: (note + "\n").encode("utf-8")}
    makers = {"hang-tag-5x9.pdf": lambda: render.render_tags(
                  printable, TagOptions(qr=kind), product_ids),
              "kartu-cerita-a6.pdf": lambda: render.render_card(printable, kind),
              "label-a4.pdf": lambda: render.render_labels(printable, "a4_3x8", kind,
                                                           product_ids)}
    files, left_out = {}, []
    for name, make in makers.items():
        try:
            data = make()
        except PrintError as error:
            left_out.append(f"- {name}: {error}")
            continue
        files[name] = lambda data=data: data
    if left_out:
        note += "\n\n" + say(language, "Tidak dibuat (tidak ada teks yang dipotong):") + "\n"
        note += "\n".join(left_out)
    files["BACA.txt"] = lambda note=note: (note + "\n").encode("utf-8")
    return files


def pack_templates(brand_id: int, channel_ids: list[str],
                   store: MediaStore) -> dict[str, PackTemplate]:
    """The owner's uploaded templates for the pack's channels, with the couriers chosen."""
    rows = get_session().scalars(select(ChannelTemplate).where(
        ChannelTemplate.brand_id == brand_id, ChannelTemplate.channel_id.in_(channel_ids)))
    return {row.channel_id: PackTemplate(data=store.read("templates", row.stored),
                                         file_name=row.file_name, note=row.note,
                                         couriers=tuple(row.couriers or ()))
            for row in rows if store.exists("templates", row.stored)}


def brand_link(profile: dict[str, Any]) -> str:
    """Where buyers can order: the brand's website, else a WhatsApp chat link (wa.me)."""
    if profile.get("website"):
        return profile["website"]
    number = normalise_whatsapp(profile.get("whatsapp") or "")
    return f"https://wa.me/{number.lstrip('+')}" if number else ""


def product_slug(number: int, name: str, taken: set[str]) -> str:
    """An ascii folder name for a product, unique in the pack: 01-kain-batik-tulis."""
    from slugify import slugify

    slug = f"{number:02d}-{slugify(name, max_length=40, word_boundary=True) or 'produk'}"
    taken.add(slug)
    return slug


def pack_product(product: Product, slug: str, channels: list[Channel], profile: dict[str, Any],
                 language: str, store: MediaStore, look: tuple[Any, Any],
                 public: bool = False, setup: Any = None) -> PackProduct:
    """A product's photos (rendered lazily, cached) and copy for every chosen channel, with
    everything that still blocks it on each channel (setup: what the brand set up there)."""
    photos = sorted(product.photos, key=lambda photo: photo.position)
    facts = (listings.product_facts(product), listings.brand_facts(profile), len(photos))
    edits = listings.load_edits(product.id)
    images: dict[str, tuple[PackImage, ...]] = {}
    copies: dict[str, ChannelCopy] = {}
    for channel in channels:
        written = listings.copy_for(channel, facts, language, edits.get(channel.id, {}),
                                    setup or listings.Setup())
        copies[channel.id] = ChannelCopy.from_listing(
            written.listing, open_findings(written, language),
            ready=written.readiness.light != "red")
        limit = channel.images.max.value if channel.images and channel.images.max else None
        images[channel.id] = tuple(channel_image(photo, channel, store, look, public)
                                   for photo in photos[:limit])
    return PackProduct(
        slug=slug, name=product.name, sku=product.sku, price=product.price,
        stock=product.stock, weight_g=product.weight_g, length_cm=product.length_cm,
        width_cm=product.width_cm, height_cm=product.height_cm,
        parcel_weight_g=product.parcel_weight_g, parcel_length_cm=product.parcel_length_cm,
        parcel_width_cm=product.parcel_width_cm, parcel_height_cm=product.parcel_height_cm,
        link=product.link or "", categories=dict(product.categories or {}),
        category=category_label(product.category, language),
        colours=tuple(product.colours), sizes=tuple(product.sizes),
        variants=tuple(product.variants), made_to_order_days=product.made_to_order_days,
        images=images, copy=copies)


def open_findings(written: Any, language: str) -> list[str]:
    """What still blocks a product on a channel, in the pack's language: the text's blocking
    findings and every blocking gap (photos, parcel, category, photo links); and the photos a
    channel leaves out (it takes only its first ones), which the checklist names."""
    readiness = written.readiness
    found = [finding.message(language) for findings in readiness.findings.values()
             for finding in findings if finding.severity == "block"]
    found += [gap.message(language) for gap in readiness.missing if gap.severity == "block"]
    found += [gap.message(language) for gap in readiness.missing
              if gap.code == "too_many_photos"]
    return list(dict.fromkeys(found))


def category_label(category_id: str, language: str) -> str:
    """The readable name of a product's category (vocabulary id) for sheets and the index."""
    term = vocabulary().get("categories", category_id) if category_id else None
    return term.label(language) if term else category_id


def channel_image(photo: Photo, channel: Channel, store: MediaStore,
                  look: tuple[Any, Any], public: bool = False) -> PackImage:
    """A lazily rendered photo for the channel: the main preset for slot 1, else gallery.
    With public, it carries its public link for the bulk-upload sheets."""
    slot = photo.position + 1
    target = preset_for_slot(channel, slot)
    url = public_image_url(photo.id, channel.id) if public else ""

    def load() -> bytes:
        name, _result = rendition(store, photo, target, *look)
        return store.read("renditions", name)

    extension = "png" if target.format == "PNG" else "jpg"
    return PackImage(slot=slot, data=load, extension=extension, width=target.width,
                     height=target.height, url=url, source=photo.id)


def story_pieces(profile: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The story's final texts per language, from the revision's story field."""
    story = profile.get("story") if isinstance(profile.get("story"), dict) else {}
    result = {}
    for language in ("id", "en"):
        texts = {name: text for name, text in listings.story_pieces(story, language).items()
                 if text.strip()}
        if texts:
            result[language] = texts
    return result

