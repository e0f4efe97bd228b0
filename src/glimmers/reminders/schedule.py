"""When each reminder falls, and what it says: the one rule the worker and the feed share.

A slot is at a time, or sometime in a window ("between 12 and 15"). In a
window the minute is picked from a hash of the person, the slot and the day,
so every worker, and the calendar feed, agree on it without asking each other,
and it moves from day to day as a person's own noticing would. Times are the
person's own wall clock, in their time zone (``User.time_zone``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext_lazy as _

from glimmers.reminders.models import SLOTS, ReminderSettings
from glimmers.time import zone_of

# The words a reminder says when the person has not written their own. They
# invite; they never count what was missed.
DEFAULT_TITLES = {
    "morning": _("A small intention for today"),
    "evening": _("A gentle look back at today"),
    "pause": _("A moment to notice"),
}
DEFAULT_WORDS = {
    "morning": _(
        "Good morning. If you like, choose one thing to look out for today — "
        "a sound, a colour, a kind face. Noticing even one is plenty."
    ),
    "evening": _(
        "If there is a quiet minute tonight: what softened you today, even a little? "
        "A few words are enough, and so is simply remembering."
    ),
    "pause": _(
        "Take one slow breath. Is there something near you that feels even a little "
        "safe, warm or interesting? Stay with it for a moment."
    ),
}


def kind_of(slot: str) -> str:
    """ "morning", "evening" or "pause" (the three pause slots share their words)."""
    return "pause" if slot.startswith("pause") else slot


def words_for(settings: ReminderSettings, slot: str) -> tuple[str, str]:
    """(title, words) of a reminder: the person's own words, or the gentle default."""
    kind = kind_of(slot)
    own = getattr(settings, f"{kind}_words", "").strip()
    return str(DEFAULT_TITLES[kind]), own or str(DEFAULT_WORDS[kind])


@dataclass(frozen=True)
class Moment:
    slot: str
    day: date
    at: datetime  # aware, in the person's zone


def minute_in_window(owner_id: int, slot: str, day: date, start: time, end: time) -> time:
    """The minute between ``start`` and ``end`` (exclusive) picked for this person, slot and day."""
    first = start.hour * 60 + start.minute
    span = max(1, end.hour * 60 + end.minute - first)
    digest = hashlib.sha256(f"{owner_id}:{slot}:{day.isoformat()}".encode()).digest()
    minute = first + int.from_bytes(digest[:4], "big") % span
    return time(minute // 60, minute % 60)


def is_quiet(settings: ReminderSettings, day: date) -> bool:
    """No reminders that day: a quiet weekday, or within "quiet for a while"."""
    if str(day.weekday()) in settings.quiet_days:
        return True
    return settings.paused_until is not None and day <= settings.paused_until


def slots_on(settings: ReminderSettings) -> list[str]:
    return [slot for slot in SLOTS if getattr(settings, f"{slot}_on")]


def moments(settings: ReminderSettings, first: date, last: date) -> Iterator[Moment]:
    """Every reminder of ``settings`` on the person's days ``first`` to ``last`` (inclusive)."""
    zone = zone_of(settings.owner)
    wanted = slots_on(settings)
    day = first
    while day <= last:
        if not is_quiet(settings, day):
            for slot in wanted:
                start = getattr(settings, f"{slot}_from")
                end = getattr(settings, f"{slot}_to")
                at = start
                if end is not None and end > start:
                    at = minute_in_window(settings.owner_id, slot, day, start, end)
                yield Moment(slot, day, datetime.combine(day, at, tzinfo=zone))
        day += timedelta(days=1)
