"""Every route is safe for every visitor.

One test per kind of visitor walks EVERY URL rule of the app (read from app.url_map, so a new route
is walked the day it is added), with the real values of the demo owner's objects filled in: the
brand `contoh`, its revisions, products, photos, story pieces, listings and a built pack. Each
rule is requested with GET and, where it takes POST, with no CSRF token, a wrong token, and a
valid token with empty fields. No answer may be a server error, and nobody but the owner may
see the owner's data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import url_for
from sqlalchemy import select

from tests.factories import DEFAULT_PASSWORD, create_brand, create_user
from webapp.accounts import reset
from webapp.db import get_session
from webapp.models import Brand, BrandRevision, PackJob, Photo, Product, StoryDraft
from webapp.photos.links import signature
from webapp.stories.service import story_pieces, template_of

#: Words that are only in the demo owner's data (not in any page's examples): none may reach a
#: visitor or another owner.
SECRETS = ("Mbah Kasiyah", "BSL-LTH-001", "demo@studiocerita.id", "Ibu Sari (demo)")
#: Rules whose POST with a valid token deletes the owner's things or logs out: walked last, in
#: this order.
LAST = ("photos.delete", "products.delete", "classes.remove_trainer", "classes.end_share",
        "accounts.change_password", "accounts.logout")
#: Statuses a refusal may have; a 5xx is never one.
REFUSED = {302, 400, 403, 404, 405, 409, 413, 422, 429}


@dataclass
class Demo:
    """The demo owner's login and the values that fill every URL rule."""

    email: str
    password: str
    values: dict[str, Any]


@pytest.fixture
def demo(app) -> Demo:
    """The demo owner with everything a URL can name, and another owner with a brand."""
    app.config["JOBS_MODE"] = "inline"
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    email = re.search(r"email:\s+(\S+)", result.output).group(1)
    password = re.search(r"password:\s+(\S+)", result.output).group(1)
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    with app.app_context():
        brand = get_session().scalar(select(Brand).where(Brand.slug == "contoh"))
        product = get_session().scalar(select(Product).where(Product.brand_id == brand.id)
                                       .order_by(Product.id))
        photo = get_session().scalar(select(Photo).where(Photo.product_id == product.id)
                                     .order_by(Photo.position))
        brand_id, product_id, photo_id = brand.id, product.id, photo.id
    assert client.post("/brands/contoh/packs/", data={
        "products": [str(product_id)], "channels": ["shopee"], "language": "id"}
    ).status_code == 302
    # A preview makes a rendition that a signed public link can name.
    assert client.get(f"/brands/contoh/products/{product_id}/photos/{photo_id}/thumb.jpg"
                      ).status_code == 200
    with app.app_context():
        values = url_values(brand_id, product_id, photo_id, app)
        other = create_user(email="lain@example.id", name="Pemilik Lain")
        create_brand(other, name="Tenun Lain")
        values.update(class_values(brand_id))
    client.post("/logout", data={})
    return Demo(email, password, values)


def url_values(brand_id: int, product_id: int, photo_id: int, app) -> dict[str, Any]:
    """The value of every URL argument, taken from the demo owner's real objects."""
    session = get_session()
    job = session.scalar(select(PackJob).where(PackJob.brand_id == brand_id))
    draft = session.scalar(select(StoryDraft).where(StoryDraft.brand_id == brand_id))
    template = template_of(draft)
    piece = story_pieces(draft, template, "id")[0].name
    logos = [r.profile.get("logo") for r in session.scalars(
        select(BrandRevision).where(BrandRevision.brand_id == brand_id)) if r.profile.get("logo")]
    rendition = sorted(Path(app.config["MEDIA_ROOT"], "renditions").rglob("*.jpg"))[0].name
    with app.test_request_context():
        signed = signature(rendition)
        owner = session.get(Brand, brand_id).owner
        token = reset.make_token(owner)  # a live reset link of the demo owner
    return {
        "slug": "contoh", "product_id": product_id, "photo_id": photo_id, "job_id": job.id,
        "number": 1, "step_id": template.steps[0].id, "language": "id", "piece": piece,
        "channel_id": "shopee", "field": "title", "direction": "down",
        "name": logos[0] if logos else f"{'a' * 64}.png", "signed": signed,
        "filename": "css/app.css", "token": token,
    }


TRAINER = "pendamping.uji@example.id"


def class_values(brand_id: int) -> dict[str, Any]:
    """A class whose trainer (and a co-trainer) sees the demo brand, shared by its owner."""
    from webapp.classes import service as classes

    trainer = create_user(email=TRAINER, name="Pendamping Uji")
    kelas = classes.create_class(trainer, "Kelas Uji")
    co = classes.add_trainer(kelas, trainer, create_user(email="bantu.uji@example.id").email)
    brand = get_session().get(Brand, brand_id)
    classes.join(brand.owner, kelas.code, [brand_id])
    share = classes.active_share(kelas.id, brand_id)
    return {"class_id": kelas.id, "code": kelas.code, "share_id": share.id,
            "trainer_id": co.id, "comment_id": 1}


def walk(app, client, values: dict[str, Any]) -> list[tuple[str, str, str, int, str]]:
    """Request every rule every way; return (variant, method, url, status, body) per answer."""
    answers = []
    rules = sorted(app.url_map.iter_rules(),
                   key=lambda r: (LAST.index(r.endpoint) if r.endpoint in LAST else -1,
                                  r.endpoint))
    for rule in rules:
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
        methods = rule.methods - {"HEAD", "OPTIONS"}
        if "GET" in methods:
            answers.append(("get", "GET", url, *answer(client.get(url))))
        if "POST" in methods:
            answers.append(("no token", "POST", url, *answer(client.post(url, data={},
                                                                            csrf=False))))
            answers.append(("wrong token", "POST", url,
                            *answer(client.post(url, data={"csrf_token": "x" * 40}))))
            answers.append(("empty", "POST", url, *answer(client.post(url, data={}))))
    return answers


def answer(response) -> tuple[int, str]:
    """The status and the text of a response (binary bodies read as Latin-1)."""
    return response.status_code, response.get_data().decode("latin-1")


def assert_no_server_error(answers) -> None:
    """No answer is a 5xx."""
    failures = [f"{variant} {method} {url} -> {status}"
                for variant, method, url, status, _body in answers if status >= 500]
    assert not failures, "\n".join(failures)


def assert_nothing_of_the_owner(answers) -> None:
    """None of the owner's data is in any answer."""
    leaks = [f"{variant} {method} {url} shows {secret!r}"
             for variant, method, url, _status, body in answers
             for secret in SECRETS if secret in body]
    assert not leaks, "\n".join(leaks)


def test_every_rule_is_safe_for_a_visitor(app, client, demo):
    answers = walk(app, client, demo.values)
    assert_no_server_error(answers)
    assert_nothing_of_the_owner(answers)
    for variant, method, url, status, _body in answers:
        if url.startswith("/brands") and variant == "get":
            assert status == 302, f"{method} {url} -> {status}"  # to the login page


def test_every_rule_is_safe_for_another_owner(app, client, auth, demo):
    assert auth.login(email="lain@example.id").status_code == 302
    answers = walk(app, client, demo.values)
    assert_no_server_error(answers)
    assert_nothing_of_the_owner(answers)
    for _variant, method, url, status, _body in answers:
        if url.startswith("/brands/contoh"):
            assert status in REFUSED - {302}, f"{method} {url} -> {status}"


def test_every_rule_is_safe_for_the_owner(app, client, demo):
    client.post("/login", data={"email": demo.email, "password": demo.password})
    answers = walk(app, client, demo.values)
    assert_no_server_error(answers)
    seen = {(variant, url): status for variant, _method, url, status, _body in answers}
    assert seen[("get", "/brands/contoh")] == 200
    assert seen[("empty", "/brands/contoh/edit")] == 422  # a form that fails says so


def test_a_trainer_of_another_class_gets_nothing_of_a_shared_brand(app, client, auth, demo):
    """The other owner opens a class of their own: the demo class's pages and brand stay 404."""
    assert auth.login(email="lain@example.id").status_code == 302
    assert client.post("/classes/new", data={"name": "Kelas Lain"}).status_code == 302
    answers = walk(app, client, demo.values)
    assert_no_server_error(answers)
    assert_nothing_of_the_owner(answers)
    for variant, method, url, status, _body in answers:
        if url.startswith(f"/classes/{demo.values['class_id']}") and variant == "get":
            assert status == 404, f"{method} {url} -> {status}"


def test_the_class_trainer_reads_the_shared_brand_and_nothing_fails(app, client, demo):
    assert client.post("/login", data={"email": TRAINER, "password": DEFAULT_PASSWORD}
                       ).status_code == 302
    answers = walk(app, client, demo.values)
    assert_no_server_error(answers)
    seen = {(variant, url): status for variant, _method, url, status, _body in answers}
    assert seen[("get", f"/classes/{demo.values['class_id']}/brands/contoh")] == 200
    assert seen[("get", "/brands/contoh")] == 404  # the owner's own pages stay the owner's


@pytest.mark.parametrize("ended", ["share ended", "co-trainer removed"])
def test_a_trainer_whose_access_ended_gets_404_on_every_class_page(app, client, demo, ended):
    """After the owner stops sharing, or after the lead removes a co-trainer, nothing of the
    brand or the class reaches them: every class URL naming it is a 404."""
    from webapp.classes import service as classes
    from webapp.models import Kelas, KelasShare, User

    with app.app_context():
        kelas = get_session().get(Kelas, demo.values["class_id"])
        if ended == "share ended":
            share = get_session().get(KelasShare, demo.values["share_id"])
            classes.end_share(share.brand.owner, share.id)
            email = TRAINER
        else:
            lead = get_session().scalar(select(User).where(User.email == TRAINER))
            classes.remove_trainer(kelas, lead, demo.values["trainer_id"])
            email = "bantu.uji@example.id"
    assert client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD}
                       ).status_code == 302
    answers = walk(app, client, demo.values)
    assert_no_server_error(answers)
    assert_nothing_of_the_owner(answers)
    brand_pages = f"/classes/{demo.values['class_id']}/brands/contoh"
    for variant, method, url, status, _body in answers:
        if url.startswith(brand_pages) and variant == "get":
            assert status == 404, f"{method} {url} -> {status}"
        if ended == "co-trainer removed" and url.startswith(f"/classes/{demo.values['class_id']}/"):
            assert status in REFUSED and status != 200, f"{method} {url} -> {status}"


def test_ids_past_the_columns_range_are_not_found(app, client, demo):
    client.post("/login", data={"email": demo.email, "password": demo.password})
    for number in ("2147483648", "9223372036854775808", "0", "-1", "١", "²"):
        for url in (f"/brands/contoh/revisions/{number}", f"/brands/contoh/products/{number}",
                    f"/brands/contoh/packs/{number}.json",
                    f"/brands/contoh/products/{demo.values['product_id']}/photos/{number}",
                    f"/brands/contoh/compare?a={number}&b=1"):
            assert client.get(url).status_code == 404, url


def test_unknown_values_in_every_rule_are_not_found_never_an_error(app, client, demo):
    client.post("/login", data={"email": demo.email, "password": demo.password})
    unknown = {**demo.values, "channel_id": "bukan_kanal", "field": "judul_lain",
               "language": "jv", "piece": "bukan_bagian", "step_id": "bukan_langkah",
               "direction": "miring", "name": "bukan-logo.png", "signed": "0" * 32}
    answers = [a for a in walk(app, client, unknown) if a[0] in ("get", "empty")]
    assert_no_server_error(answers)


def test_a_rate_limited_password_change_is_a_429_not_an_error(app_factory, auth):
    app = app_factory(RATELIMIT_ENABLED=True, RATELIMIT_PASSWORD="2 per minute")
    client = app.test_client()
    auth = type(auth)(app, client)
    auth.create()
    auth.login()
    statuses = [client.post("/account/password", data={"current": "salah sekali",
                                                       "password": "x", "confirm": "y"}
                            ).status_code for _ in range(4)]
    assert statuses == [422, 422, 429, 429]
