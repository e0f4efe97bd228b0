"""A small, bounded HTTP load generator for a Glimmers server on this machine.

Used by the capture benchmark (``benchmarks/capture_http.py``) and by the
reliability tests (``tests/reliability/``), which put this folder on
``sys.path`` and import it; ``serving.py`` beside it starts and stops the
server they aim at. Only the standard library: one thread per client, each
with its own keep-alive ``http.client`` connection, so nothing needs
installing and the figures don't depend on an outside tool's version.

What it does:

- ``clients`` threads each ask ``next_call(client)`` what to send, send it,
  read the whole answer and time it, until the ``duration`` is over, the
  ``max_requests`` are sent, ``stop`` is set, or ``next_call`` returns None.
  It always stops by itself; every request has a socket timeout.
- It only ever talks to 127.0.0.1 (or ::1 / localhost): it is a test tool,
  not a way to load someone else's server.
- A refused or broken connection is not fatal: it is counted under
  ``errors``, the connection is opened again after a short pause, and the
  client carries on (the crash test relies on this while the server is
  down). ``on_reply`` sees every outcome, with status None for "no answer".
- The ``Result`` holds per-request latencies of answered requests, status
  counts, connection errors and how many answers said "database is locked";
  it gives p50 / p95 / p99 in milliseconds and throughput per second.

Python threads share one interpreter lock, so the generator itself costs a
little CPU per request (well under a millisecond); on a small machine it
competes with the server for the same cores, which the benchmark says.
"""

from __future__ import annotations

import http.client
import math
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost"}
LOCKED = b"database is locked"


@dataclass(frozen=True)
class Call:
    """One request. ``tag`` is the caller's own note (say, the glimmer's id)."""

    method: str
    path: str
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    tag: object = None


@dataclass(frozen=True)
class Reply:
    """What came back: ``status`` None means no answer (refused, reset, timed out)."""

    status: int | None
    body: bytes
    seconds: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class Result:
    clients: int
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    locked: int = 0

    @property
    def answered(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def connection_errors(self) -> int:
        return sum(self.errors.values())

    @property
    def throughput(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile of the latencies, in ms (0 when nothing was answered)."""
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[rank - 1]

    @property
    def p50(self) -> float:
        return self.percentile(50)

    @property
    def p95(self) -> float:
        return self.percentile(95)

    @property
    def p99(self) -> float:
        return self.percentile(99)

    def summary(self) -> dict:
        return {
            "clients": self.clients,
            "requests": self.answered,
            "seconds": round(self.seconds, 2),
            "throughput": round(self.throughput, 1),
            "p50_ms": round(self.p50, 1),
            "p95_ms": round(self.p95, 1),
            "p99_ms": round(self.p99, 1),
            "statuses": dict(sorted(self.statuses.items())),
            "server_errors": self.server_errors,
            "connection_errors": self.connection_errors,
            "locked": self.locked,
        }


def connect(
    port: int, *, host: str = "127.0.0.1", timeout: float = 60.0
) -> http.client.HTTPConnection:
    """A keep-alive connection to this machine's ``port``."""
    if host not in LOCAL_HOSTS:
        raise ValueError(f"The load generator only targets this machine, not {host!r}.")
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    conn.connect()
    # Small requests and answers: send each at once rather than waiting to fill a packet.
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return conn


def send(conn: http.client.HTTPConnection, call: Call) -> tuple[int, bytes]:
    """Send one call on ``conn`` and read the whole answer: (status, body)."""
    headers = dict(call.headers)
    if call.body is not None:
        headers.setdefault("Content-Length", str(len(call.body)))
    conn.request(call.method, call.path, body=call.body, headers=headers)
    response = conn.getresponse()
    body = response.read()
    if response.will_close:
        conn.close()
    return response.status, body


def run(
    port: int,
    clients: int,
    next_call: Callable[[int], Call | None],
    *,
    duration: float | None = None,
    max_requests: int | None = None,
    on_reply: Callable[[int, Call, Reply], None] | None = None,
    stop: threading.Event | None = None,
    host: str = "127.0.0.1",
    timeout: float = 60.0,
    pause_after_error: float = 0.05,
) -> Result:
    """Run ``clients`` concurrent clients against ``host:port`` until a limit is reached.

    At least one of ``duration``, ``max_requests`` or ``stop`` must be given
    (``next_call`` returning None also ends a client). ``on_reply`` is called
    from the client's own thread; keep it quick and thread-safe.
    """
    if host not in LOCAL_HOSTS:
        raise ValueError(f"The load generator only targets this machine, not {host!r}.")
    if duration is None and max_requests is None and stop is None:
        raise ValueError("Give a duration, a request count or a stop event: it must end.")
    stop = stop or threading.Event()
    result = Result(clients=clients)
    lock = threading.Lock()
    sent = 0
    deadline = None if duration is None else time.monotonic() + duration

    def take_turn() -> bool:
        nonlocal sent
        if stop.is_set() or (deadline is not None and time.monotonic() >= deadline):
            return False
        with lock:
            if max_requests is not None and sent >= max_requests:
                return False
            sent += 1
        return True

    def client(index: int) -> None:
        conn = None
        latencies: list[float] = []
        try:
            while take_turn():
                call = next_call(index)
                if call is None:
                    return
                started = time.perf_counter()
                try:
                    if conn is None:
                        conn = connect(port, host=host, timeout=timeout)
                    status, body = send(conn, call)
                except (OSError, http.client.HTTPException) as error:
                    seconds = time.perf_counter() - started
                    if conn is not None:
                        conn.close()
                    conn = None
                    reply = Reply(None, b"", seconds, type(error).__name__)
                    with lock:
                        result.errors[reply.error] += 1
                    if on_reply is not None:
                        on_reply(index, call, reply)
                    stop.wait(pause_after_error)
                    continue
                seconds = time.perf_counter() - started
                if conn is not None and conn.sock is None:
                    conn = None  # the server closed it (Connection: close)
                latencies.append(seconds * 1000)
                with lock:
                    result.statuses[status] += 1
                    if LOCKED in body:
                        result.locked += 1
                if on_reply is not None:
                    on_reply(index, call, Reply(status, body, seconds))
        finally:
            if conn is not None:
                conn.close()
            with lock:
                result.latencies_ms.extend(latencies)

    threads = [
        threading.Thread(target=client, args=(i,), name=f"loadgen-{i}", daemon=True)
        for i in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def multipart(field_name: str, filename: str, content: bytes, content_type: str):
    """A multipart/form-data body with one file; returns (body, Content-Type header)."""
    boundary = f"glimmers-{time.monotonic_ns():x}"
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field_name}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    body = head + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
