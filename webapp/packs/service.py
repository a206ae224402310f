"""Pack jobs: start, follow, retry. The building itself runs in the background (jobs.py).

One job is built by one runner at a time: a runner claims a queued job before it builds, and a
retry re-queues a job only if nobody re-queued it meanwhile, however often it is pressed. A job
whose runner process is gone (killed worker, restarted server on this machine) reads as
interrupted at once and can be retried; its half-written ZIP is deleted.
"""

from __future__ import annotations

import os
import re
import socket
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from webapp import jobs
from webapp.db import get_session, transaction
from webapp.domain import DomainError
from webapp.listings.channels import load_channels
from webapp.media import MediaStore
from webapp.models import Brand, PackJob, Photo, Product, User, utcnow

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
            "language": language if language in LANGUAGES else "id", "public_links": False,
            "prints": False}


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
            "public_links": bool(options.get("public_links")),
            "prints": bool(options.get("prints"))}


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


def retry_pack(job: PackJob, store: MediaStore) -> PackJob:
    """Queue a failed, interrupted or expired job again, from the same revision and options.

    Only the press that finds the job as it was re-queues it (a compare-and-set on its state),
    so a retry pressed twice builds the pack once. The leftovers of the interrupted run go.
    """
    if not (job.status in ("failed", "expired") or is_stale(job)):
        return job
    seen = [PackJob.status == job.status, same(PackJob.runner, job.runner),
            same(PackJob.heartbeat_at, job.heartbeat_at)]
    with transaction() as session:
        claimed = session.execute(update(PackJob).where(PackJob.id == job.id, *seen).values(
            status="queued", done=0, error="", heartbeat_at=utcnow(), finished_at=None,
            runner=None)).rowcount
    if claimed:
        remove_leftovers(job.id, store)
        jobs.submit(TASK, job.id)
    return get_session().get(PackJob, job.id, populate_existing=True)


def same(column, value):
    """A condition that column still holds value (NULL included)."""
    return column.is_(None) if value is None else column == value


def runner_name() -> str:
    """This process as a runner: '<host>:<pid>'."""
    return f"{socket.gethostname()}:{os.getpid()}"


def runner_gone(runner: str | None) -> bool:
    """True when runner is a process of this machine that no longer exists (a killed worker, a
    restarted server). A runner on another machine is judged by its heartbeat alone."""
    host, _, pid = (runner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isascii() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


def claim(job_id: int) -> bool:
    """Make this process the job's runner if the job is queued; False when another runner has
    it or it is finished."""
    with transaction() as session:
        return bool(session.execute(update(PackJob).where(
            PackJob.id == job_id, PackJob.status == "queued").values(
            status="running", runner=runner_name(), done=0, heartbeat_at=utcnow())).rowcount)


def remove_leftovers(job_id: int, store: MediaStore) -> None:
    """Delete the temporary files an earlier run of job_id left behind."""
    for path in store.leftovers("packs", f"pack{job_id}"):
        path.unlink(missing_ok=True)


LEFTOVER = re.compile(r"\.tmp-pack(\d+)-")


def remove_dead_leftovers(store: MediaStore) -> None:
    """Delete the temporary ZIPs of jobs that are not being built any more (their runner is
    gone or silent, or the job ended)."""
    for path in store.leftovers("packs", "pack*"):
        match = LEFTOVER.match(path.name)
        job = get_session().get(PackJob, int(match[1])) if match else None
        if job is None or job.status not in ("queued", "running") or is_stale(job):
            path.unlink(missing_ok=True)


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
    """True when a queued or running job has shown no sign of life for too long, or its runner
    process is gone."""
    if job.status not in ("queued", "running"):
        return False
    if job.status == "running" and runner_gone(job.runner):
        return True
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


def pack_folders(brand: Brand, job: PackJob) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What each channel folder of a built pack holds, as its page draws it: the brand's
    channels, and the other channels of the pack apart (both in the pack's order).

    Each photo names the photo it was rendered from, for its thumbnail, while that photo still
    exists in the brand; a pack built before folders were recorded has none to show."""
    from webapp.brands.service import channel_split

    states = job.readiness if job.status == "done" and isinstance(job.readiness, dict) else {}
    order = [c for c in job.options.get("channels", []) if isinstance(states.get(c), dict)
             and states[c].get("folder")]
    if not order:
        return [], []
    wanted = {photo for channel_id in order for product in states[channel_id]["folder"]
              .get("products", []) for _name, photo in product.get("photos", [])
              if isinstance(photo, int)}
    owners = dict(get_session().execute(
        select(Photo.id, Photo.product_id).join(Product).where(
            Photo.id.in_(wanted), Product.brand_id == brand.id)).all()) if wanted else {}
    views = [folder_view(channel_id, states[channel_id], owners) for channel_id in order]
    chosen, _others = channel_split(brand)
    return ([view for view in views if view["id"] in chosen],
            [view for view in views if view["id"] not in chosen])


def folder_view(channel_id: str, state: dict[str, Any], owners: dict[int, int]) -> dict[str, Any]:
    """One channel folder for the page: its files with their lights, and its product folders
    with photo thumbnails (product and photo ids, or None for a photo deleted since)."""
    folder = state["folder"]
    sheet = state.get("sheet", "")
    light = ("red" if state.get("unfilled_columns") else "amber" if sheet == "helper"
             else "green" if state.get("ready") else "red")
    files = [{"name": name, "light": light if name.endswith(".xlsx") else ""}
             for name in folder.get("files", [])]
    products = [{"folder": product["folder"], "name": product["name"],
                 "light": "green" if product.get("ready") else "red",
                 "photos": [{"name": name, "product_id": owners.get(photo), "photo_id": photo}
                            for name, photo in product.get("photos", [])],
                 "files": product.get("files", [])}
                for product in folder.get("products", [])]
    return {"id": channel_id, "ready": bool(state.get("ready")), "sheet": sheet, "files": files,
            "unfilled": state.get("unfilled_columns", []), "products": products}
