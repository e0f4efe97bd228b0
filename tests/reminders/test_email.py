"""E-mail reminders through a real SMTP server: what arrives, the hour rule, back-off."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from glimmers.reminders import delivery
from glimmers.reminders.models import Occurrence
from tests.factories import make_user
from tests.reminders.conftest import due_reminder


def _reload(row: Occurrence) -> Occurrence:
    row.refresh_from_db()
    return row


def test_it_sends_the_reminder_through_smtp_with_a_stable_message_id(db, smtp, settings):
    settings.SITE_URL = "https://glimmers.example.org"
    olena = make_user("olena", time_zone="Europe/Kyiv")
    row = due_reminder(olena)

    done = delivery.run_pass("test-worker")

    assert done.sent == [row.pk]
    [message] = smtp.messages
    assert message["Subject"] == "A small intention for today"
    assert message["To"] == "olena@example.org"
    assert message.envelope_to == ["olena@example.org"]
    assert message["Message-ID"] == f"<reminder-{olena.pk}-morning-{row.day.isoformat()}@localhost>"
    body = message.get_payload(decode=True).decode()
    assert "choose one thing to look out for today" in body
    assert "https://glimmers.example.org/" in body  # Today, to set the intention
    assert "https://glimmers.example.org/reminders/" in body  # how to change or quiet them
    assert "missed" not in body.lower()
    row = _reload(row)
    assert (row.status, row.attempts, row.lease_until) == ("sent", 1, None)
    assert row.sent_at is not None


def test_it_says_the_persons_own_words(db, smtp):
    olena = make_user("olena")
    row = due_reminder(olena)
    settings_row = olena.reminder_settings
    settings_row.morning_words = "Look for the light on the river."
    settings_row.save()

    delivery.run_pass("test-worker")

    assert "Look for the light on the river." in smtp.messages[0].get_payload(decode=True).decode()
    assert _reload(row).status == "sent"


def test_a_second_pass_sends_nothing_again(db, smtp):
    due_reminder(make_user("olena"))
    delivery.run_pass("one")
    delivery.run_pass("two")
    assert len(smtp.messages) == 1


def test_a_reminder_more_than_an_hour_late_is_dropped_not_sent(db, smtp):
    late = due_reminder(make_user("olena"), minutes_ago=61)
    just_in_time = due_reminder(make_user("sam"), minutes_ago=59)

    done = delivery.run_pass("test-worker")

    assert done.dropped == [late.pk]
    assert done.sent == [just_in_time.pk]
    assert [m["To"] for m in smtp.messages] == ["sam@example.org"]
    late = _reload(late)
    assert (late.status, late.note) == ("dropped", "over an hour late")


def test_a_failing_mail_server_is_tried_again_later_with_growing_waits(db, smtp):
    row = due_reminder(make_user("olena"))
    smtp.refuse = True
    start = timezone.now()

    first = delivery.run_pass("w", now=start)
    row = _reload(row)
    assert first.retrying == [row.pk]
    assert (row.status, row.attempts) == ("due", 1)
    assert row.next_try_at == start + timedelta(seconds=30)
    assert "451" in row.note

    # Not before its time: nothing is claimed ten seconds on.
    assert delivery.run_pass("w", now=start + timedelta(seconds=10)).claimed == 0

    second = start + timedelta(seconds=31)
    delivery.run_pass("w", now=second)
    row = _reload(row)
    assert row.attempts == 2
    assert row.next_try_at == second + timedelta(seconds=60)  # the wait doubles

    smtp.refuse = False
    third = second + timedelta(seconds=61)
    assert delivery.run_pass("w", now=third).sent == [row.pk]
    assert len(smtp.messages) == 1
    assert _reload(row).status == "sent"


def test_an_unreachable_mail_server_is_a_retry_not_a_crash(db, smtp, settings):
    row = due_reminder(make_user("olena"))
    settings.EMAIL_PORT = 1  # nothing listens there
    done = delivery.run_pass("w", now=timezone.now())
    assert done.retrying == [row.pk]
    assert _reload(row).status == "due"


def test_back_off_grows_and_stops_growing():
    waits = [delivery.backoff(n).total_seconds() for n in range(1, 9)]
    assert waits == [30, 60, 120, 240, 480, 900, 900, 900]
