"""`glimmers serve --workers N`: several processes on one port, watched by a parent.

Real processes and signals, so Linux only (it reads /proc to find the workers).
"""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.test_serve import _free_port, _get

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds worker processes through /proc"
)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (name) state ppid …; the name may hold spaces, so split after ")".
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def workers(tmp_path):
    port = _free_port()
    env = {**os.environ, "GLIMMERS_DATA_DIR": str(tmp_path / "data")}
    # --no-worker: these tests count the web workers among the server's children.
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "glimmers", "serve", "--port", str(port)),
            *("--workers", "2", "--no-worker"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def healthy():
        try:
            return _get(f"{base}/healthz")[0] == 200
        except OSError:
            return False

    try:
        if not _wait_for(lambda: healthy() and len(_children(process.pid)) == 2, 90):
            process.kill()
            pytest.fail(f"server did not start: {process.stdout.read()}")
        yield process, base, healthy
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_two_workers_answer_and_sigterm_stops_them_all(workers):
    process, base, _healthy = workers
    pids = _children(process.pid)
    assert len(pids) == 2
    # Many requests over fresh connections: both workers share the socket.
    for _ in range(20):
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:  # noqa: S310
            assert response.status == 200

    process.terminate()
    assert process.wait(timeout=30) == 0
    assert _wait_for(lambda: not any(_alive(pid) for pid in pids), 10)


def test_one_thread_per_worker_still_answers_many_connections_at_once(workers):
    """Waitress reads and writes every connection in its own thread; the one
    request thread of each worker only runs the app."""
    _process, base, _healthy = workers
    answers: list[int] = []

    def client():
        for _ in range(5):
            answers.append(_get(f"{base}/healthz")[0])

    clients = [threading.Thread(target=client) for _ in range(20)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(timeout=60)
    assert answers == [200] * 100


def test_a_worker_that_dies_is_replaced(workers):
    process, _base, healthy = workers
    first, second = sorted(_children(process.pid))
    os.kill(first, signal.SIGKILL)

    assert _wait_for(lambda: len(_children(process.pid) - {first}) == 2, 30)
    assert second in _children(process.pid)
    assert healthy()


def test_workers_stop_by_themselves_when_the_parent_is_killed(workers):
    process, _base, _healthy = workers
    pids = _children(process.pid)
    os.kill(process.pid, signal.SIGKILL)  # the parent alone: no one tells the workers
    process.wait(timeout=10)
    assert _wait_for(lambda: not any(_alive(pid) for pid in pids), 15)
