"""Every ORM class of the app, typed with SQLAlchemy 2 annotations."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql import Select

from webapp.db import Base


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC (a callable default, evaluated per row)."""
    return datetime.now(UTC)


class User(Base):
    """An account: an IKM owner or a trainer (pendamping)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(8))
    # Bumped on logout and password change: cookies carrying an older value stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # Flask-Login protocol. The id it stores in cookies carries the session version.
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """Return the login token: the user id and the current session version."""
        return f"{self.id}:{self.session_version}"

    @staticmethod
    def by_email(email: str) -> Select[tuple[User]]:
        """Return a query for the account with this email, compared case-insensitively."""
        return select(User).where(func.lower(User.email) == normalise_email(email))

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r}>"


def normalise_email(email: str) -> str:
    """Return email trimmed and lower-cased, the form in which it is stored and compared."""
    return email.strip().lower()
