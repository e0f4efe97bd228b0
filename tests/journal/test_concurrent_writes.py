"""Two writes to one journal at once never fail on each other.

Their monthly counts (journal/counts.py) are shared rows; on PostgreSQL two
transactions locking them in opposite orders deadlocked (3 of 160 saves
failed before each person's writes were queued on one lock). Runs in its
own process and database: the test database's transaction would hide one
thread's rows from the other.
"""

from __future__ import annotations

from pathlib import Path

from tests.own_database import run_in_own_database

SAVES = 80


def test_one_persons_writes_at_once_all_land(tmp_path):
    script = Path(__file__).with_name("concurrent_writes.py")
    result = run_in_own_database(script, tmp_path, str(SAVES))
    assert result == {"errors": [], "glimmers": 2 * SAVES}
