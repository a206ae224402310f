"""Commands: demo data for newcomers and migrations."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from webapp.db import get_session
from webapp.models import User


def demo_credentials(output: str) -> tuple[str, str]:
    email = re.search(r"email:\s+(\S+)", output).group(1)
    password = re.search(r"password:\s+(\S+)", output).group(1)
    return email, password


def test_demo_load_creates_an_owner_that_can_log_in(app, runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    email, password = demo_credentials(result.output)
    assert len(password) >= 12
    response = client.post("/login", data={"email": email, "password": password})
    assert response.headers["Location"] == "/dashboard"


def test_demo_load_refreshes_without_duplicating(app, runner):
    first = demo_credentials(runner.invoke(args=["demo", "load"]).output)
    second = demo_credentials(runner.invoke(args=["demo", "load"]).output)
    assert first[0] == second[0]
    assert first[1] != second[1]  # a new password each time: no default credentials
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(User)) == 1
    client = app.test_client()
    assert client.post("/login", data={"email": first[0], "password": first[1]}).status_code == 200
    assert client.post("/login", data={"email": second[0],
                                       "password": second[1]}).status_code == 302


def test_db_current_reports_the_revision(runner):
    runner.invoke(args=["db", "upgrade"])
    result = runner.invoke(args=["db", "current"])
    assert result.exit_code == 0
