"""SQLite writers in several server processes take turns (services.sqlite_writer)."""

import itertools
import os
from pathlib import Path

import pytest

from tests.own_database import run_in_own_database

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("GLIMMERS_DATABASE_URL", "").startswith("postgres"),
        reason="PostgreSQL takes writers side by side; the lock is SQLite's",
    ),
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork"),
]


def test_processes_forked_after_the_lock_was_used_still_take_turns(tmp_path):
    seen = run_in_own_database(Path(__file__).with_name("writer_lock.py"), tmp_path)
    assert seen["codes"] == [0, 0, 0]
    assert seen["rows"] == 15
    intervals = sorted(seen["intervals"])
    assert len(intervals) == 15
    for (_, ended), (began, _) in itertools.pairwise(intervals):
        assert began >= ended, "two processes held the writer lock at once"
