"""The pure cores are proven pure: each imports in a fresh interpreter where the web framework,
the ORM and the form libraries cannot be imported at all (DESIGN.md style rule 4)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Everything that only runs inside a web request or a database session.
FORBIDDEN = ("flask", "flask_babel", "flask_limiter", "flask_login", "flask_wtf", "sqlalchemy",
             "wtforms", "werkzeug", "alembic")
#: The pure cores: data loaders, writers, checkers, the photo pipeline, the pack builder.
PURE_CORES = (
    "webapp.stories.paging",
    "webapp.domain",
    "webapp.datafiles",
    "webapp.formatting",
    "webapp.text",
    "webapp.vocab",
    "webapp.media",
    "webapp.brands.profile",
    "webapp.products.facts",
    "webapp.stories.model",
    "webapp.stories.reader",
    "webapp.stories.patterns",
    "webapp.stories.questions",
    "webapp.stories.templates",
    "webapp.stories.wording",
    "webapp.stories.answers",
    "webapp.stories.naming",
    "webapp.stories.derived",
    "webapp.stories.values",
    "webapp.stories.writer",
    "webapp.stories.wizard",
    "webapp.photos.imaging",
    "webapp.photos.presets",
    "webapp.photos.decoding",
    "webapp.photos.enhancing",
    "webapp.photos.rendering",
    "webapp.photos.coach",
    "webapp.listings.channels",
    "webapp.listings.facts",
    "webapp.listings.detectors",
    "webapp.listings.findings",
    "webapp.listings.checker",
    "webapp.listings.completeness",
    "webapp.listings.rules",
    "webapp.listings.cleaning",
    "webapp.listings.fitting",
    "webapp.listings.writer",
    "webapp.listings.titles",
    "webapp.listings.descriptions",
    "webapp.listings.social",
    "webapp.listings.hashtags",
    "webapp.listings.copywriter",
    "webapp.packs.builder",
    "webapp.colours",
    "webapp.prints.model",
    "webapp.prints.qr",
    "webapp.prints.layouts",
    "webapp.prints.fitting",
    "webapp.prints.faces",
    "webapp.prints.preview",
    "webapp.prints.render",
    "webapp.packs.files",
    "webapp.packs.sheets",
    "webapp.packs.sheets.filling",
    "webapp.packs.workbooks",
    "webapp.packs.checklist",
    "webapp.packs.overview",
)
BLOCKER = """
import importlib.abc, sys
FORBIDDEN = {forbidden!r}

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in FORBIDDEN:
            raise ImportError(f"a pure core imported {{name}}")
        return None

sys.meta_path.insert(0, Refuse())
import {module}
"""


@pytest.mark.parametrize("module", PURE_CORES)
def test_a_pure_core_imports_without_the_web_framework_or_the_orm(module):
    code = BLOCKER.format(forbidden=FORBIDDEN, module=module)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_the_blocker_itself_refuses_flask():
    code = BLOCKER.format(forbidden=FORBIDDEN, module="flask")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode != 0 and "a pure core imported flask" in result.stderr
