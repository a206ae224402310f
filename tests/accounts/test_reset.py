"""Password reset by email, end to end against a real SMTP server on localhost (aiosmtpd)."""

from __future__ import annotations

import email
import re
import socket
import time
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from flask_login import login_user

from tests.factories import DEFAULT_PASSWORD
from webapp.accounts import reset

NEW_PASSWORD = "tenun ikat sumba timur"
LINK = re.compile(r"https?://\S+/password/reset/(\S+)")


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 5.0) -> list[EmailMessage]:
        """The messages once count have arrived (SMTP is a network hop, even on localhost)."""
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    """A real SMTP server on a free local port."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def mail_app(app_factory, smtp):
    controller, _ = smtp
    return app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False,
                       MAIL_DEFAULT_SENDER="Studio Cerita <halo@cerita.example.id>",
                       JOBS_MODE="inline")


def ask_for_link(client, address="sari@example.id"):
    return client.post("/password/forgot", data={"email": address})


def link_in(message: EmailMessage) -> str:
    match = LINK.search(message.get_content())
    assert match, message.get_content()
    return "/password/reset/" + match.group(1)


def test_reset_end_to_end_through_smtp_and_the_link_works_once(mail_app, smtp):
    _, inbox = smtp
    client = mail_app.test_client()
    with mail_app.app_context():
        from tests.factories import create_user
        create_user(email="sari@example.id", name="Sari")
    other_device = mail_app.test_client()
    assert other_device.post("/login", data={"email": "sari@example.id",
                                             "password": DEFAULT_PASSWORD}).status_code == 302

    answer = ask_for_link(client, "SARI@example.id ")
    assert answer.status_code == 302 and answer.headers["Location"] == "/password/sent"
    message = inbox.wait_for(1)[0]
    assert message["To"] == "sari@example.id"
    assert message["From"] == "Studio Cerita <halo@cerita.example.id>"
    assert "Halo Sari" in message.get_content()
    link = link_in(message)

    opened = client.get(link)
    assert opened.status_code == 302 and opened.headers["Location"] == "/password/reset"
    page = client.get("/password/reset")
    assert page.status_code == 200 and b"sari@example.id" in page.data
    done = client.post("/password/reset", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/dashboard"
    assert client.get("/dashboard").status_code == 200  # logged in on this device

    # the other device's session ended; the old password is gone, the new one works
    assert other_device.get("/dashboard").status_code == 302
    fresh = mail_app.test_client()
    assert fresh.post("/login", data={"email": "sari@example.id",
                                      "password": DEFAULT_PASSWORD}).status_code == 422
    assert fresh.post("/login", data={"email": "sari@example.id",
                                      "password": NEW_PASSWORD}).status_code == 302

    # the same link a second time: refused with a way to ask again
    again = mail_app.test_client().get(link)
    assert again.status_code == 400
    assert "sudah dipakai" in again.get_data(as_text=True)
    assert b'action="/password/forgot"' in again.data


def test_unknown_email_gets_the_same_answer_and_no_message(mail_app, smtp):
    _, inbox = smtp
    client = mail_app.test_client()
    with mail_app.app_context():
        from tests.factories import create_user
        create_user(email="sari@example.id")
    known = ask_for_link(client, "sari@example.id")
    unknown = ask_for_link(client, "budi@example.id")
    assert (known.status_code, known.headers["Location"]) == (
        unknown.status_code, unknown.headers["Location"])
    inbox.wait_for(2, seconds=1.0)
    assert [m["To"] for m in inbox.messages] == ["sari@example.id"]
    sent = client.get("/password/sent").get_data(as_text=True)
    assert "Jika email itu terdaftar" in sent
    assert "instance/outbox" not in sent  # a real mail server is set


def test_link_expires(mail_app, smtp, monkeypatch):
    _, inbox = smtp
    client = mail_app.test_client()
    with mail_app.app_context():
        from tests.factories import create_user
        create_user(email="sari@example.id")
    ask_for_link(client)
    link = link_in(inbox.wait_for(1)[0])
    mail_app.config["PASSWORD_RESET_MAX_AGE"] = 60
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 61)
    expired = client.get(link)
    assert expired.status_code == 400
    assert "kedaluwarsa (berlaku 1 menit)" in expired.get_data(as_text=True)


@pytest.mark.parametrize("token", ["", "x", "eyJ1IjoxfQ.abc.def", "a" * 300])
def test_forged_or_broken_tokens_are_refused(app, client, auth, token):
    auth.create()
    response = client.get(f"/password/reset/{token}" if token else "/password/reset")
    assert response.status_code == 400
    assert client.post("/password/reset", data={"password": NEW_PASSWORD,
                                                "confirm": NEW_PASSWORD}).status_code == 400


def test_a_token_of_another_secret_or_a_changed_password_is_refused(app, auth):
    user = auth.create()
    with app.test_request_context():
        token = reset.make_token(user)
        assert reset.check_token(token).id == user.id
        app.secret_key = "another-secret-key-of-enough-length-for-this"
        with pytest.raises(reset.ResetError):
            reset.check_token(token)


def test_the_new_password_follows_the_policy_and_keeps_the_link(mail_app, smtp):
    _, inbox = smtp
    client = mail_app.test_client()
    with mail_app.app_context():
        from tests.factories import create_user
        create_user(email="sari@example.id")
    ask_for_link(client)
    client.get(link_in(inbox.wait_for(1)[0]))
    weak = client.post("/password/reset", data={"password": "password123",
                                                "confirm": "password123"})
    assert weak.status_code == 422 and "paling sering dipakai" in weak.get_data(as_text=True)
    # the link still works after a refused choice
    assert client.post("/password/reset", data={"password": NEW_PASSWORD,
                                                "confirm": NEW_PASSWORD}).status_code == 302


def test_without_a_mail_server_the_message_is_a_file_and_the_page_says_so(app_factory, tmp_path):
    app = app_factory(JOBS_MODE="inline")
    client = app.test_client()
    with app.app_context():
        from tests.factories import create_user
        create_user(email="sari@example.id")
    ask_for_link(client)
    files = list((tmp_path / "instance" / "outbox").glob("*.eml"))
    assert len(files) == 1
    assert (files[0].stat().st_mode & 0o777) == 0o600
    message = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["To"] == "sari@example.id"
    assert client.get(link_in(message)).status_code == 302
    assert "instance/outbox/" in client.get("/password/sent").get_data(as_text=True)


def test_reset_requests_are_rate_limited_per_email(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, JOBS_MODE="inline",
                      RATELIMIT_RESET_ACCOUNT="2 per hour", RATELIMIT_RESET="50 per minute")
    client = app.test_client()
    codes = [ask_for_link(client, "sari@example.id").status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert ask_for_link(client, "budi@example.id").status_code == 302


def test_login_and_register_pages_offer_the_reset(client):
    for page in ("/login", "/register"):
        assert b'href="/password/forgot"' in client.get(page).data


def test_a_reset_moves_the_session_version_and_spends_the_token(app, auth):
    user = auth.create()
    with app.test_request_context():
        login_user(user)
        token = reset.make_token(user)
        version = user.session_version
        assert reset.reset_password(token, NEW_PASSWORD).session_version == version + 1
        with pytest.raises(reset.ResetError):
            reset.check_token(token)
