"""Planning reminders as rows, a day or two ahead, safe with several workers at once.

Every planner inserts with ``ignore_conflicts`` against the unique (person,
slot, day, channel), so two planners at once make each row once. A change of
the person's choices removes their unsent future rows and plans afresh.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings as django_settings
from django.utils import timezone

from glimmers.access import owned, reminders_to_plan
from glimmers.reminders.models import Channel, Occurrence, ReminderSettings, Status
from glimmers.reminders.schedule import moments
from glimmers.time import zone_of

# Local days planned: today and the two after it; planned again a day later.
AHEAD_DAYS = 2
PLAN_AGAIN_AFTER = timedelta(days=1)
# Rows kept after their day, for the page's "sent" and the tests; then removed.
KEEP_DAYS = 30


def email_ready() -> bool:
    """Whether this instance can send e-mail (the host set an SMTP server)."""
    return bool(django_settings.EMAIL_HOST)


def channels_of(chosen: ReminderSettings) -> list[str]:
    """The channels the worker sends this person's reminders by."""
    channels = []
    if chosen.by_email and chosen.email and email_ready():
        channels.append(Channel.EMAIL)
    if chosen.by_push:
        channels.append(Channel.PUSH)
    return channels


def plan_for(chosen: ReminderSettings, now: datetime | None = None) -> int:
    """Plan this person's reminders from ``now`` on; how many rows were offered."""
    now = now or timezone.now()
    today = timezone.localtime(now, zone_of(chosen.owner)).date()
    channels = channels_of(chosen)
    rows = [
        Occurrence(
            owner_id=chosen.owner_id,
            slot=moment.slot,
            day=moment.day,
            channel=channel,
            due_at=moment.at,
            next_try_at=moment.at,
        )
        for moment in moments(chosen, today, today + timedelta(days=AHEAD_DAYS))
        if moment.at > now
        for channel in channels
    ]
    if rows:
        Occurrence.objects.bulk_create(rows, ignore_conflicts=True)
    owned(Occurrence, chosen.owner).filter(day__lt=today - timedelta(days=KEEP_DAYS)).delete()
    if chosen.pk is not None:
        chosen.planned_until = now + PLAN_AGAIN_AFTER
        chosen.save(update_fields=["planned_until"])
    return len(rows)


def replan(chosen: ReminderSettings, now: datetime | None = None) -> int:
    """After a change: forget the person's unsent future reminders and plan afresh."""
    now = now or timezone.now()
    owned(Occurrence, chosen.owner).filter(status=Status.DUE, due_at__gt=now).delete()
    return plan_for(chosen, now)


def plan_everyone(now: datetime | None = None) -> int:
    """The worker's planning: everyone whose plan has run out. How many rows were offered."""
    now = now or timezone.now()
    return sum(plan_for(chosen, now) for chosen in reminders_to_plan(ReminderSettings, now))
