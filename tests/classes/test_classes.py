"""Classes: opening one, co-trainers, joining with a code, sharing and ending it, the trainer's
reading view and every access rule (anything not shared now is a 404)."""

from __future__ import annotations

from io import BytesIO
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests.factories import create_brand, create_user, logged_in
from tests.images import photo_jpeg
from webapp.classes import service
from webapp.db import get_session
from webapp.models import Kelas, KelasShare, TrainerVisit
from webapp.products.service import create_product

OWNER = "sari@example.id"
TRAINER = "guru@example.id"


log_in = logged_in


@pytest.fixture
def people(app):
    """An owner with two brands (one with a product and a photo), a trainer, a co-trainer and
    another class's trainer."""
    with app.app_context():
        owner = create_user(email=OWNER, name="Ibu Sari")
        create_brand(owner, whatsapp="+6281234567890", instagram="sekarlasem")
        create_brand(owner, "Kulit Garut", city="Garut")
        for email, name in ((TRAINER, "Pak Guru"), ("bantu@example.id", "Bu Bantu"),
                            ("lain@example.id", "Pak Lain")):
            create_user(email=email, name=name)
    return app


def open_class(app, email=TRAINER, name="Kelas Batik Lasem") -> SimpleNamespace:
    client = log_in(app, email)
    response = client.post("/classes/new", data={"name": name, "organiser": "BPIFK",
                                                 "starts_on": "2026-12-01", "ends_on": ""})
    assert response.status_code == 302
    with app.app_context():
        kelas = get_session().scalar(select(Kelas).where(Kelas.name == name))
        return SimpleNamespace(id=kelas.id, code=kelas.code)


def share(app, kelas, slugs=("batik-sekar-lasem",), contacts=False):
    client = log_in(app, OWNER)
    with app.app_context():
        from webapp.models import Brand

        ids = [str(get_session().scalar(select(Brand.id).where(Brand.slug == slug)))
               for slug in slugs]
    page = client.get(f"/classes/join/{kelas.code}")
    assert page.status_code == 200 and "Pak Guru" in page.get_data(as_text=True)
    data = {"brands": ids, **({"show_contacts": "y"} if contacts else {})}
    assert client.post(f"/classes/join/{kelas.code}", data=data).status_code == 302
    return client


def test_open_a_class_add_a_co_trainer_join_with_a_code_as_typed(people):
    app = people
    kelas = open_class(app)
    assert len(kelas.code) == 6 and set(kelas.code) <= set(service.CODE_ALPHABET)
    trainer = log_in(app, TRAINER)
    assert trainer.post(f"/classes/{kelas.id}/trainers",
                        data={"email": " BANTU@example.id "}).status_code == 302
    refused = trainer.post(f"/classes/{kelas.id}/trainers", data={"email": "siapa@example.id"})
    assert refused.status_code == 422 and "Belum ada akun" in refused.get_data(as_text=True)
    # an owner types the code in lower case with a space: the class is found
    owner = log_in(app, OWNER)
    typed = kelas.code[:3].lower() + " " + kelas.code[3:].lower()
    response = owner.post("/classes/join", data={"code": typed})
    assert response.headers["Location"] == f"/classes/join/{kelas.code}"
    wrong = owner.post("/classes/join", data={"code": "ZZZZZZ"})
    assert wrong.status_code == 422 and "tidak dikenal" in wrong.get_data(as_text=True)


def test_sharing_shows_whom_and_ending_it_removes_access_at_once(people):
    app = people
    kelas = open_class(app)
    owner = share(app, kelas)
    trainer = log_in(app, TRAINER)
    url = f"/classes/{kelas.id}/brands/batik-sekar-lasem"
    page = trainer.get(url)
    assert page.status_code == 200
    assert "Pemilik memilih untuk tidak menampilkan kontak" in page.get_data(as_text=True)
    assert "sekarlasem" not in page.get_data(as_text=True)
    # the brand not shared is a 404, like a brand that does not exist
    assert trainer.get(f"/classes/{kelas.id}/brands/kulit-garut").status_code == 404
    # the owner sees the share and the visit, then ends it
    sharing = owner.get("/account/sharing").get_data(as_text=True)
    assert "Kelas Batik Lasem" in sharing and "Pak Guru" in sharing
    assert "Pak Guru (kelas Kelas Batik Lasem) membuka Batik Sekar Lasem" in sharing
    with app.app_context():
        share_id = get_session().scalar(select(KelasShare.id))
    assert owner.post(f"/account/sharing/{share_id}/end", data={}).status_code == 302
    assert trainer.get(url).status_code == 404
    assert "berhenti" in owner.get("/account/sharing").get_data(as_text=True)


def test_contacts_show_only_when_the_owner_chose_to(people):
    app = people
    kelas = open_class(app)
    share(app, kelas, contacts=True)
    page = log_in(app, TRAINER).get(f"/classes/{kelas.id}/brands/batik-sekar-lasem")
    assert "@sekarlasem" in page.get_data(as_text=True)


def test_every_access_rule_answers_404(people):
    app = people
    kelas_a = open_class(app)
    kelas_b = open_class(app, "lain@example.id", "Kelas Lain")
    share(app, kelas_a)
    url = "/brands/batik-sekar-lasem"
    other = log_in(app, "lain@example.id")
    # a trainer of class B asks for a brand shared only with class A, through either class
    assert other.get(f"/classes/{kelas_b.id}{url}").status_code == 404
    assert other.get(f"/classes/{kelas_a.id}{url}").status_code == 404
    assert other.get(f"/classes/{kelas_a.id}/trainers").status_code == 404
    # a co-trainer sees it until the lead removes them
    lead = log_in(app, TRAINER)
    lead.post(f"/classes/{kelas_a.id}/trainers", data={"email": "bantu@example.id"})
    helper = log_in(app, "bantu@example.id")
    assert helper.get(f"/classes/{kelas_a.id}{url}").status_code == 200
    with app.app_context():
        row_id = next(t.id for t in get_session().get(Kelas, kelas_a.id).trainers
                      if t.role == "co")
    # only the lead manages trainers; the lead cannot be removed
    assert helper.post(f"/classes/{kelas_a.id}/trainers/{row_id}/remove",
                       data={}).status_code == 302
    assert helper.get(f"/classes/{kelas_a.id}{url}").status_code == 200
    assert lead.post(f"/classes/{kelas_a.id}/trainers/{row_id}/remove",
                     data={}).status_code == 302
    assert helper.get(f"/classes/{kelas_a.id}{url}").status_code == 404
    # the owner's own brand pages stay the owner's: a trainer gets 404 there too
    assert lead.get(url).status_code == 404
    # an owner cannot end another owner's share, nor share a brand that is not theirs
    with app.app_context():
        share_id = get_session().scalar(select(KelasShare.id))
    assert other.post(f"/account/sharing/{share_id}/end", data={}).status_code == 404
    with app.app_context(), pytest.raises(service.ClassError):
        from webapp.models import Brand, User

        stranger = get_session().scalar(select(User).where(User.email == "lain@example.id"))
        brand_id = get_session().scalar(select(Brand.id))
        service.join(stranger, kelas_a.code, [brand_id])


def test_visits_are_logged_and_photos_served_only_while_shared(people):
    app = people
    kelas = open_class(app)
    with app.app_context():
        from webapp.models import Brand

        brand = get_session().scalar(select(Brand).where(Brand.slug == "batik-sekar-lasem"))
        product_id = create_product(brand, {"name": "Kain Lasem"}).id
    owner = share(app, kelas)
    owner.post(f"/brands/batik-sekar-lasem/products/{product_id}/photos/",
               data={"photos": [(BytesIO(photo_jpeg(800, 800)), "kain.jpg")]},
               content_type="multipart/form-data")
    trainer = log_in(app, TRAINER)
    page = trainer.get(f"/classes/{kelas.id}/brands/batik-sekar-lasem").get_data(as_text=True)
    assert "Kain Lasem" in page
    thumb = next(part.split('"')[0] for part in page.split('src="') if "thumb.jpg" in part)
    assert trainer.get(thumb).status_code == 200
    assert log_in(app, "lain@example.id").get(thumb).status_code == 404
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(TrainerVisit)) == 1
