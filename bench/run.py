"""Benchmarks with fixed inputs: page rendering and login, through the WSGI test client.

Run with `make bench`. Prints requests per second and the median and 95th-percentile time per
request; nothing here asserts a speed (tests never do).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from webapp import create_app
from webapp.db import get_engine
from webapp.models import Base

ROUNDS = {"landing page": 300, "login page": 300, "dashboard": 300, "login (scrypt)": 20}


def measure(name: str, rounds: int, call) -> None:
    """Run call rounds times and print its figures."""
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    median = statistics.median(timings) * 1000
    print(f"{name:<16} {rounds / sum(timings):8.1f} req/s   median {median:6.2f} ms"
          f"   p95 {p95 * 1000:6.2f} ms")


def main() -> None:
    """Build a throwaway app with one account and measure the common pages."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ["STUDIO_CERITA_INSTANCE"] = folder
        app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
        Base.metadata.create_all(get_engine(app))
        client = app.test_client()
        login = {"email": "bench@example.id", "password": "tenun ikat sumba"}
        client.post("/register", data={**login, "name": "Bench", "confirm": login["password"]})
        measure("landing page", ROUNDS["landing page"], lambda: client.get("/"))
        measure("login page", ROUNDS["login page"], lambda: client.get("/login"))
        measure("login (scrypt)", ROUNDS["login (scrypt)"],
                lambda: client.post("/login", data=login))
        measure("dashboard", ROUNDS["dashboard"], lambda: client.get("/dashboard"))
        print(f"landing page size: {len(client.get('/').data)} bytes, "
              f"stylesheet: {len(client.get('/static/css/app.css').data)} bytes")


if __name__ == "__main__":
    main()
