"""The one shape of a refused user action, shared by every service and pure core.

A service (or a pure core) raises a DomainError subclass with a code and the facts its message
needs; `webapp.errors.refusal_message` words it in the user's language from one catalogue, keyed
"<domain>.<code>". Pure: no Flask, no ORM.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A user action was refused; code and params make a message in the user's language."""

    #: The part of the app that refuses, the first half of the catalogue key.
    domain = "app"

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    @property
    def key(self) -> str:
        """The catalogue key of this refusal: '<domain>.<code>'."""
        return f"{self.domain}.{self.code}"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with the params (a refusal may cross from a worker process)."""
        return (_restore, (type(self), self.code, self.params))

    def __repr__(self) -> str:
        """The key and its facts, for logs."""
        return f"{type(self).__name__}({self.code!r}, {self.params!r})"


def _restore(cls: type[DomainError], code: str, params: dict[str, Any]) -> DomainError:
    """Rebuild a pickled refusal."""
    error = cls.__new__(cls)
    DomainError.__init__(error, code, **params)
    return error
