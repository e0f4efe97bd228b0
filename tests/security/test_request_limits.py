"""No one request can hold the server: every part of it is bounded.

Raw requests over a socket to a real `glimmers serve --workers 1` (one
process, so an attacker and everyone else share the one thread that reads
connections). Each test bounds its own time.
"""

from __future__ import annotations

import contextlib
import select
import socket
import statistics
import threading
import time
from urllib.parse import urlencode

import pytest

from tests.security.served import instance, new_account

HEAD_CHUNKED = (
    b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with instance(tmp_path_factory.mktemp("limits"), "--workers", "1") as glimmers:
        yield glimmers


def _status(response: bytes) -> int | None:
    try:
        return int(response.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def _exchange(port: int, request: bytes, seconds: float = 10) -> tuple[float, bytes]:
    """Send ``request`` whole; (seconds until the answer was complete, the answer)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=seconds) as sock:
        # Refused part-way, the answer may still be there to read.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(request)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    return time.monotonic() - started, answer


def _send_endlessly(port: int, head: bytes, piece: bytes, seconds: float) -> tuple[float, bytes]:
    """Send ``head``, then ``piece`` again and again until the server answers.

    Returns (seconds until the first byte of the answer, or ``seconds`` if it
    never came, what the server said).
    """
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=seconds) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        can_send = True
        outgoing = memoryview(b"")
        while (elapsed := time.monotonic() - started) < seconds:
            readable, writable, _ = select.select([sock], [sock] if can_send else [], [], 0.05)
            if readable:
                return elapsed, _rest_of_answer(sock)
            elif writable:
                outgoing = outgoing or memoryview(piece)
                try:
                    outgoing = outgoing[sock.send(outgoing) :]
                except BlockingIOError:
                    pass
                except (BrokenPipeError, ConnectionResetError):
                    can_send = False  # refused: read what it said
    return seconds, b""


def _rest_of_answer(sock: socket.socket) -> bytes:
    """Everything the server says until it closes (or falls silent for 2 s)."""
    sock.setblocking(True)
    sock.settimeout(2)
    answer = b""
    with contextlib.suppress(ConnectionResetError, TimeoutError):
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def _health_latencies(port: int, seconds: float) -> list[float]:
    """Time one GET /healthz after another for ``seconds``."""
    latencies = []
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        took, answer = _exchange(port, b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", 10)
        assert _status(answer) == 200, answer[:200]
        latencies.append(took)
        time.sleep(0.02)
    return latencies


def test_a_never_ending_chunk_size_line_is_refused_within_a_second(server):
    took, answer = _send_endlessly(server.port, HEAD_CHUNKED, b"f" * 65536, seconds=5)
    assert took < 1.0, f"still reading a chunk-size line after {took:.1f} s"
    assert _status(answer) == 400
    assert b"chunk-size line" in answer


def test_others_are_not_slowed_while_someone_sends_never_ending_chunk_size_lines(server):
    quiet = _health_latencies(server.port, 1.0)
    stop = threading.Event()
    refused = []

    def attack():
        while not stop.is_set():
            _took, answer = _send_endlessly(server.port, HEAD_CHUNKED, b"f" * 65536, seconds=3)
            refused.append(_status(answer))

    attackers = [threading.Thread(target=attack, daemon=True) for _ in range(3)]
    for attacker in attackers:
        attacker.start()
    try:
        busy = _health_latencies(server.port, 3.0)
    finally:
        stop.set()
        for attacker in attackers:
            attacker.join(timeout=10)
    assert refused and set(refused) == {400}
    # Health checks while three clients attack take about as long as before.
    assert max(busy) < 0.25, f"slowest {max(busy) * 1000:.0f} ms"
    assert statistics.median(busy) < max(0.05, 5 * statistics.median(quiet))


def test_a_request_line_over_8_kb_is_refused(server):
    took, answer = _exchange(
        server.port, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    assert _status(answer) == 414
    assert took < 1.0


def test_the_servers_own_refusals_carry_the_protective_headers(server):
    _took, answer = _exchange(
        server.port, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    assert "frame-ancestors 'none'" in head and "default-src 'self'" in head
    for header in (
        "content-security-policy: ",
        "x-content-type-options: nosniff",
        "x-frame-options: deny",
        "referrer-policy: same-origin",
        "cross-origin-opener-policy: same-origin",
        "permissions-policy: ",
    ):
        assert header in head


def test_a_request_line_that_never_ends_is_refused(server):
    took, answer = _send_endlessly(server.port, b"GET /", b"a" * 4096, seconds=5)
    assert took < 1.0
    assert _status(answer) == 414


def test_headers_over_64_kb_are_refused(server):
    padding = b"".join(b"X-Padding-%d: %s\r\n" % (n, b"p" * 1000) for n in range(70))
    took, answer = _exchange(
        server.port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + padding + b"\r\n"
    )
    assert _status(answer) == 431
    assert took < 1.0


def test_a_body_larger_than_any_save_is_refused_before_it_is_sent(server):
    head = (
        b"POST /capture/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/octet-stream\r\nContent-Length: 200000000\r\n\r\n"
    )
    took, answer = _send_endlessly(server.port, head, b"x" * 65536, seconds=5)
    assert took < 1.0
    assert _status(answer) == 413


def test_a_chunked_body_larger_than_any_save_is_refused(server):
    # 100 MB in 1 MB chunks: more than six photos of 15 MB and their form.
    chunk = b"100000\r\n" + b"x" * 0x100000 + b"\r\n"
    head = HEAD_CHUNKED.replace(b"/accounts/login/", b"/capture/")
    _took, answer = _send_endlessly(server.port, head, chunk, seconds=30)
    assert _status(answer) == 413, answer[:200]
    assert b"fewer or smaller photos" in answer


def test_an_ordinary_chunked_request_still_reaches_the_app(server):
    # A first account made from a chunked body, with an extension and a trailer.
    token = "k" * 32  # the CSRF cookie and field must match: proof the body was read
    body = urlencode({"csrfmiddlewaretoken": token, **new_account("chunky")}).encode()
    request = (
        b"POST /accounts/welcome/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Cookie: csrftoken=%s\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n\r\n" % token.encode()
    )
    half = len(body) // 2
    for piece in (body[:half], body[half:]):
        request += b"%x;note=ok\r\n%s\r\n" % (len(piece), piece)
    request += b"0\r\nX-Trailer: fine\r\n\r\n"
    _took, answer = _exchange(server.port, request)
    assert _status(answer) == 302, answer[:300]
    assert ("chunky",) in server.rows("SELECT username FROM accounts_user")


def test_idle_connections_and_headers_sent_a_byte_at_a_time_are_cut_off(server):
    from glimmers.server import CHECK_EVERY_SECONDS, HEADERS_SECONDS, IDLE_SECONDS

    closed_after = {}

    def idle():
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
            assert sock.recv(1) == b""
        closed_after["idle"] = time.monotonic() - started

    def trickle():
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
            sock.setblocking(False)
            for byte in b"GET /healthz HTTP/1.1\r\nX-Slow: " + b"s" * 1000:
                readable, _, _ = select.select([sock], [], [], 1.0)
                if readable:
                    break
                try:
                    sock.send(bytes([byte]))
                except (BrokenPipeError, ConnectionResetError):
                    break
        closed_after["trickle"] = time.monotonic() - started

    threads = [threading.Thread(target=idle), threading.Thread(target=trickle)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=IDLE_SECONDS + 20)
    assert IDLE_SECONDS - 1 < closed_after["idle"] < IDLE_SECONDS + CHECK_EVERY_SECONDS + 2
    assert HEADERS_SECONDS - 1 < closed_after["trickle"] < HEADERS_SECONDS + CHECK_EVERY_SECONDS + 2


# Bodies: large ones only where photos are sent, and each must keep arriving.


def test_a_body_over_1_mb_is_refused_where_no_photos_are_sent(server):
    head = (
        b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\n\r\n"
    )
    took, answer = _send_endlessly(server.port, head, b"x" * 65536, seconds=5)
    assert took < 1.0
    assert _status(answer) == 413, answer[:300]
    assert b"1 MB" in answer
    assert b"photos" not in answer.split(b"\r\n\r\n", 1)[1]


def test_a_chunked_body_over_1_mb_is_refused_where_no_photos_are_sent(server):
    chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
    _took, answer = _send_endlessly(server.port, HEAD_CHUNKED, chunk, seconds=10)
    assert _status(answer) == 413, answer[:300]
    assert b"(1 MB)" in answer


@pytest.mark.parametrize(
    "path",
    [
        b"/capture/",
        b"/glimmers/3fa85f64-5717-4562-b3fc-2c963f66afa6/edit/",
        b"/glimmers/3fa85f64-5717-4562-b3fc-2c963f66afa6/photos/",
        b"/api/v1/glimmers/3fa85f64-5717-4562-b3fc-2c963f66afa6/photos",
    ],
)
def test_a_photo_sized_body_still_reaches_the_pages_that_take_photos(server, path):
    body = b"x" * (3 * 1024 * 1024)
    request = (
        b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % (path, len(body))
    ) + body
    _took, answer = _exchange(server.port, request, seconds=30)
    status = _status(answer)
    # The app itself answers (sign in first, or a refused form): never the server's 413.
    assert status is not None and status != 413, answer[:300]
    assert b"glimmers" not in answer.split(b"\r\n", 1)[0].lower()


def test_a_body_sent_a_byte_at_a_time_is_cut_off(server):
    from glimmers.server import BODY_GRACE_SECONDS, CHECK_EVERY_SECONDS

    head = (
        b"POST /capture/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/octet-stream\r\nContent-Length: 50000000\r\n\r\n"
    )
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        while time.monotonic() - started < BODY_GRACE_SECONDS + 30:
            readable, _, _ = select.select([sock], [], [], 1.0)
            if readable:
                break
            try:
                sock.send(b"x")  # a byte a second: never idle, never done
            except (BrokenPipeError, ConnectionResetError):
                break
    closed_after = time.monotonic() - started
    assert closed_after < BODY_GRACE_SECONDS + 2 * CHECK_EVERY_SECONDS + 3, closed_after


def test_a_body_arriving_steadily_on_a_slow_link_is_taken(server):
    # About 100 KB a second, a little longer than the grace period: a photo on a
    # weak phone signal. The app answers; the server never cut it off.
    from glimmers.server import BODY_GRACE_SECONDS

    size = 100 * 1024 * (BODY_GRACE_SECONDS + 4)
    head = (
        b"POST /capture/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % size
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(head)
        sent = 0
        while sent < size:
            piece = b"x" * min(10 * 1024, size - sent)
            sock.sendall(piece)
            sent += len(piece)
            time.sleep(0.1)
        answer = _rest_of_answer(sock)
    assert _status(answer) is not None and _status(answer) != 413, answer[:300]
