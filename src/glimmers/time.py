"""The rules about time that the web pages, the API and the command line share.

- **A person's time zone** (``zone_of``): their own, or the server's if theirs
  is unknown. Every request, API call and command runs in it.
- **A person's day** (``local_time``, ``local_day``, ``local_today``,
  ``day_bounds``): in their time zone, starting at the hour they chose ("my
  day starts at 04:00": at 02:00 it is still yesterday).
- **The dates the app accepts** (``validate_day``, ``validate_moment``). A
  glimmer can be remembered from long ago, but not from before anyone alive
  was born, and nothing the app is asked for (a filter, a range of Insights,
  a day to reflect on) lies beyond the years its calendars can show. Every
  date and moment that comes in is checked here, with the same message
  everywhere, so a year like 1000 or 1 is refused with a clear answer instead
  of being kept, or breaking a page later (sums on dates near the year 1 step
  outside the calendar Python and the databases know).
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# ---------------------------------------------------------------------------
# A person's time zone and day
# ---------------------------------------------------------------------------


def zone_of(person) -> tzinfo:
    """The person's own time zone; the server's (settings.TIME_ZONE) if theirs is unknown.

    A saved zone is always one we know, but the system's zone data can change
    under it (an upgrade that drops a name): then the person gets the
    server's zone rather than an error on every page.
    """
    try:
        return zoneinfo.ZoneInfo(person.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def day_starts_at(person) -> int:
    """The hour the person's day begins (0 = midnight; night owls may choose up to 6)."""
    return getattr(person, "day_starts_at", 0) or 0


def local_time(person, moment: datetime) -> tuple[date, int, int]:
    """(their day, wall-clock hour, weekday) of ``moment`` for ``person``.

    Their day honours the "my day starts at" hour: at 02:00 with a 04:00 day
    start, it is still yesterday. The hour and weekday are the wall clock's.
    """
    wall = timezone.localtime(moment, zone_of(person))
    day = (wall - timedelta(hours=day_starts_at(person))).date()
    return day, wall.hour, wall.weekday()


def local_day(person, moment: datetime) -> date:
    """The person's day that ``moment`` belongs to: their time zone, their day start."""
    return local_time(person, moment)[0]


def local_today(person) -> date:
    """The person's day now."""
    return local_day(person, timezone.now())


def day_bounds(person, day: date) -> tuple[datetime, datetime]:
    """The start and end (exclusive) of one of the person's days, as aware datetimes."""
    zone = zone_of(person)
    begins = time(day_starts_at(person))
    start = datetime.combine(day, begins, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), begins, tzinfo=zone)
    return start, end


# ---------------------------------------------------------------------------
# The dates the app accepts
# ---------------------------------------------------------------------------

# The first and last day anything may be dated. Far enough back for a
# childhood memory of the oldest person alive; far enough ahead for any
# "until" someone may type. Every sum the app does on a day (a year back for
# Insights, a week's Monday, a day in another time zone) stays well inside
# the years 1 to 9999 that Python's dates and the databases hold.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)

OUT_OF_RANGE = "date_out_of_range"


def out_of_range_message() -> str:
    return str(
        _("Choose a date between %(first)s and %(last)s.")
        % {"first": EARLIEST_DAY.year, "last": LATEST_DAY.year}
    )


def day_in_range(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def moment_in_range(moment: datetime) -> bool:
    """Whether a moment falls on a day we accept, both as written (in its own time zone)
    and as the instant that is stored (in UTC).

    Checking both matters at the edges: "1900-01-01T00:00+14:00" is written in 1900 but
    is an instant of 1899, which a later save would refuse, so it is refused at once.
    """
    if not day_in_range(moment.date()):
        return False
    if moment.utcoffset() is None:
        return True
    return day_in_range(moment.astimezone(UTC).date())


def validate_day(day: date | None) -> None:
    """A Django validator: refuse a day outside the app's years (None is left to `required`)."""
    if day is not None and not day_in_range(day):
        raise ValidationError(out_of_range_message(), code=OUT_OF_RANGE)


def validate_moment(moment: datetime | None) -> None:
    """A Django validator: refuse a moment on a day outside the app's years."""
    if moment is not None and not moment_in_range(moment):
        raise ValidationError(out_of_range_message(), code=OUT_OF_RANGE)
