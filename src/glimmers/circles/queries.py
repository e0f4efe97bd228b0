"""What a member reads in a circle: always through glimmers/access.py.

A shared glimmer is handed on as a ``SharedGlimmer``: only the parts its owner
chose to send (the words and when, always; senses and body cues, people's
names, photos, each if chosen). Pages, the API and the CLI all show these, so
none of them can show more than was shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Max, Q

from glimmers.access import circles, members, owned, replies_to, shares_in
from glimmers.circles.models import Circle, Membership, Share
from glimmers.journal.queries import newest_first

PAGE_SIZE = 30


@dataclass(frozen=True)
class SharedReply:
    id: str
    author: str
    mine: bool
    noticed: str
    quote: str
    sense: str
    created_at: datetime
    hidden: bool


@dataclass(frozen=True)
class SharedGlimmer:
    """One glimmer as its circle sees it."""

    share_id: str
    circle_id: str
    author: str
    mine: bool
    text: str
    day: date | None
    kind: str
    shared_at: datetime
    new: bool
    senses: list[str] = field(default_factory=list)
    body_cues: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    photos: list[dict] = field(default_factory=list)  # {"id", "alt_text"}
    replies: list[SharedReply] = field(default_factory=list)


def display_name(user) -> str:
    return user.get_full_name() or user.username


def my_circles(viewer) -> list[dict]:
    """The viewer's circles, each with whether someone shared since they last looked.

    One query for the lot, however many circles: the newest share by someone
    else, beside the viewer's own last look.
    """
    others = ~Q(shares__owner=viewer)
    rows = circles(viewer).annotate(newest=Max("shares__shared_at", filter=others)).order_by("name")
    looked = dict(owned(Membership, viewer).values_list("circle_id", "looked_at"))
    return [
        {
            "circle": circle,
            "new": circle.newest is not None
            and (looked.get(circle.pk) is None or circle.newest > looked[circle.pk]),
            "keeper": circle.owner_id == viewer.pk,
        }
        for circle in rows
    ]


def looked_at(viewer, circle: Circle) -> datetime | None:
    """When ``viewer`` last looked at ``circle`` (None: never)."""
    return (
        owned(Membership, viewer).filter(circle=circle).values_list("looked_at", flat=True).first()
    )


def people_in(viewer, circle: Circle) -> list[dict]:
    """Who is in ``circle``: names only, and who keeps it."""
    return [
        {
            "id": membership.user_id,
            "name": display_name(membership.user),
            "keeper": membership.user_id == circle.owner_id,
            "me": membership.user_id == viewer.pk,
            "joined_at": membership.joined_at,
        }
        for membership in members(viewer, circle).order_by("joined_at")
    ]


def _card(viewer, share: Share, since: datetime | None) -> SharedGlimmer:
    glimmer = share.glimmer
    replies = [
        SharedReply(
            id=str(reply.pk),
            author=display_name(reply.owner),
            mine=reply.owner_id == viewer.pk,
            noticed=reply.noticed,
            quote=reply.quote,
            sense=reply.sense.name if reply.sense else "",
            created_at=reply.created_at,
            hidden=reply.hidden_at is not None,
        )
        for reply in share.visible_replies
    ]
    return SharedGlimmer(
        share_id=str(share.pk),
        circle_id=str(share.circle_id),
        author=display_name(share.owner),
        mine=share.owner_id == viewer.pk,
        text=glimmer.text,
        day=glimmer.local_date,
        kind=glimmer.get_kind_display(),
        shared_at=share.shared_at,
        new=share.owner_id != viewer.pk and (since is None or share.shared_at > since),
        senses=[s.name for s in glimmer.senses.all()] if share.with_senses else [],
        body_cues=[c.name for c in glimmer.body_cues.all()] if share.with_senses else [],
        people=[p.name for p in glimmer.people.all()] if share.with_people else [],
        photos=(
            [{"id": str(p.pk), "alt_text": p.alt_text} for p in glimmer.photos.all()]
            if share.with_photos
            else []
        ),
        replies=replies,
    )


def _with_details(viewer, rows):
    return rows.select_related("owner", "glimmer", "glimmer__owner").prefetch_related(
        "glimmer__senses", "glimmer__body_cues", "glimmer__people", "glimmer__photos"
    )


def shared_page(
    viewer, circle: Circle, cursor: str = "", size: int = PAGE_SIZE
) -> tuple[list[SharedGlimmer], str | None]:
    """A page of the glimmers shared with ``circle``, newest first, and the next page's cursor.

    The cursor is the journal's (a moment and an id, journal/queries.py), so
    shares made in the same instant are neither skipped nor shown twice from
    one page to the next; None on the last page. For the API and the command line.
    """
    since = looked_at(viewer, circle)
    rows = _with_details(viewer, shares_in(viewer, circle))
    page = newest_first(rows, "shared_at", cursor, size)
    _attach_replies(viewer, page.items)
    return [_card(viewer, share, since) for share in page.items], page.next_cursor


def _attach_replies(viewer, shares: list[Share]) -> None:
    """Each share's readable replies in one query for the page (not one per card)."""
    by_share: dict = {share.pk: [] for share in shares}
    if shares:
        readable = replies_to(viewer, shares).select_related("owner", "sense")
        for reply in readable.order_by("created_at"):
            by_share[reply.share_id].append(reply)
    for share in shares:
        share.visible_replies = by_share[share.pk]


def shared_glimmer(viewer, share: Share) -> SharedGlimmer:
    """One share (found with access.get_share) as a card, with its replies."""
    share = _with_details(viewer, shares_in(viewer, share.circle).filter(pk=share.pk)).get()
    _attach_replies(viewer, [share])
    return _card(viewer, share, looked_at(viewer, share.circle))


def shared_with(viewer, glimmer) -> dict:
    """Where the viewer's own ``glimmer`` is shared: {circle id: share}."""
    rows = owned(Share, viewer).filter(glimmer=glimmer).select_related("circle")
    return {share.circle_id: share for share in rows}


def shared_glimmer_ids(viewer, circle: Circle) -> set:
    """Which of the viewer's own glimmers are already shared with ``circle``."""
    return set(owned(Share, viewer).filter(circle=circle).values_list("glimmer_id", flat=True))
