"""Comments and suggested text from a class's trainers on a shared brand, and the owner's
answers. A trainer only ever writes Comment rows: the owner's content changes when the owner
accepts a suggestion, and then through the owner's own save paths (a story piece's hand edit and
the story saved as a brand revision; a listing text saved as the owner's edit).

    parse_target(brand, text)                 -> Target   a place of the brand, else CommentError
    add_comment(trainer, kelas, brand, ...)    -> Comment  a comment, a suggestion, or a reply
    reply(owner, comment, body)               -> Comment  the owner's answer in the thread
    mark_done(owner, comment) / decline(owner, comment)   the owner closes a thread
    accept(owner, brand, comment, note)       -> Accepted the suggestion saved by the owner
    for_brand(brand)                          -> {target: [Thread]}  open threads, one query
    for_class(kelas, brand)                   -> {target: [Thread]}  a class's threads, any status
    open_for_owner(owner, limit)              -> ([DashboardItem], count)
    mark_seen(comment)

Access is checked by the caller: a trainer's brand comes from classes.service.shared_brand, an
owner's from webapp.access.load_brand, and a comment from owned_thread(brand, comment_id).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from webapp.brands.service import head_revision
from webapp.db import get_session, transaction
from webapp.domain import DomainError
from webapp.fields import INT_MAX
from webapp.lazy import lazy
from webapp.models import Brand, BrandRevision, Comment, Kelas, Product, User, utcnow

stories = lazy("webapp.stories.service")
story_templates = lazy("webapp.stories.templates")
listings = lazy("webapp.listings.service")
channels = lazy("webapp.listings.channels")

BODY_MAX = 2000
PIECE_TEXT_MAX = 6000  # the story's own limit for a hand edit (stories.service.EDIT_MAX)
LISTING_TEXT_MAX = 20_000  # listings.service.TEXT_MAX, and the column's size
DASHBOARD_LIMIT = 10
TARGET = re.compile(
    r"revision:(?P<number>[0-9]{1,10})"
    r"|piece:(?P<language>id|en):(?P<piece>[a-z0-9_]{1,40})"
    r"|listing:(?P<product>[0-9]{1,10}):(?P<channel>[a-z0-9_]{1,40}):(?P<field>[a-z_]{1,20})")


class CommentError(DomainError):
    """A comment action was refused: not_found (a 404), bad_target, no_revision, no_story,
    no_piece, no_product, no_channel, no_field, no_suggestion_here, empty, too_long,
    suggestion_too_long, not_open, no_suggestion, gone."""

    domain = "comment"


@dataclass(frozen=True)
class Target:
    """What a comment is about: a brand revision, a story piece in a language, or one field
    of a product's listing for a channel."""

    kind: str  # revision | piece | listing
    text: str
    number: int = 0
    language: str = ""
    piece: str = ""
    product_id: int = 0
    channel_id: str = ""
    field: str = ""

    @property
    def takes_suggestion(self) -> bool:
        """Only texts can be rewritten by a suggestion; a revision is a whole profile."""
        return self.kind in ("piece", "listing")


@dataclass(frozen=True)
class Thread:
    """A trainer's comment with its replies, oldest first."""

    comment: Comment
    replies: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class DashboardItem:
    """An open comment as the owner's dashboard lists it."""

    comment: Comment
    brand: Brand
    brand_name: str
    class_name: str
    product_name: str
    target: Target


@dataclass(frozen=True)
class Accepted:
    """What accepting a suggestion changed: the revision it made, if any."""

    target: Target
    revision: int | None


# --- targets -----------------------------------------------------------------------------------

def split_target(text: str) -> Target:
    """Read a target's parts without looking anything up; CommentError("bad_target")."""
    match = TARGET.fullmatch(text or "")
    if match is None:
        raise CommentError("bad_target")
    if match["number"]:
        return Target("revision", text, number=int(match["number"]))
    if match["piece"]:
        return Target("piece", text, language=match["language"], piece=match["piece"])
    return Target("listing", text, product_id=int(match["product"]),
                  channel_id=match["channel"], field=match["field"])


def parse_target(brand: Brand, text: str) -> Target:
    """A target that exists for brand: its revision, its story's piece, its product's listing
    field of a known channel; otherwise a CommentError saying which part is wrong."""
    target = split_target(text)
    if target.kind == "revision":
        if not 1 <= target.number <= brand.head_number:
            raise CommentError("no_revision", number=target.number)
    elif target.kind == "piece":
        _draft, template = story_of(brand)
        if template is None:
            raise CommentError("no_story")
        if target.piece not in template.shared.pieces:
            raise CommentError("no_piece")
    else:
        product_and_channel(brand, target)
    return target


def story_of(brand: Brand):
    """The brand's story draft (or None) and its template: the draft's, else the saved story's."""
    draft = stories.load_draft(brand)
    template = stories.template_of(draft) if draft is not None else None
    if template is None:
        saved = head_revision(brand).profile.get("story") or {}
        try:
            template = story_templates.get_template(str(saved.get("template") or ""))
        except story_templates.UnknownTemplate:
            template = None
    return draft, template


def product_and_channel(brand: Brand, target: Target):
    """The brand's product and the channel a listing target names, else CommentError."""
    product = get_session().scalar(select(Product).where(
        Product.id == target.product_id, Product.brand_id == brand.id)
    ) if target.product_id <= INT_MAX else None  # past the column: PostgreSQL would refuse
    if product is None:
        raise CommentError("no_product")
    try:
        channel = channels.get_channel(target.channel_id)
    except channels.UnknownChannelError:
        raise CommentError("no_channel") from None
    if target.field not in listings.fields_of(channel):
        raise CommentError("no_field")
    return product, channel


def current_text(brand: Brand, target: Target) -> str | None:
    """The text a suggestion for target would replace, as the owner's pages show it now."""
    if target.kind == "piece":
        draft, template = story_of(brand)
        if draft is not None and template is not None and draft.template_id == template.id:
            views = stories.story_pieces(draft, template, target.language)
            return next((view.text for view in views if view.name == target.piece), None)
        saved = (head_revision(brand).profile.get("story") or {}).get("pieces") or {}
        return (saved.get(target.language) or {}).get(target.piece)
    if target.kind == "listing":
        product, channel = product_and_channel(brand, target)
        field = listings.channel_copy(brand, product, channel).field(target.field)
        return field.text if field is not None else None
    return None


# --- a trainer writes -----------------------------------------------------------------------

def clean(text: str | None) -> str:
    """Typed text with browser line endings unified, without outer blank space."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def checked_suggestion(brand: Brand, target: Target, suggestion: str) -> str:
    """The suggestion as kept: refused where it cannot apply or is too long; empty when it
    reads the same as the current text (the form starts from that text)."""
    if not suggestion:
        return ""
    if not target.takes_suggestion:
        raise CommentError("no_suggestion_here")
    limit = PIECE_TEXT_MAX if target.kind == "piece" else LISTING_TEXT_MAX
    if len(suggestion) > limit:
        raise CommentError("suggestion_too_long", limit=limit)
    now = current_text(brand, target)
    if now is not None and clean(now) == suggestion:
        return ""
    return suggestion


def add_comment(trainer: User, kelas: Kelas, brand: Brand, target_text: str, body: str,
                suggestion: str | None = None, parent_id: int | None = None) -> Comment:
    """A trainer's comment (with suggested text, where the target is a text) on a brand shared
    with kelas, or the trainer's reply in an open thread of kelas."""
    body, suggestion = clean(body), clean(suggestion)
    parent = None
    if parent_id is not None:
        parent = owned_thread(brand, parent_id)
        if parent is None or parent.class_id != kelas.id:
            raise CommentError("not_found")
        if parent.status != "open":
            raise CommentError("not_open")
        target_text, suggestion = parent.target, ""
    else:
        target_text = parse_target(brand, target_text).text
        suggestion = checked_suggestion(brand, split_target(target_text), suggestion)
    if not body and not suggestion:
        raise CommentError("empty")
    if len(body) > BODY_MAX:
        raise CommentError("too_long", limit=BODY_MAX)
    with transaction() as session:
        comment = Comment(brand_id=brand.id, class_id=kelas.id, author_id=trainer.id,
                          author_name=trainer.name[:120], parent_id=parent_id,
                          target=target_text, body=body, suggestion=suggestion or None,
                          status="open")
        session.add(comment)
        if parent is not None:
            session.add(parent)
            parent.seen_at = None  # the owner sees the thread as new again
    return comment


# --- the owner answers ------------------------------------------------------------------------

def owned_thread(brand: Brand, comment_id: int) -> Comment | None:
    """The comment starting a thread on brand with comment_id, or None."""
    comment = get_session().get(Comment, comment_id)
    if comment is None or comment.brand_id != brand.id or comment.parent_id is not None:
        return None
    return comment


def reply(owner: User, comment: Comment, body: str) -> Comment:
    """The owner's reply in a thread (the thread counts as seen)."""
    body = clean(body)
    if not body:
        raise CommentError("empty")
    if len(body) > BODY_MAX:
        raise CommentError("too_long", limit=BODY_MAX)
    with transaction() as session:
        answer = Comment(brand_id=comment.brand_id, class_id=comment.class_id,
                         author_id=owner.id, author_name=owner.name[:120],
                         parent_id=comment.id, target=comment.target, body=body,
                         status="open")
        session.add(answer)
        session.add(comment)
        comment.seen_at = comment.seen_at or utcnow()
    return answer


def close(comment: Comment, status: str) -> None:
    """End an open thread with status."""
    if comment.status != "open":
        raise CommentError("not_open")
    with transaction() as session:
        session.add(comment)
        now = utcnow()
        comment.status, comment.resolved_at = status, now
        comment.seen_at = comment.seen_at or now


def mark_done(owner: User, comment: Comment) -> bool:
    """The owner marks a thread done; False when it was closed already."""
    if comment.status != "open":
        return False
    close(comment, "done")
    return True


def decline(owner: User, comment: Comment) -> None:
    """The owner declines a suggestion: nothing of theirs changes."""
    if not comment.suggestion:
        raise CommentError("no_suggestion")
    close(comment, "declined")


def accept(owner: User, brand: Brand, comment: Comment, note: str) -> Accepted:
    """The owner takes a suggestion: the text is saved by the owner through the owner's own
    path, then the thread is closed as accepted. A story piece becomes the owner's hand edit
    and the story is saved as a new brand revision with note (when the story is complete)."""
    if comment.status != "open":
        raise CommentError("not_open")
    if not comment.suggestion:
        raise CommentError("no_suggestion")
    target = split_target(comment.target)
    revision = None
    if target.kind == "piece":
        revision = accept_piece(owner, brand, target, comment.suggestion, note)
    else:
        accept_listing(brand, target, comment.suggestion)
    close(comment, "accepted")
    return Accepted(target, revision)


def accept_piece(owner: User, brand: Brand, target: Target, text: str, note: str) -> int | None:
    """Keep text as the owner's edit of the piece and save the story; the new revision's number
    (None when the story cannot be saved yet: the edit stays in the draft)."""
    draft = stories.load_draft(brand)
    if draft is None:
        raise CommentError("gone")
    try:
        stories.edit_piece(draft, target.language, target.piece, text)
    except stories.StoryError:
        raise CommentError("gone") from None
    try:
        saved = stories.save_story(brand, owner, draft, note)
    except stories.StoryError:
        return None
    return saved.revision.number if saved.created else None


def accept_listing(brand: Brand, target: Target, text: str) -> None:
    """Save text as the owner's own listing text for the field."""
    try:
        product, channel = product_and_channel(brand, target)
        listings.save_copy(brand, product, channel, target.field, text)
    except (CommentError, listings.ListingError):
        raise CommentError("gone") from None


def mark_seen(comment: Comment) -> None:
    """The owner opened the comment."""
    if comment.seen_at is None:
        with transaction() as session:
            session.add(comment)
            comment.seen_at = utcnow()


# --- reading --------------------------------------------------------------------------------

def threads_of(rows: Iterable[Comment]) -> dict[str, list[Thread]]:
    """Comments (roots and replies, oldest first) as threads grouped by target."""
    rows = list(rows)
    replies: dict[int, list[Comment]] = defaultdict(list)
    for row in rows:
        if row.parent_id is not None:
            replies[row.parent_id].append(row)
    grouped: dict[str, list[Thread]] = {}
    for row in rows:
        if row.parent_id is None:
            grouped.setdefault(row.target, []).append(Thread(row, tuple(replies[row.id])))
    return grouped


def for_brand(brand: Brand) -> dict[str, list[Thread]]:
    """The brand's open threads with their replies, by target, in one query."""
    root = aliased(Comment)
    rows = get_session().scalars(
        select(Comment).outerjoin(root, Comment.parent_id == root.id)
        .where(Comment.brand_id == brand.id,
               or_(and_(Comment.parent_id.is_(None), Comment.status == "open"),
                   root.status == "open"))
        .order_by(Comment.created_at, Comment.id))
    return threads_of(rows)


def for_class(kelas: Kelas, brand: Brand) -> dict[str, list[Thread]]:
    """Every thread of kelas's trainers on brand, whatever its status, by target."""
    rows = get_session().scalars(
        select(Comment).where(Comment.brand_id == brand.id, Comment.class_id == kelas.id)
        .order_by(Comment.created_at, Comment.id))
    return threads_of(rows)


def open_for_owner(owner: User, limit: int = DASHBOARD_LIMIT) -> tuple[list[DashboardItem], int]:
    """The newest open comments on the owner's brands, and how many are open in all."""
    session = get_session()
    mine = and_(Brand.owner_id == owner.id, Comment.parent_id.is_(None), Comment.status == "open")
    total = session.scalar(select(func.count(Comment.id))
                           .join(Brand, Brand.id == Comment.brand_id).where(mine))
    if not total:
        return [], 0
    rows = session.execute(
        select(Comment, Brand, BrandRevision, Kelas.name)
        .join(Brand, Brand.id == Comment.brand_id)
        .join(BrandRevision, and_(BrandRevision.brand_id == Brand.id,
                                  BrandRevision.number == Brand.head_number))
        .outerjoin(Kelas, Kelas.id == Comment.class_id)
        .where(mine).order_by(Comment.created_at.desc(), Comment.id.desc()).limit(limit)).all()
    targets = {comment.id: split_target(comment.target) for comment, *_rest in rows}
    wanted = {t.product_id for t in targets.values() if t.kind == "listing"}
    names = dict(session.execute(select(Product.id, Product.name).where(
        Product.id.in_(wanted))).all()) if wanted else {}
    items = [DashboardItem(comment, brand, str(head.profile.get("name") or brand.slug),
                           class_name or "", names.get(targets[comment.id].product_id, ""),
                           targets[comment.id])
             for comment, brand, head, class_name in rows]
    return items, total
