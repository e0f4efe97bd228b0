"""Reading "when" the way people say it: "this morning", "yesterday 7pm", "2025-03-02 08:15".

Everything is read in the person's own time zone. A phrase we cannot read
raises UnreadableWhen (a ValueError) with a message that shows what does
work; we never guess. A day outside the years the app keeps (one rule for
web, API and CLI, in glimmers/time.py) is refused by parse_day; a moment
is checked by the form it goes to. A part of today that is still ahead
("this evening", said at ten in the morning) means now: a glimmer has
already happened.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from glimmers.time import day_in_range, out_of_range_message

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PARTS_OF_DAY = {
    "morning": time(9, 0),
    "afternoon": time(15, 0),
    "evening": time(19, 0),
    "night": time(22, 0),
}
EXAMPLES = (
    '"now", "this morning", "yesterday 7pm", "2 hours ago", "monday evening", "2025-03-02 08:15"'
)

_TIME = re.compile(r"^(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
_AGO = re.compile(r"^(\d+)\s*(minute|min|hour|hr|day|week)s?\s+ago$")


class UnreadableWhen(ValueError):
    pass


def _unreadable(text: str) -> UnreadableWhen:
    from django.utils.translation import gettext

    # The examples stay as they are: they are what to type, in any language.
    return UnreadableWhen(
        gettext("Can't read the time “%(text)s”. Try %(examples)s.")
        % {"text": text, "examples": EXAMPLES}
    )


def _clock(text: str) -> time | None:
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _day(word: str, today: date, *, alone: bool) -> date | None:
    if word in ("today", "tonight") or (word == "this" and not alone):
        return today
    if word == "yesterday" or (word == "last" and not alone):
        return today - timedelta(days=1)
    if word in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS.index(word)) % 7 or 7
        return today - timedelta(days=back)
    return None


def parse_when(text: str, now: datetime) -> datetime:
    """Turn a phrase into an aware datetime, reading it in ``now``'s time zone."""
    try:
        moment = _parse(text, now)
        moment.astimezone(UTC)  # far outside what a calendar can hold?
    except (OverflowError, ValueError) as problem:
        if isinstance(problem, UnreadableWhen):
            raise
        raise _unreadable(text) from None
    return moment


def _parse(text: str, now: datetime) -> datetime:
    zone: tzinfo = now.tzinfo
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise _unreadable(text)
    if raw == "now":
        return now
    # ISO forms: 2025-03-02, 2025-03-02 08:15, 2025-03-02T08:15:00+02:00
    try:
        parsed = datetime.fromisoformat(raw.upper().replace(" ", "T", 1))
    except ValueError:
        parsed = None
    if parsed is not None:
        if len(raw) == 10:  # a date alone means noon: clearly that day in any zone
            parsed = datetime.combine(parsed.date(), time(12, 0))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)

    if raw in ("last week", "last month", "last year"):
        days = {"week": 7, "month": 30, "year": 365}[raw.split()[1]]
        return now - timedelta(days=days)
    if match := _AGO.match(raw):
        amount, unit = int(match.group(1)), match.group(2)
        if unit in ("day", "week"):
            # By the calendar: "3 days ago" is the same clock time, even across a DST change.
            return now - timedelta(days=amount * (7 if unit == "week" else 1))
        # By the clock on the wall: "2 hours ago" is two real hours, even across a DST change.
        minutes = amount * (60 if unit in ("hour", "hr") else 1)
        return (now.astimezone(UTC) - timedelta(minutes=minutes)).astimezone(zone)

    today = now.date()
    words = raw.replace("last night", "yesterday night").replace("tonight", "today night")
    words = words.split(" ", 1)
    if words[0] == "last" and len(words) > 1 and words[1].split(" ")[0] in WEEKDAYS:
        words = words[1].split(" ", 1)  # "last monday" is the most recent Monday
    rest = words[1] if len(words) > 1 else ""
    day = _day(words[0], today, alone=not rest)
    if day is None:
        # Just a time ("7pm", "08:15"): today, or yesterday if that is still ahead.
        clock = _clock(raw)
        if clock is None:
            raise _unreadable(text)
        moment = datetime.combine(today, clock, tzinfo=zone)
        return moment if moment <= now else moment - timedelta(days=1)
    if not rest:
        clock = time(12, 0) if day != today else None
        if clock is None:
            return now
        return datetime.combine(day, clock, tzinfo=zone)
    part_of_day = PARTS_OF_DAY.get(rest)
    clock = part_of_day or _clock(rest)
    if clock is None:
        raise _unreadable(text)
    moment = datetime.combine(day, clock, tzinfo=zone)
    if part_of_day and moment > now:
        return now  # "this morning" at 07:00 is not 09:00, still to come
    return moment


def parse_day(text: str, now: datetime) -> date:
    """A local date from a phrase ("yesterday", "2025-03-01", "monday")."""
    day = parse_when(text, now).astimezone(now.tzinfo).date()
    if not day_in_range(day):
        raise UnreadableWhen(out_of_range_message())
    return day
