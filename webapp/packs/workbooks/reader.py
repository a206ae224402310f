"""Reading a seller centre's bulk-upload template: read_template(data, channel_id).

It finds the data sheet (the channel's known sheet names first, else the sheet whose row holds
the most known keys), the key row (Shopee and TikTok Shop: a row of system keys such as
'ps_product_name|1|0', compared on the part before '|'; Tokopedia: its header row, whose texts are
its keys), the header and guidance rows below it, and the first data row: the first row after
the key row's block whose cells are all empty, moved down to where the data's drop-down lists
begin when only empty rows lie between. Each column gets its key, header, required flag ('*' in
the header, 'Wajib' in a guidance row), unit ('Berat (gram)' or 'Berat (kg)', 'cm') and drop-down
list with its values. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping

from webapp.packs.workbooks.cells import SheetCells, Validation, read_cells
from webapp.packs.workbooks.lists import resolve_lists
from webapp.packs.workbooks.package import Package, SheetPart, TemplateError, guarded, open_package
from webapp.packs.workbooks.shape import (
    Finding,
    TemplateColumn,
    TemplateShape,
    TemplateSpec,
    base_key,
)

SCAN_ROWS = 60  # rows whose texts are read: the key row, headers and guidance live up here
KEY_ROW_LIMIT = 30  # the key row is one of the first rows
HEADER_BLOCK = 12  # rows of tokens, headers and guidance a key row may carry below it
MIN_KNOWN = 3  # a key row names at least this many keys we know
MAX_COLUMNS = 1000
MAX_SHEETS_TRIED = 40
GUIDANCE_CHARS = 400
OPTIONAL = re.compile(r"\b(tidak wajib|wajib bersyarat|bersyarat|conditional\w*|optional|"
                      r"opsional)\b")
REQUIRED = re.compile(r"\b(wajib|mandatory|required)\b")
UNITS = (("kg", re.compile(r"\b(kg|kilogram|kilo)\b")),
         ("g", re.compile(r"\b(g|gr|gram|grams)\b")),
         ("cm", re.compile(r"\b(cm|sentimeter|centimet(?:er|re)s?)\b")),
         ("mm", re.compile(r"\b(mm|milimeter|millimet(?:er|re)s?)\b")))
EXAMPLE = re.compile(r"\be\.\s?g\.")  # "e.g." must not read as grams


def spec_for(channel_id: str) -> TemplateSpec:
    """Return the channel's template spec from its sheet data; refuse a channel without one."""
    from webapp.packs.sheets import template_spec  # here: the sheets package imports this one

    spec = template_spec(channel_id)
    if spec is None:
        raise TemplateError("unknown_channel")
    return spec


def read_template(data: bytes, channel_id: str, *, spec: TemplateSpec | None = None
                  ) -> TemplateShape:
    """Read an uploaded template; raise TemplateError (never anything else) when it cannot."""
    return read_shape(data, spec if spec is not None else spec_for(channel_id))


@guarded
def read_shape(data: bytes, spec: TemplateSpec) -> TemplateShape:
    """Read a template's shape with a channel's spec (any fault of the file: TemplateError)."""
    package = open_package(data)
    if not package.sheets:
        raise TemplateError("no_sheet")
    sheet, cells, key_row = find_sheet(package, spec)
    columns = key_columns(cells.row(key_row), spec)
    first = first_data_row(cells, key_row, columns, cells.validations, spec.data_rows)
    header_row = key_row if spec.keys == "headers" else header_row_of(cells, key_row, first,
                                                                     columns)
    # rows between the key row and the header row hold tokens (Shopee's 'basic' row), not help
    guidance = tuple(row for row in range(max(key_row, header_row) + 1, first) if cells.row(row))
    columns = [described(column, cells, header_row, guidance) for column in columns]
    columns, lists, notes = with_lists(package, sheet, columns, cells.validations, first)
    if spec.data_rows and first not in spec.data_rows:
        expected = " / ".join(str(row) for row in spec.data_rows)
        notes.insert(0, Finding("unusual_data_row", {"row": first, "expected": expected}))
    return TemplateShape(spec.channel_id, sheet.name, sheet.path, spec.keys, key_row, header_row,
                         guidance, first, tuple(columns), lists, cells.last_row, tuple(notes))


def find_sheet(package: Package, spec: TemplateSpec) -> tuple[SheetPart, SheetCells, int]:
    """Return the data sheet, its cells and key row: a known sheet name first, else the sheet
    whose row holds the most known keys."""
    wanted = [name.casefold() for name in spec.sheets]
    named = sorted((part for part in package.sheets if part.name.strip().casefold() in wanted),
                   key=lambda part: wanted.index(part.name.strip().casefold()))
    others = [part for part in package.sheets if part not in named]
    best: tuple[int, SheetPart, SheetCells, int] | None = None
    for part in (named + others)[:MAX_SHEETS_TRIED]:
        cells = read_cells(package.read(part.path), package.shared_strings,
                           keep=lambda row, column: row <= SCAN_ROWS and column <= MAX_COLUMNS)
        row, count = best_key_row(cells, spec)
        if count >= MIN_KNOWN and part in named:
            return part, cells, row
        if count >= MIN_KNOWN and (best is None or count > best[0]):
            best = (count, part, cells, row)
    if best is None:
        raise TemplateError("no_key_row")
    return best[1], best[2], best[3]


def best_key_row(cells: SheetCells, spec: TemplateSpec) -> tuple[int, int]:
    """Return (row, how many known keys it holds) of the row with the most; the first on ties."""
    best = (0, 0)
    for row in range(1, KEY_ROW_LIMIT + 1):
        count = len({spec.our_key(text) for text in cells.row(row).values()} - {""})
        if count > best[1]:
            best = (row, count)
    return best


def key_columns(texts: Mapping[int, str], spec: TemplateSpec) -> list[TemplateColumn]:
    """Return a column for every non-empty cell of the key row, in column order."""
    columns = []
    for index in sorted(texts):
        code = " ".join(texts[index].split())
        key = base_key(code, spec.keys)
        known = spec.our_key(code)
        role = "category" if known and known == spec.category else \
            "courier" if spec.is_courier(key) or spec.is_courier(known) else ""
        columns.append(TemplateColumn(index, key, code, known, role=role))
    return columns


def first_data_row(cells: SheetCells, key_row: int, columns: list[TemplateColumn],
                   validations: list[Validation], usual: tuple[int, ...] = ()) -> int:
    """Return the first data row: the first all-empty row after the key row's block; where the
    data's drop-down lists begin instead when only empty rows lie between, or when the lists
    begin on a usual first row above it (a template filled before)."""
    indexes = {column.index for column in columns}

    def empty(row: int) -> bool:
        """True when none of the key columns has text in row."""
        return not any(cells.text(row, index).strip() for index in indexes)

    last = key_row + HEADER_BLOCK + 1
    blank = next((row for row in range(key_row + 1, last + 1) if empty(row)), None)
    ordered = sorted(indexes)
    starts = [area.top for validation in validations for area in validation.areas
              if key_row < area.top <= last and covers(ordered, area.left, area.right)]
    listed = min(starts) if starts else None
    if listed is None:
        if blank is None:
            raise TemplateError("no_data_row")
        return blank
    if blank is None or (listed < blank and listed in usual):
        return listed
    if listed > blank and all(empty(row) for row in range(blank, listed)):
        return listed
    return blank


def covers(ordered: list[int], left: int, right: int) -> bool:
    """True when a sorted list of column numbers has one from left to right."""
    position = bisect.bisect_left(ordered, left)
    return position < len(ordered) and ordered[position] <= right


def header_row_of(cells: SheetCells, key_row: int, first: int,
                  columns: list[TemplateColumn]) -> int:
    """Return the row of display names below a key row (most columns filled), 0 if none."""
    indexes = [column.index for column in columns]
    enough = max(2, (len(indexes) + 1) // 2)
    for row in range(key_row + 1, first):
        texts = cells.row(row)
        if sum(1 for index in indexes if index in texts) >= enough:
            return row
    return 0


def described(column: TemplateColumn, cells: SheetCells, header_row: int,
              guidance_rows: tuple[int, ...]) -> TemplateColumn:
    """Return the column with its header, guidance, required flag and unit."""
    header = " ".join(cells.text(header_row, column.index).split()) if header_row else ""
    notes = [" ".join(cells.text(row, column.index).split()) for row in guidance_rows]
    guidance = " / ".join(note for note in notes if note)[:GUIDANCE_CHARS]
    required = "*" in header or "*" in column.code or any(is_required(note) for note in notes)
    unit = unit_hint(header) or unit_hint(column.code) or unit_hint(guidance)
    return TemplateColumn(column.index, column.key, column.code, column.known, header, required,
                          unit, column.choices, guidance, column.role)


def is_required(text: str) -> bool:
    """True when a guidance text marks its column required ('Wajib', 'Mandatory')."""
    folded = text.casefold()
    return REQUIRED.search(folded) is not None and OPTIONAL.search(folded) is None


def unit_hint(text: str) -> str:
    """Return the one unit a text names ('g', 'kg', 'cm' or 'mm'); '' for none, or for two
    of a kind (a text that names both grams and kg does not tell)."""
    folded = EXAMPLE.sub(" ", text.casefold())
    found = [unit for unit, pattern in UNITS if pattern.search(folded)]
    for kind in (("g", "kg"), ("cm", "mm")):
        units = [unit for unit in found if unit in kind]
        if units:
            return units[0] if len(units) == 1 else ""
    return ""


def with_lists(package: Package, sheet: SheetPart, columns: list[TemplateColumn],
               validations: list[Validation], first: int
               ) -> tuple[list[TemplateColumn], dict[str, tuple[str, ...]], list[Finding]]:
    """Attach each column's drop-down list (the first that covers its data rows) and resolve
    the lists' values; a list that cannot be read safely is noted, never followed."""
    formulas = list_formulas([column.index for column in columns], validations, first)
    lists: dict[str, tuple[str, ...]] = {}
    notes: list[Finding] = []
    resolved = resolve_lists(package, [formulas[column.index] for column in columns
                                       if formulas.get(column.index)], sheet.name)
    result = []
    for column in columns:
        formula = formulas.get(column.index, "")
        if formula:
            values = resolved[formula]
            if values is None:
                notes.append(Finding("list_unresolved", {"column": column.label}))
            else:
                lists[formula] = tuple(values)
        result.append(TemplateColumn(column.index, column.key, column.code, column.known,
                                     column.header, column.required, column.unit, formula,
                                     column.guidance, column.role))
    return result, lists, notes


def list_formulas(indexes: list[int], validations: list[Validation],
                  first: int) -> dict[int, str]:
    """Return each column's list formula: the first validation whose area covers the column's
    data rows. Each column is visited once, however many areas a hostile file holds."""
    open_columns = sorted(indexes)
    found: dict[int, str] = {}
    for validation in validations:
        for area in validation.areas:
            if area.bottom < first:
                continue
            start = bisect.bisect_left(open_columns, area.left)
            end = bisect.bisect_right(open_columns, area.right)
            for index in open_columns[start:end]:
                found[index] = validation.formula
            del open_columns[start:end]
    return found
