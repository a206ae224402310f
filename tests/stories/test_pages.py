"""The story wizard pages: choose, step by step with every answer saved at once, the English page,
the result with its pieces, hand edits, and saving the story to the brand profile."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import create_brand, create_user
from webapp.db import get_session
from webapp.models import Brand, BrandRevision, StoryDraft
from webapp.stories import paging
from webapp.stories.lint import lint
from webapp.stories.templates import get_template, load_templates

SLUG = "batik-sekar-lasem"
BASE = f"/brands/{SLUG}/story"
PROFILE = {"brand": "Batik Sekar Lasem", "owner": "Ibu Sari Wulandari", "city": "Lasem, Rembang",
           "province": "Jawa Tengah", "founded": "1998", "craft": "batik",
           "techniques": ["batik_tulis"], "products": "kain panjang, selendang, dan kemeja",
           "team_size": "12", "whatsapp": "0812-3456-7890"}
ASAL_USUL = {
    "profil": PROFILE,
    "asal": {"origin": "Ibu Sari mulai membatik di teras rumahnya di Desa Babagan pada 1998.",
             "teacher": "Mbah Rukmini, neneknya", "heritage": "tiga generasi"},
    "tantangan": {"struggle": "Di awal, kain kami kalah murah dari kain printing."},
    "proses": {"process_steps": "menggambar pola di atas kain mori\nmencanting dengan malam "
                                "panas\nmewarnai dengan pewarna alam\nmelorod malam",
               "duration": "dua sampai tiga bulan"},
    "dampak": {"community": "Dua belas ibu di kampung kami kini membatik dari rumah."},
    "visi": {"vision": "melihat batik tulis Lasem dipakai anak muda di seluruh Indonesia"},
}
ENGLISH = {"products": "long cloths, shawls and shirts",
           "origin": "Ibu Sari began drawing batik on the porch of her home in Babagan in 1998.",
           "vision": "to see Lasem batik tulis worn by young people all over Indonesia"}


@pytest.fixture
def owner(app):
    """The owner of the brand Batik Sekar Lasem."""
    with app.app_context():
        user = create_user()
        create_brand(user, city="Lasem, Rembang", province="Jawa Tengah",
                     techniques=["batik_tulis"], year_founded=1998, instagram="sekarlasem",
                     customers="pencinta wastra yang menghargai karya tangan")
    return user


@pytest.fixture
def owner_client(client, auth, owner):
    """A client logged in as the brand's owner."""
    auth.login()
    return client


def draft_row(app) -> StoryDraft | None:
    """The brand's story draft as stored."""
    with app.app_context():
        draft = get_session().scalar(select(StoryDraft))
        if draft is not None:
            get_session().expunge(draft)  # readable after the context closes
        return draft


def revision_count(app) -> int:
    """How many revisions the brand has."""
    with app.app_context():
        return get_session().scalar(select(func.count(BrandRevision.id)))


def head_profile(app) -> dict:
    """The newest revision's profile."""
    with app.app_context():
        return get_session().scalars(
            select(BrandRevision.profile).order_by(BrandRevision.number.desc())).first()


def start(client, template_id="asal_usul"):
    """Choose a template on the start page."""
    return client.post(f"{BASE}/templates", data={"template_id": template_id})


ASAL_PAGES = paging.pages(get_template("asal_usul"))
TOTAL = len(ASAL_PAGES) + 1  # every page of every step, and the English versions
PROFIL_PAGES = paging.get_page(get_template("asal_usul"), "profil", 1).count


def page_url(step_id, number=1):
    """The URL of a page of a step."""
    return f"{BASE}/steps/{step_id}" + (f"?page={number}" if number > 1 else "")


def step_pages(client, step_id):
    """The pages of a step of the draft's template."""
    with client.application.app_context():
        template_id = get_session().scalar(select(StoryDraft.template_id))
    return paging.step_pages(next(step for step in get_template(template_id).steps
                                  if step.id == step_id))


def post_step(client, step_id, data, action="next"):
    """Submit every page of one step with a button, as an owner would page by page ("back"
    from the last page to the first); stop at a page that is refused."""
    pages = step_pages(client, step_id)
    for page in reversed(pages) if action == "back" else pages:
        response = client.post(page_url(step_id, page.number), data={**data, "action": action})
        if response.status_code != 302:
            break
    return response


def post_english(client, data, action="next"):
    """Submit the English pages in turn from the first, as long as they lead to the next."""
    url = f"{BASE}/english"
    while True:
        response = client.post(url, data={**data, "action": action})
        url = response.headers.get("Location", "")
        if response.status_code != 302 or not url.startswith(f"{BASE}/english?page="):
            return response


def english_text(client) -> str:
    """Every English page, one after the other."""
    pages, number = [], 1
    while (response := client.get(f"{BASE}/english?page={number}")).status_code == 200:
        pages.append(text(response))
        number += 1
    return "\n".join(pages)


def finish(client, template_id="asal_usul", steps=None):
    """Walk a template from the start to the result page."""
    start(client, template_id)
    for step_id, data in (steps or ASAL_USUL).items():
        response = post_step(client, step_id, data)
        assert response.status_code == 302, (step_id, response.get_data(as_text=True)[-3000:])
    response = post_english(client, {})
    assert response.headers["Location"] == f"{BASE}/result"


def text(response) -> str:
    """The page as text."""
    return response.get_data(as_text=True)


def piece_text(page: str, piece: str) -> str:
    """The text of one piece on the result page."""
    match = re.search(rf'id="piece-{piece}-text"[^>]*>(.*?)</div>', page, re.DOTALL)
    assert match, piece
    return match.group(1)


# ---------------------------------------------------------------------------------------------
# Choosing and starting
# ---------------------------------------------------------------------------------------------


def test_without_a_story_the_menu_opens_the_template_choice(owner_client):
    response = owner_client.get(f"{BASE}/")
    assert response.headers["Location"] == f"{BASE}/templates"
    page = text(owner_client.get(f"{BASE}/templates"))
    for template in load_templates().values():
        assert template.title.id in page
        assert template.good_for.id in page
        assert f'value="{template.id}"' in page


def test_choosing_a_template_starts_on_the_profile_step_filled_from_the_brand(app, owner_client):
    response = start(owner_client)
    assert response.headers["Location"] == f"{BASE}/steps/profil"
    draft = draft_row(app)
    assert draft.template_id == "asal_usul" and draft.step == 0
    assert draft.answers == {"brand": "Batik Sekar Lasem", "city": "Lasem, Rembang",
                             "province": "Jawa Tengah", "founded": "1998",
                             "techniques": ["batik_tulis"], "craft": "batik",
                             "customers": "pencinta wastra yang menghargai karya tangan",
                             "instagram": "@sekarlasem"}
    page = text(owner_client.get(f"{BASE}/steps/profil"))
    assert 'value="Batik Sekar Lasem"' in page
    page = text(owner_client.get(page_url("profil", 2)))  # the craft first, then its techniques
    assert '<option selected value="batik">' in page
    assert 'checked id="techniques-0"' in page


def test_an_unknown_template_is_refused(app, owner_client):
    response = start(owner_client, "nope")
    assert response.status_code == 422
    assert "Pilih salah satu template" in text(response)
    assert draft_row(app) is None


# ---------------------------------------------------------------------------------------------
# Steps: saved at once, resumed, back and next
# ---------------------------------------------------------------------------------------------


def test_each_step_is_saved_in_the_database_at_once(app, owner_client):
    start(owner_client)
    response = post_step(owner_client, "profil", PROFILE)
    assert response.headers["Location"] == f"{BASE}/steps/asal"
    draft = draft_row(app)
    assert draft.answers["owner"] == "Ibu Sari Wulandari"
    assert draft.answers["techniques"] == ["batik_tulis"]
    assert draft.step == 1
    post_step(owner_client, "asal", {"origin": "Mulai 1998 di teras rumah."}, action="later")
    assert draft_row(app).answers["origin"] == "Mulai 1998 di teras rumah."


def test_coming_back_on_another_phone_resumes_on_the_stopped_step(app, client, auth, owner):
    auth.login()
    start(client)
    post_step(client, "profil", PROFILE)
    post_step(client, "asal", ASAL_USUL["asal"])
    response = post_step(client, "tantangan", {"struggle": "Kain kami kalah murah."},
                         action="later")
    assert response.headers["Location"] == f"/brands/{SLUG}"
    assert "Jawaban tersimpan" in text(client.get(response.headers["Location"]))

    other = app.test_client()  # the tab is closed, the battery died: a new session
    other.post("/login", data={"email": "sari@example.id", "password": "kain biru pasar pagi"})
    response = other.get(f"{BASE}/")
    assert response.headers["Location"] == f"{BASE}/steps/tantangan"
    page = text(other.get(response.headers["Location"]))
    assert "Kain kami kalah murah." in page
    assert f"Langkah {PROFIL_PAGES + 2} dari {TOTAL}" in page


def test_back_saves_the_page_and_returns_to_the_previous_step(app, owner_client):
    start(owner_client)
    post_step(owner_client, "profil", PROFILE)
    response = post_step(owner_client, "asal", {"origin": "Mulai 1998."}, action="back")
    assert response.headers["Location"] == page_url("profil", PROFIL_PAGES)  # its last page
    assert draft_row(app).answers["origin"] == "Mulai 1998."
    assert draft_row(app).step == 0
    page = text(owner_client.get(f"{BASE}/steps/profil"))
    assert 'value="back"' not in page  # no back on the first step
    assert 'value="Ibu Sari Wulandari"' in page


def test_progress_shows_the_step_number_as_text_and_a_bar(owner_client):
    start(owner_client)
    post_step(owner_client, "profil", PROFILE)
    page = text(owner_client.get(f"{BASE}/steps/asal"))
    assert f"Langkah {PROFIL_PAGES + 1} dari {TOTAL}" in page
    assert (f'<progress max="{TOTAL}" value="{PROFIL_PAGES + 1}" '
            'aria-labelledby="wizard-progress">') in page
    assert "<h1>Asal</h1>" in page


def test_each_question_shows_hint_example_limit_and_a_counter(owner_client):
    start(owner_client)
    post_step(owner_client, "profil", PROFILE)
    page = text(owner_client.get(f"{BASE}/steps/asal"))
    question = get_template("asal_usul").questions["origin"]
    assert question.hint.id in page
    assert question.example.id in page
    assert "Paling banyak 240 karakter." in page
    assert 'data-limit="240"' in page
    assert '<p class="counter" id="origin-count">0/240</p>' in page


def test_a_list_question_counts_its_lines_and_its_longest_line(owner_client):
    """One item per line: the counter shows lines against the most allowed and the longest line
    against its limit, and turns red when either is over (app.js updates it the same way)."""
    finish(owner_client)
    page = text(owner_client.get(f"{BASE}/steps/proses"))
    textarea = re.search(r'<textarea[^>]*id="process_steps"[^>]*>', page).group(0)
    for attribute in ('data-unit="lines"', 'data-limit="6"', 'data-line-limit="80"'):
        assert attribute in textarea
    counter = re.search(r'<p class="counter" id="process_steps-count" data-format="([^"]*)">'
                        r'([^<]*)</p>', page)
    assert counter, page[page.index("process_steps-count") - 200:][:600]
    assert counter.group(1) == "{lines}/{items} baris, terpanjang {longest}/{chars} karakter"
    steps = ASAL_USUL["proses"]["process_steps"].splitlines()
    longest = max(len(step) for step in steps)
    assert counter.group(2) == f"{len(steps)}/6 baris, terpanjang {longest}/80 karakter"
    too_many = "\n".join(f"langkah ke-{n}" for n in range(1, 8))
    response = post_step(owner_client, "proses", {"process_steps": too_many,
                                                  "duration": "dua bulan"})
    assert response.status_code == 422
    assert 'class="counter counter--over" id="process_steps-count"' in text(response)
    assert "7/6 baris" in text(response)
    page = text(owner_client.get(f"{BASE}/steps/proses"))  # saved all the same: nothing lost
    assert 'class="counter counter--over" id="process_steps-count"' in page


def test_problems_are_explained_and_the_typed_text_stays(app, owner_client):
    start(owner_client)
    long_name = "Batik Sekar Lasem Yang Sangat Panjang Sekali Namanya"
    response = post_step(owner_client, "profil", {**PROFILE, "brand": long_name, "city": ""})
    page = text(response)
    assert response.status_code == 422
    assert "Paling banyak 40 karakter." in page
    assert "Bagian ini wajib diisi." in page
    assert f'value="{long_name}"' in page
    assert 'class="counter counter--over" id="brand-count">52/40<' in page
    assert draft_row(app).step == 0  # not moved on, but nothing typed is lost
    assert draft_row(app).answers["brand"] == long_name
    team = paging.page_of(get_template("asal_usul"), "team_size")
    response = owner_client.post(page_url("profil", team.number),
                                 data={**PROFILE, "team_size": "belasan", "action": "next"})
    assert response.status_code == 422 and "Tulis angka saja" in text(response)


def test_an_expired_token_shows_the_step_again_with_the_typed_text(app, owner_client):
    start(owner_client)
    response = owner_client.post(f"{BASE}/steps/profil", csrf=False, data={
        **PROFILE, "owner": "Ibu Sari yang baru", "action": "next", "csrf_token": "kedaluwarsa"})
    page = text(response)
    assert response.status_code == 400
    assert "kedaluwarsa" in page
    assert 'value="Ibu Sari yang baru"' in page
    assert "owner" not in draft_row(app).answers


def test_next_from_the_last_step_asks_for_missing_required_answers(owner_client):
    start(owner_client)
    post_step(owner_client, "profil", PROFILE)
    response = post_step(owner_client, "visi", ASAL_USUL["visi"])
    assert response.headers["Location"] == f"{BASE}/steps/asal"
    assert owner_client.get(f"{BASE}/result").headers["Location"] == f"{BASE}/steps/asal"


def test_switching_template_keeps_the_answers_they_share(app, owner_client):
    finish(owner_client)
    response = start(owner_client, "dampak")
    assert response.headers["Location"] == f"{BASE}/steps/orang"  # its first unanswered step
    page = text(owner_client.get(f"{BASE}/steps/profil"))
    assert 'value="Ibu Sari Wulandari"' in page
    page = text(owner_client.get(f"{BASE}/steps/bukti"))
    assert ASAL_USUL["visi"]["vision"] in page  # both templates ask "vision"
    assert draft_row(app).template_id == "dampak"
    start(owner_client, "asal_usul")  # and back: nothing was lost
    assert ASAL_USUL["asal"]["origin"] in text(owner_client.get(f"{BASE}/steps/asal"))


def test_every_step_of_every_template_renders_and_saves(app, owner_client):
    for template in load_templates().values():
        start(owner_client, template.id)
        for step in template.steps:
            for part in paging.step_pages(step):
                page = text(owner_client.get(page_url(step.id, part.number)))
                for question in part.questions:
                    assert question.label.id in page, (template.id, step.id, question.id)
            response = post_step(owner_client, step.id, {}, action="later")
            assert response.status_code == 302, (template.id, step.id)


def test_choices_confirmations_and_own_words_round_trip(app, owner_client):
    start(owner_client, "cerita_karya")
    post_step(owner_client, "profil", {**PROFILE, "craft": "", "craft__other": "anyaman pandan",
                                       "materials": ["katun"], "materials__other": "daun pandan"})
    post_step(owner_client, "motif", {"motif": "", "motif__other": "Sekar Jagad Lasem",
                                      "motif_region": "lasem", "meaning_confirmed": "y"})
    answers = draft_row(app).answers
    assert answers["craft"] == "anyaman pandan"
    assert answers["materials"] == ["katun", "daun pandan"]
    assert (answers["motif"], answers["meaning_confirmed"]) == ("Sekar Jagad Lasem", "ya")
    page = text(owner_client.get(f"{BASE}/steps/motif"))
    assert 'value="Sekar Jagad Lasem"' in page
    assert 'checked id="meaning_confirmed"' in page
    template = get_template("cerita_karya")
    page = text(owner_client.get(page_url("profil", paging.page_of(template, "craft").number)))
    assert 'value="anyaman pandan"' in page
    page = text(owner_client.get(page_url("profil", paging.page_of(template, "materials").number)))
    assert 'value="daun pandan"' in page


# ---------------------------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------------------------


def test_result_shows_every_piece_within_its_limit(app, owner_client):
    finish(owner_client)
    page = text(owner_client.get(f"{BASE}/result"))
    template = get_template("asal_usul")
    for name, kind in template.shared.pieces.items():
        body = piece_text(page, name)
        assert body.strip(), name
        size = len(body.split()) if kind.unit == "words" else len(
            body.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&"))
        assert size <= kind.limit, name
        assert f'data-copy="piece-{name}-text"' in page
        assert f'/story/pieces/id/{name}"' in page
    assert "/60 karakter" in page and "/80 kata" in page
    assert "Batik Sekar Lasem" in piece_text(page, "shop_short")


def test_result_counts_against_the_limit_and_says_when_answers_are_too_long(owner_client):
    city = "Kecamatan Lasem di pesisir utara Kabupaten Rembang"  # too long for a tagline
    steps = {**ASAL_USUL, "profil": {**PROFILE, "city": city}}
    finish(owner_client, steps=steps)
    page = text(owner_client.get(f"{BASE}/result"))
    assert "terlalu panjang untuk Tagline" in page
    assert f'href="{BASE}/steps/profil#city">Di kota atau kabupaten mana usaha Anda?</a>' in page
    assert "idealnya paling sedikit 250 kata" in page  # the long About story is thin


def test_another_variant_changes_the_text(app, owner_client):
    finish(owner_client)
    before = text(owner_client.get(f"{BASE}/result"))
    response = owner_client.post(f"{BASE}/result/variant", data={})
    assert response.headers["Location"] == f"{BASE}/result"
    after = text(owner_client.get(f"{BASE}/result"))
    assert draft_row(app).variant == 1
    assert piece_text(before, "shop_long") != piece_text(after, "shop_long")


ADDRESS = {"anda": (r"\bAnda\b", r"\b(kamu|Kak)\b"), "kamu": (r"\bkamu\b", r"\b(Anda|Kak)\b"),
           "kak": (r"\bKak\b", r"\b(Anda|kamu)\b")}


def test_tone_changes_the_address_forms(app, owner_client):
    finish(owner_client)
    for tone, (present, absent) in ADDRESS.items():
        owner_client.post(f"{BASE}/result/output", data={"language": "id", "tone": tone})
        assert draft_row(app).tone == tone
        page = text(owner_client.get(f"{BASE}/result"))
        pieces = " ".join(piece_text(page, name)
                          for name in get_template("asal_usul").shared.pieces)
        assert re.search(present, pieces), tone
        assert not re.search(absent, pieces), tone


def test_a_hand_edit_survives_regeneration_until_the_owner_restores(app, owner_client):
    finish(owner_client)
    url = f"{BASE}/pieces/id/tagline"
    assert "Teks otomatis" in text(owner_client.get(url))
    response = owner_client.post(url, data={"text": "Batik tulis Lasem dari tangan ibu-ibu"})
    assert response.headers["Location"] == f"{BASE}/result#piece-tagline"
    owner_client.post(f"{BASE}/result/variant", data={})
    owner_client.post(f"{BASE}/result/output", data={"language": "id", "tone": "kak"})
    page = text(owner_client.get(f"{BASE}/result"))
    assert piece_text(page, "tagline") == "Batik tulis Lasem dari tangan ibu-ibu"
    assert "diubah sendiri" in page
    assert draft_row(app).edited == {"id": {"tagline": "Batik tulis Lasem dari tangan ibu-ibu"}}

    owner_client.post(f"{url}/restore", data={})
    page = text(owner_client.get(f"{BASE}/result"))
    assert piece_text(page, "tagline") != "Batik tulis Lasem dari tangan ibu-ibu"
    assert draft_row(app).edited == {}


def test_a_hand_edit_needs_text_and_keeps_it_when_the_token_expired(app, owner_client):
    finish(owner_client)
    url = f"{BASE}/pieces/id/tagline"
    response = owner_client.post(url, data={"text": "  "})
    assert response.status_code == 422 and "Bagian ini wajib diisi." in text(response)
    response = owner_client.post(url, csrf=False, data={"text": "Teks saya sendiri",
                                                        "csrf_token": "basi"})
    assert response.status_code == 400 and "Teks saya sendiri" in text(response)
    assert draft_row(app).edited == {}


def test_english_pieces_use_the_english_answers_and_name_the_ones_missing(app, owner_client):
    finish(owner_client)
    page = english_text(owner_client)
    assert f"Langkah {TOTAL} dari {TOTAL}" in page
    assert ASAL_USUL["asal"]["origin"] in page  # the Indonesian answer as a hint
    response = post_english(owner_client, ENGLISH)
    assert response.headers["Location"] == f"{BASE}/result"
    assert draft_row(app).answers["_en"]["origin"] == ENGLISH["origin"]
    owner_client.post(f"{BASE}/result/output", data={"language": "en", "tone": "anda"})
    page = text(owner_client.get(f"{BASE}/result"))
    # the founding year just said is not said again ("... since 1998. Ibu Sari began ...")
    assert ENGLISH["origin"].replace(" in 1998", "") in piece_text(page, "about_short")
    assert 'lang="en">' in page
    assert "belum punya versi bahasa Inggris" in page
    assert "“Dari siapa keterampilan ini dipelajari?”" in page  # teacher: no English given
    # ... so its sentence is left out of English rather than mixing in Indonesian words
    about = piece_text(page, "about_short")
    assert ASAL_USUL["asal"]["teacher"] not in about and "kalimatnya tidak dipakai" in page
    assert not [f for f in lint(about, "en") if f.code == "mixed_language"], about
    assert "“Apa yang Anda harap dirasakan pembeli?”" not in page  # feeling: never answered
    assert '/story/pieces/en/tagline"' in page


def test_words_typed_beside_a_choice_list_are_asked_in_english(app, owner_client):
    """A craft or material the owner typed goes into the text verbatim: the English page asks for
    its English, and English pieces use it; listed choices are not asked."""
    steps = {**ASAL_USUL, "profil": {**PROFILE, "craft": "", "craft__other": "anyaman pandan",
                                     "materials": ["katun"], "materials__other": "daun pandan"}}
    finish(owner_client, steps=steps)
    page = english_text(owner_client)
    assert "Kata-kata Anda sendiri di luar daftar:" in page
    assert '<span lang="id" class="preserve-lines">daun pandan</span>' in page
    assert 'id="craft"' in page and 'id="materials"' in page
    assert 'id="techniques"' not in page  # batik tulis comes from the list: no English asked
    response = post_english(owner_client, {"craft": "pandan weaving", "materials": "pandan leaf"})
    assert response.headers["Location"] == f"{BASE}/result"
    assert draft_row(app).answers["_en"]["materials"] == ["pandan leaf"]
    page = english_text(owner_client)
    assert 'value="pandan leaf"' in page
    owner_client.post(f"{BASE}/result/output", data={"language": "en", "tone": "anda"})
    page = text(owner_client.get(f"{BASE}/result"))
    assert "pandan leaf" in page and "daun pandan" not in page
    assert "Anyaman pandan" not in page and "anyaman pandan" not in page


def test_an_english_answer_is_flagged_once_its_indonesian_answer_changes(app, owner_client):
    finish(owner_client)
    post_english(owner_client, ENGLISH)
    owner_client.post(f"{BASE}/result/output", data={"language": "en", "tone": "anda"})
    warning = "sudah diubah setelah versi bahasa Inggrisnya ditulis"
    assert warning not in english_text(owner_client)
    assert warning not in text(owner_client.get(f"{BASE}/result"))

    changed = {**ASAL_USUL["asal"], "origin": "Ibu Sari mulai membatik pada 1997."}
    post_step(owner_client, "asal", changed, action="later")
    page = english_text(owner_client)
    assert page.count(warning) == 1 and 'aria-describedby="origin-hint origin-limit ' \
        'origin-count origin-stale"' in page
    page = text(owner_client.get(f"{BASE}/result"))
    assert "Periksa versi bahasa Inggrisnya" in page
    assert "“Ceritakan awal mula usaha Anda.”" in page or \
        get_template("asal_usul").questions["origin"].label.id in page

    # Saving the English page again (checked, or rewritten) clears the flag.
    post_english(owner_client, ENGLISH)
    assert warning not in english_text(owner_client)
    assert "Periksa versi bahasa Inggrisnya" not in text(owner_client.get(f"{BASE}/result"))


def test_saving_to_the_profile_appends_one_revision_and_none_when_unchanged(app, owner_client):
    finish(owner_client)
    post_english(owner_client, ENGLISH)
    owner_client.post(f"{BASE}/pieces/id/tagline", data={"text": "Batik tulis Lasem"})
    before = revision_count(app)
    response = owner_client.post(f"{BASE}/save", data={})
    assert response.headers["Location"] == f"{BASE}/result"
    assert "revisi 2" in text(owner_client.get(f"{BASE}/result"))
    assert revision_count(app) == before + 1
    story = head_profile(app)["story"]
    assert story["template"] == "asal_usul"
    assert story["answers"]["origin"] == ASAL_USUL["asal"]["origin"]
    assert story["answers_en"]["origin"] == ENGLISH["origin"]
    assert (story["language"], story["tone"], story["variant"]) == ("id", "anda", 0)
    assert story["pieces"]["id"]["tagline"] == "Batik tulis Lasem"
    assert ENGLISH["origin"].replace(" in 1998", "") in story["pieces"]["en"]["about_short"]
    assert story["edited"] == {"id": {"tagline": "Batik tulis Lasem"}}

    owner_client.post(f"{BASE}/save", data={})
    assert revision_count(app) == before + 1
    assert "tidak ada revisi baru" in text(owner_client.get(f"{BASE}/result"))
    page = text(owner_client.get(f"/brands/{SLUG}"))
    assert "jawaban" in page  # the profile page counts the story's answers


# ---------------------------------------------------------------------------------------------
# Who may see what, and what GET may do
# ---------------------------------------------------------------------------------------------

PAGES = ["/", "/templates", "/steps/profil", "/steps/asal", "/english", "/result",
         "/pieces/id/tagline"]
POSTS = ["/templates", "/steps/profil", "/english", "/result/output", "/result/variant",
         "/pieces/id/tagline", "/pieces/id/tagline/restore", "/save"]


def test_every_page_is_404_for_another_owner(app, client, auth, owner):
    auth.login()
    finish(client)
    auth.logout()
    auth.create(email="budi@example.id")
    auth.login(email="budi@example.id")
    for path in PAGES:
        assert client.get(BASE + path).status_code == 404, path
    for path in POSTS:
        assert client.post(BASE + path, data={"template_id": "dampak", "text": "x",
                                              "action": "next"}).status_code == 404, path
    draft = draft_row(app)
    assert draft.template_id == "asal_usul" and draft.edited == {} and draft.variant == 0


def test_visitors_are_sent_to_log_in(client, owner):
    response = client.get(f"{BASE}/templates")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_steps_and_pieces_are_404(owner_client):
    finish(owner_client)
    for path in ["/steps/nope", "/pieces/fr/tagline", "/pieces/id/nope"]:
        assert owner_client.get(BASE + path).status_code == 404, path
    assert owner_client.post(f"{BASE}/pieces/id/nope/restore", data={}).status_code == 404


def test_looking_changes_nothing(app, owner_client):
    for path in PAGES:
        owner_client.get(BASE + path)
    assert draft_row(app) is None
    finish(owner_client)
    before = draft_row(app)
    for path in PAGES:
        owner_client.get(BASE + path)
    after = draft_row(app)
    assert (after.step, after.answers, after.variant, after.edited) == (
        before.step, before.answers, before.variant, before.edited)


# ---------------------------------------------------------------------------------------------
# Escaping and language
# ---------------------------------------------------------------------------------------------


def test_typed_markup_is_shown_as_text_on_every_page(owner_client):
    nasty = "<script>alert(1)</script> {{7*7}}"
    steps = {**ASAL_USUL, "asal": {**ASAL_USUL["asal"], "origin": f"Mulai 1998. {nasty}"}}
    finish(owner_client, steps=steps)
    post_english(owner_client, {"origin": f"Began in 1998. {nasty}"})
    owner_client.post(f"{BASE}/pieces/id/about_short", data={"text": f"Cerita kami. {nasty}"})
    for path in ["/steps/asal", "/english", "/result", "/pieces/id/about_short",
                 "/pieces/id/instagram_caption", "/pieces/en/about_short"]:
        page = text(owner_client.get(BASE + path))
        assert "<script>alert" not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path
        assert "{{7*7}}" in page and "49" not in page.replace("249", ""), path


def test_the_wizard_speaks_english_when_the_owner_does(owner_client):
    owner_client.post("/language", data={"language": "en", "next": "/"})
    start(owner_client)
    page = text(owner_client.get(f"{BASE}/steps/profil"))
    assert '<html lang="en">' in page
    assert f"Step 1 of {TOTAL}" in page
    assert "What is your brand or business name?" in page
    assert "Write it exactly as it appears on your labels or sign." in page
    page = text(post_step(owner_client, "profil", {**PROFILE, "brand": ""}))
    assert "This field is required." in page


def test_the_demo_brand_has_a_finished_story_saved_once(app, runner):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert runner.invoke(args=["demo", "load"]).exit_code == 0  # no second story revision
    with app.app_context():
        brand = get_session().scalar(select(Brand).where(Brand.slug == "contoh"))
        assert brand.head_number == 4
        assert get_session().scalar(select(StoryDraft.template_id)) == "asal_usul"
    story = head_profile(app)["story"]
    template = get_template("asal_usul")
    assert set(story["pieces"]) == {"id", "en"}
    for language, pieces in story["pieces"].items():
        assert set(pieces) == set(template.shared.pieces)
        for name, body in pieces.items():
            kind = template.shared.pieces[name]
            size = len(body.split()) if kind.unit == "words" else len(body)
            assert 0 < size <= kind.limit, (language, name)
            if kind.minimum:
                assert size >= kind.minimum, (language, name)
    assert story["pieces"]["id"]["tagline"] == "Batik tulis Lasem, warisan tiga generasi"
    assert "Central Java" in story["pieces"]["en"]["about_short"]


# ---------------------------------------------------------------------------------------------
# Phone-sized pages: a long step is several pages, the craft comes first, English can wait
# ---------------------------------------------------------------------------------------------


def test_a_long_step_is_several_pages_counted_in_the_progress(app, owner_client):
    start(owner_client)
    for part in paging.step_pages(get_template("asal_usul").steps[0]):
        page = text(owner_client.get(page_url("profil", part.number)))
        assert f"Langkah {part.number} dari {TOTAL}" in page
        assert f"Bagian {part.number} dari {PROFIL_PAGES}" in page
        assert len(part.questions) <= paging.PAGE_SIZE
    response = owner_client.post(page_url("profil", 2), data={**PROFILE, "action": "back"})
    assert response.headers["Location"] == page_url("profil", 1)
    response = owner_client.post(page_url("profil", 1), data={**PROFILE, "action": "next"})
    assert response.headers["Location"] == page_url("profil", 2)
    answers = draft_row(app).answers
    assert answers["owner"] == "Ibu Sari Wulandari" and "products" not in answers  # page 1 only
    owner_client.post(page_url("profil", 2), data={**PROFILE, "action": "later"})
    assert owner_client.get(f"{BASE}/").headers["Location"] == page_url("profil", 2)
    for bad in ("0", "99", "x", "²"):
        assert owner_client.get(f"{BASE}/steps/profil?page={bad}").status_code == 404, bad


def test_the_crafts_techniques_come_first_and_the_rest_behind_lainnya(owner_client):
    start(owner_client)  # the brand makes batik tulis: craft batik
    page = text(owner_client.get(page_url("profil", paging.page_of(
        get_template("asal_usul"), "techniques").number)))
    first, more = page.split('id="techniques"')[1].split("<details", 1)
    more = more.split("</details>")[0]
    assert 'value="batik_cap"' in first and 'value="tatah_timbul"' not in first
    assert 'value="tatah_timbul"' in more and 'value="batik_cap"' not in more
    assert 'data-craft-source' in page and "Lainnya" in page


def test_english_comes_a_few_answers_a_page_and_is_skipped_in_one_tap(app, owner_client):
    finish(owner_client)
    response = owner_client.post(f"{BASE}/english", data={"action": "next"})
    assert response.headers["Location"] == f"{BASE}/english?page=2"
    page = text(owner_client.get(f"{BASE}/english?page=2"))
    assert "Lewati, nanti saja" in page and "Bagian 2 dari" in page
    owner_client.post(f"{BASE}/english", data={**ENGLISH, "action": "stay"})
    kept = dict(draft_row(app).answers["_en"])
    response = owner_client.post(f"{BASE}/english?page=2", data={"action": "skip"})
    assert response.headers["Location"] == f"{BASE}/result"
    assert draft_row(app).answers["_en"] == kept  # skipping changes nothing typed before
    assert owner_client.get(f"{BASE}/english?page=99").status_code == 404


def test_english_can_be_written_one_piece_at_a_time(app, owner_client):
    finish(owner_client)
    # the first English page offers each piece that lacks English answers, with its count
    first = english_text(owner_client)
    assert "Atau pilih satu bagian saja" in first
    assert f'{BASE}/english/piece/about_short"' in first
    owner_client.post(f"{BASE}/result/output", data={"language": "en", "tone": "anda"})
    result = text(owner_client.get(f"{BASE}/result"))
    assert f'{BASE}/english/piece/about_short"' in result
    # the piece's page asks only the answers that piece uses, none of another piece's
    page = text(owner_client.get(f"{BASE}/english/piece/about_short"))
    assert "Versi bahasa Inggris: Tentang kami (pendek)" in page
    assert ASAL_USUL["asal"]["origin"] in page and ASAL_USUL["asal"]["teacher"] in page
    assert ASAL_USUL["proses"]["duration"] not in page  # about_short does not use it
    response = owner_client.post(f"{BASE}/english/piece/about_short", data={
        "origin": ENGLISH["origin"], "teacher": "Mbah Rukmini, her grandmother",
        "heritage": "three generations", "vision": ENGLISH["vision"],
        "province": "Central Java", "action": "next"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"{BASE}/result#piece-about_short"
    saved = draft_row(app).answers["_en"]
    assert saved["teacher"] == "Mbah Rukmini, her grandmother"
    about = piece_text(text(owner_client.get(f"{BASE}/result")), "about_short")
    assert "Mbah Rukmini, her grandmother" in about
    # nothing left for that piece: its page sends the owner back to the result
    again = owner_client.get(f"{BASE}/english/piece/about_short")
    assert again.status_code == 302 and again.headers["Location"].endswith("#piece-about_short")
    assert owner_client.get(f"{BASE}/english/piece/tidak_ada").status_code == 404


def test_piece_questions_cover_the_slots_and_the_sources_of_derived_values():
    from webapp.stories.templates import get_template
    from webapp.stories.wizard import piece_questions

    template = get_template("asal_usul")
    about_short = piece_questions(template, "about_short")
    assert {"origin", "teacher", "vision"} <= about_short
    assert "duration" not in about_short and "struggle" not in about_short
    assert {"craft", "techniques"} <= piece_questions(template, "tagline")  # via craft_noun
    assert piece_questions(template, "tidak_ada") == frozenset()
