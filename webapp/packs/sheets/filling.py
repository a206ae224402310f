"""Filling the owner's own seller centre template from a pack, and what a channel's folder gets.

template_rows(pack, channel, shape) turns the pack's products into rows keyed by the template's
own keys: each column of the format's data file that the template has gets its value in the
template's unit (grams or kg as its header says; none said: left blank and reported) and in its
list's words (condition, status, courier on or off). Photo columns take public links only: a pack
built without them leaves the columns blank rather than write file names a seller centre cannot
fetch. The builder and the `flask sheet fill` command both call it.

channel_sheet(pack, channel) decides what the channel's folder holds: the owner's template,
filled; else the helper sheet (or Meta's feed), and why. Pure: no Flask, no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from webapp.packs.sheets.common import Choice, Row, sheet_rows
from webapp.packs.sheets.formats import ColumnSpec, SheetFormat
from webapp.packs.workbooks import (
    Blank,
    FillResult,
    TemplateColumn,
    TemplateError,
    TemplateShape,
    fill_template,
    read_template,
)

if TYPE_CHECKING:
    from webapp.packs.builder import PackChannel, PackInput, PackTemplate

#: grams or cm per unit a template may ask in.
CONVERSIONS = {("g", "g"): 1, ("g", "kg"): 0.001, ("cm", "cm"): 1, ("cm", "mm"): 10}


def template_rows(pack: PackInput, channel: PackChannel,
                  shape: TemplateShape) -> list[dict[str, Any]]:
    """Return one row per product or variant, keyed by the template's keys (the column's name
    in our helper sheet when the template lacks it, so the filler can say which data it could
    not write)."""
    from webapp.packs.sheets import sheet_for  # here: the package imports this module

    sheet = sheet_for(channel.id)
    rows = []
    for row in sheet_rows(pack, channel, per_variant=sheet.per_variant):
        values: dict[str, Any] = {}
        for spec in sheet.columns:
            if not spec.key:
                continue
            column = shape.column(spec.key)
            if column is None:
                values[spec.header_in(pack.language)] = spec.helper_value(row)
            else:
                values[column.key] = template_value(spec, column, shape, row)
        rows.append(values)
    return rows


def template_value(spec: ColumnSpec, column: TemplateColumn, shape: TemplateShape,
                   row: Row) -> Any:
    """Return one cell's value as the template wants it: its unit, its list's words."""
    value = spec.value(row)
    if isinstance(value, Choice):
        return chosen(spec, column, shape, row, value.meaning)
    if spec.fill.startswith("photo:") and not value and row.product.images.get(row.channel.id) \
            and not any(image.url for image in row.product.images[row.channel.id]):
        return Blank("photo_not_linked")  # photos without public links: said once
    if spec.unit and isinstance(value, int | float) and not isinstance(value, bool):
        return in_unit(value, spec, column)
    return value


def chosen(spec: ColumnSpec, column: TemplateColumn, shape: TemplateShape, row: Row,
           meaning: str) -> Any:
    """Return a choice in the column's list words; a courier is on when the brand chose it."""
    if meaning == "courier":
        if not row.couriers:
            return Blank("courier_unchosen")
        meaning = "on" if column.key in row.couriers or column.known in row.couriers else "off"
    return spec.pick(meaning, shape.choices(column))


def in_unit(value: int | float, spec: ColumnSpec, column: TemplateColumn) -> Any:
    """Return a weight or size in the template's unit, or a reported blank when it names none."""
    unit = column.unit or spec.unit_default
    factor = CONVERSIONS.get((spec.unit, unit))
    if factor is None:
        return Blank("unit_unknown")
    converted = round(value * factor, 3)
    return int(converted) if float(converted).is_integer() else converted


# --- what a channel's folder holds --------------------------------------------------------------

@dataclass(frozen=True)
class ChannelSheet:
    """A channel's upload file: the owner's template filled, a helper sheet, Meta's feed, or
    none (CSV only); with the fill's result, or why the owner's template was not used."""

    format: SheetFormat
    kind: str  # "template", "helper", "feed" or "table"
    file: str  # its name in the channel's folder, "" for none
    result: FillResult | None = None
    shape: TemplateShape | None = None
    template: PackTemplate | None = None
    error: TemplateError | None = None


def channel_sheet(pack: PackInput, channel: PackChannel) -> ChannelSheet:
    """Return what the channel's folder gets: the owner's template filled when there is one
    that reads, else the helper sheet (or the feed), with the template's error if any."""
    from webapp.packs.sheets import sheet_for  # here: the package imports this module

    sheet = sheet_for(channel.id)
    template = pack.templates.get(channel.id)
    error = None
    if template is not None and sheet.template is not None:
        try:
            shape = read_template(template.data, channel.id)
            result = fill_template(template.data, shape, template_rows(pack, channel, shape))
        except TemplateError as refused:
            error = refused
        else:
            return ChannelSheet(sheet, "template", sheet.template.filled, result, shape,
                                template)
    kind = "helper" if sheet.template is not None else "feed" if sheet.file else "table"
    return ChannelSheet(sheet, kind, sheet.file, template=template, error=error)


def sheets_of(pack: PackInput) -> Mapping[str, ChannelSheet]:
    """Return every channel's upload file, by channel id (filled once per pack)."""
    return {channel.id: channel_sheet(pack, channel) for channel in pack.channels}
