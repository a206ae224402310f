"""Every ORM class of the app, typed with SQLAlchemy 2 annotations."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
    and_,
    false,
    func,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql import Select

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model, with a constraint naming convention for migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


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
    # Where the owner reads the time: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura
    # (WIT); None means the app's default.
    timezone: Mapped[str | None] = mapped_column(String(40))
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


class StoryDraft(Base):
    """A brand's story wizard in progress: answers saved at every step, so nothing is lost.

    One per brand. Answers are keyed by question id, so switching template keeps the answers the
    templates share. Finishing the wizard appends a brand revision; the draft stays for later edits.
    """

    __tablename__ = "story_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"),
                                          unique=True)
    template_id: Mapped[str] = mapped_column(String(60))
    step: Mapped[int] = mapped_column(Integer, default=0)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    language: Mapped[str] = mapped_column(String(8), default="id")
    tone: Mapped[str] = mapped_column(String(8), default="anda")
    variant: Mapped[int] = mapped_column(Integer, default=0)
    # Pieces the owner edited by hand, per language: {"id": {piece id: text}, "en": {...}}.
    # Regeneration never overwrites them.
    edited: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<StoryDraft brand={self.brand_id} {self.template_id} step={self.step}>"


class Product(Base):
    """A product of a brand, with what every marketplace asks for."""

    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("brand_id", "create_token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    product_type: Mapped[str] = mapped_column(String(80), default="")  # kain, kemeja, tas...
    category: Mapped[str] = mapped_column(String(40), default="")  # a vocab category id
    technique: Mapped[str] = mapped_column(String(80), default="")  # vocab id or free text
    materials: Mapped[list[str]] = mapped_column(JSON, default=list)  # vocab ids or free text
    motif: Mapped[str] = mapped_column(String(80), default="")
    region: Mapped[str] = mapped_column(String(80), default="")
    colours: Mapped[list[str]] = mapped_column(JSON, default=list)
    sizes: Mapped[list[str]] = mapped_column(JSON, default=list)  # S..XXL
    length_cm: Mapped[float | None] = mapped_column()
    width_cm: Mapped[float | None] = mapped_column()
    height_cm: Mapped[float | None] = mapped_column()
    weight_g: Mapped[int | None] = mapped_column(Integer)  # the product itself
    # The parcel as it is shipped (a folded cloth in its bag), what couriers and sheets want.
    parcel_weight_g: Mapped[int | None] = mapped_column(Integer)
    parcel_length_cm: Mapped[float | None] = mapped_column()
    parcel_width_cm: Mapped[float | None] = mapped_column()
    parcel_height_cm: Mapped[float | None] = mapped_column()
    # The product's own page (a shop or marketplace listing), for the Meta catalogue feed.
    link: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # The channel's own category per channel id, as its template lists it: {"tokopedia": "1759"}.
    categories: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    price: Mapped[int | None] = mapped_column(Integer)  # whole rupiah
    stock: Mapped[int | None] = mapped_column(Integer)
    sku: Mapped[str] = mapped_column(String(60), default="")
    care_notes: Mapped[str] = mapped_column(String(2000), default="")
    made_to_order_days: Mapped[int | None] = mapped_column(Integer)
    # [{"colour": ..., "size": ..., "stock": ..., "price": ..., "sku": ...}]
    variants: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The token of the "new product" form that created it: a double-tapped save finds the
    # product it already made instead of making a second one.
    create_token: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    # The photos in use; a deleted photo waits in trashed_photos for 30 days (Pulihkan).
    photos: Mapped[list[Photo]] = relationship(
        primaryjoin="and_(Product.id == Photo.product_id, Photo.deleted_at.is_(None))",
        order_by="Photo.position", cascade="all, delete-orphan", back_populates="product")
    trashed_photos: Mapped[list[Photo]] = relationship(
        primaryjoin="and_(Product.id == Photo.product_id, Photo.deleted_at.is_not(None))",
        order_by="Photo.deleted_at.desc()", cascade="all, delete-orphan", viewonly=False,
        overlaps="photos,product")

    @staticmethod
    def of_brand(brand_id: int) -> Select[tuple[Product]]:
        """Return a query for the brand's products, newest first."""
        return (select(Product).where(Product.brand_id == brand_id)
                .order_by(Product.created_at.desc(), Product.id.desc()))

    def __repr__(self) -> str:
        return f"<Product {self.id} {self.name!r}>"


class Photo(Base):
    """A product photo: the private original (by content hash) and the owner's choices for it."""

    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(Integer)  # 0 is the main photo
    original: Mapped[str] = mapped_column(String(80))  # media name: <sha256>.<ext>
    size_bytes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # original's
    display_name: Mapped[str] = mapped_column(String(255), default="")  # shown, never a path
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    focus_x: Mapped[float] = mapped_column(default=0.5)
    focus_y: Mapped[float] = mapped_column(default=0.5)
    background: Mapped[str] = mapped_column(String(16), default="white")  # keep|white|brand|blur
    fix_light: Mapped[bool] = mapped_column(default=False)
    whiten_backdrop: Mapped[bool] = mapped_column(default=False)
    # Marketplace covers: True fills the frame, cropped around the focus ("isi penuh"),
    # instead of white bars.
    fill_frame: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The photo coach's measures (webapp/photos/coach.py), made at upload; None for older rows.
    measures: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Set when the owner deletes the photo: it leaves every list, page and pack, and can be
    # restored for 30 days; `media sweep` then removes the row and the file.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    product: Mapped[Product] = relationship(back_populates="photos")

    def __repr__(self) -> str:
        return f"<Photo {self.id} product={self.product_id} #{self.position}>"


class ListingCopy(Base):
    """Text the owner wrote or edited for one field of a product's listing on one channel.

    Generated copy is never stored: it is written again from the product and the brand. Only the
    owner's own edits are kept, and regeneration never overwrites them.
    """

    __tablename__ = "listing_copies"
    __table_args__ = (UniqueConstraint("product_id", "channel_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"),
                                            index=True)
    channel_id: Mapped[str] = mapped_column(String(40))
    field: Mapped[str] = mapped_column(String(40))  # title, description, hashtags, caption...
    text: Mapped[str] = mapped_column(String(20_000))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<ListingCopy product={self.product_id} {self.channel_id}.{self.field}>"


class ChannelTemplate(Base):
    """A seller centre's own bulk-upload template that an owner downloaded and gave us, one per
    brand and channel: packs fill it by its system keys instead of writing a helper sheet."""

    __tablename__ = "channel_templates"
    __table_args__ = (UniqueConstraint("brand_id", "channel_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    channel_id: Mapped[str] = mapped_column(String(40))
    stored: Mapped[str] = mapped_column(String(80))  # media name: <sha256>.xlsx
    file_name: Mapped[str] = mapped_column(String(255), default="")  # shown, never a path
    note: Mapped[str] = mapped_column(String(200), default="")  # the owner's note of its version
    # What the reader found (sheet, key row, first data row, columns, lists), for the pages.
    shape: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Couriers the brand ships with, by the template's key (Shopee: channel_id.8003...).
    couriers: Mapped[list[str]] = mapped_column(JSON, default=list)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @staticmethod
    def of_brand(brand_id: int) -> Select[tuple[ChannelTemplate]]:
        """Return a query for the brand's templates, by channel."""
        return (select(ChannelTemplate).where(ChannelTemplate.brand_id == brand_id)
                .order_by(ChannelTemplate.channel_id))

    def __repr__(self) -> str:
        return f"<ChannelTemplate brand={self.brand_id} {self.channel_id}>"


class PackJob(Base):
    """A listing pack being built (or built): what it is built from, its progress and result."""

    __tablename__ = "pack_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The brand revision the pack is built from: a pack can always be traced and rebuilt.
    revision_number: Mapped[int] = mapped_column(Integer)
    # {"products": [ids], "channels": [ids], "language": "id"|"en"}
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    # queued -> running -> done | failed; a done pack whose file was pruned becomes "expired".
    status: Mapped[str] = mapped_column(String(16), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(String(40), default="")  # a code the page translates
    result: Mapped[str | None] = mapped_column(String(80))  # media name of the ZIP
    result_bytes: Mapped[int | None] = mapped_column(Integer)
    # Per channel of a built pack: {"ready": bool, "blocked_products": [...],
    # "unfilled_columns": [...]}, as its manifest says, plus "folder": what the channel's folder
    # holds (the pack page's grid).
    readiness: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Who is building it: "<host>:<pid>", so a job whose process is gone can be retried at once.
    runner: Mapped[str | None] = mapped_column(String(120))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @staticmethod
    def of_brand(brand_id: int) -> Select[tuple[PackJob]]:
        """Return a query for the brand's packs, newest first."""
        return (select(PackJob).where(PackJob.brand_id == brand_id)
                .order_by(PackJob.created_at.desc(), PackJob.id.desc()))

    def __repr__(self) -> str:
        return f"<PackJob {self.id} brand={self.brand_id} {self.status} {self.done}/{self.total}>"


class Kelas(Base):
    """A class (kelas) of makers coached by one or more trainers (pendamping).

    Owners join with the short code and share brands of their own choosing (KelasShare); a
    trainer sees only brands shared with one of their classes, and only while they are shared.
    """

    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)  # what owners type to join
    name: Mapped[str] = mapped_column(String(120))
    organiser: Mapped[str] = mapped_column(String(120), default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    trainers: Mapped[list[KelasTrainer]] = relationship(
        back_populates="kelas", cascade="all, delete-orphan", order_by="KelasTrainer.id")

    def __repr__(self) -> str:
        return f"<Kelas {self.id} {self.code!r}>"


class KelasTrainer(Base):
    """A trainer of a class: the one who opened it ("lead") or a co-trainer they added."""

    __tablename__ = "class_trainers"
    __table_args__ = (UniqueConstraint("class_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"),
                                          index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(8), default="co")  # lead | co
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    kelas: Mapped[Kelas] = relationship(back_populates="trainers")
    user: Mapped[User] = relationship()


class KelasShare(Base):
    """A brand an owner shares with a class; ended_at set when the owner stops sharing (the
    row stays, so the owner's account page can tell when it was shared and ended)."""

    __tablename__ = "class_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"),
                                          index=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"),
                                          index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    show_contacts: Mapped[bool] = mapped_column(default=False, server_default=false())
    shared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    kelas: Mapped[Kelas] = relationship()
    brand: Mapped[Brand] = relationship()


class TrainerVisit(Base):
    """A trainer opened a shared brand: the owner's "Akses pendamping" list."""

    __tablename__ = "trainer_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"),
                                          index=True)
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    trainer_name: Mapped[str] = mapped_column(String(120))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id", ondelete="SET NULL"))
    class_name: Mapped[str] = mapped_column(String(120))
    page: Mapped[str] = mapped_column(String(40))  # what was opened: brand, story, products...
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class Comment(Base):
    """A trainer's comment (or suggested text) on a brand revision, a story piece or a
    product's listing text for a channel, and the owner's replies (parent_id).

    target: "revision:<number>", "piece:<language>:<piece>" or
    "listing:<product id>:<channel id>:<field>". status: open, done, accepted, declined.
    """

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"),
                                          index=True)
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(120))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"),
                                                  index=True)
    target: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(String(4000), default="")
    suggestion: Mapped[str | None] = mapped_column(String(20_000))  # new text, when suggested
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # by the owner


class ListingLight(Base):
    """A product's cached listing lights on its brand's chosen channels, and how many of its
    photos carry a warning, for the class page (webapp/classes/lights.py).

    fingerprint digests everything they were computed from (the product, its photos and edits,
    the brand's revision and templates, the rules); a row whose fingerprint differs from the
    product's current one is stale and never shown.
    """

    __tablename__ = "listing_lights"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"),
                                            primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(40))
    lights: Mapped[str] = mapped_column(String(400), default="")  # "shopee=green tokopedia=red"
    warned: Mapped[int] = mapped_column(Integer, default=0)  # photos with a warning
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<ListingLight product={self.product_id} {self.lights!r}>"
