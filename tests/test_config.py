"""Configuration: defaults, instance file, environment, and a production start that refuses risk."""

from __future__ import annotations

import stat

import pytest

from webapp import create_app
from webapp.config import ConfigError

STRONG = "f" * 16 + "0123456789abcdef0123456789abcdef"


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """An empty instance folder and a clean environment."""
    folder = tmp_path / "instance"
    monkeypatch.setenv("STUDIO_CERITA_INSTANCE", str(folder))
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "STUDIO_CERITA_ENV",
                 "FLASK_DEBUG", "PROXY_HOPS"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_first_run_generates_a_secret_and_reuses_it(instance):
    first = create_app()
    secret_file = instance / "secret_key"
    assert secret_file.exists()
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) >= 64
    assert create_app().config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_defaults_keep_state_under_instance(instance):
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance / 'studio-cerita.sqlite3'}"
    assert app.config["MEDIA_ROOT"] == str(instance / "media")
    assert app.config["REDIS_URL"] is None
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert app.config["MAX_CONTENT_LENGTH"] > 0


def test_instance_config_then_environment_override(instance, monkeypatch):
    instance.mkdir()
    (instance / "config.py").write_text(
        f"SECRET_KEY = 'from-instance-{STRONG}'\nMEDIA_ROOT = '/srv/media-instance'\n")
    app = create_app()
    assert app.config["SECRET_KEY"] == f"from-instance-{STRONG}"
    assert app.config["MEDIA_ROOT"] == "/srv/media-instance"
    monkeypatch.setenv("SECRET_KEY", f"from-env-{STRONG}")
    monkeypatch.setenv("MEDIA_ROOT", "/srv/media-env")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/elsewhere.sqlite3")
    app = create_app()
    assert app.config["SECRET_KEY"] == f"from-env-{STRONG}"
    assert app.config["MEDIA_ROOT"] == "/srv/media-env"
    assert app.config["DATABASE_URL"] == "sqlite:////tmp/elsewhere.sqlite3"
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"


@pytest.mark.parametrize("secret", [None, "", "dev", "changeme", "short-but-random-1234"])
def test_production_refuses_a_missing_or_weak_secret(instance, monkeypatch, secret):
    monkeypatch.setenv("STUDIO_CERITA_ENV", "production")
    if secret is not None:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    assert not (instance / "secret_key").exists()  # production never invents its own key


def test_production_refuses_debug(instance, monkeypatch):
    monkeypatch.setenv("STUDIO_CERITA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="debug"):
        create_app()


def test_production_refuses_a_cheap_password_hash(instance, monkeypatch):
    monkeypatch.setenv("STUDIO_CERITA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG)
    instance.mkdir()
    (instance / "config.py").write_text("PASSWORD_HASH_METHOD = 'pbkdf2:sha256:1'\n")
    with pytest.raises(ConfigError, match="scrypt"):
        create_app()


def test_production_starts_with_a_strong_secret(instance, monkeypatch):
    monkeypatch.setenv("STUDIO_CERITA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    assert not app.debug
    assert app.test_client().get("/console").status_code == 404


def test_proxy_hops_trust_only_the_configured_proxy(instance, monkeypatch):
    monkeypatch.setenv("PROXY_HOPS", "1")
    app = create_app()

    @app.route("/_test/ip")
    def client_ip():
        from flask import request
        return request.remote_addr

    client = app.test_client()
    spoofed = client.get("/_test/ip", headers={"X-Forwarded-For": "6.6.6.6, 10.1.1.1"},
                         environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert spoofed.get_data(as_text=True) == "10.1.1.1"


def test_a_server_without_production_settings_is_warned_about(instance, monkeypatch, caplog):
    """Under gunicorn without STUDIO_CERITA_ENV=production the log says what is missing."""
    import sys
    import types

    monkeypatch.delenv("STUDIO_CERITA_ENV", raising=False)
    monkeypatch.setitem(sys.modules, "gunicorn", types.ModuleType("gunicorn"))
    with caplog.at_level("WARNING", logger="webapp.config"):
        create_app()
    assert "without STUDIO_CERITA_ENV=production" in caplog.text
    caplog.clear()
    monkeypatch.delitem(sys.modules, "gunicorn")
    with caplog.at_level("WARNING", logger="webapp.config"):
        create_app()
    assert "without STUDIO_CERITA_ENV=production" not in caplog.text
