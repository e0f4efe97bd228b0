"""Which request bounds each server keeps: the raw-socket scenarios of
tests/security/test_request_limits.py, against `glimmers serve` and the others.

For each server (one worker process, so an attacker and everyone else share
it, as in the tests) it prints what happened: the status and how long it took,
or how long the connection was held before the server let go (capped). It
sends traffic to 127.0.0.1 only, and every scenario ends by itself.

    .venv/bin/python benchmarks/server_bounds.py                  # every server
    .venv/bin/python benchmarks/server_bounds.py --servers glimmers,granian
"""

from __future__ import annotations

import argparse
import select
import socket
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import serving  # noqa: E402
from tests.security.test_request_limits import (  # noqa: E402
    _exchange,
    _health_latencies,
    _send_endlessly,
    _status,
)

CAP = 40.0  # seconds: how long a slow scenario waits for the server to let go
# The bodies go where the app reads them: the API's photo upload, with a real
# token (set in measure()), so the app itself never answers before the body is in.
PHOTO_PATH = b"/api/v1/glimmers/3fa85f64-5717-4562-b3fc-2c963f66afa6/photos"
TOKEN = b""


def _photo_head(length: bytes | None) -> bytes:
    size = b"Content-Length: %s\r\n" % length if length else b"Transfer-Encoding: chunked\r\n"
    return (
        b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
        b"Content-Type: multipart/form-data; boundary=xyz\r\n%s\r\n" % (PHOTO_PATH, TOKEN, size)
    )


def _answer(took: float, answer: bytes, cap: float) -> str:
    if took >= cap:
        return f"no answer in {cap:.0f} s"
    return f"{_status(answer) or 'closed'} after {took:.1f} s"


def chunk_line(port):
    took, answer = _send_endlessly(port, _photo_head(None), b"f" * 65536, seconds=10)
    return _answer(took, answer, 10)


def request_line(port):
    took, answer = _send_endlessly(port, b"GET /", b"a" * 4096, seconds=10)
    return _answer(took, answer, 10)


def headers_70_kb(port):
    padding = b"".join(b"X-Padding-%d: %s\r\n" % (n, b"p" * 1000) for n in range(70))
    took, answer = _exchange(
        port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + padding + b"\r\n"
    )
    return _answer(took, answer, 10)


def body_200_mb(port):
    head = _photo_head(b"200000000") + b"--xyz\r\nContent-Disposition: form-data; "
    head += b'name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
    took, answer = _send_endlessly(port, head, b"x" * 65536, seconds=20)
    return _answer(took, answer, 20)


def body_2_mb_login(port):
    head = (
        b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\n\r\n"
    )
    took, answer = _send_endlessly(port, head, b"x" * 65536, seconds=10)
    return _answer(took, answer, 10)


def _held(port, first: bytes, then: bytes | None) -> str:
    """Send ``first``, then ``then`` a byte a second; how long until the server lets go."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=CAP + 5) as sock:
        sock.sendall(first)
        sock.setblocking(False)
        pending = iter(then or b"")
        while time.monotonic() - started < CAP:
            readable, _, _ = select.select([sock], [], [], 1.0)
            if readable:
                try:
                    data = sock.recv(65536)
                except (ConnectionResetError, BlockingIOError):
                    data = b""
                status = _status(data)
                return f"let go after {time.monotonic() - started:.0f} s" + (
                    f" ({status})" if status else ""
                )
            byte = next(pending, None)
            if byte is not None:
                try:
                    sock.send(bytes([byte]))
                except (BrokenPipeError, ConnectionResetError):
                    return f"let go after {time.monotonic() - started:.0f} s"
    return f"still held after {CAP:.0f} s"


def idle(port):
    return _held(port, b"", None)


def headers_a_byte_a_second(port):
    return _held(port, b"G", b"ET /healthz HTTP/1.1\r\nX-Slow: " + b"s" * 1000)


def body_a_byte_a_second(port):
    return _held(port, _photo_head(b"50000000"), b"x" * 1000)


def health_beside_slow_clients(port):
    """/healthz while two clients send headers a byte a second (one worker, one thread)."""
    stop = threading.Event()

    def slow():
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            for byte in b"GET /healthz HTTP/1.1\r\nX-Slow: " + b"s" * 100:
                if stop.wait(0.5):
                    return
                try:
                    sock.send(bytes([byte]))
                except OSError:
                    return

    slowpokes = [threading.Thread(target=slow, daemon=True) for _ in range(2)]
    for thread in slowpokes:
        thread.start()
    time.sleep(1)
    try:
        with ThreadPoolExecutor(1) as pool:
            future = pool.submit(_health_latencies, port, 3.0)
            latencies = future.result(timeout=20)
        return f"median {statistics.median(latencies) * 1000:.0f} ms"
    except Exception as error:  # a server that can't answer at all
        return f"no answer ({type(error).__name__})"
    finally:
        stop.set()


def health_beside_chunk_lines(port):
    """/healthz while three clients send never-ending chunk-size lines."""
    stop = threading.Event()

    def attack():
        while not stop.is_set():
            _send_endlessly(port, _photo_head(None), b"f" * 65536, seconds=3)

    attackers = [threading.Thread(target=attack, daemon=True) for _ in range(3)]
    for thread in attackers:
        thread.start()
    try:
        with ThreadPoolExecutor(1) as pool:
            latencies = pool.submit(_health_latencies, port, 3.0).result(timeout=30)
        median, worst = statistics.median(latencies) * 1000, max(latencies) * 1000
        return f"median {median:.0f} ms, worst {worst:.0f} ms"
    except Exception as error:
        return f"no answer ({type(error).__name__})"
    finally:
        stop.set()
        for thread in attackers:
            thread.join(timeout=10)


def stuck(name: str) -> str:
    """A capture held on SQLite's write lock for 20 s, two workers, a 3 s request limit
    where the server has one: was it cut off, and did others get answers meanwhile?"""
    import http.client
    import json
    import sqlite3
    import uuid

    data_dir = Path(tempfile.mkdtemp(prefix="glimmers-stuck-")) / "data"
    env = serving.server_env(
        data_dir, GLIMMERS_REQUEST_TIMEOUT_SECONDS="3", GLIMMERS_SQLITE_BUSY_TIMEOUT="300"
    )
    token = serving.create_accounts(env, ["alice"])["alice"]
    extra = {"glimmers": ("--workers", "2"), "granian": ()}.get(name, ("--timeout", "3"))
    server = serving.Server(env, server=name, workers=2, extra_args=extra)
    outcome = {}
    with server:
        lock = sqlite3.connect(data_dir / "glimmers.sqlite3", isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")

        def capture():
            started = time.monotonic()
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=25)
            try:
                conn.request(
                    "PUT",
                    f"/api/v1/glimmers/{uuid.uuid4()}",
                    body=json.dumps({"text": "held"}),
                    headers={"Authorization": f"Bearer {token}"},
                )
                outcome["capture"] = f"{conn.getresponse().status}"
            except (OSError, http.client.HTTPException) as error:
                outcome["capture"] = type(error).__name__
            outcome["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=capture)
        thread.start()
        time.sleep(1.5)
        slow = 0
        for _ in range(20):
            started = time.monotonic()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=3)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                conn.close()
            except OSError:
                pass
            slow += time.monotonic() - started > 1.0
        time.sleep(max(0.0, 20 - 1.5 - 20 * 0.05))
        lock.execute("ROLLBACK")
        lock.close()
        thread.join(timeout=30)
    took = outcome.get("seconds", 0)
    ended = (
        "never cut off (answered when the lock was let go)"
        if took > 15
        else f"cut off after {took:.0f} s"
    )
    return f"{ended}, {outcome.get('capture')}; {slow} of 20 others waited over 1 s"


QUICK = [chunk_line, request_line, headers_70_kb, body_200_mb, body_2_mb_login]
SLOW = [idle, headers_a_byte_a_second, body_a_byte_a_second]
LOADED = [health_beside_chunk_lines, health_beside_slow_clients]


def measure(name: str) -> dict[str, str]:
    data_dir = Path(tempfile.mkdtemp(prefix="glimmers-bounds-")) / "data"
    env = serving.server_env(data_dir)
    extra = ("--workers", "1") if name == "glimmers" else ()
    server = serving.Server(env, server=name, workers=1, extra_args=extra)
    global TOKEN
    TOKEN = serving.create_accounts(env, ["alice"])["alice"].encode()
    found = {}
    with server:
        if not server.healthy():
            raise SystemExit(f"{name} did not start")
        for scenario in QUICK:
            found[scenario.__name__] = scenario(server.port)
        with ThreadPoolExecutor(len(SLOW)) as pool:
            futures = {s.__name__: pool.submit(s, server.port) for s in SLOW}
            found.update({n: f.result() for n, f in futures.items()})
        for scenario in LOADED:
            if server.healthy():
                found[scenario.__name__] = scenario(server.port)
            else:
                found[scenario.__name__] = "server not answering"
    for key, value in found.items():
        print(f"  {name} {key}: {value}", file=sys.stderr, flush=True)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", default=",".join(serving.SERVERS))
    args = parser.parse_args()
    names = [s.strip() for s in args.servers.split(",")]
    results = {name: measure(name) for name in names}
    for name in names:
        results[name]["stuck_request"] = stuck(name)
        print(f"  {name} stuck request: {results[name]['stuck_request']}", file=sys.stderr)
    scenarios = list(next(iter(results.values())))
    print("| scenario | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for scenario in scenarios:
        row = [results[name].get(scenario, "") for name in names]
        print(f"| {scenario.replace('_', ' ')} | " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
