"""The owners' own bulk-upload templates: upload, replace, remove, couriers, category lists.

An owner downloads the bulk-upload template from their seller centre (Shopee, TikTok Shop,
Tokopedia) and gives it to us once per brand and channel; packs then fill that very file by its
system keys. The file is hostile input: the pure reader (webapp.packs.workbooks) checks it
before anything is stored, and what it found is kept on the row for the pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.db import get_session, release, transaction
from webapp.domain import DomainError
from webapp.listings.channels import get_channel
from webapp.media import MediaStore
from webapp.models import Brand, ChannelTemplate, utcnow

NOTE_MAX = 200
MAX_SHAPE_BYTES = 2 * 1024 * 1024  # what the reader found, as stored JSON


class TemplateUploadError(DomainError):
    """A template upload was refused (an unknown channel; the reader's own refusals are
    webapp.packs.workbooks.TemplateError)."""

    domain = "template"


def template_channels() -> tuple[str, ...]:
    """The channels whose seller centre gives a bulk-upload template we can fill: those whose
    sheet file (webapp/data/sheets) has a [template] table."""
    from webapp.packs.sheets import load_sheets

    return tuple(key for key, sheet in load_sheets().items() if sheet.template is not None)


def download_hint(channel_id: str, language: str) -> str:
    """Where in the seller centre the owner downloads the channel's template, '' if unknown."""
    from webapp.packs.sheets import sheet_for

    download = sheet_for(channel_id).download
    return download(language) if download is not None else ""


def templates_of(brand: Brand) -> dict[str, ChannelTemplate]:
    """The brand's uploaded templates by channel id."""
    rows = get_session().scalars(ChannelTemplate.of_brand(brand.id))
    return {row.channel_id: row for row in rows}


def store_template(brand: Brand, channel_id: str, data: bytes, file_name: str, note: str,
                   store: MediaStore) -> ChannelTemplate:
    """Check an uploaded template, keep its file and what the reader found, replacing the
    channel's earlier one (the couriers chosen for it stay when the new file has them).

    Raises TemplateUploadError or the reader's TemplateError with a plain reason; the check runs
    outside any database transaction.
    """
    from webapp.packs.workbooks import TemplateError, read_template

    if channel_id not in template_channels():
        raise TemplateUploadError("not_a_template_channel")
    release()
    shape = read_template(data, channel_id)
    if len(json.dumps(shape.to_dict())) > MAX_SHAPE_BYTES:  # kept on the row, read by pages
        raise TemplateError("unpacked_too_large")
    stored = store.save("templates", data, "xlsx")
    try:
        return keep_template(brand, channel_id, stored, display_name(file_name),
                             note.strip()[:NOTE_MAX], shape)
    except IntegrityError:  # the same upload twice at once: the other made the row first
        return keep_template(brand, channel_id, stored, display_name(file_name),
                             note.strip()[:NOTE_MAX], shape)


def keep_template(brand: Brand, channel_id: str, stored: str, file_name: str, note: str,
                  shape: Any) -> ChannelTemplate:
    """Write the channel's template row, new or replacing (its chosen couriers kept where the
    new file still has them)."""
    with transaction() as session:
        row = session.scalar(select(ChannelTemplate).where(
            ChannelTemplate.brand_id == brand.id, ChannelTemplate.channel_id == channel_id))
        if row is None:
            row = ChannelTemplate(brand_id=brand.id, channel_id=channel_id, couriers=[])
            session.add(row)
        kept = set(courier_keys(shape))
        row.stored, row.file_name, row.note, row.shape = stored, file_name, note, shape.to_dict()
        row.couriers = [key for key in row.couriers or [] if key in kept]
        row.uploaded_at = utcnow()
    return row


def remove_template(brand: Brand, channel_id: str) -> bool:
    """Forget the channel's template (packs write a helper sheet again); True if one went."""
    with transaction() as session:
        row = session.scalar(select(ChannelTemplate).where(
            ChannelTemplate.brand_id == brand.id, ChannelTemplate.channel_id == channel_id))
        if row is None:
            return False
        session.delete(row)
    return True


def set_couriers(template: ChannelTemplate, keys: list[str]) -> None:
    """Choose the couriers the brand ships with, among the template's own courier columns."""
    offered = set(courier_keys(shape_of(template)))
    with transaction() as session:
        session.add(template)
        template.couriers = [key for key in keys if key in offered]


def shape_of(template: ChannelTemplate) -> Any:
    """What the reader found in a stored template."""
    from webapp.packs.workbooks import TemplateShape

    return TemplateShape.from_dict(template.shape)


def courier_choices(template: ChannelTemplate) -> list[tuple[str, str]]:
    """(key, header) of a stored template's courier columns, for a checkbox list."""
    from webapp.packs.workbooks import courier_keys as keys

    return list(keys(shape_of(template)))


def courier_keys(shape: Any) -> list[str]:
    """The keys of a template's courier columns."""
    from webapp.packs.workbooks import courier_keys as keys

    return [key for key, _header in keys(shape)]


@dataclass(frozen=True)
class CategoryList:
    """A channel's categories as its uploaded template lists them, for the product form."""

    channel: str  # the channel's name
    choices: list[str]  # empty when the template has a category column but no readable list
    optional: bool  # the channel picks a category itself when the sheet leaves it blank


def category_lists(brand: Brand) -> dict[str, CategoryList]:
    """Per channel whose uploaded template has a category column: its list of values (empty
    when the list cannot be read, and the owner types the code the seller centre shows)."""
    stored = templates_of(brand)
    if not stored:
        return {}
    from webapp.packs.workbooks import category_choices

    lists = {}
    for channel_id, template in stored.items():
        shape = shape_of(template)
        if not any(column.role == "category" for column in shape.columns):
            continue
        channel = get_channel(channel_id)
        lists[channel_id] = CategoryList(
            channel.name, category_choices(shape),
            channel.listing.value("category", "required") == "channel_recommends")
    return lists


def display_name(file_name: str | None) -> str:
    """The uploaded file's name as display text only."""
    name = "".join(ch for ch in (file_name or "") if ch.isprintable()).strip()
    return name[:120]
