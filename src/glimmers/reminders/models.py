"""Gentle reminders: what each person chose, and each reminder planned for them.

``ReminderSettings`` is one person's choice (all off until they turn
something on). The worker plans each reminder as an ``Occurrence`` row, one
per person, slot, local day and channel, unique, so two planners never make
two; it then claims each due row once (``glimmers.access.claim_due``) and
sends it (reminders/delivery.py). The calendar feed is read afresh from the
settings each time; only a hash of its secret address is kept.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SLOTS = ("morning", "evening", "pause1", "pause2", "pause3")


class Slot(models.TextChoices):
    MORNING = "morning", _("morning intention")
    EVENING = "evening", _("evening reflection")
    PAUSE1 = "pause1", _("pause and notice (1)")
    PAUSE2 = "pause2", _("pause and notice (2)")
    PAUSE3 = "pause3", _("pause and notice (3)")


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    PUSH = "push", _("notification on this device")


class ReminderSettings(models.Model):
    """One person's reminders. Every slot is off until they turn it on.

    Each slot is at a time (``*_from``) or, with ``*_to``, sometime in the
    window between the two: the moment is picked the same way by every
    worker and by the calendar feed (reminders/schedule.py).
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    morning_on = models.BooleanField(default=False)
    morning_from = models.TimeField(default=time(8, 0))
    morning_to = models.TimeField(null=True, blank=True)
    evening_on = models.BooleanField(default=False)
    evening_from = models.TimeField(default=time(21, 0))
    evening_to = models.TimeField(null=True, blank=True)
    pause1_on = models.BooleanField(default=False)
    pause1_from = models.TimeField(default=time(11, 0))
    pause1_to = models.TimeField(null=True, blank=True)
    pause2_on = models.BooleanField(default=False)
    pause2_from = models.TimeField(default=time(14, 0))
    pause2_to = models.TimeField(null=True, blank=True)
    pause3_on = models.BooleanField(default=False)
    pause3_from = models.TimeField(default=time(17, 0))
    pause3_to = models.TimeField(null=True, blank=True)
    # The person's own words; empty: the gentle defaults (reminders/schedule.py).
    morning_words = models.CharField(max_length=300, blank=True)
    evening_words = models.CharField(max_length=300, blank=True)
    pause_words = models.CharField(max_length=300, blank=True)
    # Weekdays with no reminders at all, as digits (Monday 0 … Sunday 6): "56".
    quiet_days = models.CharField(max_length=7, blank=True)
    # "Quiet for a week": nothing on any day up to and including this one.
    paused_until = models.DateField(null=True, blank=True)
    by_email = models.BooleanField(default=False)
    by_push = models.BooleanField(default=False)
    email = models.EmailField(blank=True)
    # The worker plans a day or two ahead; once this has passed it plans again.
    planned_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"reminders of {self.owner_id}"


class Status(models.TextChoices):
    DUE = "due", _("waiting")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    DROPPED = "dropped", _("not sent")  # over an hour late, or nowhere to send it
    FAILED = "failed", _("could not be sent")


class Occurrence(models.Model):
    """One reminder to send: a person's slot, on their local day, by one channel.

    The unique constraint is what makes planning safe with several workers:
    each inserts with ``ignore_conflicts``, and only one row is ever made.
    ``due_at`` is the moment it is for; ``next_try_at`` when it may be tried
    (later than ``due_at`` after a failure); ``lease_until`` how long a claim
    holds before another worker may take the row over.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_occurrences"
    )
    slot = models.CharField(max_length=10, choices=Slot.choices)
    day = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    due_at = models.DateTimeField()
    next_try_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "slot", "day", "channel"], name="one_reminder_per_occurrence"
            )
        ]
        indexes = [models.Index(fields=["status", "next_try_at"], name="reminder_due")]

    def __str__(self) -> str:
        return f"{self.slot} {self.day} {self.channel} ({self.status})"


class CalendarFeed(models.Model):
    """A person's private calendar address. Only a hash of its secret is kept."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_feed"
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    made_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.owner_id}"


class PushSubscription(models.Model):
    """A browser that agreed to show this person's reminders as notifications."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "endpoint"], name="one_subscription_per_browser"
            )
        ]

    def __str__(self) -> str:
        return f"push subscription of {self.owner_id}"
