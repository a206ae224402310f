"""Photo forms: they declare and validate, and never save."""

from __future__ import annotations

import math
import re
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, RadioField

from webapp.forms import BaseForm
from webapp.photos.service import BACKGROUNDS

#: A tapped pixel as browsers send it for an image button: digits, maybe a fraction.
COORDINATE = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6})?")


class UploadForm(BaseForm):
    """Choose photos from the gallery or take them with the camera."""

    photos = MultipleFileField(render_kw={"accept": "image/*,.heic,.heif", "multiple": True})


class OptionsForm(BaseForm):
    """The owner's choices for one photo."""

    background = RadioField(choices=[(value, value) for value in BACKGROUNDS])
    fix_light = BooleanField()
    whiten_backdrop = BooleanField()
    # Marketplace covers with white bars: keep them ("bars") or fill the frame ("fill").
    cover = RadioField(choices=[("bars", "bars"), ("fill", "fill")], validate_choice=False)

    def __init__(self, *args: Any, obj: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, obj=obj, **kwargs)
        if obj is not None and not self.is_submitted():
            self.cover.data = "fill" if obj.fill_frame else "bars"


class FocusForm(BaseForm):
    """The pixel the owner tapped on the photo (an image button sends focus.x and focus.y)."""

    def validate(self, extra_validators: Any = None) -> bool:
        """Valid when both coordinates are plain non-negative numbers."""
        valid = super().validate(extra_validators)
        self.tapped = tuple(request.form.get(f"focus.{axis}", "") for axis in "xy")
        if not all(COORDINATE.fullmatch(value) for value in self.tapped):
            self.form_errors.append(str(_l("Ketuk foto untuk memilih titik fokus.")))
            return False
        return valid

    def point(self, width: int, height: int) -> tuple[float, float]:
        """The tap as a focus point, fractions 0..1 of a photo shown at width x height."""
        x, y = (float(value) for value in self.tapped)
        fraction = (x / width, y / height)
        return tuple(min(max(v, 0.0), 1.0) if math.isfinite(v) else 0.5 for v in fraction)
