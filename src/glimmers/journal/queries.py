"""Reads of the journal. Views, the API and the command line all use these."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import groupby

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from glimmers.access import Claim, claim, get_owned, owned, usable
from glimmers.journal import search
from glimmers.journal.models import (
    DETAILS,
    BodyCue,
    Glimmer,
    GlimmerPerson,
    GlimmerTag,
    GlimmerValue,
    Kind,
    Person,
    Photo,
    Sense,
    Tag,
    Trigger,
    Value,
)

# A person's day is glimmers/time.py's rule; reads use it as ``journal.local_today`` too.
from glimmers.time import day_bounds, local_day, local_today

PAGE_SIZE = 50


# ---------------------------------------------------------------------------
# Glimmers
# ---------------------------------------------------------------------------


def glimmers(user) -> QuerySet[Glimmer]:
    return owned(Glimmer, user)


def glimmer_claim(user, glimmer_id: uuid.UUID) -> Claim:
    """Whether a client's own id for a new glimmer is free, already the person's,
    or someone else's (access.claim: it reads nothing else)."""
    return claim(Glimmer, user, glimmer_id)


def photo_claim(user, photo_id: uuid.UUID) -> Claim:
    """The same for a client's own id for a new photo (an offline upload's retry)."""
    return claim(Photo, user, photo_id)


def detail_prefetches() -> list[Prefetch]:
    """Each detail of a glimmer read as a plain list: ``glimmer.shown_senses`` and so on."""
    return [Prefetch(name, to_attr=f"shown_{name}") for name in DETAILS]


def with_details(rows: QuerySet[Glimmer]) -> QuerySet[Glimmer]:
    """Everything a list or detail page shows, in a fixed number of queries.

    Read the rows as ``glimmer.shown_senses`` and so on (plain lists).
    """
    return rows.prefetch_related(*detail_prefetches())


def get_glimmer(user, glimmer_id) -> Glimmer:
    """One of the person's glimmers with its details; 404 for anyone else's."""
    return get_owned(Glimmer, user, glimmer_id, with_details(glimmers(user)))


@dataclass
class JournalFilter:
    """What someone narrowed the journal to. Empty fields mean "any"."""

    q: str = ""
    sense: str = ""
    value: int | None = None
    person: int | None = None
    tag: str = ""
    kind: str = ""
    state_before: str = ""
    state_after: str = ""
    since: date | None = None
    until: date | None = None

    @property
    def active(self) -> bool:
        return any(getattr(self, name) not in ("", None) for name in self.__dataclass_fields__)


def filtered(user, wanted: JournalFilter) -> QuerySet[Glimmer]:
    rows = glimmers(user)
    if wanted.sense:
        rows = rows.filter(senses__slug=wanted.sense)
    if wanted.value:
        rows = rows.filter(values__id=wanted.value)
    if wanted.person:
        rows = rows.filter(people__id=wanted.person)
    if wanted.tag:
        rows = rows.filter(tags__name=wanted.tag.lower().lstrip("#"))
    if wanted.kind:
        rows = rows.filter(kind=wanted.kind)
    if wanted.state_before:
        rows = rows.filter(state_before=wanted.state_before)
    if wanted.state_after:
        rows = rows.filter(state_after=wanted.state_after)
    if wanted.since:
        rows = rows.filter(noticed_at__gte=day_bounds(user, wanted.since)[0])
    if wanted.until:
        rows = rows.filter(noticed_at__lt=day_bounds(user, wanted.until)[1])
    if wanted.q.strip():
        rows = search.matching(rows, wanted.q)
    return rows


@dataclass
class Day:
    day: date
    glimmers: list[Glimmer]


@dataclass
class TimelinePage:
    days: list[Day]
    next_cursor: str | None
    count_on_page: int = 0
    items: list[Glimmer] = field(default_factory=list)


@dataclass
class Page:
    """One page of a list newest first, and where the next (older) one starts."""

    items: list
    next_cursor: str | None


def encode_cursor(row, moment: str = "noticed_at") -> str:
    """Where a page ends: its last row's moment and id, "<ISO moment>~<hex id>"."""
    return f"{getattr(row, moment).isoformat()}~{row.pk.hex}"


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID] | None:
    """Parse a page cursor; None for anything malformed (we then start at the top).

    A moment the database cannot be asked about (near the year 1, it has no
    UTC) is malformed too: no cursor we give out holds one.
    """
    try:
        moment, _, hex_id = cursor.partition("~")
        parsed = datetime.fromisoformat(moment)
        if timezone.is_naive(parsed):
            return None
        parsed.astimezone(UTC)
        return parsed, uuid.UUID(hex=hex_id)
    except (ValueError, TypeError, OverflowError):
        return None


def _older(rows: QuerySet, moment: str, after: tuple[datetime, uuid.UUID]) -> QuerySet:
    """The rows past a page that ended at ``after``, newest first by (moment, id)."""
    when, last_id = after
    return rows.filter(Q(**{f"{moment}__lt": when}) | Q(**{moment: when, "id__lt": last_id}))


def _page(items: list, size: int, moment: str) -> Page:
    """A page of ``size`` from ``items`` (asked for with one more, to tell if there are more)."""
    more = len(items) > size
    items = items[:size]
    return Page(items=items, next_cursor=encode_cursor(items[-1], moment) if more else None)


def newest_first(rows: QuerySet, moment: str, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """One page of ``rows``, newest first by ``moment`` then id, after ``cursor``.

    Keyset pagination (before this moment and id) keeps every page as fast
    as the first, however long the list.
    """
    after = decode_cursor(cursor) if cursor else None
    if after:
        rows = _older(rows, moment, after)
    return _page(list(rows.order_by(f"-{moment}", "-id")[: size + 1]), size, moment)


def timeline_page(
    user, wanted: JournalFilter, cursor: str = "", size: int = PAGE_SIZE
) -> TimelinePage:
    """One page of the journal, newest first, grouped by the person's local day.

    Keyset pagination (before this moment and id) keeps every page as fast
    as the first, however long the journal.
    """
    rows = filtered(user, replace(wanted, q=""))
    after = decode_cursor(cursor) if cursor else None
    if after:
        rows = _older(rows, "noticed_at", after)
    few = _few_linked(user, wanted)
    if wanted.q.strip():
        items = _newest_matching(user, rows, wanted, after[0] if after else None, size + 1)
    elif few is not None:
        items = _load_newest_first(user, _newest_ids(rows.filter(pk__in=few))[: size + 1])
    else:
        items = _detailed(rows.order_by("-noticed_at", "-id"), size + 1)
    page = _page(items, size, "noticed_at")
    days = [
        Day(day=day, glimmers=list(group))
        for day, group in groupby(page.items, key=lambda g: local_day(user, g.noticed_at))
    ]
    return TimelinePage(
        days=days,
        next_cursor=page.next_cursor,
        count_on_page=len(page.items),
        items=page.items,
    )


def _newest_matching(user, rows, wanted: JournalFilter, before, count: int) -> list[Glimmer]:
    """The newest ``count`` of ``rows`` that match the search words.

    The search looks in the stretch of time holding the newest matches of the
    words alone; when other filters thin those out, it looks further back.
    """
    since = day_bounds(user, wanted.since)[0] if wanted.since else None
    if wanted.until:
        end = day_bounds(user, wanted.until)[1]
        before = min(before, end) if before else end
    only_words = replace(wanted, q="") == JournalFilter()
    wanted_matches = count if only_words else count * 4
    newest = "-noticed_at", "-id"
    while True:
        window = search.newest_matches(
            rows, wanted.q, viewer=user, count=wanted_matches, since=since, before=before
        )
        if window is None:
            return _detailed(search.matching(rows, wanted.q).order_by(*newest), count)
        matches, complete = window
        if only_words:
            # Nothing else thins the window out: it holds a page's worth of
            # matches (and any sharing the oldest one's moment), so read them
            # whole at once rather than their ids first and then the rows.
            found = sorted(matches.order_by("pk"), key=_newest_key, reverse=True)
            if len(found) >= count or complete:
                found = found[:count]
                prefetch_related_objects(found, *detail_prefetches())
                return found
        else:
            newest_first = _newest_ids(matches)
            if len(newest_first) >= count or complete:
                return _load_newest_first(user, newest_first[:count])
        wanted_matches *= 4


FEW_LINKS = 2000


def _few_linked(user, wanted: JournalFilter) -> list | None:
    """The ids a tag, person or value filter allows, when that is few of them.

    Walking the journal newest first to find a rare tag's glimmers reads
    thousands of rows (200 ms at 100,000); its links are few and indexed.
    None means walk: the filters allow many, so a page comes soon.
    """
    links = []
    if wanted.tag:
        name = wanted.tag.lower().lstrip("#")
        tag = owned(Tag, user).filter(name=name)
        links.append(owned(GlimmerTag, user).filter(tag__in=tag))
    if wanted.person:
        links.append(owned(GlimmerPerson, user).filter(person=wanted.person))
    if wanted.value:
        links.append(owned(GlimmerValue, user).filter(value=wanted.value))
    fewest = None
    for linked in links:
        ids = list(linked.values_list("glimmer_id", flat=True)[: FEW_LINKS + 1])
        if len(ids) <= FEW_LINKS and (fewest is None or len(ids) < len(fewest)):
            fewest = ids
    return fewest


def _newest_key(glimmer: Glimmer) -> tuple[datetime, uuid.UUID]:
    """The journal's order, newest first when sorted in reverse."""
    return glimmer.noticed_at, glimmer.pk


def _newest_ids(window: QuerySet[Glimmer]) -> list[uuid.UUID]:
    """The ids in a small ``window`` of glimmers, newest first.

    Sorted here; asked for in id order, so SQLite finds them by id rather
    than by walking the whole journal in time order.
    """
    rows = window.order_by("pk").values_list("noticed_at", "pk")
    return [pk for _, pk in sorted(rows, reverse=True)]


def _load_newest_first(user, ids: list[uuid.UUID]) -> list[Glimmer]:
    """These glimmers with their details, in the order of ``ids`` (newest first)."""
    found = {g.pk: g for g in _detailed(glimmers(user).filter(pk__in=ids).order_by("pk"))}
    return [found[pk] for pk in ids if pk in found]


def _detailed(rows: QuerySet[Glimmer], limit: int | None = None) -> list[Glimmer]:
    """The first ``limit`` rows with everything a list shows (with_details)."""
    return list(with_details(rows)[:limit] if limit is not None else with_details(rows))


def todays_glimmers(user) -> QuerySet[Glimmer]:
    """What the person noticed today (or heard in someone's story today).

    A remembered glimmer is a memory, not today's noticing: kept without a date it
    carries the moment it was written down, which would count it in "Today so far".
    """
    start, end = day_bounds(user, local_today(user))
    return (
        glimmers(user)
        .filter(noticed_at__gte=start, noticed_at__lt=end)
        .exclude(kind=Kind.REMEMBERED)
    )


def on_this_day(user, today: date | None = None) -> list[Day]:
    """Glimmers from this calendar date in earlier years, newest year first.

    Asked as one list of days (the person's own days, kept on each glimmer),
    not as a range of times for each year: a journal reaching back centuries
    (a year mistyped before glimmers/time.py bounded dates) is still one short
    question, where a thousand ranges were more than SQLite takes in a query.
    """
    today = today or local_today(user)
    kept = glimmers(user).filter(local_date__isnull=False)
    first = kept.order_by("local_date").values_list("local_date", flat=True).first()
    if first is None:
        return []
    days = []
    for year in range(first.year, today.year):
        try:
            days.append(today.replace(year=year))
        except ValueError:  # 29 February in a year that has none
            continue
    if not days:
        return []
    rows = with_details(kept.filter(local_date__in=days).order_by("-noticed_at", "-id"))
    return [
        Day(day=day, glimmers=list(group))
        for day, group in groupby(rows, key=lambda glimmer: glimmer.local_date)
    ]


# ---------------------------------------------------------------------------
# The words people use: senses, body cues, people, values, tags
# ---------------------------------------------------------------------------


def senses(user) -> QuerySet[Sense]:
    return usable(Sense, user)


def body_cues(user) -> QuerySet[BodyCue]:
    return usable(BodyCue, user)


def people(user) -> QuerySet[Person]:
    return owned(Person, user)


def values(user) -> QuerySet[Value]:
    return owned(Value, user)


def tags(user) -> QuerySet[Tag]:
    return owned(Tag, user)


# ---------------------------------------------------------------------------
# Photos and triggers
# ---------------------------------------------------------------------------


def get_photo(user, photo_id) -> Photo:
    return get_owned(Photo, user, photo_id)


def triggers(user) -> QuerySet[Trigger]:
    return owned(Trigger, user).prefetch_related("helped_by")


def trigger_page(user, cursor: str = "", size: int = PAGE_SIZE) -> Page:
    """One page of the person's triggers, newest first: the journal's own paging."""
    return newest_first(triggers(user), "occurred_at", cursor, size)


def get_trigger(user, trigger_id) -> Trigger:
    return get_owned(Trigger, user, trigger_id, triggers(user))
