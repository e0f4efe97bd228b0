"""The worker's pass: plan, claim what is due, send each reminder once.

- **Claimed once.** ``glimmers.access.claim_due_reminders`` gives each due
  row to one worker, with a lease: a worker stopped mid-send (killed, power
  cut) leaves its row "sending" until the lease ends, and then another
  worker takes it over.
- **Sent at most once.** A row is marked sent right after the channel
  accepted it (the SMTP server's "250", the push service's 201), so a
  reminder is sent again only if the worker stopped in the moment between
  the two; its e-mail then carries the same Message-ID.
- **Retried with back-off** after a failed send: 30 s, 1, 2, 4 … minutes.
- **Never a burst after downtime.** A reminder more than an hour late is
  marked dropped and not sent.
- **Still wanted?** Just before sending, the person's current choices are
  asked again: a reminder they turned off, quieted or moved is not sent as
  it was planned.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings as django_settings
from django.core.mail import get_connection
from django.urls import reverse
from django.utils import timezone, translation

from glimmers.access import claim_due_reminders
from glimmers.reminders import mail, push
from glimmers.reminders.models import Channel, Occurrence, ReminderSettings, Status
from glimmers.reminders.planning import channels_of, plan_everyone
from glimmers.reminders.queries import settings_of, subscriptions
from glimmers.reminders.schedule import kind_of, moments, words_for

logger = logging.getLogger(__name__)

LATE = timedelta(hours=1)
LEASE = timedelta(minutes=2)  # longer than an SMTP or push send may take
MOST_TRIES = 8
FIRST_WAIT_SECONDS = 30
LONGEST_WAIT_SECONDS = 15 * 60
BATCH = 50

LINKS = {"morning": "practice:today", "evening": "practice:reflect", "pause": "journal:capture"}


class SendFailed(Exception):
    """The channel did not accept the reminder; try again later."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try."""
    return timedelta(
        seconds=min(FIRST_WAIT_SECONDS * 2 ** max(0, attempts - 1), LONGEST_WAIT_SECONDS)
    )


@dataclass
class Pass:
    """What one pass did, for the log and the tests."""

    planned: int = 0
    sent: list[int] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)

    @property
    def claimed(self) -> int:
        return len(self.sent) + len(self.dropped) + len(self.retrying)


def run_pass(
    worker: str,
    now: datetime | None = None,
    lease: timedelta = LEASE,
    batch: int = BATCH,
    clock=timezone.now,
) -> Pass:
    """Plan, then claim and send what is due, batch by batch, until nothing is left."""
    done = Pass(planned=plan_everyone(now))
    while True:
        moment = now or clock()
        claimed = claim_due_reminders(
            Occurrence, now=moment, lease_until=moment + lease, worker=worker, limit=batch
        )
        if not claimed:
            return done
        for occurrence in claimed:
            outcome = deliver(occurrence, now or clock())
            getattr(done, outcome).append(occurrence.pk)
        if now is not None:
            return done  # a pass at a fixed moment (tests): one batch


def _finish(occurrence: Occurrence, status: str, note: str = "", sent_at=None) -> None:
    occurrence.status = status
    occurrence.note = note[:200]
    occurrence.lease_until = None
    occurrence.sent_at = sent_at
    occurrence.save(update_fields=["status", "note", "lease_until", "sent_at"])


def _still_wanted(occurrence: Occurrence, chosen: ReminderSettings) -> datetime | None:
    """When the person's current choices put this reminder (None: not at all)."""
    if chosen.pk is None or occurrence.channel not in channels_of(chosen):
        return None
    for moment in moments(chosen, occurrence.day, occurrence.day):
        if moment.slot == occurrence.slot:
            return moment.at
    return None


def deliver(occurrence: Occurrence, now: datetime) -> str:
    """Send one claimed reminder; "sent", "dropped" or "retrying".

    In the person's own language, when they chose one (the site's otherwise).
    """
    language = getattr(occurrence.owner, "language", "") or django_settings.LANGUAGE_CODE
    with translation.override(language):
        return _deliver(occurrence, now)


def _deliver(occurrence: Occurrence, now: datetime) -> str:
    chosen = settings_of(occurrence.owner)
    at = _still_wanted(occurrence, chosen)
    if at is None:
        _finish(occurrence, Status.DROPPED, "no longer wanted")
        return "dropped"
    if at != occurrence.due_at and at > now:
        # Moved since it was planned (another planner had the old time): wait for the new one.
        occurrence.due_at = occurrence.next_try_at = at
        occurrence.status = Status.DUE
        occurrence.lease_until = None
        occurrence.save(update_fields=["due_at", "next_try_at", "status", "lease_until"])
        return "retrying"
    if now - occurrence.due_at > LATE:
        _finish(occurrence, Status.DROPPED, "over an hour late")
        return "dropped"
    title, words = words_for(chosen, occurrence.slot)
    link = reverse(LINKS[kind_of(occurrence.slot)])
    try:
        if occurrence.channel == Channel.EMAIL:
            _send_email(occurrence, chosen.email, title, words, link)
        else:
            if not _send_push(occurrence, title, words, link):
                _finish(occurrence, Status.DROPPED, "no device to notify")
                return "dropped"
    except SendFailed as problem:
        return _retry_later(occurrence, now, str(problem))
    _finish(occurrence, Status.SENT, sent_at=timezone.now())
    return "sent"


def _retry_later(occurrence: Occurrence, now: datetime, why: str) -> str:
    logger.warning("Reminder %s not sent (try %s): %s", occurrence.pk, occurrence.attempts, why)
    if occurrence.attempts >= MOST_TRIES:
        _finish(occurrence, Status.FAILED, why)
        return "dropped"
    occurrence.status = Status.DUE
    occurrence.next_try_at = now + backoff(occurrence.attempts)
    occurrence.lease_until = None
    occurrence.note = why[:200]
    occurrence.save(update_fields=["status", "next_try_at", "lease_until", "note"])
    return "retrying"


def _send_email(occurrence: Occurrence, to: str, title: str, words: str, link: str) -> None:
    message = mail.message(occurrence, to, title, words, django_settings.SITE_URL + link)
    try:
        with get_connection(fail_silently=False) as connection:
            if connection.send_messages([message]) != 1:
                raise SendFailed("the mail server did not take it")
    except (smtplib.SMTPException, OSError) as error:
        raise SendFailed(f"e-mail: {error}") from error


def _send_push(occurrence: Occurrence, title: str, words: str, link: str) -> bool:
    """Send to each of the person's browsers; False if they have none (any more)."""
    message = {"title": title, "body": words, "url": link}
    accepted, failed, devices = 0, [], 0
    for subscription in subscriptions(occurrence.owner):
        devices += 1
        try:
            answer = push.send(
                subscription.endpoint, subscription.p256dh, subscription.auth, message
            )
        except push.UnsafeEndpoint as error:
            subscription.delete()
            failed.append(str(error))
            devices -= 1
            continue
        except (OSError, ValueError) as error:
            failed.append(str(error))
            continue
        if answer.gone:
            subscription.delete()  # the browser unsubscribed, or the subscription expired
            devices -= 1
        elif answer.accepted:
            accepted += 1
        else:
            failed.append(f"push service answered {answer.status}")
    if accepted:
        return True
    if devices == 0:
        return False
    raise SendFailed("push: " + "; ".join(failed))
