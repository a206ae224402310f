"""The pack's index.html as a phone page: channels and products that open and close, every text in
a read-only field a copy button can take it from, the brand's colours with readable text, and a
badge per channel and product that says what the manifest says. No app, no database (the page's
height, the copy button and axe run in a browser: tests/e2e/test_packs.py)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.packs.samples import CHANNEL_IDS, build, make_pack, open_zip
from tests.properties import examples
from webapp.packs.files import product_texts
from webapp.packs.overview import (
    DEFAULT_COLOURS,
    MAX_ROWS,
    MIN_ROWS,
    contrast,
    folder_contents,
    rows,
    text_on,
    theme,
)


class Page(HTMLParser):
    """Collects the page's details (class, id, summary text), labels and text fields."""

    def __init__(self) -> None:
        super().__init__()
        self.details: list[dict] = []
        self.open_details: list[dict] = []
        self.labels: dict[str, str] = {}
        self.fields: dict[str, dict] = {}
        self.current: tuple[str, str] | None = None  # ("label" | "textarea" | "summary", id)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "details":
            item = {"class": values.get("class"), "id": values.get("id"), "summary": "",
                    "open": "open" in values, "inside": [d["class"] for d in self.open_details]}
            self.details.append(item)
            self.open_details.append(item)
        elif tag == "summary":
            self.current = ("summary", "")
        elif tag == "label":
            self.current = ("label", values["for"])
            self.labels[values["for"]] = ""
        elif tag == "textarea":
            assert values["id"] not in self.fields, f"two text fields share {values['id']}"
            self.fields[values["id"]] = {"attrs": values, "text": ""}
            self.current = ("textarea", values["id"])

    def handle_endtag(self, tag):
        if tag == "details":
            self.open_details.pop()
        elif tag in ("summary", "label", "textarea"):
            self.current = None

    def handle_data(self, data):
        if self.current is None:
            return
        kind, key = self.current
        if kind == "summary":
            self.open_details[-1]["summary"] += data
        elif kind == "label":
            self.labels[key] += data
        else:
            self.fields[key]["text"] += data


def parse(data: bytes) -> tuple[str, Page]:
    """Return the pack's index.html and what it holds."""
    page = open_zip(data).read("index.html").decode()
    parser = Page()
    parser.feed(page)
    return page, parser


# --- colours -------------------------------------------------------------------------------------

def test_contrast_is_the_wcag_ratio():
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert contrast("#777777", "#777777") == 1.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the well-known AA grey
    # the demo brand: white on its maroon, black on its cream
    assert (text_on("#9b1b1b"), text_on("#f3e3c3")) == ("#ffffff", "#000000")
    assert text_on("#ffd400") == "#000000" and text_on("#1b3b8a") == "#ffffff"


@settings(max_examples=examples(300))
@given(st.integers(min_value=0, max_value=0xFFFFFF))
def test_text_on_any_brand_colour_meets_aa(value):
    colour = f"#{value:06x}"
    assert contrast(text_on(colour), colour) >= 4.5


def test_theme_takes_only_hex_colours():
    assert theme(["#9B1B1B", "#f3e3c3"]) == {"brand": "#9b1b1b", "on_brand": "#ffffff",
                                            "soft": "#f3e3c3", "on_soft": "#000000"}
    default = {"brand": DEFAULT_COLOURS[0], "on_brand": text_on(DEFAULT_COLOURS[0]),
               "soft": DEFAULT_COLOURS[1], "on_soft": text_on(DEFAULT_COLOURS[1])}
    assert theme([]) == theme(()) == default
    assert theme(["red;}</style><script>alert(1)</script>", 7, "#00ff00"]) == default
    assert theme(["#123"]) == default  # three digits are not what profiles store
    assert theme(["#112233"])["soft"] == DEFAULT_COLOURS[1]


def test_the_page_is_drawn_in_the_brand_colours_and_never_in_a_hostile_one():
    page, _ = parse(build(replace(make_pack(), colours=("#9B1B1B", "#f3e3c3")))[0])
    assert ":root{--brand:#9b1b1b;--on-brand:#ffffff;--soft:#f3e3c3;--on-soft:#000000}" in page
    hostile = "#fff}body{visibility:hidden}</style><script>alert(2)</script>"
    page, _ = parse(build(replace(make_pack(), colours=(hostile, hostile)))[0])
    assert "visibility:hidden" not in page and "alert(2)" not in page
    assert f"--brand:{DEFAULT_COLOURS[0]};" in page


# --- structure -----------------------------------------------------------------------------------

def test_every_channel_and_product_opens_and_closes_and_starts_closed():
    pack = make_pack()
    _, parser = parse(build(pack)[0])
    channels = [d for d in parser.details if d["class"] == "channel"]
    assert [d["id"] for d in channels] == [*CHANNEL_IDS, "cerita"]
    products = [d for d in parser.details if d["class"] == "product"]
    assert len(products) == len(CHANNEL_IDS) * len(pack.products)
    assert all(d["inside"] == ["channel"] for d in products)
    assert not any(d["open"] for d in parser.details)


def test_every_text_is_in_a_labelled_read_only_field():
    pack = make_pack()
    _, parser = parse(build(pack)[0])
    expected = [(channel.id, number, text)
                for channel in pack.channels
                for number, product in enumerate(pack.products, start=1)
                for _file, text in product_texts(product.copy[channel.id], channel)]
    story = [text for pieces in pack.story.values() for text in pieces.values()]
    assert len(parser.fields) == len(expected) + len(story)
    for field_id, field in parser.fields.items():
        assert "readonly" in field["attrs"] and parser.labels[field_id].strip(), field_id
        assert MIN_ROWS <= int(field["attrs"]["rows"]) <= MAX_ROWS
    texts = [field["text"] for field in parser.fields.values()]
    for channel_id, number, text in expected:
        assert text in texts, (channel_id, number)
    # the hostile owner's text stays text (the parser unescapes it): never markup
    assert "<script>alert(1)</script> Kain\nBaris dua" in texts


def test_badges_say_what_the_manifest_says():
    pack = make_pack()
    first = pack.products[0]
    blocked = replace(first, copy={**first.copy, "tokopedia": replace(
        first.copy["tokopedia"], ready=False)})
    data, _ = build(replace(pack, products=(blocked, *pack.products[1:])))
    readiness = json.loads(open_zip(data).read("manifest.json"))["readiness"]
    _, parser = parse(data)
    for details in parser.details:
        if details["class"] == "channel" and details["id"] != "cerita":
            ready = readiness[details["id"]]["ready"]
            assert ("Belum siap unggah" not in details["summary"]) is ready, details["id"]
            assert ("Siap unggah" in details["summary"]) is ready, details["id"]
    assert readiness["tokopedia"]["ready"] is False
    products = [d["summary"] for d in parser.details if d["class"] == "product"]
    assert sum("Perlu diperbaiki" in summary for summary in products) == 1
    assert sum("Siap" in summary for summary in products) == len(products) - 1


def test_the_copy_buttons_speak_the_pack_language():
    english, _ = parse(build(make_pack(language="en"))[0])
    assert re.search(r'<body data-copy="Copy" data-copied="Copied" data-copy-failed="[^"]+">',
                     english)
    indonesian, _ = parse(build(make_pack())[0])
    assert '<body data-copy="Salin" data-copied="Tersalin"' in indonesian


def test_rows_fit_the_text_within_bounds():
    assert rows("") == rows("Judul") == MIN_ROWS
    assert rows("a" * 34 * 3) == 3
    assert rows("satu\ndua\ntiga\nempat") == 4
    assert rows("x" * 10_000) == MAX_ROWS


def test_folder_contents_name_each_photos_source_and_every_other_file():
    pack = make_pack()
    first = pack.products[0]
    sourced = replace(first, images={**first.images, "shopee": tuple(
        replace(image, source=100 + image.slot) for image in first.images["shopee"])})
    pack = replace(pack, products=(sourced, *pack.products[1:]))
    data, manifest = build(pack)
    folders = folder_contents(pack, [entry["path"] for entry in manifest["files"]])
    assert list(folders) == list(CHANNEL_IDS)
    shopee = folders["shopee"]
    assert shopee["files"] == ["PERIKSA.txt", "shopee-lembar-bantu.xlsx", "shopee.csv"]
    kain = shopee["products"][0]
    assert (kain["folder"], kain["name"], kain["ready"]) == (first.slug, first.name, True)
    assert kain["photos"] == [["01-utama.jpg", 101], ["02.jpg", 102], ["03.jpg", 103]]
    assert folders["tokopedia"]["products"][0]["photos"][0] == ["01-utama.jpg", None]
    names = set(open_zip(data).namelist())
    for channel_id, folder in folders.items():
        for product in folder["products"]:
            inside = {f"{channel_id}/{product['folder']}/{name}"
                      for name in [photo for photo, _ in product["photos"]] + product["files"]}
            assert inside == {name for name in names
                              if name.startswith(f"{channel_id}/{product['folder']}/")}
