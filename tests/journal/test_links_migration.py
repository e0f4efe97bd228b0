"""Migration 0008 copies each link's glimmer owner and day onto it, on real data.

It runs in its own process and database (a fresh SQLite file, or a throwaway
PostgreSQL database beside the configured one), never the test database.
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

SCRIPT = Path(__file__).with_name("links_migration.py")


def run_script(env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, str(SCRIPT)],
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_existing_links_get_their_glimmers_owner_and_day(tmp_path):
    base = os.environ.get("GLIMMERS_DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        with serving.throwaway_postgres(base, f"glimmers_mig_{os.getpid()}") as url:
            result = run_script(serving.server_env(tmp_path, database_url=url))
    else:
        result = run_script(serving.server_env(tmp_path))

    for table, rows in result["found"].items():
        assert len(rows) == result["expected"][table], table
        for link_owner, link_day, glimmer_owner, glimmer_day in rows:
            assert (link_owner, link_day) == (glimmer_owner, glimmer_day), table
    days = {row[1] for row in result["found"]["tags"]}
    assert days == {"2025-01-11", "2024-06-01", "None"}
