"""Listing packs: start, progress, download, failure and retry, the RQ path, and the CLI."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tests import images
from tests.conftest import TEST_REDIS_URL
from tests.factories import DEFAULT_PASSWORD, create_brand, create_user
from webapp import jobs
from webapp.db import get_session, transaction
from webapp.jobs import QUEUE_NAME
from webapp.media import MediaStore
from webapp.models import Brand, PackJob, Photo, Product
from webapp.packs import service
from webapp.photos.service import add_photos
from webapp.products.service import create_product

BRAND = "/brands/batik-sekar-lasem"
#: A Redis URL where nothing listens (port 1 is reserved and closed).
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def make_products(app, owner, count=2, photos=2):
    """A brand with products and photos, built directly."""
    with app.app_context():
        brand = create_brand(owner, channels=["shopee", "instagram"])
        store = MediaStore(app.config["MEDIA_ROOT"])
        for number in range(count):
            product = create_product(brand, {"name": f"Kain Lasem {number + 1}", "price": 150000,
                                             "weight_g": 300, "technique": "batik_tulis"})
            add_photos(product, [(f"f{n}.jpg", images.photo_jpeg(700, 700, seed=number * 10 + n))
                                 for n in range(photos)], store)


@pytest.fixture
def app(app_factory):
    """Jobs run inline: the request returns after the pack is built."""
    return app_factory(JOBS_MODE="inline")


@pytest.fixture
def owner_client(app, client, auth):
    owner = auth.create()
    make_products(app, owner)
    auth.login()
    return client


def only_job(app) -> PackJob:
    with app.app_context():
        job = get_session().scalar(select(PackJob))
        get_session().expunge(job)
        return job


def test_defaults_are_all_products_and_the_brands_channels(owner_client):
    import re

    page = owner_client.get(BRAND + "/packs/").get_data(as_text=True)
    checked = {re.search(r'value="([^"]+)"', tag).group(1)
               for tag in re.findall(r"<input[^>]*\bchecked\b[^>]*>", page)}
    assert checked >= {"1", "2", "shopee", "instagram", "id"}
    assert "etsy" not in checked


def test_build_progress_and_download(app, owner_client):
    response = owner_client.post(BRAND + "/packs/", data={
        "products": ["1", "2"], "channels": ["shopee", "instagram"], "language": "id"})
    job = only_job(app)
    assert response.headers["Location"] == f"{BRAND}/packs/{job.id}"
    assert job.status == "done" and job.done == job.total == 2 * 2 * 2
    assert job.revision_number == 1
    status = owner_client.get(f"{BRAND}/packs/{job.id}.json").get_json()
    assert status["status"] == "done" and status["percent"] == 100
    page = owner_client.get(f"{BRAND}/packs/{job.id}").get_data(as_text=True)
    assert "Paket sudah dibuat, tetapi belum semuanya siap diunggah" in page  # no parcel weight
    assert "dari revisi 1" in page
    download = owner_client.get(status["download"])
    assert download.mimetype == "application/zip"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "studio-cerita-batik-sekar-lasem-" in disposition
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    names = archive.namelist()
    assert "manifest.json" in names and "index.html" in names
    assert any(name.startswith("shopee/01-kain-lasem-1/01-utama.") for name in names)
    assert not any(name.startswith("etsy/") for name in names)
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["brand"] == "batik-sekar-lasem" and manifest["brand_revision"] == 1
    history = owner_client.get(BRAND + "/packs/").get_data(as_text=True)
    assert "siap diunduh" in history


def test_nothing_chosen_is_explained(app, owner_client):
    page = owner_client.post(BRAND + "/packs/", data={"channels": ["shopee"],
                                                      "language": "id"}).get_data(as_text=True)
    assert "Pilih paling sedikit satu produk" in page
    with app.app_context():
        assert get_session().scalar(select(PackJob)) is None


def test_a_failed_job_says_why_leaves_no_zip_and_can_be_retried(app, owner_client, monkeypatch):
    from webapp.packs import jobs as tasks

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tasks, "build_pack", broken)
    owner_client.post(BRAND + "/packs/", data={"products": ["1"], "channels": ["shopee"],
                                               "language": "id"})
    job = only_job(app)
    assert job.status == "failed" and job.error == "disk_full" and job.result is None
    page = owner_client.get(f"{BRAND}/packs/{job.id}").get_data(as_text=True)
    assert "Penyimpanan server penuh" in page
    packs = Path(app.config["MEDIA_ROOT"]) / "packs"
    assert not packs.exists() or not [p for p in packs.rglob("*") if p.is_file()]
    assert owner_client.get(f"{BRAND}/packs/{job.id}/download").status_code == 404
    monkeypatch.undo()
    owner_client.post(f"{BRAND}/packs/{job.id}/retry", data={})
    assert only_job(app).status == "done"


def test_a_silent_job_reads_as_interrupted_and_can_be_retried(app, owner_client):
    with app.app_context():
        owner = get_session().scalar(select(PackJob.owner_id)) or 1
        with transaction() as session:
            job = PackJob(brand_id=1, owner_id=owner, revision_number=1, status="running",
                          options={"products": [1], "channels": ["shopee"], "language": "id"})
            session.add(job)
        with transaction() as session:
            old = job.created_at - timedelta(minutes=10)
            session.execute(update(PackJob).where(PackJob.id == job.id).values(
                created_at=old, heartbeat_at=old))
        job_id = job.id
    assert owner_client.get(f"{BRAND}/packs/{job_id}.json").get_json()["status"] == "failed"
    assert "terhenti" in owner_client.get(f"{BRAND}/packs/{job_id}").get_data(as_text=True)
    owner_client.post(f"{BRAND}/packs/{job_id}/retry", data={})
    assert owner_client.get(f"{BRAND}/packs/{job_id}.json").get_json()["status"] == "done"


def running_job(app, runner: str | None, minutes_ago: int = 0) -> int:
    """A job recorded as running by runner, last heard of minutes_ago."""
    with app.app_context():
        owner = get_session().scalar(select(Brand.owner_id))
        with transaction() as session:
            job = PackJob(brand_id=1, owner_id=owner, revision_number=1, status="running",
                          runner=runner,
                          options={"products": [1], "channels": ["shopee"], "language": "id"})
            session.add(job)
        with transaction() as session:
            moment = job.created_at - timedelta(minutes=minutes_ago)
            session.execute(update(PackJob).where(PackJob.id == job.id).values(
                created_at=moment, heartbeat_at=moment))
        return job.id


def dead_pid() -> int:
    """The pid of a process that has exited."""
    process = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                             capture_output=True, text=True, check=True)
    return int(process.stdout)


def test_a_job_whose_worker_is_gone_can_be_retried_at_once_and_its_half_zip_goes(
        app, owner_client):
    """A worker killed mid-pack: the page says so at once (no three-minute wait), and a retry
    deletes the half-written ZIP and builds the pack."""
    job_id = running_job(app, f"{socket.gethostname()}:{dead_pid()}")
    store = MediaStore(app.config["MEDIA_ROOT"])
    with store.temporary("packs", f"pack{job_id}") as handle:
        handle.write(b"half a zip")
    leftover = Path(handle.name)
    assert owner_client.get(f"{BRAND}/packs/{job_id}.json").get_json()["status"] == "failed"
    owner_client.post(f"{BRAND}/packs/{job_id}/retry", data={})
    assert owner_client.get(f"{BRAND}/packs/{job_id}.json").get_json()["status"] == "done"
    assert not leftover.exists()


def test_a_live_worker_is_not_interrupted_and_its_file_stays(app, owner_client):
    job_id = running_job(app, f"{socket.gethostname()}:{os.getpid()}")
    store = MediaStore(app.config["MEDIA_ROOT"])
    with store.temporary("packs", f"pack{job_id}") as handle:
        handle.write(b"being written")
    assert owner_client.get(f"{BRAND}/packs/{job_id}.json").get_json()["status"] == "running"
    owner_client.post(f"{BRAND}/packs/{job_id}/retry", data={})  # not retryable: no effect
    assert only_job(app).status == "running" and Path(handle.name).exists()
    owner_client.post(BRAND + "/packs/", data={"products": ["1"], "channels": ["shopee"],
                                               "language": "id"})
    assert Path(handle.name).exists()  # another job's start leaves a live job's file alone


def test_a_retry_pressed_twice_builds_the_pack_once(app_factory, auth, monkeypatch):
    """Two presses on an interrupted pack (two tabs, a double tap): one build, one job."""
    app = app_factory(JOBS_MODE="thread")
    owner = auth.create()
    make_products(app, owner, count=1, photos=1)
    client = app.test_client()
    client.post("/login", data={"email": "sari@example.id", "password": DEFAULT_PASSWORD})
    job_id = running_job(app, None, minutes_ago=10)
    submitted = []
    monkeypatch.setattr(jobs, "submit", lambda path, *args: submitted.append(args))
    with app.app_context():
        stale = get_session().get(PackJob, job_id)
        get_session().expunge(stale)
    with app.test_request_context():
        first = service.retry_pack(stale, MediaStore(app.config["MEDIA_ROOT"])).status
        second = service.retry_pack(stale, MediaStore(app.config["MEDIA_ROOT"])).status
    assert submitted == [(job_id,)]
    assert first == second == "queued"
    page = client.get(f"{BRAND}/packs/{job_id}").get_data(as_text=True)
    assert "terhenti" not in page  # re-queued just now: not read as interrupted


def test_with_redis_unreachable_a_pack_is_built_here_and_a_warning_logged(app_factory, auth,
                                                                          caplog):
    app = app_factory(JOBS_MODE="rq", REDIS_URL=UNREACHABLE_REDIS)
    owner = auth.create()
    make_products(app, owner, count=1, photos=1)
    client = app.test_client()
    client.post("/login", data={"email": "sari@example.id", "password": DEFAULT_PASSWORD})
    response = client.post(BRAND + "/packs/", data={"products": ["1"], "channels": ["shopee"],
                                                    "language": "id"})
    assert response.status_code == 302
    app.extensions["jobs"]["executor"].shutdown(wait=True)
    assert only_job(app).status == "done"
    assert "job queue unreachable" in caplog.text


def test_another_owner_gets_404(app, client, auth, owner_client):
    owner_client.post(BRAND + "/packs/", data={"products": ["1"], "channels": ["shopee"],
                                               "language": "id"})
    job = only_job(app)
    auth.switch_to_another_owner()
    for path in ("/packs/", f"/packs/{job.id}", f"/packs/{job.id}.json",
                 f"/packs/{job.id}/download"):
        assert client.get(BRAND + path).status_code == 404, path
    assert client.post(f"{BRAND}/packs/{job.id}/retry", data={}).status_code == 404


def test_pack_builds_are_rate_limited_per_account(app_factory, auth):
    app = app_factory(JOBS_MODE="inline", RATELIMIT_ENABLED=True, RATELIMIT_PACK="2 per minute")
    owner = None
    with app.app_context():
        owner = create_user()
    make_products(app, owner, count=1, photos=1)
    client = app.test_client()
    client.post("/login", data={"email": "sari@example.id", "password": "kain biru pasar pagi"})
    data = {"products": ["1"], "channels": ["shopee"], "language": "id"}
    statuses = [client.post(BRAND + "/packs/", data=data).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_background_thread_builds_the_pack(app_factory, auth):
    app = app_factory(JOBS_MODE="thread")
    with app.app_context():
        owner = create_user()
    make_products(app, owner, count=1, photos=1)
    client = app.test_client()
    client.post("/login", data={"email": "sari@example.id", "password": "kain biru pasar pagi"})
    client.post(BRAND + "/packs/", data={"products": ["1"], "channels": ["shopee"],
                                         "language": "id"})
    executor = app.extensions["jobs"]["executor"]
    executor.shutdown(wait=True)  # wait for the one job
    assert only_job(app).status == "done"


@pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL is not set: the RQ path needs "
                    "Redis, which CI provides")
def test_rq_worker_process_builds_the_pack(app_factory, tmp_path):
    import redis
    from rq import Queue

    Queue(QUEUE_NAME, connection=redis.Redis.from_url(TEST_REDIS_URL)).empty()
    app = app_factory(JOBS_MODE="rq", REDIS_URL=TEST_REDIS_URL)
    with app.app_context():
        owner = create_user()
    make_products(app, owner, count=1, photos=2)
    client = app.test_client()
    client.post("/login", data={"email": "sari@example.id", "password": "kain biru pasar pagi"})
    client.post(BRAND + "/packs/", data={"products": ["1"], "channels": ["shopee"],
                                         "language": "id"})
    assert only_job(app).status == "queued"
    env = {**os.environ, "STUDIO_CERITA_INSTANCE": app.instance_path,
           "DATABASE_URL": app.config["DATABASE_URL"], "REDIS_URL": TEST_REDIS_URL,
           "SECRET_KEY": app.config["SECRET_KEY"], "MEDIA_ROOT": app.config["MEDIA_ROOT"]}
    worker = subprocess.run(
        [sys.executable, "-m", "rq.cli", "worker", "--burst", "--url", TEST_REDIS_URL,
         "studio-cerita"], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert worker.returncode == 0, worker.stderr
    job = only_job(app)
    assert job.status == "done", worker.stderr
    assert client.get(f"{BRAND}/packs/{job.id}/download").mimetype == "application/zip"


def test_cli_builds_the_same_pack(app, runner, tmp_path):
    with app.app_context():
        owner = create_user()
    make_products(app, owner, count=2, photos=1)
    out = tmp_path / "paket" / "contoh.zip"
    result = runner.invoke(args=["pack", "build", "--brand", "batik-sekar-lasem", "--out",
                                 str(out), "--channels", "shopee,etsy", "--lang", "en"])
    assert result.exit_code == 0, result.output
    first = out.read_bytes()
    runner.invoke(args=["pack", "build", "--brand", "batik-sekar-lasem", "--out", str(out),
                        "--channels", "shopee,etsy", "--lang", "en"])
    assert out.read_bytes() == first  # byte-identical rebuild
    names = zipfile.ZipFile(out).namelist()
    assert any(n.startswith("etsy/") for n in names) and not any(n.startswith("lazada/")
                                                                  for n in names)
    assert not list(out.parent.glob(".*part"))


@pytest.mark.parametrize(
    ("args", "reason"),
    [(["--brand", "tidak-ada"], "no brand"),
     (["--brand", "batik-sekar-lasem", "--channels", "bukalapak"], "unknown channel")],
)
def test_cli_fails_with_one_line(app, runner, tmp_path, args, reason):
    with app.app_context():
        owner = create_user()
    make_products(app, owner, count=1, photos=1)
    result = runner.invoke(args=["pack", "build", *args, "--out", str(tmp_path / "x.zip")])
    assert result.exit_code == 1 and reason in result.stderr
    assert "Traceback" not in result.output




def test_every_image_and_text_in_the_pack_meets_its_channel(app, owner_client):
    """Open the ZIP: images match their preset (size, aspect, format, bytes, no metadata) and
    every title and description passes its channel's rule checker without a blocking finding."""
    from PIL import Image

    from webapp.listings.channels import get_channel
    from webapp.listings.rules import check_text
    from webapp.photos.renditions import preset_for_slot

    channels = ["shopee", "tokopedia", "lazada", "instagram", "etsy", "amazon"]
    owner_client.post(BRAND + "/packs/", data={"products": ["1", "2"], "channels": channels,
                                               "language": "id"})
    job = only_job(app)
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(
        f"{BRAND}/packs/{job.id}/download").data))
    checked_images = checked_texts = 0
    for name in archive.namelist():
        parts = name.split("/")
        if len(parts) != 3 or parts[0] not in channels:
            continue
        channel = get_channel(parts[0])
        data = archive.read(name)
        if name.endswith(".jpg"):
            preset = preset_for_slot(channel, int(parts[2][:2]))
            with Image.open(io.BytesIO(data)) as image:
                assert image.format == "JPEG"
                # never upscaled: the 700 px test photos may be smaller than a preset
                scale = min(1.0, 700 / max(preset.width, preset.height))
                assert abs(image.width / image.height - preset.width / preset.height) < 0.02
                assert image.width <= preset.width and image.width >= preset.width * scale - 2
                assert not image.getexif()
                assert "exif" not in image.info and "comment" not in image.info
            if preset.max_bytes:
                assert len(data) <= preset.max_bytes
            checked_images += 1
        elif parts[2] in ("judul.txt", "deskripsi.txt"):
            field = "title" if parts[2] == "judul.txt" else "description"
            findings = check_text(channel, field, data.decode("utf-8"))
            assert not [f for f in findings if f.severity == "block"], (name, findings)
            checked_texts += 1
    assert checked_images == len(channels) * 2 * 2
    assert checked_texts >= len(channels) * 2


def test_a_channel_folder_holds_only_the_photos_the_channel_takes(app, runner, tmp_path):
    """Tokopedia takes 5 photos and Shopee 9: with 7 photos, Tokopedia's folder has the first 5
    and its checklist says the rest were left out; Shopee's has all 7."""
    from webapp.listings.channels import get_channel

    assert get_channel("tokopedia").images.max.value == 5
    with app.app_context():
        owner = create_user()
    make_products(app, owner, count=1, photos=7)
    out = tmp_path / "paket.zip"
    result = runner.invoke(args=["pack", "build", "--brand", "batik-sekar-lasem", "--out",
                                 str(out), "--channels", "shopee,tokopedia"])
    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(out)

    def photos(channel):
        return sorted(name.rsplit("/", 1)[1] for name in archive.namelist()
                      if name.startswith(f"{channel}/01-") and name.endswith(".jpg"))

    assert photos("tokopedia") == ["01-utama.jpg", "02.jpg", "03.jpg", "04.jpg", "05.jpg"]
    assert len(photos("shopee")) == 7
    checklist = archive.read("tokopedia/PERIKSA.txt").decode("utf-8")
    assert "Ada 7 foto; Tokopedia hanya memakai 5 pertama." in checklist
    assert "hanya memakai" not in archive.read("shopee/PERIKSA.txt").decode("utf-8")


def test_only_the_newest_packs_keep_their_files(app, owner_client):
    """With 2 kept per brand, a third pack expires the oldest: its record stays, its file goes
    unless a kept pack shares it (identical packs are one file), and it can be built again."""
    app.config["PACKS_KEPT_PER_BRAND"] = 2
    store = MediaStore(app.config["MEDIA_ROOT"])

    def build(channels):
        owner_client.post(BRAND + "/packs/", data={"products": ["1"], "channels": channels,
                                                   "language": "id"})
        with app.app_context():
            job = get_session().scalars(select(PackJob).order_by(PackJob.id.desc())).first()
            get_session().expunge(job)
            return job

    first = build(["shopee"])
    second = build(["instagram"])
    third = build(["instagram"])  # the same inputs as the second: the same file
    assert second.result == third.result and first.result != second.result
    with app.app_context():
        states = dict(get_session().execute(select(PackJob.id, PackJob.status)).all())
    assert states == {first.id: "expired", second.id: "done", third.id: "done"}
    assert not store.exists("packs", first.result) and store.exists("packs", second.result)
    assert owner_client.get(f"{BRAND}/packs/{first.id}/download").status_code == 404
    page = owner_client.get(f"{BRAND}/packs/{first.id}").get_data(as_text=True)
    assert "hanya 2 paket terbaru" in page and "Buat ulang" in page
    assert "berkas dihapus, bisa dibuat ulang" in owner_client.get(BRAND + "/packs/").get_data(
        as_text=True)

    fourth = build(["etsy"])  # now the second expires, but the third still holds its file
    assert store.exists("packs", third.result)
    owner_client.post(f"{BRAND}/packs/{first.id}/retry", data={})  # built again: newest now
    with app.app_context():
        again = get_session().get(PackJob, first.id)
        assert again.status == "done" and again.result == first.result
        states = dict(get_session().execute(select(PackJob.id, PackJob.status)).all())
    assert states == {first.id: "done", second.id: "expired", third.id: "expired",
                      fourth.id: "done"}
    assert not store.exists("packs", third.result)


def test_public_links_fill_the_sheets_photo_columns(app_factory):
    """On a public address, a pack may link its photos: the Shopee sheet's photo cells hold
    signed links anyone can fetch (a marketplace importing the sheet), serving exactly the
    pack's image; a tampered or unknown link is 404, and originals are never served."""
    import csv

    import openpyxl

    app = app_factory(JOBS_MODE="inline", PUBLIC_URL="https://cerita.example.id/")
    client = app.test_client()
    with app.app_context():
        owner = create_user()
    make_products(app, owner, count=1, photos=2)
    client.post("/login", data={"email": "sari@example.id", "password": "kain biru pasar pagi"})
    page = client.get(BRAND + "/packs/").get_data(as_text=True)
    assert "tautan publik" in page
    client.post(BRAND + "/packs/", data={"products": ["1"], "channels": ["shopee"],
                                         "language": "id", "public_links": "y"})
    job = only_job(app)
    assert job.status == "done" and job.options["public_links"] is True
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{BRAND}/packs/{job.id}/download").data))
    sheet_name = next(n for n in archive.namelist() if n.startswith("shopee/") and
                      n.endswith(".xlsx"))
    rows = list(openpyxl.load_workbook(io.BytesIO(archive.read(sheet_name)))["Template"]
                .iter_rows(values_only=True))
    cover = rows[0].index("Foto Sampul*")
    link = rows[2][cover]
    assert link.startswith("https://cerita.example.id/images/") and link.endswith(".jpg")
    csv_text = archive.read("shopee/shopee.csv").decode("utf-8-sig")
    assert link in [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]
    assert "FOTO SUDAH BERUPA TAUTAN" in archive.read("shopee/PERIKSA.txt").decode()

    visitor = app.test_client()  # no login: the marketplace fetching the sheet
    path = link.removeprefix("https://cerita.example.id")
    served = visitor.get(path)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert "public" in served.headers["Cache-Control"]
    main = next(n for n in archive.namelist() if n.startswith("shopee/01-") and
                n.endswith("01-utama.jpg"))
    assert served.data == archive.read(main)
    signed, name = path.split("/")[2:4]
    assert visitor.get(f"/images/{'0' * 32}/{name}").status_code == 404
    assert visitor.get(f"/images/{signed}/{'a' * 64}.jpg").status_code == 404
    with app.app_context():
        original = get_session().scalars(select(Photo.original)).first()
        from webapp.photos.links import signature
        forged = signature(original)
    assert visitor.get(f"/images/{forged}/{original}").status_code == 404  # not a rendition
    assert name == "1-shopee.jpg"  # the photo as Shopee takes it, valid while the photo exists
    client.post(f"{BRAND}/products/1/photos/2/main", data={})  # another photo becomes the main
    assert visitor.get(path).status_code == 200
    client.post(f"{BRAND}/products/1/photos/1/delete", data={})
    assert visitor.get(path).status_code == 404  # gone with the photo


def test_without_a_public_address_photo_columns_stay_empty_and_the_checklist_says_why(
        app, owner_client):
    assert "tautan publik" not in owner_client.get(BRAND + "/packs/").get_data(as_text=True)
    owner_client.post(BRAND + "/packs/", data={"products": ["1"], "channels": ["shopee"],
                                               "language": "id", "public_links": "y"})
    job = only_job(app)
    assert job.options["public_links"] is False
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(
        f"{BRAND}/packs/{job.id}/download").data))
    text = archive.read("shopee/shopee.csv").decode("utf-8-sig")
    assert "https://" not in text and "01-utama.jpg" not in text  # importers fetch URLs only
    checklist = archive.read("shopee/PERIKSA.txt").decode()
    assert "tidak berisi tautan foto publik" in checklist and "tambahkan fotonya" in checklist


def test_a_pack_says_ready_only_when_nothing_blocks(app, owner_client):
    """The products of make_products have no parcel weight: Shopee's checklist, the manifest and
    the pack page all say "not ready" and why; with the parcel filled in, all say ready."""
    owner_client.post(BRAND + "/packs/", data={"products": ["1", "2"], "channels": ["shopee"],
                                               "language": "id"})
    job = only_job(app)
    assert job.readiness["shopee"]["ready"] is False
    assert job.readiness["shopee"]["blocked_products"] == ["01-kain-lasem-1", "02-kain-lasem-2"]
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(
        f"{BRAND}/packs/{job.id}/download").data))
    checklist = archive.read("shopee/PERIKSA.txt").decode()
    assert "BELUM SIAP UNGGAH: 2 produk" in checklist and "SIAP UNGGAH:" not in checklist.replace(
        "BELUM SIAP UNGGAH:", "")
    assert "Berat paket (gram) belum diisi" in checklist
    assert json.loads(archive.read("manifest.json"))["readiness"]["shopee"]["ready"] is False
    page = owner_client.get(f"{BRAND}/packs/{job.id}").get_data(as_text=True)
    assert "belum semuanya siap diunggah" in page and "Paket siap diunggah" not in page

    with app.app_context(), transaction() as session:
        for product in session.scalars(select(Product)):
            product.parcel_weight_g, product.parcel_length_cm = 400, None
    owner_client.post(BRAND + "/packs/", data={"products": ["1", "2"], "channels": ["shopee"],
                                               "language": "id"})
    with app.app_context():
        newest = get_session().scalars(PackJob.of_brand(1)).first()
        readiness = newest.readiness
        job_id = newest.id
    # as the manifest says it; the job also keeps what the folder holds (test_pack_page.py)
    assert {key: value for key, value in readiness["shopee"].items() if key != "folder"} == {
        "ready": True, "blocked_products": [], "unfilled_columns": [], "sheet": "helper"}
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(
        f"{BRAND}/packs/{job_id}/download").data))
    checklist = archive.read("shopee/PERIKSA.txt").decode()
    assert "SIAP UNGGAH: tidak ada yang memblokir" in checklist
    assert "unggah dulu template resmi Shopee di halaman Template" in checklist  # helper sheet
    page = owner_client.get(f"{BRAND}/packs/{job_id}").get_data(as_text=True)
    assert "Paket siap diunggah" in page
    assert "Untuk unggah massal di Shopee, unggah dulu template resmi" in page
