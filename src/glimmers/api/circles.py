"""Circles in the API: your circles, what is shared in them, and sharing your own glimmers.

Same queries and services as the circle pages and `glimmers circles` / `glimmers share`.
A shared glimmer is serialized from its ``SharedGlimmer`` (only what its owner
chose to share). Anyone who isn't in a circle — a stranger, someone who left,
someone invited who hasn't joined — gets 404 for it and everything in it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.http import Http404
from ninja import Query, Router, Schema, Status
from pydantic import Field, StrictBool

from glimmers.access import get_circle, get_share, shared_photo
from glimmers.api.common import ERRORS, IMAGE, checked_cursor, image, invalid, require_write
from glimmers.api.errors import form_fields
from glimmers.api.schemas import ObjectIn
from glimmers.circles import queries, serialize, services
from glimmers.circles.forms import ShareForm
from glimmers.journal import queries as journal

router = Router(tags=["circles"])


class MemberOut(Schema):
    name: str
    keeper: bool = Field(description="They keep the circle (invite, remove, hand on).")
    me: bool


class CircleOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    keeper: bool = Field(description="You keep this circle.")
    new: bool = Field(description="Something was shared by someone else since you last looked.")
    members: list[MemberOut]


class SharedPhotoOut(Schema):
    id: uuid.UUID
    alt_text: str
    url: str
    thumbnail_url: str


class ReplyOut(Schema):
    id: uuid.UUID
    author: str
    mine: bool
    noticed: str = Field(description="The glimmer they noticed in it.")
    quote: str
    sense: str
    created_at: datetime
    hidden: bool = Field(
        description="Hidden by the glimmer's owner (only they and its writer see it)."
    )


class SharedGlimmerOut(Schema):
    id: uuid.UUID = Field(description="The share's id (not the glimmer's).")
    circle_id: uuid.UUID
    author: str
    mine: bool
    text: str
    day: date | None = Field(description="The author's day it was noticed on.")
    kind: str = Field(description="How it came, in words: noticed now, remembered, …")
    shared_at: datetime
    new: bool = Field(description="Shared by someone else since you last looked.")
    senses: list[str] = Field(description="Only if its owner shared its senses.")
    body_cues: list[str] = Field(description="Only if its owner shared its senses.")
    people: list[str] = Field(description="Only if its owner shared the names of people in it.")
    photos: list[SharedPhotoOut] = Field(description="Only if its owner shared its photos.")
    replies: list[ReplyOut]


class SharedPage(Schema):
    items: list[SharedGlimmerOut]
    next_cursor: str | None = Field(
        None, description="Pass as ?cursor= for the next (older) page; null at the end."
    )


class SharePage(Schema):
    cursor: str = ""
    limit: int = Field(queries.PAGE_SIZE, ge=1, le=100)


class ShareIn(ObjectIn):
    with_senses: StrictBool = Field(True, description="Its senses and body cues go with it.")
    with_people: StrictBool = Field(False, description="The names of people in it go with it.")
    with_photos: StrictBool = Field(False, description="Its photos go with it.")


class ShareOut(Schema):
    id: uuid.UUID
    circle_id: uuid.UUID
    circle_name: str
    with_senses: bool
    with_people: bool
    with_photos: bool
    shared_at: datetime


def _circle_json(user, circle) -> dict:
    entry = next(e for e in queries.my_circles(user) if e["circle"].pk == circle.pk)
    return serialize.circle_data(entry, queries.people_in(user, circle))


# ---------------------------------------------------------------------------
# Circles and what is shared in them
# ---------------------------------------------------------------------------


@router.get("/circles", response={200: list[CircleOut], **ERRORS})
def list_circles(request):
    """The circles you are in, by name, each with who is in it."""
    user = request.user
    return [
        serialize.circle_data(entry, queries.people_in(user, entry["circle"]))
        for entry in queries.my_circles(user)
    ]


@router.get("/circles/{circle_id}", response={200: CircleOut, **ERRORS})
def get_one_circle(request, circle_id: uuid.UUID):
    return _circle_json(request.user, get_circle(request.user, circle_id))


@router.post("/circles/{circle_id}/looked", response={204: None, **ERRORS})
def mark_looked(request, circle_id: uuid.UUID):
    """Say you have looked: what is shared there now is no longer marked new for you."""
    require_write(request)
    services.looked(request.user, get_circle(request.user, circle_id))
    return Status(204, None)


@router.get("/circles/{circle_id}/glimmers", response={200: SharedPage, **ERRORS})
def circle_glimmers(request, circle_id: uuid.UUID, paging: Query[SharePage]):
    """What is shared in the circle, newest first, each with its replies, a page at a time."""
    circle = get_circle(request.user, circle_id)
    cards, next_cursor = queries.shared_page(
        request.user, circle, checked_cursor(paging.cursor), paging.limit
    )
    return {"items": [serialize.shared_data(card) for card in cards], "next_cursor": next_cursor}


def _shared_photo(request, circle_id, photo_id, thumbnail: bool):
    circle = get_circle(request.user, circle_id)
    return image(shared_photo(request.user, circle, photo_id), thumbnail)


@router.get(
    "/circles/{circle_id}/photos/{photo_id}",
    response={200: None, **ERRORS},
    openapi_extra=IMAGE,
)
def get_shared_photo(request, circle_id: uuid.UUID, photo_id: uuid.UUID):
    """A photo of a glimmer shared in the circle with its photos."""
    return _shared_photo(request, circle_id, photo_id, thumbnail=False)


@router.get(
    "/circles/{circle_id}/photos/{photo_id}/thumbnail",
    response={200: None, **ERRORS},
    openapi_extra=IMAGE,
)
def get_shared_photo_thumbnail(request, circle_id: uuid.UUID, photo_id: uuid.UUID):
    return _shared_photo(request, circle_id, photo_id, thumbnail=True)


@router.get("/shares/{share_id}", response={200: SharedGlimmerOut, **ERRORS})
def get_one_share(request, share_id: uuid.UUID):
    """One shared glimmer, with its replies."""
    share = get_share(request.user, share_id)
    return serialize.shared_data(queries.shared_glimmer(request.user, share))


# ---------------------------------------------------------------------------
# Sharing your own glimmers
# ---------------------------------------------------------------------------


@router.get("/glimmers/{glimmer_id}/shares", response={200: list[ShareOut], **ERRORS})
def where_shared(request, glimmer_id: uuid.UUID):
    """The circles one of your glimmers is shared with, and what goes with it in each."""
    glimmer = journal.get_glimmer(request.user, glimmer_id)
    shares = sorted(
        queries.shared_with(request.user, glimmer).values(), key=lambda s: s.circle.name
    )
    return [serialize.share_data(share, share.circle.name) for share in shares]


@router.put(
    "/glimmers/{glimmer_id}/shares/{circle_id}",
    response={200: ShareOut, 201: ShareOut, **ERRORS},
)
def share_glimmer(request, glimmer_id: uuid.UUID, circle_id: uuid.UUID, payload: ShareIn):
    """Share one of your glimmers with one of your circles (201), or change what goes with it (200).

    Sending it again changes nothing more, so a retry is safe. A glimmer that
    isn't yours, or a circle you aren't in, is 404.
    """
    require_write(request)
    user = request.user
    glimmer = journal.get_glimmer(user, glimmer_id)
    form = ShareForm({"circles": [str(circle_id)], **payload.dict()}, owner=user)
    if not form.is_valid():
        if "circles" in form.errors:
            raise Http404
        raise invalid(form_fields(form.errors))
    [circle] = form.cleaned_data["circles"]
    already = circle.pk in queries.shared_with(user, glimmer)
    options = {
        name: form.cleaned_data[name] for name in ("with_senses", "with_people", "with_photos")
    }
    [share] = services.share(user, glimmer, [circle], **options)
    return Status(200 if already else 201, serialize.share_data(share, circle.name))


@router.delete("/glimmers/{glimmer_id}/shares/{circle_id}", response={204: None, **ERRORS})
def unshare_glimmer(request, glimmer_id: uuid.UUID, circle_id: uuid.UUID):
    """Stop sharing it there: it leaves the circle at once, with the replies under it."""
    require_write(request)
    glimmer = journal.get_glimmer(request.user, glimmer_id)
    if not services.unshare(request.user, glimmer, [circle_id]):
        raise Http404
    return Status(204, None)
