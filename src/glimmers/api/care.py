"""Care links in the API: a carer's clients and what each chose to share; a client's own view.

Same queries as the care pages. A carer reads only through ``care.queries`` and
``access.in_care`` (the scope the client chose, while the link is active),
asked afresh on every request, so a link the client ended or narrowed answers
differently on the very next one; and each read of a client's journal is
written down once (``care.services.note_read``) for the client to see. Anything
outside the scope, a link not confirmed yet or ended, another carer's client:
404. Each side is shown by the name they gave on the link, never by the name
they sign in with.

Everything here reads; a read-only token is enough.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from django.db.models import prefetch_related_objects
from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from glimmers.access import care_photo, client_link, in_care
from glimmers.api.common import ERRORS, IMAGE, checked_cursor, image
from glimmers.api.schemas import GlimmerOut, TriggerOut
from glimmers.care import queries, services
from glimmers.care.models import CareLink
from glimmers.journal.serialize import API_ROOT, glimmer_data, trigger_data

router = Router(tags=["care"])

Scope = Literal["sessions", "since"]


class ClientOut(Schema):
    id: uuid.UUID = Field(description="The care link's id.")
    client: str = Field(description="Your client's name, as they gave it on the link.")
    label: str = Field(description="Who you are to them, in their words.")
    scope: Scope
    since: date | None
    with_photos: bool
    with_insights: bool
    with_triggers: bool
    confirmed_at: datetime | None


class DayCount(Schema):
    day: date
    count: int


class SenseCount(Schema):
    name: str
    count: int


class QuestionOut(Schema):
    day: date
    likelihood: int = Field(description="How likely, 0–10.")


class SuggestionOut(Schema):
    id: uuid.UUID
    text: str
    created_at: datetime
    tried: bool | None = Field(description="Null unless the client lets you see it.")


class SummaryOut(Schema):
    client: ClientOut
    days: list[DayCount] = Field(description="The client's last seven days, with glimmers each.")
    week_total: int
    in_scope: int = Field(description="How many glimmers are within the scope in all.")
    senses: list[SenseCount] = Field(description="The senses of the week's glimmers.")
    question: list[QuestionOut] | None = Field(
        description="The Glimmer Question over time (the latest answers, oldest first); "
        "null unless the client shares the Insights summary."
    )
    suggestions: list[SuggestionOut]


class CarePage(Schema):
    items: list[GlimmerOut]
    next_cursor: str | None = Field(
        None, description="Pass as ?cursor= for the next (older) page; null at the end."
    )


class TriggerPage(Schema):
    items: list[TriggerOut]
    next_cursor: str | None = None


class Paging(Schema):
    cursor: str = ""
    limit: int = Field(50, ge=1, le=200)


class LinkOut(Schema):
    id: uuid.UUID
    label: str
    status: Literal["invited", "accepted", "active", "ended"]
    carer: str | None = Field(
        description="Their name as they gave it, once they took up the invitation."
    )
    scope: Scope
    since: date | None
    with_photos: bool
    with_insights: bool
    with_triggers: bool
    tell_tried: bool
    created_at: datetime
    expires_at: datetime
    confirmed_at: datetime | None
    ended_at: datetime | None


class ReadOut(Schema):
    link_id: uuid.UUID
    label: str = Field(description="The link's label: who read.")
    at: datetime
    page: str = Field(description="summary, glimmers, glimmer, photo, triggers or suggestions.")
    what: str = Field(description="The page, in words.")
    record: str = Field(description="For one glimmer or photo: its id.")


class ReadsQuery(Schema):
    limit: int = Field(200, ge=1, le=200)


def _client_data(link: CareLink) -> dict:
    return {
        "id": link.pk,
        "client": link.client_name,
        "label": link.label,
        "scope": link.scope,
        "since": link.since,
        "with_photos": link.with_photos,
        "with_insights": link.with_insights,
        "with_triggers": link.with_triggers,
        "confirmed_at": link.confirmed_at,
    }


def _photo_data(link: CareLink, photo) -> dict:
    url = f"{API_ROOT}/care/clients/{link.pk}/photos/{photo.pk}"
    return {
        "id": photo.pk,
        "url": url,
        "thumbnail_url": f"{url}/thumbnail",
        "width": photo.width,
        "height": photo.height,
    }


def _glimmer_data(link: CareLink, glimmer) -> dict:
    """A glimmer within scope, as in the client's journal; its photos only if they send photos."""
    data = glimmer_data(glimmer)
    data["photos"] = (
        [_photo_data(link, photo) for photo in glimmer.shown_photos] if link.with_photos else []
    )
    return data


# ---------------------------------------------------------------------------
# For a carer
# ---------------------------------------------------------------------------


@router.get("/care/clients", response={200: list[ClientOut], **ERRORS})
def list_clients(request):
    """Your clients whose links are active (none if you are nobody's carer)."""
    return [_client_data(link) for link in queries.my_clients(request.user)]


@router.get("/care/clients/{link_id}", response={200: SummaryOut, **ERRORS})
def client_summary(request, link_id: uuid.UUID):
    """What the client chose to bring, at a glance, and your suggestions. Logged for the client."""
    user = request.user
    link = client_link(user, link_id)
    summary = queries.summary(user, link)
    question = queries.question_over_time(user, link) if link.with_insights else None
    services.note_read(user, link, "summary")
    return {
        "client": _client_data(link),
        "days": summary["days"],
        "week_total": summary["week_total"],
        "in_scope": summary["in_scope"],
        "senses": [{"name": name, "count": count} for name, count in summary["senses"]],
        "question": question,
        "suggestions": queries.suggestions_seen_by_carer(user, link),
    }


@router.get("/care/clients/{link_id}/glimmers", response={200: CarePage, **ERRORS})
def client_glimmers(request, link_id: uuid.UUID, paging: Query[Paging]):
    """The client's glimmers within the scope they chose, newest first. Logged for the client."""
    user = request.user
    link = client_link(user, link_id)
    page = queries.glimmer_page(user, link, checked_cursor(paging.cursor), paging.limit)
    services.note_read(user, link, "glimmers")
    return {
        "items": [_glimmer_data(link, glimmer) for glimmer in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get("/care/clients/{link_id}/glimmers/{glimmer_id}", response={200: GlimmerOut, **ERRORS})
def client_glimmer(request, link_id: uuid.UUID, glimmer_id: uuid.UUID):
    """One glimmer within the scope. Logged for the client, with its id."""
    user = request.user
    link = client_link(user, link_id)
    glimmer = queries.get_glimmer(user, link, glimmer_id)
    services.note_read(user, link, "glimmer", glimmer.pk)
    return _glimmer_data(link, glimmer)


def _care_photo(request, link_id, photo_id, thumbnail: bool):
    user = request.user
    link = client_link(user, link_id)
    photo = care_photo(user, link, photo_id)
    services.note_read(user, link, "photo", photo.pk)
    return image(photo, thumbnail)


@router.get(
    "/care/clients/{link_id}/photos/{photo_id}",
    response={200: None, **ERRORS},
    openapi_extra=IMAGE,
)
def client_photo(request, link_id: uuid.UUID, photo_id: uuid.UUID):
    """A photo of a glimmer within scope, if the client sends photos. Logged for the client."""
    return _care_photo(request, link_id, photo_id, thumbnail=False)


@router.get(
    "/care/clients/{link_id}/photos/{photo_id}/thumbnail",
    response={200: None, **ERRORS},
    openapi_extra=IMAGE,
)
def client_photo_thumbnail(request, link_id: uuid.UUID, photo_id: uuid.UUID):
    return _care_photo(request, link_id, photo_id, thumbnail=True)


@router.get("/care/clients/{link_id}/triggers", response={200: TriggerPage, **ERRORS})
def client_triggers(request, link_id: uuid.UUID, paging: Query[Paging]):
    """The client's hard moments, only if they ticked "with hard moments too"; else 404.

    ``helped_by`` names only glimmers within the scope. Logged for the client.
    """
    user = request.user
    link = client_link(user, link_id)
    if not link.with_triggers:
        raise Http404
    page = queries.trigger_page(user, link, checked_cursor(paging.cursor), paging.limit)
    prefetch_related_objects(page.items, "helped_by")
    helped = {glimmer.pk for trigger in page.items for glimmer in trigger.helped_by.all()}
    visible = set(in_care(user, link).filter(pk__in=helped).values_list("pk", flat=True))
    services.note_read(user, link, "triggers")
    items = []
    for trigger in page.items:
        data = trigger_data(trigger)
        data["helped_by"] = [pk for pk in data["helped_by"] if pk in visible]
        items.append(data)
    return {"items": items, "next_cursor": page.next_cursor}


# ---------------------------------------------------------------------------
# For the client: their links, and who read what
# ---------------------------------------------------------------------------


@router.get("/care/links", response={200: list[LinkOut], **ERRORS})
def list_links(request):
    """Your care links, newest first, in every state (the read log of an ended one stays)."""
    return [
        {
            "id": link.pk,
            "label": link.label,
            "status": link.status,
            "carer": link.carer_name if link.carer_id else None,
            "scope": link.scope,
            "since": link.since,
            "with_photos": link.with_photos,
            "with_insights": link.with_insights,
            "with_triggers": link.with_triggers,
            "tell_tried": link.tell_tried,
            "created_at": link.created_at,
            "expires_at": link.expires_at,
            "confirmed_at": link.confirmed_at,
            "ended_at": link.ended_at,
        }
        for link in queries.my_links(request.user)
    ]


@router.get("/care/reads", response={200: list[ReadOut], **ERRORS})
def list_reads(request, params: Query[ReadsQuery]):
    """Every read by your carers, newest first: who, when, which page or record (no text)."""
    return [
        {
            "link_id": read.link_id,
            "label": read.link.label,
            "at": read.at,
            "page": read.page,
            "what": str(queries.PAGES.get(read.page, read.page)),
            "record": read.record,
        }
        for read in queries.reads_of(request.user, limit=params.limit)
    ]
