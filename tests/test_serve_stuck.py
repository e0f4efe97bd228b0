"""A worker stuck on one request is found, replaced, and meanwhile the others answer.

A real `glimmers serve --workers 2` with GLIMMERS_REQUEST_TIMEOUT_SECONDS=5.
The request is stuck the way a real one gets stuck: a capture waits for the
database's write lock, which this test holds from outside and never lets go
of in time (SQLite: an open BEGIN IMMEDIATE, with a busy timeout far longer
than the request timeout; PostgreSQL: the person's own write lock, which has
no timeout at all).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import sqlite3
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.test_serve_workers import _children, _wait_for

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

import serving  # noqa: E402

from glimmers.server import BUSY_SECONDS  # noqa: E402

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are watched where there is fork"),
    pytest.mark.skipif(
        not Path("/proc/self/stat").exists(), reason="finds worker processes through /proc"
    ),
]

TIMEOUT = 5


@pytest.fixture
def glimmers(tmp_path):
    base = serving.postgres_url() if os.environ.get("GLIMMERS_DATABASE_URL") else None
    with contextlib.ExitStack() as stack:
        url = None
        if base:
            name = f"glimmers_stuck_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            url = stack.enter_context(serving.throwaway_postgres(base, name))
        env = serving.server_env(
            tmp_path / "data",
            database_url=url,
            GLIMMERS_REQUEST_TIMEOUT_SECONDS=str(TIMEOUT),
            GLIMMERS_SQLITE_BUSY_TIMEOUT="300",
        )
        token = serving.create_accounts(env, ["alice"])["alice"]
        # --no-worker: the web workers are counted among the server's children.
        server = serving.Server(
            env, log_path=tmp_path / "serve.log", extra_args=("--workers", "2", "--no-worker")
        )
        stack.enter_context(server)
        assert _wait_for(lambda: len(_children(server.process.pid)) == 2, 30)
        yield server, token, url, tmp_path / "data" / "glimmers.sqlite3"


@contextlib.contextmanager
def write_lock_held(url: str | None, sqlite_path: Path):
    """The lock every capture must take first, held by someone else."""
    if url is None:
        conn = sqlite3.connect(sqlite_path, timeout=30, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    import psycopg

    from glimmers.db import OWNER_LOCK_CLASS

    with psycopg.connect(url, autocommit=True) as conn:
        owner = conn.execute("SELECT id FROM accounts_user WHERE username = 'alice'").fetchone()[0]
        key = (OWNER_LOCK_CLASS, owner & 0x7FFFFFFF)
        conn.execute("SELECT pg_advisory_lock(%s, %s)", key)
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s, %s)", key)


def _capture(port: int, token: str, timeout: float = 30) -> int | None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(
            "PUT",
            f"/api/v1/glimmers/{uuid.uuid4()}",
            body=json.dumps({"text": "steam from the kettle"}),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        return conn.getresponse().status
    except (OSError, http.client.HTTPException):
        return None  # no answer: the connection was closed under it
    finally:
        conn.close()


def _health(port: int) -> tuple[int, float]:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status, time.monotonic() - started
    finally:
        conn.close()


def test_a_stuck_worker_is_replaced_and_the_others_answer_meanwhile(glimmers):
    server, token, url, sqlite_path = glimmers
    before = _children(server.process.pid)
    stuck = {}

    def stuck_capture():
        started = time.monotonic()
        stuck["status"] = _capture(server.port, token)
        stuck["seconds"] = time.monotonic() - started

    with write_lock_held(url, sqlite_path):
        thread = threading.Thread(target=stuck_capture)
        thread.start()
        # The capture is waiting for the lock. Past BUSY_SECONDS, and one turn of
        # waitress's loop (up to a second more), its worker takes no new connections.
        time.sleep(BUSY_SECONDS + 1.5)
        assert thread.is_alive()
        # Everyone else, on new connections, is answered at once by the other worker.
        answers = [_health(server.port) for _ in range(20)]
        assert [status for status, _ in answers] == [200] * 20
        assert max(seconds for _, seconds in answers) < 1.0, answers
        thread.join(timeout=TIMEOUT + 15)
        assert not thread.is_alive()

    # The stuck request was cut off (no answer) soon after the limit, not left for ever.
    assert stuck["status"] is None, stuck
    assert TIMEOUT <= stuck["seconds"] < TIMEOUT + 5, stuck
    log = server.log_text()
    assert log.count(f"spent more than {TIMEOUT} s on one request") == 1, log[-2000:]
    assert "stopped; starting another" not in log
    # Another worker took its place, and with the lock free a capture is saved.
    assert _wait_for(lambda: len(_children(server.process.pid)) == 2, 15)
    after = _children(server.process.pid)
    assert len(after - before) == 1
    assert _capture(server.port, token) in (200, 201)
