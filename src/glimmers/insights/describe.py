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
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from glimmers.insights.queries import Insights, Period

QUIET_STRETCH_DAYS = 7  # a run of empty days this long is mentioned, kindly
MOST_NAMED = 3  # a tie of more than this many is counted or summed up, not listed


def listed(names: list[str]) -> str:
    """ "a", "a and b", "a, b and c": names that share a place, said together."""
    if len(names) == 1:
        return names[0]
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def tied(items: list, key) -> list:
    """The items that share the largest ``key`` (in their own order), or [] if all are 0."""
    most = max((key(item) for item in items), default=0)
    return [item for item in items if most and key(item) == most]


def weekday(number: int) -> str:
    """A day of the week as it reads inside a sentence (Ukrainian writes it in lower case)."""
    return [
        pgettext("inside a sentence", "Monday"),
        pgettext("inside a sentence", "Tuesday"),
        pgettext("inside a sentence", "Wednesday"),
        pgettext("inside a sentence", "Thursday"),
        pgettext("inside a sentence", "Friday"),
        pgettext("inside a sentence", "Saturday"),
        pgettext("inside a sentence", "Sunday"),
    ][number]


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


def month_in_sentence(value: date) -> str:
    """A month inside a sentence: Ukrainian writes month names in lower case there
    ("припало на листопад 2026"), where a table's row starts with a capital."""
    text = month(value)
    if (get_language() or "").startswith("uk"):
        return text[:1].lower() + text[1:]
    return text


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
    sentence = _("You noted %(count)s. The chart shows them %(unit)s.") % {
        "count": ngettext("%(n)s glimmer", "%(n)s glimmers", found.glimmers)
        % {"n": number(found.glimmers)},
        "unit": unit_words(found.unit),
    }
    # The fullest one, or ones on a tie — unless every one with glimmers had as many.
    if len({p.glimmers for p in found.over_time if p.glimmers}) > 1:
        sentence += " " + _fullest(found)
    quiet = quiet_stretch(found)
    if quiet:
        # Said, never measured or dated: pointing at the longest gap would read as days missed.
        sentence += " " + _("Some stretches were quieter — quiet times are part of noticing too.")
    return sentence


def _fullest(found: Insights) -> str:
    fullest = tied(found.over_time, lambda p: p.glimmers)
    count = number(fullest[0].glimmers)
    when = listed(
        [month_in_sentence(p.start) if found.unit == "month" else day(p.start) for p in fullest]
    )
    if len(fullest) == 1:
        template = {
            "day": _("The fullest day was %(when)s, with %(count)s."),
            "week": _("The fullest week was the week of %(when)s, with %(count)s."),
            "month": _("The fullest month was %(when)s, with %(count)s."),
        }[found.unit]
    elif len(fullest) <= MOST_NAMED:
        template = {
            "day": _("The fullest days were %(when)s, with %(count)s each."),
            "week": _("The fullest weeks were the weeks of %(when)s, with %(count)s each."),
            "month": _("The fullest months were %(when)s, with %(count)s each."),
        }[found.unit]
    else:
        n = len(fullest)
        template = {
            "day": ngettext(
                "%(n)s day was the fullest, with %(count)s each.",
                "%(n)s days were the fullest, with %(count)s each.",
                n,
            ),
            "week": ngettext(
                "%(n)s week was the fullest, with %(count)s each.",
                "%(n)s weeks were the fullest, with %(count)s each.",
                n,
            ),
            "month": ngettext(
                "%(n)s month was the fullest, with %(count)s each.",
                "%(n)s months were the fullest, with %(count)s each.",
                n,
            ),
        }[found.unit]
        return template % {"n": number(n), "count": count}
    return template % {"when": when, "count": count}


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
        return _("These glimmers name one sense: %(sense)s (%(count)s).") % {
            "sense": loud[0].name,
            "count": number(loud[0].glimmers),
        }
    first = tied(loud, lambda s: s.glimmers)
    rest = [s for s in loud if s not in first]
    second = tied(rest, lambda s: s.glimmers)
    if len(first) > MOST_NAMED:
        return ngettext(
            "%(n)s sense came up most, %(count)s times each.",
            "%(n)s senses came up most, %(count)s times each.",
            len(first),
        ) % {"n": number(len(first)), "count": number(first[0].glimmers)}
    names = capitalised(listed([s.name for s in first]))
    n1 = number(first[0].glimmers)
    if not second or len(second) > MOST_NAMED:
        if len(first) == 1:
            return _("%(first)s came up most (%(n1)s).") % {"first": names, "n1": n1}
        return _("%(first)s came up most (%(n1)s each).") % {"first": names, "n1": n1}
    values = {
        "first": names,
        "n1": n1,
        "second": listed([s.name for s in second]),
        "n2": number(second[0].glimmers),
    }
    if len(first) == 1 and len(second) == 1:
        return _("%(first)s came up most (%(n1)s), then %(second)s (%(n2)s).") % values
    if len(first) == 1:
        return _("%(first)s came up most (%(n1)s), then %(second)s (%(n2)s each).") % values
    if len(second) == 1:
        return _("%(first)s came up most (%(n1)s each), then %(second)s (%(n2)s).") % values
    return _("%(first)s came up most (%(n1)s each), then %(second)s (%(n2)s each).") % values


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
    hours = tied(list(enumerate(found.hour_totals())), lambda row: row[1])
    weekdays = tied(list(enumerate(found.weekday_totals())), lambda row: row[1])
    if len(hours) == 1 and len(weekdays) == 1:
        return _(
            "Glimmers found you most often around %(hour)s, and more on %(weekday)s than on "
            "other days of the week."
        ) % {"hour": hour(hours[0][0]), "weekday": weekday(weekdays[0][0])}
    if len(hours) > MOST_NAMED and len(weekdays) > MOST_NAMED:
        return _("Glimmers found you at many different times of the day, on many days of the week.")
    if len(hours) > MOST_NAMED:
        sentence = _("Glimmers found you at many different times of the day.")
    else:
        sentence = _("Glimmers found you most often around %(hours)s.") % {
            "hours": listed([hour(h) for h, _n in hours])
        }
    if len(weekdays) > MOST_NAMED:
        return sentence + " " + _("They came on many days of the week.")
    if len(weekdays) == 1:
        return (
            sentence
            + " "
            + _("Of the days of the week, %(weekday)s had the most.")
            % {"weekday": weekday(weekdays[0][0])}
        )
    return (
        sentence
        + " "
        + _("Of the days of the week, %(weekdays)s had the most.")
        % {"weekdays": listed([weekday(w) for w, _n in weekdays])}
    )


def shifts(found: Insights) -> str:
    recorded = found.shifts.recorded
    if not recorded:
        return _(
            "None of these glimmers note how you felt before and after. That's always "
            "optional — it's under “Add details” whenever you'd like."
        )
    # How many "ended" safe would be a rate of feeling better: the shifts are named, not scored.
    sentence = ngettext(
        "You noted how you felt before and after for %(count)s glimmer.",
        "You noted how you felt before and after for %(count)s glimmers.",
        recorded,
    ) % {"count": number(recorded)}
    top = tied(found.shifts.transitions, lambda t: t.glimmers)
    if len(top) == 1:
        sentence += " " + _("The most common shift was %(before)s → %(after)s (%(count)s).") % {
            "before": top[0].before_label,
            "after": top[0].after_label,
            "count": number(top[0].glimmers),
        }
    elif len(top) <= MOST_NAMED:
        sentence += " " + _("The most common shifts were %(shifts)s (%(count)s each).") % {
            "shifts": listed([f"{t.before_label} → {t.after_label}" for t in top]),
            "count": number(top[0].glimmers),
        }
    else:
        sentence += " " + _("Many different shifts came up, %(count)s times each.") % {
            "count": number(top[0].glimmers)
        }
    return sentence


def what_and_who(found: Insights) -> str:
    if found.what.empty:
        return _("These glimmers don't name values, people, places or tags yet. Each is optional.")
    kinds = {
        "values": _("values"),
        "people": _("people"),
        "places": _("places"),
        "tags": _("tags"),
    }
    parts = []
    for key, rows in found.what.groups():
        first = tied(rows, lambda n: n.glimmers)
        if not first:
            continue
        names = [f"#{n.name}" if key == "tags" else n.name for n in first]
        names = sorted(names, key=str.casefold)
        if len(names) > MOST_NAMED:
            more = len(names) - MOST_NAMED
            shown = ngettext("%(names)s and %(n)s more", "%(names)s and %(n)s more", more) % {
                "names": ", ".join(names[:MOST_NAMED]),
                "n": number(more),
            }
        else:
            shown = listed(names)
        parts.append(_("%(kind)s: %(names)s") % {"kind": kinds[key], "names": shown})
    return _("What came up most — %(groups)s.") % {"groups": "; ".join(parts)}


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
        return _("No hard moments were noted in these days; %(glimmers)s, %(unit)s.") % {
            "glimmers": ngettext("%(n)s glimmer", "%(n)s glimmers", found.glimmers)
            % {"n": number(found.glimmers)},
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
        fullest = tied(months, lambda row: row[1])
        if len(fullest) == 1:
            sentence += " " + _("The fullest month was %(month)s.") % {
                "month": month_in_sentence(fullest[0][0])
            }
        elif len(fullest) <= MOST_NAMED:
            sentence += " " + _("The fullest months were %(months)s.") % {
                "months": listed([month_in_sentence(row[0]) for row in fullest])
            }
    return sentence


def noticing(found: Insights) -> str:
    first, last = found.noticing.first, found.noticing.last
    if last is None:
        return _(
            "In the weeks you noted glimmers, there were about %(first)s a week. These days "
            "sit within one month; a longer range compares its first month with its last."
        ) % {"first": about(first.per_active_week)}
    months = {
        "first_month": month_in_sentence(first.month),
        "last_month": month_in_sentence(last.month),
    }
    if last.per_active_week is None:
        return _(
            "In the weeks you noted glimmers, there were about %(first)s a week in the first "
            "month (%(first_month)s). Nothing was noted in %(last_month)s — quiet times are "
            "part of it."
        ) % {"first": about(first.per_active_week), **months}
    if first.per_active_week is None:
        return _(
            "Nothing was noted in the first month (%(first_month)s). In the weeks you noted "
            "glimmers in the last (%(last_month)s), there were about %(last)s a week."
        ) % {"last": about(last.per_active_week), **months}
    return _(
        "In the weeks you noted glimmers, there were about %(first)s a week in the first "
        "month (%(first_month)s) and about %(last)s a week in the last (%(last_month)s)."
    ) % {"first": about(first.per_active_week), "last": about(last.per_active_week), **months}


def about(value: float) -> str:
    """3.5, but 3 rather than 3.0."""
    return number(int(value)) if value == int(value) else number(value, 1)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
