"""Drop-down lists of a template: the values behind a list validation's formula.

A formula is an inline list ('"Aktif,Nonaktif"'), a range on this or another sheet
('$A$1:$A$5', "'Sheet 2'!$A$1:$A$900"), or a defined name that stands for one. Anything else
(INDIRECT, OFFSET, a link to another file such as '[1]Sheet1!A1') is left unresolved: it is
never followed, and the column's values are then not checked. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re

from webapp.packs.workbooks.cells import Area, parse_area, read_cells
from webapp.packs.workbooks.package import Package, SheetPart

MAX_LIST_VALUES = 20_000
MAX_LIST_CELLS = 100_000
MAX_NAME_DEPTH = 5
MAX_LISTS = 40  # distinct list formulas resolved per template
SHEET_RANGE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!\[\]]+))!(.+)$")
QUOTED = re.compile(r"'(?:[^']|'')*'")  # a quoted sheet name, which may hold brackets
DEFINED_NAME = re.compile(r"^[A-Za-z_\\][\w.\\]*$")


def inline_values(formula: str) -> list[str] | None:
    """Return the values of an inline list '"a,b,c"' (quotes doubled inside), else None."""
    if len(formula) < 2 or not (formula.startswith('"') and formula.endswith('"')):
        return None
    body = formula[1:-1].replace('""', '"')
    return [value.strip() for value in body.split(",") if value.strip()][:MAX_LIST_VALUES]


def split_range(formula: str, own_sheet: str) -> tuple[str, Area] | None:
    """Return (sheet name, area) of a range formula, or None when it is not a plain range."""
    text = formula.lstrip("=").strip()
    match = SHEET_RANGE.match(text)
    if match:
        sheet = (match.group(1) or "").replace("''", "'") or (match.group(2) or "").strip()
        text = match.group(3)
    else:
        sheet = own_sheet
    area = parse_area(text)
    return (sheet, area) if area is not None else None


def list_values(package: Package, formula: str, own_sheet: str,
                cache: dict[str, list[str] | None]) -> list[str] | None:
    """Return the values behind a list formula, or None when it cannot be resolved safely."""
    key = f"{own_sheet}\n{formula}"
    if key not in cache:
        if len(cache) >= MAX_LISTS:
            return None  # each list may read a whole sheet: a file gets a few, not thousands
        cache[key] = resolve(package, formula, own_sheet, MAX_NAME_DEPTH, cache)
    return cache[key]


def resolve(package: Package, formula: str, own_sheet: str, depth: int,
            cache: dict[str, list[str] | None]) -> list[str] | None:
    """Resolve an inline list, a range or a defined name (names may point at names)."""
    text = formula.strip().lstrip("=").strip()
    values = inline_values(text)
    if values is not None:
        return values
    if "[" in text or "(" in QUOTED.sub("", text):
        return None  # another file ('[1]Sheet1!A1'), or a function: never followed
    if DEFINED_NAME.match(text) and text in package.names and depth > 0:
        return resolve(package, package.names[text], own_sheet, depth - 1, cache)
    target = split_range(text, own_sheet)
    if target is None:
        return None
    sheet = next((part for part in package.sheets if part.name == target[0]), None)
    return range_values(package, sheet, target[1]) if sheet is not None else None


def range_values(package: Package, sheet: SheetPart, area: Area) -> list[str]:
    """Return the non-empty texts of an area, row by row, at most MAX_LIST_VALUES."""
    bottom = min(area.bottom, area.top + MAX_LIST_CELLS // max(1, area.right - area.left + 1))

    def keep(row: int, column: int) -> bool:
        """True for the cells inside the (capped) area."""
        return area.top <= row <= bottom and area.left <= column <= area.right

    cells = read_cells(package.read(sheet.path), package.shared_strings, keep=keep)
    return cells.values()[:MAX_LIST_VALUES]
