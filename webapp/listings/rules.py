"""The rule checker: any listing text against one channel's rules, with the source of each rule.

`check_text` returns findings (block or advice) with a message code and parameters for the web
layer to translate, the source of the rule and a fix hint; `MESSAGES` and `FIXES` hold plain
Indonesian and English defaults for the command line. `completeness` scores a whole listing for a
channel. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from webapp.listings.channels import Channel, Fact, Source, TextRules
from webapp.vocab import vocabulary

if TYPE_CHECKING:
    from webapp.listings.copywriter import BrandFacts, Listing, ProductFacts

FIELDS = ("title", "description", "hashtags", "caption", "bullet", "sheet_cell")
CHECKED = "2026-11-28"

SNI_BATIK = Source(
    "http://bsn.go.id/main/berita/berita_det/7283", CHECKED, "official",
    "SNI 0239:2014: batik is made with hot wax (malam) applied by canting tulis and/or cap; "
    "SNI 8184:2015 calls screen- or machine-printed look-alikes 'tiruan batik'")
TIRUAN_BATIK = Source(
    "https://lifestyle.kompas.com/read/2021/09/30/122039820/"
    "batik-tulis-cap-dan-print-bagaimana-membedakannya", CHECKED, "third_party",
    "printed 'batik' is cloth patterned like batik; say 'motif batik (printing)'")
TENUN_LOOMS = Source(
    "https://www.goodnewsfromindonesia.id/2021/09/22/mengenal-perbedaan-alat-tenun-gedog-dan-atbm",
    CHECKED, "third_party",
    "tenun gedog and ATBM are hand-operated looms; machine-woven cloth is not tenun ATBM or gedog")
CSV_INJECTION = Source(
    "https://owasp.org/www-community/attacks/CSV_Injection", CHECKED, "official",
    "a spreadsheet runs a cell starting with = + - @ tab or carriage return as a formula")

# --- detectors --------------------------------------------------------------------------------

IGNORE = re.IGNORECASE
WHATSAPP_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:wa\.me|wa\.link|api\.whatsapp\.com|chat\.whatsapp\.com|"
    r"web\.whatsapp\.com)\b\S*", IGNORE)
EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]++@[\w\-]++(?:\.[\w\-]++)+")
URL = re.compile(r"\b(?:https?://|www\.)\S+", IGNORE)
DOMAIN = re.compile(
    r"(?<![@\w.\-])(?:[a-z0-9][a-z0-9\-]*+\.)+"
    r"(?:com|net|org|id|io|me|ly|link|shop|store|site|online|biz|info|app|xyz)\b(?!\.\w)(?:/\S*)?",
    IGNORE)
PHONES = (
    # Indonesian mobiles: 08.., 628.., +62 8.., with spaces, dots, dashes or brackets between digits
    re.compile(r"(?<![\w+])(?:\+\s?62|62|0)[\s.\-()]*8(?:[\s.\-()]*\d){7,11}(?!\d)"),
    # landlines with an area code: (021) 555 1234, 0274-123456
    re.compile(r"(?<![\w.,])\(?0[2-9]\d{1,2}\)?[\s.\-]\d{3,4}[\s.\-]?\d{3,5}(?!\d)"),
    # any other international number
    re.compile(r"(?<![\w+])\+(?!\s?62)\d{1,3}[\s.\-]?\(?\d{1,4}\)?(?:[\s.\-]?\d{2,4}){2,4}(?!\d)"),
)
HANDLE = re.compile(r"(?<![\w@.])@(?![Rr][Pp][\s\d.])[A-Za-z_][A-Za-z0-9_.]{1,29}+")
MESSENGERS = (re.compile(r"\b(?:whats\s?app|telegram|wechat|line\s?id|id\s?line)\b", IGNORE),
              re.compile(r"\bWA\b"))
SOCIAL = (re.compile(r"\b(?:instagram|insta|facebook|youtube|twitter)\b", IGNORE),
          re.compile(r"\b(?:IG|FB|DM)\b"))
MARKETPLACE_NAMES = (
    "shopee", "tokopedia", "tokped", "tiktok shop", "tiktokshop", "tiktok", "lazada", "blibli",
    "bukalapak", "olx", "zalora", "jd.id", "jdid", "alibaba", "aliexpress", "shein", "amazon",
    "etsy", "ebay", "carousell", "qoo10", "akulaku", "evermos",
)
MARKETPLACE = re.compile(
    r"\b(?:" + "|".join(re.escape(name).replace(r"\ ", r"\s?") for name in MARKETPLACE_NAMES)
    + r")\b", IGNORE)
PROMO = re.compile(
    r"\b(?:murah(?:\s+meriah)?|termurah|murmer|diskon|disc|promo|sale|obral|cuci\s+gudang|"
    r"gratis\s+ongkir|free\s+ongkir|ongkir|free\s+shipping|best\s*seller|terlaris|"
    r"paling\s+laris|laris\s+manis|hot\s+(?:item|sale|deal)|flash\s+sale|cashback|"
    r"potongan\s+harga|harga\s+(?:spesial|promo|grosir)|bisa\s+cod|cod|cheap(?:est)?|"
    r"discount(?:ed)?|clearance|limited\s+time|top\s+seller|guaranteed?|"
    r"100\s?%\s*(?:quality|original|asli|ori)|\d{1,2}\s?%\s*(?:off|diskon|disc))(?!\w)", IGNORE)
EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\u2190-\u21FF\u2300-\u23FF\u25A0-\u27BF\u2900-\u297F"
    "\u2B00-\u2BFF\u3030\u303D\u3297\u3299\uFE0F\u200D]")
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?\s*>|&(?:[a-zA-Z]+|#\d+);")
HASHTAG = re.compile(r"(?<![\w&#])#[^\s#]+")
WORD = re.compile(r"[^\W_]+")
FORMULA_START = "=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20"
STOPWORDS = frozenset(("dan", "di", "ke", "dari", "untuk", "yang", "atau", "dengan", "pada",
                       "the", "and", "of", "for", "with", "from", "in", "on", "to", "a", "an",
                       "or", "by"))

BATIK_PRINTED_PHRASES = (
    re.compile(r"(?<!motif\s)\bbatik\s+(?:print(?:ing|ed)?|sablon|cetak|digital)\b", IGNORE),
    re.compile(r"\b(?:print(?:ing|ed)?|sablon|cetak)\s+batik\b(?![\s-]*(?:pattern|style|motif))",
               IGNORE),
)
TENUN_PRINTED_PHRASES = (
    re.compile(r"(?<!motif\s)\btenun\s+(?:print(?:ing|ed)?|sablon|cetak)\b", IGNORE),
    re.compile(r"\b(?:print(?:ing|ed)?|sablon|cetak)\s+tenun\b", IGNORE),
)
HAND_LOOM_CLAIM = re.compile(
    r"\b(?:atbm|gedog|gendong|tenun\s+tangan|hand[\s-]?woven|hand[\s-]?loom(?:ed)?)\b", IGNORE)
HANDMADE_CLAIM = re.compile(
    r"\b(?:handmade|hand[\s-]made|handcrafted|hand[\s-]drawn|buatan\s+tangan|"
    r"dibuat\s+(?:dengan|secara)\s+(?:tangan|manual)|tulis\s+tangan|karya\s+tangan)\b", IGNORE)
HONEST_BEFORE_BATIK = re.compile(r"(?:motif|tiruan|corak|mirip|seperti|menyerupai|imitation)"
                                 r"[\s-]+$")
TULIS_CLAIM = re.compile(r"\bbatik\s+tulis\b", IGNORE)
TULIS_CAP = re.compile(r"\bbatik\s+tulis(?=[\s-]*(?:dan|&|-|/)\s*cap\b)", IGNORE)
PRINT_SAID = re.compile(r"print|sablon|cetak|tiruan", IGNORE)

# --- messages ---------------------------------------------------------------------------------

MESSAGES: dict[str, tuple[str, str]] = {
    "empty": ("{field_id} masih kosong.", "The {field_en} is empty."),
    "too_long": ("{field_id} {length} karakter; batas {channel} {limit} karakter.",
                 "The {field_en} has {length} characters; {channel} allows {limit}."),
    "too_short": ("{field_id} {length} karakter; {channel} meminta minimal {limit} karakter.",
                  "The {field_en} has {length} characters; {channel} needs at least {limit}."),
    "longer_than_recommended": (
        "{field_id} {length} karakter; {channel} menyarankan paling banyak {limit}.",
        "The {field_en} has {length} characters; {channel} recommends at most {limit}."),
    "shorter_than_recommended": (
        "{field_id} {length} karakter; {channel} menyarankan minimal {limit}.",
        "The {field_en} has {length} characters; {channel} recommends at least {limit}."),
    "too_few_words": ("Deskripsi berisi {words} kata; {channel} meminta minimal {limit} kata.",
                      "The description has {words} words; {channel} needs at least {limit}."),
    "phone_number": ("Ada nomor telepon ({match}); {channel} melarang kontak di luar platform.",
                     "There is a phone number ({match}); {channel} bans off-platform contacts."),
    "whatsapp_link": ("Ada tautan WhatsApp ({match}); {channel} melarangnya.",
                      "There is a WhatsApp link ({match}); {channel} does not allow it."),
    "email": ("Ada alamat e-mail ({match}); {channel} melarang kontak di luar platform.",
              "There is an e-mail address ({match}); {channel} bans off-platform contacts."),
    "url": ("Ada tautan ({match}); {channel} tidak menerima tautan di sini.",
            "There is a link ({match}); {channel} does not accept links here."),
    "handle": ("Ada nama akun media sosial ({match}); {channel} melarang kontak di luar platform.",
               "There is a social media handle ({match}); {channel} bans off-platform contacts."),
    "messenger_name": ("Teks mengajak pembeli ke aplikasi pesan ({match}); {channel} melarangnya.",
                       "The text sends buyers to a messaging app ({match}); {channel} bans it."),
    "social_name": ("Teks menyebut media sosial ({match}); pembeli {channel} sebaiknya tetap di "
                    "{channel}.",
                    "The text names a social network ({match}); keep {channel} buyers on "
                    "{channel}."),
    "other_marketplace": ("Teks menyebut marketplace lain ({match}); {channel} melarangnya.",
                          "The text names another marketplace ({match}); {channel} bans it."),
    "promo_word": ("Judul memuat kata promosi \"{match}\"; {channel} melarangnya di judul.",
                   "The title has the promotional word \"{match}\"; {channel} bans it in titles."),
    "banned_symbol": ("Judul memuat simbol {chars} yang tidak diterima {channel}.",
                      "The title has the symbols {chars}, which {channel} does not accept."),
    "emoji": ("Judul memuat emoji atau simbol hiasan ({match}).",
              "The title has emoji or decorative symbols ({match})."),
    "all_caps": ("Judul ditulis dengan huruf kapital semua.", "The title is written in ALL CAPS."),
    "repeated_word": ("Kata \"{word}\" muncul {count} kali di judul; {channel} membolehkan "
                      "{limit}.",
                      "The word \"{word}\" appears {count} times; {channel} allows {limit}."),
    "too_many_hashtags": ("Ada {count} tagar; {channel} membolehkan paling banyak {limit}.",
                          "There are {count} hashtags; {channel} allows at most {limit}."),
    "more_hashtags_than_recommended": (
        "Ada {count} tagar; {channel} menyarankan paling banyak {limit}.",
        "There are {count} hashtags; {channel} recommends at most {limit}."),
    "tag_too_long": ("Tag \"{tag}\" {length} karakter; {channel} membolehkan {limit}.",
                     "The tag \"{tag}\" has {length} characters; {channel} allows {limit}."),
    "too_many_bullets": ("Ada {count} poin; {channel} membolehkan paling banyak {limit}.",
                         "There are {count} bullet points; {channel} allows at most {limit}."),
    "html": ("Teks memuat kode HTML ({match}); {channel} hanya menerima teks biasa.",
             "The text has HTML ({match}); {channel} only accepts plain text."),
    "same_as_title": ("Deskripsi sama persis dengan judul.",
                      "The description is identical to the title."),
    "printed_called_batik": (
        "Kain cetak (printing) disebut \"{match}\"; menurut SNI 0239:2014 itu bukan batik.",
        "Printed cloth is called \"{match}\"; under SNI 0239:2014 it is not batik."),
    "printing_not_said": ("Sebutkan bahwa kain ini printing, misalnya \"Motif Batik (Printing)\".",
                          "Say that the cloth is printed, e.g. \"Batik-Pattern Print\"."),
    "wrong_batik_technique": ("Teks menyebut \"{match}\", padahal tekniknya {technique}.",
                              "The text says \"{match}\", but the technique is {technique_en}."),
    "machine_called_tenun": (
        "Kain tenun mesin disebut \"{match}\"; hanya kain tenun tangan atau ATBM yang boleh "
        "disebut begitu.",
        "Machine-woven cloth is called \"{match}\"; only hand- or ATBM-woven cloth may be."),
    "printed_called_tenun": ("Kain cetak disebut \"{match}\"; kain cetak bukan tenun.",
                             "Printed cloth is called \"{match}\"; printed cloth is not tenun."),
    "machine_called_handmade": ("Teks menyebut \"{match}\", padahal tekniknya {technique} "
                                "(bukan buatan tangan).",
                                "The text says \"{match}\", but the technique is {technique_en} "
                                "(not handmade)."),
    "formula_start": ("Sel diawali \"{char}\"; spreadsheet akan menjalankannya sebagai rumus.",
                      "The cell starts with \"{char}\"; a spreadsheet would run it as a formula."),
    "missing_photos": ("Baru {count} foto; {channel} meminta minimal {limit}.",
                       "Only {count} photos; {channel} needs at least {limit}."),
    "fewer_photos_than_recommended": ("Baru {count} foto; {channel} menyarankan {limit}.",
                                      "Only {count} photos; {channel} recommends {limit}."),
    "too_many_photos": ("Ada {count} foto; {channel} hanya memakai {limit} pertama.",
                        "There are {count} photos; {channel} uses only the first {limit}."),
    "missing_price": ("Harga belum diisi.", "The price is missing."),
    "missing_weight": ("Berat (gram) belum diisi; marketplace memerlukannya untuk ongkos kirim.",
                       "The weight in grams is missing; marketplaces need it for shipping."),
    "missing_stock": ("Stok belum diisi.", "The stock is missing."),
    "missing_sku": ("Kode produk (SKU) belum diisi.", "The SKU is missing."),
    "missing_field": ("{field_id} belum ada.", "The {field_en} is missing."),
}

FIXES: dict[str, tuple[str, str]] = {
    "write_text": ("Tulis teksnya.", "Write the text."),
    "shorten": ("Buang kata yang paling tidak penting sampai pas.",
                "Drop the least important words until it fits."),
    "lengthen": ("Tambahkan jenis produk, teknik, motif, bahan atau asal daerah.",
                 "Add the product type, technique, motif, material or region."),
    "add_details": ("Tambahkan detail: bahan, ukuran, cara merawat.",
                    "Add details: material, size, care."),
    "remove_contact": ("Hapus kontak; pembeli menghubungi Anda lewat chat platform.",
                       "Remove the contact; buyers reach you through the platform's chat."),
    "remove_link": ("Hapus tautannya.", "Remove the link."),
    "remove_marketplace": ("Hapus nama marketplace lain.", "Remove the other marketplace's name."),
    "remove_promo": ("Hapus kata promosi dari judul; pakai fitur diskon atau voucher.",
                     "Remove the promotional word; use the channel's discount tools."),
    "remove_symbols": ("Hapus simbolnya.", "Remove the symbols."),
    "remove_emoji": ("Hapus emoji dari judul.", "Remove the emoji from the title."),
    "sentence_case": ("Tulis dengan huruf kapital hanya di awal kata.",
                      "Capitalise only the first letter of each word."),
    "remove_repeats": ("Sebut setiap kata sekali saja.", "Use each word once."),
    "fewer_hashtags": ("Pilih tagar yang paling relevan saja.",
                       "Keep only the most relevant tags."),
    "plain_text": ("Hapus kode HTML; pakai baris baru dan tanda •.",
                   "Remove the HTML; use line breaks and • bullets."),
    "write_description": ("Tulis deskripsi yang menjelaskan detail, bahan, ukuran dan perawatan.",
                          "Write a description with details, material, size and care."),
    "say_motif_batik": ("Tulis \"Motif Batik (Printing)\" atau \"tekstil motif batik\".",
                        "Write \"batik-pattern print\" or \"Motif Batik (Printing)\"."),
    "say_printing": ("Tambahkan \"(Printing)\" setelah \"Motif Batik\".",
                     "Add \"(Printing)\" after \"Motif Batik\"."),
    "use_technique_name": ("Pakai nama teknik yang sebenarnya.", "Use the real technique's name."),
    "say_tenun_mesin": ("Tulis \"tenun mesin\", atau \"motif tenun\" untuk kain cetak.",
                        "Write \"machine-woven\", or \"woven-pattern print\" for printed cloth."),
    "remove_handmade": ("Hapus klaim buatan tangan.", "Remove the handmade claim."),
    "prefix_apostrophe": ("Awali sel dengan tanda petik (') atau hapus tanda di depannya.",
                          "Start the cell with an apostrophe (') or remove the leading sign."),
    "add_photos": ("Tambahkan foto produk.", "Add product photos."),
    "drop_photos": ("Pilih foto terbaik dan urutkan.", "Choose and order the best photos."),
    "fill_product": ("Lengkapi data produk.", "Complete the product's details."),
}

FIELD_NAMES = {"title": ("Judul", "title"), "description": ("Deskripsi", "description"),
               "caption": ("Caption", "caption"), "hashtags": ("Tagar", "hashtags"),
               "bullet": ("Poin", "bullet point"), "bullets": ("Poin", "bullet points"),
               "sheet_cell": ("Sel", "cell"), "photos": ("Foto", "photos"),
               "product": ("Produk", "product")}


@dataclass(frozen=True)
class Finding:
    """One problem with a text: how serious, which rule, what to say, its source, how to fix."""

    severity: str
    rule: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    source: Source | None = None
    fix: str = ""
    field: str = ""
    span: tuple[int, int] | None = None

    @property
    def blocking(self) -> bool:
        """True when the channel would refuse or remove the listing."""
        return self.severity == "block"

    def message(self, language: str = "id") -> str:
        """Return the plain default message in 'id' or 'en'."""
        return render(MESSAGES, self.code, language, {"field": self.field, **self.params})

    def fix_message(self, language: str = "id") -> str:
        """Return the plain default fix hint in 'id' or 'en'."""
        return render(FIXES, self.fix, language, self.params) if self.fix else ""

    def to_dict(self, language: str | None = None) -> dict[str, Any]:
        """Return the finding as JSON-ready data, with messages when language is given."""
        data: dict[str, Any] = {
            "severity": self.severity, "rule": self.rule, "code": self.code,
            "params": dict(self.params), "field": self.field, "fix": self.fix,
            "span": list(self.span) if self.span else None,
            "source": self.source.to_dict() if self.source else None,
        }
        if language:
            data["message"] = self.message(language)
            data["fix_message"] = self.fix_message(language)
        return data


def render(table: Mapping[str, tuple[str, str]], code: str, language: str,
           params: Mapping[str, Any]) -> str:
    """Format the message code of table in language with params."""
    template = table[code][1 if language == "en" else 0]
    names = FIELD_NAMES.get(str(params.get("field", "")), ("Teks", "text"))
    values = {"field_id": names[0], "field_en": names[1], "channel": "", **params}
    try:
        return template.format(**values)
    except (KeyError, IndexError):  # a message must never crash the page that shows it
        return template


# --- helpers ----------------------------------------------------------------------------------

def text_length(text: str) -> int:
    """Count characters the way the channels' web forms do (UTF-16 units: an emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def keywords(text: str) -> list[str]:
    """Return the words of text that count for repetition: 3+ letters, not numbers or stopwords."""
    words = (word.casefold() for word in WORD.findall(text))
    return [w for w in words if len(w) >= 3 and not w.isdigit() and w not in STOPWORDS]


def is_all_caps(text: str) -> bool:
    """True when nearly every cased letter of a longer text is a capital."""
    cased = [c for c in text if c.isupper() or c.islower()]
    return len(cased) >= 8 and sum(c.isupper() for c in cased) >= 0.8 * len(cased)


def hashtags_in(text: str, style: str = "hashtag") -> list[str]:
    """Return the tags of a hashtags field (#tags, or comma-separated Etsy tags)."""
    if style == "tags":
        return [tag.strip() for tag in re.split(r"[,\n]", text) if tag.strip()]
    return HASHTAG.findall(text)


def mask(text: str, names: Iterable[str]) -> str:
    """Return text with each whole-word occurrence of names blanked out, keeping positions."""
    for name in names:
        name = name.strip()
        if len(name) >= 2:
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", lambda m: " " * len(m.group()),
                          text, flags=IGNORE)
    return text


def technique_term(product: ProductFacts | None):
    """Return the vocabulary term of the product's technique, or None."""
    technique = getattr(product, "technique", None)
    return vocabulary().get("techniques", technique) if technique else None


def brand_name(brand: BrandFacts | str | None) -> str:
    """Return the brand's name whether given as BrandFacts or text."""
    return brand if isinstance(brand, str) else getattr(brand, "name", "") or ""


class Checker:
    """Collects the findings of one text; one small method per family of rules."""

    def __init__(self, channel: Channel, field_name: str, text: str) -> None:
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


REMOVABLE = ("contact.", "marketplace.", "title.promo", "title.emoji", "title.symbols", "format.",
             "naming.handmade_claim")


def scrub(channel: Channel, field: str, text: str, *, product: ProductFacts | None = None,
          brand: BrandFacts | str | None = None) -> str:
    """Return text without the spans the checker reports as contacts, links, other marketplaces,
    promotional words, emoji, banned symbols, HTML or false handmade claims."""
    for _ in range(4):
        spans = sorted(f.span for f in check_text(channel, field, text, product=product,
                                                  brand=brand)
                       if f.span and f.rule.startswith(REMOVABLE))
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


# --- completeness -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Gap:
    """Something missing or failing for a channel, with what to do about it."""

    field: str
    code: str
    severity: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    fix: str = ""

    def message(self, language: str = "id") -> str:
        """Return the plain default message in 'id' or 'en'."""
        return render(MESSAGES, self.code, language, {"field": self.field, **self.params})

    def fix_message(self, language: str = "id") -> str:
        """Return the plain default fix hint in 'id' or 'en'."""
        return render(FIXES, self.fix, language, self.params) if self.fix else ""


@dataclass(frozen=True)
class Completeness:
    """A listing's readiness for one channel: a score, what is missing, and a traffic light."""

    score: int
    missing: tuple[Gap, ...]
    light: str
    findings: Mapping[str, list[Finding]] = field(default_factory=dict, hash=False)


def completeness(channel: Channel, listing: Listing, *, product: ProductFacts | None = None,
                 brand: BrandFacts | str | None = None,
                 photo_count: int | None = None) -> Completeness:
    """Score how ready listing is for channel (0–100) and list what is missing or failing:
    green when nothing is, amber when only advice remains, red when anything blocks."""
    findings = check_listing(channel, listing, product=product, brand=brand)
    gaps: list[Gap] = []
    total = 0.0
    earned = 0.0

    def item(ok: bool, gap: Gap | None) -> None:
        nonlocal total, earned
        total += 1
        if ok:
            earned += 1
        elif gap is not None:
            gaps.append(gap)
            earned += 0.5 if gap.severity == "advice" else 0

    values = {"title": listing.title, "description": listing.description,
              "caption": listing.caption or listing.catalogue_text,
              "hashtags": " ".join(listing.hashtags), "bullets": " ".join(listing.bullets)}
    for name, found in findings.items():
        if not values[name].strip():
            severity = "advice" if name in ("hashtags", "bullets") else "block"
            item(False, Gap(name, "missing_field", severity, {"channel": channel.name},
                            "write_text"))
            continue
        worst = "block" if blocking(found) else "advice" if found else None
        first = next((f for f in found if f.severity == worst), None)
        item(worst is None, first and Gap(name, first.code, worst, dict(first.params),
                                          first.fix))

    if photo_count is not None and channel.images is not None:
        params = {"count": photo_count, "channel": channel.name}
        rules = channel.images
        if rules.min is not None:
            item(photo_count >= rules.min.value,
                 Gap("photos", "missing_photos", "block", {**params, "limit": rules.min.value},
                     "add_photos"))
        if rules.recommended_min is not None:
            limit = rules.recommended_min.value
            item(photo_count >= limit, Gap("photos", "fewer_photos_than_recommended", "advice",
                                           {**params, "limit": limit}, "add_photos"))
        if rules.max is not None:
            item(photo_count <= rules.max.value,
                 Gap("photos", "too_many_photos", "advice", {**params, "limit": rules.max.value},
                     "drop_photos"))

    if product is not None and channel.kind == "marketplace":
        needs = (("price", "missing_price", "block"), ("weight_g", "missing_weight", "block"),
                 ("stock", "missing_stock", "advice"), ("sku", "missing_sku", "advice"))
        for attribute, code, severity in needs:
            value = getattr(product, attribute, None)
            ok = bool(value) if attribute != "stock" else value is not None
            item(ok, Gap("product", code, severity, {"channel": channel.name}, "fill_product"))

    score = round(100 * earned / total) if total else 100
    light = ("red" if any(gap.severity == "block" for gap in gaps)
             else "amber" if gaps else "green")
    return Completeness(score, tuple(gaps), light, findings)


def unescape_html(text: str) -> str:
    """Return text with HTML tags removed and entities decoded (for pasted descriptions)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", text))
