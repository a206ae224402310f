"""Rooms a newcomer can read: no module of the app over 600 lines, no function over 50."""

from __future__ import annotations

import ast
from pathlib import Path

WEBAPP = Path(__file__).resolve().parent.parent / "webapp"
MODULE_LINES = 600
FUNCTION_LINES = 50


def test_no_module_is_over_600_lines_and_no_function_over_50():
    too_big = []
    for path in sorted(WEBAPP.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(WEBAPP.parent)
        if len(source.splitlines()) > MODULE_LINES:
            too_big.append(f"{name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > FUNCTION_LINES:
                    too_big.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    assert not too_big, "split by concept:\n" + "\n".join(too_big)
