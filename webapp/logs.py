"""Logging an operator can count: every line with a timestamp and the request it belongs to.

Each request gets an id (the proxy's X-Request-ID when it sends a plausible one, else a new one),
which every log line written while answering it carries and the response returns in X-Request-ID.
Handled errors are logged with their traceback through the app's logger ("webapp"), to which
every module's logger (webapp.*) reports.
"""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler

HEADER = "X-Request-ID"
FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def init_app(app: Flask) -> None:
    """Format the app's log lines with time and request id, and give every request its id."""
    install_record_factory()
    default_handler.setFormatter(logging.Formatter(FORMAT))
    app.before_request(assign_request_id)
    app.after_request(return_request_id)


def install_record_factory() -> None:
    """Make every log record carry the id of the request being answered ('-' outside one), so
    any handler (the app's, gunicorn's, a test's) can write it."""
    current = logging.getLogRecordFactory()
    if getattr(current, "adds_request_id", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = current(*args, **kwargs)
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return record

    factory.adds_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def request_id() -> str:
    """The id of the request being answered."""
    return g.get("request_id", "-")


def assign_request_id() -> None:
    """Take the proxy's request id when it looks like one, else make one."""
    given = request.headers.get(HEADER, "")
    g.request_id = given if PLAUSIBLE_ID.fullmatch(given) else uuid.uuid4().hex


def return_request_id(response: Response) -> Response:
    """Tell the client (and the proxy's log) which id this answer was logged under."""
    response.headers[HEADER] = request_id()
    return response
