"""Pack jobs: start, follow, retry. The building itself runs in the background (tasks.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from webapp import jobs
from webapp.db import get_session, transaction
from webapp.domain import DomainError
from webapp.listings.channels import load_channels
from webapp.media import MediaStore
from webapp.models import Brand, PackJob, Product, User, utcnow

TASK = "webapp.packs.jobs:build_pack_job"
LANGUAGES = ("id", "en")
# A running job writes a heartbeat at every photo; one silent this long was interrupted.
STALE_AFTER = timedelta(minutes=3)
MAX_ACTIVE_PER_BRAND = 1


class PackError(DomainError):
    """A pack could not be started, or why a job failed (interrupted, photo_missing...)."""

    domain = "pack"


def default_options(brand: Brand, profile: dict[str, Any], language: str) -> dict[str, Any]:
    """All products, the channels the brand sells on (all when none is chosen), the language."""
    products = list(get_session().scalars(select(Product.id).where(Product.brand_id == brand.id)
                                          .order_by(Product.id)))
    known = [channel.id for channel in load_channels()]
    chosen = [c for c in profile.get("channels") or [] if c in known]
    return {"products": products, "channels": chosen or known,
            "language": language if language in LANGUAGES else "id", "public_links": False}


def check_options(brand: Brand, options: dict[str, Any]) -> dict[str, Any]:
    """Keep only this brand's products and known channels, in a stable order."""
    owned = set(get_session().scalars(select(Product.id).where(Product.brand_id == brand.id)))
    products = sorted({p for p in options.get("products", []) if p in owned})
    known = [channel.id for channel in load_channels()]
    channels = [c for c in known if c in set(options.get("channels", []))]
    if not products:
        raise PackError("no_products")
    if not channels:
        raise PackError("no_channels")
    language = options.get("language") if options.get("language") in LANGUAGES else "id"
    return {"products": products, "channels": channels, "language": language,
            "public_links": bool(options.get("public_links"))}


def start_pack(brand: Brand, owner: User, options: dict[str, Any]) -> PackJob:
    """Record a new pack job from the brand's newest revision and hand it to the job runner."""
    options = check_options(brand, options)
    with transaction() as session:
        active = [job for job in session.scalars(PackJob.of_brand(brand.id))
                  if job.status in ("queued", "running") and not is_stale(job)]
        if len(active) >= MAX_ACTIVE_PER_BRAND:
            raise PackError("already_building", job_id=active[0].id)
        job = PackJob(brand_id=brand.id, owner_id=owner.id, revision_number=brand.head_number,
                      options=options, status="queued")
        session.add(job)
    jobs.submit(TASK, job.id)
    return job


def retry_pack(job: PackJob) -> PackJob:
    """Queue a failed, interrupted or expired job again, from the same revision and options."""
    if not (job.status in ("failed", "expired") or is_stale(job)):
        return job
    with transaction() as session:
        session.execute(update(PackJob).where(PackJob.id == job.id).values(
            status="queued", done=0, error="", heartbeat_at=None, finished_at=None))
    jobs.submit(TASK, job.id)
    get_session().refresh(job)
    return job


def prune_packs(brand_id: int, keep: int, store: MediaStore) -> None:
    """Keep the files of the brand's newest `keep` finished packs; older ones become "expired"
    (their record stays, and building again from the same revision gives the same ZIP)."""
    with transaction() as session:
        done = session.scalars(select(PackJob).where(PackJob.brand_id == brand_id,
                                                     PackJob.status == "done")
                               .order_by(PackJob.finished_at.desc(), PackJob.id.desc())).all()
        old = done[keep:]
        names = {job.result for job in old if job.result}
        for job in old:
            job.status, job.result, job.result_bytes = "expired", None, None
    # Identical packs share one file: delete it only when no kept pack still points at it.
    still_used = set(get_session().scalars(select(PackJob.result).where(
        PackJob.result.in_(names)))) if names else set()
    for name in names - still_used:
        if store.exists("packs", name):
            store.path("packs", name).unlink(missing_ok=True)


def as_utc(moment: datetime | None) -> datetime | None:
    """An aware UTC datetime (SQLite returns naive ones)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def is_stale(job: PackJob, now: datetime | None = None) -> bool:
    """True when a queued or running job has shown no sign of life for too long."""
    if job.status not in ("queued", "running"):
        return False
    last = as_utc(job.heartbeat_at) or as_utc(job.created_at)
    return (now or utcnow()) - last > STALE_AFTER


def public_status(job: PackJob) -> str:
    """The status a page shows: an interrupted job reads as failed (and can be retried)."""
    return "failed" if is_stale(job) else job.status


def status_error(job: PackJob) -> str:
    """The error code a page shows."""
    return "interrupted" if is_stale(job) else job.error


def job_problem(job: PackJob) -> PackError:
    """Why a job failed, as a refusal the page words (failed when the reason is unknown)."""
    return PackError(status_error(job) or "failed")


def pack_file(job: PackJob, store: MediaStore):
    """The finished ZIP of job, or None when it is not (or no longer) there."""
    if job.status != "done" or not job.result or not store.exists("packs", job.result):
        return None
    return store.path("packs", job.result)


def download_name(brand_name: str, slug: str, day) -> str:
    """The Content-Disposition header of a pack's download, safe whatever the brand is called."""
    from webapp.packs.builder import content_disposition

    return content_disposition(brand_name, slug, day)
