"""A person's rows, read for an export: through the apps' queries, oldest first, in batches.

Every read here goes through journal/queries.py, practice/queries.py or
glimmers/access.py, so an export holds the person's own rows and nobody
else's. Glimmers are read in keyset pages (noticed_at, id), each page with
its details prefetched, so a journal of any length is read in bounded
memory and a fixed number of queries per page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from glimmers.access import owned
from glimmers.care.models import CareLink, CareRead, ForSessions, Suggestion
from glimmers.circles.models import Membership, Reply, Share
from glimmers.journal import queries as journal
from glimmers.journal.models import Glimmer, Photo, Trigger, shown_name
from glimmers.practice import queries as practice
from glimmers.practice.models import MenuChoice, Prompt

# Glimmers read at a time (one query for the page, one for each of its details).
PAGE = 500


class Word(NamedTuple):
    """A sense, body cue, person, value or tag as an export shows it (no model instance)."""

    slug: str
    name: str
    owner_id: int | None

    def __str__(self) -> str:
        return shown_name(self.name, self.owner_id)


# Each detail of a glimmer, read as plain rows: (relation, the columns, their order).
_DETAILS = {
    "senses": (
        ("senses__slug", "senses__name", "senses__owner_id"),
        ("senses__position", "senses__name", "senses__id"),
    ),
    "body_cues": (
        ("body_cues__slug", "body_cues__name", "body_cues__owner_id"),
        ("body_cues__position", "body_cues__name", "body_cues__id"),
    ),
    "people": (
        ("people__name", "people__name", "people__owner_id"),
        (Lower("people__name"), "people__id"),
    ),
    "values": (
        ("values__name", "values__name", "values__owner_id"),
        (Lower("values__name"), "values__id"),
    ),
    "tags": (("tags__name", "tags__name", "tags__owner_id"), (Lower("tags__name"), "tags__id")),
}


def _attach_details(user, items: list[Glimmer]) -> None:
    """Set each glimmer's ``shown_*`` lists, reading one query per detail for the page.

    The rows are read as plain tuples, not model instances, and found by the
    page's first and last (moment, id) rather than a list of ids: building
    500 instances of each detail, and a query naming 500 ids, cost four fifths
    of an export through prefetch_related (100,000 glimmers: 67 s profiled).
    """
    by_id = {glimmer.pk: glimmer for glimmer in items}
    first, last = items[0], items[-1]
    # A plain range of moments walks the (owner, noticed_at) index; glimmers at the
    # edges that belong to the pages either side are read and left out.
    window = journal.glimmers(user).filter(
        noticed_at__gte=first.noticed_at, noticed_at__lte=last.noticed_at
    )
    for name, (columns, order) in _DETAILS.items():
        found: dict = {pk: [] for pk in by_id}
        rows = (
            window.filter(**{f"{columns[0]}__isnull": False})
            .order_by("noticed_at", "id", *order)
            .values_list("id", *columns)
        )
        for pk, slug, word, owner_id in rows:
            if pk in found:
                found[pk].append(Word(slug, word, owner_id))
        for pk, words in found.items():
            setattr(by_id[pk], f"shown_{name}", words)
    for glimmer in items:
        glimmer.shown_photos = []
    photos = owned(Photo, user).filter(glimmer__in=window.values("id"))
    for photo in photos.order_by("glimmer_id", "created_at", "id"):
        if photo.glimmer_id in by_id:
            by_id[photo.glimmer_id].shown_photos.append(photo)


def glimmer_pages(
    user,
    *,
    since: date | None = None,
    until: date | None = None,
    tag: str = "",
    reliable_only: bool = False,
    page: int | None = None,
) -> Iterator[list[Glimmer]]:
    """The person's glimmers oldest first, as lists of at most ``page``, details read.

    ``since``/``until``: the person's own days (inclusive); ``tag``: only those with
    that #tag; ``reliable_only``: only the ones on their glimmer menu. Each
    glimmer's ``shown_senses``, ``shown_body_cues``, ``shown_people``,
    ``shown_values`` and ``shown_tags`` are lists of ``Word`` (``.slug``,
    ``.name``, ``str()`` its shown name), ``shown_photos`` of photos.
    """
    page = page or PAGE
    rows = journal.glimmers(user)
    if since is not None:
        rows = rows.filter(local_date__gte=since)
    if until is not None:
        rows = rows.filter(local_date__lte=until)
    if tag:
        rows = rows.filter(tags__in=journal.tags(user).filter(name=tag.lstrip("#").lower()))
    if reliable_only:
        rows = rows.filter(reliable=True)
    rows = rows.order_by("noticed_at", "id")
    last = None
    while True:
        batch = rows
        if last is not None:
            when, pk = last
            batch = batch.filter(Q(noticed_at__gt=when) | Q(noticed_at=when, id__gt=pk))
        items = list(batch[:page])
        if not items:
            return
        _attach_details(user, items)
        yield items
        if len(items) < page:
            return
        last = (items[-1].noticed_at, items[-1].pk)


def photos_in_order(glimmer: Glimmer) -> list[Photo]:
    """A glimmer's photos in the order they were added (as they are named in an export)."""
    return sorted(glimmer.shown_photos, key=lambda photo: (photo.created_at, photo.pk.hex))


def all_photos(user) -> QuerySet[Photo]:
    """Every photo of the person's, glimmer by glimmer (the glimmers oldest first)."""
    return owned(Photo, user).order_by("glimmer__noticed_at", "glimmer_id", "created_at", "id")


def has_photos(user) -> bool:
    return owned(Photo, user).exists()


def triggers(user) -> Iterator[Trigger]:
    rows = journal.triggers(user).order_by("occurred_at", "id")
    return rows.iterator(chunk_size=PAGE)


def own_senses(user):
    return journal.senses(user).filter(owner=user).order_by("position", "name", "slug")


def own_body_cues(user):
    return journal.body_cues(user).filter(owner=user).order_by("position", "name", "slug")


def people(user):
    return journal.people(user).order_by("name", "pk")


def values(user):
    return journal.values(user).order_by("name", "pk")


def own_prompts(user) -> QuerySet[Prompt]:
    return practice.all_prompts(user).filter(owner=user).order_by("category", "created_at", "pk")


def hidden_prompt_slugs(user) -> list[str]:
    hidden = practice.hidden_prompt_ids(user)
    rows = practice.all_prompts(user).filter(pk__in=hidden, owner__isnull=True)
    return sorted(slug for slug in rows.values_list("slug", flat=True) if slug)


def intentions(user):
    return practice.owned_intentions(user).select_related("prompt").order_by("day")


def reflections(user):
    return practice.reflections(user).select_related("prompt").order_by("day")


def question_answers(user):
    return practice.question_answers(user).select_related("prompt").order_by("answered_at", "pk")


def menu_choices(user) -> QuerySet[MenuChoice]:
    return owned(MenuChoice, user).order_by("kind", "key")


# Sharing: the person's own part of circles and care links (never anyone else's words).


def memberships(user):
    return owned(Membership, user).select_related("circle").order_by("joined_at", "pk")


def shares(user):
    return owned(Share, user).select_related("circle").order_by("shared_at", "pk")


def replies(user):
    return owned(Reply, user).select_related("share__circle", "sense").order_by("created_at", "pk")


def care_links(user):
    return owned(CareLink, user).order_by("created_at", "pk")


def care_reads(user):
    return owned(CareRead, user).select_related("link").order_by("at", "pk")


def for_sessions(user) -> list[str]:
    return sorted(str(pk) for pk in owned(ForSessions, user).values_list("glimmer_id", flat=True))


def suggestions(user):
    return owned(Suggestion, user).select_related("link").order_by("created_at", "pk")
