"""Drop-down lists of a template: the values behind a list validation's formula.

A formula is an inline list ('"Aktif,Nonaktif"'), a range on this or another sheet
('$A$1:$A$5', "'Sheet 2'!$A$1:$A$900"), or a defined name that stands for one. Anything else
(INDIRECT, OFFSET, a link to another file such as '[1]Sheet1!A1') is left unresolved: it is
never followed, and the column's values are then not checked. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from webapp.packs.workbooks.cells import Area, SheetCells, parse_area, read_cells
from webapp.packs.workbooks.package import Package

MAX_LIST_VALUES = 20_000
MAX_LIST_CELLS = 100_000
MAX_NAME_DEPTH = 5
MAX_LISTS = 40  # distinct list formulas resolved per template
MAX_VALUE_CHARS = 200  # characters of one list value (the product form's field takes 200)
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


def resolve_lists(package: Package, formulas: Iterable[str], own_sheet: str
                  ) -> dict[str, list[str] | None]:
    """Return the values behind each list formula, None where it cannot be resolved safely.

    Every sheet the lists point at is read once, and only as far down as they reach: forty
    lists on one long sheet cost one pass, not forty."""
    targets: dict[str, list[str] | tuple[str, Area] | None] = {}
    for formula in dict.fromkeys(formulas):
        # each list may point at a whole sheet: a file gets a few, not thousands
        targets[formula] = target_of(package, formula, own_sheet, MAX_NAME_DEPTH) \
            if len(targets) < MAX_LISTS else None
    areas: dict[str, list[Area]] = {}
    for target in targets.values():
        if isinstance(target, tuple):
            areas.setdefault(target[0], []).append(capped(target[1]))
    cells = {name: sheet_cells(package, name, wanted) for name, wanted in areas.items()}
    result: dict[str, list[str] | None] = {}
    for formula, target in targets.items():
        if isinstance(target, tuple):
            found = cells.get(target[0])
            result[formula] = None if found is None else area_values(found, capped(target[1]))
        else:
            result[formula] = target
    return result


def target_of(package: Package, formula: str, own_sheet: str,
              depth: int) -> list[str] | tuple[str, Area] | None:
    """What a list formula stands for: inline values, a (sheet, area) to read, or None when it
    cannot be followed safely (names may point at names)."""
    text = formula.strip().lstrip("=").strip()
    values = inline_values(text)
    if values is not None:
        return unique(values)
    if "[" in text or "(" in QUOTED.sub("", text):
        return None  # another file ('[1]Sheet1!A1'), or a function: never followed
    if DEFINED_NAME.match(text) and text in package.names and depth > 0:
        return target_of(package, package.names[text], own_sheet, depth - 1)
    return split_range(text, own_sheet)


def capped(area: Area) -> Area:
    """The area cut to MAX_LIST_CELLS cells."""
    bottom = min(area.bottom, area.top + MAX_LIST_CELLS // max(1, area.right - area.left + 1))
    return Area(area.top, area.left, bottom, area.right)


def sheet_cells(package: Package, name: str, areas: list[Area]) -> SheetCells | None:
    """One pass over a sheet keeping the cells inside any of areas, down to the lowest."""
    sheet = next((part for part in package.sheets if part.name == name), None)
    if sheet is None:
        return None

    def keep(row: int, column: int) -> bool:
        """True for the cells inside one of the (capped) areas."""
        return any(area.top <= row <= area.bottom and area.left <= column <= area.right
                   for area in areas)

    return read_cells(package.read(sheet.path), package.shared_strings, keep=keep,
                      last=max(area.bottom for area in areas))


def area_values(cells: SheetCells, area: Area) -> list[str]:
    """The non-empty texts of an area, row by row, each once, at most MAX_LIST_VALUES."""
    return unique(text for row in sorted(cells.rows) if area.top <= row <= area.bottom
                  for column, text in sorted(cells.rows[row].items())
                  if area.left <= column <= area.right)


def unique(values: Iterable[str]) -> list[str]:
    """Values stripped and capped, empty ones and repeats left out, at most MAX_LIST_VALUES."""
    kept = dict.fromkeys(value.strip()[:MAX_VALUE_CHARS] for value in values if value.strip())
    return list(kept)[:MAX_LIST_VALUES]
