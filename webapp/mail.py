"""Email: sent through an SMTP server when MAIL_SERVER is set, else written to instance/outbox/.

Settings (environment or instance/config.py): MAIL_SERVER, MAIL_PORT (587), MAIL_USERNAME,
MAIL_PASSWORD, MAIL_USE_TLS (STARTTLS, on by default when a user name is set), MAIL_USE_SSL
(SMTPS, port 465) and MAIL_DEFAULT_SENDER. Without a server every message is a .eml file in
MAIL_OUTBOX (instance/outbox/), which any mail program opens: development needs no mail account.

Messages are handed to the background jobs (webapp.jobs), so a slow mail server never holds a
page, and a page cannot be timed to learn whether a message was sent.
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app

from webapp import jobs

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 20


def outbox_mode() -> bool:
    """True when messages are written to the outbox folder rather than sent."""
    return not current_app.config.get("MAIL_SERVER")


def compose(to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message from the configured sender."""
    message = EmailMessage()
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or "Studio Cerita <noreply@localhost>"
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = datetime.now(UTC)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    message.set_content(body)
    return message


def send(to: str, subject: str, body: str) -> None:
    """Queue a plain-text message; it is sent (or written to the outbox) in the background."""
    jobs.submit("webapp.mail:deliver", to, subject, body)


def deliver(to: str, subject: str, body: str) -> None:
    """Send one message now: by SMTP, or into the outbox folder."""
    message = compose(to, subject, body)
    if outbox_mode():
        path = write_to_outbox(message)
        log.info("email written to %s (no MAIL_SERVER is set)", path)
        return
    config = current_app.config
    host, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 587)
    context = ssl.create_default_context()
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    extra = {"context": context} if config.get("MAIL_USE_SSL") else {}
    with smtp_class(host, port, timeout=SMTP_TIMEOUT_SECONDS, **extra) as smtp:
        use_tls = config.get("MAIL_USE_TLS")
        if use_tls is None:
            use_tls = bool(config.get("MAIL_USERNAME")) and not config.get("MAIL_USE_SSL")
        if use_tls:
            smtp.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
    log.info("email sent through %s:%s", host, port)


def outbox_folder() -> Path:
    """Where messages go without a mail server."""
    return Path(current_app.config.get("MAIL_OUTBOX") or Path(current_app.instance_path, "outbox"))


def write_to_outbox(message: EmailMessage) -> Path:
    """Write message as a .eml file readable only by the app's user; return its path."""
    folder = outbox_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stamp}-{secrets.token_hex(4)}.eml"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(message.as_bytes())
    return path
