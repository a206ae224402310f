"""Filling a seller centre's template: fill_template(data, shape, rows).

rows are mappings from a template key (or our key for it) to a value, one per product or
variant, written from the shape's first data row on, by key, never by position. A value is
written in the column's own list words (a value not in the column's drop-down list is left blank
and reported), text as an inline string, numbers as numbers, never a formula. A value may be a
Blank with a code: the cell stays empty and the owner is told why ('unit_unknown'). Every other
ZIP entry, and every row above the first data row, stays byte for byte as it was.
Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from webapp.packs.files import plain
from webapp.packs.workbooks.package import TemplateError, check_xml, guarded, open_package
from webapp.packs.workbooks.shape import Finding, TemplateColumn, TemplateShape
from webapp.packs.workbooks.sheetxml import Value, splice_rows
from webapp.packs.workbooks.zipcopy import replace_entry

MAX_FILL_ROWS = 10_000
CELL_MAX = 32_767  # Excel's limit for one cell


@dataclass(frozen=True)
class Blank:
    """A value left blank on purpose: the code says why, for the owner ('unit_unknown')."""

    code: str


@dataclass(frozen=True)
class FillResult:
    """A filled template: its bytes and what was filled, left blank or needs the owner."""

    data: bytes = field(repr=False)
    rows: int
    first_row: int
    filled: tuple[str, ...]  # template keys with a value in some row, in column order
    blank: tuple[str, ...]  # template keys left empty in every row
    unknown: tuple[str, ...]  # template keys we do not know (left as they were)
    findings: tuple[Finding, ...] = ()
    #: Labels of the template's required columns left empty in some row, whatever the reason
    #: (no data, a value not in the column's list, photos without public links): the seller
    #: centre refuses such rows, so the file is not ready to upload.
    required_empty: tuple[str, ...] = ()

    def messages(self, language: str) -> list[str]:
        """Return every finding worded in language."""
        return [finding.message(language) for finding in self.findings]


@guarded
def fill_template(data: bytes, shape: TemplateShape,
                  rows: Sequence[Mapping[str, Any]]) -> FillResult:
    """Write rows into the template read as shape; raise TemplateError when it cannot."""
    if len(rows) > MAX_FILL_ROWS:
        raise TemplateError("too_many_rows", limit=MAX_FILL_ROWS)
    package = open_package(data)
    if not package.has(shape.sheet_path):
        raise TemplateError("damaged")
    cells: dict[int, dict[int, Value]] = {}
    notes: Counter[tuple[int, str, str]] = Counter()
    missing: list[str] = []
    for offset, row in enumerate(rows):
        cells[shape.first_data_row + offset] = row_cells(shape, row, notes, missing)
    xml = package.read(shape.sheet_path)
    check_xml(xml)
    spliced = splice_rows(xml, shape.first_data_row, cells)
    check_xml(spliced.xml)  # never hand the owner a sheet Excel would have to repair
    written = {column for row in cells.values() for column in row}
    findings = [Finding("missing_column", {"column": key}) for key in missing]
    findings += column_findings(shape, notes)
    if spliced.cleared:
        findings.append(Finding("old_values_cleared", {"rows": spliced.cleared}))
    return FillResult(
        replace_entry(package.data, shape.sheet_path, spliced.xml), len(rows),
        shape.first_data_row,
        tuple(column.key for column in shape.columns if column.index in written),
        tuple(column.key for column in shape.columns if column.index not in written),
        shape.unknown_keys, (*shape.notes, *findings),
        tuple(column.label for column in shape.columns if column.required
              and any(column.index not in row for row in cells.values())))


def row_cells(shape: TemplateShape, row: Mapping[str, Any],
              notes: Counter[tuple[int, str, str]], missing: list[str]) -> dict[int, Value]:
    """Return one row's cells by column number; count what was left blank and why."""
    cells: dict[int, Value] = {}
    explained = set()  # columns already reported for this row: one reason each
    for key, value in row.items():
        column = shape.column(key)
        if column is None:
            if not is_blank(value) and key not in missing:
                missing.append(key)
            continue
        if isinstance(value, Blank):
            notes[(column.index, value.code, "")] += 1
            explained.add(column.index)
            continue
        cell = cell_value(value)
        if cell is None:
            continue
        listed = in_list(shape, column, cell)
        if listed is None:
            notes[(column.index, "not_in_list", str(cell))] += 1
            explained.add(column.index)
            continue
        cells[column.index] = listed
    for column in shape.columns:
        if column.required and column.index not in cells and column.index not in explained:
            notes[(column.index, "required_blank", "")] += 1
    return cells


def is_blank(value: Any) -> bool:
    """True for a value that writes nothing."""
    return value is None or isinstance(value, Blank) or (isinstance(value, str)
                                                         and not plain(value))


def cell_value(value: Any) -> Value | None:
    """Return what a cell holds: a number, clean text (capped), or None for nothing."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    text = plain(value)[:CELL_MAX]
    return text or None


def in_list(shape: TemplateShape, column: TemplateColumn, value: Value) -> Value | None:
    """Return value as the column's list spells it; None when the list does not hold it. A
    column without a readable list takes any value."""
    choices = shape.choices(column)
    if choices is None:
        return value
    text = number_text(value) if isinstance(value, int | float) else value
    if text in choices:
        return value
    folded = text.casefold()
    return next((choice for choice in choices if choice.casefold() == folded), None)


def number_text(value: int | float) -> str:
    """Return a number as a list would spell it: 12, 12.5."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def column_findings(shape: TemplateShape,
                    notes: Counter[tuple[int, str, str]]) -> list[Finding]:
    """Return one finding per column and reason (with its row count), in column order."""
    by_index = {column.index: column for column in shape.columns}
    findings = []
    for (index, code, value), count in sorted(notes.items()):
        params: dict[str, Any] = {"column": by_index[index].label, "rows": count}
        if value:
            params["value"] = value
        findings.append(Finding(code, params))
    return findings
