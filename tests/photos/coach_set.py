"""The photo coach's labelled set: synthetic but realistic product photos, made the same way on
every run, each with the warnings a careful person would give it.

Two products (a patterned batik cloth, a striped cup with a handle), on three backdrops (a
plain light wall with a soft gradient, a busy wooden table with grain, a dark velvet cloth),
large in the frame (the product spans about 80 % of it) and small (about 30 %). Each is taken
sharp, slightly soft (a blur radius of 0.1 % of the long side: no warning), and blurred at 0.6 %
and 1.2 % of the long side (blurry); exposed well, under-exposed (a quarter of the light) and
over-exposed (almost twice the light, clipped). A few are made at a phone's full size
(3000 × 4000), the rest at 900 × 1200; all have a little sensor noise.

A photo carries a label only when a person would give it without hesitation: a photo that is
both under-exposed and blurred keeps both labels, and the soft one is labelled sharp on
purpose (a false alarm there would annoy owners).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SIZE = (900, 1200)
PHONE = (3000, 4000)
BACKDROPS = ("wall", "table", "velvet")
PRODUCTS = ("cloth", "cup")
FRAMINGS = {"large": 0.8, "small": 0.3}
FOCUS = {"sharp": 0.0, "soft": 0.001, "blur": 0.006, "very_blur": 0.012}
LIGHT = ("normal", "dark", "bright")


@dataclass(frozen=True)
class Sample:
    """One labelled photo of the set."""

    name: str
    image: Image.Image
    labels: frozenset[str]


def backdrop(kind: str, size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A plain wall (light gradient), a wooden table (grain in three browns) or dark velvet."""
    width, height = size
    if kind == "wall":
        top, bottom = (236, 232, 224), (214, 210, 204)
        image = Image.linear_gradient("L").resize(size).convert("RGB")
        return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top),
                               image.convert("L"))
    if kind == "velvet":
        image = Image.new("RGB", size, (28, 24, 30))
        draw = ImageDraw.Draw(image)
        for _ in range(40):  # soft folds
            x = rng.randrange(width)
            draw.line([(x, 0), (x + rng.randrange(-200, 200), height)], fill=(40, 34, 42),
                      width=rng.randrange(10, 40))
        return image.filter(ImageFilter.GaussianBlur(width / 150))
    image = Image.new("RGB", size, (150, 104, 62))
    draw = ImageDraw.Draw(image)
    plank = max(1, height // 6)
    for row in range(0, height, plank):  # planks with a dark seam and grain lines
        draw.rectangle([0, row, width, row + plank], fill=rng.choice(
            [(150, 104, 62), (128, 86, 50), (162, 116, 72)]))
        draw.line([(0, row), (width, row)], fill=(70, 44, 24), width=max(2, width // 300))
        for _ in range(18):
            y = row + rng.randrange(plank)
            draw.line([(0, y), (width, y + rng.randrange(-8, 8))], fill=(112, 74, 42),
                      width=max(1, width // 450))
    return image


def cloth(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A folded batik cloth: indigo ground, cream motifs (kawung-like circles), ochre lines."""
    image = Image.new("RGB", size, (38, 52, 110))
    draw = ImageDraw.Draw(image)
    step = max(8, size[0] // 9)
    for y in range(0, size[1] + step, step):
        for x in range(0, size[0] + step, step):
            r = step // 3
            draw.ellipse([x - r, y - r, x + r, y + r], fill=(236, 222, 190))
            draw.ellipse([x - r // 3, y - r // 3, x + r // 3, y + r // 3], fill=(196, 140, 40))
        draw.line([(0, y + step // 2), (size[0], y + step // 2)], fill=(196, 140, 40),
                  width=max(1, step // 10))
    return image


def cup(size: tuple[int, int], rng: random.Random) -> tuple[Image.Image, Image.Image]:
    """A striped ceramic cup with a handle, and its mask (the cup's shape)."""
    width, height = size
    image = Image.new("RGB", size, (190, 60, 48))
    draw = ImageDraw.Draw(image)
    stripe = max(4, height // 10)
    for y in range(0, height, stripe * 2):
        draw.rectangle([0, y, width, y + stripe], fill=(242, 236, 226))
    mask = Image.new("L", size, 0)
    shape = ImageDraw.Draw(mask)
    body = int(width * 0.78)
    shape.rounded_rectangle([0, 0, body, height], radius=width // 8, fill=255)
    thick = max(3, width // 18)
    shape.ellipse([body - width // 8, height // 4, width - 1, height * 3 // 4], outline=255,
                  width=thick)
    return image, mask


def place(kind: str, scene: Image.Image, share: float, rng: random.Random) -> None:
    """Draw the product on the scene, its larger side spanning share of the frame's."""
    width, height = scene.size
    if kind == "cloth":
        side = (round(width * share), round(width * share * 1.1))
        if side[1] > height * share:
            side = (round(height * share / 1.1), round(height * share))
        product, mask = cloth(side, rng), Image.new("L", side, 255)
    else:
        side = (round(min(width, height) * share * 0.95), round(min(width, height) * share))
        product, mask = cup(side, rng)
    shadow = Image.new("L", scene.size, 0)
    corner = ((width - side[0]) // 2, (height - side[1]) // 2)
    shadow.paste(mask, (corner[0] + side[0] // 30, corner[1] + side[1] // 30))
    shadow = shadow.filter(ImageFilter.GaussianBlur(side[0] / 40)).point(lambda v: v * 2 // 5)
    scene.paste(Image.new("RGB", scene.size, (0, 0, 0)), (0, 0), shadow)
    scene.paste(product, corner, mask)


def exposed(image: Image.Image, light: str) -> Image.Image:
    """The scene under a quarter of the light, or nearly twice it (clipped), or as it is."""
    if light == "dark":
        return image.point(lambda v: round(255 * (v / 255 * 0.25) ** 1.1))
    if light == "bright":
        return image.point(lambda v: min(255, round(v * 1.9 + 30)))
    return image


def noisy(image: Image.Image, seed: int) -> Image.Image:
    """A little sensor noise (about 3 grey levels), the same for the same seed: a tile of
    Gaussian noise drawn from a seeded generator, repeated over the photo."""
    rng = random.Random(seed)
    tile = Image.new("L", (64, 64))
    tile.putdata([max(0, min(255, round(rng.gauss(128, 3)))) for _ in range(64 * 64)])
    grain = Image.new("L", image.size)
    for y in range(0, image.height, 64):
        for x in range(0, image.width, 64):
            grain.paste(tile, (x, y))
    grain = Image.merge("RGB", (grain, grain, grain))
    middle = Image.new("RGB", image.size, (128, 128, 128))
    up, down = ImageChops.subtract(grain, middle), ImageChops.subtract(middle, grain)
    return ImageChops.subtract(ImageChops.add(image, up), down)


def make(backdrop_kind: str, product: str, framing: str, focus: str, light: str,
         size: tuple[int, int] = SIZE) -> Sample:
    """One photo of the set with its labels."""
    name = f"{product}-{backdrop_kind}-{framing}-{focus}-{light}-{size[0]}"
    rng = random.Random(name)
    scene = backdrop(backdrop_kind, size, rng)
    place(product, scene, FRAMINGS[framing], rng)
    radius = FOCUS[focus] * max(size)
    if radius:
        scene = scene.filter(ImageFilter.GaussianBlur(radius))
    scene = exposed(noisy(scene, seed=len(name) * 7919 + size[0]), light)
    labels = set()
    if FOCUS[focus] >= 0.006:
        labels.add("blurry")
    if light != "normal":
        labels.add(light)
    if framing == "small":
        labels.add("small")
    return Sample(name, scene, frozenset(labels))


@cache
def labelled_set() -> tuple[Sample, ...]:
    """Every photo of the set, in a fixed order."""
    samples = []
    for backdrop_kind in BACKDROPS:
        for product in PRODUCTS:
            for framing in FRAMINGS:
                for focus in FOCUS:
                    samples.append(make(backdrop_kind, product, framing, focus, "normal"))
                for light in ("dark", "bright"):
                    samples.append(make(backdrop_kind, product, framing, "sharp", light))
                    samples.append(make(backdrop_kind, product, framing, "blur", light))
    for backdrop_kind, product, framing, focus in (("wall", "cup", "large", "sharp"),
                                                   ("table", "cloth", "small", "blur"),
                                                   ("velvet", "cup", "large", "very_blur")):
        samples.append(make(backdrop_kind, product, framing, focus, "normal", size=PHONE))
    return tuple(samples)
