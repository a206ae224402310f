"""The class report for a programme's records: one row per shared brand with the class page's
figures and dates, and a summary (brands with a story, products ready per channel, packs built).

CSV: UTF-8 with BOM, every field quoted, CRLF (as the packs' sheets); the summary follows the
brand rows after one blank line, as "label, value" rows. XLSX: the rows on sheet "Merek", the
summary on sheet "Ringkasan". No cell can run as a formula: the packs' cell writers
(webapp.packs.sheets.common: csv_field, put) are used for every value.

A report tells no light it does not know: lights missing from the cache are computed for it (all
of them from the command line; from the page as many as the class page computes, the rest by the
background job), and any still unknown is counted in its own column, never as a colour.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from webapp.classes.standing import STEPS, BrandStanding, class_standing
from webapp.formatting import local_date
from webapp.listings.channels import channel_ids, channel_label
from webapp.models import Kelas, utcnow
from webapp.text import N_, say

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STORY_WORDS = {"todo": N_("belum mulai"), "started": N_("sedang ditulis"), "done": N_("selesai")}
LIGHT_HEADERS = (("green", N_("%(channel)s: hijau (siap)")),
                 ("amber", N_("%(channel)s: kuning")), ("red", N_("%(channel)s: merah")))


@dataclass
class Report:
    """A class report: the class, when it was made, its brand rows and the channels used."""

    kelas: Kelas
    rows: list[BrandStanding]
    channels: tuple[str, ...]
    made_on: date
    zone: str
    language: str = "id"
    computing: int = 0


def class_report(kelas: Kelas, public_url: bool, zone: str, language: str = "id",
                 inline: int | None = None) -> Report:
    """Read the class for its report (every missing light computed unless inline says how
    many products at most)."""
    standing = class_standing(kelas.id, public_url, inline=inline)
    used = {channel for row in standing.rows for channel in row.chosen}
    channels = tuple(channel for channel in channel_ids() if channel in used)
    return Report(kelas, standing.rows, channels, local_date(utcnow(), zone), zone, language,
                  standing.computing)


def day(report: Report, moment: datetime | None) -> date | None:
    """A moment as the calendar day in the report's time zone."""
    return local_date(moment, report.zone) if moment is not None else None


def headers(report: Report) -> list[str]:
    """The brand sheet's column headers."""
    say_ = report.language
    names = [say(say_, "Pemilik"), say(say_, "Merek"), say(say_, "Alamat merek (slug)"),
             say(say_, "Kota"), say(say_, "Provinsi"), say(say_, "Kerajinan"),
             say(say_, "Kelengkapan profil (%)"), say(say_, "Cerita"), say(say_, "Produk"),
             say(say_, "Produk tanpa foto"), say(say_, "Foto"),
             say(say_, "Foto dengan saran perbaikan")]
    for channel in report.channels:
        for _light, header in LIGHT_HEADERS:
            names.append(say(say_, header, channel=channel_label(channel)))
    names += [say(say_, "Lampu belum dihitung"), say(say_, "Paket dibuat"),
              say(say_, "Paket terakhir"), say(say_, "Aktivitas terakhir"),
              say(say_, "Dibagikan sejak"), say(say_, "Langkah selesai (dari %(steps)d)",
                                                    steps=STEPS)]
    return names


def craft_label(craft: str, language: str) -> str:
    """A craft's label in language ("" for none)."""
    from webapp.vocab import vocabulary

    term = vocabulary().get("crafts", craft) if craft else None
    return term.label(language) if term else craft


def brand_values(report: Report, row: BrandStanding) -> list[Any]:
    """One brand's values, in the order of headers()."""
    values: list[Any] = [row.owner, row.name, row.slug, row.city, row.province,
                         craft_label(row.craft, report.language), row.profile_score,
                         say(report.language, STORY_WORDS[row.story]), row.products, row.bare,
                         row.photos, row.warned]
    for channel in report.channels:
        counts = row.lights.get(channel)
        values += [counts[light] if counts is not None else None for light, _h in LIGHT_HEADERS]
    values += [row.computing, row.packs, day(report, row.last_pack),
               day(report, row.last_activity), day(report, row.shared_at), row.steps_done]
    return values


def summary(report: Report) -> list[tuple[str, Any]]:
    """The summary's (label, value) rows."""
    lang, kelas, rows = report.language, report.kelas, report.rows
    ready: Counter = Counter()
    for row in rows:
        for channel, counts in row.lights.items():
            ready[channel] += counts["green"]
    lines: list[tuple[str, Any]] = [
        (say(lang, "Kelas"), kelas.name), (say(lang, "Kode kelas"), kelas.code),
        (say(lang, "Penyelenggara"), kelas.organiser or None),
        (say(lang, "Mulai"), kelas.starts_on), (say(lang, "Selesai"), kelas.ends_on),
        (say(lang, "Tanggal laporan"), report.made_on),
        (say(lang, "Merek yang dibagikan"), len(rows)),
        (say(lang, "Merek dengan cerita"), sum(row.story == "done" for row in rows)),
        (say(lang, "Merek dengan cerita sedang ditulis"),
         sum(row.story == "started" for row in rows)),
        (say(lang, "Produk"), sum(row.products for row in rows)),
        (say(lang, "Foto"), sum(row.photos for row in rows)),
        (say(lang, "Foto dengan saran perbaikan"), sum(row.warned for row in rows))]
    for channel in report.channels:
        lines.append((say(lang, "Produk siap unggah (hijau) di %(channel)s",
                          channel=channel_label(channel)), ready[channel]))
    lines += [(say(lang, "Paket dibuat"), sum(row.packs for row in rows)),
              (say(lang, "Merek dengan paket"), sum(row.packs > 0 for row in rows)),
              (say(lang, "Lampu belum dihitung"), sum(row.computing for row in rows))]
    return lines


def cell(value: Any) -> Any:
    """A value for a sheet: dates as ISO text (YYYY-MM-DD, the same in both files)."""
    return value.isoformat() if isinstance(value, date) else value


def report_csv_bytes(report: Report) -> bytes:
    """The report as CSV: the brand rows, a blank line, then the summary."""
    from webapp.packs.sheets.common import csv_field

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([csv_field(name) for name in headers(report)])
    for row in report.rows:
        writer.writerow([csv_field(cell(value)) for value in brand_values(report, row)])
    buffer.write("\r\n")
    writer.writerow([csv_field(say(report.language, "Ringkasan")), ""])
    for label, value in summary(report):
        writer.writerow([csv_field(label), csv_field(cell(value))])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def report_xlsx_bytes(report: Report) -> bytes:
    """The report as XLSX: sheet "Merek" (one row per brand) and sheet "Ringkasan"."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from webapp.packs.sheets.common import put

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = say(report.language, "Merek")
    bold = Font(bold=True)
    for column, name in enumerate(headers(report), start=1):
        put(sheet.cell(row=1, column=column), name).font = bold
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = 18
    for number, row in enumerate(report.rows, start=2):
        for column, value in enumerate(brand_values(report, row), start=1):
            put(sheet.cell(row=number, column=column), cell(value))
    sheet.freeze_panes = "C2"
    about = workbook.create_sheet("Ringkasan")
    about.column_dimensions["A"].width = 44
    about.column_dimensions["B"].width = 30
    for number, (label, value) in enumerate(summary(report), start=1):
        put(about.cell(row=number, column=1), label).font = bold
        put(about.cell(row=number, column=2), cell(value))
    workbook.properties.creator = "Studio Cerita"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
