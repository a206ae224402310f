"""Browser tests: the real server (gunicorn) in a subprocess, driven by Debian's Chromium.

Every test in this folder gets the ``e2e`` marker, so ``pytest -m "not e2e"`` leaves them out.
The server gets a fresh temporary instance folder (SQLite lives there) or, when
TEST_DATABASE_URL is set, that database; its schema is created with ``flask db upgrade``.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = (
    "Debian's Chromium is not installed (apt-get install chromium); the browser tests need it"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 360, "height": 740}
PROJECT_ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SERVER_START_SECONDS = 20
FAILING_IMPACTS = frozenset({"serious", "critical"})

#: Variables of the developer's shell that must not reach the test server.
SCRUBBED_ENV = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "MEDIA_ROOT",
    "PROXY_HOPS",
    "STUDIO_CERITA_ENV",
    "FLASK_DEBUG",
    "FLASK_APP",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in tests/e2e as e2e, and keep them on one xdist worker (one server, one
    browser); skip them all when Chromium is missing."""
    skip = pytest.mark.skip(reason=CHROMIUM_MISSING) if not CHROMIUM.exists() else None
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue  # this hook sees the whole session's items: leave the others alone
        item.add_marker(pytest.mark.e2e)
        item.add_marker(pytest.mark.xdist_group("browser"))
        if skip is not None:
            item.add_marker(skip)


# --- the server -------------------------------------------------------------------------------


DEMO_ACCOUNT: dict[str, str] = {}


@pytest.fixture
def demo_account(live_server: str) -> dict[str, str]:
    """The demo owner's email and password (the server's database has the demo brand contoh)."""
    return DEMO_ACCOUNT


def free_port() -> int:
    """Return a TCP port that was free a moment ago (bind port 0, let the kernel choose)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: The server's instance/config.py. Every browser test registers and logs in a fresh owner from the
#: same address, faster than any person would; the production limits are tested against the app in
#: tests/accounts/test_rate_limit.py, so here they are only raised, never turned off.
SERVER_CONFIG = """\
RATELIMIT_REGISTER = "120 per minute"
RATELIMIT_LOGIN = "120 per minute"
RATELIMIT_LOGIN_ACCOUNT = "60 per minute"
"""


def server_env(instance: Path) -> dict[str, str]:
    """The environment for the server: a private instance folder, the test database if any."""
    env = {key: value for key, value in os.environ.items() if key not in SCRUBBED_ENV}
    env["STUDIO_CERITA_INSTANCE"] = str(instance)
    env["PYTHONUNBUFFERED"] = "1"
    database = os.environ.get("TEST_DATABASE_URL")
    if database:
        env["DATABASE_URL"] = database
    return env


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    """Poll url/healthz until it answers 200; fail with the server's log otherwise."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"The server exited with code {process.returncode} before answering /healthz:\n"
                f"{log.read_text(errors='replace')}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as error:
            last_error = error
        time.sleep(0.2)
    stop(process)
    pytest.fail(
        f"The server did not answer {url}/healthz within {SERVER_START_SECONDS} s "
        f"(last error: {last_error}):\n{log.read_text(errors='replace')}",
        pytrace=False,
    )


def stop(process: subprocess.Popen) -> None:
    """Terminate the server, killing it if it does not stop within 10 seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run the production server (gunicorn) on a free port; yield its base URL."""
    instance = tmp_path_factory.mktemp("instance")
    (instance / "config.py").write_text(SERVER_CONFIG, encoding="utf-8")
    env = server_env(instance)

    migrate = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "webapp", "db", "upgrade"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if migrate.returncode != 0:
        pytest.fail(
            f"flask db upgrade failed ({migrate.returncode}):\n{migrate.stdout}{migrate.stderr}",
            pytrace=False,
        )

    demo = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "webapp", "demo", "load"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)
    if demo.returncode != 0:
        pytest.fail(f"flask demo load failed:\n{demo.stdout}{demo.stderr}", pytrace=False)
    DEMO_ACCOUNT["email"] = re.search(r"email:\s+(\S+)", demo.stdout).group(1)
    DEMO_ACCOUNT["password"] = re.search(r"password:\s+(\S+)", demo.stdout).group(1)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = instance / "server.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--access-logfile",
                "-",
                "webapp:create_app()",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        wait_until_healthy(url, process, log)
        yield url
    finally:
        stop(process)


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium, headless, started once for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser, live_server: str) -> Iterator[Callable[..., object]]:
    """Factory: a page in a fresh context (a new phone: no cookies) with the given locale."""
    contexts = []

    def make(locale: str = "id-ID"):
        context = browser.new_context(base_url=live_server, viewport=PHONE, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page on a phone-sized screen whose browser prefers Indonesian."""
    return new_page("id-ID")


# --- accessibility ----------------------------------------------------------------------------


def describe(violation: dict) -> str:
    """One violation as text: id, impact, help, and each node's target and message."""
    lines = [
        f"- {violation['id']} ({violation['impact']}): {violation['help']}",
        f"  {violation.get('helpUrl', '')}",
    ]
    for node in violation["nodes"]:
        target = ", ".join(str(part) for part in node["target"])
        lines.append(f"    target: {target}")
        messages = [
            check["message"] for kind in ("any", "all", "none") for check in node.get(kind, [])
        ]
        for message in messages:
            lines.append(f"      {message}")
    return "\n".join(lines)


def check_a11y(page) -> None:
    """Run axe-core on the page; fail on any serious or critical violation.

    Minor and moderate violations do not fail the test; they are reported as warnings.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    failing = [v for v in violations if v.get("impact") in FAILING_IMPACTS]
    others = [v for v in violations if v.get("impact") not in FAILING_IMPACTS]
    if others:
        warnings.warn(
            f"axe-core on {page.url}:\n" + "\n".join(describe(v) for v in others), stacklevel=2
        )
    if failing:
        report = "\n".join(describe(v) for v in failing)
        print(f"axe-core violations on {page.url}:\n{report}")
        pytest.fail(
            f"{len(failing)} serious or critical accessibility violation(s) on {page.url}:\n"
            f"{report}",
            pytrace=False,
        )


@pytest.fixture(name="check_a11y")
def check_a11y_fixture() -> Callable[[object], None]:
    """The check_a11y helper, handed to tests as a fixture (conftest is not importable)."""
    return check_a11y
