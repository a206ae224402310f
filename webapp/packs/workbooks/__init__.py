"""Seller centre bulk-upload templates, read and filled as the owner downloaded them.

    shape = read_template(data, "shopee")        # sheet, key row, first data row, columns, lists
    result = fill_template(data, shape, rows)    # rows: {template key: value}, one per row
    result.data                                  # the same file, rows written by key

The reader and filler open the upload as hostile input (package.py): size and entry limits,
defusedxml, no external links followed. They read and write the XML directly, since openpyxl
drops x14 data validations and rewrites every part of a file. A file that cannot be read or
filled raises TemplateError (a DomainError of domain "template") with a code; nothing else
escapes. Pure: no Flask, no ORM.
"""

from webapp.packs.workbooks.filler import Blank, FillResult, fill_template
from webapp.packs.workbooks.package import TemplateError
from webapp.packs.workbooks.reader import read_template
from webapp.packs.workbooks.shape import (
    Finding,
    TemplateColumn,
    TemplateShape,
    TemplateSpec,
    category_choices,
    courier_keys,
)

__all__ = ["Blank", "FillResult", "Finding", "TemplateColumn", "TemplateError", "TemplateShape",
           "TemplateSpec", "category_choices", "courier_keys", "fill_template", "read_template"]
