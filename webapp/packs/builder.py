"""The listing pack: one reproducible ZIP with every channel's photos, copy and upload sheets.

`build_pack(pack, out)` writes the ZIP to a binary file object and returns its manifest. Layout:

    <channel>/<product>/01-utama.jpg, 02.jpg ...   photos in slot order, already rendered
    <channel>/<product>/judul.txt deskripsi.txt tagar.txt poin.txt caption.txt katalog.txt
    <channel>/<channel>.csv                         every channel: the sheet data as CSV
    <channel>/PERIKSA.txt                           checklist: what goes where, open findings
    shopee/shopee-unggah-massal.xlsx                Shopee's basic mass-upload columns
    tiktok_shop/tiktok-shop-batch.xlsx              TikTok Shop's batch-upload columns
    cerita/id/<piece>.txt, cerita/en/<piece>.txt, cerita/logo.png
    index.html                                      offline overview with previews
    manifest.json                                   format, brand revision, files with SHA-256

Why the files look the way they do:
- Entry names come only from channel ids, product slugs (checked: ascii, unique), slot numbers,
  story piece ids and fixed names; anything else is refused with PackError.
- Text files are UTF-8 without BOM, NFC, LF line endings and no final newline: Android (and every
  phone) uses LF natively, CRLF can paste a stray carriage return into a marketplace form and
  count against its character limit, and a final newline pastes an empty line into a title.
  Notepad on Windows 10 1809+ shows LF files correctly. The checklist, which is read and not
  pasted, ends with a newline.
- CSV files are UTF-8 with BOM (so Excel reads the encoding), comma-separated, every field
  quoted, CRLF between records (RFC 4180).
- No cell runs as a formula (security.md checklist 30, ASVS 1.2.10, OWASP CSV Injection). A text
  that starts with = + - @ tab or CR (or their full-width forms): in the XLSX it stays a string
  cell marked quotePrefix, which is how Excel itself stores a value typed with a leading
  apostrophe, so the text reaches the marketplace unchanged; in the CSV, which has no types, it
  gets a literal apostrophe in front. Numeric columns are real numbers and keep their sign, and
  a text that is only a signed number (`-5`, `+6281234567890`) is left alone in the CSV because a
  spreadsheet reads it as a number, never as a formula.
- Reproducible: entries in sorted order (manifest.json last, since it lists the others' hashes),
  every entry dated the brand revision's day at 00:00, Unix mode 0644, and stored uncompressed.
  Storing means the bytes do not depend on the zlib build of the worker that made the pack;
  photos, which are nearly all of a pack, do not compress anyway. The XLSX files get the
  revision date as created/modified and their inner ZIP is rewritten the same way.

Pure: no Flask, no ORM.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import quote

from jinja2 import Environment
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

from webapp.listings.rules import FORMULA_START

if TYPE_CHECKING:
    from webapp.listings.channels import Channel
    from webapp.listings.copywriter import Listing

FORMAT_VERSION = 1
LANGUAGES = ("id", "en")
MANIFEST = "manifest.json"
INDEX = "index.html"
CHECKLIST = "PERIKSA.txt"
STORY_DIR = "cerita"
LOGO = f"{STORY_DIR}/logo.png"
SHOPEE_SHEET = "shopee-unggah-massal.xlsx"
TIKTOK_SHEET = "tiktok-shop-batch.xlsx"
TOKOPEDIA_SHEET = "tokopedia-tambah-massal.xlsx"
META_SHEET = "katalog-meta.xlsx"
IMAGE_EXTENSIONS = {"jpg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",)}
MAX_SLOT = 99
CELL_MAX = 32_767  # Excel's limit for one cell; longer text would make Excel "repair" the file
FILE_MODE = (stat.S_IFREG | 0o644) << 16
UNIX = 3

CHANNEL_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 80
PIECE_ID = re.compile(r"[a-z][a-z0-9_]{0,59}")
ENTRY_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
ENTRY_MAX = 240
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

ImageData = bytes | Callable[[], bytes]


class PackError(ValueError):
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

    def read(self) -> bytes:
        """Return the encoded photo."""
        data = self.data() if callable(self.data) else self.data
        if not isinstance(data, bytes | bytearray):
            raise PackError(f"photo {self.slot}: the loader returned no bytes")
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

    @classmethod
    def from_listing(cls, listing: Listing, findings: Sequence[str] = ()) -> ChannelCopy:
        """Return the copy of a copywriter Listing; findings are already-translated messages."""
        return cls(listing.channel, listing.language, listing.title, listing.description,
                   tuple(listing.bullets), tuple(listing.hashtags), listing.caption,
                   listing.catalogue_text, tuple(findings))


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
    revision_date: date
    app_version: str
    language: str
    channels: tuple[PackChannel, ...]
    products: tuple[PackProduct, ...]
    story: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    logo_png: bytes | None = field(default=None, repr=False)
    # Where buyers can order: the brand's website, else its WhatsApp chat link (Meta's catalogue
    # feed needs a link per product).
    brand_link: str = ""


# --- fixed texts in the pack's language (id, en) -------------------------------------------------

TEXT = {
    "pack": ("Paket listing", "Listing pack"),
    "built_from": ("Dibuat dari profil merek {brand}, revisi {revision} ({day}), "
                   "Studio Cerita {app}.",
                   "Built from the brand profile of {brand}, revision {revision} ({day}), "
                   "Studio Cerita {app}."),
    "title": ("Judul", "Title"),
    "description": ("Deskripsi", "Description"),
    "hashtags": ("Tagar", "Hashtags"),
    "tags": ("Tag", "Tags"),
    "bullets": ("Poin utama", "Bullet points"),
    "caption": ("Caption", "Caption"),
    "catalogue": ("Teks katalog WhatsApp", "WhatsApp catalogue text"),
    "photos": ("Foto", "Photos"),
    "no_photos": ("Belum ada foto untuk saluran ini.", "No photos for this channel yet."),
    "findings": ("Temuan yang masih terbuka", "Findings still open"),
    "story": ("Cerita merek", "Brand story"),
    "logo": ("Logo", "Logo"),
    "sheet": ("Lembar unggah massal (Excel)", "Bulk-upload sheet (Excel)"),
    "csv": ("Data CSV", "CSV data"),
    "checklist": ("Daftar periksa", "Checklist"),
    "lang_id": ("Bahasa Indonesia", "Indonesian"),
    "lang_en": ("Bahasa Inggris", "English"),
    "files": ("Isi paket", "In this pack"),
    "check_title": ("DAFTAR PERIKSA: {channel}", "CHECKLIST: {channel}"),
    "check_open": ("Buka {channel} dan tambahkan setiap produk di bawah ini. Per produk, folder "
                   "{channel_id}/<produk>/ berisi:",
                   "Open {channel} and add each product below. For each product, the folder "
                   "{channel_id}/<product>/ holds:"),
    "check_photos": ("01-utama.{ext} dan seterusnya: unggah sesuai urutan nomor; 01-utama adalah "
                     "foto utama (sampul).",
                     "01-utama.{ext} onwards: upload in number order; 01-utama is the main "
                     "(cover) photo."),
    "check_title_file": ("judul.txt: tempel ke nama produk.", "judul.txt: paste into the "
                         "product name."),
    "check_description": ("deskripsi.txt: tempel ke deskripsi produk.",
                          "deskripsi.txt: paste into the product description."),
    "check_hashtags": ("tagar.txt: tagar (bila saluran memakainya, sudah ada di akhir deskripsi).",
                       "tagar.txt: hashtags (already at the end of the description where the "
                       "channel uses them)."),
    "check_tags": ("tagar.txt: tempel ke kolom tag, dipisah koma.",
                   "tagar.txt: paste into the tags field, comma-separated."),
    "check_bullets": ("poin.txt: poin utama, satu per baris.",
                      "poin.txt: bullet points, one per line."),
    "check_caption": ("caption.txt: tempel sebagai caption postingan; foto diunggah berurutan "
                      "sebagai carousel.",
                      "caption.txt: paste as the post caption; upload the photos in order as a "
                      "carousel."),
    "check_catalogue": ("katalog.txt: kirim sebagai pesan bersama foto utama, atau tempel ke "
                        "deskripsi item katalog.",
                        "katalog.txt: send as a message with the main photo, or paste into the "
                        "catalogue item's description."),
    "check_csv": ("{channel_id}.csv: semua produk dalam satu tabel (buka dengan Excel atau "
                  "Google Sheets).",
                  "{channel_id}.csv: every product in one table (open with Excel or Google "
                  "Sheets)."),
    "check_products": ("PRODUK", "PRODUCTS"),
    "check_count": ("{count} foto", "{count} photos"),
    "check_none_open": ("tidak ada temuan terbuka", "no open findings"),
    "check_html": ("Lihat semua isi paket di index.html (bisa dibuka tanpa internet).",
                   "See everything in the pack in index.html (opens without internet)."),
    "sheet_links": ("FOTO SUDAH BERUPA TAUTAN: kolom foto berisi tautan publik ke foto yang sudah "
                    "disiapkan untuk kanal ini, jadi langkah unggah foto dan tempel URL di bawah "
                    "boleh dilewati. Tautan berlaku selama paket ini tersimpan di Studio Cerita.",
                    "PHOTOS ARE LINKED: the photo columns hold public links to the photos prepared "
                    "for this channel, so the upload-and-paste-URL step below can be skipped. The "
                    "links work as long as this pack is kept in Studio Cerita."),
    "check_escaped": ("Sel lembar kerja yang diawali = + - @ disimpan sebagai teks, tidak "
                      "dijalankan sebagai rumus.",
                      "Sheet cells starting with = + - @ are stored as text, never run as "
                      "formulas."),
}

SHEET_GUIDES = {
    "shopee": (
        ("UNGGAH MASSAL: {sheet}",
         "Di Seller Centre: Produk Saya > Edit Secara Massal > Mass Upload > Download Template "
         "(Template Dasar). Salin baris data dari {sheet} (mulai baris 3) ke template itu. "
         "Template resmi memulai data di baris 6 atau 7: ikuti template yang Anda unduh.",
         "Kolom foto di template meminta URL publik; di lembar ini tertulis nama file dalam "
         "paket. Unggah fotonya, lalu ganti dengan URL-nya.",
         "Kategori: pilih kategori Shopee di template resmi. Jasa kirim diatur di template "
         "resmi."),
        ("BULK UPLOAD: {sheet}",
         "In Seller Centre: My Products > Mass Edit (Edit Secara Massal) > Mass Upload > "
         "Download Template (basic template). Copy the data rows of {sheet} (from row 3) into "
         "that template. The official template starts data at row 6 or 7: follow the one you "
         "downloaded.",
         "The template's photo columns take public URLs; this sheet holds the file names in the "
         "pack. Upload the photos, then replace them with their URLs.",
         "Category: choose the Shopee category in the official template. Set shipping options "
         "in the official template."),
    ),
    "facebook": (
        ("KATALOG META: facebook.csv",
         "File facebook.csv adalah umpan data katalog Meta. Di Commerce Manager: Katalog > "
         "Sumber data > Tambahkan item > Umpan data > unggah facebook.csv. Katalog ini bisa "
         "dipakai untuk Toko Facebook, Instagram, dan katalog WhatsApp Business. {sheet} berisi "
         "data yang sama untuk dibaca.",
         "Kolom image_link dan additional_image_link meminta tautan foto publik; bila berisi "
         "nama file dalam paket, unggah fotonya lalu ganti dengan tautannya.",
         "Kolom link berisi situs web merek, atau tautan chat WhatsApp bila tidak ada situs."),
        ("META CATALOGUE: facebook.csv",
         "facebook.csv is a Meta catalogue data feed. In Commerce Manager: Catalogue > Data "
         "sources > Add items > Data feed > upload facebook.csv. The catalogue can serve the "
         "Facebook Shop, Instagram and WhatsApp Business catalogues. {sheet} holds the same data "
         "to read.",
         "The image_link and additional_image_link columns take public photo links; when they "
         "hold file names in the pack, upload the photos and replace them with their links.",
         "The link column holds the brand's website, or its WhatsApp chat link when there is no "
         "website."),
    ),
    "tokopedia": (
        ("TAMBAH PRODUK MASSAL: {sheet}",
         "Di Tokopedia Seller: Tambah Produk > Tambah Produk Massal > Download Template. Salin "
         "baris data dari {sheet} (mulai baris 3) ke template itu, mulai kolom Nama Produk.",
         "Kolom Foto Produk meminta tautan foto; di lembar ini tertulis nama file dalam paket "
         "bila paket dibuat tanpa tautan publik. Tokopedia memakai paling banyak 5 foto.",
         "Kategori Kode, Kurir Pengiriman, dan Asuransi Pengiriman dipilih di template resmi."),
        ("BULK ADD: {sheet}",
         "In Tokopedia Seller: Add Product > Bulk Add Products (Tambah Produk Massal) > "
         "Download Template. Copy the data rows of {sheet} (from row 3) into that template, from "
         "the Nama Produk column.",
         "The Foto Produk columns take photo links; this sheet holds the file names in the pack "
         "when the pack was built without public links. Tokopedia uses at most 5 photos.",
         "Choose Kategori Kode, Kurir Pengiriman and Asuransi Pengiriman in the official "
         "template."),
    ),
    "tiktok_shop": (
        ("UNGGAH BATCH: {sheet}",
         "Unduh template Batch Upload terbaru di TikTok Shop Seller Center (sesuai kategori). "
         "Salin baris data dari {sheet} (mulai baris 3) ke template itu.",
         "Unggah foto ke Media Center, pilih Export URLs, lalu tempel URL ke kolom Main Product "
         "Image dan Product Image 2-9 (di lembar ini tertulis nama file dalam paket).",
         "Kolom setelah Product Image 9 belum terverifikasi: salin nilainya ke kolom yang sesuai "
         "di template resmi."),
        ("BATCH UPLOAD: {sheet}",
         "Download the latest Batch Upload template in TikTok Shop Seller Center (for your "
         "category). Copy the data rows of {sheet} (from row 3) into that template.",
         "Upload the photos to the Media Center, choose Export URLs, and paste the URLs into "
         "Main Product Image and Product Image 2-9 (this sheet holds the file names in the "
         "pack).",
         "The columns after Product Image 9 are unverified: copy their values into the matching "
         "columns of the official template."),
    ),
}


def say(key: str, language: str, **values: Any) -> str:
    """Return fixed text key in the pack's language, filled with values."""
    text = TEXT[key][1 if language == "en" else 0]
    return text.format(**values) if values else text


# --- text, names and cells -----------------------------------------------------------------------

def plain(text: Any) -> str:
    """Return text as clean UTF-8 for a file or cell: NFC, LF line ends, no control characters
    (tab and line feed kept), no trailing spaces, trimmed."""
    text = unicodedata.normalize("NFC", "" if text is None else str(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = CONTROL.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def one_line(text: Any) -> str:
    """Return text as one line with single spaces (names in the checklist)."""
    return " ".join(plain(text).split())


def paste_file(text: Any) -> bytes:
    """Return text as a paste-ready file: UTF-8, no BOM, LF, no final newline."""
    return plain(text).encode("utf-8")


def formula_like(text: str) -> bool:
    """True when a spreadsheet could read text as a formula (OWASP CSV Injection)."""
    stripped = text.lstrip(" ")
    return any(candidate and candidate[0] in FORMULA_START for candidate in (text, stripped))


def csv_field(value: Any) -> str:
    """Return one CSV field: numbers as numbers; text that could run as a formula gets a
    leading apostrophe, unless it is only a signed number (a spreadsheet reads that as a
    number, not a formula)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    text = plain(value)
    if formula_like(text) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def format_number(value: int | float) -> str:
    """Return a number without float noise: 12, 12.5."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) if isinstance(value, int) else f"{value:.2f}".rstrip("0").rstrip(".")


def whole(value: Any) -> int | None:
    """Return value as an int when it is a whole number, else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,15}", value.strip()):
        return int(value.strip())
    return None


def measure(value: Any) -> int | float | None:
    """Return a size in cm as a number (whole when it is whole), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if float(value).is_integer() else round(float(value), 2)


def check_entry(path: str) -> str:
    """Return path if it is a safe ZIP entry name: relative, ascii, no '.' or '..' segment, each
    segment letters, digits, '.', '_' or '-'; raise PackError otherwise."""
    if (not path or len(path) > ENTRY_MAX or path.startswith("/") or "\\" in path
            or not path.isascii()):
        raise PackError(f"unsafe entry name {path!r}")
    for segment in path.split("/"):
        if segment in ("", ".", "..") or not ENTRY_SEGMENT.fullmatch(segment) or ".." in segment:
            raise PackError(f"unsafe entry name {path!r}")
    return path


def hashtag_text(copy: ChannelCopy, style: str) -> str:
    """Return the tags as they paste: '#a #b' for hashtags, 'a, b' for Etsy-style tags."""
    tags = [" ".join(plain(tag).split()) for tag in copy.hashtags]
    tags = [tag for tag in tags if tag]
    return ", ".join(tags) if style == "tags" else " ".join(tags)


# --- validation ----------------------------------------------------------------------------------

def check_input(pack: PackInput) -> None:
    """Refuse input that would give unsafe names, a broken ZIP or a silently incomplete pack."""
    if pack.language not in LANGUAGES:
        raise PackError(f"language must be one of {', '.join(LANGUAGES)}")
    if not isinstance(pack.revision_date, date):
        raise PackError("revision_date must be a date")
    if not (isinstance(pack.revision_number, int) and pack.revision_number >= 0):
        raise PackError("revision_number must be a whole number")
    check_slug(pack.brand_slug, "brand slug")
    if not pack.channels:
        raise PackError("a pack needs at least one channel")
    channel_ids = [channel.id for channel in pack.channels]
    for channel in pack.channels:
        if not isinstance(channel.id, str) or not CHANNEL_ID.fullmatch(channel.id):
            raise PackError(f"channel id {channel.id!r} must be lowercase letters, digits and _")
        if channel.id == STORY_DIR:
            raise PackError(f"channel id {channel.id!r} is reserved")
    if len(set(channel_ids)) != len(channel_ids):
        raise PackError("a channel is listed twice")
    slugs = [product.slug for product in pack.products]
    for product in pack.products:
        check_slug(product.slug, "product slug")
        for channel_id in channel_ids:
            copy = product.copy.get(channel_id)
            if copy is None:
                raise PackError(f"product {product.slug}: no copy for channel {channel_id}")
            check_images(product, channel_id)
    if len(set(slugs)) != len(slugs):
        raise PackError("two products share a slug")
    for language, pieces in pack.story.items():
        if language not in LANGUAGES:
            raise PackError(f"story language {language!r} must be one of {', '.join(LANGUAGES)}")
        for piece in pieces:
            if not isinstance(piece, str) or not PIECE_ID.fullmatch(piece):
                raise PackError(f"story piece {piece!r} must be lowercase letters, digits and _")
    if pack.logo_png is not None and not pack.logo_png.startswith(IMAGE_EXTENSIONS["png"][0]):
        raise PackError("the logo is not a PNG")


def check_slug(slug: Any, what: str) -> None:
    """Refuse a slug that is not lowercase ascii words joined by '-'."""
    if not isinstance(slug, str) or len(slug) > SLUG_MAX or not SLUG.fullmatch(slug):
        raise PackError(f"{what} {slug!r} must be lowercase ascii letters and digits joined by '-'")


def check_images(product: PackProduct, channel_id: str) -> None:
    """Refuse photo slots that are missing, repeated or out of range, and unknown formats."""
    images = product.images.get(channel_id, ())
    slots = [image.slot for image in images]
    for image in images:
        if not isinstance(image.slot, int) or isinstance(image.slot, bool) \
                or not 1 <= image.slot <= MAX_SLOT:
            raise PackError(f"product {product.slug}, {channel_id}: photo slot {image.slot!r} "
                            f"must be 1 to {MAX_SLOT}")
        if image.extension not in IMAGE_EXTENSIONS:
            raise PackError(f"product {product.slug}, {channel_id}: photo format "
                            f"{image.extension!r} is not jpg or png")
    if len(set(slots)) != len(slots):
        raise PackError(f"product {product.slug}, {channel_id}: two photos share a slot")


def checked_image(image: PackImage, where: str) -> bytes:
    """Return the photo's bytes after checking they are the format the name says."""
    data = image.read()
    if not data.startswith(IMAGE_EXTENSIONS[image.extension]):
        raise PackError(f"{where}: the bytes are not a {image.extension} file")
    return data


# --- sheets --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One sheet row: a product (or one of its variants) on a channel."""

    channel: PackChannel
    product: PackProduct
    copy: ChannelCopy
    images: tuple[str, ...]  # paths relative to the channel folder, in slot order
    variant: Mapping[str, Any] | None = None
    brand: str = ""
    link: str = ""

    @property
    def item_id(self) -> str:
        """A stable id for the row: the variant's or product's SKU, else the product folder
        name (with the variant's number)."""
        sku = self.variant_text("sku") or (plain(self.product.sku) if not self.variant else "")
        if sku:
            return sku
        if self.variant:
            return f"{self.product.slug}-{list(self.product.variants).index(self.variant) + 1}"
        return self.product.slug

    @property
    def price(self) -> int | None:
        """Return the variant's price, else the product's."""
        own = whole(self.variant.get("price")) if self.variant else None
        return own if own is not None else whole(self.product.price)

    @property
    def stock(self) -> int | None:
        """Return the variant's stock, else the product's."""
        own = whole(self.variant.get("stock")) if self.variant else None
        return own if own is not None else whole(self.product.stock)

    def variant_text(self, key: str) -> str:
        """Return a variant's colour, size or sku as text."""
        return plain(self.variant.get(key, "")) if self.variant else ""

    def variation(self, level: int) -> tuple[str, str]:
        """Return (variation name, option) for level 1 or 2: colour first, then size."""
        axes = variation_axes(self.product)
        if level > len(axes):
            return "", ""
        axis = axes[level - 1]
        names = {"colour": ("Warna", "Colour"), "size": ("Ukuran", "Size")}[axis]
        return names[1 if self.channel.language == "en" else 0], self.variant_text(axis)

    def image(self, index: int) -> str:
        """Return the index-th photo's path (0 is the main photo), or ''."""
        return self.images[index] if index < len(self.images) else ""

    def group(self) -> str:
        """Return the code that ties a product's variant rows together."""
        return self.product.slug if self.product.variants else ""


def variation_axes(product: PackProduct) -> tuple[str, ...]:
    """Return which variant keys vary ('colour', 'size'), in Shopee's level order."""
    axes = []
    for key in ("colour", "size"):
        if any(plain(variant.get(key, "")) for variant in product.variants):
            axes.append(key)
    return tuple(axes)


@dataclass(frozen=True)
class Column:
    """A sheet column: header, how to fill it from a row, and a note for the note row."""

    header: str
    value: Callable[[Row], Any]
    note: tuple[str, str] = ("", "")
    verified: bool = True


def blank(_row: Row) -> str:
    """Leave a template column empty for the owner to fill in the official template."""
    return ""


REQUIRED = ("Wajib", "Required")
PHOTO_URL = ("URL foto (nama file dalam paket: ganti dengan URL-nya)",
             "Photo URL (a file name in the pack: replace it with its URL)")
FILL_OFFICIAL = ("Isi di template resmi", "Fill in the official template")
UNVERIFIED = ("Nama kolom belum terverifikasi", "Column name unverified")

# Shopee Indonesia, basic mass-upload template ("Template Dasar"): channels.md §2.5, [code] from
# a 2026 exporter built on Shopee_mass_upload_2026-08-31_basic_template.xlsx and a PHP exporter
# with the same keys (internal key in the comment). Not checked against the official file.
# Left out: the shipping columns (channel_id.8001-8008; their header texts are not known) and
# "Alasan Gagal" (read-only). Units are put in the header because the reference disagrees
# (grams in one exporter, kg in the other).
SHOPEE_COLUMNS = (
    Column("Kategori", lambda r: plain(r.product.category),  # ps_category
           ("Pilih kategori Shopee di template resmi", "Choose the Shopee category in the "
            "official template")),
    Column("Nama Produk*", lambda r: r.copy.title, REQUIRED),  # ps_product_name
    Column("Deskripsi Produk*", lambda r: r.copy.description, REQUIRED),  # ps_product_description
    Column("Maks. Jumlah Pembelian", blank, FILL_OFFICIAL),  # ps_maximum_purchase_quantity
    Column("Maks. Jumlah Pembelian - Tanggal Mulai", blank, UNVERIFIED, verified=False),
    Column("Maks. Jumlah Pembelian - Jumlah Hari", blank, UNVERIFIED, verified=False),
    Column("Maks. Jumlah Pembelian - Tanggal Berakhir", blank, UNVERIFIED, verified=False),
    Column("Min. Jumlah Pembelian", blank, FILL_OFFICIAL),  # ps_minimum_purchase_quantity
    Column("SKU Induk", lambda r: plain(r.product.sku)),  # ps_sku_parent_short
    Column("Produk Berbahaya", blank, FILL_OFFICIAL),  # ps_dangerous_goods
    Column("Kode Integrasi Variasi", Row.group,  # et_title_variation_integration_no
           ("Sama untuk semua baris varian satu produk", "Same on every variant row of a "
            "product")),
    Column("Nama Variasi 1", lambda r: r.variation(1)[0]),
    Column("Varian untuk Variasi 1", lambda r: r.variation(1)[1]),
    Column("Foto Produk per Varian", blank, FILL_OFFICIAL),
    Column("Nama Variasi 2", lambda r: r.variation(2)[0]),
    Column("Varian untuk Variasi 2", lambda r: r.variation(2)[1]),
    Column("Harga*", lambda r: r.price, ("Wajib, rupiah tanpa titik", "Required, whole "
                                          "rupiah")),  # ps_price
    Column("Stok", lambda r: r.stock),  # ps_stock
    Column("Kode Variasi", lambda r: r.variant_text("sku")),  # ps_sku_short
    Column("Template Panduan Ukuran", blank, FILL_OFFICIAL),  # ps_new_size_chart
    Column("Foto Panduan Ukuran", blank, FILL_OFFICIAL),  # et_title_size_chart
    Column("GTIN", blank),  # ps_gtin_code
    Column("Foto Sampul*", lambda r: r.image(0), PHOTO_URL),  # ps_item_cover_image
    *(Column(f"Foto Produk {n}", lambda r, n=n: r.image(n), PHOTO_URL)  # ps_item_image_n
      for n in range(1, 9)),
    Column("Berat (gram)", lambda r: whole(r.product.weight_g),
           ("Gram; bila template resmi memakai kg, bagi 1000", "Grams; divide by 1000 if the "
            "official template asks for kg"), verified=False),
    Column("Panjang (cm)", lambda r: measure(r.product.length_cm)),
    Column("Lebar (cm)", lambda r: measure(r.product.width_cm)),
    Column("Tinggi (cm)", lambda r: measure(r.product.height_cm)),
    Column("Dikirim Dalam Pre-order", lambda r: whole(r.product.made_to_order_days),
           ("Hari, bila dibuat setelah dipesan", "Days, when made to order")),
)

# TikTok Shop by Tokopedia, batch-upload template: channels.md §4.4, official template via mirrors
# (Tiktoksellercenter_batchupload 2023-04-15 and 2024-11-13): Category, Brand, Product Name,
# Product Description, Main Product Image, Product Image 2-9. The reference only says "then
# shipping/weight, variations, price, stock": the later headers below are our names (unverified;
# a 2025 category template mirror shows "Variation" and "Variation 2" columns).
TIKTOK_COLUMNS = (
    Column("Category", lambda r: plain(r.product.category),
           ("Wajib: pilih dari daftar di template resmi", "Required: choose from the official "
            "template's list")),
    Column("Brand", blank, ("Kosong = tanpa merek terdaftar", "Empty = no registered brand")),
    Column("Product Name", lambda r: r.copy.title, ("Wajib, kurang dari 255 karakter",
                                                    "Required, under 255 characters")),
    Column("Product Description", lambda r: r.copy.description, REQUIRED),
    Column("Main Product Image", lambda r: r.image(0),
           ("Wajib: URL dari Media Center", "Required: URL from the Media Center")),
    *(Column(f"Product Image {n}", lambda r, n=n: r.image(n - 1), PHOTO_URL)
      for n in range(2, 10)),
    Column("Package Weight (g)", lambda r: whole(r.product.weight_g), UNVERIFIED, verified=False),
    Column("Package Length (cm)", lambda r: measure(r.product.length_cm), UNVERIFIED,
           verified=False),
    Column("Package Width (cm)", lambda r: measure(r.product.width_cm), UNVERIFIED,
           verified=False),
    Column("Package Height (cm)", lambda r: measure(r.product.height_cm), UNVERIFIED,
           verified=False),
    Column("Variation", lambda r: r.variation(1)[1], UNVERIFIED, verified=False),
    Column("Variation 2", lambda r: r.variation(2)[1], UNVERIFIED, verified=False),
    Column("Price", lambda r: r.price, UNVERIFIED, verified=False),
    Column("Quantity", lambda r: r.stock, UNVERIFIED, verified=False),
    Column("Seller SKU", lambda r: r.variant_text("sku") or plain(r.product.sku), UNVERIFIED,
           verified=False),
)

# Tokopedia, "Tambah Produk Massal" template: channels.md §3, [code] three public repos agree on
# the headers (header on row 2, column A the error message). The basic template has no variant
# columns: one row per product, variants stay in the description. Not checked against the
# official file.
TOKOPEDIA_COLUMNS = (
    Column("Pesan Error", blank, ("Diisi Tokopedia bila baris ditolak", "Filled in by "
                                  "Tokopedia when a row is refused")),
    Column("Nama Produk*", lambda r: r.copy.title, REQUIRED),
    Column("Deskripsi Produk", lambda r: r.copy.description),
    Column("Kategori Kode*", blank, ("Wajib: pilih kode kategori di template resmi",
                                     "Required: choose the category code in the official "
                                     "template")),
    Column("Berat* (Gram)", lambda r: whole(r.product.weight_g), REQUIRED),
    Column("Minimum Pemesanan*", lambda r: 1, REQUIRED),
    Column("Nomor Etalase", blank, ("Opsional: nomor etalase toko Anda", "Optional: your "
                                    "shop showcase number")),
    Column("Waktu Proses Preorder", lambda r: whole(r.product.made_to_order_days),
           ("Hari, bila dibuat setelah dipesan", "Days, when made to order")),
    Column("Kondisi*", lambda r: "Baru", REQUIRED),
    Column("Foto Produk 1*", lambda r: r.image(0), PHOTO_URL),
    *(Column(f"Foto Produk {n}", lambda r, n=n: r.image(n - 1), PHOTO_URL) for n in range(2, 6)),
    *(Column(f"URL Video Produk {n}", blank) for n in range(1, 4)),
    Column("SKU Name", lambda r: plain(r.product.sku)),
    Column("Status*", lambda r: "Aktif", REQUIRED),
    Column("Jumlah Stok*", lambda r: r.stock, REQUIRED),
    Column("Harga (Rp)*", lambda r: r.price, REQUIRED),
    Column("Kurir Pengiriman*", blank, ("Wajib: pilih di template resmi", "Required: choose in "
                                        "the official template")),
    Column("Asuransi Pengiriman*", blank, ("Wajib: pilih di template resmi", "Required: choose "
                                           "in the official template")),
)


# Meta (Facebook and Instagram Shop, WhatsApp catalogues from Commerce Manager), catalogue data
# feed: channels.md §9, the fields Meta requires (id, title, description, availability,
# condition, price, link, image_link, brand) and the optional ones we can fill; official field
# names, from the catalogue reference. The CSV is the feed itself: upload it as a data source.
META_COLUMNS = (
    Column("id", lambda r: r.item_id, REQUIRED),
    Column("title", lambda r: r.copy.title, REQUIRED),
    Column("description", lambda r: r.copy.description, REQUIRED),
    Column("availability", lambda r: "out of stock" if r.stock == 0 else "in stock", REQUIRED),
    Column("condition", lambda r: "new", REQUIRED),
    Column("price", lambda r: f"{r.price} IDR" if r.price is not None else "", REQUIRED),
    Column("link", lambda r: r.link, ("Wajib: situs web atau tautan WhatsApp merek",
                                      "Required: the brand's website or WhatsApp link")),
    Column("image_link", lambda r: r.image(0), PHOTO_URL),
    Column("additional_image_link", lambda r: ",".join(r.images[1:11]), PHOTO_URL),
    Column("brand", lambda r: r.brand, REQUIRED),
    Column("item_group_id", lambda r: r.group(), ("Sama untuk varian satu produk",
                                                  "The same for the variants of one product")),
    Column("color", lambda r: r.variant_text("colour")),
    Column("size", lambda r: r.variant_text("size")),
)


@dataclass(frozen=True)
class Sheet:
    """A channel's bulk-upload sheet: file name, columns, and one row per variant or product."""

    name: str
    columns: tuple[Column, ...]
    per_variant: bool = True


SHEETS = {"shopee": Sheet(SHOPEE_SHEET, SHOPEE_COLUMNS),
          "tiktok_shop": Sheet(TIKTOK_SHEET, TIKTOK_COLUMNS),
          "tokopedia": Sheet(TOKOPEDIA_SHEET, TOKOPEDIA_COLUMNS, per_variant=False),
          "facebook": Sheet(META_SHEET, META_COLUMNS)}

SHEET_NOTES = {
    "shopee": (
        ("Kolom mengikuti Template Dasar Mass Upload Shopee Indonesia menurut pengekspor publik "
         "yang dibuat dari Shopee_mass_upload_2026-08-31_basic_template.xlsx (channels.md §2.5). "
         "Belum dicocokkan dengan template resmi.",
         "Columns follow Shopee Indonesia's basic mass-upload template as reproduced by public "
         "exporters built on Shopee_mass_upload_2026-08-31_basic_template.xlsx (channels.md "
         "§2.5). Not checked against the official file."),
        ("Tidak disertakan: kolom jasa kirim (channel_id.8001-8008) dan Alasan Gagal.",
         "Left out: the shipping columns (channel_id.8001-8008) and Alasan Gagal."),
        ("Berat dalam gram: satu pengekspor menulis gram, yang lain kg. Periksa judul kolom "
         "Berat di template resmi.",
         "Weight in grams: one exporter writes grams, another kg. Check the Berat header of the "
         "official template."),
    ),
    "facebook": (
        ("Nama kolom adalah nama bidang resmi umpan katalog Meta (channels.md §9); harga ditulis "
         "\"150000 IDR\".",
         "The column names are the official field names of Meta's catalogue feed (channels.md "
         "§9); prices are written \"150000 IDR\"."),
    ),
    "tokopedia": (
        ("Kolom mengikuti template Tambah Produk Massal Tokopedia menurut tiga repositori publik "
         "yang sepakat (channels.md §3). Belum dicocokkan dengan template resmi.",
         "Columns follow Tokopedia's Tambah Produk Massal template as three public repositories "
         "agree on it (channels.md §3). Not checked against the official file."),
        ("Template dasar tidak punya kolom varian: satu baris per produk; tambahkan varian di "
         "Tokopedia setelah produk terunggah.",
         "The basic template has no variant columns: one row per product; add variants in "
         "Tokopedia once the product is uploaded."),
    ),
    "tiktok_shop": (
        ("Kolom Category sampai Product Image 9 mengikuti template Batch Upload resmi TikTok "
         "Shop (salinan 2023-04-15 dan 2024-11-13, channels.md §4.4).",
         "Columns Category to Product Image 9 follow TikTok Shop's official batch-upload "
         "template (copies of 2023-04-15 and 2024-11-13, channels.md §4.4)."),
        ("Kolom sesudahnya (berat dan ukuran paket, variasi, harga, stok, SKU) belum "
         "terverifikasi: namanya dari kami.",
         "The columns after it (package weight and size, variations, price, stock, SKU) are "
         "unverified: we named them."),
    ),
}


def generic_columns(channel: PackChannel, language: str, photos: int) -> tuple[Column, ...]:
    """Return the CSV columns of a channel without a known upload template."""
    en = language == "en"

    def label(id_text: str, en_text: str) -> str:
        return en_text if en else id_text

    def variants(row: Row) -> str:
        lines = []
        for variant in row.product.variants:
            one = Row(row.channel, row.product, row.copy, row.images, variant)
            parts = [part for part in (one.variant_text("colour"), one.variant_text("size"))
                     if part]
            facts = []
            if one.stock is not None:
                facts.append(f"{label('stok', 'stock')} {one.stock}")
            if one.price is not None:
                facts.append(f"{label('harga', 'price')} {one.price}")
            if one.variant_text("sku"):
                facts.append(f"SKU {one.variant_text('sku')}")
            lines.append(" / ".join(parts) + (": " + ", ".join(facts) if facts else ""))
        return "\n".join(lines)

    style = "tags" if channel.hashtag_style == "tags" else "hashtags"
    return (
        Column(label("Kode produk", "Product code"), lambda r: r.product.slug),
        Column("SKU", lambda r: plain(r.product.sku)),
        Column(label("Nama produk", "Product name"), lambda r: plain(r.product.name)),
        Column(say("title", language), lambda r: r.copy.title),
        Column(say("description", language), lambda r: r.copy.description),
        Column(say("bullets", language), lambda r: "\n".join(plain(b) for b in r.copy.bullets)),
        Column(say(style, language), lambda r: hashtag_text(r.copy, channel.hashtag_style)),
        Column(say("caption", language), lambda r: r.copy.caption),
        Column(say("catalogue", language), lambda r: r.copy.catalogue_text),
        Column(label("Kategori", "Category"), lambda r: plain(r.product.category)),
        Column(label("Harga (Rp)", "Price (IDR)"), lambda r: r.price),
        Column(label("Stok", "Stock"), lambda r: r.stock),
        Column(label("Warna", "Colours"), lambda r: ", ".join(plain(c) for c in r.product.colours)),
        Column(label("Ukuran", "Sizes"), lambda r: ", ".join(plain(s) for s in r.product.sizes)),
        Column(label("Varian", "Variants"), variants),
        Column(label("Berat (gram)", "Weight (g)"), lambda r: whole(r.product.weight_g)),
        Column(label("Panjang (cm)", "Length (cm)"), lambda r: measure(r.product.length_cm)),
        Column(label("Lebar (cm)", "Width (cm)"), lambda r: measure(r.product.width_cm)),
        Column(label("Tinggi (cm)", "Height (cm)"), lambda r: measure(r.product.height_cm)),
        Column(label("Dibuat setelah dipesan (hari)", "Made to order (days)"),
               lambda r: whole(r.product.made_to_order_days)),
        *(Column(f"{label('Foto', 'Photo')} {n}", lambda r, n=n: r.image(n - 1))
          for n in range(1, photos + 1)),
    )


def sheet_rows(pack: PackInput, channel: PackChannel, *, per_variant: bool) -> list[Row]:
    """Return the rows of a channel's sheet: one per variant (or per product)."""
    rows = []
    for product in pack.products:
        images = tuple(image.url or f"{product.slug}/{image.file_name}"
                       for image in sorted(product.images.get(channel.id, ()),
                                           key=lambda image: image.slot))
        copy = product.copy[channel.id]
        about = {"brand": pack.brand_name, "link": pack.brand_link}
        if per_variant and product.variants:
            rows.extend(Row(channel, product, copy, images, variant, **about)
                        for variant in product.variants)
        else:
            rows.append(Row(channel, product, copy, images, **about))
    return rows


def cell_value(column: Column, row: Row) -> Any:
    """Return a column's value for a row: a number, clean text, or None."""
    value = column.value(row)
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    text = plain(value)
    return text[:CELL_MAX] if text else None


def csv_bytes(columns: Sequence[Column], rows: Sequence[Row]) -> bytes:
    """Return the sheet as CSV: UTF-8 with BOM, commas, every field quoted, CRLF records."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([csv_field(column.header) for column in columns])
    for row in rows:
        writer.writerow([csv_field(cell_value(column, row)) for column in columns])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def xlsx_bytes(columns: Sequence[Column], rows: Sequence[Row], notes: Sequence[str],
               language: str, day: date) -> bytes:
    """Return the sheet as a deterministic XLSX: headers in row 1, a note per column in row 2,
    data from row 3; a second sheet with the notes on the columns' source."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Template"
    bold, italic = Font(bold=True), Font(italic=True, color="FF555555")
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(columns, start=1):
        put(sheet.cell(row=1, column=index), column.header).font = bold
        note = column.note[1 if language == "en" else 0]
        cell = put(sheet.cell(row=2, column=index), note)
        cell.font, cell.alignment = italic, wrap
        width = 40 if column.header.startswith(("Deskripsi", "Product Description")) else 18
        sheet.column_dimensions[cell.column_letter].width = width
    for number, row in enumerate(rows, start=3):
        for index, column in enumerate(columns, start=1):
            put(sheet.cell(row=number, column=index), cell_value(column, row))
    sheet.freeze_panes = "A3"
    about = workbook.create_sheet("Catatan" if language == "id" else "Notes")
    about.column_dimensions["A"].width = 120
    for number, line in enumerate(notes, start=1):
        put(about.cell(row=number, column=1), line).alignment = wrap

    moment = datetime(day.year, day.month, day.day)
    workbook.properties.creator = "Studio Cerita"
    workbook.properties.lastModifiedBy = None
    workbook.properties.created = moment
    workbook.properties.modified = moment
    buffer = io.BytesIO()
    # ExcelWriter, not workbook.save(): save() stamps "modified" with the current time.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return restamp_zip(buffer.getvalue(), day)


def put(cell: Any, value: Any) -> Any:
    """Write value into an openpyxl cell: numbers as numbers, text always as a string cell
    (openpyxl would make '=...' a formula and '#N/A' an error), quote-prefixed when a
    spreadsheet could read it as a formula."""
    if value is None or value == "":
        return cell
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
        return cell
    text = plain(value)[:CELL_MAX]
    cell.value = text
    cell.data_type = "s"
    if formula_like(text):
        cell.quotePrefix = True
    return cell


def zip_info(path: str, day: date) -> zipfile.ZipInfo:
    """Return a ZipInfo with everything fixed: the day at 00:00, stored, Unix 0644."""
    stamp = (day.year, day.month, day.day, 0, 0, 0) if 1980 <= day.year <= 2107 \
        else (1980, 1, 1, 0, 0, 0)
    info = zipfile.ZipInfo(path, date_time=stamp)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = UNIX
    info.external_attr = FILE_MODE
    return info


def restamp_zip(data: bytes, day: date) -> bytes:
    """Rewrite a ZIP (an XLSX) with fixed entry times and attributes, keeping entry order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as target:
        for item in source.infolist():
            target.writestr(zip_info(item.filename, day), source.read(item))
    return buffer.getvalue()


# --- the pack's files ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """A file of the pack: its name and how to make its bytes (photos last until written)."""

    path: str
    make: Callable[[], bytes]
    photo: bool = False


def product_texts(copy: ChannelCopy, channel: PackChannel) -> list[tuple[str, str, str]]:
    """Return (file name, label key, text) of a product's copy files that have text."""
    tags_key = "tags" if channel.hashtag_style == "tags" else "hashtags"
    texts = [
        ("judul.txt", "title", plain(copy.title)),
        ("deskripsi.txt", "description", plain(copy.description)),
        ("tagar.txt", tags_key, hashtag_text(copy, channel.hashtag_style)),
        ("poin.txt", "bullets", "\n".join(b for b in (plain(b) for b in copy.bullets) if b)),
        ("caption.txt", "caption", plain(copy.caption)),
        ("katalog.txt", "catalogue", plain(copy.catalogue_text)),
    ]
    return [(name, key, text) for name, key, text in texts if text]


def sorted_images(product: PackProduct, channel_id: str) -> list[PackImage]:
    """Return a product's photos for a channel in slot order."""
    return sorted(product.images.get(channel_id, ()), key=lambda image: image.slot)


def plan(pack: PackInput) -> list[Entry]:
    """Return every entry of the pack except the manifest, sorted by name."""
    entries: list[Entry] = []
    day = pack.revision_date
    for channel in pack.channels:
        for product in pack.products:
            folder = f"{channel.id}/{product.slug}"
            for image in sorted_images(product, channel.id):
                where = f"{folder}/{image.file_name}"
                entries.append(Entry(where, lambda i=image, w=where: checked_image(i, w), True))
            for name, _, text in product_texts(product.copy[channel.id], channel):
                entries.append(Entry(f"{folder}/{name}", lambda t=text: paste_file(t)))
        entries.append(Entry(f"{channel.id}/{CHECKLIST}",
                             lambda c=channel: checklist(pack, c).encode("utf-8")))
        sheet = SHEETS.get(channel.id)
        if sheet is not None:
            name, columns = sheet.name, sheet.columns
            rows = sheet_rows(pack, channel, per_variant=sheet.per_variant)
            notes = sheet_notes(channel, pack.language, linked=links_photos(pack, channel))
            entries.append(Entry(f"{channel.id}/{name}",
                                 lambda c=columns, r=rows, n=notes: xlsx_bytes(
                                     c, r, n, pack.language, day)))
            entries.append(Entry(f"{channel.id}/{channel.id}.csv",
                                 lambda c=columns, r=rows: csv_bytes(c, r)))
        else:
            photos = max((len(product.images.get(channel.id, ())) for product in pack.products),
                         default=0)
            columns = generic_columns(channel, pack.language, photos)
            rows = sheet_rows(pack, channel, per_variant=False)
            entries.append(Entry(f"{channel.id}/{channel.id}.csv",
                                 lambda c=columns, r=rows: csv_bytes(c, r)))
    for language in LANGUAGES:
        for piece, text in sorted(pack.story.get(language, {}).items()):
            if plain(text):
                entries.append(Entry(f"{STORY_DIR}/{language}/{piece}.txt",
                                     lambda t=text: paste_file(t)))
    if pack.logo_png is not None:
        entries.append(Entry(LOGO, lambda: pack.logo_png))
    entries.append(Entry(INDEX, lambda: index_html(pack).encode("utf-8")))
    entries.sort(key=lambda entry: entry.path)
    names = [check_entry(entry.path) for entry in entries]
    if len(set(names)) != len(names) or MANIFEST in names:
        raise PackError("two files of the pack would share a name")
    return entries


def links_photos(pack: PackInput, channel: PackChannel) -> bool:
    """True when the channel's photos carry public links (the sheets hold URLs, not files)."""
    return any(image.url for product in pack.products
               for image in product.images.get(channel.id, ()))


def sheet_notes(channel: PackChannel, language: str, *, linked: bool = False) -> list[str]:
    """Return the lines of a sheet's notes tab: source, how to use, what is unverified."""
    en = language == "en"
    sheet = SHEETS[channel.id].name
    guide = SHEET_GUIDES[channel.id][1 if en else 0]
    lines = [line.format(sheet=sheet) for line in guide]
    if linked:
        lines.insert(1, say("sheet_links", language))
    lines += [note[1 if en else 0] for note in SHEET_NOTES[channel.id]]
    lines.append(say("check_escaped", language))
    return lines


def checklist(pack: PackInput, channel: PackChannel) -> str:
    """Return a channel's PERIKSA.txt: where each file goes, the sheets, and open findings."""
    language = pack.language
    lines = [say("check_title", language, channel=one_line(channel.name)),
             say("built_from", language, brand=one_line(pack.brand_name),
                 revision=pack.revision_number, day=pack.revision_date.isoformat(),
                 app=one_line(pack.app_version)),
             "",
             say("check_open", language, channel=one_line(channel.name), channel_id=channel.id)]
    present = {name for product in pack.products
               for name, _, _ in product_texts(product.copy[channel.id], channel)}
    extension = next((image.extension for product in pack.products
                      for image in product.images.get(channel.id, ())), "jpg")
    lines.append("- " + say("check_photos", language, ext=extension))
    for name, key in (("judul.txt", "check_title_file"), ("deskripsi.txt", "check_description"),
                      ("tagar.txt", "check_tags" if channel.hashtag_style == "tags"
                       else "check_hashtags"),
                      ("poin.txt", "check_bullets"), ("caption.txt", "check_caption"),
                      ("katalog.txt", "check_catalogue")):
        if name in present:
            lines.append("- " + say(key, language))
    lines.append("- " + say("check_csv", language, channel_id=channel.id))
    if channel.id in SHEETS:
        lines.append("")
        for line in sheet_notes(channel, language, linked=links_photos(pack, channel)):
            lines.append(line)
    lines += ["", say("check_products", language)]
    for product in pack.products:
        photos = len(product.images.get(channel.id, ()))
        count = say("check_count", language, count=photos) if photos \
            else say("no_photos", language)
        name = one_line(product.name) or product.slug
        lines.append(f"[ ] {name} ({channel.id}/{product.slug}/): {count}")
        findings = [one_line(f) for f in product.copy[channel.id].findings if one_line(f)]
        if findings:
            lines.append(f"    {say('findings', language)}:")
            lines.extend(f"    - {finding}" for finding in findings)
        else:
            lines.append(f"    {say('check_none_open', language)}")
    lines += ["", say("check_html", language)]
    return "\n".join(lines) + "\n"


# --- index.html ----------------------------------------------------------------------------------

INDEX_TEMPLATE = """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="script-src 'none'; object-src 'none'; \
base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>{{ t.pack }}: {{ brand }}</title>
<style>
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;\
background:#faf8f5}
header,main{max-width:46rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid #ddd}
h1{font-size:1.5rem;margin:.25rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid \
#8a5a2b}h3{font-size:1.1rem;margin-bottom:.25rem}h4{font-size:.95rem;margin:.75rem 0 .25rem}
.logo{width:64px;height:64px;object-fit:contain}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
nav a,.files a{display:inline-block;padding:.35rem .7rem;border:1px solid #8a5a2b;\
border-radius:1rem;color:#8a5a2b;text-decoration:none}
.files{display:flex;flex-wrap:wrap;gap:.5rem}
article{background:#fff;border:1px solid #e4e0da;border-radius:.5rem;padding:.75rem;\
margin:1rem 0}
.photos{display:grid;grid-template-columns:repeat(auto-fill,minmax(6rem,1fr));gap:.4rem}
.photos img{width:100%;height:auto;border-radius:.25rem;background:#eee}
.text{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f4f0;padding:.5rem;\
border-radius:.25rem}
.findings{border-left:4px solid #c77c02;padding-left:.5rem}.warn{color:#8a4b00}
footer{max-width:46rem;margin:0 auto;padding:1rem;color:#666;font-size:.85rem}
</style>
</head>
<body>
<header>
{% if logo %}<img class="logo" src="{{ logo }}" alt="{{ t.logo }}" width="64" \
height="64">{% endif %}
<h1>{{ brand }}</h1>
<p>{{ built_from }}</p>
<nav aria-label="{{ t.files }}"><ul>
{% for channel in channels %}<li><a href="#{{ channel.id }}">{{ channel.name }}</a></li>
{% endfor %}{% if story %}<li><a href="#cerita">{{ t.story }}</a></li>{% endif %}
</ul></nav>
</header>
<main>
{% for channel in channels %}
<section id="{{ channel.id }}">
<h2>{{ channel.name }}</h2>
<p class="files">{% for file in channel.files %}<a href="{{ file.path }}">{{ file.label }}</a>
{% endfor %}</p>
{% for product in channel.products %}
<article>
<h3>{{ product.name }}</h3>
{% if product.images %}<div class="photos">
{% for image in product.images %}<a href="{{ image.path }}"><img src="{{ image.path }}" \
width="{{ image.width }}" height="{{ image.height }}" loading="lazy" \
alt="{{ t.photos }} {{ image.slot }}: {{ product.name }}"></a>
{% endfor %}</div>{% else %}<p class="warn">{{ t.no_photos }}</p>{% endif %}
{% for text in product.texts %}
<h4><a href="{{ text.path }}">{{ text.label }}</a></h4>
<div class="text">{{ text.body }}</div>
{% endfor %}
{% if product.findings %}<div class="findings"><h4>{{ t.findings }}</h4><ul>
{% for finding in product.findings %}<li>{{ finding }}</li>
{% endfor %}</ul></div>{% endif %}
</article>
{% endfor %}
</section>
{% endfor %}
{% if story %}
<section id="cerita">
<h2>{{ t.story }}</h2>
{% for language in story %}
<h3>{{ language.label }}</h3>
{% for piece in language.pieces %}
<h4><a href="{{ piece.path }}">{{ piece.label }}</a></h4>
<div class="text">{{ piece.body }}</div>
{% endfor %}
{% endfor %}
</section>
{% endif %}
</main>
<footer>manifest.json · {{ t.pack }} format {{ format }}</footer>
</body>
</html>
"""

ENVIRONMENT = Environment(autoescape=True, keep_trailing_newline=True)
TEMPLATE = ENVIRONMENT.from_string(INDEX_TEMPLATE)


def index_html(pack: PackInput) -> str:
    """Return the offline overview page: every channel, product, photo, text and story piece."""
    language = pack.language
    t = {key: say(key, language) for key in TEXT if "{" not in TEXT[key][0]}
    channels = []
    for channel in pack.channels:
        files = [{"path": f"{channel.id}/{CHECKLIST}", "label": t["checklist"]}]
        if channel.id in SHEETS:
            files.append({"path": f"{channel.id}/{SHEETS[channel.id].name}",
                          "label": t["sheet"]})
        files.append({"path": f"{channel.id}/{channel.id}.csv", "label": t["csv"]})
        products = []
        for product in pack.products:
            copy = product.copy[channel.id]
            folder = f"{channel.id}/{product.slug}"
            products.append({
                "name": plain(product.name) or product.slug,
                "images": [{"path": f"{folder}/{image.file_name}", "slot": image.slot,
                            "width": whole(image.width) or "", "height": whole(image.height) or ""}
                           for image in sorted_images(product, channel.id)],
                "texts": [{"path": f"{folder}/{name}", "label": t[key], "body": text}
                          for name, key, text in product_texts(copy, channel)],
                "findings": [plain(f) for f in copy.findings if plain(f)],
            })
        channels.append({"id": channel.id, "name": plain(channel.name), "files": files,
                         "products": products})
    story = []
    for code in LANGUAGES:
        pieces = [{"path": f"{STORY_DIR}/{code}/{piece}.txt", "label": piece.replace("_", " "),
                   "body": plain(text)}
                  for piece, text in sorted(pack.story.get(code, {}).items()) if plain(text)]
        if pieces:
            story.append({"label": t[f"lang_{code}"], "pieces": pieces})
    built_from = say("built_from", language, brand=plain(pack.brand_name),
                     revision=pack.revision_number, day=pack.revision_date.isoformat(),
                     app=plain(pack.app_version))
    return TEMPLATE.render(lang=language, t=t, brand=plain(pack.brand_name),
                           built_from=built_from, logo=LOGO if pack.logo_png else "",
                           channels=channels, story=story, format=FORMAT_VERSION)


# --- building ------------------------------------------------------------------------------------

def build_pack(pack: PackInput, out: BinaryIO, *,
               progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Write the pack's ZIP to out (a seekable binary file) and return its manifest.

    progress(done, total) is called with (0, total) first, then after each photo written. The
    same input gives the same bytes. Raises PackError for input that cannot be packed safely;
    errors from a photo loader propagate unchanged."""
    check_input(pack)
    entries = plan(pack)
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
        manifest = {
            "format": FORMAT_VERSION,
            "brand": pack.brand_slug,
            "brand_revision": pack.revision_number,
            "revision_date": pack.revision_date.isoformat(),
            "app_version": plain(pack.app_version),
            "language": pack.language,
            "channels": [channel.id for channel in pack.channels],
            "products": [product.slug for product in pack.products],
            "photos": total,
            "files": files,
        }
        data = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        archive.writestr(zip_info(MANIFEST, pack.revision_date), data.encode("utf-8"))
    return manifest


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
