"""What care pages read: always through glimmers/access.py.

A carer's read is written down by the view that shows it (access.log_care_read),
once per page, with the page's name from ``PAGES``.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q

from glimmers.access import clients, in_care, owned, suggestions_by
from glimmers.care.models import CareLink, CareRead, Status, Suggestion
from glimmers.time import local_today

# The pages (and API reads) a carer's read can be of, as the client's log names them.
PAGES = {
    "summary": "the summary",
    "glimmers": "the glimmers",
    "glimmer": "one glimmer",
    "photo": "a photo",
    "triggers": "the hard moments",
}


def my_links(viewer):
    """The client's own links, newest first (every status: the log of ended ones stays)."""
    return owned(CareLink, viewer).select_related("carer").order_by("-created_at")


def my_clients(viewer):
    """The carer's active links, by client name."""
    return clients(viewer).select_related("owner").order_by("owner__username")


def reads_of(viewer, link: CareLink | None = None, limit: int = 200):
    """The client's read log (all links, or one), newest first."""
    rows = owned(CareRead, viewer).select_related("link")
    if link is not None:
        rows = rows.filter(link=link)
    return rows.order_by("-at")[:limit]


def waiting_today(viewer, day: date | None = None):
    """Suggestions for ``viewer``'s Today: not answered yet, or skipped on an earlier day."""
    day = day or local_today(viewer)
    return (
        owned(Suggestion, viewer)
        .filter(link__status=Status.ACTIVE)
        .filter(Q(answer="") | Q(answer=Suggestion.Answer.SKIPPED, answered_on__lt=day))
        .select_related("link")
        .order_by("created_at")
    )


def suggestions_seen_by_carer(viewer, link: CareLink) -> list[dict]:
    """The carer's suggestions as the carer may see them: whether tried, only if allowed."""
    return [
        {
            "id": str(row.pk),
            "text": row.text,
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
        week.values_list("local_date").annotate(n=Count("pk")).values_list("local_date", "n")
    )
    days = [
        {
            "day": week_start + timedelta(days=i),
            "count": per_day.get(week_start + timedelta(days=i), 0),
        }
        for i in range(7)
    ]
    senses = (
        week.values("senses__name")
        .exclude(senses__name=None)
        .annotate(n=Count("pk"))
        .order_by("-n", "senses__name")
    )
    return {
        "days": days,
        "week_total": sum(day["count"] for day in days),
        "in_scope": rows.count(),
        "senses": [(row["senses__name"], row["n"]) for row in senses],
    }
