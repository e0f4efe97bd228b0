"""The rules about time that the web pages, the API and the command line share.

For now, one rule: the dates the app accepts. A glimmer can be remembered
from long ago, but not from before anyone alive was born, and nothing the
app is asked for (a filter, a range of Insights, a day to reflect on) lies
beyond the years its calendars can show. Every date and moment that comes in
is checked here, with the same message everywhere, so a year like 1000 or 1
is refused with a clear answer instead of being kept, or breaking a page
later (sums on dates near the year 1 step outside the calendar Python and
the databases know).

Later, "today", when a person's day starts and the time-zone fallback belong
here too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
