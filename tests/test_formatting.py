"""Numbers, money, sizes and dates, written one way everywhere, in both languages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from webapp.formatting import (
    date_time,
    decimal,
    dimensions,
    file_size,
    local_date,
    long_date,
    megapixels,
    phone_number,
    rupiah,
    whole_number,
)


@pytest.mark.parametrize(
    ("amount", "language", "text"),
    [(150000, "id", "Rp150.000"), (150000, "en", "IDR 150,000"),
     (Decimal("1250000.4"), "id", "Rp1.250.000"), (0, "id", "Rp0"), (None, "id", "")],
)
def test_rupiah(amount, language, text):
    assert rupiah(amount, language) == text


def test_dates_read_like_indonesian_writing():
    assert long_date(date(2025, 8, 17), "id") == "17 Agustus 2025"
    assert long_date(date(2025, 8, 17), "en") == "17 August 2025"
    moment = datetime(2025, 8, 17, 3, 5, tzinfo=UTC)
    assert date_time(moment, "id", "Asia/Jakarta") == "17 Agustus 2025, 10.05 WIB"
    assert date_time(moment, "en", "Asia/Jakarta") == "17 August 2025, 10:05 WIB"
    assert date_time(moment, "id", "Asia/Makassar") == "17 Agustus 2025, 11.05 WITA"
    assert date_time(moment, "id", "Asia/Jayapura") == "17 Agustus 2025, 12.05 WIT"
    # a day that has begun in Papua has not yet in Jakarta
    late = datetime(2025, 8, 16, 16, 30, tzinfo=UTC)
    assert local_date(late, "Asia/Jakarta") == date(2025, 8, 16)
    assert local_date(late, "Asia/Jayapura") == date(2025, 8, 17)
    assert local_date(late.replace(tzinfo=None), "Asia/Jayapura") == date(2025, 8, 17)
    assert long_date(None, "id") == date_time(None, "id", "Asia/Jakarta") == ""


@pytest.mark.parametrize(("size", "language", "text"), [
    (1536 * 1024, "id", "1,5 MB"), (1536 * 1024, "en", "1.5 MB"), (60 * 1024, "id", "60 KB"),
    (2 * 1024**3, "id", "2 GB"), (None, "en", "0 KB"), (25 * 1024**2, "id", "25 MB")])
def test_file_sizes_read_as_owners_expect(size, language, text):
    assert file_size(size, language) == text


def test_measures_use_the_languages_decimal_mark():
    assert decimal(115.5, "id") == "115,5" and decimal(115.5, "en") == "115.5"
    assert decimal(200.0, "id") == "200" and decimal(None, "id") == ""
    assert dimensions((250.0, 105.5, None), "id") == "250 x 105,5 cm"
    assert dimensions((None, 0), "en") == ""
    assert whole_number(1500, "id") == "1.500" and whole_number(1500, "en") == "1,500"
    assert megapixels(61_000_000, "id") == "61"
    assert whole_number(10**40, "id") == "10" + ".000" * 13  # any length, exactly
    assert whole_number(-2500, "en") == "-2,500" and whole_number(2.5, "id") == "2"


@pytest.mark.parametrize(("stored", "shown"), [
    ("+6281339472210", "0813-3947-2210"), ("+628123456789", "0812-3456-789"),
    ("+62812345678901", "0812-3456-78901"), ("", ""), (None, ""), ("not a number", "not a number")])
def test_phone_numbers_read_as_indonesians_write_them(stored, shown):
    assert phone_number(stored) == shown
