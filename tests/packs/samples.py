"""Listing packs built in memory for the pack tests: a realistic pack (two products written by the
copywriter, one product typed by a hostile owner, seven channels), and readers for its entries."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import openpyxl
from PIL import Image

from tests.images import encode, rgba_png
from webapp.listings.channels import get_channel
from webapp.listings.copywriter import BrandFacts, ProductFacts, write_listing
from webapp.listings.rules import check_listing
from webapp.packs.builder import (
    ChannelCopy,
    PackChannel,
    PackImage,
    PackInput,
    PackProduct,
    build_pack,
)

DAY = date(2026, 11, 28)
CHANNEL_IDS = ("shopee", "tiktok_shop", "tokopedia", "instagram", "whatsapp", "facebook",
               "etsy")
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


#: The parcel as shipped, per product slug: (grams, length, width, height in cm).
PARCELS = {"kain-latohan-merah": (400, 30, 20, 4), "kemeja-sogan": (300, None, None, None)}


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
    weight, length, width, height = PARCELS.get(slug, (None, None, None, None))
    return PackProduct(
        slug=slug, name=facts.name, sku=facts.sku, price=facts.price, stock=facts.stock,
        weight_g=facts.weight_g, length_cm=250, width_cm=105.5, height_cm=None,
        parcel_weight_g=weight, parcel_length_cm=length, parcel_width_cm=width,
        parcel_height_cm=height, category="Kain", colours=facts.colours, sizes=facts.sizes,
        variants=variants, made_to_order_days=facts.made_to_order_days, images=images,
        copy=copies)


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
                       weight_g=200, parcel_weight_g=250, category=name,
                       categories={channel_id: name for channel_id in CHANNEL_IDS},
                       images={}, copy=copies)


def make_pack(products=None, *, language="id", story=None, logo=True, loads=None,
              templates=None) -> PackInput:
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
                     logo_png=logo_png, brand_link="https://wa.me/6281234567890",
                     templates=templates or {})


def build(pack: PackInput, **kwargs) -> tuple[bytes, dict]:
    """Build the pack into memory and return the ZIP bytes and the manifest."""
    out = io.BytesIO()
    manifest = build_pack(pack, out, **kwargs)
    return out.getvalue(), manifest


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open ZIP bytes."""
    return zipfile.ZipFile(io.BytesIO(data))


def sheet(data: bytes, path: str, name: str = "Template"):
    """Open an XLSX entry of the pack and return its sheet of that name."""
    return openpyxl.load_workbook(io.BytesIO(open_zip(data).read(path)))[name]


def csv_rows(data: bytes, path: str) -> list[list[str]]:
    """Read a CSV entry of the pack."""
    text = open_zip(data).read(path).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))
