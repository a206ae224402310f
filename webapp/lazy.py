"""Modules imported at their first use, so that starting the app stays cheap.

Every `flask --app webapp ...` command and every gunicorn or RQ worker builds the app, and most of
them never render a page of most blueprints. A view module therefore names the service, models
and cores it calls through `lazy("webapp.brands.service")`: the module is imported (once, by
Python's own thread-safe import) when a page first uses it. bench/start.py measures the start.

    service = lazy("webapp.brands.service")
    ...
    service.create_brand(...)   # imports webapp.brands.service here, the first time
"""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    """A stand-in for a module that imports it when one of its names is first read."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        """The module's attribute (importing the module the first time)."""
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy(name: str) -> Any:
    """The module called name, imported when it is first used."""
    return LazyModule(name)
