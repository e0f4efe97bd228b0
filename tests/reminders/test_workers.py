"""Several real `glimmers worker` processes: exactly one message per reminder.

Each worker is its own process on the test database (committed rows, so the
test runs with ``transaction=True``), sending to a real SMTP server here.
On SQLite and on PostgreSQL alike (GLIMMERS_DATABASE_URL).
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time

import pytest

from glimmers.reminders.models import Occurrence
from tests.factories import make_user
from tests.reminders.conftest import database_url, due_reminder, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def _worker(smtp, *args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "GLIMMERS_DATABASE_URL": database_url(),
        "GLIMMERS_EMAIL_HOST": "127.0.0.1",
        "GLIMMERS_EMAIL_PORT": str(smtp.port),
        "GLIMMERS_EMAIL_TLS": "0",
        "GLIMMERS_EMAIL_TIMEOUT": "60",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "glimmers", "worker", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        out, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate(timeout=10)
    return out or ""


def _statuses(rows) -> collections.Counter:
    """How the reminders that were due ended (the days after them are planned too)."""
    found = Occurrence.objects.filter(pk__in=[row.pk for row in rows])
    return collections.Counter(found.values_list("status", flat=True))


def test_two_workers_side_by_side_send_each_reminder_exactly_once(smtp):
    people = [make_user(f"person{n}") for n in range(12)]
    smtp.delay = 0.1  # each message takes a moment, so the two workers overlap
    # One reminder a claim, so the two take turns at the same rows.
    workers = [_worker(smtp, "--interval", "0.2", "--batch", "1") for _ in range(2)]
    for worker in workers:  # both are up and looking before anything is due
        assert "a pass every" in worker.stdout.readline()
    rows = [due_reminder(person) for person in people]
    try:
        assert wait_for(lambda: len(smtp.messages) >= len(rows), 90), [_stop(w) for w in workers]
        # A little longer: a double would show up now.
        wait_for(lambda: len(smtp.messages) > len(rows), 2)
    finally:
        outputs = [_stop(w) for w in workers]
    ids = collections.Counter(smtp.ids())
    assert len(ids) == len(rows), outputs
    assert set(ids.values()) == {1}, ids
    assert _statuses(rows) == {"sent": len(rows)}
    assert sorted(m["To"] for m in smtp.messages) == sorted(
        f"{p.username}@example.org" for p in people
    )
    # Each claim was one worker's: the row says which, and attempts stayed at one.
    sent = Occurrence.objects.filter(pk__in=[row.pk for row in rows])
    assert set(sent.values_list("attempts", flat=True)) == {1}
    by_worker = collections.Counter(sent.values_list("claimed_by", flat=True))
    print("claims per worker:", by_worker)
    assert len(by_worker) == 2, "both workers sent some"


def test_many_one_shot_workers_at_once_still_send_once(smtp):
    """`glimmers worker --once` from cron, several at the same minute."""
    rows = [due_reminder(make_user(f"person{n}")) for n in range(8)]
    smtp.delay = 0.02
    workers = [_worker(smtp, "--once") for _ in range(4)]
    outputs = [_stop(w) if w.wait(timeout=120) is not None else "" for w in workers]
    assert all(w.returncode == 0 for w in workers), outputs
    assert sorted(collections.Counter(smtp.ids()).values()) == [1] * len(rows)
    assert _statuses(rows) == {"sent": len(rows)}


def test_a_worker_killed_mid_send_leaves_it_to_another_after_its_lease(smtp):
    row = due_reminder(make_user("olena"))
    smtp.stall_first = True  # the SMTP server takes the message but never answers
    first = _worker(smtp, "--interval", "0.2", "--lease", "3")
    second = None
    try:
        assert wait_for(smtp.stalled.is_set, 60), _stop(first)
        row.refresh_from_db()
        assert row.status == "sending"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.monotonic()
        second = _worker(smtp, "--interval", "0.2", "--lease", "3")
        assert wait_for(lambda: len(smtp.messages) == 1, 60), _stop(second)
        waited = time.monotonic() - killed_at
        wait_for(lambda: len(smtp.messages) > 1, 2)
    finally:
        _stop(first)
        if second is not None:
            _stop(second)
    assert len(smtp.messages) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
    # Not before the first worker's lease ran out (3 s from its claim).
    assert waited < 30
    print(f"sent by the second worker {waited:.1f} s after the first was killed")
