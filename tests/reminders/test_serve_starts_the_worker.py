"""`glimmers serve` (and so `make run`) sends reminders with no other command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import make_user
from tests.reminders.conftest import database_url, due_reminder, free_port, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc"),
]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z" and int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _serve(smtp, tmp_path, *args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "GLIMMERS_DATA_DIR": str(tmp_path / "data"),
        "GLIMMERS_DATABASE_URL": database_url(),
        "GLIMMERS_EMAIL_HOST": "127.0.0.1",
        "GLIMMERS_EMAIL_PORT": str(smtp.port),
        "GLIMMERS_EMAIL_TLS": "0",
        "GLIMMERS_WORKER_INTERVAL": "1",
    }
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "glimmers", "serve", "--port", str(free_port())),
            *("--workers", "1", *args),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _reminder_workers(server: subprocess.Popen) -> set[int]:
    return {pid for pid in _children(server.pid) if " worker " in f"{_cmdline(pid)} "}


def test_serve_starts_a_worker_that_sends_and_stops_with_it(smtp, tmp_path):
    server = _serve(smtp, tmp_path)
    try:
        assert wait_for(lambda: _reminder_workers(server), 60), server.stdout
        [worker] = _reminder_workers(server)
        due_reminder(make_user("olena"))
        assert wait_for(lambda: len(smtp.messages) == 1, 60)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert wait_for(lambda: not Path(f"/proc/{worker}").exists() or "Z" in _state(worker), 30)


def test_a_killed_server_takes_its_worker_with_it(smtp, tmp_path):
    server = _serve(smtp, tmp_path)
    try:
        assert wait_for(lambda: _reminder_workers(server), 60)
        [worker] = _reminder_workers(server)
    finally:
        server.kill()
        server.wait(timeout=10)
    # Orphaned, the worker notices within a second or two and stops by itself.
    assert wait_for(lambda: not Path(f"/proc/{worker}").exists() or "Z" in _state(worker), 30)


def test_no_worker_means_no_worker(smtp, tmp_path):
    server = _serve(smtp, tmp_path, "--no-worker")
    try:
        # The server is up when it says so; give a worker the time it would take to appear.
        assert "is open at" in "".join(iter_lines(server, "is open at"))
        assert not wait_for(lambda: _reminder_workers(server), 3)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def iter_lines(process: subprocess.Popen, until: str):
    for line in process.stdout:
        yield line
        if until in line:
            return


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
