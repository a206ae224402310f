"""What the photo pipeline is asked to make, as plain data: presets, watermarks, renditions.

A preset is one output image of a channel: its size, fit, background, format and limits. The
channel loader (webapp/listings/channels.py) parses channels.toml straight into this type, so
this module imports neither Pillow nor Flask: it stays cheap to import.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

# Bump when the same inputs would give different output pixels, so cached renditions are redone.
RENDER_VERSION = 1
MAX_PRESET_SIDE = 10_000
FITS = ("pad", "cover", "contain")
FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
WATERMARK_POSITIONS = ("top-left", "top-right", "bottom-left", "bottom-right", "center")
_PROVENANCE = frozenset({"source", "checked", "confidence", "note"})


@dataclass(frozen=True)
class Preset:
    """One output image of a channel: its size, fit, background, format and limits (data).

    fit: cover fills the frame and crops around the focus point; pad fits the photo inside
    and fills the rest; contain fits inside and keeps the photo's own aspect (no fill).
    background: white (channel rule), #rrggbb, blur (the photo itself, blurred) or keep (the
    owner's choice; transparent in PNG/WebP when they choose nothing). Pure white written as a
    colour (channels.toml says "#FFFFFF") is the white rule. min_fill: trim uniform borders,
    then pad so the product spans at least this fraction of the frame; 0 (or None) means no
    rule. min_source: (width, height) the output must reach without upscaling, else a warning;
    a single number means a square. watermark_allowed is carried for the layer that draws
    logos; it changes nothing here.
    """

    name: str
    width: int
    height: int
    fit: Literal["pad", "cover", "contain"] = "pad"
    background: str = "white"  # "white" | "keep" | "blur" | "#rrggbb"
    min_fill: float = 0.0
    format: Literal["JPEG", "PNG", "WEBP"] = "JPEG"
    max_bytes: int | None = None
    min_source: tuple[int, int] | None = None
    watermark_allowed: bool = False

    def __post_init__(self) -> None:
        """Refuse impossible presets at load time, naming every problem at once."""
        if is_int(self.min_source):  # one number is a square minimum
            object.__setattr__(self, "min_source", (self.min_source, self.min_source))
        elif isinstance(self.min_source, list):
            object.__setattr__(self, "min_source", tuple(self.min_source))
        if self.min_fill is None or is_int(self.min_fill):
            object.__setattr__(self, "min_fill", float(self.min_fill or 0))
        problems = self._problems()
        if problems:
            raise ValueError(f"preset {self.name!r}: " + "; ".join(problems))

    def _problems(self) -> list[str]:
        """Every reason this preset cannot be rendered, in field order."""
        problems = []
        if not isinstance(self.name, str) or not self.name:
            problems.append("name must be a non-empty string")
        for side in ("width", "height"):
            value = getattr(self, side)
            if not is_int(value) or not 1 <= value <= MAX_PRESET_SIDE:
                problems.append(f"{side} must be an integer from 1 to {MAX_PRESET_SIDE}")
        if self.fit not in FITS:
            problems.append(f"fit must be one of {FITS}")
        if not (self.background in ("white", "keep", "blur") or is_hex_colour(self.background)):
            problems.append("background must be white, keep, blur or #rrggbb")
        if not isinstance(self.min_fill, float) or not 0 <= self.min_fill <= 1:
            problems.append("min_fill must be a fraction from 0 to 1")
        elif self.min_fill and self.fit != "pad":
            problems.append("min_fill needs fit = pad")
        if self.format not in FORMATS:
            problems.append(f"format must be one of {FORMATS}")
        if self.max_bytes is not None and (not is_int(self.max_bytes) or self.max_bytes < 1):
            problems.append("max_bytes must be a positive integer")
        if self.min_source is not None and not (
                isinstance(self.min_source, tuple) and len(self.min_source) == 2
                and all(is_int(side) and side >= 1 for side in self.min_source)):
            problems.append("min_source must be a positive integer or [width, height]")
        if not isinstance(self.watermark_allowed, bool):
            problems.append("watermark_allowed must be true or false")
        return problems

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Preset:
        """Build a preset from TOML-shaped data, refusing unknown keys (so typos fail loudly).

        Speaks channels.toml's dialect too: facts written as {value = ..., source = ...}, the
        provenance keys (ignored here), format "jpeg"/"png"/"webp", background "owner" (= keep),
        min_fill 0 (= no rule) and min_source [width, height].
        """
        known = {f.name for f in dataclasses.fields(cls)}
        values = {key: value["value"] if isinstance(value, Mapping) and "value" in value
                  else value for key, value in data.items() if key not in _PROVENANCE}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"preset {data.get('name')!r}: unknown keys {unknown}")
        if isinstance(values.get("format"), str):
            values["format"] = {"JPG": "JPEG"}.get(values["format"].upper(),
                                                   values["format"].upper())
        if values.get("background") == "owner":
            values["background"] = "keep"
        return cls(**values)

    @property
    def plain_background(self) -> str:
        """The background rule, with pure white however it is written read as "white"."""
        return "white" if self.background.lower() == "#ffffff" else self.background

    def scaled(self, longest: int) -> Preset:
        """The same preset at most longest pixels on its longer side (same aspect, no byte
        limit): a preview of what the channel shows."""
        if max(self.width, self.height) <= longest:
            return self
        scale = longest / max(self.width, self.height)
        return dataclasses.replace(self, width=max(1, round(self.width * scale)),
                                   height=max(1, round(self.height * scale)), max_bytes=None)

    def key(self) -> str:
        """A stable hash of everything that shapes the output (the name does not), for caching."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                  if f.name != "name"}
        # Spelled as the key always spelled "white" and "no rule", so cached names still hold.
        fields.update(background=self.plain_background, min_fill=self.min_fill or None)
        return digest({"preset": fields, "version": RENDER_VERSION})


@dataclass(frozen=True)
class Watermark:
    """The brand's logo on photos, where a channel allows it: where, how visible, how big.

    logo is a PNG this app produced itself (the re-encoded brand logo); scale is the logo's
    longest side as a share of the image's shortest side."""

    logo: bytes = dataclasses.field(repr=False)
    position: str = "bottom-right"
    opacity: float = 0.6
    scale: float = 0.2

    def __post_init__(self) -> None:
        """Refuse a position we cannot draw and an invisible or overbearing logo."""
        if self.position not in WATERMARK_POSITIONS:
            raise ValueError(f"watermark position must be one of {WATERMARK_POSITIONS}")
        if not 0 < self.opacity <= 1 or not 0 < self.scale <= 0.5:
            raise ValueError("watermark opacity must be in (0, 1] and scale in (0, 0.5]")

    def key(self) -> str:
        """A stable hash of what changes the output, for rendition caches."""
        return digest({"logo": hashlib.sha256(self.logo).hexdigest(),
                       "position": self.position, "opacity": round(self.opacity, 3),
                       "scale": round(self.scale, 3)})


@dataclass(frozen=True)
class Rendition:
    """One encoded output: the file's bytes, its size and format, and codes worth telling."""

    data: bytes
    width: int
    height: int
    format: str
    warnings: tuple[str, ...] = ()
    preset: str = ""

    @property
    def extension(self) -> str:
        """The file extension for this format, without the dot."""
        return EXTENSIONS[self.format]


def digest(value: object) -> str:
    """A short, stable hash of JSON-able data."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def is_int(value: object) -> bool:
    """An int that is not a bool (TOML's true would otherwise pass as 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_hex_colour(value: object) -> bool:
    """A #rrggbb colour; checked here so Pillow's colour parser never sees user text."""
    return isinstance(value, str) and HEX_COLOUR.fullmatch(value) is not None
