"""Numbers, money, sizes and dates as owners and buyers read them, in Indonesian or English.

One place for every format the app writes: pages (through the template filters), listing copy, story
pieces, packs and messages. Pure: Babel only, the language is always given.

    rupiah(150000, "id") == "Rp150.000"      rupiah(150000, "en") == "IDR 150,000"
    decimal(115.5, "id") == "115,5"          file_size(1_572_864, "id") == "1,5 MB"
    long_date(date(2025, 8, 17), "id") == "17 Agustus 2025"
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from webapp.vocab import zones

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


def whole_number(value: int | float | Decimal, language: str) -> str:
    """A whole number with the language's thousands mark: 1.500 (id), 1,500 (en); exact for
    any length of number (a half rounds to even)."""
    number = value if isinstance(value, int) else int(Decimal(value).to_integral_value())
    grouped = f"{number:,}"
    return grouped.replace(",", ".") if language == "id" else grouped


def rupiah(amount: int | float | Decimal | None, language: str) -> str:
    """Money without decimals: Rp150.000 (Indonesian, PUEBI) or IDR 150,000 (English, the
    currency's ISO code, which buyers abroad read without doubt). '' when there is no amount."""
    if amount is None:
        return ""
    number = whole_number(amount, language)
    return f"IDR {number}" if language == "en" else f"Rp{number}"


def decimal(value: int | float | None, language: str) -> str:
    """A measure with the language's decimal mark and no trailing zero: 115,5 (id), 115.5 (en)."""
    if value is None:
        return ""
    text = f"{value:g}"
    return text.replace(".", ",") if language == "id" else text


def dimensions(values: Iterable[float | None], language: str, unit: str = "cm") -> str:
    """Measured sizes as owners write them: '200 x 115,5 cm'; '' when none is given."""
    given = [value for value in values if value]
    if not given:
        return ""
    return " x ".join(decimal(value, language) for value in given) + f" {unit}"


def file_size(size: int | None, language: str) -> str:
    """A byte count as owners read it: 850 KB, 1,5 MB (id) or 1.5 MB (en), 2 GB."""
    size = size or 0
    for unit, scale in (("GB", GIB), ("MB", MIB)):
        if size >= scale:
            return f"{format_decimal(size / scale, format='#,##0.#', locale=language)} {unit}"
    return f"{format_decimal(size / KIB, format='#,##0', locale=language)} KB"


def megapixels(pixels: int, language: str) -> str:
    """A pixel count in whole megapixels: 61 (for 61,000,000 pixels)."""
    return whole_number(pixels / 1_000_000, language)


def long_date(value: date | datetime | None, language: str) -> str:
    """A date as 17 Agustus 2025 (id) or 17 August 2025 (en)."""
    if value is None:
        return ""
    return format_date(value, "d MMMM y", locale=language)


def date_time(value: datetime | None, language: str, timezone: str) -> str:
    """A moment in timezone, saying which: 17 Agustus 2025, 14.05 WITA (id) or 17 August 2025,
    14:05 WITA (en); Indonesia's zones keep their Indonesian names in both languages."""
    if value is None:
        return ""
    pattern = "d MMMM y, HH.mm" if language == "id" else "d MMMM y, HH:mm"
    moment = format_datetime(value, pattern, tzinfo=timezone, locale=language)
    return f"{moment} {zones().label(timezone)}"


def local_date(value: datetime, timezone: str) -> date:
    """The calendar day of a moment in timezone (a naive moment is UTC, as stored)."""
    moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return moment.astimezone(ZoneInfo(timezone)).date()


def phone_number(number: str | None) -> str:
    """An Indonesian number stored as +62... written as people read and type it: 0813-3947-2210
    (two groups of four, then the rest); anything else as it is."""
    digits = (number or "").removeprefix("+")
    if not (digits.isdigit() and digits.startswith("62") and len(digits) >= 9):
        return number or ""
    local = "0" + digits[2:]
    return "-".join(part for part in (local[:4], local[4:8], local[8:]) if part)
