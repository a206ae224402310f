"""Reading the rules-as-data files under webapp/data (TOML).

Each file has exactly one loader, which parses it with `read_toml`, checks every entry and caches
the frozen result for the process: vocab.toml in `webapp.vocab`, provinces.toml there too,
channels.toml in `webapp.listings.channels`, the story templates in `webapp.stories.templates`
and the bulk-upload sheet formats in `webapp.packs.sheets`. Pure: no Flask, no ORM.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Bilingual:
    """The same text in Indonesian and English, as a data file gives it."""

    id: str
    en: str

    def get(self, language: str) -> str:
        """Return the text for language ("id" or "en")."""
        return self.en if language == "en" else self.id


class DataError(ValueError):
    """A data file is malformed; the message names the file, the table and the entry."""


def data_path(name: str) -> Path:
    """The path of a data file by its name under webapp/data ('channels.toml')."""
    return DATA_DIR / name


def read_toml(path: str | Path) -> dict[str, Any]:
    """Parse a TOML file (a name under webapp/data, or a path); a fault names the file."""
    import tomllib  # here: starting the app reads no data file

    path = Path(path) if isinstance(path, Path) or "/" in str(path) else data_path(str(path))
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise DataError(f"{path.name}: not valid TOML: {error}") from None
    except OSError as error:
        raise DataError(f"{path.name}: cannot be read: {error.strerror}") from None
