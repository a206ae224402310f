"""The brand profile as plain data: its fields, canonical form, checks and word-level comparison.

Pure: no Flask, no ORM. A profile is a dict of JSON values; every revision stores one in full.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# The fields of a profile, in the order they are shown, with their JSON kind.
TEXT_FIELDS = ("name", "city", "province", "category", "people", "customers", "values", "tone",
               "whatsapp", "instagram", "website")
LIST_FIELDS = ("techniques", "materials", "channels", "colours")
FIELDS: tuple[str, ...] = ("name", "year_founded", "city", "province", "category", "techniques",
                           "materials", "people", "customers", "values", "tone", "channels",
                           "whatsapp", "instagram", "website", "logo", "colours", "watermark",
                           "watermark_opacity", "story")
TONES = ("anda", "kamu", "kak")
# Where the logo goes on photos for channels that allow it ("off": nowhere).
WATERMARKS = ("off", "top-left", "top-right", "bottom-left", "bottom-right", "center")
DEFAULT_OPACITY = 60
MAX_TEXT = 2000
MAX_LIST = 50
MAX_STORY_CHARS = 200_000

HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")
LOGO_REF = re.compile(r"^[0-9a-f]{64}\.(png|jpg|webp)$")


class ProfileError(ValueError):
    """A profile value is malformed; field names the offending field."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def empty_profile() -> dict[str, Any]:
    """Return a profile with every field empty."""
    profile: dict[str, Any] = {name: "" for name in TEXT_FIELDS}
    profile.update({name: [] for name in LIST_FIELDS})
    profile.update({"year_founded": None, "logo": None, "story": {}, "tone": "anda",
                    "watermark": "off", "watermark_opacity": DEFAULT_OPACITY})
    return profile


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Trim outer spaces, unify line endings and drop invisible control characters."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", value).strip()


def normalise_profile(data: dict[str, Any]) -> dict[str, Any]:
    """Return data as a canonical profile, or raise ProfileError for a malformed value.

    Unknown keys are refused: an import file or a crafted request cannot smuggle fields in.
    """
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ProfileError(sorted(unknown)[0], "unknown field")
    profile = empty_profile()
    profile.update({name: text_value(name, data.get(name, profile[name]))
                    for name in TEXT_FIELDS})
    profile.update({name: list_value(name, data.get(name)) for name in LIST_FIELDS})
    profile["year_founded"] = clean_year(data.get("year_founded"))
    profile["tone"] = profile["tone"] or "anda"
    check_choices(profile)
    profile["logo"] = logo_value(data.get("logo"))
    profile["watermark"], profile["watermark_opacity"] = watermark_values(data)
    profile["story"] = story_value(data.get("story"))
    return profile


def text_value(name: str, value: Any) -> str:
    """One text field, cleaned: no control characters, trimmed, within MAX_TEXT."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ProfileError(name, "must be text")
    value = clean_text(value)
    if len(value) > MAX_TEXT:
        raise ProfileError(name, f"longer than {MAX_TEXT} characters")
    return value


def list_value(name: str, value: Any) -> list[str]:
    """One list field: text items, cleaned, each once, within MAX_LIST."""
    value = value or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ProfileError(name, "must be a list of text")
    if len(value) > MAX_LIST:
        raise ProfileError(name, f"more than {MAX_LIST} entries")
    return list(dict.fromkeys(clean_text(item) for item in value if item.strip()))


def check_choices(profile: dict[str, Any]) -> None:
    """Refuse a tone, colour or website the profile cannot hold (colours are lower-cased)."""
    if profile["tone"] not in TONES:
        raise ProfileError("tone", "must be anda, kamu or kak")
    profile["colours"] = [colour.lower() for colour in profile["colours"]]
    if not all(HEX_COLOUR.match(colour) for colour in profile["colours"]):
        raise ProfileError("colours", "must be colours written as #rrggbb")
    if profile["website"] and not is_web_address(profile["website"]):
        raise ProfileError("website", "must be an http:// or https:// address")


def logo_value(logo: Any) -> str | None:
    """A stored logo's name, or None."""
    if logo is not None and not (isinstance(logo, str) and LOGO_REF.match(logo)):
        raise ProfileError("logo", "must be a stored image name")
    return logo


def watermark_values(data: dict[str, Any]) -> tuple[str, int]:
    """Where the logo goes on photos and how opaque it is."""
    watermark = data.get("watermark") or "off"
    if watermark not in WATERMARKS:
        raise ProfileError("watermark", "must be off or a corner")
    opacity = data.get("watermark_opacity", DEFAULT_OPACITY)
    if isinstance(opacity, bool) or not isinstance(opacity, int) or not 10 <= opacity <= 100:
        raise ProfileError("watermark_opacity", "must be a whole percentage from 10 to 100")
    return watermark, opacity


def story_value(story: Any) -> dict[str, Any]:
    """The story wizard's answers and pieces, as an object within MAX_STORY_CHARS."""
    story = {} if story is None else story
    if not isinstance(story, dict):
        raise ProfileError("story", "must be an object")
    if len(repr(story)) > MAX_STORY_CHARS:
        raise ProfileError("story", "too large")
    return story


def is_web_address(text: str) -> bool:
    """True for an http or https address with a host name (never javascript:, data:...)."""
    try:
        parts = urlsplit(text)
        host, _port = parts.hostname or "", parts.port
    except ValueError:  # "https://[abc": a bracket that never closes, a port that is no number
        return False
    return parts.scheme.lower() in {"http", "https"} and "." in host


def clean_year(value: Any) -> int | None:
    """Return a founding year as an int, or None when empty."""
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ProfileError("year_founded", "must be a year")
    try:
        year = int(value)
    except ValueError:
        raise ProfileError("year_founded", "must be a year") from None
    if not 1000 <= year <= 2200:
        raise ProfileError("year_founded", "must be a year")
    return year


@dataclass(frozen=True)
class Segment:
    """A run of words in a comparison: kept, removed (old side only) or added (new side only)."""

    kind: str  # "same", "removed", "added"
    text: str


@dataclass(frozen=True)
class FieldChange:
    """How one field differs between two profiles."""

    field: str
    old: Any
    new: Any
    changed: bool
    old_segments: tuple[Segment, ...]
    new_segments: tuple[Segment, ...]


def display_value(value: Any) -> str:
    """Return a field value as the text compared word by word."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, dict):
        return "\n".join(f"{key}: {display_value(item)}" for key, item in sorted(value.items()))
    return str(value)


def word_diff(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Compare two texts word by word; return the segments of each side for side-by-side display."""
    old_words = re.findall(r"\S+\s*|\s+", old)
    new_words = re.findall(r"\S+\s*|\s+", new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append(Segment("same", "".join(old_words[i1:i2])))
            right.append(Segment("same", "".join(new_words[j1:j2])))
            continue
        if i2 > i1:
            left.append(Segment("removed", "".join(old_words[i1:i2])))
        if j2 > j1:
            right.append(Segment("added", "".join(new_words[j1:j2])))
    return tuple(left), tuple(right)


def compare_profiles(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Compare two profiles field by field, in display order."""
    changes = []
    for name in FIELDS:
        before, after = old.get(name), new.get(name)
        left, right = word_diff(display_value(before), display_value(after))
        changes.append(FieldChange(name, before, after, before != after, left, right))
    return changes


def normalise_whatsapp(text: str) -> str | None:
    """Return an Indonesian WhatsApp number as +62..., or None when it cannot be one.

    Accepts the ways owners write it: 0812-3456-7890, +62 812 3456 7890, 62812..., (0812) ...
    """
    digits = re.sub(r"[\s().\-]", "", text.strip())
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        return None
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    if not digits.startswith("628") or not 10 <= len(digits) <= 15:
        return None
    return "+" + digits


INSTAGRAM_HANDLE = re.compile(r"^(?!.*\.\.)(?!\.)[a-z0-9._]{1,30}(?<!\.)$")


def normalise_instagram(text: str) -> str | None:
    """Return an Instagram handle without @ or URL, lower-cased, or None when it is not one."""
    handle = text.strip()
    handle = re.sub(r"^(https?://)?(www\.)?instagram\.com/", "", handle, flags=re.IGNORECASE)
    handle = handle.strip("/").lstrip("@").lower()
    return handle if INSTAGRAM_HANDLE.match(handle) else None
