"""Reading a person's reminders: always their own, through glimmers.access."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet
from django.utils import timezone

from glimmers.access import feed_by_secret_hash, owned
from glimmers.reminders.models import (
    CalendarFeed,
    Occurrence,
    PushSubscription,
    ReminderSettings,
    Status,
)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def settings_of(owner) -> ReminderSettings:
    """The person's reminder settings; all off (not yet saved) if they never chose any."""
    found = owned(ReminderSettings, owner).select_related("owner").first()
    return found or ReminderSettings(owner=owner)


def subscriptions(owner) -> QuerySet[PushSubscription]:
    return owned(PushSubscription, owner)


def feed_of(owner) -> CalendarFeed | None:
    return owned(CalendarFeed, owner).first()


def feed_for_secret(secret: str) -> CalendarFeed | None:
    """The feed whose address holds ``secret`` (None for a wrong, rotated or revoked one)."""
    if not secret or len(secret) > 200:
        return None
    return feed_by_secret_hash(CalendarFeed, hash_secret(secret))


def coming(owner, limit: int = 5) -> list[Occurrence]:
    """The person's next reminders still to send, soonest first."""
    return list(
        owned(Occurrence, owner)
        .filter(status=Status.DUE, due_at__gte=timezone.now())
        .order_by("due_at", "channel")[:limit]
    )
