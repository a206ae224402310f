"""The listing pack builder: open the ZIP and check names, texts, checklists, manifest,
reproducibility, the offline index and the download name (the upload sheets' contents are in
test_sheets.py). No app, no database."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import replace
from html.parser import HTMLParser

import openpyxl
import pytest
from markupsafe import escape
from PIL import Image

from tests.images import encode, rgba_png
from tests.packs.samples import (
    CHANNEL_IDS,
    DAY,
    build,
    csv_rows,
    hostile_product,
    make_pack,
    open_zip,
)
from webapp.listings.channels import get_channel
from webapp.packs.builder import (
    PackChannel,
    PackImage,
    PackInput,
    PackInputError,
    build_pack,
    check_entry,
    content_disposition,
    download_name,
)

ENTRY_PATTERNS = [re.compile(pattern) for pattern in (
    r"(shopee|tiktok_shop|tokopedia|instagram|whatsapp|facebook|etsy)/[a-z0-9-]+/\d\d(-utama)?\.(jpg|png)",
    r"(shopee|tiktok_shop|tokopedia|instagram|whatsapp|facebook|etsy)/[a-z0-9-]+/"
    r"(judul|deskripsi|tagar|poin|caption|katalog)\.txt",
    r"(shopee|tiktok_shop|tokopedia|instagram|whatsapp|facebook|etsy)/PERIKSA\.txt",
    r"(shopee|tiktok_shop|tokopedia|instagram|whatsapp|facebook|etsy)/\1\.csv",
    r"shopee/shopee-lembar-bantu\.xlsx", r"tiktok_shop/tiktok-shop-lembar-bantu\.xlsx",
    r"tokopedia/tokopedia-lembar-bantu\.xlsx", r"facebook/katalog-meta\.xlsx",
    r"cerita/(id|en)/[a-z_]+\.txt", r"cerita/logo\.png", r"index\.html", r"manifest\.json",
)]


@pytest.fixture(scope="module")
def built() -> tuple[bytes, dict, PackInput]:
    """The realistic pack, built once for the read-only checks."""
    pack = make_pack()
    data, manifest = build(pack)
    return data, manifest, pack


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
    assert "shopee/shopee-lembar-bantu.xlsx" in names
    assert "tiktok_shop/tiktok-shop-lembar-bantu.xlsx" in names
    assert "tokopedia/tokopedia-lembar-bantu.xlsx" in names
    assert not any("terisi" in name for name in names)  # no template of the owner's given
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


def test_an_english_pack_takes_its_words_from_the_catalogue():
    """The pack's fixed texts are gettext messages; the English ones read as before."""
    data, _ = build(make_pack(language="en"))
    archive = open_zip(data)
    checklist = archive.read("shopee/PERIKSA.txt").decode()
    for line in ("Built from the brand profile of Batik \"Sekar\" Lasem, revision 4 "
                 "(28 November 2026), Studio Cerita 0.1.0.",
                 "- judul.txt: paste into the product name.",
                 "HELPER SHEET FOR MASS UPLOAD: shopee-lembar-bantu.xlsx", "PRODUCTS",
                 "Sheet cells starting with = + - @ are stored as text, never run as formulas."):
        assert line in checklist.split("\n"), line
    book = openpyxl.load_workbook(io.BytesIO(archive.read("shopee/shopee-lembar-bantu.xlsx")))
    assert book.sheetnames == ["Template", "Notes"]
    assert (book["Template"]["B1"].value, book["Template"]["B2"].value) == (
        "Nama Produk*", "Required")  # the template's own header, our note in English
    assert "we have not checked it against the official file." in " ".join(
        str(cell.value) for cell in book["Notes"]["A"])
    page = archive.read("index.html").decode()
    assert "<title>Listing pack: " in page and "<h4>Findings still open</h4>" in page
    header = csv_rows(data, "etsy/etsy.csv")[0]
    assert header[:4] == ["Product code", "SKU", "Product name", "Title"]
    assert "Tags" in header and header[-3:] == ["Photo 1", "Photo 2", "Photo 3"]


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
    for path in ("shopee/shopee-lembar-bantu.xlsx", "tiktok_shop/tiktok-shop-lembar-bantu.xlsx",
                 "tokopedia/tokopedia-lembar-bantu.xlsx"):
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
    """Collects src and href attributes and script tags (with their text) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []
        self.links: list[str] = []
        self.scripts: list[dict] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            self.scripts.append({"attrs": values, "text": ""})
            self.in_script = True
        if tag == "img":
            self.sources.append(values["src"])
        if tag == "a":
            self.links.append(values["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1]["text"] += data


def test_index_is_offline_escaped_and_shows_every_photo(built):
    data, _, pack = built
    archive = open_zip(data)
    page = archive.read("index.html").decode("utf-8")
    parser = Links()
    parser.feed(page)
    # One script, inline (the copy buttons), and the page's CSP allows it by its hash alone.
    assert [script["attrs"] for script in parser.scripts] == [{}]
    digest = hashlib.sha256(parser.scripts[0]["text"].encode()).digest()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]
    assert f"script-src 'sha256-{base64.b64encode(digest).decode()}';" in policy
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
    assert re.search(r'<label for="cerita-en-tagline">tagline</label>.*?<textarea '
                     r'id="cerita-en-tagline" rows="2" readonly>Hand-drawn batik from Lasem',
                     page, re.S)
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
    with pytest.raises(PackInputError):
        build_pack(pack, out)


@pytest.mark.parametrize("name", ["/etc/passwd", "../x.txt", "a/../b.txt", "a\\b.txt", "a//b",
                                  "a/./b", "", "é.txt", "a/.hidden", "a/b..c", "a/ b"])
def test_check_entry_refuses_unsafe_names(name):
    with pytest.raises(PackInputError):
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


def test_the_pack_says_when_in_the_brands_own_time_zone():
    """A weaving group in Sumba (WITA) saved its revision at 23.30 WIB: for them it was already
    the next day, and every file says the time with its zone."""
    from datetime import UTC, date, datetime

    pack = replace(make_pack(logo=False), revision_at=datetime(2026, 8, 16, 16, 30, tzinfo=UTC),
                   revision_date=date(2026, 8, 17), zone="Asia/Makassar")
    archive = zipfile.ZipFile(io.BytesIO(build(pack)[0]))
    checklist = archive.read("shopee/PERIKSA.txt").decode()
    assert "revisi 4 (17 Agustus 2026, 00.30 WITA)" in checklist
    assert "17 Agustus 2026, 00.30 WITA" in archive.read("index.html").decode()
    assert json.loads(archive.read("manifest.json"))["revision_date"] == "2026-08-17"
