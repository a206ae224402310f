"""Honest craft names: printed cloth is never called "batik" (SNI 0239:2014 batik, SNI 8184:2015
tiruan batik), machine-woven cloth never "tenun" (only back-strap/gedog or ATBM hand looms), and
a maker is a "pembatik" or "penenun" only when a technique in play earns the name.

The replacement words stay here beside the patterns they replace: each rule is one regulation
read for one language, and a replacement that the pattern matched again would undo the rule.

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from webapp.stories.answers import Answers, vocab_ids
from webapp.stories.model import Noun, Shared, Template
from webapp.stories.wording import capitalise


@dataclass(frozen=True)
class NamingGuard:
    """Which protected names the techniques in play do not earn."""

    batik: bool = False
    tenun: bool = False

    @property
    def active(self) -> bool:
        """True when some name must be rewritten."""
        return self.batik or self.tenun


_BATIK = {
    "id": (re.compile(r"(?<!motif )\bbatik\b(?:\s+(?:tulis|cap|kombinasi|asli))?"
                      r"(?!\s*\(printing\))", re.IGNORECASE), "motif batik"),
    "en": (re.compile(r"(?:\b(?:hand-drawn|hand-stamped|handmade|genuine|authentic|real)\s+)?"
                      r"\bbatik\b(?!-pattern)(?:\s+(?:tulis|cap))?", re.IGNORECASE),
           "batik-pattern print"),
}
_TENUN_ID = re.compile(r"\b(?:kain\s+)?tenun\b(?:\s+(?:ikat|atbm|gedog|gendong|tangan|asli)\b)?",
                       re.IGNORECASE)
_HANDWOVEN_EN = re.compile(r"\bhand[- ]?woven\b", re.IGNORECASE)
_TENUN_EN = re.compile(r"\btenun\b", re.IGNORECASE)
_NOT_NOUNS = frozenset({
    "dan", "atau", "serta", "dengan", "dari", "untuk", "yang", "adalah", "ialah", "yaitu",
    "juga", "membuat", "menjual", "menghadirkan", "menenun", "kami", "ini", "itu", "para",
    "sebuah", "selembar", "sehelai", "berupa", "seperti", "khas", "asli", "of", "the",
})
# The craft words a product type may carry ("kemeja batik", "selendang tenun"); the technique's
# own noun replaces them, so a product is never "kemeja batik batik tulis".
_CRAFT_WORDS = re.compile(
    r"\b(?:hand-drawn|hand-stamped|handmade|printed|hand-?woven|machine-woven)?\s*"
    r"(?:motif\s+)?\b(?:batik|tenun)(?:-pattern)?\b"
    r"(?:\s+(?:tulis|cap|kombinasi|ikat|atbm|gedog|gendong|mesin|printing|print|asli)\b)*"
    r"(?:\s*\(printing\))?|\bbuatan mesin\b|\bhand-?woven\b",
    re.IGNORECASE)


def _keep_initial(match: re.Match[str], replacement: str) -> str:
    """Use the replacement, capitalised if the replaced word was."""
    return capitalise(replacement) if match.group(0)[:1].isupper() else replacement


def _machine_cloth(match: re.Match[str]) -> str:
    """Indonesian wording for machine-woven cloth: "selendang buatan mesin", "kain buatan mesin"."""
    before = match.string[:match.start()].split()
    after_noun = (before and before[-1].isalpha() and before[-1].casefold() not in _NOT_NOUNS
                  and not match.group(0).casefold().startswith("kain"))
    return _keep_initial(match, "buatan mesin" if after_noun else "kain buatan mesin")


def guard_names(text: str, guard: NamingGuard, language: str) -> str:
    """Rewrite names the product does not earn: printed cloth is not "batik", nor machine-woven
    cloth "tenun"."""
    if guard.batik:
        pattern, replacement = _BATIK[language]
        text = pattern.sub(lambda m: _keep_initial(m, replacement), text)
    if guard.tenun:
        if language == "id":
            text = _TENUN_ID.sub(_machine_cloth, text)
        else:
            text = _TENUN_EN.sub(lambda m: _keep_initial(m, "machine-woven cloth"), text)
        # Answers may be written in either language.
        text = _HANDWOVEN_EN.sub(lambda m: _keep_initial(m, "machine-woven"), text)
    return text


def naming_guard(template: Template, answers: Answers) -> NamingGuard:
    """Work out the guard from the techniques in play (the product's, else the brand's)."""
    product = vocab_ids(template, "techniques", answers.get("product_technique"))
    techniques = product or vocab_ids(template, "techniques", answers.get("techniques"))
    nouns = template.shared.techniques
    kinds = [(nouns[t].get("is"), nouns[t].get("imitates")) for t in techniques if t in nouns]
    guard = {}
    for craft in ("batik", "tenun"):
        imitated = any(imitates == craft for _, imitates in kinds)
        genuine = any(is_ == craft for is_, _ in kinds)
        guard[craft] = imitated and not genuine
    return NamingGuard(**guard)


def without_craft_words(text: str) -> str:
    """A product type without the craft words it carries ("kemeja batik" -> "kemeja")."""
    return " ".join(_CRAFT_WORDS.sub(" ", text).split())


def earns(shared: Shared, craft_id: str, noun: Noun, techniques: Sequence[str]) -> bool:
    """True when the techniques earn the craft's protected name (or it is not protected)."""
    if not noun.flag("protected") or not techniques:
        return True
    return _earns_family(shared, noun.get("earned_by", craft_id), techniques)


def maker_noun(shared: Shared, craft_id: str, techniques: Sequence[str], language: str) -> Noun:
    """The noun whose maker word names the makers: the craft's ("pembatik") when the techniques
    earn it, else the generic one ("perajin")."""
    craft = shared.crafts.get(craft_id)
    if craft is None or not earns(shared, craft_id, craft, techniques):
        return shared.generic
    if _claims_imitated(shared, craft, techniques, language):
        return shared.generic  # a rattan "weaver" beside machine-woven cloth reads "tenun"
    return craft


def _claims_imitated(shared: Shared, noun: Noun, techniques: Sequence[str], language: str) -> bool:
    """True when noun's maker word holds the maker word of a craft that a technique in play
    only imitates (printing imitates batik, machine weaving imitates tenun) and that no
    technique in play earns (a brand that also makes batik cap keeps its "pembatik")."""
    key = "maker_id" if language == "id" else "maker_en"
    mine = (noun.get(key) or "").casefold()
    for technique in techniques:
        imitated = shared.techniques[technique].get("imitates") if (
            technique in shared.techniques) else None
        claimed = shared.crafts.get(imitated) if imitated else None
        if (claimed is not None and mine and (claimed.get(key) or "").casefold() in mine
                and not _earns_family(shared, imitated, techniques)):
            return True
    return False


def _earns_family(shared: Shared, family: str, techniques: Sequence[str]) -> bool:
    """True when a technique in play is of the craft family (batik_cap is batik)."""
    return any(shared.techniques[t].get("is") == family
               for t in techniques if t in shared.techniques)
