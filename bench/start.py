"""The app's start cost: `create_app()` against importing flask and sqlalchemy alone.

Every `flask --app webapp ...` command and every gunicorn or RQ worker pays this start. The two
commands run alternately in fresh interpreters, so a busy moment of the machine hits both alike;
the figure that matters is the ratio of the medians (target: at most 1.5). Run with
`make bench` or `.venv/bin/python bench/start.py [ROUNDS]`; nothing here asserts a speed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "import flask, sqlalchemy"
APP = "from webapp import create_app; create_app()"
COMMAND = "from webapp import create_app; create_app().test_cli_runner().invoke(args=['--help'])"


def run_once(code: str, env: dict[str, str]) -> float:
    """Seconds one fresh interpreter takes to run code."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(rounds: int = 15) -> None:
    """Time the baseline, create_app() and a command, alternately; print medians and ratios."""
    with tempfile.TemporaryDirectory() as instance:
        env = {**os.environ, "STUDIO_CERITA_INSTANCE": instance, "PYTHONDONTWRITEBYTECODE": "1"}
        for code in (BASELINE, APP):  # warm the file cache and write the secret key once
            run_once(code, env)
        times: dict[str, list[float]] = {BASELINE: [], APP: [], COMMAND: []}
        for _ in range(rounds):
            for code in times:
                times[code].append(run_once(code, env))
    base = statistics.median(times[BASELINE])
    for label, code in (("import flask, sqlalchemy", BASELINE), ("create_app()", APP),
                        ("create_app() + a command", COMMAND)):
        median = statistics.median(times[code])
        print(f"{label:<26} median {median * 1000:6.0f} ms  min {min(times[code]) * 1000:6.0f} ms"
              f"  ratio {median / base:4.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
