"""The writer's facts: one product, brand, channel and language, with every fact the copy uses in
that language, each owner-typed fragment cleaned, made honest and scrubbed of what the channel
forbids; and the final guard every written text passes through (`settle`).

titles, descriptions, social and hashtags write the pieces from a Writer. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from webapp.formatting import rupiah
from webapp.listings.channels import Channel
from webapp.listings.checker import blocking, check_text, scrub
from webapp.listings.cleaning import (
    clean,
    honest,
    strip_formula_start,
    technique_of,
    title_case,
    title_safe,
)
from webapp.listings.facts import BrandFacts, ProductFacts
from webapp.listings.findings import Finding
from webapp.listings.fitting import dedupe, shorten, unique
from webapp.text import say
from webapp.vocab import CareLine, Term, care_for, indonesian_in, vocabulary

HOOK_MAX = 300
FRAGMENT_MAX = 160
PART_MAX = 60
BRAND_MAX = 40
CARE_MAX = 5
VOCAB_ID = re.compile(r"[a-z0-9_]+")


def craft_care(product: ProductFacts) -> list[CareLine]:
    """The care lines true of the product's technique, materials and dye, most important first
    (for a product whose owner wrote no care notes of their own)."""
    technique = technique_of(product)
    materials = (*product.materials, *([product.dye] if product.dye else []))
    return care_for(vocabulary(), technique.id if technique else "", materials,
                    product.product_type)


class Writer:
    """One product, brand, channel and language: the facts the copy is written from."""

    def __init__(self, product: ProductFacts, brand: BrandFacts, channel: Channel,
                 language: str, story_hook: str | None) -> None:
        """Read the facts once: the technique's term, the brand's name as titles use it, and
        the story hook (story_hook, else the brand's in the writer's language)."""
        self.product = product
        self.brand = brand
        self.channel = channel
        self.language = language
        self.en = language == "en"
        self.vocab = vocabulary()
        self.technique = technique_of(product)
        name = scrub(channel, "title", clean(brand.name))
        name = title_safe(shorten(name, BRAND_MAX, ellipsis=False))
        self.brand_name = " ".join(text for _, text in dedupe([("brand", name)]))
        hook = story_hook if story_hook is not None else (
            brand.story_hook_en if self.en else brand.story_hook)
        self.hook = self.owner(hook or "", "description", HOOK_MAX)

    def owner(self, text: str, field: str, limit: int = FRAGMENT_MAX) -> str:
        """Return one owner-typed fragment cleaned, made honest, scrubbed and shortened; in
        sentences, a sentence that needed scrubbing (a phone number, another shop) goes whole."""
        text = shorten(clean(text), 3 * limit, ellipsis=False)  # no need to scrub a novel
        text = honest(text, self.product, self.language, self.brand_name)
        kept = []
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            scrubbed = scrub(self.channel, field, sentence, product=self.product,
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
        """Return a vocabulary label for value (an id, or a label the owner typed), or the
        owner's own text (in English only when it holds no Indonesian word)."""
        term = self.vocab.get(table, value) if VOCAB_ID.fullmatch(value or "") else None
        if term is None and self.en:
            term = self.vocab.find(table, clean(value or ""))
        if term is not None:
            return term.label(self.language)
        return self.in_language(self.owner(value, "description", PART_MAX))

    def in_language(self, text: str) -> str:
        """The owner's text as it is, or '' in English copy when it holds Indonesian words
        (one language at a time: the craft words of the glossary and names may stay)."""
        return "" if self.en and indonesian_in(text) else text

    def in_english(self, table: str, word: str) -> str:
        """Return the English name the vocabulary table gives word, or word itself."""
        term = self.vocab.find(table, word)
        return term.label_en if term else word

    def generic_type(self) -> str:
        """Return the word for a product of no known type: Produk, or Item in English."""
        # Lower case in the catalogue, where "Produk" is already the pages' heading "Products".
        return say(self.language, "produk").capitalize()

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
            known = (self.vocab.find("product_types", typed)
                     or self.vocab.find("product_types", typed.split(" ")[0] if typed else ""))
            if known:
                return known.label_en
        return self.in_language(self.owner(self.product.product_type or self.product.name,
                                           "title", PART_MAX))

    def technique_title(self) -> str:
        """Return the technique as it should read in a title."""
        if self.technique is None:
            return ""
        fixed = self.technique.extra.get("title_en" if self.en else "title_id")
        if fixed:
            return fixed
        return title_case(self.technique.label(self.language).split(" (")[0])

    def region(self) -> tuple[str, str]:
        """Return the region as (short name for titles, full name with province)."""
        value = self.product.region
        term = self.vocab.get("regions", value) if VOCAB_ID.fullmatch(value or "") else None
        if term is None:
            text = self.owner(value, "description", PART_MAX)
            return short_place(text), text
        label = term.label(self.language)
        province = term.extra.get("province", "")
        if self.en:
            province = self.in_english("provinces", province)
        full = f"{label}, {province}" if province and province not in label else label
        return short_place(label), full

    def materials(self) -> list[str]:
        """Return the material labels."""
        return unique(label for value in self.product.materials[:4]
                      if (label := self.term_label("materials", value)))

    def colours(self) -> list[str]:
        """Return the colours, translated to English where known."""
        colours = [self.owner(colour, "description", 30) for colour in self.product.colours[:6]]
        if self.en:
            colours = [self.in_language(self.in_english("colours", colour))
                       for colour in colours]
        else:  # an English colour typed into Indonesian copy reads in Indonesian ("gold")
            english = {term.label_en.casefold(): term.label_id
                       for term in self.vocab.terms("colours")}
            colours = [english.get(colour.casefold(), colour) for colour in colours]
        return unique(colour for colour in colours if colour)

    def sizes(self) -> str:
        """Return the available sizes as one line."""
        sizes = [self.owner(size, "description", 20) for size in self.product.sizes[:10]]
        return ", ".join(unique(sizes))

    def dimensions(self) -> str:
        """Return the dimensions as the owner's form wrote them, with a decimal point in
        English; the text is typed, so its numbers are not parsed again."""
        dimensions = self.owner(self.product.dimensions, "description", 60)
        return re.sub(r"(\d),(\d)", r"\1.\2", dimensions) if self.en else dimensions

    def care(self) -> list[str]:
        """Return up to five care lines: the owner's, else the craft's and dye's from the vocab."""
        notes = [] if self.en else [self.owner(note, "description") for note in
                                    self.product.care_notes]
        notes = [note for note in notes if note]
        if not notes:
            notes = [line.text(self.language) for line in craft_care(self.product)]
        return notes[:CARE_MAX]

    def dye(self) -> Term | None:
        """Return the dye term, or None."""
        return self.vocab.get("dyes", self.product.dye) if self.product.dye else None

    def money(self, amount: int | None) -> str:
        """Return a price in the writer's language, or '' when there is none."""
        return rupiah(amount, self.language) if amount and amount > 0 else ""

    # --- the final guard ---

    def settle(self, field: str, text: str,
               shrink: Callable[[str, list[Finding]], str]) -> str:
        """Return text once check_text finds nothing blocking, shrinking it while it does."""
        title = None
        for _ in range(40):
            text = strip_formula_start(text.strip())
            findings = blocking(check_text(
                self.channel, field, text, product=self.product, brand=self.brand_name,
                title=title))
            if not findings or not text:
                return text
            text = shrink(text, findings)
        return ""


def short_place(label: str) -> str:
    """Return the first name of a place label: 'Lasem, Rembang' -> 'Lasem'."""
    return label.split(",")[0].split(" (")[0].strip()
