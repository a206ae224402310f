"""Brand operations. Every save appends a revision; nothing an owner wrote is ever rewritten."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slugify import slugify
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.brands.profile import ProfileError, empty_profile, normalise_profile
from webapp.db import get_session, release, transaction
from webapp.domain import DomainError
from webapp.listings.channels import channel_ids
from webapp.media import MediaStore
from webapp.models import Brand, BrandRevision, User, utcnow
from webapp.photos.imaging import Preset, open_photo, render

EXPORT_FORMAT = "studio-cerita/brand"
EXPORT_VERSION = 1
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_REVISIONS = 5000
SLUG_MAX = 50
MAX_BRANDS_PER_OWNER = 50  # an IKM with a batik and a leather line has two; a trainer's demo few
NOTE_MAX = 200


class BrandError(DomainError):
    """A brand operation was refused."""

    domain = "brand"


class SaveConflict(BrandError):
    """The form was based on an older revision and differs from the newest one."""

    def __init__(self, head: BrandRevision, mine: dict[str, Any]) -> None:
        super().__init__("conflict", number=head.number)
        self.head = head
        self.mine = mine


@dataclass(frozen=True)
class SaveResult:
    """The outcome of a save: the current revision, and whether this save created it."""

    revision: BrandRevision
    created: bool


def create_brand(owner: User, profile: dict[str, Any], note: str = "",
                 slug: str | None = None) -> Brand:
    """Create a brand whose revision 1 is profile (slug: a fixed one, else from the name)."""
    profile = normalise_profile({**empty_profile(), **profile})
    for attempt in range(1 if slug else 3):
        try:
            with transaction() as session:
                session.add(owner)
                check_room(session, owner)
                brand = Brand(owner_id=owner.id,
                              slug=slug or unique_slug(profile["name"], attempt))
                session.add(brand)
                session.flush()
                append_revision(brand, owner, profile, note)
            return brand
        except IntegrityError:  # another brand took the slug in between: try the next one
            continue
    raise BrandError("slug_taken")


def check_room(session: Session, owner: User) -> None:
    """Refuse a new brand when the owner already has as many as one account may."""
    count = session.scalar(select(func.count(Brand.id)).where(Brand.owner_id == owner.id))
    if count >= MAX_BRANDS_PER_OWNER:
        raise BrandError("too_many_brands", limit=MAX_BRANDS_PER_OWNER)


def unique_slug(name: str, attempt: int = 0) -> str:
    """Return a URL slug for name that no brand uses yet."""
    base = slugify(name, max_length=SLUG_MAX, word_boundary=True) or "merek"
    taken = set(get_session().scalars(
        select(Brand.slug).where(Brand.slug.like(f"{base}%"))))
    number = 1 + attempt
    candidate = base if number == 1 else f"{base}-{number}"
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def append_revision(brand: Brand, author: User | None, profile: dict[str, Any], note: str,
                    restored_from: int | None = None, author_name: str | None = None,
                    created_at: datetime | None = None) -> BrandRevision:
    """Add the next revision of brand inside the caller's transaction."""
    brand.head_number += 1
    brand.updated_at = utcnow()
    revision = BrandRevision(
        brand_id=brand.id, number=brand.head_number, profile=profile,
        author_id=author.id if author else None,
        author_name=(author_name or (author.name if author else ""))[:120],
        note=note.strip()[:NOTE_MAX], restored_from=restored_from,
        created_at=created_at or utcnow(),
    )
    get_session().add(revision)
    return revision


def lock_brand(brand_id: int) -> Brand:
    """Load brand_id fresh, locking its row until commit (PostgreSQL; SQLite locks per write)."""
    query = select(Brand).where(Brand.id == brand_id).with_for_update()
    return get_session().scalars(query.execution_options(populate_existing=True)).one()


def head_revision(brand: Brand) -> BrandRevision:
    """Return the newest revision of brand."""
    return get_session().scalars(brand.revision_query(brand.head_number)).one()


def channel_split(brand: Brand) -> tuple[list[str], list[str]]:
    """The brand's chosen channel ids and the other channels' ids, both in channels.toml order.

    Pages show the chosen ones and put the rest under "Kanal lain"; a brand that chose none
    sees every channel as its own.
    """
    known = channel_ids()
    chosen = set(head_revision(brand).profile.get("channels") or ())
    mine = [channel_id for channel_id in known if channel_id in chosen]
    if not mine:
        return list(known), []
    return mine, [channel_id for channel_id in known if channel_id not in chosen]


def save_profile(brand: Brand, author: User, changes: dict[str, Any], base_number: int,
                 note: str = "") -> SaveResult:
    """Apply changes on top of the newest revision and append it, unless it changes nothing.

    A form based on an older revision is accepted only when it matches the newest revision (a
    double-tapped save or a network retry); otherwise SaveConflict carries both versions.
    """
    with transaction():
        brand = lock_brand(brand.id)
        head = head_revision(brand)
        mine = normalise_profile({**head.profile, **changes})
        if mine == normalise_profile(head.profile):
            return SaveResult(head, created=False)
        if base_number != brand.head_number:
            get_session().expunge(head)  # keep it readable after the rollback
            raise SaveConflict(head, mine)
        revision = append_revision(brand, author, mine, note)
    return SaveResult(revision, created=True)


LOGO_PRESET = Preset(name="logo", width=512, height=512, fit="contain", background="keep",
                     format="PNG", max_bytes=1_000_000)
LOGO_MAX_BYTES = 10 * 1024 * 1024


def store_logo(data: bytes, media: MediaStore) -> str:
    """Decode an uploaded logo safely, re-encode it as a clean PNG and store it; return its name.

    Raises imaging.PhotoError with a code when the file is not a usable image. Decoding holds
    no database transaction (no lock that other owners would wait for).
    """
    release()
    rendition = render(open_photo(data, max_bytes=LOGO_MAX_BYTES), LOGO_PRESET)
    return media.save("logos", rendition.data, rendition.extension)


def set_logo(brand: Brand, author: User, logo: str | None, base_number: int) -> SaveResult:
    """Save a new logo (or none) as a new revision of the profile."""
    return save_profile(brand, author, {"logo": logo}, base_number)


def replace_logo(brand: Brand, author: User, data: bytes, media: MediaStore) -> SaveResult:
    """Store an uploaded logo and save it as the newest revision; a logo never clashes with
    text, so it goes on top of whatever revision is newest. Raises PhotoError for a file that
    is not a usable image."""
    name = store_logo(data, media)
    try:
        return set_logo(brand, author, name, brand.head_number)
    except SaveConflict as conflict:  # a text edit landed meanwhile: the logo goes on top
        return set_logo(brand, author, name, conflict.head.number)


def logo_path(brand: Brand, name: str, media: MediaStore):
    """The file of a logo that one of brand's revisions uses; None for any other name."""
    used = get_session().scalar(select(BrandRevision.id).where(
        BrandRevision.brand_id == brand.id,
        BrandRevision.profile["logo"].as_string() == name).limit(1))
    if used is None or not media.exists("logos", name):
        return None
    return media.path("logos", name)


def restore_revision(brand: Brand, author: User, number: int) -> SaveResult:
    """Append a copy of revision number as the newest revision; history is never rewritten."""
    with transaction() as session:
        brand = lock_brand(brand.id)
        old = session.scalars(brand.revision_query(number)).one_or_none()
        if old is None:
            raise BrandError("no_revision", number=number)
        head = head_revision(brand)
        if normalise_profile(old.profile) == normalise_profile(head.profile):
            return SaveResult(head, created=False)
        revision = append_revision(brand, author, normalise_profile(old.profile), note="",
                                   restored_from=number)
    return SaveResult(revision, created=True)


def export_brand(brand: Brand) -> dict[str, Any]:
    """Return brand with all its revisions as a versioned, JSON-ready document."""
    revisions = get_session().scalars(brand.history_query()).all()
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": utcnow().isoformat(),
        "brand": {"slug": brand.slug, "created_at": as_utc(brand.created_at).isoformat()},
        "revisions": [
            {
                "number": revision.number,
                "created_at": as_utc(revision.created_at).isoformat(),
                "author": revision.author_name,
                "note": revision.note,
                "restored_from": revision.restored_from,
                "profile": revision.profile,
            }
            for revision in reversed(revisions)
        ],
    }


def as_utc(moment: datetime) -> datetime:
    """Return moment as an aware UTC datetime (SQLite hands back naive values)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_brand_file(data: bytes) -> dict[str, Any]:
    """Parse and check an export file; raise BrandError with a plain reason when it is not one."""
    if len(data) > IMPORT_MAX_BYTES:
        raise BrandError("import_too_large", max_bytes=IMPORT_MAX_BYTES)
    if not data.strip():
        raise BrandError("import_empty")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BrandError("import_not_json") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise BrandError("import_wrong_format")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BrandError("import_wrong_format")
    if version > EXPORT_VERSION:
        raise BrandError("import_newer_version", version=version)
    revisions = document.get("revisions")
    if not isinstance(revisions, list) or not revisions:
        raise BrandError("import_no_revisions")
    if len(revisions) > IMPORT_MAX_REVISIONS:
        raise BrandError("import_too_many", limit=IMPORT_MAX_REVISIONS)
    checked = [check_revision(entry, position) for position, entry in
               enumerate(revisions, start=1)]
    if not checked[-1]["profile"]["name"]:
        raise BrandError("import_bad_revision", number=len(checked), field="name")
    return {"revisions": checked}


def check_revision(entry: Any, position: int) -> dict[str, Any]:
    """Check one revision of an export file and return it in canonical form."""
    if not isinstance(entry, dict) or entry.get("number") != position:
        raise BrandError("import_bad_numbering", number=position)
    if not isinstance(entry.get("profile"), dict):
        raise BrandError("import_bad_revision", number=position, field="profile")
    try:
        profile = normalise_profile(entry["profile"])
    except ProfileError as error:
        raise BrandError("import_bad_revision", number=position, field=error.field) from None
    created_at = parse_moment(entry.get("created_at"), position)
    author, note = entry.get("author", ""), entry.get("note", "")
    if not isinstance(author, str) or not isinstance(note, str):
        raise BrandError("import_bad_revision", number=position, field="author")
    restored = entry.get("restored_from")
    if restored is not None and not (isinstance(restored, int) and 0 < restored < position):
        raise BrandError("import_bad_revision", number=position, field="restored_from")
    return {"profile": profile, "created_at": created_at, "author": author[:120],
            "note": note[:NOTE_MAX], "restored_from": restored}


def parse_moment(value: Any, position: int) -> datetime:
    """Parse an ISO 8601 timestamp from an export file."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise BrandError("import_bad_revision", number=position, field="created_at") from None
    return as_utc(moment)


def import_brand(owner: User, document: dict[str, Any]) -> Brand:
    """Create a new brand of owner from a checked export document, keeping every revision."""
    revisions = document["revisions"]
    for attempt in range(3):
        try:
            with transaction() as session:
                session.add(owner)
                check_room(session, owner)
                brand = Brand(owner_id=owner.id,
                              slug=unique_slug(revisions[-1]["profile"]["name"], attempt),
                              created_at=revisions[0]["created_at"])
                session.add(brand)
                session.flush()
                for entry in revisions:
                    append_revision(brand, owner, entry["profile"], entry["note"],
                                    restored_from=entry["restored_from"],
                                    author_name=entry["author"] or owner.name,
                                    created_at=entry["created_at"])
            return brand
        except IntegrityError:
            continue
    raise BrandError("slug_taken")
