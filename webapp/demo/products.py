"""Demo products for the brand `contoh`, each with three photos drawn here (no files shipped)."""

from __future__ import annotations

import io
import random
from typing import Any

from PIL import Image, ImageDraw, ImageFilter
from sqlalchemy import func, select

from webapp.db import get_session
from webapp.media import MediaStore
from webapp.models import Brand, Product
from webapp.photos.service import add_photos
from webapp.products.service import create_product, update_product

DEMO_PRODUCTS: list[dict[str, Any]] = [
    {"name": "Kain Batik Tulis Lasem Motif Latohan", "product_type": "kain panjang",
     "category": "fashion", "technique": "batik_tulis", "materials": ["mori_primissima"],
     "motif": "Latohan", "region": "lasem", "colours": ["merah", "krem"],
     "length_cm": 250.0, "width_cm": 105.0, "weight_g": 350, "price": 1_250_000, "stock": 3,
     "parcel_weight_g": 450, "parcel_length_cm": 30.0, "parcel_width_cm": 25.0,
     "parcel_height_cm": 4.0, "sku": "BSL-LTH-001", "made_to_order_days": 30},
    {"name": "Selendang Batik Tulis Sutra Sekar Jagad", "product_type": "selendang",
     "category": "fashion", "technique": "batik_tulis", "materials": ["sutra"],
     "motif": "Sekar Jagad", "region": "lasem", "colours": ["merah marun", "emas"],
     "length_cm": 180.0, "width_cm": 50.0, "weight_g": 120, "price": 850_000, "stock": 5,
     "parcel_weight_g": 200, "parcel_length_cm": 25.0, "parcel_width_cm": 20.0,
     "parcel_height_cm": 3.0, "sku": "BSL-SKJ-002"},
    {"name": "Kemeja Batik Kombinasi Lengan Panjang", "product_type": "kemeja",
     "category": "fashion", "technique": "batik_kombinasi", "materials": ["katun"],
     "motif": "Kawung", "region": "lasem", "colours": ["biru indigo", "putih"],
     "sizes": ["M", "L", "XL"], "weight_g": 250, "price": 425_000, "stock": 12,
     "parcel_weight_g": 320, "parcel_length_cm": 32.0, "parcel_width_cm": 24.0,
     "parcel_height_cm": 5.0, "sku": "BSL-KMJ-003",
     "variants": [{"colour": "Biru indigo", "size": size, "stock": 4, "price": 425_000,
                   "sku": f"BSL-KMJ-003-{size}"} for size in ("M", "L", "XL")]},
]
PALETTES = [((155, 27, 27), (243, 227, 195)), ((110, 20, 40), (212, 175, 55)),
             ((30, 50, 110), (245, 245, 240))]


def demo_photo(seed: int, colours: tuple[tuple[int, int, int], ...], *, portrait: bool) -> bytes:
    """Draw a phone-like photo of a patterned cloth on a light table, as JPEG bytes."""
    rng = random.Random(seed)  # noqa: S311 (a drawing, not a secret)
    size = (1200, 1600) if portrait else (1600, 1200)
    photo = Image.new("RGB", size, (226, 222, 214))
    cloth = Image.new("RGB", (int(size[0] * 0.7), int(size[1] * 0.7)), colours[1])
    draw = ImageDraw.Draw(cloth)
    step = rng.randint(70, 110)
    for y in range(0, cloth.height, step):
        for x in range(0, cloth.width, step):
            radius = step // 3
            draw.ellipse((x + 8, y + 8, x + 8 + 2 * radius, y + 8 + 2 * radius),
                         outline=colours[0], width=6)
            draw.line((x, y + step // 2, x + step, y + step // 2), fill=colours[0], width=3)
    photo.paste(cloth.rotate(rng.uniform(-4, 4), expand=False, fillcolor=(226, 222, 214)),
                (int(size[0] * 0.15), int(size[1] * 0.15)))
    photo = photo.filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def demo_logo() -> bytes:
    """Draw the demo brand's logo: a cream eight-petal flower (sekar) on a Lasem-red disc, PNG."""
    red, cream = PALETTES[0]
    size = 512
    logo = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.ellipse((8, 8, size - 8, size - 8), fill=red, outline=cream, width=14)
    petal = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(petal).ellipse((size // 2 - 46, 96, size // 2 + 46, size // 2 - 10),
                                  fill=cream)
    for turn in range(8):
        logo.alpha_composite(petal.rotate(turn * 45, resample=Image.Resampling.BICUBIC))
    draw.ellipse((size // 2 - 44, size // 2 - 44, size // 2 + 44, size // 2 + 44), fill=red,
                 outline=cream, width=10)
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    return buffer.getvalue()


def ensure_demo_products(brand: Brand, store: MediaStore) -> int:
    """Give the demo brand its products and photos once; return how many it has."""
    existing = get_session().scalar(select(func.count(Product.id))
                                    .where(Product.brand_id == brand.id))
    if existing:
        add_parcels(brand)
        return existing
    for number, data in enumerate(DEMO_PRODUCTS):
        product = create_product(brand, dict(data))
        files = [(f"foto-{n + 1}.jpg", demo_photo(10 * number + n, PALETTES[number],
                                                   portrait=n == 1)) for n in range(3)]
        add_photos(product, files, store)
    return len(DEMO_PRODUCTS)


PARCEL_FIELDS = ("parcel_weight_g", "parcel_length_cm", "parcel_width_cm", "parcel_height_cm")


def add_parcels(brand: Brand) -> None:
    """Give demo products made before parcels were asked for their parcel data."""
    wanted = {data["sku"]: data for data in DEMO_PRODUCTS}
    for product in get_session().scalars(select(Product).where(Product.brand_id == brand.id)):
        data = wanted.get(product.sku)
        if data is not None and product.parcel_weight_g is None:
            update_product(product, {name: data[name] for name in PARCEL_FIELDS})
