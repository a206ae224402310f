"""Typed access to one story data file: every bad value raises TemplateError naming the file and
the dotted field ("asal_usul.toml: steps[0](asal).questions[0](origin).max_length: ...").

Pure: imports neither Flask nor the ORM.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from webapp.datafiles import DataError, read_toml
from webapp.stories.model import Bilingual, TemplateError

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Reader:
    """Typed access to one parsed TOML file, raising TemplateError with file and field."""

    def __init__(self, path: Path, data: dict[str, Any]):
        """Keep the file path (for messages) and its parsed data."""
        self.path = path
        self.data = data

    def fail(self, where: str, reason: str) -> TemplateError:
        """Build the error for a bad field."""
        return TemplateError(f"{self.path.name}: {where}: {reason}")

    def get(self, table: dict[str, Any], key: str, where: str, kind: type | tuple, *,
            default: Any = ..., ) -> Any:
        """Return table[key] checked against kind; missing and no default is an error."""
        if key not in table:
            if default is ...:
                raise self.fail(_join(where, key), "missing")
            return default
        value = table[key]
        if isinstance(value, bool) and kind is int:
            raise self.fail(_join(where, key), "must be a whole number")
        if not isinstance(value, kind):
            raise self.fail(_join(where, key), f"must be {_kind_name(kind)}")
        return value

    def text(self, table: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str:
        """Return a non-empty string."""
        value = self.get(table, key, where, str, default="" if optional else ...)
        if not optional and not value.strip():
            raise self.fail(_join(where, key), "must not be empty")
        return value

    def bilingual(self, table: dict[str, Any], key: str, where: str, *,
                  optional: bool = False) -> Bilingual:
        """Return key_id and key_en as one Bilingual value."""
        return Bilingual(self.text(table, f"{key}_id", where, optional=optional),
                         self.text(table, f"{key}_en", where, optional=optional))

    def positive(self, table: dict[str, Any], key: str, where: str, *,
                 default: Any = ...) -> int:
        """Return a positive whole number."""
        value = self.get(table, key, where, int, default=default)
        if value is not None and value <= 0:
            raise self.fail(_join(where, key), "must be positive")
        return value

    def ident(self, table: dict[str, Any], key: str, where: str) -> str:
        """Return an identifier: lowercase letters, digits and underscores."""
        value = self.text(table, key, where)
        if not IDENTIFIER.match(value):
            raise self.fail(_join(where, key), f"{value!r} is not a lowercase identifier")
        return value

    def source_and_checked(self) -> tuple[str, str]:
        """Every data file says where it comes from and when it was checked."""
        source = self.text(self.data, "source", "")
        checked = self.text(self.data, "checked", "")
        if not _DATE.match(checked):
            raise self.fail("checked", "must be a date written YYYY-MM-DD")
        return source, checked


def _join(where: str, key: str) -> str:
    """Dotted path of a field inside a table."""
    return f"{where}.{key}" if where else key


def _kind_name(kind: type | tuple) -> str:
    """Plain words for a TOML type, for error messages."""
    names = {str: "text", int: "a whole number", bool: "true or false", list: "a list",
             dict: "a table"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def read_file(path: Path) -> Reader:
    """Parse one TOML file, turning syntax and read errors into TemplateError."""
    try:
        return Reader(path, read_toml(path))
    except DataError as error:
        raise TemplateError(str(error)) from None
