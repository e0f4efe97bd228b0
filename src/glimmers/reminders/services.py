"""Writing a person's reminders: their choices, a quiet week, the calendar address, browsers.

Every change of what, when or how re-plans the person's unsent reminders at
once (planning.replan), so the worker never sends one they no longer want.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from glimmers.access import may_change, owned
from glimmers.db import writing
from glimmers.reminders import planning
from glimmers.reminders.models import CalendarFeed, PushSubscription, ReminderSettings
from glimmers.reminders.queries import hash_secret, settings_of

QUIET_WEEK_DAYS = 7

# What the preferences form may set (everything the person chooses).
CHOICES = [
    *(
        f"{slot}_{part}"
        for slot in ("morning", "evening", "pause1", "pause2", "pause3")
        for part in ("on", "from", "to")
    ),
    "morning_words",
    "evening_words",
    "pause_words",
    "quiet_days",
    "by_email",
    "by_push",
    "email",
]


def _saved(owner) -> ReminderSettings:
    chosen = settings_of(owner)
    if chosen.pk is None:
        chosen.save()
    return chosen


def save_choices(owner, **choices) -> ReminderSettings:
    """Keep the person's choices (only the names in CHOICES) and re-plan their reminders."""
    unknown = set(choices) - set(CHOICES)
    if unknown:
        raise TypeError(f"not a reminder choice: {sorted(unknown)}")
    with writing(owner):
        chosen = _saved(owner)
        for name, value in choices.items():
            setattr(chosen, name, value)
        chosen.save()
        planning.replan(chosen)
    return chosen


def quiet_for_a_week(owner, today: date) -> ReminderSettings:
    """No reminders today and the six days after; the person's choices stay as they were."""
    with writing(owner):
        chosen = _saved(owner)
        chosen.paused_until = today + timedelta(days=QUIET_WEEK_DAYS - 1)
        chosen.save(update_fields=["paused_until"])
        planning.replan(chosen)
    return chosen


def resume(owner) -> ReminderSettings:
    with writing(owner):
        chosen = _saved(owner)
        chosen.paused_until = None
        chosen.save(update_fields=["paused_until"])
        planning.replan(chosen)
    return chosen


def make_feed(owner) -> str:
    """A new private calendar address for ``owner`` (any older one stops working).

    Returns the secret, which is shown once and never kept: only its hash is.
    """
    secret = secrets.token_urlsafe(24)
    with writing(owner):
        owned(CalendarFeed, owner).delete()
        CalendarFeed.objects.create(owner=owner, secret_hash=hash_secret(secret))
    return secret


def revoke_feed(owner) -> int:
    with writing(owner):
        removed, _ = owned(CalendarFeed, owner).delete()
    return removed


def subscribe(owner, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Remember one browser of the person's for notifications (again: its keys are updated)."""
    with writing(owner):
        subscription, _ = PushSubscription.objects.update_or_create(
            owner=owner, endpoint=endpoint, defaults={"p256dh": p256dh, "auth": auth}
        )
        chosen = _saved(owner)
        if not chosen.by_push:
            chosen.by_push = True
            chosen.save(update_fields=["by_push"])
            planning.replan(chosen)
    return subscription


def unsubscribe(owner, endpoint: str) -> int:
    with writing(owner):
        rows = owned(PushSubscription, owner).filter(endpoint=endpoint)
        removed = sum(1 for row in rows if may_change(owner, row) and row.delete())
    return removed
