"""Run a test script in its own process and its own database, never the test database.

For tests that need committed rows seen by several connections (two writers
at once) or a schema before the newest migration: the script gets a fresh
SQLite file, or, when GLIMMERS_DATABASE_URL names a PostgreSQL server, a
throwaway database beside it (made and dropped here). It prints JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

import serving  # noqa: E402


def run_in_own_database(script: Path, tmp_path: Path, *args: str) -> dict:
    """What ``script ARGS…`` printed as JSON; fails the test if it did not end well."""
    base = os.environ.get("GLIMMERS_DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        name = f"glimmers_{script.stem}_{os.getpid()}"[:60]
        with serving.throwaway_postgres(base, name) as url:
            return _run(script, serving.server_env(tmp_path, database_url=url), args)
    return _run(script, serving.server_env(tmp_path), args)


def _run(script: Path, env: dict[str, str], args: tuple[str, ...]) -> dict:
    done = subprocess.run(
        [sys.executable, str(script), *args],
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def migrated_to(target: list[tuple[str, str]]):
    """For a script run by run_in_own_database: set Django up, migrate its database
    to ``target`` and give that state's models (``apps``), to write rows as the
    app wrote them then."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def migrate(target: list[tuple[str, str]]) -> None:
    """Migrate the script's database, forward or back, to ``target``."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    MigrationExecutor(connection).migrate(target)
