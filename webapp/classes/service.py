"""Classes (kelas): a trainer opens one, owners join with its code and share brands of their own
choosing; every access rule lives here.

    create_class(user, name, ...)      -> Kelas          the user becomes its lead trainer
    add_trainer(kelas, lead, email)    -> KelasTrainer   a co-trainer (an existing account)
    remove_trainer(kelas, lead, id)                      the lead removes a co-trainer
    join(owner, code, brand_ids, ...)  -> Kelas          share brands with the class of code
    end_share(owner, share_id)                           the owner stops sharing, at once
    trainer_class(user, class_id)      -> Kelas          a class the user trains, else ClassError
    shared_brand(user, class_id, slug) -> (Kelas, Brand, KelasShare)
                                                         a brand shared now with a class the
                                                         user trains, else ClassError (a 404)
    record_visit(...)                                    the owner's "Akses pendamping" list
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.db import get_session, transaction
from webapp.domain import DomainError
from webapp.models import (
    Brand,
    Kelas,
    KelasShare,
    KelasTrainer,
    TrainerVisit,
    User,
    normalise_email,
    utcnow,
)

#: Codes owners type on a phone: no 0/O, 1/I/L look-alikes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_CLASSES_PER_USER = 50
MAX_TRAINERS = 10


class ClassError(DomainError):
    """A class action was refused: not_found (also for a class or brand the user may not
    see), unknown_code, not_lead, no_account, already_trainer, too_many_trainers,
    too_many_classes, no_brand, lead_stays."""

    domain = "class"


def new_code() -> str:
    """A short random code: 31^6, about 887 million; a clash is retried."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """A code as owners type it: any case, spaces or a dash in the middle."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:CODE_LENGTH * 2]


def create_class(user: User, name: str, organiser: str = "", starts_on: date | None = None,
                 ends_on: date | None = None) -> Kelas:
    """Open a class with user as its lead trainer."""
    session = get_session()
    count = session.scalar(select(KelasTrainer.id).where(KelasTrainer.user_id == user.id)
                           .limit(1).offset(MAX_CLASSES_PER_USER - 1))
    if count is not None:
        raise ClassError("too_many_classes", limit=MAX_CLASSES_PER_USER)
    for _attempt in range(5):
        try:
            with transaction() as session:
                kelas = Kelas(code=new_code(), name=name.strip(), organiser=organiser.strip(),
                              starts_on=starts_on, ends_on=ends_on)
                kelas.trainers.append(KelasTrainer(user_id=user.id, role="lead"))
                session.add(kelas)
            return kelas
        except IntegrityError:  # the code was taken: another one
            continue
    raise RuntimeError("no free class code after 5 attempts")


def trainer_row(kelas_id: int, user_id: int) -> KelasTrainer | None:
    """The user's place among the class's trainers, if any."""
    return get_session().scalar(select(KelasTrainer).where(
        KelasTrainer.class_id == kelas_id, KelasTrainer.user_id == user_id))


def trainer_class(user: User, class_id: int) -> Kelas:
    """A class user trains; ClassError("not_found") for any other (the page answers 404)."""
    if trainer_row(class_id, user.id) is None:
        raise ClassError("not_found")
    return get_session().get(Kelas, class_id)


def classes_of(user: User) -> list[tuple[Kelas, str]]:
    """The classes user trains, newest first, with the user's role in each."""
    rows = get_session().execute(
        select(Kelas, KelasTrainer.role).join(KelasTrainer, KelasTrainer.class_id == Kelas.id)
        .where(KelasTrainer.user_id == user.id).order_by(Kelas.created_at.desc(), Kelas.id.desc()))
    return [(kelas, role) for kelas, role in rows]


def add_trainer(kelas: Kelas, lead: User, email: str) -> KelasTrainer:
    """The lead trainer adds a co-trainer by the email of their account."""
    require_lead(kelas, lead)
    session = get_session()
    user = session.scalar(User.by_email(email))
    if user is None:
        raise ClassError("no_account", email=normalise_email(email))
    if trainer_row(kelas.id, user.id) is not None:
        raise ClassError("already_trainer", name=user.name)
    if len(kelas.trainers) >= MAX_TRAINERS:
        raise ClassError("too_many_trainers", limit=MAX_TRAINERS)
    with transaction() as session:
        row = KelasTrainer(class_id=kelas.id, user_id=user.id, role="co")
        session.add(row)
    return row


def remove_trainer(kelas: Kelas, lead: User, trainer_id: int) -> None:
    """The lead removes a co-trainer, whose access ends at once."""
    require_lead(kelas, lead)
    row = get_session().get(KelasTrainer, trainer_id)
    if row is None or row.class_id != kelas.id:
        raise ClassError("not_found")
    if row.role == "lead":
        raise ClassError("lead_stays")
    with transaction() as session:
        session.delete(row)


def require_lead(kelas: Kelas, user: User) -> None:
    """Only the trainer who opened the class manages its trainers."""
    row = trainer_row(kelas.id, user.id)
    if row is None:
        raise ClassError("not_found")
    if row.role != "lead":
        raise ClassError("not_lead")


def class_by_code(code: str) -> Kelas:
    """The class with code, or ClassError("unknown_code")."""
    kelas = get_session().scalar(select(Kelas).where(Kelas.code == normalise_code(code)))
    if kelas is None:
        raise ClassError("unknown_code")
    return kelas


def join(owner: User, code: str, brand_ids: Iterable[int], show_contacts: bool = False) -> Kelas:
    """Share the owner's chosen brands with the class of code (a brand shared already stays
    shared once); only the owner's own brands can be shared."""
    kelas = class_by_code(code)
    wanted = set(brand_ids)
    session = get_session()
    brands = session.scalars(select(Brand).where(Brand.owner_id == owner.id,
                                                 Brand.id.in_(wanted))).all() if wanted else []
    if not brands or len(brands) != len(wanted):
        raise ClassError("no_brand")
    active = set(session.scalars(select(KelasShare.brand_id).where(
        KelasShare.class_id == kelas.id, KelasShare.ended_at.is_(None))))
    with transaction() as session:
        for brand in brands:
            if brand.id not in active:
                session.add(KelasShare(class_id=kelas.id, brand_id=brand.id, owner_id=owner.id,
                                       show_contacts=show_contacts))
    return kelas


def shares_of(owner: User) -> list[KelasShare]:
    """Every share the owner made, active first, newest first."""
    return list(get_session().scalars(
        select(KelasShare).where(KelasShare.owner_id == owner.id)
        .order_by(KelasShare.ended_at.is_not(None), KelasShare.shared_at.desc(),
                  KelasShare.id.desc())))


def end_share(owner: User, share_id: int) -> KelasShare:
    """Stop sharing: the class's trainers lose the brand at once."""
    share = get_session().get(KelasShare, share_id)
    if share is None or share.owner_id != owner.id:
        raise ClassError("not_found")
    if share.ended_at is None:
        with transaction() as session:
            session.add(share)
            share.ended_at = utcnow()
    return share


def active_share(class_id: int, brand_id: int) -> KelasShare | None:
    """The class's live share of the brand, if any."""
    return get_session().scalar(select(KelasShare).where(
        KelasShare.class_id == class_id, KelasShare.brand_id == brand_id,
        KelasShare.ended_at.is_(None)))


def shared_brand(user: User, class_id: int, slug: str) -> tuple[Kelas, Brand, KelasShare]:
    """A brand shared now with a class user trains; ClassError("not_found") otherwise: the
    other class's brand, an ended share and a removed co-trainer all look like nothing."""
    kelas = trainer_class(user, class_id)
    brand = get_session().scalar(select(Brand).where(Brand.slug == slug))
    share = active_share(kelas.id, brand.id) if brand is not None else None
    if share is None:
        raise ClassError("not_found")
    return kelas, brand, share


def record_visit(trainer: User, kelas: Kelas, brand: Brand, page: str) -> None:
    """Note that a trainer opened a page of a shared brand (the owner sees the list)."""
    with transaction() as session:
        session.add(TrainerVisit(brand_id=brand.id, trainer_id=trainer.id,
                                 trainer_name=trainer.name, class_id=kelas.id,
                                 class_name=kelas.name, page=page[:40]))


def visits_for(owner: User, limit: int = 100) -> list[TrainerVisit]:
    """The newest trainer visits to the owner's brands."""
    return list(get_session().scalars(
        select(TrainerVisit).join(Brand, Brand.id == TrainerVisit.brand_id)
        .where(Brand.owner_id == owner.id)
        .order_by(TrainerVisit.at.desc(), TrainerVisit.id.desc()).limit(limit)))
