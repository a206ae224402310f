"""The listing pack: one reproducible ZIP with every channel's photos, copy and upload sheets.

`build_pack(pack, out)` writes the ZIP to a binary file object and returns its manifest. Layout:

    <channel>/<product>/01-utama.jpg, 02.jpg ...   photos in slot order, already rendered
    <channel>/<product>/judul.txt deskripsi.txt tagar.txt poin.txt caption.txt katalog.txt
    <channel>/<channel>.csv                         every channel: the sheet data as CSV
    <channel>/PERIKSA.txt                           checklist: what goes where, open findings
    shopee/shopee-template-terisi.xlsx              the owner's own seller centre template
    tiktok_shop/tiktok-shop-template-terisi.xlsx    (PackInput.templates), filled by key;
    tokopedia/tokopedia-template-terisi.xlsx        without one, a helper sheet instead:
    shopee/shopee-lembar-bantu.xlsx ...             its columns (webapp/data/sheets/*.toml)
    facebook/katalog-meta.xlsx                      Meta's catalogue feed, to read
    cerita/id/<piece>.txt, cerita/en/<piece>.txt, cerita/logo.png
    cetak/hang-tag-5x9.pdf, kartu-cerita-a6.pdf, label-a4.pdf, BACA.txt   when asked
    index.html                                      offline overview with previews
    manifest.json                                   format, brand revision, files with SHA-256

This module holds the input, its checks and the ZIP; the modules beside it write the files:
files.py (names, clean text, fixed ZIP entries), sheets/ (the upload sheets, and filling the
owner's template through workbooks/), checklist.py (PERIKSA.txt) and overview.py (index.html).

Why the ZIP looks the way it does:
- Entry names come only from channel ids, product slugs (checked: ascii, unique), slot numbers,
  story piece ids and fixed names; anything else is refused with PackInputError.
- An owner's template is filled once per pack and only its data sheet changes: every other part
  of it stays as the seller centre made it. A template that cannot be read is not fatal: the
  channel gets its helper sheet and the checklist says why.
- Reproducible: entries in sorted order (manifest.json last, since it lists the others' hashes),
  every entry dated the brand revision's day at 00:00, Unix mode 0644, and stored uncompressed.
  Storing means the bytes do not depend on the zlib build of the worker that made the pack;
  photos, which are nearly all of a pack, do not compress anyway.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import quote

from webapp.formatting import date_time, long_date
from webapp.packs import sheets
from webapp.packs.checklist import checklist, links_photos
from webapp.packs.files import (
    CHECKLIST,
    FORMAT_VERSION,
    INDEX,
    LOGO,
    MANIFEST,
    MAX_SLOT,
    STORY_DIR,
    paste_file,
    plain,
    product_texts,
    zip_info,
)
from webapp.packs.overview import index_html

if TYPE_CHECKING:
    from webapp.listings.channels import Channel
    from webapp.listings.copywriter import Listing

__all__ = ["FORMAT_VERSION", "ChannelCopy", "PackChannel", "PackImage", "PackInput",
           "PackInputError", "PackProduct", "PackTemplate", "build_pack", "check_entry",
           "content_disposition", "download_name"]

LANGUAGES = ("id", "en")
IMAGE_EXTENSIONS = {"jpg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",)}
CHANNEL_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 80
PIECE_ID = re.compile(r"[a-z][a-z0-9_]{0,59}")
ENTRY_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
ENTRY_MAX = 240

ImageData = bytes | Callable[[], bytes]


class PackInputError(ValueError):
    """The pack input cannot be packed safely; the message says what is wrong."""


# --- input ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PackImage:
    """One photo already rendered for a channel's preset; slot 1 is the main photo.

    data is the encoded bytes, or a function returning them: a pack of many products need not
    hold every photo in memory, and rendering inside the loader makes progress honest."""

    slot: int
    data: ImageData = field(repr=False)
    extension: str = "jpg"
    width: int = 0
    height: int = 0
    url: str = ""  # its public link, when the pack links photos for bulk-upload sheets
    source: int | None = None  # the photo it was rendered from (the pack page shows it)

    def read(self) -> bytes:
        """Return the encoded photo."""
        data = self.data() if callable(self.data) else self.data
        if not isinstance(data, bytes | bytearray):
            raise PackInputError(f"photo {self.slot}: the loader returned no bytes")
        return bytes(data)

    @property
    def file_name(self) -> str:
        """Return the photo's entry name inside its product folder."""
        suffix = "-utama" if self.slot == 1 else ""
        return f"{self.slot:02d}{suffix}.{self.extension}"


@dataclass(frozen=True)
class PackChannel:
    """A channel in the pack: its id (folder name), display name, copy language and tag style."""

    id: str
    name: str
    language: str = "id"
    hashtag_style: str = "hashtag"  # "tags" for Etsy: phrases without '#', comma-separated

    @classmethod
    def from_channel(cls, channel: Channel) -> PackChannel:
        """Return the pack's view of a channels.toml channel."""
        style = channel.hashtags.style if channel.hashtags is not None else "hashtag"
        return cls(channel.id, channel.name, channel.language, style)


@dataclass(frozen=True)
class ChannelCopy:
    """A product's copy for one channel (generated or edited), with the open findings in plain
    language for the checklist."""

    channel_id: str
    language: str = "id"
    title: str = ""
    description: str = ""
    bullets: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    caption: str = ""
    catalogue_text: str = ""
    findings: tuple[str, ...] = ()
    ready: bool = True  # nothing blocks the product on the channel (the findings may advise)

    @classmethod
    def from_listing(cls, listing: Listing, findings: Sequence[str] = (),
                     ready: bool = True) -> ChannelCopy:
        """Return the copy of a copywriter Listing; findings are already-translated messages."""
        return cls(listing.channel, listing.language, listing.title, listing.description,
                   tuple(listing.bullets), tuple(listing.hashtags), listing.caption,
                   listing.catalogue_text, tuple(findings), ready)


@dataclass(frozen=True)
class PackProduct:
    """A product with its photos and copy per channel id.

    slug names its folders (ascii, unique in the pack); name and every other text are shown and
    written into files and sheets, never used in a path. variants are dicts with the keys
    colour, size, stock, price and sku (models.Product.variants)."""

    slug: str
    name: str
    sku: str = ""
    price: int | None = None
    stock: int | None = None
    weight_g: int | None = None
    length_cm: float | None = None
    width_cm: float | None = None
    height_cm: float | None = None
    # The parcel as shipped (grams, centimetres): what couriers and sheets want.
    parcel_weight_g: int | None = None
    parcel_length_cm: float | None = None
    parcel_width_cm: float | None = None
    parcel_height_cm: float | None = None
    link: str = ""  # the product's own page, if the owner gave one
    # The channel's own category value per channel id, as its template lists it.
    categories: Mapping[str, str] = field(default_factory=dict)
    category: str = ""
    colours: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    variants: tuple[Mapping[str, Any], ...] = ()
    made_to_order_days: int | None = None
    images: Mapping[str, tuple[PackImage, ...]] = field(default_factory=dict)
    copy: Mapping[str, ChannelCopy] = field(default_factory=dict)


@dataclass(frozen=True)
class PackInput:
    """Everything one pack holds, from one brand revision."""

    brand_slug: str
    brand_name: str
    revision_number: int
    revision_date: date  # the revision's day in the brand's time zone
    app_version: str
    language: str
    channels: tuple[PackChannel, ...]
    products: tuple[PackProduct, ...]
    story: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    logo_png: bytes | None = field(default=None, repr=False)
    # Where buyers can order: the brand's website, else its WhatsApp chat link (Meta's catalogue
    # feed needs a link per product).
    brand_link: str = ""
    # The owner's own bulk-upload templates, by channel id: filled instead of a helper sheet.
    templates: Mapping[str, PackTemplate] = field(default_factory=dict)
    # When the revision was saved, and the brand's time zone (its province's) to say it in.
    revision_at: datetime | None = None
    zone: str = "Asia/Jakarta"
    # The brand's colours, [primary, secondary] as "#rrggbb": index.html is drawn in them.
    colours: tuple[str, ...] = ()
    # Print files for cetak/ (file name -> a function returning the PDF or text), when asked.
    prints: Mapping[str, Callable[[], bytes]] = field(default_factory=dict)

    def revision_when(self) -> str:
        """The revision's moment as the owner reads it ("7 Desember 2026, 07.43 WIB"), or its
        day when the moment is not known."""
        if self.revision_at is None:
            return long_date(self.revision_date, self.language)
        return date_time(self.revision_at, self.language, self.zone)


@dataclass(frozen=True)
class PackTemplate:
    """A seller centre's template the owner uploaded, and the brand's choices for it."""

    data: bytes = field(repr=False)
    file_name: str = ""
    note: str = ""
    couriers: tuple[str, ...] = ()  # the template's courier keys the brand ships with


# --- validation -----------------------------------------------------------------------------------

def check_input(pack: PackInput) -> None:
    """Refuse input that would give unsafe names, a broken ZIP or a silently incomplete pack."""
    if pack.language not in LANGUAGES:
        raise PackInputError(f"language must be one of {', '.join(LANGUAGES)}")
    if not isinstance(pack.revision_date, date):
        raise PackInputError("revision_date must be a date")
    if not (isinstance(pack.revision_number, int) and pack.revision_number >= 0):
        raise PackInputError("revision_number must be a whole number")
    check_slug(pack.brand_slug, "brand slug")
    check_channels(pack.channels)
    check_products(pack.products, [channel.id for channel in pack.channels])
    check_story(pack.story)
    check_templates(pack)
    if pack.logo_png is not None and not pack.logo_png.startswith(IMAGE_EXTENSIONS["png"][0]):
        raise PackInputError("the logo is not a PNG")


def check_channels(channels: Sequence[PackChannel]) -> None:
    """Refuse no channel, a channel id that is not a safe folder name, and a repeated one."""
    if not channels:
        raise PackInputError("a pack needs at least one channel")
    for channel in channels:
        if not isinstance(channel.id, str) or not CHANNEL_ID.fullmatch(channel.id):
            raise PackInputError(f"channel id {channel.id!r} must be lowercase letters, "
                                 "digits and _")
        if channel.id == STORY_DIR:
            raise PackInputError(f"channel id {channel.id!r} is reserved")
    channel_ids = [channel.id for channel in channels]
    if len(set(channel_ids)) != len(channel_ids):
        raise PackInputError("a channel is listed twice")


def check_products(products: Sequence[PackProduct], channel_ids: Sequence[str]) -> None:
    """Refuse unsafe or repeated slugs, missing copy and bad photo slots."""
    for product in products:
        check_slug(product.slug, "product slug")
        for channel_id in channel_ids:
            if product.copy.get(channel_id) is None:
                raise PackInputError(f"product {product.slug}: no copy for channel {channel_id}")
            check_images(product, channel_id)
    slugs = [product.slug for product in products]
    if len(set(slugs)) != len(slugs):
        raise PackInputError("two products share a slug")


def check_templates(pack: PackInput) -> None:
    """Refuse a template that is not bytes, or couriers that are not keys (a template for a
    channel the pack does not hold is simply not used)."""
    for channel_id, template in pack.templates.items():
        if not isinstance(template, PackTemplate) or not isinstance(template.data, bytes):
            raise PackInputError(f"the template of {channel_id} is not a PackTemplate of bytes")
        if not all(isinstance(key, str) for key in template.couriers):
            raise PackInputError(f"the couriers of {channel_id}'s template must be keys")


def check_story(story: Mapping[str, Mapping[str, str]]) -> None:
    """Refuse a story language or piece id that would not be a safe entry name."""
    for language, pieces in story.items():
        if language not in LANGUAGES:
            raise PackInputError(f"story language {language!r} must be one of "
                                 f"{', '.join(LANGUAGES)}")
        for piece in pieces:
            if not isinstance(piece, str) or not PIECE_ID.fullmatch(piece):
                raise PackInputError(f"story piece {piece!r} must be lowercase letters, "
                                     "digits and _")


def check_slug(slug: Any, what: str) -> None:
    """Refuse a slug that is not lowercase ascii words joined by '-'."""
    if not isinstance(slug, str) or len(slug) > SLUG_MAX or not SLUG.fullmatch(slug):
        raise PackInputError(f"{what} {slug!r} must be lowercase ascii letters and digits "
                             "joined by '-'")


def check_images(product: PackProduct, channel_id: str) -> None:
    """Refuse photo slots that are missing, repeated or out of range, and unknown formats."""
    images = product.images.get(channel_id, ())
    slots = [image.slot for image in images]
    for image in images:
        if not isinstance(image.slot, int) or isinstance(image.slot, bool) \
                or not 1 <= image.slot <= MAX_SLOT:
            raise PackInputError(f"product {product.slug}, {channel_id}: photo slot "
                                 f"{image.slot!r} must be 1 to {MAX_SLOT}")
        if image.extension not in IMAGE_EXTENSIONS:
            raise PackInputError(f"product {product.slug}, {channel_id}: photo format "
                                 f"{image.extension!r} is not jpg or png")
    if len(set(slots)) != len(slots):
        raise PackInputError(f"product {product.slug}, {channel_id}: two photos share a slot")


def checked_image(image: PackImage, where: str) -> bytes:
    """Return the photo's bytes after checking they are the format the name says."""
    data = image.read()
    if not data.startswith(IMAGE_EXTENSIONS[image.extension]):
        raise PackInputError(f"{where}: the bytes are not a {image.extension} file")
    return data


def check_entry(path: str) -> str:
    """Return path if it is a safe ZIP entry name: relative, ascii, no '.' or '..' segment, each
    segment letters, digits, '.', '_' or '-'; raise PackInputError otherwise."""
    if (not path or len(path) > ENTRY_MAX or path.startswith("/") or "\\" in path
            or not path.isascii()):
        raise PackInputError(f"unsafe entry name {path!r}")
    for segment in path.split("/"):
        if segment in ("", ".", "..") or not ENTRY_SEGMENT.fullmatch(segment) or ".." in segment:
            raise PackInputError(f"unsafe entry name {path!r}")
    return path



# --- the pack's files ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """A file of the pack: its name and how to make its bytes (photos last until written)."""

    path: str
    make: Callable[[], bytes]
    photo: bool = False


def sorted_images(product: PackProduct, channel_id: str) -> list[PackImage]:
    """Return a product's photos for a channel in slot order."""
    return sorted(product.images.get(channel_id, ()), key=lambda image: image.slot)


PRINT_DIR = "cetak"


def plan(pack: PackInput, outcomes: Mapping[str, Any] | None = None) -> list[Entry]:
    """Return every entry of the pack except the manifest, sorted by name (outcomes: each
    channel's upload file, when already made)."""
    entries: list[Entry] = []
    if outcomes is None:
        outcomes = sheets.sheets_of(pack)  # each owner's template is read and filled once
    for channel in pack.channels:
        outcome = outcomes[channel.id]
        entries += product_entries(pack, channel)
        entries.append(Entry(f"{channel.id}/{CHECKLIST}", lambda c=channel, o=outcome:
                             checklist(pack, c, o).encode("utf-8")))
        entries += sheet_entries(pack, channel, outcome)
    for language in LANGUAGES:
        for piece, text in sorted(pack.story.get(language, {}).items()):
            if plain(text):
                entries.append(Entry(f"{STORY_DIR}/{language}/{piece}.txt",
                                     lambda t=text: paste_file(t)))
    if pack.logo_png is not None:
        entries.append(Entry(LOGO, lambda: pack.logo_png))
    for name, make in sorted(pack.prints.items()):
        entries.append(Entry(f"{PRINT_DIR}/{name}", make))
    entries.append(Entry(INDEX, lambda: index_html(pack, outcomes).encode("utf-8")))
    entries.sort(key=lambda entry: entry.path)
    names = [check_entry(entry.path) for entry in entries]
    if len(set(names)) != len(names) or MANIFEST in names:
        raise PackInputError("two files of the pack would share a name")
    return entries


def product_entries(pack: PackInput, channel: PackChannel) -> list[Entry]:
    """Return each product's photos and copy files for a channel."""
    entries = []
    for product in pack.products:
        folder = f"{channel.id}/{product.slug}"
        for image in sorted_images(product, channel.id):
            where = f"{folder}/{image.file_name}"
            entries.append(Entry(where, lambda i=image, w=where: checked_image(i, w), True))
        for file, text in product_texts(product.copy[channel.id], channel):
            entries.append(Entry(f"{folder}/{file.name}", lambda t=text: paste_file(t)))
    return entries


def sheet_entries(pack: PackInput, channel: PackChannel,
                  outcome: sheets.ChannelSheet) -> list[Entry]:
    """Return a channel's sheet as CSV, and its upload file: the owner's template filled, else
    the helper sheet (or Meta's feed) with its notes."""
    sheet = outcome.format
    photos = max((len(product.images.get(channel.id, ())) for product in pack.products),
                 default=0)
    columns = sheet.columns_for(pack.language, hashtag_style=channel.hashtag_style,
                                photos=photos)
    rows = sheets.sheet_rows(pack, channel, per_variant=sheet.per_variant)
    entries = [Entry(f"{channel.id}/{channel.id}.csv",
                     lambda: sheets.csv_bytes(columns, rows, feed=sheet.feed))]
    if outcome.result is not None:
        data = outcome.result.data
        entries.append(Entry(f"{channel.id}/{outcome.file}", lambda: data))
    elif outcome.file:
        notes = sheet.notes_for(pack.language, linked=links_photos(pack, channel))
        entries.append(Entry(f"{channel.id}/{outcome.file}", lambda: sheets.xlsx_bytes(
            columns, rows, notes, pack.language, pack.revision_date)))
    return entries


# --- building ------------------------------------------------------------------------------------

def build_pack(pack: PackInput, out: BinaryIO, *,
               progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Write the pack's ZIP to out (a seekable binary file) and return its manifest.

    progress(done, total) is called with (0, total) first, then after each photo written. The
    same input gives the same bytes. Raises PackInputError for input that cannot be packed
    safely; errors from a photo loader propagate unchanged."""
    check_input(pack)
    outcomes = sheets.sheets_of(pack)
    entries = plan(pack, outcomes)
    total = sum(entry.photo for entry in entries)
    done = 0
    if progress is not None:
        progress(done, total)
    files = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for entry in entries:
            data = entry.make()
            archive.writestr(zip_info(entry.path, pack.revision_date), data)
            files.append({"path": entry.path, "size": len(data),
                          "sha256": hashlib.sha256(data).hexdigest()})
            if entry.photo:
                done += 1
                if progress is not None:
                    progress(done, total)
        manifest = manifest_of(pack, files, total, readiness_of(pack, outcomes))
        data = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        archive.writestr(zip_info(MANIFEST, pack.revision_date), data.encode("utf-8"))
    return manifest


def readiness_of(pack: PackInput, outcomes: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Per channel: whether it is ready to upload, the products something still blocks, the
    required columns of the owner's template that nothing could fill, and the kind of its upload
    file ("template" filled, "helper" sheet to copy from, "feed", "table" or "" for none)."""
    readiness = {}
    for channel in pack.channels:
        blocked = [product.slug for product in pack.products
                   if not product.copy[channel.id].ready]
        result = outcomes[channel.id].result
        unfilled = list(result.required_empty) if result is not None else []
        readiness[channel.id] = {"ready": not blocked and not unfilled,
                                 "blocked_products": blocked, "unfilled_columns": unfilled,
                                 "sheet": outcomes[channel.id].kind if outcomes[channel.id].file
                                 else ""}
    return readiness


def manifest_of(pack: PackInput, files: Sequence[Mapping[str, Any]], photos: int,
                readiness: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Return manifest.json's content: the format, the brand revision, whether each channel is
    ready to upload, and every file's hash."""
    return {
        "format": FORMAT_VERSION,
        "brand": pack.brand_slug,
        "brand_revision": pack.revision_number,
        "revision_date": pack.revision_date.isoformat(),
        "app_version": plain(pack.app_version),
        "language": pack.language,
        "channels": [channel.id for channel in pack.channels],
        "products": [product.slug for product in pack.products],
        "photos": photos,
        "readiness": dict(readiness or {}),
        "files": list(files),
    }


# --- download name -------------------------------------------------------------------------------

def download_name(brand_name: str, slug: str, day: date) -> tuple[str, str]:
    """Return (ascii name, UTF-8 name) for a pack's Content-Disposition.

    The ascii name is built from the slug only (re-checked here); the UTF-8 name keeps the
    brand's letters in any script but drops quotes, slashes, control characters (CR/LF),
    emoji and the characters Windows forbids in file names."""
    ascii_slug = "-".join(re.findall(r"[a-z0-9]+", ascii_fold(slug or "")))[:SLUG_MAX]
    if not ascii_slug:
        ascii_slug = "-".join(re.findall(r"[a-z0-9]+", ascii_fold(brand_name or "")))[:SLUG_MAX]
    ascii_slug = ascii_slug.strip("-") or "merek"
    stamp = day.isoformat()
    ascii_name = f"studio-cerita-{ascii_slug}-{stamp}.zip"
    kept = []
    for char in unicodedata.normalize("NFC", brand_name or ""):
        category = unicodedata.category(char)
        if (char in '"\\/:*?<>|%;' or category[0] in "CZ" or category in ("So", "Sk", "Me")
                or "\ufe00" <= char <= "\ufe0f"):  # emoji variation selectors
            kept.append(" ")
        else:
            kept.append(char)
    brand = " ".join("".join(kept).split()).strip(" .-")[:80].strip(" .-")
    utf8_name = f"Studio Cerita - {brand} - {stamp}.zip" if brand else ascii_name
    return ascii_name, utf8_name


def ascii_fold(text: str) -> str:
    """Return text lower-cased with accents folded to ascii and other letters dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def content_disposition(brand_name: str, slug: str, day: date) -> str:
    """Return a Content-Disposition header value with both names (RFC 6266 and RFC 5987)."""
    ascii_name, utf8_name = download_name(brand_name, slug, day)
    header = f'attachment; filename="{ascii_name}"'
    if utf8_name != ascii_name:
        header += f"; filename*=UTF-8''{quote(utf8_name, safe='')}"
    return header
