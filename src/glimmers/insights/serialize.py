"""Insights as plain data, for `glimmers insights --json` (documented in docs/cli.md)."""

from __future__ import annotations

from glimmers.insights import describe
from glimmers.insights.queries import Insights, Period


def _period(period: Period, *names: str) -> dict:
    data = {"start": period.start, "end": period.end}
    for name in names:
        data["hard_moments" if name == "triggers" else name] = getattr(period, name)
    return data


def insights_data(found: Insights, journal_is_empty: bool = False) -> dict:
    span = found.span
    data = {
        "range": {
            "key": span.key,
            "since": span.since,
            "until": span.until,
            "start": found.start,
            "end": found.end,
        },
        "empty": found.empty,
        "totals": {
            "glimmers": found.glimmers,
            "written": found.written,
            "tallied": found.tallied,
            "days": found.days,
            "days_noticed": found.days_noticed,
            "hard_moments": found.triggers,
        },
    }
    if found.empty:
        data["message"] = describe.empty(found, journal_is_empty)
        return data
    quiet = found.quietest_sense
    what = found.what
    data.update(
        {
            "headline": describe.headline(found),
            "over_time": {
                "unit": found.unit,
                "finding": describe.over_time(found),
                "periods": [_period(p, "written", "tallied", "glimmers") for p in found.over_time],
            },
            "senses": {
                "finding": describe.radar(found),
                "invitation": describe.invitation(found),
                "quietest": quiet.slug if quiet else None,
                "counts": [
                    {"slug": s.slug, "name": s.name, "built_in": s.built_in, "glimmers": s.glimmers}
                    for s in found.senses
                ],
            },
            "when": {
                "finding": describe.when(found),
                "weekday_by_hour": found.hours,
                "weekdays": found.weekday_totals(),
                "hours": found.hour_totals(),
            },
            "state_shifts": {
                "finding": describe.shifts(found),
                "recorded": found.shifts.recorded,
                "ended_safe": found.shifts.ended_safe,
                "transitions": [
                    {"before": t.before, "after": t.after, "glimmers": t.glimmers}
                    for t in found.shifts.transitions
                ],
            },
            "what_and_who": {
                "finding": describe.what_and_who(found),
                "values": [
                    {"id": n.journal_filter["value"], "name": n.name, "glimmers": n.glimmers}
                    for n in what.values
                ],
                "people": [
                    {"id": n.journal_filter["person"], "name": n.name, "glimmers": n.glimmers}
                    for n in what.people
                ],
                "places": [{"name": n.name, "glimmers": n.glimmers} for n in what.places],
                "tags": [{"name": n.name, "glimmers": n.glimmers} for n in what.tags],
            },
            "anchoring": {
                "finding": describe.anchoring(found),
                "glimmers": found.anchoring.glimmers,
                "anchored": found.anchoring.anchored,
                "average_seconds": found.anchoring.average_seconds,
                "lengths": dict(found.anchoring.buckets()),
            },
            "side_by_side": {
                "unit": found.side_unit,
                "finding": describe.side_by_side(found),
                "periods": [_period(p, "glimmers", "triggers") for p in found.side_by_side],
            },
            "year": {
                "finding": describe.year(found),
                "start": found.year.start,
                "end": found.year.end,
                "glimmers": found.year.glimmers,
                "days_noticed": found.year.days_noticed,
                "days": {day.isoformat(): n for day, n in sorted(found.year.days.items()) if n},
            },
            "noticing": {
                "finding": describe.noticing(found),
                **{
                    which: None
                    if row is None
                    else {
                        "month": row.month.strftime("%Y-%m"),
                        "start": row.start,
                        "end": row.end,
                        "glimmers": row.glimmers,
                        "weeks_with_glimmers": row.active_weeks,
                        "per_week_with_glimmers": row.per_active_week,
                    }
                    for which, row in (
                        ("first_month", found.noticing.first),
                        ("last_month", found.noticing.last),
                    )
                },
            },
        }
    )
    return data
