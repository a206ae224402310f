"""Cells of a worksheet: references ('AQ7'), ranges ('A7:A1000'), cell values as text, and a
streaming reader that keeps only the rows asked for plus the sheet's data validations.

A worksheet may leave out the r attribute of a row or a cell; then it is the one after the
previous. The reader and the filler count the same way. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from webapp.packs.workbooks.package import TemplateError, item_text, iter_xml, local

MAX_COLUMN = 16_384  # XFD, Excel's last column
MAX_ROW = 1_048_576
CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
COLUMN_REF = re.compile(r"\$?([A-Za-z]{1,3})")
MAX_RANGES = 50  # ranges in one sqref
MAX_VALIDATIONS = 200  # list validations kept per sheet
MAX_CELL_TEXT = 1_000  # characters kept of one cell: a header, a hint or a list value


def column_number(letters: str) -> int:
    """Return the column number of its letters ('A' -> 1, 'AQ' -> 43)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    """Return a column's letters (1 -> 'A', 43 -> 'AQ')."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def parse_ref(ref: str) -> tuple[int, int] | None:
    """Return (row, column) of a cell reference, or None when it is not one."""
    match = CELL_REF.fullmatch(ref.strip())
    if not match:
        return None
    row, column = int(match.group(2)), column_number(match.group(1))
    if not (1 <= row <= MAX_ROW and 1 <= column <= MAX_COLUMN):
        return None
    return row, column


@dataclass(frozen=True)
class Area:
    """A rectangle of cells, both ends included."""

    top: int
    left: int
    bottom: int
    right: int

    def cells(self) -> int:
        """Return how many cells the area covers."""
        return (self.bottom - self.top + 1) * (self.right - self.left + 1)


def parse_area(text: str) -> Area | None:
    """Return the area of 'A1', 'A1:B9', '$A$1:$A$900' or a whole column 'A:A'."""
    start, _, end = text.strip().partition(":")
    first, last = parse_ref(start), parse_ref(end or start)
    if first and last:
        return Area(min(first[0], last[0]), min(first[1], last[1]),
                    max(first[0], last[0]), max(first[1], last[1]))
    left, right = COLUMN_REF.fullmatch(start), COLUMN_REF.fullmatch(end or start)
    if left and right:
        a, b = column_number(left.group(1)), column_number(right.group(1))
        if 1 <= a <= MAX_COLUMN and 1 <= b <= MAX_COLUMN:
            return Area(1, min(a, b), MAX_ROW, max(a, b))
    return None


def parse_sqref(text: str) -> list[Area]:
    """Return the areas of a space-separated sqref ('A7:A1000 C7:C1000')."""
    areas = [parse_area(part) for part in text.split()[:MAX_RANGES]]
    return [area for area in areas if area is not None]


def cell_text(element: Element, strings: Callable[[], list[str]]) -> str:
    """Return a <c> element's value as text: shared and inline strings, numbers as written."""
    kind = element.get("t", "n")
    if kind == "inlineStr":
        inline = next((child for child in element if local(child.tag) == "is"), None)
        return item_text(inline)[:MAX_CELL_TEXT] if inline is not None else ""
    value = next((child.text or "" for child in element if local(child.tag) == "v"), "")
    if kind == "s":
        table = strings()
        index = int(value) if value.strip().isdigit() else -1
        return table[index][:MAX_CELL_TEXT] if 0 <= index < len(table) else ""
    return value[:MAX_CELL_TEXT]


@dataclass(frozen=True)
class Validation:
    """A drop-down list of the sheet: where it applies and the formula giving its values."""

    areas: tuple[Area, ...]
    formula: str


@dataclass
class SheetCells:
    """What the reader keeps of a sheet: texts of the cells asked for (by row, then column),
    the last row with anything in it, and the list validations (classic and x14)."""

    rows: dict[int, dict[int, str]] = field(default_factory=dict)
    last_row: int = 0
    validations: list[Validation] = field(default_factory=list)

    def row(self, number: int) -> dict[int, str]:
        """Return a row's non-empty texts by column."""
        return {column: text for column, text in self.rows.get(number, {}).items()
                if text.strip()}

    def text(self, row: int, column: int) -> str:
        """Return one cell's text, '' when it is empty or was not kept."""
        return self.rows.get(row, {}).get(column, "")

    def values(self) -> list[str]:
        """Return the kept non-empty texts, row by row, left to right."""
        return [text.strip() for row in sorted(self.rows)
                for _, text in sorted(self.rows[row].items()) if text.strip()]


def read_cells(xml: bytes, strings: Callable[[], list[str]], *,
               keep: Callable[[int, int], bool], last: int | None = None) -> SheetCells:
    """Stream a worksheet and keep the texts of the cells keep(row, column) wants, stopping
    after row last (a list sheet is read only as far as its lists reach)."""
    found = SheetCells()
    row_number = 0
    parent: list[Element] = []
    for event, element in iter_xml(xml):
        name = local(element.tag)
        if event == "start":
            if name == "sheetData":
                parent.append(element)
            continue
        if name == "row":
            row_number = read_row(element, row_number, strings, keep, found)
            if parent:
                parent[-1].remove(element)  # keep memory flat on long sheets
            if last is not None and row_number >= last:
                break
        elif name == "dataValidation" and len(found.validations) < MAX_VALIDATIONS:
            validation = read_validation(element)
            if validation is not None:
                found.validations.append(validation)
    return found


def read_row(element: Element, previous: int, strings: Callable[[], list[str]],
             keep: Callable[[int, int], bool], found: SheetCells) -> int:
    """Record one <row>'s wanted cells; return its number."""
    number = int(element.get("r")) if (element.get("r") or "").isdigit() else previous + 1
    if not 1 <= number <= MAX_ROW:
        raise TemplateError("damaged")
    column = 0
    for cell in element:
        if local(cell.tag) != "c":
            continue
        position = parse_ref(cell.get("r", ""))
        column = position[1] if position else column + 1
        text = cell_text(cell, strings) if keep(number, column) else None
        if text is not None:
            found.rows.setdefault(number, {})[column] = text
        if text or (text is None and has_value(cell)):
            found.last_row = max(found.last_row, number)
    return number


def has_value(cell: Element) -> bool:
    """True when a <c> holds a value, a formula or an inline string."""
    return any(local(child.tag) in ("v", "f", "is") for child in cell)


def read_validation(element: Element) -> Validation | None:
    """Return a list validation (classic or x14 inside extLst), or None for other kinds."""
    if element.get("type") != "list":
        return None
    sqref = element.get("sqref", "")
    formula = ""
    for child in element:
        name = local(child.tag)
        if name == "formula1":
            inner = next((f.text for f in child if local(f.tag) == "f"), None)
            formula = (inner if inner is not None else child.text) or ""
        elif name == "sqref":
            sqref = child.text or sqref
    areas = tuple(parse_sqref(sqref))
    return Validation(areas, formula.strip()) if areas and formula.strip() else None
