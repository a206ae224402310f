"""What the rule checker looks for: the sources of the naming and sheet rules, the patterns that
find contacts, other marketplaces, promotion, emoji, HTML and false craft claims, and the measures
of a text (its length as the channels count it, its keywords, its hashtags).

Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from webapp.listings.channels import Source

# --- sources of the rules that are not in channels.toml --------------------------------------

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

# --- patterns ---------------------------------------------------------------------------------

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
# Paying outside the platform: bank names and account numbers, e-wallets, "transfer langsung",
# "COD langsung", "di luar aplikasi". Bank acronyms and "DANA" only in capitals: "dana", "mandiri",
# "jago", "permata" and "jenius" are everyday words an impact story may use.
PAYMENTS = (
    re.compile(r"\b(?:no(?:mor)?\.?\s*rek(?:ening)?|norek|rekening)\b", IGNORE),
    re.compile(r"\b(?:BCA|BRI|BNI|BSI|BTN|CIMB(?:\s+Niaga)?|SeaBank|Danamon)\b"),
    re.compile(r"\bbank\s+(?:mandiri|jago|permata|danamon|syariah\s+indonesia|central\s+asia|"
               r"rakyat\s+indonesia|negara\s+indonesia|neo(?:\s+commerce)?)\b", IGNORE),
    re.compile(r"\b(?:OVO|Go-?Pay|ShopeePay|LinkAja|QRIS|e-?wallet|dompet\s+digital)\b", IGNORE),
    re.compile(r"\bDANA\b"),
    re.compile(r"\btransfer\s+(?:langsung|dulu|ke|via|lewat|saja|aja|bank|antar\s*bank)\b",
               IGNORE),
    re.compile(r"\b(?:COD|bayar\s+di\s+tempat)\s+langsung\b", IGNORE),
    re.compile(r"\b(?:bayar|pembayaran|transaksi)\s+(?:langsung|di\s+luar)\b", IGNORE),
    re.compile(r"\bdi\s+luar\s+(?:aplikasi|app|platform|marketplace|shopee|tokopedia|tiktok|"
               r"lazada|blibli)\b", IGNORE),
    re.compile(r"\b(?:bank|wire)\s+transfer\b|\bpay\s+(?:me\s+|us\s+)?(?:directly|outside)\b|"
               r"\boutside\s+(?:the\s+|of\s+)?(?:app|platform|etsy|amazon)\b|\bvenmo\b", IGNORE),
)
#: A bare run of 10 to 16 digits reads as an account number (phones are found by PHONES).
ACCOUNT_NUMBER = re.compile(r"(?<![\w.,\-+])(?!0?8|62)\d{10,16}(?![\w.,\-]*\d)")
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

# --- measures ---------------------------------------------------------------------------------


def text_length(text: str) -> int:
    """Count characters the way the channels' web forms do (UTF-16 units: an emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


REDUPLICATED = re.compile(r"\b(\w+)-\1\b", re.IGNORECASE)


def keywords(text: str) -> list[str]:
    """Return the words of text that count for repetition: 3+ letters, not numbers or stopwords;
    a reduplicated word ("ondel-ondel", "kupu-kupu") is one word."""
    words = (word.casefold() for word in WORD.findall(REDUPLICATED.sub(r"\1", text)))
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
