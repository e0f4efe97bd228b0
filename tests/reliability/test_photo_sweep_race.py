"""The photo sweep against a real writer: it waits for a save in progress, and tidies after a crash.

A photo's files are written before its row is committed. The sweep (which
`glimmers serve` runs at start-up, and `glimmers sweep-photos` runs by hand)
must never take a save in progress for leftovers, and must remove what a
save killed half-way leaves. Both run in their own process against the
journal's real database (SQLite file, or PostgreSQL when configured).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

RACE = Path(__file__).with_name("photo_race.py")
USER = "sweeper"


def _run(journal, mode: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(RACE), USER, mode],
        env=journal.env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_sweep_waits_for_a_photo_being_saved(make_journal):
    journal = make_journal([USER])
    done = _run(journal, "race")
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["swept"] == []
    assert outcome["files_kept"]
    # Had the sweep not waited, it would have removed the files (checked above);
    # this says it was still waiting when the writer was let go.
    assert outcome["sweep_waited_for_the_writer"]
    assert len(journal.photo_files()) == 2


def test_serve_removes_what_a_crashed_save_left(make_journal):
    journal = make_journal([USER])
    done = _run(journal, "crash")
    assert done.returncode == -9, done.stderr[-3000:]
    left = journal.photo_files()
    assert len(left) == 2  # the image and its thumbnail, with no row
    assert journal.db.query("SELECT COUNT(*) FROM journal_photo") == [(0,)]

    journal.server.start()
    journal.server.stop()
    assert journal.photo_files() == set()
    assert "Removed 2 photo files" in journal.server.log_text()
