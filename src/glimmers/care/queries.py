"""What care pages read: always through glimmers/access.py.

A carer's read is written down by the view that shows it (services.note_read,
which calls access.log_care_read), once per page, with the page's name from
``PAGES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from glimmers.access import (
    care_question,
    care_triggers,
    clients,
    get_owned,
    in_care,
    owned,
    suggestions_by,
    waiting_clients,
)
from glimmers.care.models import CareLink, CareRead, ForSessions, Status, Suggestion
from glimmers.journal import queries as journal
from glimmers.journal.models import Glimmer, shown_name
from glimmers.time import local_today

# The pages (and API reads) a carer's read can be of, as the client's log names them.
PAGES = {
    "summary": "the summary",
    "glimmers": "the glimmers",
    "glimmer": "one glimmer",
    "photo": "a photo",
    "triggers": "the hard moments",
    "suggestions": "their suggestions",
}

PAGE_SIZE = journal.PAGE_SIZE
QUESTION_POINTS = 30  # the Glimmer Question answers a summary shows, newest


# ---------------------------------------------------------------------------
# The client's side
# ---------------------------------------------------------------------------


def my_links(viewer):
    """The client's own links, newest first (every status: the log of ended ones stays)."""
    return owned(CareLink, viewer).select_related("carer").order_by("-created_at")


def get_my_link(viewer, link_id) -> CareLink:
    """One of the client's own links, or Http404."""
    return get_owned(CareLink, viewer, link_id)


def has_open_link(viewer) -> bool:
    """Whether the person has a care link that has not ended (invited, waiting or active)."""
    return (
        owned(CareLink, viewer)
        .exclude(status=Status.ENDED)
        .exclude(status__in=[Status.ACCEPTED, Status.ACTIVE], carer__isnull=True)
        .exists()
    )


def reads_of(viewer, link: CareLink | None = None, limit: int = 200):
    """The client's read log (all links, or one), newest first."""
    rows = owned(CareRead, viewer).select_related("link")
    if link is not None:
        rows = rows.filter(link=link)
    return rows.order_by("-at", "-pk")[:limit]


def latest_reads(viewer, links, each: int = 5) -> dict:
    """The newest ``each`` reads of each of ``links``, by link id, in one query."""
    newest = Window(
        RowNumber(), partition_by=F("link_id"), order_by=[F("at").desc(), F("pk").desc()]
    )
    rows = (
        owned(CareRead, viewer)
        .filter(link__in=[link.pk for link in links])
        .annotate(newness=newest)
        .filter(newness__lte=each)
        .order_by("-at", "-pk")
    )
    found: dict = {link.pk: [] for link in links}
    for read in rows:
        found[read.link_id].append(read)
    return found


def my_suggestions(viewer):
    """Every suggestion made to the client, newest first, with its link."""
    return owned(Suggestion, viewer).select_related("link").order_by("-created_at")


def get_my_suggestion(viewer, suggestion_id) -> Suggestion:
    return get_owned(Suggestion, viewer, suggestion_id)


@dataclass
class TodaySuggestions:
    waiting: list[Suggestion]  # not answered, or skipped on an earlier day
    trying: list[Suggestion]  # tried today: kept in sight for the rest of the day


def for_today(viewer, day: date | None = None) -> TodaySuggestions:
    """What Today shows from carers, in one query."""
    day = day or local_today(viewer)
    rows = (
        owned(Suggestion, viewer)
        .filter(link__status=Status.ACTIVE, link__carer__isnull=False)
        .filter(
            Q(answer="")
            | Q(answer=Suggestion.Answer.SKIPPED, answered_on__lt=day)
            | Q(answer=Suggestion.Answer.TRIED, answered_on=day)
        )
        .select_related("link")
        .order_by("created_at")
    )
    found = TodaySuggestions(waiting=[], trying=[])
    for row in rows:
        (found.trying if row.answer == Suggestion.Answer.TRIED else found.waiting).append(row)
    return found


def waiting_today(viewer, day: date | None = None) -> list[Suggestion]:
    """Suggestions for ``viewer``'s Today: not answered yet, or skipped on an earlier day."""
    return for_today(viewer, day).waiting


def is_for_sessions(viewer, glimmer: Glimmer) -> bool:
    return owned(ForSessions, viewer).filter(glimmer=glimmer).exists()


# ---------------------------------------------------------------------------
# The carer's side (also what the client sees through "see it as my carer does")
# ---------------------------------------------------------------------------


def my_clients(viewer):
    """The carer's active links, by the names their clients gave."""
    return clients(viewer).select_related("owner").order_by("client_name", "confirmed_at")


def waiting_for_confirmation(viewer):
    """Invitations the carer took up that their clients have not confirmed yet."""
    return waiting_clients(viewer).order_by("-accepted_at")


def suggestions_seen_by_carer(viewer, link: CareLink) -> list[dict]:
    """The carer's suggestions as the carer may see them: whether tried, only if allowed."""
    return [
        {
            "id": str(row.pk),
            "text": row.shown_text,
            "created_at": row.created_at,
            "tried": (row.answer == Suggestion.Answer.TRIED) if link.tell_tried else None,
        }
        for row in suggestions_by(viewer, link).order_by("-created_at")
    ]


def summary(viewer, link: CareLink) -> dict:
    """What a carer sees first: the last seven days of glimmers within scope, at a glance."""
    today = local_today(link.owner)
    week_start = today - timedelta(days=6)
    rows = in_care(viewer, link)
    week = rows.filter(local_date__gte=week_start, local_date__lte=today)
    per_day = dict(
        week.order_by()
        .values_list("local_date")
        .annotate(n=Count("pk"))
        .values_list("local_date", "n")
    )
    most = max(per_day.values(), default=0)
    days = [
        {
            "day": week_start + timedelta(days=i),
            "count": per_day.get(week_start + timedelta(days=i), 0),
        }
        for i in range(7)
    ]
    for day in days:
        # A tenth-step width for the bar beside each day (the .scale-N classes).
        day["tenths"] = round(10 * day["count"] / most) if most else 0
    senses = (
        week.order_by()
        .exclude(senses__name=None)
        .values("senses__name", "senses__owner")
        .annotate(n=Count("pk"))
        .order_by("-n", "senses__name")
    )
    return {
        "days": days,
        "week_total": sum(day["count"] for day in days),
        "in_scope": rows.count(),
        "senses": [
            (shown_name(row["senses__name"], row["senses__owner"]), row["n"]) for row in senses
        ],
        "week_glimmers": list(week.order_by("-noticed_at", "-id")[:7]),
    }


def question_over_time(viewer, link: CareLink) -> list:
    """The Glimmer Question's answers (numbers only), oldest first; [] without "Insights"."""
    rows = care_question(viewer, link).order_by("-answered_at")[:QUESTION_POINTS]
    return list(reversed(rows.values("day", "likelihood")))


def glimmer_page(viewer, link: CareLink, cursor: str = "", size: int = PAGE_SIZE):
    """One page of the glimmers within scope, newest first, each with its details."""
    rows = journal.with_details(in_care(viewer, link))
    return journal.newest_first(rows, "noticed_at", cursor, size)


def get_glimmer(viewer, link: CareLink, glimmer_id) -> Glimmer:
    """One glimmer within scope, with its details; Http404 for any other."""
    return get_owned(Glimmer, viewer, glimmer_id, journal.with_details(in_care(viewer, link)))


def trigger_page(viewer, link: CareLink, cursor: str = "", size: int = PAGE_SIZE):
    """One page of the hard moments, newest first, where the client allowed them."""
    return journal.newest_first(care_triggers(viewer, link), "occurred_at", cursor, size)
