"""The class report: its figures against a class built by hand, the CSV and XLSX shapes, no cell
that runs as a formula, and the `class report` command."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import create_brand, create_user, logged_in
from tests.images import photo_jpeg
from webapp.brands.progress import photo_warned
from webapp.classes import service
from webapp.db import get_session, transaction
from webapp.listings.channels import get_channel
from webapp.listings.service import channel_copy
from webapp.media import media_store
from webapp.models import Brand, PackJob, Product, StoryDraft
from webapp.photos.service import add_photos
from webapp.products.service import create_product

TRAINER = "guru@example.id"
PRODUCT = {"product_type": "kain", "category": "fashion", "technique": "batik_tulis",
           "materials": ["katun"], "price": 450_000, "stock": 3, "weight_g": 300,
           "parcel_weight_g": 400, "parcel_length_cm": 30.0, "parcel_width_cm": 20.0,
           "parcel_height_cm": 4.0}
CHANNELS = ["shopee", "instagram"]


@pytest.fixture
def app(app_factory):
    return app_factory(JOBS_MODE="inline")


@pytest.fixture
def kelas(app):
    """Batik Ani: a saved story, two products (one with two photos), two packs built. Tenun
    Budi: a story being written, no product, an owner whose name looks like a formula. Kulit
    Citra: no story, one product without a photo. A fourth brand shared and then unshared."""
    with app.app_context():
        trainer = create_user(email=TRAINER, name="Pak Guru")
        kelas = service.create_class(trainer, "Kelas Batik", "BPIFK")
        ani = create_user(email="ani@example.id", name="Ibu Ani")
        budi = create_user(email="budi@example.id", name="=HYPERLINK(\"http://x\")")
        citra = create_user(email="citra@example.id", name="Ibu Citra")
        common = {"category": "fashion", "techniques": ["batik_tulis"], "channels": CHANNELS}
        batik = create_brand(ani, "Batik Ani", city="Lasem", province="Jawa Tengah",
                             story={"id": {"tagline": "Batik dari Lasem."}}, **common)
        tenun = create_brand(budi, "Tenun Budi", city="Waingapu", **common)
        kulit = create_brand(citra, "Kulit Citra", city="Garut", province="Jawa Barat",
                             category="kriya", channels=["shopee"])
        gone = create_brand(citra, "Rotan Lama", city="Cirebon")
        first = create_product(batik, {**PRODUCT, "name": "Kain Batik Tulis Lasem Latohan"})
        create_product(batik, {**PRODUCT, "name": "Selendang Batik Tulis Sekar Jagad"})
        add_photos(first, [("a.jpg", photo_jpeg(1200, 1200, 1)),
                           ("b.jpg", photo_jpeg(1200, 1200, 2))], media_store())
        create_product(kulit, {**PRODUCT, "name": "Dompet Kulit Sapi Jahit Tangan"})
        with transaction() as session:
            session.add(StoryDraft(brand_id=tenun.id, template_id="asal_usul"))
            for status in ("done", "done", "failed"):
                session.add(PackJob(brand_id=batik.id, owner_id=ani.id, revision_number=1,
                                    options={}, status=status))
        service.join(ani, kelas.code, [batik.id])
        service.join(budi, kelas.code, [tenun.id])
        service.join(citra, kelas.code, [kulit.id, gone.id])
        share = get_session().scalar(select(service.KelasShare).where(
            service.KelasShare.brand_id == gone.id))
        service.end_share(citra, share.id)
        return kelas


def log_in(app, email=TRAINER):
    """The class's trainer, unless another email is given."""
    return logged_in(app, email)


def read_csv(data: bytes) -> tuple[list[dict], dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    blank = lines.index([])
    header, rows = lines[0], lines[1:blank]
    assert lines[blank + 1][0] == "Ringkasan"
    return [dict(zip(header, row, strict=True)) for row in rows], \
        {label: value for label, value in lines[blank + 2:]}


def truth(app) -> dict[str, dict]:
    """Each brand's figures as the owner's own pages compute them, one brand at a time."""
    found = {}
    with app.app_context():
        for slug in ("batik-ani", "tenun-budi", "kulit-citra"):
            brand = get_session().scalar(select(Brand).where(Brand.slug == slug))
            products = get_session().scalars(Product.of_brand(brand.id)).all()
            channels = ["shopee"] if slug == "kulit-citra" else CHANNELS
            lights = {c: Counter(channel_copy(brand, product, get_channel(c)).readiness.light
                                 for product in products) for c in channels}
            found[slug] = {
                "photos": sum(len(p.photos) for p in products),
                "warned": sum(photo_warned(photo, channels) for p in products
                              for photo in p.photos),
                "lights": {c: lights[c] for c in channels}}
    return found


def test_the_csv_report_s_figures_match_the_class(app, kelas):
    response = log_in(app).get(f"/classes/{kelas.id}/report.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(f'laporan-kelas-{kelas.code}.csv"')
    rows, summary = read_csv(response.data)
    by_slug = {row["Alamat merek (slug)"]: row for row in rows}
    assert sorted(by_slug) == ["batik-ani", "kulit-citra", "tenun-budi"]  # not the unshared
    expected = truth(app)
    ani, budi, citra = by_slug["batik-ani"], by_slug["tenun-budi"], by_slug["kulit-citra"]
    assert (ani["Pemilik"], ani["Merek"], ani["Kota"], ani["Provinsi"], ani["Kerajinan"]) == \
        ("Ibu Ani", "Batik Ani", "Lasem", "Jawa Tengah", "Batik")
    assert [row["Cerita"] for row in (ani, budi, citra)] == \
        ["selesai", "sedang ditulis", "belum mulai"]
    assert [row["Produk"] for row in (ani, budi, citra)] == ["2", "0", "1"]
    assert [row["Produk tanpa foto"] for row in (ani, budi, citra)] == ["1", "0", "1"]
    assert ani["Foto"] == str(expected["batik-ani"]["photos"]) == "2"
    assert ani["Foto dengan saran perbaikan"] == str(expected["batik-ani"]["warned"])
    assert [row["Paket dibuat"] for row in (ani, budi, citra)] == ["2", "0", "0"]
    assert ani["Paket terakhir"] and not budi["Paket terakhir"]
    assert ani["Dibagikan sejak"][:4].isdigit() and ani["Aktivitas terakhir"]
    for slug, row in by_slug.items():
        for channel, counts in expected[slug]["lights"].items():
            label = get_channel(channel).name
            assert row[f"{label}: hijau (siap)"] == str(counts["green"]), (slug, channel)
            assert row[f"{label}: merah"] == str(counts["red"]), (slug, channel)
    assert citra[f"{get_channel('instagram').name}: merah"] == ""  # not Kulit Citra's channel
    assert summary["Merek yang dibagikan"] == "3"
    assert summary["Merek dengan cerita"] == "1"
    assert summary["Merek dengan cerita sedang ditulis"] == "1"
    assert summary["Produk"] == "3" and summary["Paket dibuat"] == "2"
    assert summary["Merek dengan paket"] == "1" and summary["Lampu belum dihitung"] == "0"
    for channel in CHANNELS:
        green = sum(expected[slug]["lights"].get(channel, {"green": 0})["green"]
                    for slug in expected)
        label = f"Produk siap unggah (hijau) di {get_channel(channel).name}"
        assert summary[label] == str(green)


def test_no_cell_runs_as_a_formula(app, kelas):
    client = log_in(app)
    rows, _summary = read_csv(client.get(f"/classes/{kelas.id}/report.csv").data)
    owners = [row["Pemilik"] for row in rows]
    assert "'=HYPERLINK(\"http://x\")" in owners
    data = client.get(f"/classes/{kelas.id}/report.xlsx").data
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Merek", "Ringkasan"]
    cells = [cell for row in workbook["Merek"].iter_rows() for cell in row]
    risky = [cell for cell in cells if cell.value == "=HYPERLINK(\"http://x\")"]
    assert risky and all(cell.data_type == "s" and cell.quotePrefix for cell in risky)
    assert not any(cell.data_type == "f" for cell in cells)
    summary = {row[0].value: row[1].value for row in workbook["Ringkasan"].iter_rows()}
    assert summary["Kode kelas"] == kelas.code and summary["Merek yang dibagikan"] == 3


def test_only_trainers_get_the_report(app, kelas):
    client = log_in(app, "ani@example.id")
    assert client.get(f"/classes/{kelas.id}/report.csv").status_code == 404
    assert client.get(f"/classes/{kelas.id}/report.xlsx").status_code == 404


def test_the_command_writes_either_file(app, kelas, runner, tmp_path):
    for name in ("laporan.csv", "laporan.xlsx"):
        result = runner.invoke(args=["class", "report", "--code", kelas.code.lower(),
                                     "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    rows, summary = read_csv((tmp_path / "laporan.csv").read_bytes())
    assert len(rows) == 3 and summary["Paket dibuat"] == "2"
    assert load_workbook(tmp_path / "laporan.xlsx").sheetnames == ["Merek", "Ringkasan"]


@pytest.mark.parametrize(("code", "out", "reason"), [
    ("ZZZZZZ", "laporan.csv", "no class with code"),
    (None, "laporan.pdf", "--out must end in .csv or .xlsx"),
])
def test_the_command_refuses_bad_input_in_one_line(app, kelas, runner, tmp_path, code, out,
                                                   reason):
    result = runner.invoke(args=["class", "report", "--code", code or kelas.code,
                                 "--out", str(tmp_path / out)])
    assert result.exit_code == 1
    assert reason in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / out).exists()
