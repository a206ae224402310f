"""The one shape of a refused user action, shared by every service."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A user action was refused; code and params make a message in the user's language."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params
