"""Login and registration are throttled per client and per account, never locked for good."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest

from tests.conftest import RATELIMIT_PREFIX, AuthActions
from tests.factories import DEFAULT_PASSWORD

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")


def redis_counters():
    """The Redis client and the keys of this test process's rate-limit counters."""
    import redis

    store = redis.Redis.from_url(TEST_REDIS_URL)
    return store, store.keys(f"*/{RATELIMIT_PREFIX}/*")


@pytest.fixture(params=["memory", "redis"])
def app(request, app_factory):
    """The app with its real limits, counted in memory or in Redis."""
    if request.param == "redis":
        if not TEST_REDIS_URL:
            pytest.skip("TEST_REDIS_URL is not set: the Redis-backed limiter is tested in CI")
        store, keys = redis_counters()
        if keys:  # counters of an earlier test in this process
            store.delete(*keys)
        return app_factory(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=TEST_REDIS_URL)
    return app_factory(RATELIMIT_ENABLED=True)


def attempt(client, email="sari@example.id", password="salah sekali", ip="10.0.0.1"):  # noqa: S107
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def test_login_is_limited_per_client_address(client, auth):
    auth.create()
    statuses = [attempt(client, email=f"u{n}@example.id").status_code for n in range(11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    # another address is not affected
    assert attempt(client, ip="10.0.0.2", password=DEFAULT_PASSWORD).status_code == 302


def test_login_is_limited_per_account_across_addresses(client, auth):
    auth.create()
    statuses = [attempt(client, ip=f"10.0.1.{n}").status_code for n in range(6)]
    assert statuses[:5] == [422] * 5
    assert statuses[5] == 429
    page = attempt(client, ip="10.0.2.1")
    assert page.status_code == 429
    assert "Terlalu banyak percobaan" in page.get_data(as_text=True)
    assert int(page.headers["Retry-After"]) > 0
    # other accounts can still log in from anywhere
    auth.create(email="budi@example.id")
    assert attempt(client, email="budi@example.id", password=DEFAULT_PASSWORD,
                   ip="10.0.3.1").status_code == 302


def test_registration_is_limited(client):
    data = {"name": "Budi", "password": DEFAULT_PASSWORD, "confirm": DEFAULT_PASSWORD}
    statuses = [client.post("/register", data={**data, "email": f"b{n}@example.id"},
                            environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code
                for n in range(6)]
    assert statuses == [302] * 5 + [429]


def test_looking_at_the_login_page_is_not_limited(client):
    assert {client.get("/login").status_code for _ in range(30)} == {200}


def test_the_limit_is_not_a_permanent_lockout(app, client, auth, monkeypatch):
    import time

    auth.create()
    for n in range(6):
        attempt(client, ip=f"10.0.1.{n}")
    assert attempt(client, password=DEFAULT_PASSWORD, ip="10.0.5.5").status_code == 429
    if app.config["RATELIMIT_STORAGE_URI"].startswith("redis"):
        # Redis keeps its own clock: every counter must carry an expiry within the hour
        store, keys = redis_counters()
        assert keys
        assert all(0 < store.ttl(key) <= 3600 for key in keys)
        return
    later = time.time() + 61 * 60  # both windows (a minute and an hour) have passed
    monkeypatch.setattr(time, "time", lambda: later)
    assert attempt(client, password=DEFAULT_PASSWORD, ip="10.0.5.5").status_code == 302


def test_an_attacker_cannot_lock_the_owner_out_of_a_known_device(client, auth, app):
    """Failures from many addresses throttle the account, but the owner's browser, which logged
    in before (a signed device cookie), still gets in; strangers with the right password don't."""
    auth.create()
    assert attempt(client, password=DEFAULT_PASSWORD, ip="10.0.9.9").status_code == 302
    client.post("/logout", data={})
    with app.test_client() as stranger:
        for n in range(8):
            attempt(stranger, ip=f"10.0.1.{n}")
        assert attempt(stranger, password=DEFAULT_PASSWORD, ip="10.0.2.2").status_code == 429
    assert attempt(client, password=DEFAULT_PASSWORD, ip="10.0.9.9").status_code == 302


def test_a_device_cookie_is_signed_and_bound_to_its_account(client, auth, app):
    auth.create()
    auth.create(email="budi@example.id")
    assert attempt(client, email="budi@example.id", password=DEFAULT_PASSWORD,
                   ip="10.0.9.9").status_code == 302
    client.post("/logout", data={})
    for n in range(6):
        attempt(client, ip=f"10.0.1.{n}")  # sari's account, from budi's browser
    assert attempt(client, password=DEFAULT_PASSWORD, ip="10.0.2.2").status_code == 429
    with app.test_client() as forger:
        forger.set_cookie("known_device", "eyJhIjoiMTIzIn0.forged.signature", path="/login")
        assert attempt(forger, password=DEFAULT_PASSWORD, ip="10.0.2.3").status_code == 429


def test_the_owners_own_logins_never_count_against_the_account(client, auth):
    auth.create()
    for n in range(8):
        assert attempt(client, password=DEFAULT_PASSWORD, ip=f"10.0.4.{n}").status_code == 302
        client.post("/logout", data={})
        client.delete_cookie("known_device", path="/login")
    assert attempt(client, ip="10.0.4.99").status_code == 422  # a typo: asked again, not 429


UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # port 1: nothing listens


def test_with_redis_unreachable_logins_still_work_and_are_still_limited(app_factory, caplog):
    """Redis down must not lock everybody out: the limiter counts in this process's memory,
    with a warning in the log, and the limits still hold."""
    app = app_factory(RATELIMIT_ENABLED=True, REDIS_URL=UNREACHABLE_REDIS)
    assert app.config["RATELIMIT_STORAGE_URI"] == UNREACHABLE_REDIS
    client = app.test_client()
    AuthActions(app, client).create()
    statuses = [attempt(client, email=f"u{n}@example.id").status_code for n in range(11)]
    assert statuses == [422] * 10 + [429]
    assert attempt(client, ip="10.0.0.2", password=DEFAULT_PASSWORD).status_code == 302
    assert app.test_client().post("/register", data={"name": "A", "email": "a@example.id"},
                                  environ_base={"REMOTE_ADDR": "10.0.0.3"}).status_code == 422
    assert "falling back to in-memory storage" in caplog.text


def free_port() -> int:
    """A TCP port that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    """A Redis server of this test's own on port, keeping nothing on disk."""
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    for _ in range(50):
        try:
            redis.Redis(port=port).ping()
            return process
        except redis.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("redis-server did not start")


@pytest.mark.skipif(shutil.which("redis-server") is None,
                    reason="redis-server is not installed: this test starts and stops a Redis "
                           "of its own to show the limiter going back to it")
def test_the_limiter_goes_back_to_redis_by_itself_when_it_returns(app_factory, caplog):
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    app = app_factory(RATELIMIT_ENABLED=True, REDIS_URL=url)
    client = app.test_client()
    server = start_redis(port)
    try:
        assert counted_in_redis(client, port, "10.0.7.1"), "the limiter never used Redis"
        server.terminate()
        server.wait(timeout=10)
        # Redis down: still answered (a fresh address and account, nothing counted against them)
        assert attempt(client, email="turun@example.id", ip="10.0.7.2").status_code == 422
        assert "falling back to in-memory storage" in caplog.text
        server = start_redis(port)  # back, empty
        assert counted_in_redis(client, port, "10.0.7.3"), "the limiter never went back to Redis"
    finally:
        server.kill()
        server.wait(timeout=10)


def counted_in_redis(client, port: int, ip: str) -> bool:
    """Keep attempting until a counter shows up in the Redis on port (the limiter looks again
    after 1, 2, 4... seconds once it has given up on it); False after 40 seconds."""
    import redis

    deadline = time.monotonic() + 40
    number = 0
    while time.monotonic() < deadline:
        number += 1
        attempt(client, email=f"r{number}@example.id", ip=ip)
        if redis.Redis(port=port).keys("*"):
            return True
        time.sleep(0.25)
    return False
