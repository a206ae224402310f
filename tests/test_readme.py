"""The README's Layout matches the tree: every package under webapp/ is named there, and every
folder it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def layout_block() -> str:
    """The code block under the README's '## Layout' heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Layout", 1)[1]
    return section.split("```", 2)[1]


def named_folders(block: str) -> set[str]:
    """The paths of the folders the layout names, from its indentation ('webapp/brands')."""
    stack: list[tuple[int, str]] = []
    folders = set()
    for line in block.splitlines():
        match = re.match(r"^( *)([\w.-]+)/(?=\s|$)", line)
        if not match or "git-ignored" in line:  # made at run time, not in a checkout
            continue
        indent, name = len(match[1]), match[2]
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = "/".join([*(part for _indent, part in stack), name])
        folders.add(path)
        stack.append((indent, name))
    return folders


def test_every_package_under_webapp_is_named_in_the_readme_layout():
    packages = {str(path.parent.relative_to(ROOT))
                for path in (ROOT / "webapp").rglob("__init__.py")}
    missing = sorted(packages - named_folders(layout_block()))
    assert not missing, f"README.md Layout does not name: {', '.join(missing)}"


def test_every_folder_the_readme_layout_names_exists():
    missing = sorted(path for path in named_folders(layout_block())
                     if not (ROOT / path).is_dir())
    assert not missing, f"README.md Layout names folders that do not exist: {missing}"
