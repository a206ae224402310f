"""Values the writer computes from several answers: one small function per placeholder.

`DERIVATIONS` is the table: each name a pattern may use ("{town}", "{maker_word}") maps to the
questions it is made from, first the one that must exist for the placeholder to make sense (the
loader checks that), and the function that writes it. `DERIVED` is the same table without the
functions, for the loader.

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from webapp.stories.answers import Answers, as_items, vocab_ids
from webapp.stories.model import Noun, Template
from webapp.stories.naming import earns, maker_noun, without_craft_words
from webapp.stories.wording import join_items, parse_number
from webapp.text import say

if TYPE_CHECKING:
    from webapp.stories.values import Value


class Derived(NamedTuple):
    """A derived value's text, and whether it keeps its case inside a sentence (a name)."""

    text: str
    keep_case: bool = False


@dataclass
class Facts:
    """What the derivations read: the answers, their values, and what follows from them."""

    template: Template
    answers: Answers
    language: str
    proper: frozenset[str]
    values: Mapping[str, Value]

    def text(self, name: str) -> str:
        """The text of an answer's value, or "" when there is none."""
        value = self.values.get(name)
        return value.text if value else ""

    @cached_property
    def techniques(self) -> list[str]:
        """The brand's techniques, as vocabulary ids."""
        return vocab_ids(self.template, "techniques", self.answers.get("techniques"))

    @cached_property
    def product_techniques(self) -> list[str]:
        """The product's techniques, as vocabulary ids."""
        return vocab_ids(self.template, "techniques", self.answers.get("product_technique"))

    @cached_property
    def craft_id(self) -> str:
        """The vocabulary id of the craft, or ""."""
        crafts = vocab_ids(self.template, "crafts", self.answers.get("craft"))
        return crafts[0] if crafts else ""

    @property
    def craft(self) -> Noun | None:
        """The noun of the craft, if the craft is one the writer knows."""
        return self.template.shared.crafts.get(self.craft_id)

    @cached_property
    def town(self) -> str:
        """The town or regency: the city answer up to its first comma."""
        return self.text("city").split(",")[0].strip()

    @cached_property
    def maker(self) -> Noun:
        """The noun whose maker word the techniques earn (see naming.maker_noun)."""
        return maker_noun(self.template.shared, self.craft_id, self.techniques, self.language)


def _town(facts: Facts) -> Derived:
    """The town alone, as a name: "Lasem"."""
    return Derived(facts.town, keep_case=True)


def _place(facts: Facts) -> Derived:
    """The city with its province unless the city answer names it already: "Lasem, Jawa Tengah"."""
    city, province = facts.text("city"), facts.text("province")
    if city and province and province.casefold() not in city.casefold():
        return Derived(f"{city}, {province}", keep_case=True)
    return Derived(city, keep_case=True)


def _craft_noun(facts: Facts) -> Derived:
    """The techniques as named in the language, else the craft."""
    return Derived(facts.text("techniques") or facts.text("craft"))


def _makers(facts: Facts) -> str:
    """The maker word for several makers: "pembatik", "batik makers"."""
    key = "maker_id" if facts.language == "id" else "makers_en"
    return facts.maker.get(key)


def _maker_word(facts: Facts) -> Derived:
    """The maker word the techniques earn: no "pembatik" for printed cloth, no "penenun" for
    machines."""
    return Derived(_makers(facts))


def _team(facts: Facts) -> Derived:
    """The team as a count of makers: "12 pembatik", "one batik maker"."""
    team = facts.text("team_size")
    if not team:
        return Derived("")
    count = parse_number(team.replace(".", "").replace(",", ""))
    if count == 1 and facts.language == "en":
        # English alone agrees in number; Indonesian "1 pembatik" needs no other form.
        return Derived(f"one {facts.maker.get('maker_en')}")
    return Derived(f"{team} {_makers(facts)}")


def _founder(facts: Facts) -> Derived:
    """The owner by name, else the founder of the brand."""
    owner, brand = facts.text("owner"), facts.text("brand")
    if owner:
        return Derived(owner, keep_case=True)
    if brand:
        return Derived(say(facts.language, "pendiri %(brand)s", brand=brand))
    return Derived("")


def _product(facts: Facts) -> Derived:
    """The product type with the product's technique: "kemeja batik tulis"."""
    if not facts.text("product_type"):
        return Derived("")
    product = facts.values["product_type"].inner
    techniques = facts.product_techniques
    if techniques and techniques[0] in facts.template.shared.techniques:
        return Derived(_product_in(facts, facts.template.shared.techniques[techniques[0]]))
    if techniques:
        return Derived(f"{product} {facts.text('product_technique')}")
    return Derived(product)


def _product_in(facts: Facts, technique: Noun) -> str:
    """The product type shaped by the technique's noun, its own craft words replaced."""
    language = facts.language
    typed = join_items(as_items(facts.answers.get("product_type")), language)
    bare = without_craft_words(typed)
    if not bare:
        return technique.get(language)
    first = bare.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and first not in facts.proper:
        bare = bare[0].lower() + bare[1:]
    shape = technique.get(f"product_{language}")
    if not shape:
        return say(language, "%(product)s %(technique)s", product=bare,
                   technique=technique.get(language))
    return shape.replace("{type}", bare)


def _hashtags(facts: Facts) -> Derived:
    """Hashtags for the techniques in play: a printed product gets no #batik... tag even when
    the brand also makes batik cap."""
    shared = facts.template.shared
    in_play = facts.product_techniques or facts.techniques
    tags = [_place_tag(facts, in_play)]
    tags.extend(shared.techniques[t].get("tag") for t in in_play if t in shared.techniques)
    group = facts.craft.get("tag_group", "kriya") if facts.craft is not None else "kriya"
    tags.extend(shared.hashtags.get(group, ()))
    tags.extend(shared.hashtags.get("always", ()))
    unique = dict.fromkeys(t for t in tags if t)
    return Derived(" ".join("#" + t for t in unique))


def _place_tag(facts: Facts, in_play: list[str]) -> str:
    """The craft's tag for its town ("batiklasem"), when the techniques earn the craft's name."""
    craft = facts.craft
    town_tag = re.sub(r"[^0-9a-z]", "", facts.town.casefold())
    if (craft is None or not craft.get("place_tag") or not town_tag
            or not earns(facts.template.shared, facts.craft_id, craft, in_play)):
        return ""
    return craft.get("place_tag") + town_tag


class Derivation(NamedTuple):
    """The questions a derived value is made from, and the function that writes it."""

    sources: tuple[str, ...]
    write: Callable[[Facts], Derived]


DERIVATIONS: Mapping[str, Derivation] = MappingProxyType({
    "town": Derivation(("city",), _town),
    "place": Derivation(("city", "province"), _place),
    "craft_noun": Derivation(("craft", "techniques"), _craft_noun),
    "maker_word": Derivation(("craft", "techniques"), _maker_word),
    "team": Derivation(("team_size", "craft", "techniques"), _team),
    "founder": Derivation(("brand", "owner"), _founder),
    "product": Derivation(("product_type", "product_technique"), _product),
    "hashtags": Derivation(("craft", "techniques", "city"), _hashtags),
})
DERIVED: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {name: derivation.sources for name, derivation in DERIVATIONS.items()})


def derive(facts: Facts) -> dict[str, Derived]:
    """Every derived value, in the table's order."""
    return {name: derivation.write(facts) for name, derivation in DERIVATIONS.items()}
