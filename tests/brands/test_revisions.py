"""Revision rules: append-only, no-op aware, conflict-safe, restorable, safe under concurrency."""

from __future__ import annotations

import threading
import uuid

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from tests.conftest import make_app
from tests.factories import create_brand, create_user
from tests.properties import examples
from webapp.brands import service
from webapp.brands.profile import clean_text, normalise_profile
from webapp.db import get_engine, get_session
from webapp.models import Brand, BrandRevision


def numbers(brand) -> list[int]:
    return list(get_session().scalars(select(BrandRevision.number)
                                      .where(BrandRevision.brand_id == brand.id)
                                      .order_by(BrandRevision.number)))


@pytest.fixture
def owner(app):
    with app.app_context():
        yield create_user()


def test_create_makes_revision_one(app, owner):
    brand = create_brand(owner)
    assert brand.slug == "batik-sekar-lasem"
    assert numbers(brand) == [1]
    head = service.head_revision(brand)
    assert head.profile["name"] == "Batik Sekar Lasem"
    assert head.author_name == owner.name
    assert head.note == "Profil pertama"


def test_slugs_are_unique(app, owner):
    slugs = [create_brand(owner).slug for _ in range(3)]
    assert slugs == ["batik-sekar-lasem", "batik-sekar-lasem-2", "batik-sekar-lasem-3"]
    assert create_brand(owner, name="🧵🪡").slug == "merek"


def test_save_appends_and_a_noop_appends_nothing(app, owner):
    brand = create_brand(owner)
    result = service.save_profile(brand, owner, {"city": "Lasem"}, 1, "kota")
    assert result.created and result.revision.number == 2
    again = service.save_profile(brand, owner, {"city": "Lasem "}, 2)
    assert not again.created and again.revision.number == 2
    assert numbers(brand) == [1, 2]


def test_a_double_tapped_save_makes_one_revision(app, owner):
    brand = create_brand(owner)
    first = service.save_profile(brand, owner, {"city": "Lasem"}, 1)
    second = service.save_profile(brand, owner, {"city": "Lasem"}, 1)  # same form, sent again
    assert first.created and not second.created
    assert numbers(brand) == [1, 2]


def test_a_stale_save_raises_a_conflict_and_overwrites_nothing(app, owner):
    brand = create_brand(owner)
    service.save_profile(brand, owner, {"city": "Lasem"}, 1)
    with pytest.raises(service.SaveConflict) as conflict:
        service.save_profile(brand, owner, {"city": "Rembang"}, 1)
    assert conflict.value.head.number == 2
    assert conflict.value.head.profile["city"] == "Lasem"
    assert conflict.value.mine["city"] == "Rembang"
    assert numbers(brand) == [1, 2]
    # saving again from the conflict page, based on the newest revision, is accepted
    assert service.save_profile(brand, owner, {"city": "Rembang"}, 2).revision.number == 3


def test_restore_appends_a_copy(app, owner):
    brand = create_brand(owner)
    service.save_profile(brand, owner, {"city": "Lasem"}, 1)
    service.save_profile(brand, owner, {"city": "Rembang"}, 2)
    result = service.restore_revision(brand, owner, 1)
    assert result.created and result.revision.number == 4
    assert result.revision.restored_from == 1
    assert result.revision.profile == service.head_revision(brand).profile
    first = get_session().scalar(brand.revision_query(1))
    assert result.revision.profile == first.profile
    assert numbers(brand) == [1, 2, 3, 4]
    assert not service.restore_revision(brand, owner, 4).created  # already current
    with pytest.raises(service.BrandError):
        service.restore_revision(brand, owner, 9)


def test_unknown_fields_cannot_be_smuggled_in(app, owner):
    brand = create_brand(owner)
    from webapp.brands.profile import ProfileError

    with pytest.raises(ProfileError):
        service.save_profile(brand, owner, {"owner_id": 99}, 1)
    assert numbers(brand) == [1]


class RevisionMachine(RuleBasedStateMachine):
    """Any sequence of saves, no-op saves, restores and stale saves keeps the history whole."""

    def __init__(self):
        super().__init__()
        self.app = self.shared_app
        self.context = self.app.app_context()
        self.context.push()
        try:
            # A fresh owner per run on the shared database: id(self) can repeat once an old
            # machine is collected, so a uuid names it.
            self.owner = create_user(email=f"o{uuid.uuid4().hex}@example.id")
            self.brand = create_brand(self.owner, name="Mesin")
        except BaseException:
            self.context.pop()  # never leave this app's context behind for the next tests
            raise
        self.accepted = [normalise_profile({"name": "Mesin"})]
        self.seen_head = 1

    def teardown(self):
        self.context.pop()

    @rule(city=st.text(min_size=0, max_size=12))
    def save_fresh(self, city):
        result = service.save_profile(self.brand, self.owner, {"city": city},
                                      self.brand.head_number)
        if result.created:
            self.accepted.append(result.revision.profile)
        else:
            assert self.accepted[-1]["city"] == clean_text(city)
        self.seen_head = self.brand.head_number

    @rule()
    def save_noop(self):
        before = self.brand.head_number
        result = service.save_profile(self.brand, self.owner, {}, before)
        assert not result.created and self.brand.head_number == before

    @precondition(lambda self: len(self.accepted) > 1)
    @rule(data=st.data())
    def restore(self, data):
        number = data.draw(st.integers(1, len(self.accepted)))
        result = service.restore_revision(self.brand, self.owner, number)
        if result.created:
            self.accepted.append(result.revision.profile)

    @precondition(lambda self: len(self.accepted) > 1)
    @rule(city=st.text(min_size=1, max_size=12))
    def save_stale(self, city):
        head = self.accepted[-1]
        try:
            result = service.save_profile(self.brand, self.owner, {"city": city}, 1)
        except service.SaveConflict as conflict:
            assert conflict.head.profile == head
        else:
            assert not result.created  # only a save equal to the newest one passes when stale

    @invariant()
    def history_is_whole(self):
        revisions = get_session().scalars(
            select(BrandRevision).where(BrandRevision.brand_id == self.brand.id)
            .order_by(BrandRevision.number)).all()
        assert [r.number for r in revisions] == list(range(1, len(revisions) + 1))
        assert [r.profile for r in revisions] == self.accepted
        brand = get_session().get(Brand, self.brand.id)
        assert brand.head_number == len(revisions)


def test_revision_rules_hold_for_any_sequence(tmp_path, monkeypatch, database):
    RevisionMachine.shared_app = make_app(tmp_path, monkeypatch, database.fresh_url(tmp_path))
    try:
        test = RevisionMachine.TestCase
        test.settings = settings(max_examples=examples(25), stateful_step_count=12, deadline=None,
                                 suppress_health_check=[HealthCheck.too_slow])
        test().runTest()
    finally:
        get_engine(RevisionMachine.shared_app).dispose()


def test_concurrent_saves_lose_nothing_and_never_lock(app, owner):
    """20 threads save 20 brands while 10 threads save one shared brand, on this database."""
    brands = [create_brand(owner, name=f"Merek {n}") for n in range(21)]
    shared = brands.pop()
    accepted: list[tuple[int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def save(brand_id: int, city: str) -> None:
        try:
            with app.app_context():
                brand = get_session().get(Brand, brand_id)
                user = get_session().merge(owner)
                for _attempt in range(50):  # an owner who meets a conflict merges and saves again
                    try:
                        result = service.save_profile(brand, user, {"city": city},
                                                      brand.head_number)
                    except service.SaveConflict:
                        get_session().refresh(brand)
                        continue
                    with lock:
                        accepted.append((brand_id, city))
                    assert result.created
                    return
                raise AssertionError("gave up after 50 conflicts")
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=save, args=(brand.id, f"Kota {n}"))
               for n, brand in enumerate(brands)]
    threads += [threading.Thread(target=save, args=(shared.id, f"Bersama {n}")) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(accepted) == 30
    with app.app_context():
        for brand_id, city in accepted:
            cities = get_session().scalars(select(BrandRevision.profile)
                                           .where(BrandRevision.brand_id == brand_id)).all()
            assert city in [profile["city"] for profile in cities]
        shared_numbers = numbers(get_session().get(Brand, shared.id))
        assert shared_numbers == list(range(1, 12))
