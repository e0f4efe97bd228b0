"""Tests that try to break a real `glimmers serve`: crashes, load, replays, two people at once.

Each test starts its own server as a subprocess (benchmarks/serving.py) with
its own data folder in a temporary directory, and drives it over HTTP with
the bounded load generator (benchmarks/loadgen.py). They never use
pytest-django's test database: the server has its own SQLite file, or, when
GLIMMERS_DATABASE_URL names a PostgreSQL server, its own throwaway database
there (created and dropped here; the configured one is never touched).

A short version of each runs with the rest of the suite. GLIMMERS_RELIABILITY=full
runs the issue's numbers (`make reliability`), and a table of what each test
measured is printed at the end of the run.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import serving  # noqa: E402

FULL = os.environ.get("GLIMMERS_RELIABILITY", "").strip().lower() == "full"
RESULTS: list[dict] = []
_databases = itertools.count(1)


def record(test: str, **figures) -> None:
    """Keep what a test measured, for the table printed at the end of the run."""
    RESULTS.append({"test": test, **figures})


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    write = terminalreporter.write_line
    terminalreporter.section(f"reliability ({'full' if FULL else 'short'} runs)")
    write("| test | db | what it saw |")
    write("|---|---|---|")
    for row in RESULTS:
        facts = ", ".join(
            f"{key.replace('_', ' ')} {value}"
            for key, value in row.items()
            if key not in ("test", "db")
        )
        write(f"| {row['test']} | {row.get('db', '')} | {facts} |")


def _postgres_base() -> str | None:
    url = os.environ.get("GLIMMERS_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


class Database:
    """Read the server's database directly (SQLite file or PostgreSQL URL)."""

    def __init__(self, *, sqlite_path: Path | None = None, url: str | None = None):
        self.sqlite_path = sqlite_path
        self.url = url

    @property
    def vendor(self) -> str:
        return "sqlite" if self.sqlite_path else "postgresql"

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.sqlite_path is not None:
            conn = sqlite3.connect(self.sqlite_path, timeout=60)
            try:
                return conn.execute(sql, params).fetchall()
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchall()

    def glimmers(self, username: str | None = None) -> dict[str, str]:
        """{id as 32 hex digits: text} for everyone's glimmers, or one person's."""
        sql = "SELECT g.id, g.text FROM journal_glimmer g"
        params: tuple = ()
        if username is not None:
            sql += " JOIN accounts_user u ON u.id = g.owner_id WHERE u.username = ?"
            params = (username,)
        rows = self.query(sql, params)
        found = {uuid.UUID(str(row_id)).hex: text for row_id, text in rows}
        assert len(found) == len(rows), "the same id twice"
        return found


@dataclass
class Journal:
    """A data folder, a database, accounts with tokens, and a server (not yet started)."""

    data_dir: Path
    env: dict[str, str]
    server: serving.Server
    db: Database
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def port(self) -> int:
        return self.server.port

    def headers(self, username: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.tokens[username]}",
            "Content-Type": "application/json",
        }

    def photo_files(self) -> set[str]:
        root = self.data_dir / "media"
        folder = root / "photos"
        if not folder.exists():
            return set()
        return {str(p.relative_to(root)) for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def make_journal(tmp_path):
    """make_journal(["alice", "bob"]) -> a Journal; servers are stopped and databases dropped."""
    made = []
    cleanups = []

    def make(usernames: list[str]) -> Journal:
        data_dir = tmp_path / f"data{len(made) + 1}"
        base = _postgres_base()
        if base:
            name = f"glimmers_rel_{os.getpid()}_{next(_databases)}"
            context = serving.throwaway_postgres(base, name)
            url = context.__enter__()
            cleanups.append(context)
            db = Database(url=url)
        else:
            url = None
            db = Database(sqlite_path=data_dir / "glimmers.sqlite3")
        env = serving.server_env(data_dir, database_url=url)
        journal = Journal(data_dir, env, serving.Server(env), db)
        journal.tokens = serving.create_accounts(env, usernames)
        made.append(journal)
        return journal

    yield make
    for journal in made:
        journal.server.stop()
    for context in cleanups:
        context.__exit__(None, None, None)
