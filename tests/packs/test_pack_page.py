"""The pack pages show the brand's own channels, the rest under "Kanal lain": the build form's
channel choices, and the built pack's grid of what each channel folder holds (thumbnails of its
photos, its files with their lights)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import delete, select

from tests.packs.test_pages import BRAND, make_products, only_job
from webapp.db import get_session, transaction
from webapp.models import PackJob, Photo


@pytest.fixture
def app(app_factory):
    """Jobs run inline: the request returns after the pack is built."""
    return app_factory(JOBS_MODE="inline")


@pytest.fixture
def owner_client(app, client, auth):
    """An owner whose brand sells on Shopee and Instagram, with two products of two photos."""
    owner = auth.create()
    make_products(app, owner)
    auth.login()
    return client


def details_block(page: str, start: str) -> str:
    """The <details> element of page whose start tag begins with start, nested ones included
    ('' when there is none)."""
    begin = page.find(start)
    if begin < 0:
        return ""
    depth = 0
    for tag in re.finditer(r"<(/?)details\b", page[begin:]):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return page[begin:begin + tag.end() + len(">")]
    raise AssertionError("unclosed <details>")


def others_block(page: str) -> str:
    """The page's "Kanal lain" block ('' when there is none)."""
    return details_block(page, '<details class="pack-others"')


def build_pack(client, app, channels) -> PackJob:
    """Build a pack of both products for channels and return its job."""
    response = client.post(BRAND + "/packs/", data={"products": ["1", "2"],
                                                    "channels": channels, "language": "id"})
    assert response.status_code == 302
    return only_job(app)


def test_the_form_shows_the_brands_channels_and_folds_the_others(owner_client):
    page = owner_client.get(BRAND + "/packs/").get_data(as_text=True)
    others = others_block(page)
    assert "<summary>Kanal lain</summary>" in others and " open" not in others.split(">")[0]
    outside = page.replace(others, "")
    for channel in ("shopee", "instagram"):
        assert f'value="{channel}"' in outside and f'value="{channel}"' not in others
    for channel in ("tokopedia", "etsy", "whatsapp"):
        assert f'value="{channel}"' in others and f'value="{channel}"' not in outside


def test_a_refused_form_opens_kanal_lain_when_one_of_them_was_chosen(owner_client):
    response = owner_client.post(BRAND + "/packs/", data={"channels": ["shopee", "etsy"],
                                                          "language": "id"})
    assert response.status_code == 422  # no product chosen
    others = others_block(response.get_data(as_text=True))
    assert others.startswith('<details class="pack-others" open>')
    assert re.search(r'<input[^>]*\bchecked\b[^>]*value="etsy"|<input[^>]*value="etsy"'
                     r'[^>]*\bchecked\b', others)


def test_the_pack_page_draws_each_channel_folder_as_a_grid(app, owner_client):
    job = build_pack(owner_client, app, ["shopee", "instagram", "etsy"])
    page = owner_client.get(f"{BRAND}/packs/{job.id}").get_data(as_text=True)
    assert "<h2>Isi paket</h2>" in page
    others = others_block(page)
    assert "Kanal lain (1)" in others and 'id="folder-etsy"' in others
    for channel in ("shopee", "instagram"):
        assert f'id="folder-{channel}"' in page.replace(others, "")
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(
        f"{BRAND}/packs/{job.id}/download").data))
    photos = [name for name in archive.namelist() if name.endswith(".jpg")]
    thumbnails = re.findall(r'<img src="(/brands/batik-sekar-lasem/products/\d+/photos/\d+/'
                            r'thumb\.jpg)" alt="[^"]+" width="80" height="80" loading="lazy">',
                            page)
    assert len(thumbnails) == len(photos) == 3 * 2 * 2
    assert owner_client.get(thumbnails[0]).mimetype == "image/jpeg"
    # every file of a channel folder is named on the page, in its own folder's section
    # the brand's first channel folder is open, the others open on a tap
    assert '<details class="card pack-folder" id="folder-shopee" open>' in page
    assert '<details class="card pack-folder" id="folder-instagram">' in page
    shopee = details_block(page, '<details class="card pack-folder" id="folder-shopee"')
    for name in archive.namelist():
        if name.startswith("shopee/") and not name.endswith(".jpg"):
            assert f">{name.rsplit('/', 1)[-1]}<" in shopee, name
    # the helper sheet is amber and says so; no parcel weight: every product is red
    assert re.search(r'pack-file__dot--amber[^>]*></span><span class="pack-file__name">'
                     r'shopee-lembar-bantu\.xlsx</span> <span class="muted">lembar bantu', shopee)
    assert shopee.count("light--red") == 1 + 2 and "Belum siap unggah" in shopee


def test_a_photo_deleted_since_the_build_is_named_not_shown(app, owner_client):
    job = build_pack(owner_client, app, ["shopee"])
    with app.app_context(), transaction() as session:
        first = session.scalar(select(Photo).order_by(Photo.id))
        session.execute(delete(Photo).where(Photo.id == first.id))
    page = owner_client.get(f"{BRAND}/packs/{job.id}").get_data(as_text=True)
    assert page.count("foto sudah dihapus") == 1
    assert f"/photos/{first.id}/thumb.jpg" not in page
    assert len(re.findall(r"/thumb\.jpg", page)) == 2 * 2 - 1


def test_a_pack_built_before_folders_were_recorded_shows_no_grid(app, owner_client):
    job = build_pack(owner_client, app, ["shopee"])
    with app.app_context(), transaction() as session:
        stored = session.get(PackJob, job.id)
        stored.readiness = {channel: {key: value for key, value in state.items()
                                      if key != "folder"}
                            for channel, state in stored.readiness.items()}
    response = owner_client.get(f"{BRAND}/packs/{job.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Unduh paket (.zip)" in page
    assert "Isi paket" not in page and "thumb.jpg" not in page
    with app.app_context():
        assert "folder" not in get_session().get(PackJob, job.id).readiness["shopee"]


def test_print_files_join_the_pack_when_asked(app, owner_client):
    """cetak/ holds the hang tags, the story card and labels as A4/A6 PDFs, and BACA.txt says
    how to print; a pack built without asking has no cetak/ folder."""
    import pypdf

    from webapp.brands.service import save_profile
    from webapp.models import Brand

    # Without a contact the QR has nowhere to lead: the pack says so instead of a PDF.
    assert owner_client.post(BRAND + "/packs/", data={
        "products": ["1"], "channels": ["shopee"], "language": "id", "prints": "y"}
    ).status_code == 302
    first = only_job(app)
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(
        f"{BRAND}/packs/{first.id}/download").data))
    assert "kode QR perlu tujuan" in archive.read("cetak/BACA.txt").decode()
    assert not [name for name in archive.namelist() if name.endswith(".pdf")]
    with app.app_context():
        brand = get_session().scalar(select(Brand))
        save_profile(brand, brand.owner, {"whatsapp": "+6281234567890"}, brand.head_number)
        with transaction() as session:
            session.execute(delete(PackJob))  # only_job reads the one job of the next build
    response = owner_client.post(BRAND + "/packs/", data={
        "products": ["1", "2"], "channels": ["shopee"], "language": "id", "prints": "y"})
    assert response.status_code == 302
    job = only_job(app)
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(
        f"{BRAND}/packs/{job.id}/download").data))
    names = [name for name in archive.namelist() if name.startswith("cetak/")]
    assert "cetak/BACA.txt" in names and "ukuran asli" in archive.read("cetak/BACA.txt").decode()
    pdfs = [name for name in names if name.endswith(".pdf")]
    assert sorted(pdfs) == ["cetak/hang-tag-5x9.pdf", "cetak/kartu-cerita-a6.pdf",
                            "cetak/label-a4.pdf"], archive.read("cetak/BACA.txt").decode()
    for name in pdfs:
        document = pypdf.PdfReader(io.BytesIO(archive.read(name)))
        width = float(document.pages[0].mediabox.width)
        assert round(width) in (595, 298), (name, width)  # A4 or A6, in points
    manifest = archive.read("manifest.json").decode()
    assert all(name in manifest for name in names)
