"""Two writes to one journal at once never fail on each other.

Their monthly counts (journal/counts.py) are shared rows; on PostgreSQL two
transactions locking them in opposite orders deadlocked (3 of 160 saves
failed before each person's writes were queued on one lock). Runs in its
own process and database: the test database's transaction would hide one
thread's rows from the other.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import serving  # noqa: E402

SCRIPT = Path(__file__).with_name("concurrent_writes.py")
SAVES = 80


def run_script(env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(SAVES)],
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_one_persons_writes_at_once_all_land(tmp_path):
    base = os.environ.get("GLIMMERS_DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        with serving.throwaway_postgres(base, f"glimmers_cc_{os.getpid()}") as url:
            result = run_script(serving.server_env(tmp_path, database_url=url))
    else:
        result = run_script(serving.server_env(tmp_path))
    assert result == {"errors": [], "glimmers": 2 * SAVES}
