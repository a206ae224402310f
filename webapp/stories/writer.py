"""The story writer: answers plus a template give every output piece, in a language and a tone.

A pure function of its inputs: the same answers, template, language, tone and variant always give
the same text. Answers are plain text; they are cleaned (spaces, stray punctuation, a trailing
"dan") but never interpreted, so HTML or `{{7*7}}` stays literal. Each piece respects its limit by
construction: optional groups and sentences are dropped by priority, never cut mid-word; when even
the essential sentences do not fit, the piece names the answers to shorten.

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from webapp.stories.templates import (
    DERIVED,
    LANGUAGES,
    PARAGRAPH,
    TONES,
    Group,
    Noun,
    Option,
    Pattern,
    PieceKind,
    PieceSpec,
    Question,
    Shared,
    Slot,
    Template,
    Text,
    VocabEntry,
)

Answers = Mapping[str, "str | Sequence[str] | int | None"]

_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?…])(?=\s|$)")
_PUNCT_RUN = re.compile(r"([.,;:!?…])(?:\s*[.,;:!?…])+")
_STRAY = " \t\n.,;:!?…-–—"
_PUNCT_BEFORE_CLOSER = re.compile(r"[.,;:!?…]+(?=[\"'”’»)\]]+$)")
_DANGLING = re.compile(r"(?:(?:^|\s+)(?:dan|serta|atau|and|or|&))+$", re.IGNORECASE)
_NUMBER = re.compile(r"^\d{1,3}(?:[.,\s]\d{3})+$|^\d+$")
_MONEY_PREFIX = re.compile(r"^(?:rp|idr)\.?\s*", re.IGNORECASE)
_MONEY_SUFFIX = re.compile(r"(?:,00|,-|\.-)$")
HASHTAG = re.compile(r"(?<![\w#])#\w+")
_TRUE = frozenset({"ya", "yes", "y", "true", "1", "on", "benar"})


class WriterError(ValueError):
    """The writer was called with a language, tone or answer it cannot use."""


@dataclass(frozen=True)
class Piece:
    """One written piece and how it measures against its limit."""

    text: str
    chars: int
    limit: int
    unit: str
    too_long_answers: tuple[str, ...] = ()
    words: int = 0
    minimum: int | None = None
    too_thin: bool = False

    @property
    def size(self) -> int:
        """The length in the piece's unit (characters or words)."""
        return self.words if self.unit == "words" else self.chars

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict."""
        data: dict[str, Any] = {"text": self.text, "chars": self.chars, "words": self.words,
                                "limit": self.limit, "unit": self.unit,
                                "too_long_answers": list(self.too_long_answers)}
        if self.minimum is not None:
            data["minimum"] = self.minimum
            data["too_thin"] = self.too_thin
        return data


# ---------------------------------------------------------------------------------------------
# Cleaning and formatting
# ---------------------------------------------------------------------------------------------


def clean_answer(text: str) -> str:
    """Tidy one answer: one space between words, no stray or doubled punctuation at the ends.

    A trailing "dan"/"and" is dropped too, so that no sentence ends on a dangling conjunction.
    """
    text = unicodedata.normalize("NFC", str(text))
    text = " ".join(text.split())
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _PUNCT_RUN.sub(r"\1", text)
    previous = None
    while previous != text:
        previous = text
        text = _PUNCT_BEFORE_CLOSER.sub("", text)
        text = text.strip(_STRAY)
        text = _DANGLING.sub("", text)
    return text


def format_number(number: int, language: str) -> str:
    """Group thousands: 1.500 in Indonesian (PUEBI), 1,500 in English."""
    grouped = f"{number:,}"
    return grouped.replace(",", ".") if language == "id" else grouped


def parse_number(text: str) -> int | None:
    """Read a whole number written with or without thousands separators; None otherwise."""
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    return int(re.sub(r"\D", "", text))


def format_money(text: str, language: str) -> str:
    """Write an amount as Rp150.000 (PUEBI) or IDR 150,000; other text stays as given."""
    amount = parse_number(_MONEY_SUFFIX.sub("", _MONEY_PREFIX.sub("", text.strip())))
    if amount is None:
        return text
    if language == "id":
        return "Rp" + format_number(amount, language)
    return "IDR " + format_number(amount, language)


def join_items(items: Sequence[str], language: str) -> str:
    """Join a list as prose with a serial comma: "a, b, dan c" (PUEBI), "a, b, and c"."""
    items = [i for i in items if i]
    word = "dan" if language == "id" else "and"
    if len(items) <= 1:
        return items[0] if items else ""
    if len(items) == 2:
        return f"{items[0]} {word} {items[1]}"
    return f"{', '.join(items[:-1])}, {word} {items[-1]}"


def _lower_first(label: str) -> str:
    """Lowercase a vocabulary label's first letter unless it starts an acronym."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def proper_words(texts: Sequence[str], names: Sequence[str] = ()) -> frozenset[str]:
    """Collect words that are names: capitalised mid-sentence in an answer, or in a name answer."""
    found = set()
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group(0)
            if not word[0].isupper():
                continue
            index = match.start() - 1
            while index >= 0 and text[index].isspace():
                index -= 1
            if index >= 0 and text[index] not in ".!?\"'“(":
                found.add(word)
    for name in names:
        found.update(w for w in _WORD.findall(name) if w[0].isupper())
    return frozenset(found)


def _soften(text: str, proper: frozenset[str] = frozenset()) -> str:
    """Lowercase a fragment's first word when it looks like sentence case, not a name.

    Phone keyboards capitalise the first letter of every answer; inside a sentence that capital
    is wrong ("Caranya, kami Menenun"). Names stay: a word followed by a capitalised word
    ("Ibu Siti"), a one-word answer, or a word the answers use as a name elsewhere ("bernama Nur").
    """
    words = text.split(" ", 2)
    first = words[0]
    if (len(words) > 1 and len(first) > 1 and first[0].isupper() and first[1:].islower()
            and words[1][:1].islower() and first.strip(",;:") not in proper):
        return first[0].lower() + text[1:]
    return text


def _capitalise(text: str) -> str:
    """Uppercase the first letter if it is a lowercase letter."""
    return text[0].upper() + text[1:] if text and text[0].islower() else text


def truthy(value: str) -> bool:
    """Read a confirm answer ("ya", "yes", "true", ...)."""
    return clean_answer(value).casefold() in _TRUE


# ---------------------------------------------------------------------------------------------
# Naming guard (SNI 0239:2014 batik, SNI 8184:2015 tiruan batik; tenun only by hand or ATBM)
# ---------------------------------------------------------------------------------------------


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


def _keep_initial(match: re.Match[str], replacement: str) -> str:
    """Use the replacement, capitalised if the replaced word was."""
    return _capitalise(replacement) if match.group(0)[:1].isupper() else replacement


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
    product = _vocab_ids(template, "techniques", answers.get("product_technique"))
    techniques = product or _vocab_ids(template, "techniques", answers.get("techniques"))
    nouns = template.shared.techniques
    kinds = [(nouns[t].get("is"), nouns[t].get("imitates")) for t in techniques if t in nouns]
    guard = {}
    for craft in ("batik", "tenun"):
        imitated = any(imitates == craft for _, imitates in kinds)
        genuine = any(is_ == craft for is_, _ in kinds)
        guard[craft] = imitated and not genuine
    return NamingGuard(**guard)


# ---------------------------------------------------------------------------------------------
# Answers to values
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Value:
    """One placeholder's text, the answers it comes from, and how to treat its case."""

    text: str
    sources: tuple[str, ...]
    keep_case: bool = False
    soft: str = ""
    entries: tuple[Option | VocabEntry | None, ...] = ()

    @property
    def inner(self) -> str:
        """The text as written inside a sentence (first letter lowered when safe)."""
        return self.soft or self.text


def _as_items(value: Any) -> list[str]:
    """Return an answer as a list of cleaned, non-empty items."""
    if value is None:
        return []
    if isinstance(value, bool):
        raise WriterError("answers are text or lists of text, not true/false")
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise WriterError(f"answers are text or lists of text, not {type(value).__name__}")
    items = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise WriterError("list answers hold text only")
        cleaned = clean_answer(str(item))
        if cleaned:
            items.append(cleaned)
    return items


def answer_items(question: Question, value: Any) -> list[str]:
    """Return the cleaned items of one answer; a list question splits text on new lines."""
    if question.kind == "list" and isinstance(value, str):
        value = value.splitlines()
    return _as_items(value)


def answer_text(question: Question, value: Any, language: str = "id") -> str:
    """Return an answer as the plain text the owner gave, cleaned (for length checks)."""
    return join_items(answer_items(question, value), language)


def _vocab_entry(template: Template, table: str, item: str) -> VocabEntry | None:
    """Find a vocabulary entry by id, or by its label as the owner may have typed it."""
    entries = template.shared.vocab.get(table, {})
    if item in entries:
        return entries[item]
    folded = item.casefold()
    return next((e for e in entries.values()
                 if folded in (e.label.id.casefold(), e.label.en.casefold())), None)


def _vocab_ids(template: Template, table: str, value: Any) -> list[str]:
    """The vocabulary ids of an answer, whether the owner sent ids or typed the labels."""
    ids = []
    for item in _as_items(value):
        entry = _vocab_entry(template, table, item)
        ids.append(entry.id if entry else item)
    return ids


def is_listed_choice(template: Template, question: Question, item: str) -> bool:
    """True when item is one of the question's options or vocabulary entries (by id or label);
    False for words the owner typed themselves."""
    if question.options:
        return question.option(item) is not None
    return _vocab_entry(template, question.choices or "", item) is not None


def _render_choice(template: Template, question: Question, item: str,
                   language: str) -> tuple[str, Option | VocabEntry | None]:
    """Render one chosen item: an option's phrase, a vocabulary name or the owner's text."""
    if question.options:
        option = question.option(item)
        return (option.phrase(language), option) if option else (item, None)
    entry = _vocab_entry(template, question.choices or "", item)
    if entry is None:
        return item, None
    if question.choices == "techniques" and entry.id in template.shared.techniques:
        return template.shared.techniques[entry.id].get(language), entry
    if question.choices == "crafts" and entry.id in template.shared.crafts:
        return template.shared.crafts[entry.id].get(language), entry
    label = entry.label.get(language)
    if question.choices in ("regions", "motifs"):
        return label, entry
    return _lower_first(label), entry


def _claiming(template: Template, answers: Answers) -> set[str]:
    """Question ids whose answers make absolute claims without the evidence answer."""
    if not template.absolute_claims or not template.claims_need:
        return set()
    if _as_items(answers.get(template.claims_need)):
        return set()
    phrases = {p for phrases in template.absolute_claims.values() for p in phrases}
    found = set()
    for question in template.questions.values():
        if question.kind != "text" and question.kind != "list":
            continue
        text = " ".join(answer_items(question, answers.get(question.id))).casefold()
        if any(phrase in text for phrase in phrases):
            found.add(question.id)
    return found


def claims_without_evidence(template: Template, answers: Answers) -> tuple[str, ...]:
    """Return the questions whose absolute claims ("100% ramah lingkungan") lack evidence."""
    return tuple(sorted(_claiming(template, answers)))


def _values(template: Template, answers: Answers, language: str) -> dict[str, _Value]:
    """Turn answers into placeholder values: cleaned, formatted, honestly named."""
    guard = naming_guard(template, answers)
    blocked = _claiming(template, answers)
    free = [i for q in template.questions.values() if not q.keep_case
            for i in answer_items(q, answers.get(q.id))]
    names = [i for q in template.questions.values() if q.keep_case
             for i in answer_items(q, answers.get(q.id))]
    proper = proper_words(free, names)
    values: dict[str, _Value] = {}
    for question in template.questions.values():
        raw = answers.get(question.id)
        items = [] if question.id in blocked else answer_items(question, raw)
        entries: list[Option | VocabEntry | None] = []
        texts: list[str] = []
        for item in items:
            entry = None
            if question.kind in ("choice", "multi"):
                text, entry = _render_choice(template, question, item, language)
                entries.append(entry)
            elif question.kind == "number":
                number = parse_number(item)
                text = item if number is None else format_number(number, language)
            elif question.kind == "money":
                text = format_money(item, language)
            elif question.kind == "confirm":
                text = item if truthy(item) else ""
            else:
                text = item
            if not question.keep_case and entry is None:
                # Vocabulary names are honest by construction; free text may not be.
                text = guard_names(text, guard, language)
            if text:
                texts.append(text)
        free_text = question.kind in ("text", "list") or (
            question.kind in ("choice", "multi") and not any(entries))
        text = join_items(texts, language)
        soften = free_text and not question.keep_case
        values[question.id] = _Value(
            text=text,
            sources=(question.id,),
            keep_case=question.keep_case,
            soft=_soften(text, proper) if soften else "",
            entries=tuple(entries),
        )
    _derive(template, answers, language, proper, values)
    return values


def _earns(shared: Shared, craft_id: str, noun: Noun, techniques: Sequence[str]) -> bool:
    """True when the techniques earn the craft's protected name (or it is not protected)."""
    if not noun.flag("protected") or not techniques:
        return True
    return _earns_family(shared, noun.get("earned_by", craft_id), techniques)


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


def _derive(template: Template, answers: Answers, language: str, proper: frozenset[str],
            values: dict[str, _Value]) -> None:
    """Add the values computed from several answers (see templates.DERIVED)."""
    shared = template.shared

    def text(name: str) -> str:
        """The text of a value, or "" when there is none."""
        value = values.get(name)
        return value.text if value else ""

    def put(name: str, value: str, keep_case: bool = False) -> None:
        """Store a derived value with the questions it comes from."""
        values[name] = _Value(value, DERIVED[name], keep_case=keep_case)

    city = text("city")
    province = text("province")
    town = city.split(",")[0].strip()
    put("town", town, keep_case=True)
    place = city
    if city and province and province.casefold() not in city.casefold():
        place = f"{city}, {province}"
    put("place", place, keep_case=True)

    techniques = _vocab_ids(template, "techniques", answers.get("techniques"))
    product_tech = _vocab_ids(template, "techniques", answers.get("product_technique"))
    craft_items = _vocab_ids(template, "crafts", answers.get("craft"))
    craft_id = craft_items[0] if craft_items else ""
    craft_noun = shared.crafts.get(craft_id)
    put("craft_noun", text("techniques") or text("craft"))

    # The maker word claims the craft: no "pembatik" for printed cloth, no "penenun" for machines.
    earned = craft_noun is not None and _earns(shared, craft_id, craft_noun, techniques)
    maker_source = craft_noun if earned else shared.generic
    if _claims_imitated(shared, maker_source, techniques, language):
        maker_source = shared.generic  # a rattan "weaver" beside machine-woven cloth reads "tenun"
    if language == "id":
        maker = maker_source.get("maker_id")
        makers = maker
    else:
        maker = maker_source.get("maker_en")
        makers = maker_source.get("makers_en")
    put("maker_word", makers)

    team = text("team_size")
    count = parse_number(team.replace(".", "").replace(",", "")) if team else None
    if not team:
        put("team", "")
    elif count == 1 and language == "en":
        put("team", f"one {maker}")
    else:
        put("team", f"{team} {makers}")

    owner = text("owner")
    brand = text("brand")
    if owner:
        put("founder", owner, keep_case=True)
    elif brand:
        put("founder", f"pendiri {brand}" if language == "id" else f"the founder of {brand}")
    else:
        put("founder", "")

    product_type = text("product_type")
    product = values["product_type"].inner if product_type else ""
    if product and product_tech and product_tech[0] in shared.techniques:
        noun = shared.techniques[product_tech[0]]
        raw_type = join_items(_as_items(answers.get("product_type")), language)
        bare = " ".join(_CRAFT_WORDS.sub(" ", raw_type).split())
        if bare:
            first = bare.split(" ", 1)[0]
            if first[:1].isupper() and first[1:].islower() and first not in proper:
                bare = bare[0].lower() + bare[1:]
            shape = noun.get(f"product_{language}") or (
                "{type} " + noun.get("id") if language == "id" else "{type} in " + noun.get("en"))
            product = shape.replace("{type}", bare)
        else:
            product = noun.get(language)
    elif product and product_tech:
        product = f"{product} {text('product_technique')}"
    put("product", product)

    # Hashtags follow the techniques in play: a printed product gets no #batik... tag even when
    # the brand also makes batik cap.
    in_play = product_tech or techniques
    tags: list[str] = []
    town_tag = re.sub(r"[^0-9a-z]", "", town.casefold())
    if (craft_noun is not None and craft_noun.get("place_tag") and town_tag
            and _earns(shared, craft_id, craft_noun, in_play)):
        tags.append(craft_noun.get("place_tag") + town_tag)
    for technique in in_play:
        noun = shared.techniques.get(technique)
        if noun is not None and noun.get("tag"):
            tags.append(noun.get("tag"))
    group = craft_noun.get("tag_group", "kriya") if craft_noun is not None else "kriya"
    tags.extend(shared.hashtags.get(group, ()))
    tags.extend(shared.hashtags.get("always", ()))
    unique = list(dict.fromkeys(tags))
    put("hashtags", " ".join("#" + t for t in unique))


# ---------------------------------------------------------------------------------------------
# Rendering patterns and fitting pieces
# ---------------------------------------------------------------------------------------------


def _slot_text(slot: Slot, values: Mapping[str, _Value], language: str, at_start: bool) -> str:
    """The text of one slot, cased for its place in the sentence."""
    value = values.get(slot.name)
    if value is None:
        return ""
    if slot.attr:
        entry = value.entries[0] if value.entries else None
        if isinstance(entry, Option):
            text = entry.phrase(language, slot.attr)
        elif isinstance(entry, VocabEntry):
            raw = entry.data.get(f"{slot.attr}_{language}", entry.data.get(slot.attr, ""))
            text = raw if isinstance(raw, str) else ""
        else:
            text = ""
        return _capitalise(text) if at_start else text
    text = value.text
    if not text:
        return ""
    if at_start:
        return text if value.keep_case else _capitalise(text)
    return value.inner


def _render(pattern: Pattern, values: Mapping[str, _Value], language: str,
            groups: bool) -> str | None:
    """Fill a pattern; None when a required slot is empty. Groups with an empty slot vanish."""
    out: list[str] = []
    for token in pattern.tokens:
        if isinstance(token, Text):
            out.append(token.text)
        elif isinstance(token, Slot):
            filled = _slot_text(token, values, language, at_start=_opens("".join(out)))
            if not filled:
                return None
            out.append(filled)
        elif isinstance(token, Group) and groups:
            part: list[str] = []
            for inner in token.tokens:
                if isinstance(inner, Text):
                    part.append(inner.text)
                    continue
                filled = _slot_text(inner, values, language,
                                    at_start=_opens("".join(out + part)))
                if not filled:
                    part = []
                    break
                part.append(filled)
            out.extend(part)
    text = "".join(out)
    return _capitalise(text) if _starts_free(pattern, values) else text


def _opens(before: str) -> bool:
    """True when text written after `before` starts a sentence."""
    before = before.rstrip()
    return not before or before[-1] in ".!?"


def _starts_free(pattern: Pattern, values: Mapping[str, _Value]) -> bool:
    """True unless the sentence opens on an answer whose case must be kept (a brand name)."""
    first = pattern.tokens[0]
    if isinstance(first, Group):
        first = first.tokens[0]
    if isinstance(first, Slot):
        value = values.get(first.name)
        return not (value and value.keep_case)
    return True


def _sources(pattern: Pattern, values: Mapping[str, _Value], groups: bool) -> list[str]:
    """The question ids a pattern's slots are made from."""
    slots = pattern.slots if groups else pattern.required_slots
    found: list[str] = []
    for slot in slots:
        value = values.get(slot.name)
        if value is not None:
            found.extend(value.sources)
    return found


@dataclass
class _Part:
    """A sentence's state while a piece is being fitted."""

    name: str
    forms: list[Pattern]
    essential: bool
    form: int = 0
    groups: bool = True
    included: bool = True

    cache: dict[tuple[int, bool], str] = field(default_factory=dict)

    def text(self, values: Mapping[str, _Value], language: str) -> str:
        """Render the current form of the sentence, cached per form and group choice."""
        key = (self.form, self.groups)
        if key not in self.cache:
            self.cache[key] = _render(self.forms[key[0]], values, language, key[1]) or ""
        return self.cache[key]


@dataclass
class _Fitter:
    """Fits one piece to its limit by dropping optional groups and sentences by priority."""

    spec: PieceSpec
    kind: PieceKind
    parts: dict[str, _Part]
    values: dict[str, _Value]
    language: str
    too_long: tuple[str, ...] = field(default=())

    def text(self) -> str:
        """The piece's current text: included sentences, joined by its layout."""
        paragraphs: list[list[str]] = [[]]
        for name in self.spec.parts:
            if name == PARAGRAPH:
                paragraphs.append([])
                continue
            part = self.parts.get(name)
            if part is not None and part.included:
                rendered = part.text(self.values, self.language)
                if rendered:
                    paragraphs[-1].append(rendered)
        joiner = "\n" if self.kind.layout == "lines" else " "
        return "\n\n".join(joiner.join(p) for p in paragraphs if p)

    def size(self, text: str) -> int:
        """The length in the piece's unit."""
        return len(text.split()) if self.kind.unit == "words" else len(text)

    def fits(self) -> bool:
        """True when the current text is within the limit."""
        return self.size(self.text()) <= self.kind.limit

    def fit(self) -> str:
        """Shrink by priority until the piece fits, and return its text."""
        if self.fits():
            return self.text()
        for name in self.spec.drop:
            part = self.parts.get(name)
            if part is None:
                continue
            part.groups = False
            if self.fits():
                return self.text()
            part.included = False
            if self.fits():
                return self.text()
        essential = [p for n in reversed(self.spec.sentences)
                     if (p := self.parts.get(n)) is not None and p.essential]
        for part in essential:
            part.groups = False
            if self.fits():
                return self.text()
        for part in essential:
            for form in range(len(part.forms)):
                part.form = form
                for groups in (True, False):
                    part.groups = groups
                    if self.fits():
                        return self.text()
            lengths = [len(_render(f, self.values, self.language, False) or "")
                       for f in part.forms]
            part.form = lengths.index(min(lengths))
            part.groups = False
            if self.fits():
                return self.text()
        self.too_long = self._blame(essential)
        for part in essential:
            part.included = False
            if self.fits():
                break
        return self.text()

    def _blame(self, essential: list[_Part]) -> tuple[str, ...]:
        """The questions behind the essential sentences that do not fit."""
        return tuple(sorted({source for part in essential
                             for source in _sources(part.forms[part.form], self.values, False)}))


def _hashtag_cap(fitter: _Fitter, limit: int) -> None:
    """Leave the generated hashtags room so the piece holds at most `limit` in all."""
    tags = fitter.values["hashtags"].text.split()
    original = fitter.values["hashtags"]
    fitter.values["hashtags"] = _Value("", original.sources)
    body = len(HASHTAG.findall(fitter.text()))
    fitter.values["hashtags"] = _Value(" ".join(tags[:max(0, limit - body)]), original.sources)
    for part in fitter.parts.values():
        part.cache.clear()


def _too_long_answers(template: Template, answers: Answers, candidates: tuple[str, ...],
                      language: str) -> tuple[str, ...]:
    """Name the answers to shorten: those over their own limit, else the longest one."""
    questions = template.questions
    lengths: dict[str, int] = {}
    over: list[str] = []
    for question_id in dict.fromkeys(candidates):
        question = questions.get(question_id)
        if question is None:
            continue
        items = answer_items(question, answers.get(question_id))
        if not items:
            continue
        lengths[question_id] = len(join_items(items, language))
        if any(len(i) > question.max_length for i in items) or len(items) > question.max_items:
            over.append(question_id)
    if over:
        return tuple(over)
    if lengths:
        return (max(lengths, key=lambda q: (lengths[q], q)),)
    return ()


def _forms(patterns: Sequence[Pattern], values: Mapping[str, _Value], language: str,
           variant: int) -> list[Pattern]:
    """Order a sentence's usable patterns: the variant's pick among the fullest first.

    A pattern whose answers are a strict subset of another usable pattern's is a fallback: the
    sentence says all it can before it varies, and the leaner patterns stay for when the piece
    must shrink.
    """
    usable = [p for p in patterns if _render(p, values, language, groups=False) is not None]
    if not usable:
        return []

    def filled(pattern: Pattern) -> frozenset[tuple[str, str | None]]:
        """The slots of a pattern that the answers fill."""
        return frozenset((s.name, s.attr) for s in pattern.slots
                         if _slot_text(s, values, language, at_start=False))

    sets = [filled(p) for p in usable]
    tier = [p for p, mine in zip(usable, sets, strict=True)
            if not any(mine < other for other in sets)]
    start = variant % len(tier)
    return tier[start:] + tier[:start] + [p for p in usable if p not in tier]


def _check_call(language: str, tone: str, variant: int) -> None:
    """Reject an unknown language or tone, or a negative variant."""
    if language not in LANGUAGES:
        raise WriterError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    if tone not in TONES:
        raise WriterError(f"tone must be one of {', '.join(TONES)}, not {tone!r}")
    if isinstance(variant, bool) or not isinstance(variant, int) or variant < 0:
        raise WriterError(f"variant must be a whole number from 0, not {variant!r}")


def write_pieces(template: Template, answers: Answers, language: str = "id",
                 tone: str = "anda", variant: int = 0) -> dict[str, Piece]:
    """Write every output piece of template from answers, in language and tone.

    `variant` steps through other phrasings ("coba variasi lain"); the same inputs always give
    the same text.
    """
    _check_call(language, tone, variant)
    if not isinstance(answers, Mapping):
        raise WriterError("answers must map question ids to text")
    values = _values(template, answers, language)
    pieces: dict[str, Piece] = {}
    for name, kind in template.shared.pieces.items():
        spec = template.pieces[name]
        parts = {}
        for part_name in spec.sentences:
            sentence = template.sentences[part_name]
            if any(not values.get(need) or not values[need].text for need in sentence.needs):
                continue
            forms = _forms(sentence.patterns_for(language, tone), values, language, variant)
            if forms:
                parts[part_name] = _Part(part_name, forms, part_name in spec.essential)
        fitter = _Fitter(spec, kind, parts, dict(values), language)
        if "hashtags" in values:
            _hashtag_cap(fitter, kind.max_hashtags or 5)
        text = fitter.fit()
        blamed = ()
        if fitter.too_long:
            blamed = _too_long_answers(template, answers, fitter.too_long, language)
        words = len(text.split())
        pieces[name] = Piece(
            text=text, chars=len(text), limit=kind.limit, unit=kind.unit,
            too_long_answers=blamed, words=words, minimum=kind.minimum,
            too_thin=kind.minimum is not None and words < kind.minimum,
        )
    return pieces


def too_long_message(template: Template, piece_name: str, piece: Piece, language: str) -> str:
    """Explain which answers to shorten so the piece fits ("" when it fits as it is)."""
    if not piece.too_long_answers:
        return ""
    kind = template.shared.pieces[piece_name]
    labels = [f"“{template.questions[q].label.get(language)}”" for q in piece.too_long_answers
              if q in template.questions]
    names = join_items(labels, language)
    if language == "id":
        unit = "kata" if piece.unit == "words" else "karakter"
        return (f"{kind.label.id} tidak muat dalam {format_number(piece.limit, 'id')} {unit}. "
                f"Persingkat jawaban {names}.")
    unit = "words" if piece.unit == "words" else "characters"
    return (f"The {kind.label.en} does not fit in {format_number(piece.limit, 'en')} {unit}. "
            f"Shorten the answer to {names}.")


def thin_message(template: Template, piece_name: str, piece: Piece, language: str) -> str:
    """Say that a piece is shorter than its minimum because the answers are thin ("" if not)."""
    if not piece.too_thin or piece.minimum is None:
        return ""
    kind = template.shared.pieces[piece_name]
    if language == "id":
        return (f"{kind.label.id} baru {piece.words} kata; idealnya minimal {piece.minimum} kata. "
                "Lengkapi jawaban pilihan agar ceritanya lebih utuh.")
    return (f"The {kind.label.en} has {piece.words} words; {piece.minimum} or more reads best. "
            "Answer more of the optional questions to fill out the story.")
