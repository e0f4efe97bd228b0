"""The findings, in plain and gentle words: one sentence or two per chart.

The page, the printable summary, the charts' <desc> and the command line all
use these, so a figure is described the same way everywhere. No scores, no
grades, no "balance", nothing that makes a quiet stretch sound like a
failure: fewer glimmers are just fewer glimmers noted.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.utils import formats
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from glimmers.insights.queries import Insights, Period

QUIET_STRETCH_DAYS = 7  # a run of empty days this long is mentioned, kindly


def number(value: int | float, decimals: int | None = None) -> str:
    """A number as the person's language writes it (1,234 · 3.5)."""
    return formats.number_format(value, decimal_pos=decimals, force_grouping=True)


# Dates are formatted by the hundred on a page (a year of calendar days), and
# Django's date_format is slow in bulk; the answers never change for a given
# day and language, so they are remembered.
@lru_cache(maxsize=20_000)
def _formatted(value: date, pattern: str, language: str | None) -> str:
    return formats.date_format(value, pattern)


def _format(value: date, pattern: str) -> str:
    return _formatted(value, pattern, get_language())


def day(value: date) -> str:
    return _format(value, "j E Y")


def short_day(value: date) -> str:
    return _format(value, "j M")


def month(value: date) -> str:
    return _format(value, "F Y")


def hour(value: int) -> str:
    return f"{value:02d}:00"


def range_label(found: Insights) -> str:
    """ "3 – 9 November 2026", or one day on its own."""
    start, end = found.span.since or found.start, found.span.until
    if found.span.key in ("all", "custom") and not found.empty:
        start, end = found.start, found.end  # from the journal's first day, at the earliest
    if start == end:
        return day(start)
    return _("%(start)s – %(end)s") % {"start": day(start), "end": day(end)}


def range_name(key: str) -> str:
    return {
        "week": _("This week"),
        "month": _("This month"),
        "year": _("This year"),
        "all": _("All time"),
        "custom": _("Your dates"),
    }[key]


def period_label(period: Period, unit: str) -> str:
    """How a bar of "Glimmers over time" is named in its table."""
    if unit == "week":
        return _("Week of %(day)s") % {"day": day(period.start)}
    if unit == "month":
        return month(period.start)
    return _format(period.start, "l j E Y")


def period_short(period: Period, unit: str) -> str:
    """The short form under a bar."""
    return _format(period.start, "M Y") if unit == "month" else short_day(period.start)


def unit_words(unit: str) -> str:
    return {"day": _("day by day"), "week": _("week by week"), "month": _("month by month")}[unit]


# ---------------------------------------------------------------------------
# The findings
# ---------------------------------------------------------------------------


def empty(found: Insights, journal_is_empty: bool) -> str:
    if journal_is_empty:
        return _(
            "Your journal is still empty — a fine place to begin. When you catch a "
            "glimmer, or simply count one, it will start to show here."
        )
    return _(
        "Nothing was noted in these days. Quiet stretches are part of the practice "
        "too. You could look at a longer range, or at all time."
    )


def headline(found: Insights) -> str:
    glimmers = ngettext(
        "%(count)s glimmer on %(days)s of %(of)s days",
        "%(count)s glimmers on %(days)s of %(of)s days",
        found.glimmers,
    ) % {
        "count": number(found.glimmers),
        "days": number(found.days_noticed),
        "of": number(found.days),
    }
    if found.days == 1:
        glimmers = ngettext(
            "%(count)s glimmer on this day", "%(count)s glimmers on this day", found.glimmers
        ) % {"count": number(found.glimmers)}
    parts = _("%(written)s in words, %(tallied)s counted") % {
        "written": number(found.written),
        "tallied": number(found.tallied),
    }
    return _("%(glimmers)s (%(parts)s).") % {"glimmers": glimmers, "parts": parts}


def over_time(found: Insights) -> str:
    sentence = _("You noted %(count)s, %(unit)s.") % {
        "count": ngettext("%(n)s glimmer", "%(n)s glimmers", found.glimmers)
        % {"n": number(found.glimmers)},
        "unit": unit_words(found.unit),
    }
    # The fullest one (the first, on a tie) — unless every one with glimmers had as many.
    if len({p.glimmers for p in found.over_time if p.glimmers}) > 1:
        fullest = max(found.over_time, key=lambda p: p.glimmers)
        template = {
            "day": _("The fullest day was %(when)s, with %(count)s."),
            "week": _("The fullest week was the week of %(when)s, with %(count)s."),
            "month": _("The fullest month was %(when)s, with %(count)s."),
        }[found.unit]
        when = month(fullest.start) if found.unit == "month" else day(fullest.start)
        sentence += " " + template % {"when": when, "count": number(fullest.glimmers)}
    quiet = quiet_stretch(found)
    if quiet:
        sentence += " " + _(
            "There was a quieter stretch of %(days)s days from %(start)s. Quiet times "
            "are part of noticing too."
        ) % {"days": number(quiet[1]), "start": day(quiet[0])}
    return sentence


def quiet_stretch(found: Insights) -> tuple[date, int] | None:
    """The longest run of days with nothing noted (its first day, its length), if a week or more."""
    best: tuple[date, int] | None = None
    # Counted in day numbers: a journal kept from 1 January of the year 1 has no day before it.
    previous = found.start.toordinal() - 1
    for current in [*(day.toordinal() for day in found.noted_days), found.end.toordinal() + 1]:
        length = current - previous - 1
        if length >= QUIET_STRETCH_DAYS and (best is None or length > best[1]):
            best = (date.fromordinal(previous + 1), length)
        previous = current
    return best


def radar(found: Insights) -> str:
    if not found.senses_named:
        return _(
            "None of these glimmers name a sense yet. When you add one (sight, sound, "
            "touch…) under “Add details”, this fills in."
        )
    loud = found.loudest_senses
    if len(loud) == 1:
        return _("Only %(sense)s is named in these glimmers (%(count)s).") % {
            "sense": loud[0].name,
            "count": number(loud[0].glimmers),
        }
    sentence = _("%(first)s came up most (%(n1)s), then %(second)s (%(n2)s).") % {
        "first": capitalised(loud[0].name),
        "n1": number(loud[0].glimmers),
        "second": loud[1].name,
        "n2": number(loud[1].glimmers),
    }
    quiet = found.quietest_sense
    if quiet is not None and not found.span.is_recent:
        sentence += " " + _("%(sense)s came up least (%(count)s).") % {
            "sense": capitalised(quiet.name),
            "count": number(quiet.glimmers),
        }
    return sentence


# An idea for today, never a shortfall: nothing here says a sense was missing or "quiet".
INVITATIONS = {
    "sight": lambda: _(
        "If you'd like something to look for today: a colour, a patch of light, a face "
        "you're glad to see."
    ),
    "sound": lambda: _(
        "If you'd like something to listen for today: a bird, a laugh, a kettle coming to the boil."
    ),
    "smell": lambda: _(
        "If you'd like something to breathe in today: coffee, rain on warm ground, clean washing."
    ),
    "taste": lambda: _(
        "If you'd like something to savour today: a first sip, a ripe piece of fruit, "
        "something warm."
    ),
    "touch": lambda: _(
        "If you'd like something to feel today: warm water on your hands, a soft jumper, "
        "sun on your skin."
    ),
    "body": lambda: _(
        "If you'd like to check in with your body today: shoulders softening, a slower "
        "breath, your feet on the ground."
    ),
    "intuition": lambda: _(
        "If you'd like, listen for a hunch today — a moment when something simply feels right."
    ),
}


def invitation(found: Insights) -> str | None:
    """An idea for today from the sense least often named — only for recent ranges."""
    quiet = found.quietest_sense
    if quiet is None or not found.span.is_recent:
        return None
    if quiet.built_in and quiet.slug in INVITATIONS:
        return INVITATIONS[quiet.slug]()
    return _("If you'd like, look out for “%(sense)s” today.") % {"sense": quiet.name}


def when(found: Insights) -> str:
    hours, weekdays = found.hour_totals(), found.weekday_totals()
    peak_hour = max(range(24), key=lambda h: hours[h])
    peak_day = max(range(7), key=lambda w: weekdays[w])
    return _(
        "Glimmers found you most often around %(hour)s, and more on %(weekday)s than on "
        "other days of the week."
    ) % {"hour": hour(peak_hour), "weekday": WEEKDAYS[peak_day]}


def shifts(found: Insights) -> str:
    recorded = found.shifts.recorded
    if not recorded:
        return _(
            "None of these glimmers note how you felt before and after. That's always "
            "optional — it's under “Add details” whenever you'd like."
        )
    sentence = ngettext(
        "You noted how you felt before and after for %(count)s glimmer; %(safe)s of them "
        "ended in safe & connected.",
        "You noted how you felt before and after for %(count)s glimmers; %(safe)s of them "
        "ended in safe & connected.",
        recorded,
    ) % {"count": number(recorded), "safe": number(found.shifts.ended_safe)}
    top = found.shifts.transitions[0]
    sentence += " " + _("The most common shift was %(before)s → %(after)s (%(count)s).") % {
        "before": top.before_label,
        "after": top.after_label,
        "count": number(top.glimmers),
    }
    return sentence


def what_and_who(found: Insights) -> str:
    if found.what.empty:
        return _("These glimmers don't name values, people, places or tags yet. Each is optional.")
    firsts = [
        f"#{rows[0].name}" if key == "tags" else rows[0].name
        for key, rows in found.what.groups()
        if rows
    ]
    return _("What came up most: %(names)s.") % {"names": ", ".join(firsts)}


def group_name(key: str) -> str:
    return {"values": _("Values"), "people": _("People"), "places": _("Places"), "tags": _("Tags")}[
        key
    ]


def anchoring(found: Insights) -> str:
    anchored = found.anchoring
    if not anchored.anchored:
        return _(
            "None of these glimmers were anchored. Staying with one for a few breaths is "
            "always there if you'd like it."
        )
    return ngettext(
        "You stayed with %(count)s of %(of)s glimmers, for %(seconds)s seconds on average.",
        "You stayed with %(count)s of %(of)s glimmers, for %(seconds)s seconds on average.",
        anchored.anchored,
    ) % {
        "count": number(anchored.anchored),
        "of": number(anchored.glimmers),
        "seconds": number(anchored.average_seconds),
    }


def bucket_name(key: str) -> str:
    return {
        "under_15": _("under 15 seconds"),
        "from_15": _("15–29 seconds"),
        "from_30": _("30–59 seconds"),
        "from_60": _("a minute or more"),
    }[key]


def side_by_side(found: Insights) -> str:
    unit = unit_words(found.side_unit)
    if not found.triggers:
        return _("No hard moments were noted in these days; %(count)s glimmers, %(unit)s.") % {
            "count": number(found.glimmers),
            "unit": unit,
        }
    return _("%(glimmers)s and %(triggers)s in these days, %(unit)s.") % {
        "glimmers": ngettext("%(n)s glimmer", "%(n)s glimmers", found.glimmers)
        % {"n": number(found.glimmers)},
        "triggers": ngettext("%(n)s hard moment", "%(n)s hard moments", found.triggers)
        % {"n": number(found.triggers)},
        "unit": unit,
    }


def year(found: Insights) -> str:
    calendar = found.year
    if not calendar.glimmers:
        return _("Nothing was noted in the year up to %(end)s — quiet times are part of it.") % {
            "end": day(calendar.end)
        }
    sentence = ngettext(
        "You noticed something on %(days)s day in the year up to %(end)s.",
        "You noticed something on %(days)s days in the year up to %(end)s.",
        calendar.days_noticed,
    ) % {"days": number(calendar.days_noticed), "end": day(calendar.end)}
    months = calendar.months()
    if len({n for _month, n, _days in months if n}) > 1:  # as for the fullest day
        fullest = max(months, key=lambda row: row[1])
        sentence += " " + _("The fullest month was %(month)s.") % {"month": month(fullest[0])}
    return sentence


def noticing(found: Insights) -> str:
    first, last = found.noticing.first, found.noticing.last
    if last is None:
        return _(
            "Glimmers in a week you noticed any: about %(first)s. These days sit within one "
            "month; a longer range compares its first month with its last."
        ) % {"first": about(first.per_active_week)}
    months = {"first_month": month(first.month), "last_month": month(last.month)}
    if last.per_active_week is None:
        return _(
            "Glimmers in a week you noticed any: about %(first)s in the first month "
            "(%(first_month)s). Nothing was noted in %(last_month)s — quiet times are part of it."
        ) % {"first": about(first.per_active_week), **months}
    if first.per_active_week is None:
        return _(
            "Nothing was noted in the first month (%(first_month)s). Glimmers in a week you "
            "noticed any, in the last (%(last_month)s): about %(last)s."
        ) % {"last": about(last.per_active_week), **months}
    return _(
        "Glimmers in a week you noticed any: about %(first)s in the first month "
        "(%(first_month)s), about %(last)s in the last (%(last_month)s)."
    ) % {"first": about(first.per_active_week), "last": about(last.per_active_week), **months}


def about(value: float) -> str:
    """3.5, but 3 rather than 3.0."""
    return number(int(value)) if value == int(value) else number(value, 1)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
