"""The rule checker: any listing text against one channel's rules, one small method per family of
rules (lengths, contacts, other marketplaces, title style, hashtags, plain text, batik and tenun
naming, spreadsheet formulas).

`check_text` checks one field, `check_listing` every field of a listing, `scrub` removes what must
not be there. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from webapp.listings.channels import Channel, Fact, Source, TextRules
from webapp.listings.detectors import (
    ACCOUNT_NUMBER,
    BATIK_PRINTED_PHRASES,
    CSV_INJECTION,
    DOMAIN,
    EMAIL,
    EMOJI,
    FORMULA_START,
    HAND_LOOM_CLAIM,
    HANDLE,
    HANDMADE_CLAIM,
    HONEST_BEFORE_BATIK,
    HTML_TAG,
    MARKETPLACE,
    MESSENGERS,
    PAYMENTS,
    PHONES,
    PRINT_SAID,
    PROMO,
    SNI_BATIK,
    SOCIAL,
    TENUN_LOOMS,
    TENUN_PRINTED_PHRASES,
    TIRUAN_BATIK,
    TULIS_CAP,
    TULIS_CLAIM,
    URL,
    WHATSAPP_LINK,
    WORD,
    hashtags_in,
    is_all_caps,
    keywords,
    mask,
    text_length,
)
from webapp.listings.facts import BrandFacts, Listing, ProductFacts
from webapp.listings.findings import Finding
from webapp.vocab import Term, vocabulary

FIELDS = ("title", "description", "hashtags", "caption", "bullet", "sheet_cell")
REMOVABLE = ("contact.", "marketplace.", "title.promo", "title.emoji", "title.symbols", "format.",
             "naming.handmade_claim")
#: Removed only where they block: payment talk is normal on the owner's own Instagram or chat.
REMOVABLE_WHERE_BLOCKED = ("payment.",)


def technique_term(product: ProductFacts | None) -> Term | None:
    """Return the vocabulary term of the product's technique, or None."""
    technique = getattr(product, "technique", None)
    return vocabulary().get("techniques", technique) if technique else None


def brand_name(brand: BrandFacts | str | None) -> str:
    """Return the brand's name whether given as BrandFacts or text."""
    return brand if isinstance(brand, str) else getattr(brand, "name", "") or ""


class Checker:
    """Collects the findings of one text; one small method per family of rules."""

    def __init__(self, channel: Channel, field_name: str, text: str) -> None:
        """Start with no findings for text in field_name of channel."""
        self.channel = channel
        self.field = field_name
        self.text = text
        self.findings: list[Finding] = []
        self.taken: list[tuple[int, int]] = []

    def add(self, severity: str, rule: str, code: str, source: Source | None, fix: str,
            span: tuple[int, int] | None = None, **params: Any) -> None:
        """Record a finding; a span inside one already reported is not reported twice."""
        if span is not None:
            if any(start <= span[0] and span[1] <= end for start, end in self.taken):
                return
            self.taken.append(span)
        params.setdefault("channel", self.channel.name)
        self.findings.append(Finding(severity, rule, code, params, source, fix, self.field, span))

    def rule_severity(self, name: str) -> tuple[str | None, Source | None]:
        """Return ('block'|'advice', source) for a content rule, or (None, None) when allowed."""
        fact = self.channel.rule(name)
        if fact is None or fact.value == "allow":
            return None, None
        return fact.value, fact.source

    def matches(self, patterns: Iterable[re.Pattern], severity: str | None, rule: str, code: str,
                source: Source | None, fix: str, text: str | None = None,
                allowed: Iterable[str] = (), **extra: Any) -> None:
        """Report every match of patterns under one rule."""
        if severity is None:
            return
        allowed = {name.replace(" ", "") for name in allowed}
        for pattern in patterns:
            for match in pattern.finditer(self.text if text is None else text):
                found = match.group().rstrip(".,;:!?)")
                if found.casefold().replace(" ", "") in allowed:
                    continue
                self.add(severity, rule, code, source, fix,
                         (match.start(), match.start() + len(found)), match=found, **extra)

    # families of rules

    def limits(self, rules: TextRules | None) -> None:
        """Length and word-count limits of the field."""
        if rules is None:
            return
        length = text_length(self.text)
        if not self.text.strip():
            fact = rules.max or rules.min
            if fact is not None:
                self.add("block", "length.empty", "empty", fact.source, "write_text")
            return
        checks = (("max", length > rules.value("max", length), "too_long", "shorten", True),
                  ("min", length < rules.value("min", 0), "too_short", "lengthen", True),
                  ("recommended_max", length > rules.value("recommended_max", length),
                   "longer_than_recommended", "shorten", False),
                  ("recommended_min", length < rules.value("recommended_min", 0),
                   "shorter_than_recommended", "lengthen", False))
        for name, broken, code, fix, hard in checks:
            fact: Fact = getattr(rules, name)
            if broken and fact is not None:
                severity = "block" if hard and fact.source.verified else "advice"
                self.add(severity, f"length.{name}", code, fact.source, fix,
                         length=length, limit=fact.value)
        fact = rules.min_words
        if fact is not None:
            words = sum(1 for word in self.text.split() if WORD.search(word))
            if words < fact.value:
                severity = "block" if fact.source.verified else "advice"
                self.add(severity, "words.min", "too_few_words", fact.source, "add_details",
                         words=words, limit=fact.value)

    def contacts(self) -> None:
        """Phone numbers, WhatsApp links, e-mails, links, handles and messengers."""
        contact, contact_source = self.rule_severity("contact_details")
        links, links_source = self.rule_severity("links")
        strictest = "block" if "block" in (contact, links) else contact or links
        self.matches([WHATSAPP_LINK], strictest, "contact.whatsapp_link", "whatsapp_link",
                     links_source or contact_source, "remove_contact")
        self.matches([EMAIL], contact, "contact.email", "email", contact_source, "remove_contact")
        self.matches([URL, DOMAIN], links, "contact.url", "url", links_source, "remove_link")
        self.matches(PHONES, contact, "contact.phone", "phone_number", contact_source,
                     "remove_contact")
        self.matches([HANDLE], contact, "contact.handle", "handle", contact_source,
                     "remove_contact")
        self.matches(MESSENGERS, contact, "contact.messenger", "messenger_name", contact_source,
                     "remove_contact", allowed=self.channel.aliases)
        social = "advice" if contact else None
        self.matches(SOCIAL, social, "contact.social", "social_name", contact_source,
                     "remove_contact", allowed=self.channel.aliases)

    def payments(self) -> None:
        """Payment outside the platform: banks, account numbers, e-wallets, direct transfer."""
        severity, source = self.rule_severity("off_platform_payment")
        fix = "pay_on_platform" if severity == "block" else "payment_not_for_marketplaces"
        self.matches(PAYMENTS, severity, "payment.off_platform", "off_platform_payment", source,
                     fix, allowed=self.channel.aliases)
        self.matches([ACCOUNT_NUMBER], severity, "payment.account_number", "account_number",
                     source, fix)

    def marketplaces(self) -> None:
        """Names of other marketplaces."""
        severity, source = self.rule_severity("other_marketplaces")
        self.matches([MARKETPLACE], severity, "marketplace.other", "other_marketplace", source,
                     "remove_marketplace", allowed=self.channel.aliases)

    def title_style(self, brand: str) -> None:
        """Promotional words, symbols, emoji, ALL CAPS and repeated words in a title."""
        severity, source = self.rule_severity("promo_words_in_title")
        self.matches([PROMO], severity, "title.promo", "promo_word", source, "remove_promo")
        severity, source = self.rule_severity("emoji_in_title")
        self.matches([EMOJI], severity, "title.emoji", "emoji", source, "remove_emoji")
        severity, source = self.rule_severity("symbols_in_title")
        banned = self.channel.title.banned_chars if self.channel.title else None
        if severity and banned is not None and banned.value:
            run = re.compile(f"[{re.escape(banned.value)}]+")
            for match in run.finditer(self.text):
                chars = " ".join(sorted(set(match.group())))
                self.add(severity, "title.symbols", "banned_symbol", banned.source,
                         "remove_symbols", match.span(), chars=chars)
        severity, source = self.rule_severity("all_caps_title")
        if severity and is_all_caps(self.text):
            self.add(severity, "title.all_caps", "all_caps", source, "sentence_case")
        repeats = self.channel.title.max_word_repeats if self.channel.title else None
        if repeats is not None:
            counts = Counter(keywords(mask(self.text, [brand])))
            for word, count in counts.items():
                if count > repeats.value:
                    severity = "block" if repeats.source.verified else "advice"
                    self.add(severity, "title.repeated_word", "repeated_word", repeats.source,
                             "remove_repeats", word=word, count=count, limit=repeats.value)

    def hashtag_count(self, tags: list[str]) -> None:
        """Too many hashtags (or Etsy tags), and tags too long."""
        rules = self.channel.hashtags
        if rules is None:
            return
        count = len(tags)
        for name, code, hard in (("max", "too_many_hashtags", True),
                                 ("recommended_max", "more_hashtags_than_recommended", False)):
            fact = getattr(rules, name)
            if fact is not None and count > fact.value:
                severity = "block" if hard and fact.source.verified else "advice"
                self.add(severity, f"hashtags.{name}", code, fact.source, "fewer_hashtags",
                         count=count, limit=fact.value)
                break
        fact = rules.max_chars_each
        if fact is not None:
            for tag in tags:
                if text_length(tag.lstrip("#")) > fact.value:
                    severity = "block" if fact.source.verified else "advice"
                    self.add(severity, "hashtags.tag_length", "tag_too_long", fact.source,
                             "shorten", tag=tag, length=text_length(tag), limit=fact.value)

    def plain_text(self) -> None:
        """HTML where the channel wants plain text."""
        fmt = self.channel.description.format if self.channel.description else None
        if fmt is None or fmt.value != "plain_text":
            return
        severity = "block" if fmt.source.verified else "advice"
        self.matches([HTML_TAG], severity, "format.html", "html", fmt.source, "plain_text")

    def same_as_title(self, title: str | None) -> None:
        """A description that only repeats the title."""
        severity, source = self.rule_severity("description_same_as_title")

        def flat(text: str) -> str:
            """Return text as its lower-case words only."""
            return " ".join(WORD.findall(text.casefold()))

        if severity and title and self.text.strip() and flat(self.text) == flat(title):
            self.add(severity, "description.same_as_title", "same_as_title", source,
                     "write_description")

    def naming(self, product: ProductFacts | None, brand: str) -> None:
        """Batik and tenun naming: printed cloth is not batik, machine-woven cloth is not tenun."""
        text = mask(self.text, [brand])
        self.matches(BATIK_PRINTED_PHRASES, "block", "naming.batik_printing",
                     "printed_called_batik", SNI_BATIK, "say_motif_batik", text)
        self.matches(TENUN_PRINTED_PHRASES, "block", "naming.tenun", "printed_called_tenun",
                     TENUN_LOOMS, "say_tenun_mesin", text)
        term = technique_term(product)
        if term is None:
            return
        craft, handmade = term.extra.get("craft"), term.extra.get("is_handmade", True)
        labels = {"technique": term.label_id, "technique_en": term.label_en}
        if not handmade:
            self.matches([HANDMADE_CLAIM], "block", "naming.handmade_claim",
                         "machine_called_handmade", SNI_BATIK, "remove_handmade", text, **labels)
            if craft == "batik":
                self.printed_batik(text)
            if craft in ("batik", "tenun"):
                self.machine_tenun(text, printed=craft == "batik")
        if term.id in ("batik_cap", "batik_kombinasi"):
            for match in TULIS_CLAIM.finditer(text):
                if term.id == "batik_kombinasi" and TULIS_CAP.match(text, match.start()):
                    continue
                self.add("block", "naming.batik_tulis", "wrong_batik_technique", SNI_BATIK,
                         "use_technique_name", (match.start(), match.end()),
                         match=match.group(), **labels)

    def printed_batik(self, text: str) -> None:
        """Every 'batik' in a printed product's text must read 'motif batik' or 'batik-pattern'."""
        lowered = text.casefold()
        for match in re.finditer("batik", lowered):
            start, end = match.span()
            prefix = re.search(r"[^\W\d_]*$", lowered[:start]).group()
            if prefix:
                hashtag = lowered[:start - len(prefix)].endswith("#")
                # '#motifbatik' is honest; 'pembatik' or 'kainbatik' outside a tag are other words
                if not hashtag or prefix.endswith(("motif", "tiruan", "corak")):
                    continue
            if HONEST_BEFORE_BATIK.search(lowered[max(0, start - 16):start]):
                continue
            if re.match(r"[\s-]*(?:pattern|style|like)\b", lowered[end:]):
                continue
            self.add("block", "naming.batik_printing", "printed_called_batik", SNI_BATIK,
                     "say_motif_batik", (start, end), match=self.text[start:end])
        if self.field == "title" and "batik" in lowered and not PRINT_SAID.search(lowered):
            self.add("advice", "naming.printing_unsaid", "printing_not_said", TIRUAN_BATIK,
                     "say_printing")

    def machine_tenun(self, text: str, printed: bool) -> None:
        """'Tenun' on machine-woven (or printed) cloth must read 'tenun mesin' or 'motif tenun'."""
        lowered = text.casefold()
        code = "printed_called_tenun" if printed else "machine_called_tenun"
        for match in re.finditer(r"(?<![^\W\d_])tenun", lowered):
            start, end = match.span()
            if re.search(r"motif[\s-]+$", lowered[max(0, start - 8):start]):
                continue
            if not printed and re.match(r"[\s-]*mesin\b", lowered[end:]):
                continue
            self.add("block", "naming.tenun", code, TENUN_LOOMS, "say_tenun_mesin", (start, end),
                     match=self.text[start:end])
        self.matches([HAND_LOOM_CLAIM], "block", "naming.tenun", code, TENUN_LOOMS,
                     "say_tenun_mesin", text)

    def sheet_cell(self) -> None:
        """Formula characters at the start of a bulk-upload cell."""
        stripped = self.text.lstrip(" ")
        for candidate in (self.text, stripped):
            if candidate and candidate[0] in FORMULA_START:
                char = {"\t": "tab", "\r": "CR"}.get(candidate[0], candidate[0])
                self.add("block", "sheet.formula", "formula_start", CSV_INJECTION,
                         "prefix_apostrophe", (0, 1), char=char)
                return


def check_text(channel: Channel, field: str, text: str, *, product: ProductFacts | None = None,
               brand: BrandFacts | str | None = None, title: str | None = None) -> list[Finding]:
    """Check text for field ('title', 'description', 'hashtags', 'caption', 'bullet' or
    'sheet_cell') against channel; product enables the batik and tenun naming rules, brand
    exempts the brand's own name from naming and repetition rules, title enables the
    description-equals-title rule."""
    if field not in FIELDS:
        raise ValueError(f"field must be one of {', '.join(FIELDS)}")
    text = text or ""
    checker = Checker(channel, field, text)
    if field == "sheet_cell":
        checker.sheet_cell()
        return checker.findings
    name = brand_name(brand)
    if field == "title":
        checker.limits(channel.title)
    elif field == "description":
        checker.limits(channel.description)
    elif field == "caption":
        checker.limits(channel.caption)
    elif field == "bullet" and channel.bullets and channel.bullets.max_chars:
        limit = channel.bullets.max_chars
        if text_length(text) > limit.value:
            severity = "block" if limit.source.verified else "advice"
            checker.add(severity, "length.max", "too_long", limit.source, "shorten",
                        length=text_length(text), limit=limit.value)
    checker.contacts()
    checker.payments()
    checker.marketplaces()
    if field == "title":
        checker.title_style(name)
    if field in ("description", "caption", "bullet"):
        checker.plain_text()
    in_text = field in ("description", "caption")
    if in_text and channel.hashtags and channel.hashtags.style == "hashtag":
        checker.hashtag_count(hashtags_in(text))
    if field == "hashtags":
        style = channel.hashtags.style if channel.hashtags else "hashtag"
        checker.hashtag_count(hashtags_in(text, style))
    if field == "description":
        checker.same_as_title(title)
    checker.naming(product, name)
    return sorted(checker.findings, key=lambda f: (f.severity != "block", f.span or (0, 0)))


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """Return the findings that block a listing."""
    return [finding for finding in findings if finding.blocking]


def scrub(channel: Channel, field: str, text: str, *, product: ProductFacts | None = None,
          brand: BrandFacts | str | None = None) -> str:
    """Return text without the spans the checker reports as contacts, links, other marketplaces,
    promotional words, emoji, banned symbols, HTML or false handmade claims, and payment outside
    the platform where the channel forbids it."""
    for _ in range(4):
        spans = sorted(f.span for f in check_text(channel, field, text, product=product,
                                                  brand=brand)
                       if f.span and (f.rule.startswith(REMOVABLE) or (
                           f.severity == "block" and f.rule.startswith(REMOVABLE_WHERE_BLOCKED))))
        if not spans:
            break
        pieces, last = [], 0
        for start, end in spans:
            if start >= last:
                pieces.append(text[last:start])
                last = end
            else:
                last = max(last, end)
        pieces.append(text[last:])
        text = " ".join(pieces)
        text = re.sub(r"[ \t]{2,}", " ", text)
    return text.strip(" \t")


def check_listing(channel: Channel, listing: Listing, *, product: ProductFacts | None = None,
                  brand: BrandFacts | str | None = None) -> dict[str, list[Finding]]:
    """Check every field of listing that the channel uses; returns findings per field."""
    results: dict[str, list[Finding]] = {}
    kwargs = {"product": product, "brand": brand}
    if channel.title is not None:
        results["title"] = check_text(channel, "title", listing.title, **kwargs)
    if channel.description is not None:
        results["description"] = check_text(channel, "description", listing.description,
                                            title=listing.title, **kwargs)
    if channel.caption is not None:
        caption = listing.caption or listing.catalogue_text
        results["caption"] = check_text(channel, "caption", caption, **kwargs)
    if channel.hashtags is not None:
        joiner = ", " if channel.hashtags.style == "tags" else " "
        results["hashtags"] = check_text(channel, "hashtags", joiner.join(listing.hashtags),
                                         **kwargs)
    if channel.bullets is not None:
        found: list[Finding] = []
        for bullet in listing.bullets:
            found.extend(check_text(channel, "bullet", bullet, **kwargs))
        limit = channel.bullets.max_count
        if limit is not None and len(listing.bullets) > limit.value:
            found.append(Finding("block" if limit.source.verified else "advice", "bullets.max",
                                 "too_many_bullets", {"count": len(listing.bullets),
                                                      "limit": limit.value,
                                                      "channel": channel.name},
                                 limit.source, "shorten", "bullets"))
        results["bullets"] = found
    return results

