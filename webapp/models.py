"""Every ORM class of the app, typed with SQLAlchemy 2 annotations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    and_,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
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


class Brand(Base):
    """A brand of one owner. Its profile lives in its revisions; the newest one is current."""

    __tablename__ = "brands"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    # Number of the newest revision: the value a form was based on is compared with it.
    head_number: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    owner: Mapped[User] = relationship()

    @staticmethod
    def of_owner(owner_id: int) -> Select[tuple[Brand, BrandRevision]]:
        """Return a query for the owner's brands with their newest revisions, latest first."""
        return (select(Brand, BrandRevision)
                .join(BrandRevision, and_(BrandRevision.brand_id == Brand.id,
                                          BrandRevision.number == Brand.head_number))
                .where(Brand.owner_id == owner_id)
                .order_by(Brand.updated_at.desc(), Brand.id.desc()))

    @staticmethod
    def by_slug(slug: str, owner_id: int) -> Select[tuple[Brand]]:
        """Return a query for the brand with slug, only if owner_id owns it."""
        return select(Brand).where(Brand.slug == slug, Brand.owner_id == owner_id)

    def revision_query(self, number: int) -> Select[tuple[BrandRevision]]:
        """Return a query for this brand's revision with number."""
        return select(BrandRevision).where(BrandRevision.brand_id == self.id,
                                           BrandRevision.number == number)

    def history_query(self) -> Select[tuple[BrandRevision]]:
        """Return a query for every revision of this brand, newest first."""
        return (select(BrandRevision).where(BrandRevision.brand_id == self.id)
                .order_by(BrandRevision.number.desc()))

    def __repr__(self) -> str:
        return f"<Brand {self.id} {self.slug!r} r{self.head_number}>"


class BrandRevision(Base):
    """One immutable, full snapshot of a brand profile, numbered 1, 2, 3... per brand."""

    __tablename__ = "brand_revisions"
    __table_args__ = (UniqueConstraint("brand_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The author's name as it was, so history reads right after renames, deletions or imports.
    author_name: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(String(200), default="")
    restored_from: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"<BrandRevision brand={self.brand_id} #{self.number}>"
