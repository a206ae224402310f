"""Compare shows only what changed, word by word, with a restore button."""

from __future__ import annotations

import re

from tests.factories import create_brand
from webapp.brands.service import save_profile
from webapp.db import get_session
from webapp.models import Brand, User

URL = "/brands/batik-sekar-lasem"


def edit(app, owner_id: int, **changes) -> None:
    with app.app_context():
        brand = get_session().scalar(Brand.by_slug("batik-sekar-lasem", owner_id))
        save_profile(brand, get_session().get(User, owner_id), changes, brand.head_number)


def test_only_changed_parts_show_word_by_word_with_a_restore_button(app, client, auth):
    owner = auth.create()
    with app.app_context():
        create_brand(owner, city="Lasem", people="Ibu Sari dan dua pembatik")
    edit(app, owner.id, people="Ibu Sari dan lima pembatik")
    auth.login()
    page = client.get(URL + "/compare?a=1&b=2").get_data(as_text=True)
    assert "Yang berubah: " in page
    assert "<del>dua </del>" in page and "<ins>lima </ins>" in page
    rows = re.findall(r'<section class="compare__row', page)
    assert len(rows) == 1  # the city and the others did not change
    assert "bagian lain tidak berubah" in page
    assert f'action="{URL}/revisions/1/restore"' in page
    assert f'action="{URL}/revisions/2/restore"' not in page  # 2 is the profile now
    # every part on request
    everything = client.get(URL + "/compare?a=1&b=2&all=1").get_data(as_text=True)
    assert len(re.findall(r'<section class="compare__row', everything)) > 10
    # the button restores revision 1 as revision 3
    response = client.post(URL + "/revisions/1/restore", data={})
    assert response.status_code == 302
    history = client.get(URL + "/history").get_data(as_text=True)
    assert "Revisi 3" in history and "Dipulihkan dari revisi 1" in history


def test_identical_revisions_say_so(app, client, auth):
    owner = auth.create()
    with app.app_context():
        create_brand(owner, city="Lasem")
    edit(app, owner.id, city="Rembang")
    edit(app, owner.id, city="Lasem")
    auth.login()
    page = client.get(URL + "/compare?a=1&b=3").get_data(as_text=True)
    assert "Kedua revisi ini isinya sama." in page
    assert "Pulihkan revisi" not in page
