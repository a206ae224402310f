"""Photo operations: upload many at once, reorder, choose the main one, set options, delete."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from webapp.db import get_session, release, transaction
from webapp.media import MediaStore
from webapp.models import Brand, Photo, Product, utcnow
from webapp.photos import coach, imaging, renditions

MAX_PHOTOS = 10
BACKGROUNDS = ("keep", "white", "brand", "blur")
FORMAT_EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}
# Only a small decode is needed to accept a photo (and for the coach to measure it);
# renditions decode again at their own size.
CHECK_PRESET = imaging.Preset(name="check", width=coach.ANALYSIS_SIDE,
                              height=coach.ANALYSIS_SIDE)
TRASH_DAYS = 30  # a deleted photo can be restored this long; `media sweep` then removes it


@dataclass(frozen=True)
class UploadResult:
    """What happened to one uploaded file: its display name and a refusal, if any."""

    filename: str
    error: imaging.PhotoError | None = None
    photo_id: int | None = None


def display_name(filename: str | None) -> str:
    """The uploaded file's name as display text only: no control characters, at most 120."""
    name = "".join(ch for ch in (filename or "") if ch.isprintable()).strip()
    return name[:120]


@dataclass(frozen=True)
class Checked:
    """An uploaded file that decoded: what the row needs, without the decoded pixels."""

    name: str
    data: bytes
    width: int
    height: int
    format: str
    sha256: str  # of data, from the decoder: the media store names the original by it
    measures: dict[str, Any] = field(default_factory=dict)  # the photo coach's

    @property
    def stored_name(self) -> str:
        """The name the media store gives these bytes."""
        return f"{self.sha256}.{FORMAT_EXTENSIONS[self.format]}"


def storage_used(owner_id: int) -> int:
    """Bytes of photo originals across the owner's brands (an original shared by several
    products, after "duplicate", counts once)."""
    stored = (select(Photo.original, Photo.size_bytes).distinct()
              .join(Product, Photo.product_id == Product.id)
              .join(Brand, Product.brand_id == Brand.id)
              .where(Brand.owner_id == owner_id).subquery())
    return get_session().scalar(select(func.coalesce(func.sum(stored.c.size_bytes), 0))) or 0


def add_photos(product: Product, files: list[tuple[str, bytes]],
               store: MediaStore, quota: int = 0) -> list[UploadResult]:
    """Check each file on its own and keep the good ones; a bad file never stops the others.

    Decoding holds no database lock (other owners keep saving meanwhile) and keeps only each
    photo's size and format, never its pixels. The room left is counted again when saving, so
    two uploads at once never pass the limit. With a quota (bytes), the owner's photos across all
    their brands stay within it: a file that would pass it is refused with the reason.
    """
    room = MAX_PHOTOS - len(product.photos)
    release()
    checked, results = check_files(files, room)
    with transaction() as session:
        session.add(product)
        session.expire(product, ["photos"])
        fitting = new_and_fitting(product, checked, results)
        if quota:
            owner_id = session.get(Brand, product.brand_id).owner_id
            fitting = within_quota(fitting, storage_used(owner_id), quota, results)
        # Files first, then the rows that point at them: no row ever names a missing file.
        stored = [(item, store.save("photos", item.data, FORMAT_EXTENSIONS[item.format]))
                  for item in fitting]
        position = len(product.photos)
        for item, original in stored:
            row = Photo(original=original, display_name=item.name, width=item.width,
                        height=item.height, position=position, size_bytes=len(item.data),
                        measures=item.measures or None)
            product.photos.append(row)
            position += 1
            session.flush()
            results.append(UploadResult(item.name, None, row.id))
    return results


def check_files(files: list[tuple[str, bytes]],
                room: int) -> tuple[list[Checked], list[UploadResult]]:
    """Decode each file (outside any transaction); return those that fit in room, and the
    refusals: files that are not usable photos, and good ones past the room left."""
    results: list[UploadResult] = []
    checked: list[Checked] = []
    for filename, data in files:
        name = display_name(filename)
        try:
            photo = imaging.open_photo(data, presets=[CHECK_PRESET])
        except imaging.PhotoError as error:
            results.append(UploadResult(name, error))
            continue
        if len(checked) >= room:
            results.append(too_many(name))
            continue
        checked.append(Checked(name, data, photo.width, photo.height, photo.format,
                               photo.sha256, coach.measure(photo.image).as_dict()))
        del photo
    return checked, results


def new_and_fitting(product: Product, checked: list[Checked],
                    results: list[UploadResult]) -> list[Checked]:
    """The checked files the product does not hold yet and has room for, counted now; the
    others are refused into results."""
    # The same file twice (a double-tapped upload, or picked twice) is kept once.
    seen = {photo.original for photo in product.photos}
    fresh = []
    for item in checked:
        if item.stored_name in seen:
            results.append(UploadResult(item.name, imaging.PhotoError("already_there")))
        else:
            seen.add(item.stored_name)
            fresh.append(item)
    fitting = fresh[:max(0, MAX_PHOTOS - len(product.photos))]
    results.extend(too_many(item.name) for item in fresh[len(fitting):])
    return fitting


def within_quota(items: list[Checked], used: int, quota: int,
                 results: list[UploadResult]) -> list[Checked]:
    """The items that fit in the quota after used bytes, in order; the others are refused."""
    kept = []
    for item in items:
        if used + len(item.data) > quota:
            results.append(UploadResult(item.name, imaging.PhotoError("over_quota", quota=quota)))
            continue
        used += len(item.data)
        kept.append(item)
    return kept


def too_many(name: str) -> UploadResult:
    """A file refused because the product already holds as many photos as it may."""
    return UploadResult(name, imaging.PhotoError("too_many_photos", limit=MAX_PHOTOS))


def renumber(product: Product, ordered: list[Photo]) -> None:
    """Give photos positions 0, 1, 2... in the given order."""
    for position, photo in enumerate(ordered):
        photo.position = position


def make_main(product: Product, photo: Photo) -> None:
    """Put photo first: the main image every channel shows in search results."""
    with transaction() as session:
        session.add(product)
        ordered = sorted(product.photos, key=lambda p: p.position)
        ordered.remove(photo)
        renumber(product, [photo, *ordered])


def move_photo(product: Product, photo: Photo, step: int) -> None:
    """Move photo one place earlier (step -1) or later (step 1)."""
    with transaction() as session:
        session.add(product)
        ordered = sorted(product.photos, key=lambda p: p.position)
        index = ordered.index(photo)
        target = min(max(index + step, 0), len(ordered) - 1)
        ordered.insert(target, ordered.pop(index))
        renumber(product, ordered)


def rendition_file(brand: Brand, photo: Photo, preset: imaging.Preset,
                   store: MediaStore) -> tuple[Path, str]:
    """The file of photo's rendition for preset with the brand's look (its colour for a "brand"
    background, its logo watermark), made once when its inputs change and cached by them."""
    from webapp.brands.service import head_revision

    profile = head_revision(brand).profile
    colours = profile.get("colours") or []
    watermark = renditions.brand_watermark(profile, store)
    name, _made = renditions.rendition(store, photo, preset, colours[0] if colours else None,
                                       watermark)
    return store.path("renditions", name), name


def set_options(photo: Photo, *, focus: tuple[float, float] | None = None,
                background: str | None = None, fix_light: bool | None = None,
                whiten_backdrop: bool | None = None, fill_frame: bool | None = None) -> None:
    """Save the owner's choices for one photo."""
    with transaction() as session:
        session.add(photo)
        if focus is not None:
            photo.focus_x = min(max(focus[0], 0.0), 1.0)
            photo.focus_y = min(max(focus[1], 0.0), 1.0)
        if background in BACKGROUNDS:
            photo.background = background
        if fix_light is not None:
            photo.fix_light = fix_light
        if whiten_backdrop is not None:
            photo.whiten_backdrop = whiten_backdrop
        if fill_frame is not None:
            photo.fill_frame = fill_frame


def delete_photo(product: Product, photo: Photo) -> None:
    """Move a photo to the trash (restorable for TRASH_DAYS); the rest keep their order.

    The row and the original stay: the photo only leaves every list, page and pack. It keeps
    its old position, as where to put it back."""
    with transaction() as session:
        session.add(product)
        rest = [p for p in sorted(product.photos, key=lambda p: p.position) if p is not photo]
        photo.deleted_at = utcnow()
        renumber(product, rest)
        session.flush()
        session.expire(product, ["photos", "trashed_photos"])


def trash(product: Product) -> list[Photo]:
    """The product's deleted photos that can still be restored, newest first."""
    since = utcnow() - timedelta(days=TRASH_DAYS)
    return [photo for photo in product.trashed_photos if aware(photo.deleted_at) > since]


def restore_photo(product: Product, photo: Photo) -> None:
    """Put a deleted photo back where it was (or last), unless the product is full."""
    with transaction() as session:
        session.add(product)
        ordered = sorted(product.photos, key=lambda p: p.position)
        if len(ordered) >= MAX_PHOTOS:
            raise imaging.PhotoError("too_many_photos", limit=MAX_PHOTOS)
        ordered.insert(min(photo.position, len(ordered)), photo)
        photo.deleted_at = None
        renumber(product, ordered)
        session.flush()
        session.expire(product, ["photos", "trashed_photos"])


def erase_photo(product: Product, photo: Photo) -> None:
    """Remove a deleted photo for good, at once; `media sweep` frees its file."""
    with transaction() as session:
        session.add(product)
        session.delete(photo)
        session.flush()
        session.expire(product, ["trashed_photos"])


def purge_trash(apply: bool = False) -> list[Photo]:
    """The photos deleted more than TRASH_DAYS ago; with apply, removed for good (their files
    are then unreferenced, for `media sweep` to delete)."""
    before = utcnow() - timedelta(days=TRASH_DAYS)
    with transaction() as session:
        expired = list(session.scalars(select(Photo).where(Photo.deleted_at.is_not(None),
                                                           Photo.deleted_at < before)))
        if apply:
            for photo in expired:
                session.delete(photo)
    return expired


def aware(moment: datetime) -> datetime:
    """A stored time as UTC-aware (SQLite gives it back naive)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def linked_rendition(photo_id: int, channel_id: str, store: MediaStore):
    """The file and type of a photo as prepared for a channel, for its public link: the preset
    of its current slot and the brand's current look; None when the photo or channel is gone."""
    from webapp.listings.channels import UnknownChannelError, get_channel

    photo = get_session().get(Photo, photo_id)
    try:
        channel = get_channel(channel_id)
    except UnknownChannelError:
        return None
    if photo is None or photo.deleted_at is not None:
        return None
    brand = get_session().get(Brand, photo.product.brand_id)
    preset = renditions.preset_for_slot(channel, photo.position + 1)
    path, _name = rendition_file(brand, photo, preset, store)
    return path, "image/png" if preset.format == "PNG" else "image/jpeg"
