"""Comment forms: they declare and validate, and never save."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Optional

from webapp.fields import max_length, required
from webapp.forms import BaseForm

BODY_MAX = 2000  # comment_service.BODY_MAX (not imported: this module stays light)
SUGGESTION_MAX = 20_000

#: The form field a refusal belongs beside (others are shown for the whole form).
REFUSAL_FIELDS = {"empty": "body", "too_long": "body", "suggestion_too_long": "suggestion",
                  "no_suggestion_here": "suggestion"}


class CommentForm(BaseForm):
    """A trainer's comment on one target, with suggested text where the target is a text; or,
    with parent, a reply in a thread."""

    target = HiddenField()
    parent = HiddenField()
    body = TextAreaField(_l("Komentar"), validators=[Optional(), max_length(BODY_MAX)])
    suggestion = TextAreaField(_l("Saran teks (boleh dikosongkan)"),
                               validators=[Optional(), max_length(SUGGESTION_MAX)])


class ReplyForm(BaseForm):
    """The owner's reply in a thread."""

    body = TextAreaField(_l("Balasan Anda"), validators=[required(), max_length(BODY_MAX)])
