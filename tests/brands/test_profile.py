"""The profile as plain data: canonical form, checks, normalisers and word-level comparison."""

from __future__ import annotations

import pytest

from webapp.brands.profile import (
    FIELDS,
    ProfileError,
    compare_profiles,
    empty_profile,
    normalise_instagram,
    normalise_profile,
    normalise_whatsapp,
    word_diff,
)


def test_empty_profile_has_every_field():
    assert set(empty_profile()) == set(FIELDS)
    assert normalise_profile({}) == empty_profile()


def test_canonical_form_trims_dedupes_and_unifies_line_breaks():
    profile = normalise_profile({"name": "  Batik Sekar  ", "people": "Ibu Sari\r\nPak Darto",
                                 "techniques": ["batik_tulis", "batik_tulis", " ", "batik_cap"],
                                 "year_founded": "1998", "colours": ["#AABBCC"]})
    assert profile["name"] == "Batik Sekar"
    assert profile["people"] == "Ibu Sari\nPak Darto"
    assert profile["techniques"] == ["batik_tulis", "batik_cap"]
    assert profile["year_founded"] == 1998
    assert profile["colours"] == ["#aabbcc"]


@pytest.mark.parametrize(
    ("data", "field"),
    [({"owner_id": 2}, "owner_id"), ({"name": 5}, "name"), ({"techniques": "batik"}, "techniques"),
     ({"year_founded": "kemarin"}, "year_founded"), ({"year_founded": True}, "year_founded"),
     ({"tone": "lu"}, "tone"), ({"colours": ["red"]}, "colours"),
     ({"logo": "../etc/passwd"}, "logo"),
     ({"story": []}, "story"), ({"name": "x" * 2001}, "name"),
     ({"materials": ["a"] * 51}, "materials")],
)
def test_malformed_values_are_refused_with_the_field(data, field):
    with pytest.raises(ProfileError) as error:
        normalise_profile(data)
    assert error.value.field == field


@pytest.mark.parametrize(
    ("text", "number"),
    [("0812-3456-7890", "+6281234567890"), ("+62 812 3456 7890", "+6281234567890"),
     ("6281234567890", "+6281234567890"), ("(0812) 3456.7890", "+6281234567890"),
     ("812 3456 7890", "+6281234567890"), ("021-555-1234", None), ("0812", None),
     ("nomor saya", None), ("+1 415 555 0100", None)],
)
def test_whatsapp_numbers(text, number):
    assert normalise_whatsapp(text) == number


@pytest.mark.parametrize(
    ("text", "handle"),
    [("@BatikSekar", "batiksekar"), ("https://www.instagram.com/batik.sekar/", "batik.sekar"),
     ("batik_sekar_lasem", "batik_sekar_lasem"), ("batik sekar", None), ("..x", None),
     ("a" * 31, None), ("<script>", None)],
)
def test_instagram_handles(text, handle):
    assert normalise_instagram(text) == handle


def test_word_diff_marks_only_the_changed_words():
    old, new = word_diff("Batik tulis dari Lasem", "Batik tulis halus dari Lasem, Rembang")
    assert [s.text for s in new if s.kind == "added"] == ["halus ", "Lasem, Rembang"]
    assert [s.text for s in old if s.kind == "removed"] == ["Lasem"]
    assert "".join(s.text for s in old) == "Batik tulis dari Lasem"
    assert "".join(s.text for s in new) == "Batik tulis halus dari Lasem, Rembang"


def test_compare_profiles_lists_every_field_and_flags_changes():
    old = normalise_profile({"name": "Sekar", "city": "Lasem"})
    new = normalise_profile({"name": "Sekar", "city": "Rembang"})
    changes = {change.field: change for change in compare_profiles(old, new)}
    assert list(changes) == list(FIELDS)
    assert changes["city"].changed and not changes["name"].changed


@pytest.mark.parametrize("website", ["javascript:alert(1)", "data:text/html,<b>x</b>",
                                     "vbscript:msgbox", "ftp://batik.id", "https://localhost",
                                     "//batik.id"])
def test_a_profile_never_holds_a_website_that_is_not_http(website):
    """Forms and imports share this check: no javascript: link can reach a page."""
    with pytest.raises(ProfileError) as raised:
        normalise_profile({"name": "Batik", "website": website})
    assert raised.value.field == "website"


def test_http_and_https_websites_are_kept():
    for website in ("https://batiksekar.id", "http://toko.batik.co.id/tentang?x=1"):
        assert normalise_profile({"name": "Batik", "website": website})["website"] == website
