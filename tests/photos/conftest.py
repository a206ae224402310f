"""The photo tests' own report: the coach's figures at the end of the run, whatever -s says."""

from __future__ import annotations

import time


def pytest_sessionstart(session):
    """Remember when this run began, so only this run's figures are shown."""
    session.config._coach_started = time.time()


def pytest_terminal_summary(terminalreporter, config):
    """Print the coach's hits, misses and false alarms when its test ran in this session."""
    figures = config.cache.get("photos/coach_table", None) if config.cache else None
    started = getattr(config, "_coach_started", None)
    if not figures or started is None or figures.get("at", 0) < started:
        return
    terminalreporter.section("photo coach")
    terminalreporter.write_line(figures["text"])
