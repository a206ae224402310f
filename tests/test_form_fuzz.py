"""Every input is checked before it reaches the database.

Each form page of the demo owner is read like a browser reads it (its fields by name); then the
form is sent with one hostile value in every field at once: digits that are not ASCII ("²",
which `str.isdigit` accepts and `int` refuses), a NUL byte (PostgreSQL refuses it in text),
numbers past every column's range, "nan", markup, and rows a form never drew. No answer may be
a server error; a refused form answers 422 and says why. CI runs this on PostgreSQL too.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.test_routes import demo  # noqa: F401  (the demo owner's fixture)
from webapp.db import get_session
from webapp.models import Brand, Product

HOSTILE = {
    "superscript": "²",
    "arabic digits": "١٢٣",
    "nul": "kain\x00tenun",
    "past int64": "9" * 30,
    "past int32": "2147483648",
    "nan": "nan",
    "negative": "-1",
    "markup": "<script>alert(1)</script>",
    "control": "a\x1bb",
}
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
#: Form pages of the demo owner ({product} is filled in).
FORMS = (
    "/brands/new", "/brands/contoh/edit", "/brands/import", "/brands/contoh/logo",
    "/brands/contoh/products/new", "/brands/contoh/products/{product}/edit",
    "/brands/contoh/packs/", "/brands/contoh/story/templates",
    "/brands/contoh/story/steps/profil", "/brands/contoh/story/english",
    "/account/password", "/brands/contoh/products/{product}/photos/",
)


def field_names(page: str) -> set[str]:
    """The names of a page's form fields, as a browser would send them."""
    return set(FIELD.findall(page)) - {"csrf_token"}


def test_hostile_values_in_every_field_never_reach_the_database(app, client, demo):  # noqa: F811
    client.post("/login", data={"email": demo.email, "password": demo.password})
    with app.app_context():
        brands = get_session().scalar(select(func.count(Brand.id)))
        products = get_session().scalar(select(func.count(Product.id)))
    failures = []
    for template in FORMS:
        url = template.format(product=demo.values["product_id"])
        page = client.get(url)
        assert page.status_code == 200, url
        names = field_names(page.get_data(as_text=True))
        for kind, value in HOSTILE.items():
            data = {name: value for name in names}
            data.update({"variants-9-colour": value, "variants-0-stock": value})
            status = client.post(url, data=data).status_code
            if status >= 500:
                failures.append(f"{url} with {kind} -> {status}")
    assert not failures, "\n".join(failures)
    with app.app_context():  # nothing half-made from hostile input
        assert get_session().scalar(select(func.count(Brand.id))) == brands
        assert get_session().scalar(select(func.count(Product.id))) == products


def test_a_nul_byte_in_the_login_email_is_a_plain_refusal(client):
    response = client.post("/login", data={"email": "a\x00@example.id", "password": "x" * 9})
    assert response.status_code == 422
    assert "karakter tak terlihat" in response.get_data(as_text=True)


@pytest.mark.parametrize("field", ["year_founded", "base_revision"])
def test_digits_that_are_not_ascii_are_refused_on_the_profile(client, owner_client, field):
    data = {"name": "Batik Sekar Lasem", "tone": "anda", "watermark": "off",
            "watermark_opacity": "60", "colour_primary": "#7a3b12",
            "colour_secondary": "#f3e3c3", field: "²"}
    response = owner_client.post("/brands/batik-sekar-lasem/edit", data=data)
    assert response.status_code in (302, 422)  # a bad base revision is just a stale form
    if field == "year_founded":
        assert response.status_code == 422


#: Every form, and the field whose text must survive a failed send. A form that fails answers 422
#: with what was typed; one whose CSRF token is missing answers 400, also with what was typed.
FORMS_THAT_FAIL = {
    "/register": "name", "/login": "email", "/account/password": None,
    "/password/forgot": "email",
    "/brands/new": "city", "/brands/contoh/edit": "city", "/brands/import": None,
    "/brands/contoh/logo": None, "/brands/contoh/products/new": "motif",
    "/brands/contoh/products/{product}/edit": "motif", "/brands/contoh/packs/": None,
    "/brands/contoh/story/templates": None, "/brands/contoh/story/steps/profil": "city",
    "/brands/contoh/story/pieces/id/{piece}": None,
    "/brands/contoh/products/{product}/photos/": None,
}
TYPED = "Teks yang diketik pemilik 417"


def form_url(template: str, demo) -> str:  # noqa: F811
    """A form's URL with the demo's ids."""
    return template.format(product=demo.values["product_id"], piece=demo.values["piece"])


def send(app, demo, template: str, data: dict, csrf: bool = True):  # noqa: F811
    """Send a form as a visitor (register, login) or as the demo owner (the others)."""
    client = app.test_client()
    if template not in ("/register", "/login", "/password/forgot"):
        client.post("/login", data={"email": demo.email, "password": demo.password})
    return client.post(form_url(template, demo), data=data, csrf=csrf)


def test_every_form_that_fails_answers_422_with_what_was_typed(app, demo):  # noqa: F811
    for template, field in FORMS_THAT_FAIL.items():
        data = {field: TYPED} if field else {}
        if template == "/brands/contoh/story/steps/profil":
            data["brand"] = ""  # a required answer left empty
        response = send(app, demo, template, data)
        assert response.status_code == 422, f"{template} -> {response.status_code}"
        if field:
            assert TYPED in response.get_data(as_text=True), template


def test_every_form_without_its_token_answers_400_with_what_was_typed(app, demo):  # noqa: F811
    for template, field in FORMS_THAT_FAIL.items():
        if field is None:
            continue
        response = send(app, demo, template, {field: TYPED}, csrf=False)
        assert response.status_code == 400, f"{template} -> {response.status_code}"
        assert TYPED in response.get_data(as_text=True), template
