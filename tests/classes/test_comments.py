"""Trainer comments and suggested text: who may write them, which targets exist, how the owner
sees them (dashboard and beside each thing), replies, done, and accepting or declining a
suggestion through the owner's own save paths. A trainer never changes content."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import create_brand, create_user, logged_in
from tests.stories.test_pages import ASAL_USUL
from webapp.classes import service
from webapp.db import get_session
from webapp.models import (
    Brand,
    BrandRevision,
    Comment,
    ListingCopy,
    StoryDraft,
    TrainerVisit,
)
from webapp.products.service import create_product
from webapp.stories import service as stories

OWNER, TRAINER, HELPER, OTHER = ("sari@example.id", "guru@example.id", "bantu@example.id",
                                 "lain@example.id")
SLUG = "batik-sekar-lasem"
PIECE = "tagline"
SUGGESTED = "Batik tulis Lasem dari tangan dua belas ibu di Babagan."


log_in = logged_in


@pytest.fixture
def world(app):
    """An owner's brand with a saved story (revision 2) and a product, shared with a class
    (lead trainer and a co-trainer); another class; another owner's brand and product."""
    with app.app_context():
        owner = create_user(email=OWNER, name="Ibu Sari")
        brand = create_brand(owner, city="Lasem, Rembang", province="Jawa Tengah",
                             techniques=["batik_tulis"], channels=["shopee"])
        draft = stories.start_story(brand, "asal_usul", {"name": "Batik Sekar Lasem"})
        for step_id, answers in ASAL_USUL.items():
            stories.save_step(draft, step_id, answers, "next")
        stories.save_story(brand, owner, draft, "Cerita merek")
        product = create_product(brand, {"name": "Kain Batik Tulis Lasem"})
        trainer = create_user(email=TRAINER, name="Pak Guru")
        helper = create_user(email=HELPER, name="Bu Bantu")
        other = create_user(email=OTHER, name="Pak Lain")
        kelas = service.create_class(trainer, "Kelas Batik Lasem")
        service.add_trainer(kelas, trainer, HELPER)
        service.join(owner, kelas.code, [brand.id])
        other_class = service.create_class(other, "Kelas Lain")
        stranger = create_user(email="pemilik@example.id", name="Pemilik Lain")
        foreign = create_product(create_brand(stranger, "Tenun Lain"), {"name": "Kain Tenun"})
        assert brand.head_number == 2
        return {"class_id": kelas.id, "other_class": other_class.id, "product": product.id,
                "foreign_product": foreign.id, "helper_id": helper.id}


def url(world, class_id=None) -> str:
    return f"/classes/{class_id or world['class_id']}/brands/{SLUG}/comments"


def listing_target(world, field="title") -> str:
    return f"listing:{world['product']}:shopee:{field}"


def comments(app) -> list[Comment]:
    with app.app_context():
        rows = get_session().scalars(select(Comment).order_by(Comment.id)).all()
        for row in rows:
            get_session().expunge(row)
        return rows


def post_comment(client, world, target, body="Bagus, tambahkan asal motifnya.", **extra):
    return client.post(url(world, extra.pop("class_id", None)),
                       data={"target": target, "body": body, **extra})


def piece_text(app) -> str:
    """The tagline as the owner's result page shows it now."""
    with app.app_context():
        brand = get_session().scalar(select(Brand).where(Brand.slug == SLUG))
        draft = stories.load_draft(brand)
        views = stories.story_pieces(draft, stories.template_of(draft), "id")
        return next(view.text for view in views if view.name == PIECE)


# --- the trainer writes -------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["revision", "piece", "listing"])
def test_a_trainer_comments_on_each_kind_of_target(app, world, kind):
    target = {"revision": "revision:2", "piece": f"piece:id:{PIECE}",
              "listing": listing_target(world)}[kind]
    trainer = log_in(app, TRAINER)
    response = post_comment(trainer, world, target)
    assert response.status_code == 302
    [comment] = comments(app)
    assert (comment.target, comment.class_id, comment.author_name, comment.status) == (
        target, world["class_id"], "Pak Guru", "open")
    assert comment.body == "Bagus, tambahkan asal motifnya." and comment.suggestion is None
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    page = trainer.get(url(world)).get_data(as_text=True)
    assert "Bagus, tambahkan asal motifnya." in page
    with app.app_context():  # the owner's "Akses pendamping" list shows it
        assert get_session().scalar(select(func.count(TrainerVisit.id)).where(
            TrainerVisit.page == "comment")) == 1


def test_a_co_trainer_comments_too(app, world):
    assert post_comment(log_in(app, HELPER), world, "revision:1").status_code == 302
    assert comments(app)[0].author_name == "Bu Bantu"


@pytest.mark.parametrize(("target", "extra", "message"), [
    ("revision:3", {}, "Revisi 3 tidak ada pada merek ini."),
    ("revision:0", {}, "Revisi 0 tidak ada pada merek ini."),
    ("piece:id:bukan_bagian", {}, "Bagian cerita itu tidak ada"),
    ("piece:jv:tagline", {}, "Bagian yang dikomentari tidak dikenali"),
    ("listing:{foreign}:shopee:title", {}, "Produk itu tidak ada pada merek ini."),
    ("listing:9999999999:shopee:title", {}, "Produk itu tidak ada pada merek ini."),
    ("listing:{product}:bukan_kanal:title", {}, "Kanal itu tidak dikenal."),
    ("listing:{product}:shopee:caption", {}, "tidak memiliki bagian teks tersebut"),
    ("", {}, "Bagian yang dikomentari tidak dikenali"),
    ("revision:1<script>", {}, "Bagian yang dikomentari tidak dikenali"),
    ("revision:1", {"suggestion": "Teks baru"}, "Saran teks hanya bisa diberikan"),
    ("revision:1", {"body": "  "}, "Tulis komentar atau saran teks."),
    ("revision:1", {"body": "x" * 2001}, "Paling banyak 2000 karakter."),
])
def test_bad_targets_and_bodies_are_refused_with_a_reason(app, world, target, extra, message):
    target = target.format(product=world["product"], foreign=world["foreign_product"])
    trainer = log_in(app, TRAINER)
    data = {"body": "Komentar yang saya ketik", **extra}
    response = post_comment(trainer, world, target, **data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert (data["body"].strip() or "") in page  # what was typed is shown again
    assert comments(app) == []


def test_a_story_piece_of_a_brand_without_a_story_is_refused(app, world):
    with app.app_context():
        owner = get_session().scalar(select(Brand).where(Brand.slug == SLUG)).owner
        other = create_brand(owner, "Kulit Garut")
        service.join(owner, get_session().get(service.Kelas, world["class_id"]).code,
                     [other.id])
        slug = other.slug
    response = log_in(app, TRAINER).post(f"/classes/{world['class_id']}/brands/{slug}/comments",
                                         data={"target": "piece:id:tagline", "body": "Hai"})
    assert response.status_code == 422
    assert "belum punya cerita" in response.get_data(as_text=True)
    assert comments(app) == []


def end_share(app):
    with app.app_context():
        owner = get_session().scalar(select(Brand).where(Brand.slug == SLUG)).owner
        share = service.shares_of(owner)[0]
        service.end_share(owner, share.id)


def remove_helper(app, world):
    with app.app_context():
        kelas = get_session().get(service.Kelas, world["class_id"])
        lead = get_session().scalar(select(service.User).where(service.User.email == TRAINER))
        row = service.trainer_row(kelas.id, world["helper_id"])
        service.remove_trainer(kelas, lead, row.id)


@pytest.mark.parametrize("who", ["other class", "share ended", "removed co-trainer", "owner"])
def test_anyone_but_a_trainer_of_a_sharing_class_gets_404_and_nothing_is_stored(app, world, who):
    email, class_id = TRAINER, world["class_id"]
    if who == "other class":
        email, class_id = OTHER, world["other_class"]
    elif who == "share ended":
        end_share(app)
    elif who == "removed co-trainer":
        email = HELPER
        remove_helper(app, world)
    elif who == "owner":
        email = OWNER
    client = log_in(app, email)
    for target in ("revision:1", f"piece:id:{PIECE}", listing_target(world)):
        assert post_comment(client, world, target, class_id=class_id).status_code == 404
    assert client.get(url(world, class_id)).status_code == 404
    assert comments(app) == []


def test_a_trainer_cannot_answer_for_the_owner(app, world):
    trainer = log_in(app, TRAINER)
    post_comment(trainer, world, f"piece:id:{PIECE}", suggestion=SUGGESTED)
    [comment] = comments(app)
    before = piece_text(app)
    for action in ("accept", "decline", "done", "reply"):
        response = trainer.post(f"/brands/{SLUG}/comments/{comment.id}/{action}",
                                data={"body": "Saya terima"})
        assert response.status_code == 404, action
    assert trainer.get(f"/brands/{SLUG}/comments/{comment.id}").status_code == 404
    assert piece_text(app) == before
    assert [c.status for c in comments(app)] == ["open"]


# --- the owner reads and answers ---------------------------------------------------------------

def test_the_owner_sees_new_comments_on_the_dashboard_and_beside_each_thing(app, world):
    trainer = log_in(app, TRAINER)
    post_comment(trainer, world, "revision:2", body="Catatan revisi dua")
    post_comment(trainer, world, f"piece:id:{PIECE}", body="Catatan tagline")
    post_comment(trainer, world, listing_target(world), body="Catatan judul Shopee")
    revision, piece, listing = comments(app)
    owner = log_in(app, OWNER)
    dashboard = owner.get("/dashboard").get_data(as_text=True)
    assert "Komentar pendamping" in dashboard
    for comment in (revision, piece, listing):
        assert f"/brands/{SLUG}/comments/{comment.id}" in dashboard
    assert dashboard.count(">baru<") == 3 and "Kain Batik Tulis Lasem" in dashboard

    opened = owner.get(f"/brands/{SLUG}/comments/{listing.id}")
    assert opened.status_code == 302
    assert opened.headers["Location"] == (f"/brands/{SLUG}/products/{world['product']}/listings/"
                                          f"shopee#comment-{listing.id}")
    assert comments(app)[2].seen_at is not None and comments(app)[0].seen_at is None
    assert owner.get("/dashboard").get_data(as_text=True).count(">baru<") == 2

    page = owner.get(f"/brands/{SLUG}/revisions/2").get_data(as_text=True)
    assert "Catatan revisi dua" in page and "Catatan tagline" not in page
    assert "Catatan revisi dua" not in owner.get(f"/brands/{SLUG}/revisions/1").get_data(
        as_text=True)
    page = owner.get(f"/brands/{SLUG}/story/result").get_data(as_text=True)
    tagline = page[page.index(f'id="piece-{PIECE}"'):]
    assert "Catatan tagline" in tagline[:tagline.index("</details>")]
    page = owner.get(f"/brands/{SLUG}/products/{world['product']}/listings/shopee")
    page = page.get_data(as_text=True)
    title = page[page.index('id="field-title"'):]
    assert "Catatan judul Shopee" in title[:title.index("</section>")]


def test_the_owner_replies_and_the_trainer_reads_it(app, world):
    trainer = log_in(app, TRAINER)
    post_comment(trainer, world, "revision:2")
    [comment] = comments(app)
    owner = log_in(app, OWNER)
    response = owner.post(f"/brands/{SLUG}/comments/{comment.id}/reply",
                          data={"body": "Terima kasih, Pak.\nSaya tambahkan."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/revisions/2#comment-{comment.id}")
    _root, answer = comments(app)
    assert (answer.parent_id, answer.author_name, answer.target) == (
        comment.id, "Ibu Sari", "revision:2")
    assert "Saya tambahkan." in trainer.get(url(world)).get_data(as_text=True)
    # the trainer answers back in the thread; the owner sees it as new again
    assert post_comment(trainer, world, "", body="Sip.", parent=str(comment.id)
                        ).status_code == 302
    assert comments(app)[2].parent_id == comment.id and comments(app)[0].seen_at is None


def test_a_trainer_reply_to_a_closed_thread_is_refused(app, world):
    trainer = log_in(app, TRAINER)
    post_comment(trainer, world, "revision:2")
    [comment] = comments(app)
    log_in(app, OWNER).post(f"/brands/{SLUG}/comments/{comment.id}/done", data={})
    response = post_comment(trainer, world, "", body="Satu lagi", parent=str(comment.id))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Komentar ini sudah ditutup." in page and "Satu lagi" in page
    assert post_comment(trainer, world, "", parent="abc").status_code == 404
    assert post_comment(trainer, world, "", parent="999").status_code == 404
    assert len(comments(app)) == 1


def test_an_expired_token_shows_the_comment_again_with_what_was_typed(app, world):
    trainer = log_in(app, TRAINER)
    response = trainer.post(url(world), data={"target": "revision:2", "body": "Hampir hilang"},
                            csrf=False)
    assert response.status_code == 400
    assert "Hampir hilang" in response.get_data(as_text=True)
    assert comments(app) == []


def test_an_empty_reply_is_shown_again_with_a_reason(app, world):
    post_comment(log_in(app, TRAINER), world, "revision:2")
    [comment] = comments(app)
    owner = log_in(app, OWNER)
    response = owner.post(f"/brands/{SLUG}/comments/{comment.id}/reply", data={"body": " "})
    assert response.status_code == 422
    assert "Bagian ini wajib diisi." in response.get_data(as_text=True)
    long = owner.post(f"/brands/{SLUG}/comments/{comment.id}/reply", data={"body": "k" * 2001})
    assert long.status_code == 422 and "k" * 2001 in long.get_data(as_text=True)
    assert len(comments(app)) == 1


def test_marking_done_closes_the_thread(app, world):
    post_comment(log_in(app, TRAINER), world, "revision:2", body="Catatan selesai")
    [comment] = comments(app)
    owner = log_in(app, OWNER)
    assert owner.post(f"/brands/{SLUG}/comments/{comment.id}/done", data={}
                      ).status_code == 302
    [done] = comments(app)
    assert done.status == "done" and done.resolved_at is not None
    assert "Catatan selesai" not in owner.get("/dashboard").get_data(as_text=True)
    assert "Catatan selesai" not in owner.get(f"/brands/{SLUG}/revisions/2").get_data(
        as_text=True)


def test_another_owners_comment_is_not_found(app, world):
    post_comment(log_in(app, TRAINER), world, "revision:2")
    [comment] = comments(app)
    stranger = log_in(app, "pemilik@example.id")
    for path in ("", "/reply", "/done", "/accept", "/decline"):
        for slug in (SLUG, "tenun-lain"):
            where = f"/brands/{slug}/comments/{comment.id}{path}"
            answer = stranger.post(where, data={"body": "x"}) if path else stranger.get(where)
            assert answer.status_code == 404, where
    assert [c.status for c in comments(app)] == ["open"]


# --- suggestions -------------------------------------------------------------------------------

def revisions(app) -> list[BrandRevision]:
    with app.app_context():
        rows = get_session().scalars(
            select(BrandRevision).join(Brand, Brand.id == BrandRevision.brand_id)
            .where(Brand.slug == SLUG).order_by(BrandRevision.number)).all()
        for row in rows:
            get_session().expunge(row)
        return rows


def test_accepting_a_story_piece_suggestion_saves_it_as_the_owners_revision(app, world):
    trainer = log_in(app, TRAINER)
    before = piece_text(app)
    post_comment(trainer, world, f"piece:id:{PIECE}", body="Lebih dekat ke pembatiknya?",
                 suggestion=SUGGESTED)
    [comment] = comments(app)
    assert comment.suggestion == SUGGESTED and piece_text(app) == before  # nothing changed yet
    owner = log_in(app, OWNER)
    page = owner.get(f"/brands/{SLUG}/story/result").get_data(as_text=True)
    assert "<ins>" in page and "Terima saran" in page  # the word-level difference
    response = owner.post(f"/brands/{SLUG}/comments/{comment.id}/accept", data={})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/story/result#comment-{comment.id}")
    assert piece_text(app) == SUGGESTED
    head = revisions(app)[-1]
    assert head.number == 3 and head.author_name == "Ibu Sari"
    assert "Saran pendamping Pak Guru diterima" in head.note
    assert head.profile["story"]["pieces"]["id"][PIECE] == SUGGESTED
    with app.app_context():
        assert get_session().scalar(select(StoryDraft.edited))["id"][PIECE] == SUGGESTED
    [accepted] = comments(app)
    assert accepted.status == "accepted" and accepted.resolved_at is not None
    again = owner.post(f"/brands/{SLUG}/comments/{comment.id}/accept", data={},
                       follow_redirects=True)
    assert "Komentar ini sudah ditutup." in again.get_data(as_text=True)
    assert len(revisions(app)) == 3


def test_accepting_a_listing_suggestion_saves_the_owners_listing_text(app, world):
    trainer = log_in(app, TRAINER)
    text = "Kain Batik Tulis Lasem Sekar Jagad Merah Pewarna Alam"
    post_comment(trainer, world, listing_target(world), body="", suggestion=text)
    [comment] = comments(app)
    with app.app_context():
        assert get_session().scalar(select(func.count(ListingCopy.id))) == 0
    owner = log_in(app, OWNER)
    assert owner.post(f"/brands/{SLUG}/comments/{comment.id}/accept", data={}
                      ).status_code == 302
    with app.app_context():
        row = get_session().scalar(select(ListingCopy))
        assert (row.product_id, row.channel_id, row.field, row.text) == (
            world["product"], "shopee", "title", text)
    [accepted] = comments(app)
    assert accepted.status == "accepted" and accepted.author_name == "Pak Guru"
    page = owner.get(f"/brands/{SLUG}/products/{world['product']}/listings/shopee")
    assert text in page.get_data(as_text=True)


def test_declining_a_suggestion_changes_nothing(app, world):
    trainer = log_in(app, TRAINER)
    before = piece_text(app)
    post_comment(trainer, world, f"piece:id:{PIECE}", suggestion=SUGGESTED)
    post_comment(trainer, world, listing_target(world), suggestion="Judul lain sama sekali")
    owner = log_in(app, OWNER)
    for comment in comments(app):
        assert owner.post(f"/brands/{SLUG}/comments/{comment.id}/decline", data={}
                          ).status_code == 302
    assert [c.status for c in comments(app)] == ["declined", "declined"]
    assert piece_text(app) == before and len(revisions(app)) == 2
    with app.app_context():
        assert get_session().scalar(select(func.count(ListingCopy.id))) == 0


def test_a_suggestion_that_only_repeats_the_current_text_is_a_plain_comment(app, world):
    post_comment(log_in(app, TRAINER), world, f"piece:id:{PIECE}", body="Sudah bagus.",
                 suggestion=piece_text(app) + "\r\n")
    [comment] = comments(app)
    assert comment.suggestion is None and comment.body == "Sudah bagus."


def test_the_reading_view_box_starts_the_suggestion_from_the_current_text(app, world):
    from flask import render_template_string

    with app.test_request_context():
        from flask_login import login_user

        session = get_session()
        login_user(session.scalar(select(service.User).where(service.User.email == TRAINER)))
        brand = session.scalar(select(Brand).where(Brand.slug == SLUG))
        kelas = session.get(service.Kelas, world["class_id"])
        html = render_template_string(
            '{% from "classes/_comments.html" import comment_form %}'
            '{{ comment_form(kelas, brand, target, "Tagline", text) }}',
            kelas=kelas, brand=brand, target=f"piece:id:{PIECE}", text="Teks <b>sekarang</b>")
    assert 'name="target" value="piece:id:tagline"' in html
    assert re.search(r'name="suggestion"[^>]*>\nTeks &lt;b&gt;sekarang&lt;/b&gt;</textarea>', html)
    assert f'action="/classes/{world["class_id"]}/brands/{SLUG}/comments"' in html


def test_markup_in_a_comment_is_shown_as_text_with_its_line_breaks(app, world):
    body = '<script>alert("x")</script>\n<b>baris dua</b>'
    post_comment(log_in(app, TRAINER), world, "revision:2", body=body)
    [comment] = comments(app)
    assert comment.body == body
    owner = log_in(app, OWNER)
    for path in (f"/brands/{SLUG}/revisions/2", "/dashboard"):
        page = owner.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<b>baris" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    page = owner.get(f"/brands/{SLUG}/revisions/2").get_data(as_text=True)
    assert re.search(r'class="preserve-lines">&lt;script&gt;[^<]*\n&lt;b&gt;baris dua', page)
