"""Writing rows into a worksheet's XML as text, so that nothing else in it changes.

Everything outside <sheetData>, and every row above the first data row, is kept character for
character: namespace prefixes, styles, the seller centre's token row, extLst validations. Rows
from the first data row on are written with explicit r attributes; each cell keeps the style the
template gave it (its own, its row's, else its column's). Strings are inline (t="inlineStr"), so
sharedStrings.xml stays as it was; numbers are numbers; no cell is ever a formula, and a value
left in the template's data area is cleared (counted, so the owner is told). The <dimension> is
widened to the rows written. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from webapp.packs.workbooks.cells import Area, column_letters, parse_area, parse_ref
from webapp.packs.workbooks.package import TemplateError

Value = str | int | float
PREFIX = r"(?P<p>(?:[A-Za-z_][\w.-]*:)?)"
SHEET_DATA = re.compile(rf"<{PREFIX}sheetData\b(?P<attrs>[^>]*?)(?P<end>/?)>")
ROW = re.compile(rf"<{PREFIX}row\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)row\s*>)", re.S)
CELL = re.compile(rf"<{PREFIX}c\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)c\s*>)", re.S)
COL = re.compile(rf"<{PREFIX}col\b(?P<attrs>[^>]*?)/?>")
DIMENSION = re.compile(rf"<{PREFIX}dimension\b(?P<attrs>[^>]*?)/>")
ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*')""")
VALUE_TAG = re.compile(r"<(?:[\w.-]+:)?(?:v|f|is)\b")
EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")  # Excel reads _x0041_ as 'A': keep it literal


def attributes(text: str) -> dict[str, str]:
    """Return an open tag's attributes in their order, values without quotes."""
    return {name: value[1:-1] for name, value in ATTRIBUTE.findall(text)}


def tag_attributes(values: Mapping[str, str]) -> str:
    """Return attributes as they are written in a tag (values already escaped)."""
    return "".join(f' {name}="{value}"' for name, value in values.items())


@dataclass(frozen=True)
class Spliced:
    """A worksheet with rows written: its bytes and how many old data rows were cleared."""

    xml: bytes
    cleared: int


def splice_rows(xml: bytes, first_row: int, rows: Mapping[int, Mapping[int, Value]]) -> Spliced:
    """Return the worksheet with rows (row -> column -> value) written from first_row on."""
    try:
        text = xml.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateError("unsupported") from None
    opening = SHEET_DATA.search(text)
    if opening is None:
        raise TemplateError("damaged")
    prefix = opening.group("p")
    start = end = opening.end()
    if not opening.group("end"):
        closing = re.compile(rf"</{re.escape(prefix)}sheetData\s*>").search(text, start)
        if closing is None:
            raise TemplateError("damaged")
        end = closing.start()
    inner = text[start:end]
    if "<!--" in text[:end] or "<![CDATA[" in inner:  # a comment could hide a tag from us
        raise TemplateError("unsupported")
    styles = column_styles(text[:opening.start()])
    new_inner, cleared = rewrite_rows(inner, prefix, first_row, rows, styles)
    if opening.group("end"):  # <sheetData/>: give it a body
        opened = opening.group(0)[:-2].rstrip() + ">"
        body = f"{text[:opening.start()]}{opened}{new_inner}</{prefix}sheetData>{text[end:]}"
    else:
        body = text[:start] + new_inner + text[end:]
    written = [(row, column) for row, cells in rows.items() for column in cells]
    return Spliced(widen_dimension(body, written).encode("utf-8"), cleared)


def rewrite_rows(inner: str, prefix: str, first_row: int, rows: Mapping[int, Mapping[int, Value]],
                 styles: list[tuple[int, int, str]]) -> tuple[str, int]:
    """Return sheetData's content: rows above first_row as they were, then every row from
    first_row on, ours merged into the template's; and how many old rows were cleared."""
    found: list[tuple[int, re.Match[str]]] = []
    number = 0
    for match in ROW.finditer(inner):
        given = attributes(match.group("attrs")).get("r", "")
        number = int(given) if given.isdigit() else number + 1
        if found and number <= found[-1][0]:
            raise TemplateError("damaged")
        found.append((number, match))
    cut = next((match.start() for row, match in found if row >= first_row), len(inner))
    below = {row: match for row, match in found if row >= first_row}
    parts, cleared = [inner[:cut]], 0
    for row in sorted(set(below) | set(rows)):
        text, had_values = write_row(prefix, row, below.get(row), rows.get(row, {}), styles)
        parts.append(text)
        cleared += had_values
    return "".join(parts), cleared


def write_row(prefix: str, row: int, old: re.Match[str] | None, values: Mapping[int, Value],
              styles: list[tuple[int, int, str]]) -> tuple[str, bool]:
    """Return one row's XML (the template's row with our values) and whether the template's
    row held values (they are never kept: a template's data area is for our rows)."""
    attrs = attributes(old.group("attrs")) if old else {}
    kept = {name: value for name, value in attrs.items() if name not in ("r", "spans")}
    row_style = attrs.get("s", "") if attrs.get("customFormat") in ("1", "true") else ""
    cells: dict[int, str] = {}
    had_values = False
    column = 0
    for cell in CELL.finditer(old.group("body") or "") if old else ():
        cell_attrs = attributes(cell.group("attrs"))
        position = parse_ref(cell_attrs.get("r", ""))
        column = position[1] if position else column + 1
        had_values = had_values or bool(VALUE_TAG.search(cell.group("body") or ""))
        cells[column] = cell_attrs.get("s", "")
    out = []
    for index in sorted(set(cells) | set(values)):
        value = values.get(index)
        if value is not None:  # a new value takes the template's style for its place
            style = cells.get(index) or row_style or style_of(styles, index)
            out.append(cell_xml(prefix, f"{column_letters(index)}{row}", style, value))
        elif cells.get(index):  # an empty cell keeps only its own style
            out.append(cell_xml(prefix, f"{column_letters(index)}{row}", cells[index], None))
    opening = f"<{prefix}row{tag_attributes({'r': str(row), **kept})}"
    text = f"{opening}>{''.join(out)}</{prefix}row>" if out else f"{opening}/>"
    if old is not None and not values and not had_values and attrs.get("r") == str(row):
        text = old.group(0)  # an empty pre-formatted row stays exactly as it was
    return text, had_values


def cell_xml(prefix: str, ref: str, style: str, value: Value | None) -> str:
    """Return a cell: a number, an inline string, or an empty styled cell. Never a formula."""
    head = f'<{prefix}c r="{ref}"' + (f' s="{style}"' if style else "")
    if isinstance(value, bool) or value is None:
        return head + "/>"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return head + "/>"
        number = str(int(value)) if float(value).is_integer() and abs(value) < 1e15 \
            else repr(float(value))
        return f"{head}><{prefix}v>{number}</{prefix}v></{prefix}c>"
    text = escape(EXCEL_ESCAPE.sub(r"_x005F_\1", value))
    return (f'{head} t="inlineStr"><{prefix}is><{prefix}t xml:space="preserve">{text}'
            f"</{prefix}t></{prefix}is></{prefix}c>")


def column_styles(head: str) -> list[tuple[int, int, str]]:
    """Return (first, last, style) of each <col> with a style, from the text before sheetData."""
    found = []
    for match in COL.finditer(head):
        attrs = attributes(match.group("attrs"))
        low, high = attrs.get("min", ""), attrs.get("max", "")
        if low.isdigit() and high.isdigit() and attrs.get("style"):
            found.append((int(low), int(high), attrs["style"]))
    return found


def style_of(styles: list[tuple[int, int, str]], column: int) -> str:
    """Return a column's default style from <cols>, '' when it has none."""
    return next((style for low, high, style in styles if low <= column <= high), "")


def widen_dimension(text: str, written: list[tuple[int, int]]) -> str:
    """Return the sheet with its <dimension ref> covering the cells written."""
    match = DIMENSION.search(text)
    if match is None or not written:
        return text
    attrs = attributes(match.group("attrs"))
    area = parse_area(attrs.get("ref", "")) or Area(1, 1, 1, 1)
    bottom = max(area.bottom, max(row for row, _ in written))
    right = max(area.right, max(column for _, column in written))
    ref = f"{column_letters(area.left)}{area.top}:{column_letters(right)}{bottom}"
    attrs["ref"] = ref
    tag = f"<{match.group('p')}dimension{tag_attributes(attrs)}/>"
    return text[:match.start()] + tag + text[match.end():]
