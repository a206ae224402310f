"""Print sizes (webapp/data/prints.toml) and where each tag or label sits on its page.

Hang tags are laid out on A4 with a 3 mm bleed and cut marks, the grid centred on the page. The
back page is the front page mirrored left to right: a duplex printer turning the sheet on its long
edge puts the back of the tag in column 1 behind the front in column n, so drawing the back of
column c in column n-1-c (and centring the grid) puts every back exactly behind its front.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from webapp.datafiles import read_toml
from webapp.prints.model import PrintError

MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class Size:
    """A tag, card or label size in mm, with where it comes from."""

    id: str
    label_id: str
    label_en: str
    width: float
    height: float
    source: str
    confidence: str
    across: int = 0
    down: int = 0
    left: float = 0.0
    top: float = 0.0
    pitch_x: float = 0.0
    pitch_y: float = 0.0
    source_url: str = ""
    checked: str = ""

    def label(self, language: str) -> str:
        """The size's name in language."""
        return self.label_en if language == "en" else self.label_id

    @property
    def estimated(self) -> bool:
        """True when no public source confirmed this size (the page says so to the owner)."""
        return self.confidence == "estimate"


@dataclass(frozen=True)
class Sheet:
    """The A4 page tags and labels are printed on."""

    width: float
    height: float
    margin: float
    bleed: float
    gutter: float
    mark: float
    mark_offset: float
    printer_margin: float


@dataclass(frozen=True)
class Hole:
    """Where a hang tag's string goes: a punch guide, and the top band kept clear of print."""

    diameter: float
    centre_from_top: float
    clear: float


@dataclass(frozen=True)
class Slot:
    """Where one tag's trim box sits on the page, in mm from the page's bottom-left corner."""

    x: float
    y: float
    width: float
    height: float


@cache
def print_data() -> dict:
    """webapp/data/prints.toml, read once."""
    return read_toml("prints.toml")


def sheet() -> Sheet:
    """The A4 sheet's measures."""
    raw = print_data()["sheet"]
    return Sheet(**{key: float(raw[key]) for key in Sheet.__dataclass_fields__})


def hole() -> Hole:
    """The hang tag's hole for the string."""
    raw = print_data()["hole"]
    return Hole(**{key: float(raw[key]) for key in Hole.__dataclass_fields__})


def phrase(kind: str, tone: str, language: str) -> str:
    """The words beside a QR code that leads to kind (whatsapp, instagram, shop), in the brand's
    tone (anda, kamu, kak) in Indonesian, or in English; an unknown tone reads as "anda"."""
    words = print_data()["phrases"].get(kind)
    if words is None:
        raise PrintError(f"no words for a QR code of kind {kind!r}")
    if language == "en":
        return words["en"]
    return words.get(tone) or words["anda"]


def sizes(kind: str) -> dict[str, Size]:
    """Every size of kind (tags, card or labels), by id, in the file's order."""
    fields = Size.__dataclass_fields__
    return {key: Size(id=key, **{name: value for name, value in raw.items() if name in fields})
            for key, raw in print_data()[kind].items()}


def size(kind: str, size_id: str) -> Size:
    """One size of kind; PrintError when there is none with that id."""
    found = sizes(kind).get(size_id)
    if found is None:
        raise PrintError(f"unknown {kind} size {size_id!r} (one of {', '.join(sizes(kind))})")
    return found


def tag_grid(tag: Size) -> tuple[int, int]:
    """How many tags of this size fit across and down an A4 sheet, bleeds and gutters included."""
    page = sheet()
    cell_w = tag.width + 2 * page.bleed
    cell_h = tag.height + 2 * page.bleed
    across = int((page.width - 2 * page.margin + page.gutter) // (cell_w + page.gutter))
    down = int((page.height - 2 * page.margin + page.gutter) // (cell_h + page.gutter))
    return max(across, 1), max(down, 1)


def tag_slots(tag: Size, back: bool = False) -> list[Slot]:
    """The trim boxes of one page of tags, in reading order (top row first, left to right); on
    the back page each tag sits in the mirrored column, behind its front."""
    page = sheet()
    across, down = tag_grid(tag)
    pitch_x = tag.width + 2 * page.bleed + page.gutter
    pitch_y = tag.height + 2 * page.bleed + page.gutter
    grid_w = across * pitch_x - page.gutter
    grid_h = down * pitch_y - page.gutter
    left = (page.width - grid_w) / 2 + page.bleed
    top = page.height - (page.height - grid_h) / 2 - page.bleed
    slots = []
    for row in range(down):
        for column in range(across):
            placed = across - 1 - column if back else column
            slots.append(Slot(left + placed * pitch_x, top - row * pitch_y - tag.height,
                              tag.width, tag.height))
    return slots


def edge_distance(label: Size) -> float:
    """How close the sheet's labels come to the paper's edge, in mm (0: they touch it)."""
    page = sheet()
    right = page.width - (label.left + (label.across - 1) * label.pitch_x + label.width)
    bottom = page.height - (label.top + (label.down - 1) * label.pitch_y + label.height)
    return max(0.0, min(label.left, label.top, right, bottom))


def label_slots(label: Size) -> list[Slot]:
    """The labels of one sheet, in reading order, from the size's grid."""
    page = sheet()
    return [Slot(label.left + column * label.pitch_x,
                 page.height - label.top - row * label.pitch_y - label.height,
                 label.width, label.height)
            for row in range(label.down) for column in range(label.across)]
