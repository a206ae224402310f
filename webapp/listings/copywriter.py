"""The copywriter: a product, its brand and a channel in; that channel's listing copy out.

Titles follow the channel's pattern with the words buyers search for, drop the least important parts
to fit, never cut or repeat a word. Descriptions follow storytelling.md §2.2: a short story hook,
details, material, size, colours, care and the usual notes. Every owner-typed fragment is cleaned
(HTML, emoji, control characters) and scrubbed of what the channel forbids, and every output is
checked by `rules.check_text` before it is returned, so no output carries a blocking finding.
Same input, same text. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal

from webapp.listings import rules
from webapp.listings.channels import Channel, get_channel
from webapp.vocab import Term, vocabulary

LANGUAGES = ("id", "en", "both")
DEFAULT_PATTERN = ("brand", "product_type", "technique", "motif", "material", "region", "size")
HOOK_MAX = 300
FRAGMENT_MAX = 160
PART_MAX = 60
BRAND_MAX = 40
CARE_MAX = 5
ACRONYMS = frozenset({"ATBM", "ATM", "SNI", "NTT", "NTB", "DIY", "UMKM", "IKM", "USA", "UK"})
TITLE_PUNCTUATION = frozenset(" ,.-()/'")
OWNER_TITLE_PARTS = frozenset({"product_type", "motif", "material", "colour", "name"})
TEXTILE_CRAFTS = frozenset({"batik", "tenun", "songket", "sasirangan", "sutra"})

# How a technique reads in a title: the batik and tenun naming rules (storytelling.md §2.5) decide
# the sensitive ones; the rest take the vocabulary's label.
TECHNIQUE_TITLES = {
    "batik_tulis": ("Batik Tulis", "Hand-Drawn Batik Tulis"),
    "batik_cap": ("Batik Cap", "Hand-Stamped Batik Cap"),
    "batik_kombinasi": ("Batik Kombinasi Tulis-Cap", "Hand-Drawn and Stamped Batik"),
    "printing_motif_batik": ("Motif Batik (Printing)", "Printed Batik-Pattern"),
    "tenun_gedog": ("Tenun Gedog", "Back-Strap Loom Handwoven"),
    "tenun_atbm": ("Tenun ATBM", "Handloom Woven"),
    "tenun_mesin": ("Tenun Mesin", "Machine-Woven"),
    "ikat_lungsi": ("Tenun Ikat Lungsi", "Handwoven Warp Ikat"),
    "ikat_pakan": ("Tenun Ikat Pakan", "Handwoven Weft Ikat"),
    "ikat_ganda": ("Tenun Ikat Ganda", "Handwoven Double Ikat"),
    "songket": ("Songket", "Handwoven Songket"),
    "sasirangan": ("Sasirangan", "Sasirangan Stitch-Resist Dyed"),
    "jumputan": ("Jumputan", "Jumputan Tie-Dyed"),
    "tatah_timbul": ("Tatah Timbul", "Hand-Tooled"),
    "jahit_tangan": ("Jahit Tangan", "Hand-Stitched"),
}
BATIK_WAX_TECHNIQUES = frozenset({"batik_tulis", "batik_cap", "batik_kombinasi"})

PRODUCT_TYPES_EN = {
    "kain": "Cloth", "kain panjang": "Long Cloth", "kain batik": "Cloth", "kain tenun": "Cloth",
    "sarung": "Sarong", "selendang": "Shawl", "syal": "Scarf", "scarf": "Scarf",
    "kemeja": "Shirt", "blus": "Blouse", "blouse": "Blouse", "dress": "Dress", "gaun": "Dress",
    "rok": "Skirt", "celana": "Trousers", "outer": "Outer Jacket", "jaket": "Jacket",
    "tas": "Bag", "dompet": "Wallet", "sepatu": "Shoes", "sandal": "Sandals", "topi": "Hat",
    "kalung": "Necklace", "gelang": "Bracelet", "cincin": "Ring", "anting": "Earrings",
    "bros": "Brooch", "taplak meja": "Tablecloth", "sarung bantal": "Cushion Cover",
    "keranjang": "Basket", "tikar": "Mat", "hiasan dinding": "Wall Hanging",
    "kerudung": "Headscarf", "hijab": "Hijab", "ikat kepala": "Headband", "udeng": "Headband",
    "kursi": "Chair", "meja": "Table", "patung": "Carving", "piring": "Plate",
}
COLOURS_EN = {
    "merah": "red", "biru": "blue", "hijau": "green", "kuning": "yellow", "hitam": "black",
    "putih": "white", "coklat": "brown", "cokelat": "brown", "krem": "cream", "abu-abu": "grey",
    "abu": "grey", "ungu": "purple", "oranye": "orange", "jingga": "orange", "pink": "pink",
    "merah muda": "pink", "emas": "gold", "perak": "silver", "nila": "indigo",
    "indigo": "indigo", "sogan": "sogan brown", "marun": "maroon", "maroon": "maroon",
    "navy": "navy", "tosca": "teal",
}
PROVINCES_EN = {"Jawa Tengah": "Central Java", "Jawa Barat": "West Java",
                "Jawa Timur": "East Java", "DI Yogyakarta": "Yogyakarta",
                "Daerah Istimewa Yogyakarta": "Yogyakarta", "DKI Jakarta": "Jakarta",
                "Nusa Tenggara Timur": "East Nusa Tenggara",
                "Nusa Tenggara Barat": "West Nusa Tenggara", "Sumatera Barat": "West Sumatra",
                "Sumatera Utara": "North Sumatra", "Sumatera Selatan": "South Sumatra",
                "Kalimantan Selatan": "South Kalimantan", "Sulawesi Selatan": "South Sulawesi"}

TEXT = {
    "details": ("DETAIL PRODUK", "PRODUCT DETAILS"),
    "material": ("BAHAN", "MATERIALS"),
    "size": ("UKURAN", "SIZE"),
    "colours": ("WARNA", "COLOURS"),
    "care": ("PERAWATAN", "CARE"),
    "notes": ("CATATAN", "PLEASE NOTE"),
    "name": ("Nama: {}", "Name: {}"),
    "type": ("Jenis: {}", "Type: {}"),
    "technique": ("Teknik: {}", "Technique: {}"),
    "motif": ("Motif: {}", "Motif: {}"),
    "origin": ("Asal: {}", "Origin: {}"),
    "maker": ("Dibuat oleh: {}", "Made by: {}"),
    "made_to_order": ("Dibuat setelah pesanan masuk, sekitar {} hari.",
                      "Made to order in about {} days."),
    "sku": ("Kode produk: {}", "SKU: {}"),
    "sizes": ("Ukuran tersedia: {}", "Sizes: {}"),
    "weight": ("Berat: {} gram", "Weight: {} g"),
    "price": ("Harga: {}", "Price: {}"),
    "screen": ("Warna pada foto dapat sedikit berbeda dari aslinya karena pencahayaan dan "
               "pengaturan layar.",
               "Colours may look slightly different from the actual item due to lighting and "
               "screen settings."),
    "handmade": ("Setiap produk dibuat dengan tangan, sehingga motif, warna, dan ukuran dapat "
                 "sedikit berbeda antarproduk. Ini ciri khas buatan tangan, bukan cacat.",
                 "Each piece is handmade, so motif, colour and size may vary slightly between "
                 "pieces. This is a mark of handwork, not a defect."),
    "wax": ("Aroma khas malam (lilin batik) pada kain baru adalah hal yang wajar.",
            "A faint smell of batik wax on new cloth is normal."),
    "natural_dye": ("Pewarna alam dapat memudar perlahan; cuci dengan tangan dan jemur di tempat "
                    "teduh.",
                    "Natural dyes can fade gradually; hand-wash and dry in the shade."),
    "questions": ("Silakan kirim pesan kepada penjual bila ada pertanyaan tentang ukuran, warna, "
                  "atau perawatan sebelum memesan.",
                  "Please send the shop a message if you have any questions about size, colour "
                  "or care before ordering."),
    "fallback_type": ("Produk", "Item"),
    "region_title": ("Khas {}", "from {}"),
    "motif_title": ("Motif {}", "{} Motif"),
}
CALLS_TO_ACTION = {
    ("id", "anda"): "Untuk memesan, silakan kirim pesan langsung kepada kami.",
    ("id", "kamu"): "Mau pesan? Kirim pesan langsung ke kami, ya.",
    ("id", "kak"): "Kak, yuk pesan dengan kirim pesan langsung ke kami.",
    ("en", ""): "To order, send us a direct message.",
}
WHATSAPP_CALLS = {"anda": "Balas pesan ini untuk memesan.",
                  "kamu": "Balas pesan ini untuk pesan, ya.",
                  "kak": "Kak, balas pesan ini untuk pesan, ya.",
                  "en": "Reply to this message to order."}


@dataclass(frozen=True)
class ProductFacts:
    """What the owner told us about a product; ids refer to webapp/data/vocab.toml."""

    name: str = ""
    product_type: str = ""
    technique: str | None = None
    materials: tuple[str, ...] = ()
    motif: str = ""
    region: str = ""
    colours: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    dimensions: str = ""
    weight_g: int | None = None
    price: int | None = None
    stock: int | None = None
    sku: str = ""
    care_notes: tuple[str, ...] = ()
    made_to_order_days: int | None = None
    dye: str | None = None
    product_type_en: str = ""


@dataclass(frozen=True)
class BrandFacts:
    """What the copy needs from the current brand revision."""

    name: str = ""
    city: str = ""
    province: str = ""
    story_hook: str = ""
    tone: str = "anda"
    instagram: str = ""
    story_hook_en: str = ""


@dataclass(frozen=True)
class Listing:
    """One channel's copy; fields the channel does not use are empty."""

    channel: str
    language: str
    title: str = ""
    description: str = ""
    bullets: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    caption: str = ""
    catalogue_text: str = ""


def format_rupiah(amount: int, language: str = "id") -> str:
    """Return amount as PUEBI rupiah (Rp150.000), or IDR 150,000 in English."""
    if language == "en":
        return f"IDR {format_decimal(amount, locale='en')}"
    return f"Rp{format_decimal(amount, locale='id')}"


# --- cleaning owner text ----------------------------------------------------------------------

@lru_cache(maxsize=4096)
def clean(text: str | None, *, newlines: bool = False) -> str:
    """Return owner text as plain text: no HTML, emoji, symbols, control characters or leading
    formula signs; spaces collapsed (line breaks kept when newlines is True)."""
    text = html.unescape(html.unescape(text or ""))
    text = unicodedata.normalize("NFC", re.sub(r"<[^>]*>", " ", text))
    text = rules.EMOJI.sub(" ", text)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\n" and newlines:
            kept.append(char)
        elif (char.isspace() or category[0] in "CZ" or category in ("So", "Sk", "Co")
              or char in "<>#{}[]|^~`\\$*_="):
            kept.append(" ")
        else:
            kept.append(char)
    text = "".join(kept)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(line for line in lines if line) if newlines else " ".join(lines).strip()
    return strip_formula_start(text)


def strip_formula_start(text: str) -> str:
    """Drop the signs a spreadsheet would read as a formula from the start of text."""
    return text.lstrip(rules.FORMULA_START + " .,;:)/'")


def shorten(text: str, limit: int, *, ellipsis: bool = True) -> str:
    """Return text within limit characters, cut after a sentence if one fits, else between words."""
    if rules.text_length(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = ""
    for sentence in sentences:
        candidate = f"{kept} {sentence}".strip()
        if rules.text_length(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    words = text.split()
    kept = ""
    for word in words:
        candidate = f"{kept} {word}".strip()
        if rules.text_length(candidate) > limit - 1:
            break
        kept = candidate
    return f"{kept}…" if kept and ellipsis else kept


def soften_caps(text: str) -> str:
    """Capitalise only the first letter of shouted words (4+ capitals), keeping acronyms."""
    def soften(match: re.Match) -> str:
        word = match.group()
        return word if word in ACRONYMS else word.capitalize()
    return re.sub(r"\b[^\W\d_]{4,}\b", lambda m: soften(m) if m.group().isupper() else m.group(),
                  text)


def title_case(text: str) -> str:
    """Capitalise lower-case words for a title, leaving words the owner cased on purpose."""
    words = []
    for word in soften_caps(text).split():
        words.append(word[:1].upper() + word[1:] if word.islower() else word)
    return " ".join(words)


def title_safe(text: str) -> str:
    """Keep letters, marks, digits and plain punctuation for a title."""
    kept = "".join(c if c.isalnum() or unicodedata.category(c)[0] == "M"
                   or c in TITLE_PUNCTUATION else " " for c in text)
    kept = re.sub(r"\(\s*\)", " ", kept)
    return re.sub(r" {2,}", " ", kept).strip(" ,.-/'")


def technique_of(product: ProductFacts) -> Term | None:
    """Return the vocabulary term of the product's technique, or None."""
    return vocabulary().get("techniques", product.technique) if product.technique else None


def honest(text: str, product: ProductFacts, language: str, brand: str = "") -> str:
    """Rename what the batik and tenun rules forbid in owner text for this product; the brand's
    own name is left as it is."""
    term = technique_of(product)
    if term is None or not text:
        return text
    if len(brand.strip()) >= 2 and brand.casefold() in text.casefold():
        pieces = re.split(re.escape(brand), text, flags=re.IGNORECASE)
        names = re.findall(re.escape(brand), text, flags=re.IGNORECASE)
        fixed = [honest(f"\x00{piece}\x00", product, language)[1:-1] for piece in pieces]
        return "".join(p + (names[i] if i < len(names) else "") for i, p in enumerate(fixed))
    craft, handmade = term.extra.get("craft"), term.extra.get("is_handmade", True)
    if not handmade:
        text = rules.HANDMADE_CLAIM.sub(" ", text)
    if craft == "batik" and not handmade:
        honest_batik = "Batik-Pattern" if language == "en" else "Motif Batik"
        text = re.sub(r"(?<![#\w])(?<!motif )(?<!tiruan )batik(?:\s+(?:tulis|cap|kombinasi|asli))*"
                      r"(?![\s-]*(?:pattern|style))", honest_batik, text, flags=re.IGNORECASE)
        text = re.sub(r"(?<![#\w])(?<!motif )tenun\b", "Motif Tenun", text, flags=re.IGNORECASE)
        text = rules.HAND_LOOM_CLAIM.sub(" ", text)
    if craft == "tenun" and not handmade:
        text = rules.HAND_LOOM_CLAIM.sub(" ", text)
        text = re.sub(r"(?<![#\w])(?<!motif )tenun\b(?![\s-]*mesin)", "Tenun Mesin", text,
                      flags=re.IGNORECASE)
    if term.id == "batik_cap":
        text = re.sub(r"\bbatik\s+tulis\b", "Batik Cap", text, flags=re.IGNORECASE)
    if term.id == "batik_kombinasi":
        text = re.sub(r"\bbatik\s+tulis\b(?![\s-]*(?:dan|&|-|/)\s*cap)", "Batik Kombinasi", text,
                      flags=re.IGNORECASE)
    return re.sub(r" {2,}", " ", text).strip(" ")


class Writer:
    """Writes the copy for one product, brand, channel and language."""

    def __init__(self, product: ProductFacts, brand: BrandFacts, channel: Channel,
                 language: str, story_hook: str | None) -> None:
        self.product = product
        self.brand = brand
        self.channel = channel
        self.language = language
        self.en = language == "en"
        self.vocab = vocabulary()
        self.technique = technique_of(product)
        name = rules.scrub(channel, "title", clean(brand.name))
        name = title_safe(shorten(name, BRAND_MAX, ellipsis=False))
        self.brand_name = " ".join(text for _, text in dedupe([("brand", name)]))
        hook = story_hook if story_hook is not None else (
            brand.story_hook_en if self.en else brand.story_hook)
        self.hook = self.owner(hook or "", "description", HOOK_MAX)

    def text(self, key: str) -> str:
        """Return the fixed text key in the writer's language."""
        return TEXT[key][1 if self.en else 0]

    def owner(self, text: str, field: str, limit: int = FRAGMENT_MAX) -> str:
        """Return one owner-typed fragment cleaned, made honest, scrubbed and shortened; in
        sentences, a sentence that needed scrubbing (a phone number, another shop) goes whole."""
        text = shorten(clean(text), 3 * limit, ellipsis=False)  # no need to scrub a novel
        text = honest(text, self.product, self.language, self.brand_name)
        kept = []
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            scrubbed = rules.scrub(self.channel, field, sentence, product=self.product,
                                   brand=self.brand_name)
            if scrubbed.split() == sentence.split():
                kept.append(sentence)
            elif field == "title":
                kept.append(scrubbed)
        return strip_formula_start(shorten(" ".join(kept), limit))

    # --- facts in the writer's language ---

    @property
    def handmade(self) -> bool:
        """True when the technique is handmade (unknown techniques make no claim)."""
        return bool(self.technique and self.technique.extra.get("is_handmade"))

    @property
    def craft(self) -> str | None:
        """Return the craft id of the technique."""
        return self.technique.extra.get("craft") if self.technique else None

    def term_label(self, table: str, value: str) -> str:
        """Return a vocabulary label for value (an id), or the owner's own text."""
        term = self.vocab.get(table, value) if re.fullmatch(r"[a-z0-9_]+", value or "") else None
        if term is not None:
            return term.label(self.language if self.en else "id")
        return self.owner(value, "description", PART_MAX)

    def technique_explained(self) -> str:
        """What the technique is, in a sentence a buyer reads; '' when the vocabulary's text
        is a reference note (in_listings = false)."""
        if self.technique is None or self.technique.extra.get("in_listings") is False:
            return ""
        return self.technique.extra.get("description_en" if self.en else "description_id", "")

    def product_type(self) -> str:
        """Return the product type; English channels get a translation where one is known."""
        if self.en:
            if self.product.product_type_en:
                return self.owner(self.product.product_type_en, "title", PART_MAX)
            typed = clean(self.product.product_type).casefold()
            known = PRODUCT_TYPES_EN.get(typed) or PRODUCT_TYPES_EN.get(typed.split(" ")[0]
                                                                        if typed else "")
            if known:
                return known
        return self.owner(self.product.product_type or self.product.name, "title", PART_MAX)

    def technique_title(self) -> str:
        """Return the technique as it should read in a title."""
        if self.technique is None:
            return ""
        fixed = TECHNIQUE_TITLES.get(self.technique.id)
        if fixed:
            return fixed[1 if self.en else 0]
        return title_case(self.technique.label("en" if self.en else "id").split(" (")[0])

    def region(self) -> tuple[str, str]:
        """Return the region as (short name for titles, full name with province)."""
        value = self.product.region
        known = re.fullmatch(r"[a-z0-9_]+", value or "")
        term = self.vocab.get("regions", value) if known else None
        if term is None:
            text = self.owner(value, "description", PART_MAX)
            return short_place(text), text
        label = term.label("en" if self.en else "id")
        province = term.extra.get("province", "")
        if self.en:
            province = PROVINCES_EN.get(province, province)
        full = f"{label}, {province}" if province and province not in label else label
        return short_place(label), full

    def materials(self) -> list[str]:
        """Return the material labels."""
        return unique(self.term_label("materials", value) for value in self.product.materials[:4])

    def colours(self) -> list[str]:
        """Return the colours, translated to English where known."""
        colours = [self.owner(colour, "description", 30) for colour in self.product.colours[:6]]
        if self.en:
            colours = [COLOURS_EN.get(colour.casefold(), colour) for colour in colours]
        return unique(colours)

    def sizes(self) -> str:
        """Return the available sizes as one line."""
        sizes = [self.owner(size, "description", 20) for size in self.product.sizes[:10]]
        return ", ".join(unique(sizes))

    def dimensions(self) -> str:
        """Return the dimensions as typed (decimal point in English)."""
        dimensions = self.owner(self.product.dimensions, "description", 60)
        return re.sub(r"(\d),(\d)", r"\1.\2", dimensions) if self.en else dimensions

    def care(self) -> list[str]:
        """Return up to five care lines: the owner's, else the craft's and dye's from the vocab."""
        notes = [] if self.en else [self.owner(note, "description") for note in
                                    self.product.care_notes]
        notes = [note for note in notes if note]
        if not notes and (self.handmade or not self.technique):
            key = "care_en" if self.en else "care_id"
            craft = self.vocab.get("crafts", self.craft) if self.craft else None
            notes = list(craft.extra.get(key, [])) if craft else []
            if self.product.materials and self.product.materials[0] == "sutra":
                silk = self.vocab.get("crafts", "sutra")
                notes = list(silk.extra.get(key, [])) if silk else notes
        return notes[:CARE_MAX]

    def dye(self) -> Term | None:
        """Return the dye term, or None."""
        return self.vocab.get("dyes", self.product.dye) if self.product.dye else None

    def money(self, amount: int | None) -> str:
        """Return a price in the writer's language, or '' when there is none."""
        return format_rupiah(amount, self.language) if amount and amount > 0 else ""

    # --- titles ---

    def title_parts(self) -> dict[str, str]:
        """Return every title part that has a value, already cleaned."""
        motif = self.term_label("motifs", self.product.motif)
        if motif and not motif.casefold().startswith("motif"):
            motif = self.text("motif_title").format(motif)
        short_region = self.region()[0]
        size = self.dimensions() or "/".join(
            unique(self.owner(size, "title", 12) for size in self.product.sizes[:6]))
        materials = self.materials()[:2]
        parts = {
            "brand": self.brand_name,
            "product_type": self.product_type(),
            "technique": self.technique_title(),
            "motif": motif,
            "material": " ".join(materials),
            "region": self.text("region_title").format(short_region) if short_region else "",
            "size": size,
            "colour": "/".join(self.colours()[:2]),
            "name": self.owner(self.product.name, "title", PART_MAX),
        }
        cleaned = {}
        for name, value in parts.items():
            if name != "brand":
                value = honest(value, self.product, self.language)
            value = title_safe(value)
            cleaned[name] = title_case(value) if name in OWNER_TITLE_PARTS else value
        return {name: value for name, value in cleaned.items() if rules.WORD.search(value)}

    def join_title(self, parts: Sequence[tuple[str, str]]) -> str:
        """Join title parts: spaces in Indonesian; in English, commas after the product type."""
        if not self.en:
            return " ".join(text for _, text in parts)
        head, tail, previous = [], [], ""
        for name, text in parts:
            # "Hand-Drawn Batik Tulis Cloth from Lasem, Latohan Motif, Cotton"
            if tail or (head and previous not in ("", "brand", "technique")
                        and not (previous == "product_type" and name == "region")):
                tail.append(text)
            else:
                head.append(text)
            previous = name
        return ", ".join([" ".join(head), *tail])

    def title(self) -> str:
        """Write the title: pattern order, no repeated word, fitted by dropping parts."""
        rules_ = self.channel.title
        if rules_ is None:
            return ""
        pattern = rules_.value("pattern", DEFAULT_PATTERN)
        available = self.title_parts()
        if "product_type" not in available:
            available["product_type"] = self.text("fallback_type")
        ordered = [(name, available[name]) for name in pattern if name in available]
        if not any(name == "product_type" for name, _ in ordered):
            ordered.insert(0, ("product_type", available["product_type"]))
        limit = rules_.target_max() or 10_000
        parts = self.fit(dedupe(ordered), limit)
        title = self.join_title(parts) if parts else ""
        title = self.fill_minimum(title, rules_.value("min", 0), limit)
        return self.settle("title", title, self.shrink_title)

    def fit(self, parts: list[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
        """Keep the product type, then every other part in pattern order that still fits; a
        product type too long on its own loses words from its end. When every word of the
        product type already stands in an earlier part (a "batik" type after "Stamped Batik"),
        the first part is the core instead."""
        core = next(((name, text) for name, text in parts if name == "product_type"),
                    parts[0] if parts else None)
        if core is None:
            return []
        words = core[1].split()
        while len(words) > 1 and rules.text_length(" ".join(words)) > limit:
            words.pop()
        core = (core[0], " ".join(words))
        if rules.text_length(core[1]) > limit:
            return []
        kept = {core[0]}
        for name, _ in parts:
            if name in kept:
                continue
            trial = [(n, core[1] if n == core[0] else t) for n, t in parts
                     if n in kept or n == name]
            if rules.text_length(self.join_title(trial)) <= limit:
                kept.add(name)
        return [(n, core[1] if n == core[0] else t) for n, t in parts if n in kept]

    def fill_minimum(self, title: str, minimum: int, limit: int) -> str:
        """Lengthen a title that is shorter than the channel's minimum with a generic noun."""
        for word in (self.text("fallback_type"), "Indonesia"):
            if rules.text_length(title) >= minimum:
                break
            candidate = f"{title} {word}".strip()
            if rules.text_length(candidate) <= limit:
                title = candidate
        return title

    def shrink_title(self, title: str, findings: list[rules.Finding]) -> str:
        """Remove what a blocking finding points at; else drop the last word."""
        if any(f.rule == "title.all_caps" for f in findings):
            return " ".join(word.capitalize() for word in title.split())
        if any(f.rule in ("length.min", "length.empty") for f in findings):
            return self.fill_minimum(title, 10_000, self.channel.title.target_max() or 10_000)
        return drop_spans(title, findings) or " ".join(title.split()[:-1])

    # --- descriptions ---

    def description_lines(self) -> list[tuple[str, str, int]]:
        """Return (section, line, priority) for the description; higher priority stays longer."""
        lines: list[tuple[str, str, int]] = []

        def add(section: str, text: str, priority: int) -> None:
            if text and rules.WORD.search(text):
                lines.append((section, text, priority))

        add("hook", self.hook, 4)
        product_type = self.product_type() or self.text("fallback_type")
        name = self.owner(self.product.name, "description", PART_MAX)
        if name and name.casefold() != product_type.casefold():
            add("details", self.text("name").format(name), 8)
        add("details", self.text("type").format(product_type), 9)
        if self.technique is not None:
            label = self.technique.label("en" if self.en else "id")
            explain = self.technique_explained()
            line = self.text("technique").format(label)
            add("details", f"{line}. {explain}" if explain else line, 9)
        motif = self.term_label("motifs", self.product.motif)
        add("details", self.text("motif").format(motif) if motif else "", 7)
        full_region = self.region()[1]
        add("details", self.text("origin").format(full_region) if full_region else "", 7)
        maker = ", ".join(part for part in (self.brand_name, self.owner(self.brand.city,
                                                                         "description", 60))
                          if part)
        add("details", self.text("maker").format(maker) if maker else "", 5)
        days = self.product.made_to_order_days
        if days and days > 0:
            add("details", self.text("made_to_order").format(days), 6)
        sku = title_safe(self.owner(self.product.sku, "description", 40))
        add("details", self.text("sku").format(sku) if sku else "", 3)
        for material in self.materials():
            add("material", material, 8)
        dye = self.dye()
        if dye is not None:
            add("material", dye.label("en" if self.en else "id"), 6)
        add("size", self.dimensions(), 8)
        sizes = self.sizes()
        add("size", self.text("sizes").format(sizes) if sizes else "", 8)
        if self.product.weight_g and self.product.weight_g > 0:
            add("size", self.text("weight").format(self.product.weight_g), 7)
        add("colours", ", ".join(self.colours()).capitalize(), 6)
        for index, note in enumerate(self.care()):
            add("care", note, 5 if index < 3 else 1)
        add("notes", self.text("screen"), 10)
        if self.handmade:
            add("notes", self.text("handmade"), 10)
        if self.technique is not None and self.technique.id in BATIK_WAX_TECHNIQUES:
            add("notes", self.text("wax"), 6)
        if dye is not None and dye.id == "pewarna_alam":
            add("notes", self.text("natural_dye"), 6)
        add("notes", self.text("questions"), 10)
        return lines

    def compose(self, lines: list[tuple[str, str, int]], hashtags: str) -> str:
        """Lay out description lines under section headings, hashtags last."""
        blocks = []
        hook = [text for section, text, _ in lines if section == "hook"]
        if hook:
            blocks.append(hook[0])
        for section in ("details", "material", "size", "colours", "care", "notes"):
            items = [text for name, text, _ in lines if name == section]
            if items:
                blocks.append("\n".join([self.text(section), *(f"• {item}" for item in items)]))
        if hashtags:
            blocks.append(hashtags)
        return "\n\n".join(blocks)

    def description(self, hashtags: Sequence[str]) -> str:
        """Write the structured description within the channel's limit."""
        rules_ = self.channel.description
        if rules_ is None:
            return ""
        tags = " ".join(hashtags) if self.channel.hashtags and \
            self.channel.hashtags.style == "hashtag" else ""
        lines = self.description_lines()
        limit = rules_.value("max", 100_000)
        text = self.compose(lines, tags)
        while rules.text_length(text) > limit:
            if tags:
                tags = ""
            else:
                lines = drop_lowest(lines)
            text = self.compose(lines, tags)
        return self.settle("description", text, drop_lines)

    # --- social and chat texts ---

    def headline(self) -> str:
        """Return a short product line for captions: type, technique, motif, region."""
        parts = self.title_parts()
        order = ("technique", "product_type", "motif", "region") if self.en else (
            "product_type", "technique", "motif", "region")
        return self.join_title(dedupe([(name, parts[name]) for name in order if name in parts]))

    def caption_block(self) -> list[tuple[str, int]]:
        """Return (line, priority) for an Instagram caption; the hook is its own paragraph."""
        block: list[tuple[str, int]] = []
        if self.hook:
            block.append((self.hook + "\n", 3))
        block.append((self.headline(), 9))
        materials = ", ".join(self.materials())
        if materials:
            block.append((f"• {TEXT['material'][1 if self.en else 0].capitalize()}: {materials}",
                          6))
        size = self.dimensions() or self.sizes()
        if size:
            block.append((f"• {TEXT['size'][1 if self.en else 0].capitalize()}: {size}", 6))
        price = self.money(self.product.price)
        if price:
            block.append((f"• {self.text('price').format(price)}", 8))
        days = self.product.made_to_order_days
        if days and days > 0:
            block.append((f"• {self.text('made_to_order').format(days)}", 5))
        if self.handmade:
            block.append((self.text("handmade"), 4))
        tone = "" if self.en else (self.brand.tone if self.brand.tone in ("anda", "kamu", "kak")
                                   else "anda")
        block.append((CALLS_TO_ACTION[("en" if self.en else "id", tone)], 7))
        return block

    def caption(self, hashtags: Sequence[str], both: bool) -> str:
        """Write the Instagram caption (both languages when asked), hashtags last."""
        if self.channel.caption is None or self.channel.kind != "social":
            return ""
        blocks = [self.caption_block()]
        if both:
            other = Writer(self.product, self.brand, self.channel, "en", None)
            blocks.append(other.caption_block())
        limit = self.channel.caption.target_max() or 100_000
        tags = " ".join(hashtags)

        def compose() -> str:
            paragraphs = ["\n".join(line for line, _ in block) for block in blocks if block]
            return "\n\n".join([*paragraphs, tags] if tags else paragraphs)

        text = compose()
        while rules.text_length(text) > limit:
            if tags:
                tags = ""
            else:
                blocks = [drop_lowest(block) for block in blocks]
            text = compose()
        return self.settle("caption", text, drop_lines)

    def catalogue_text(self, title: str) -> str:
        """Write the WhatsApp catalogue text: name, price, key facts, hook, call to action."""
        if self.channel.caption is None or self.channel.kind != "messaging":
            return ""
        lines: list[tuple[str, int]] = [(f"*{title}*" if title else self.headline(), 9)]
        price = self.money(self.product.price)
        if price:
            lines.append((self.text("price").format(price), 9))
        facts = [", ".join(self.materials()), self.dimensions() or self.sizes()]
        facts_line = " · ".join(fact for fact in facts if fact)
        if facts_line:
            lines.append((facts_line, 7))
        days = self.product.made_to_order_days
        if days and days > 0:
            lines.append((self.text("made_to_order").format(days), 6))
        if self.hook:
            lines.append((shorten(self.hook, 140), 3))
        tone = "en" if self.en else (self.brand.tone if self.brand.tone in WHATSAPP_CALLS
                                     else "anda")
        lines.append((WHATSAPP_CALLS[tone], 8))
        limit = self.channel.caption.target_max() or 1024
        text = "\n".join(line for line, _ in lines)
        while rules.text_length(text) > limit and len(lines) > 1:
            lines = drop_lowest(lines)
            text = "\n".join(line for line, _ in lines)
        return self.settle("caption", text, drop_lines)

    def bullets(self) -> tuple[str, ...]:
        """Write bullet points (Amazon's key features) within count and length."""
        rules_ = self.channel.bullets
        if rules_ is None:
            return ()
        limit = rules_.max_chars.value if rules_.max_chars else 500
        count = rules_.max_count.value if rules_.max_count else 5
        candidates = []
        if self.technique is not None:
            label = self.technique.label("en" if self.en else "id")
            explain = self.technique_explained()
            candidates.append(f"{label}: {explain}" if explain else label)
        materials = ", ".join(self.materials())
        dye = self.dye()
        if materials or dye:
            dye_text = dye.label("en" if self.en else "id") if dye else ""
            candidates.append(f"{TEXT['material'][1 if self.en else 0].capitalize()}: "
                              + "; ".join(part for part in (materials, dye_text) if part))
        size = "; ".join(part for part in (self.dimensions(), self.sizes()) if part)
        if size:
            candidates.append(f"{TEXT['size'][1 if self.en else 0].capitalize()}: {size}")
        care = self.care()[:3]
        if care:
            candidates.append(f"{TEXT['care'][1 if self.en else 0].capitalize()}: "
                              + " ".join(care))
        candidates.append(self.text("handmade") if self.handmade else self.text("screen"))
        result = []
        for candidate in candidates[:count]:
            bullet = self.settle("bullet", shorten(candidate, limit), drop_lines)
            if bullet:
                result.append(bullet)
        return tuple(result)

    # --- hashtags ---

    def hashtags(self) -> tuple[str, ...]:
        """Return hashtags (or Etsy tags) from the vocabulary, most specific first."""
        rules_ = self.channel.hashtags
        if rules_ is None:
            return ()
        count = rules_.target_max()
        if rules_.style == "tags":
            tags = self.etsy_tags(rules_.max_chars_each.value if rules_.max_chars_each else 20)
        else:
            tags = [f"#{tag}" for tag in self.hashtag_words()]
        kept: list[str] = []
        for tag in tags:
            if tag in kept or len(kept) >= count:
                continue
            findings = rules.check_text(self.channel, "hashtags", tag, product=self.product,
                                        brand=self.brand_name)
            if not any(f.blocking or f.rule.startswith(("contact.", "marketplace.", "naming."))
                       for f in findings):
                kept.append(tag)
        return tuple(kept)

    def hashtag_words(self) -> list[str]:
        """Return hashtag words: technique, craft with region, region, motif, material, generic."""
        technique = self.technique.id if self.technique else ""
        craft = self.craft or ""
        region_slug = slug(self.region()[0])
        honest_craft = craft if self.handmade or craft not in ("batik", "tenun") else ""
        words = []
        special = {"printing_motif_batik": "motifbatik", "tenun_mesin": "tenunmesin",
                   "batik_kombinasi": "batikkombinasi", "ikat_lungsi": "tenunikat",
                   "ikat_pakan": "tenunikat", "ikat_ganda": "tenunikat"}
        if technique:
            words.append(special.get(technique, slug(self.technique.label_id)))
        if honest_craft and region_slug:
            words.append(f"{honest_craft}{region_slug}")
        if honest_craft:
            words.append(honest_craft)
        if region_slug:
            words.append(region_slug)
        motif = slug(self.term_label("motifs", self.product.motif))
        if motif:
            words.append(motif if motif.startswith("motif") else f"motif{motif}")
        words.extend(slug(material) for material in self.materials()[:1])
        if self.handmade and craft in TEXTILE_CRAFTS:
            words.extend(["wastranusantara", "kainnusantara"])
        if self.handmade:
            words.append("handmadeindonesia")
        words.extend(["buatanindonesia", "produklokal"])
        return [word for word in words if word and len(word) <= 30]

    def etsy_tags(self, limit: int) -> list[str]:
        """Return Etsy tags (English phrases of up to limit characters)."""
        technique = self.technique.id if self.technique else ""
        phrases = {
            "batik_tulis": ["batik tulis", "hand drawn batik"],
            "batik_cap": ["batik cap", "stamped batik"],
            "batik_kombinasi": ["batik", "hand drawn batik"],
            "printing_motif_batik": ["batik pattern print"],
            "tenun_mesin": ["woven fabric"],
        }.get(technique, [slug_phrase(self.technique_title())] if technique else [])
        region = self.region()[0].casefold()
        craft = self.craft or ""
        tags = list(phrases)
        if region and craft == "batik" and self.handmade:
            tags.append(f"{region} batik")
        if region:
            tags.append(region)
        motif = self.term_label("motifs", self.product.motif).casefold()
        if motif:
            tags.append(motif)
        tags.append(self.product_type().casefold())
        tags.extend(material.casefold() for material in self.materials()[:2])
        if craft == "batik" and self.handmade:
            tags.append("indonesian batik")
        if self.handmade and craft in TEXTILE_CRAFTS:
            tags.append("indonesian textile")
        if self.handmade:
            tags.append("handmade")
        tags.append("made in indonesia")
        cleaned = [slug_phrase(tag) for tag in tags]
        return [tag for tag in cleaned if tag and rules.text_length(tag) <= limit]

    # --- the final guard ---

    def settle(self, field: str, text: str,
               shrink: Callable[[str, list[rules.Finding]], str]) -> str:
        """Return text once check_text finds nothing blocking, shrinking it while it does."""
        title = None
        for _ in range(40):
            text = strip_formula_start(text.strip())
            findings = rules.blocking(rules.check_text(
                self.channel, field, text, product=self.product, brand=self.brand_name,
                title=title))
            if not findings or not text:
                return text
            text = shrink(text, findings)
        return ""


# --- small pure helpers -----------------------------------------------------------------------

def dedupe(parts: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop every word whose keywords appeared in an earlier part; the brand is a name and stays
    whole (repeated words inside it go)."""
    used: set[str] = set()
    result = []
    for name, text in parts:
        words = []
        seen_here: set[str] = set()
        for word in text.split():
            keys = rules.keywords(word)
            pool = seen_here if name == "brand" else used | seen_here
            if keys and (any(key in pool for key in keys) or len(set(keys)) < len(keys)):
                continue
            seen_here.update(keys)
            words.append(word)
        if name != "brand":
            used.update(seen_here)
        kept = title_safe(" ".join(words))
        if rules.WORD.search(kept):
            result.append((name, kept))
    return result


def drop_spans(text: str, findings: Sequence[rules.Finding]) -> str:
    """Remove the whole words that findings point at."""
    spans = [f.span for f in findings if f.span]
    if not spans:
        return ""
    words, position = [], 0
    for word in text.split(" "):
        start, end = position, position + len(word)
        position = end + 1
        if not any(s < end and start < e for s, e in spans):
            words.append(word)
    return re.sub(r" {2,}", " ", " ".join(words)).strip()


def drop_lines(text: str, findings: Sequence[rules.Finding]) -> str:
    """Remove the lines findings point at; without a span, the last line goes."""
    spans = [f.span for f in findings if f.span]
    lines = text.split("\n")
    if not spans:
        return "\n".join(lines[:-1]).strip()
    kept, position = [], 0
    for line in lines:
        start, end = position, position + len(line)
        position = end + 1
        if not any(s < end and start < e for s, e in spans):
            kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def drop_lowest(lines: list[tuple]) -> list[tuple]:
    """Remove the line with the lowest priority (its last item); the last of equals goes."""
    if not lines:
        return lines
    lowest = min(line[-1] for line in lines)
    index = max(i for i, line in enumerate(lines) if line[-1] == lowest)
    return lines[:index] + lines[index + 1:]


def unique(items) -> list[str]:
    """Return the non-empty items once each, first spelling kept, ignoring case."""
    seen: set[str] = set()
    result = []
    for item in items:
        key = " ".join(rules.WORD.findall(item.casefold()))
        if key and key not in seen:
            seen.add(key)
            result.append(item)
    return result


def short_place(label: str) -> str:
    """Return the first name of a place label: 'Lasem, Rembang' -> 'Lasem'."""
    return label.split(",")[0].split(" (")[0].strip()


def slug(text: str) -> str:
    """Return text as a lower-case ASCII hashtag word."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.casefold())


def slug_phrase(text: str) -> str:
    """Return text as a lower-case ASCII tag phrase (letters, digits, single spaces)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]", " ", ascii_text.casefold())).strip()


def write_listing(product: ProductFacts, brand: BrandFacts, channel: Channel | str, *,
                  language: str | None = None, story_hook: str | None = None,
                  title: str | None = None, hashtags: Sequence[str] | None = None) -> Listing:
    """Write a channel's listing copy for product; language defaults to the channel's ('both'
    writes an Instagram caption in Indonesian and English), story_hook replaces the brand's.

    title and hashtags are the owner's own versions: the texts that quote them (the description
    and caption carry the hashtags, the WhatsApp catalogue text the title) use them, while the
    listing's own title and hashtags stay the written ones, so the owner can go back to them."""
    if isinstance(channel, str):
        channel = get_channel(channel)
    language = language or channel.language
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    both = language == "both"
    writer = Writer(product, brand, channel, "id" if both else language, story_hook)
    written_tags = writer.hashtags()
    tags = written_tags if hashtags is None else tuple(
        " ".join(tag.split()) for tag in hashtags if tag.strip())
    written_title = writer.title()
    quoted_title = written_title if title is None else clean(title)
    description = writer.description(tags)
    if description and written_title and description.strip() == written_title.strip():
        description = ""
    return Listing(
        channel=channel.id,
        language=language,
        title=written_title,
        description=description,
        bullets=writer.bullets(),
        hashtags=written_tags,
        caption=writer.caption(tags, both),
        catalogue_text=writer.catalogue_text(quoted_title),
    )


def listing_to_dict(listing: Listing) -> dict[str, Any]:
    """Return a listing as JSON-ready data."""
    return {"channel": listing.channel, "language": listing.language, "title": listing.title,
            "description": listing.description, "bullets": list(listing.bullets),
            "hashtags": list(listing.hashtags), "caption": listing.caption,
            "catalogue_text": listing.catalogue_text}
