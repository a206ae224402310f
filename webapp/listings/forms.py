"""Listing forms: they declare and validate, and never save."""

from __future__ import annotations

from wtforms import TextAreaField

from webapp.fields import max_length
from webapp.forms import BaseForm
from webapp.listings.service import TEXT_MAX


class CopyForm(BaseForm):
    """The owner's text for one field of a channel's listing. A text over the channel's limit is
    accepted: the checker shows what to fix, nothing is cut."""

    text = TextAreaField(validators=[max_length(TEXT_MAX)])
