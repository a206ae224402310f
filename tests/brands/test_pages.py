"""Brand pages: create, edit, conflicts, history, compare, restore, access, escaping."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from tests.factories import create_brand, create_user
from webapp.db import get_session
from webapp.models import Brand, BrandRevision

HOSTILE = ['<script>alert(1)</script>', "{{7*7}}", '"><img src=x onerror=alert(1)>',
           "O'Neil \"Batik\""]


def form_data(**changes) -> dict:
    data = {"name": "Batik Sekar Lasem", "year_founded": "", "city": "", "province": "",
            "people": "", "customers": "", "values": "", "tone": "anda", "whatsapp": "",
            "instagram": "", "website": "", "colour_primary": "#7a3b12",
            "colour_secondary": "#f3e3c3", "note": "", "base_revision": "1"}
    data.update(changes)
    return data


def revision_count(app) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(BrandRevision))


def test_create_a_brand(app, client, auth):
    auth.create()
    auth.login()
    assert "Buat merek baru" in client.get("/dashboard").get_data(as_text=True)
    response = client.post("/brands/new", data=form_data(
        name="Tenun Ikat Sumba", city="Waingapu", province="Nusa Tenggara Timur",
        category="craft", techniques=["ikat_lungsi"], whatsapp="0812 3456 7890",
        instagram="@TenunSumba", website="tenunsumba.id", note="awal", base_revision=""))
    assert response.headers["Location"] == "/brands/tenun-ikat-sumba"
    page = client.get("/brands/tenun-ikat-sumba").get_data(as_text=True)
    for text in ("Tenun Ikat Sumba", "Waingapu", "Nusa Tenggara Timur", "0812-3456-7890",
                 "@tenunsumba", "https://tenunsumba.id", "Revisi 1"):
        assert text in page
    assert "+6281234567890" not in page  # stored with +62, shown as people write it
    edit = client.get("/brands/tenun-ikat-sumba/edit").get_data(as_text=True)
    assert 'value="0812-3456-7890"' in edit
    assert "Tenun Ikat Sumba" in client.get("/dashboard").get_data(as_text=True)


def test_create_needs_a_name_and_keeps_what_was_typed(client, auth):
    auth.create()
    auth.login()
    response = client.post("/brands/new", data=form_data(name="", city="Pekalongan",
                                                          people="Pak Darto"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "wajib diisi" in page
    assert 'value="Pekalongan"' in page and "Pak Darto" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("website", "javascript:alert(1)", "http:// atau https://"),
     ("website", "data:text/html,hi", "http:// atau https://"),
     ("website", "ftp://files.example.id", "http:// atau https://"),
     ("whatsapp", "021-555", "nomor ponsel Indonesia"),
     ("instagram", "nama dengan spasi", "nama akun Instagram"),
     ("year_founded", "3000", "empat angka"),
     ("province", "Atlantis", "Pilih dari daftar"),
     ("colour_primary", "red", "pemilih warna")],
)
def test_invalid_values_get_a_clear_message(app, owner_client, field, value, message):
    response = owner_client.post("/brands/batik-sekar-lasem/edit", data=form_data(**{field: value}))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert revision_count(app) == 1


def test_edit_twice_then_compare_and_restore(app, owner_client):
    url = "/brands/batik-sekar-lasem"
    owner_client.post(url + "/edit", data=form_data(city="Lasem", note="tambah kota"))
    owner_client.post(url + "/edit", data=form_data(city="Lasem, Rembang", base_revision="2",
                                                    people="Ibu Sari"))
    history = owner_client.get(url + "/history").get_data(as_text=True)
    for text in ("Revisi 3", "Revisi 2", "Revisi 1", "tambah kota", "Sari Wulandari"):
        assert text in history
    compare = owner_client.get(url + "/compare?a=1&b=3").get_data(as_text=True)
    assert "<ins>Lasem, Rembang</ins>" in compare
    assert "<ins>Ibu Sari</ins>" in compare
    response = owner_client.post(url + "/revisions/1/restore", data={})
    assert response.headers["Location"] == url + "/history"
    history = owner_client.get(url + "/history").get_data(as_text=True)
    assert "Revisi 4" in history and "Dipulihkan dari revisi 1" in history
    with app.app_context():
        brand = get_session().scalar(select(Brand))
        newest = get_session().scalar(brand.revision_query(4))
        assert newest.profile["city"] == "" and brand.head_number == 4


def test_saving_nothing_new_makes_no_revision(app, owner_client):
    response = owner_client.post("/brands/batik-sekar-lasem/edit", data=form_data())
    assert response.status_code == 302
    assert revision_count(app) == 1
    assert "Tidak ada perubahan" in owner_client.get("/brands/batik-sekar-lasem").get_data(
        as_text=True)


def test_double_tap_makes_one_revision(app, owner_client):
    data = form_data(city="Lasem")
    first = owner_client.post("/brands/batik-sekar-lasem/edit", data=data)
    second = owner_client.post("/brands/batik-sekar-lasem/edit", data=data)
    assert first.status_code == second.status_code == 302
    assert revision_count(app) == 2


def test_stale_form_shows_the_conflict_page_and_keeps_my_text(app, owner_client):
    url = "/brands/batik-sekar-lasem/edit"
    owner_client.post(url, data=form_data(values="Pewarna alam", base_revision="1"))  # phone A
    response = owner_client.post(url, data=form_data(values="Upah yang adil",
                                                     base_revision="1"))  # phone B, stale
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "baru saja diubah" in page
    assert "Pewarna alam" in page  # theirs
    assert "Upah yang adil</textarea>" in page  # mine, still in the form
    assert 'name="base_revision" type="hidden" value="2"' in page
    assert revision_count(app) == 2
    merged = owner_client.post(url, data=form_data(values="Pewarna alam dan upah yang adil",
                                                   base_revision="2"))
    assert merged.status_code == 302
    assert revision_count(app) == 3


def test_expired_token_on_edit_keeps_the_text(app, owner_client):
    response = owner_client.post("/brands/batik-sekar-lasem/edit", csrf=False, data={
        **form_data(people="Dua belas pembatik"), "csrf_token": "kedaluwarsa"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dua belas pembatik" in page and "Isian Anda masih ada" in page
    assert revision_count(app) == 1


@pytest.mark.parametrize(("failure", "status", "message"), [
    (RuntimeError("disk controller on fire"), 500, "penyimpanan gagal karena gangguan"),
    (OSError(28, "No space left on device"), 503, "penyimpanan server sedang penuh")])
def test_a_save_that_fails_on_the_server_keeps_the_text(app, owner_client, monkeypatch,
                                                        failure, status, message):
    """A crash (or a full disk) while saving: nothing half-saved, and the owner's text comes
    back in the form with a plain message instead of a bare error page."""
    from webapp.brands import service

    def fail(*args, **kwargs):
        raise failure

    monkeypatch.setattr(service, "append_revision", fail)
    response = owner_client.post("/brands/batik-sekar-lasem/edit",
                                 data=form_data(people="Dua belas pembatik dari Babagan"))
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert "Dua belas pembatik dari Babagan" in page and message in page
    assert "disk controller" not in page and "Traceback" not in page
    assert revision_count(app) == 1
    monkeypatch.undo()
    assert owner_client.post("/brands/batik-sekar-lasem/edit", data=form_data(
        people="Dua belas pembatik dari Babagan")).status_code == 302
    assert revision_count(app) == 2


@pytest.mark.parametrize("text", HOSTILE)
def test_every_text_is_escaped_everywhere(app, owner_client, text):
    url = "/brands/batik-sekar-lasem"
    owner_client.post(url + "/edit", data=form_data(name=text, city=text, people=text,
                                                    note=text[:200]))
    for page_url in ("/dashboard", "/brands/", url, url + "/edit", url + "/history",
                     url + "/revisions/2", url + "/compare?a=1&b=2"):
        page = owner_client.get(page_url).get_data(as_text=True)
        assert "<script>alert" not in page, page_url
        assert "<img src=x" not in page, page_url
        assert "49" not in re.sub(r"\d{2}\.\d{2}|\d{4}", "", page) or "{{7*7}}" not in text
    if text == "{{7*7}}":
        assert "{{7*7}}" in owner_client.get(url).get_data(as_text=True)


def test_other_owners_get_404_everywhere(app, client, auth):
    owner = auth.create()
    with app.app_context():
        create_brand(owner)
        create_user(email="lain@example.id")
    auth.login(email="lain@example.id")
    url = "/brands/batik-sekar-lasem"
    for path in ("", "/edit", "/history", "/revisions/1", "/compare?a=1&b=1", "/export.json"):
        assert client.get(url + path).status_code == 404, path
    assert client.post(url + "/edit", data=form_data(name="Dicuri")).status_code == 404
    assert client.post(url + "/revisions/1/restore", data={}).status_code == 404
    assert revision_count(app) == 1
    assert "Batik Sekar Lasem" not in client.get("/dashboard").get_data(as_text=True)


def test_visitors_are_sent_to_login(client):
    for path in ("/brands/", "/brands/new", "/brands/x", "/brands/import"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_mass_assignment_is_ignored(app, owner_client, auth):
    owner_client.post("/brands/batik-sekar-lasem/edit", data=form_data(
        city="Lasem", owner_id="99", head_number="50", slug="curian", author_name="X"))
    with app.app_context():
        brand = get_session().scalar(select(Brand))
        assert (brand.slug, brand.head_number, brand.owner_id) == ("batik-sekar-lasem", 2, 1)


def test_unknown_revisions_are_404(owner_client):
    assert owner_client.get("/brands/batik-sekar-lasem/revisions/9").status_code == 404
    assert owner_client.get("/brands/batik-sekar-lasem/compare?a=1&b=9").status_code == 404
    assert owner_client.post("/brands/batik-sekar-lasem/revisions/9/restore",
                             data={}).status_code == 404


def test_restore_needs_post_and_csrf(app, owner_client):
    owner_client.post("/brands/batik-sekar-lasem/edit", data=form_data(city="Lasem"))
    assert owner_client.get("/brands/batik-sekar-lasem/revisions/1/restore").status_code == 405
    assert owner_client.post("/brands/batik-sekar-lasem/revisions/1/restore", data={},
                             csrf=False).status_code == 400
    assert revision_count(app) == 2


def test_export_then_import_round_trip(app, owner_client):
    owner_client.post("/brands/batik-sekar-lasem/edit", data=form_data(city="Lasem", note="n"))
    response = owner_client.get("/brands/batik-sekar-lasem/export.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    document = response.get_json()
    assert document["format"] == "studio-cerita/brand" and document["version"] == 1
    assert [r["number"] for r in document["revisions"]] == [1, 2]
    from io import BytesIO

    imported = owner_client.post("/brands/import", data={
        "file": (BytesIO(response.data), "cadangan.json")}, content_type="multipart/form-data")
    assert imported.headers["Location"] == "/brands/batik-sekar-lasem-2"
    with app.app_context():
        brand = get_session().scalar(select(Brand).where(Brand.slug == "batik-sekar-lasem-2"))
        revisions = get_session().scalars(brand.history_query()).all()
        assert [r.number for r in revisions] == [2, 1]
        assert [r.profile for r in reversed(revisions)] == [
            r["profile"] for r in document["revisions"]]
        assert revisions[0].note == "n"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "Pilih file"), (b"bukan json", "bukan JSON"), (b"[1,2]", "bukan file ekspor"),
     (b'{"format": "studio-cerita/brand", "version": 9, "revisions": []}', "versi yang lebih baru"),
     (b'{"format": "studio-cerita/brand", "version": 1, "revisions": []}', "tidak berisi revisi"),
     (json.dumps({"format": "studio-cerita/brand", "version": 1, "revisions": [
         {"number": 1, "created_at": "2025-08-17T10:00:00+07:00",
          "profile": {"name": "X", "owner_id": 1}}]}).encode(), "Revisi 1"),
     (json.dumps({"format": "studio-cerita/brand", "version": 1, "revisions": [
         {"number": 2, "created_at": "2025-08-17T10:00:00", "profile": {"name": "X"}}]}).encode(),
      "tidak berurutan"),
     (json.dumps({"format": "studio-cerita/brand", "version": 1, "revisions": [
         {"number": 1, "created_at": "2025-08-17T10:00:00+07:00",
          "profile": {"name": "X", "website": "javascript:alert(document.cookie)"}}]}).encode(),
      "Revisi 1"),
     (b"[" * 100_000 + b"]" * 100_000, "bukan JSON"),
     (b"\xff\xfe\x00bad", "bukan JSON")],
)
def test_a_bad_import_file_gets_a_clear_message_and_creates_nothing(app, owner_client, content,
                                                                    message):
    from io import BytesIO

    data = {"file": (BytesIO(content), "x.json")} if content else {}
    response = owner_client.post("/brands/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Brand)) == 1


def test_parallel_saves_through_the_web_never_answer_500(app, auth):
    """Ten phones save the same brand at once: each gets a saved page or a conflict page."""
    import threading

    owner = auth.create()
    with app.app_context():
        create_brand(owner)
    clients = [app.test_client() for _ in range(10)]
    for client in clients:
        client.post("/login", data={"email": "sari@example.id", "password": "kain biru pasar pagi"})
    statuses: list[int] = []

    def save(client, n):
        response = client.post("/brands/batik-sekar-lasem/edit",
                               data=form_data(city=f"Kota {n}", base_revision="1"))
        statuses.append(response.status_code)

    threads = [threading.Thread(target=save, args=(c, n)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] + [409] * 9
    assert revision_count(app) == 2


def test_a_logo_decodes_outside_any_database_transaction(app, owner_client, monkeypatch):
    """Decoding takes time; other owners never wait for it (no write lock held meanwhile)."""
    from io import BytesIO

    from tests import images
    from webapp.brands import service

    real_open = service.open_photo
    seen: list[bool] = []

    def watched_open(data, **kwargs):
        seen.append(get_session().in_transaction())
        return real_open(data, **kwargs)

    monkeypatch.setattr(service, "open_photo", watched_open)
    response = owner_client.post("/brands/batik-sekar-lasem/logo", data={
        "logo": (BytesIO(images.rgba_png((120, 80))), "logo.png"), "base_revision": "1"},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert seen == [False]
    assert revision_count(app) == 2


def test_logo_upload_is_reencoded_and_saved_as_a_revision(app, owner_client):
    from io import BytesIO

    from PIL import Image

    source = Image.new("RGBA", (300, 200), (155, 27, 27, 255))
    buffer = BytesIO()
    source.save(buffer, "PNG", pnginfo=None)
    payload = buffer.getvalue() + b"<script>alert(1)</script>"
    response = owner_client.post("/brands/batik-sekar-lasem/logo", data={
        "logo": (BytesIO(payload), "<logo>.png"), "base_revision": "1"},
        content_type="multipart/form-data")
    assert response.headers["Location"] == "/brands/batik-sekar-lasem"
    assert revision_count(app) == 2
    page = owner_client.get("/brands/batik-sekar-lasem").get_data(as_text=True)
    src = re.search(r'src="(/brands/batik-sekar-lasem/logos/[0-9a-f]{64}\.png)"', page).group(1)
    served = owner_client.get(src)
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert b"<script>" not in served.data
    with Image.open(BytesIO(served.data)) as logo:
        assert logo.format == "PNG" and logo.size == (300, 200)
    # other stored names, and other owners, get nothing
    logos = "/brands/batik-sekar-lasem/logos/"
    assert owner_client.get(logos + "0" * 64 + ".png").status_code == 404
    assert owner_client.get(logos + "..%2F..%2Fsecret_key").status_code == 404
    owner_client.post("/brands/batik-sekar-lasem/logo/remove", data={})
    assert revision_count(app) == 3
    assert src not in owner_client.get("/brands/batik-sekar-lasem").get_data(as_text=True)
    assert owner_client.get(src).status_code == 200  # older revisions keep their logo


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "Pilih file"), (b"bukan gambar", "bukan gambar"),
     (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "SVG belum"),
     (b"GIF89a" + b"\x00" * 20, "belum didukung")],
)
def test_a_bad_logo_file_gets_a_clear_message(app, owner_client, content, message):
    from io import BytesIO

    data = {"logo": (BytesIO(content), "logo.png"), "base_revision": "1"} if content else {
        "base_revision": "1"}
    response = owner_client.post("/brands/batik-sekar-lasem/logo", data=data,
                                 content_type="multipart/form-data")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert revision_count(app) == 1


def test_an_account_holds_a_limited_number_of_brands(app, owner_client, monkeypatch):
    """Creating or importing past the limit is refused with the reason; nothing is created."""
    from io import BytesIO

    from webapp.brands import service

    monkeypatch.setattr(service, "MAX_BRANDS_PER_OWNER", 2)
    assert owner_client.post("/brands/new", data=form_data(name="Kulit Sekar")).status_code == 302
    response = owner_client.post("/brands/new", data=form_data(name="Rotan Sekar"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "sudah memiliki 2 merek" in page and 'value="Rotan Sekar"' in page
    exported = owner_client.get("/brands/batik-sekar-lasem/export.json").data
    response = owner_client.post("/brands/import", content_type="multipart/form-data",
                                 data={"file": (BytesIO(exported), "merek.json")})
    assert response.status_code == 422 and "sudah memiliki 2 merek" in response.get_data(
        as_text=True)
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Brand)) == 2


def test_a_brands_pages_tell_time_in_its_provinces_zone(app, client, auth):
    """An owner in Jakarta (WIB) coaches a weaving group in Sumba: the group's pages say WITA,
    the owner's dashboard shows each brand in its own zone, a brand without a province says
    the owner's zone."""
    owner = auth.create()
    with app.app_context():
        create_brand(owner, "Tenun Rende", province="Nusa Tenggara Timur")
        create_brand(owner, "Batik Tanpa Provinsi")
    auth.login()
    page = client.get("/brands/tenun-rende").get_data(as_text=True)
    assert re.search(r"\d{2}\.\d{2} WITA", page) and " WIB" not in page
    history = client.get("/brands/tenun-rende/history").get_data(as_text=True)
    assert re.search(r"\d{2}\.\d{2} WITA", history)
    assert re.search(r"\d{2}\.\d{2} WIB", client.get("/brands/batik-tanpa-provinsi")
                     .get_data(as_text=True))
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert re.search(r"\d{2}\.\d{2} WITA", dashboard) and re.search(r"\d{2}\.\d{2} WIB",
                                                                   dashboard)


def test_the_profile_form_asks_the_craft_first_and_folds_the_rest(app, client, auth):
    """The essentials stay open; every other part is a <details> that opens by itself when one
    of its fields has an error. The craft (not saved) puts its techniques first."""
    owner = auth.create()
    with app.app_context():
        create_brand(owner, "Kulit Garut", techniques=["jahit_tangan"])
    auth.login()
    page = client.get("/brands/kulit-garut/edit").get_data(as_text=True)
    top, folded = page.split('<details class="form-section"', 1)
    for name in ("name", "craft", "city", "province"):
        assert f'id="{name}"' in top, name
    assert '<option selected value="kulit">' in top
    techniques = folded.split('id="techniques"')[1].split("</fieldset>")[0]
    first, more = techniques.split('<details class="chips__more"')
    assert 'value="tatah_timbul"' in first and 'value="batik_tulis"' not in first
    assert 'value="batik_tulis"' in more
    response = client.post("/brands/kulit-garut/edit", data=form_data(
        name="Kulit Garut", website="javascript:alert(1)", craft="kulit"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    contact = page[:page.index('id="website"')].rsplit("<details", 1)[1]
    assert contact.startswith(' class="form-section" open>')  # the error is never hidden
    with app.app_context():
        assert "craft" not in get_session().scalars(select(BrandRevision.profile)).first()
