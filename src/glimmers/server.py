"""`glimmers serve`: waitress worker processes sharing one socket, watched by a parent.

Python runs one thread of a process at a time, so one process uses one core
however many threads it has. On systems with ``fork``, the parent binds the
address once, forks ``workers`` processes that each run waitress on the
shared socket, and then only watches them: a worker that dies is started
again, and Ctrl+C or SIGTERM stops them all. A worker whose parent has gone
(killed outright) stops by itself. Where there is no ``fork`` (Windows), one
process serves, with no parent to watch it.

A stuck worker is recovered (docs/decisions.md, "Serving: which server, and
who queues the writers"): each worker notes in memory it shares with the
parent when the application began its current piece of work on each thread.
The parent looks every second; a worker that has spent longer than
``request_timeout`` seconds on one request (an endless loop, a lock never
released) is killed and another started, with one line in the log. Until
then, a worker whose every thread has been busy for a second takes no new
connections (from the next turn of waitress's loop), so the others answer them.

Workers share nothing but the database: SQLite writers meet at SQLite's own
lock, taken at BEGIN (IMMEDIATE transactions) with the busy timeout, and the
API rate limit counts per worker (api/auth.py says why that is fine).

Every request is bounded before the application sees it (docs/decisions.md,
"Bounded requests"): the request line, the headers together, each chunk-size
line and trailer of a chunked body, the body (1 MB, except where photos are
sent), the time the request line and headers may take to arrive, the rate at
which a body must keep arriving, and how long a connection may sit idle. Waitress
reads every connection on one thread per process, so anything it does not
bound there (3.0.2 gathers a chunk-size line with no limit, in quadratic
time) would slow everyone that process serves; the small subclasses below
add the missing bounds and answer with a short, plain message.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import mmap
import os
import signal
import socket
import sys
import threading
import time

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.receiver import ChunkedReceiver
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask
from waitress.utilities import Error, RequestEntityTooLarge, RequestHeaderFieldsTooLarge

# A worker that dies sooner than this after starting is failing, not unlucky:
# wait a little before starting it again, so a broken set-up doesn't spin.
SHORT_LIFE_SECONDS = 2.0
# How often the parent looks for a worker stuck on one request.
WATCH_EVERY_SECONDS = 1.0
# A worker whose every thread has been on one request this long takes no new
# connections (until one is free), so a stuck worker's share goes to the others.
BUSY_SECONDS = 1.0

# The bounds on every request (docs/decisions.md, "Bounded requests").
REQUEST_LINE_MAX_BYTES = 8 * 1024  # the method, the address and the version
HEADERS_MAX_BYTES = 64 * 1024  # the request line and every header together
CHUNK_LINE_MAX_BYTES = 1024  # one chunk-size line of a chunked body
TRAILER_MAX_BYTES = 8 * 1024  # the trailer after the last chunk
HEADERS_SECONDS = 10  # from a request's first byte to the end of its headers
IDLE_SECONDS = 15  # a connection that sends and receives nothing for this long is closed
CHECK_EVERY_SECONDS = 2  # how often the timeouts here are looked at
# A body larger than this is taken only by the pages and API paths that receive
# photos (PHOTO_UPLOAD_VIEWS); everything else a person sends is far smaller.
SMALL_BODY_MAX_BYTES = 1024 * 1024
# Once its headers are in, a body must keep arriving at this average rate
# (128 kbit/s: a weak phone signal sends a 15 MB photo in about 16 minutes);
# the first seconds are free, for a connection that starts slowly.
BODY_MIN_BYTES_PER_SECOND = 16 * 1024
BODY_GRACE_SECONDS = 10
# The views (by URL name) that receive photos, and so the only ones a body
# over SMALL_BODY_MAX_BYTES may reach.
PHOTO_UPLOAD_VIEWS = frozenset(
    {"journal:capture", "journal:edit", "journal:add_photos", "api:add_photo", "yourdata:import"}
)


def default_workers() -> int:
    """One worker per core, up to four (a personal journal never needs more)."""
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def default_threads(workers: int) -> int:
    """One thread per worker process when there are several; eight in a lone process.

    Python runs one thread of a process at a time, so extra threads in a
    worker add no CPU; they only take turns with the thread that holds the
    SQLite writer lock, which then waits for the interpreter while the other
    writers wait for it. On the two-core benchmark machine, captures with
    ten clients went from 368 a second (p99 81 ms) with eight threads to 447
    (p99 35 ms) with one (docs/decisions.md). Waitress reads and writes every
    connection in its own thread either way, so a slow network costs no
    worker. A lone process (``--workers 1``, or no ``fork``) keeps eight, so
    one long request does not hold up every other.
    """
    return 1 if workers > 1 and hasattr(os, "fork") else 8


class CannotListen(Exception):
    """The address cannot be listened on; ``errno`` says why (e.g. EADDRINUSE)."""

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.errno = error.errno
        self.strerror = error.strerror or str(error)
        self.unknown_host = isinstance(error, socket.gaierror)


def listen(host: str, port: int) -> socket.socket:
    """Bind and listen on ``host:port``, or raise CannotListen."""
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=1024)
    except OSError as error:  # socket.gaierror included: an unknown host name
        raise CannotListen(error) from None


def serve(
    application,
    *,
    host: str,
    port: int,
    threads: int,
    workers: int,
    max_body: int,
    request_timeout: float,
    listening=lambda: None,
) -> None:
    """Serve ``application`` until stopped.

    The address is bound first (CannotListen if it can't be), and only then
    is ``listening`` called, so nothing says "open" about a port that isn't.
    A worker that spends longer than ``request_timeout`` seconds on one
    request is replaced (where there is ``fork``).
    """
    listener = listen(host, port)
    listening()
    options = {
        "threads": threads,
        "ident": "glimmers",
        "max_request_header_size": HEADERS_MAX_BYTES,
        "max_request_body_size": max_body,
        "channel_timeout": IDLE_SECONDS,
        "cleanup_interval": CHECK_EVERY_SECONDS,
        # Proxy headers are glimmers.wsgi's to judge (one rule, whatever the
        # server); waitress would otherwise drop them before it sees them.
        "clear_untrusted_proxy_headers": False,
    }
    if not hasattr(os, "fork"):
        _run(application, listener, options)
        return
    _Supervisor(application, listener, workers, options, request_timeout).run()


def _run(application, listener: socket.socket, options: dict, clock: _Clock | None = None) -> None:
    if clock is not None:
        application = _Timed(application, clock)
    server = _BoundedServer(
        application,
        _sock=listener,
        adj=Adjustments(**options),
        bind_socket=False,
        sockinfo=(listener.family, listener.type, listener.proto, listener.getsockname()),
    )
    server.clock = clock
    server.run()


class _Clock:
    """When each thread of one worker began what it is doing now (0: nothing).

    The numbers live in memory the parent shares with the worker (made before
    ``fork``), as ``time.monotonic()`` seconds, which every process on the
    machine reads alike. A thread writes only its own slot; an 8-byte store
    is whole when the parent reads it.
    """

    def __init__(self, memory: mmap.mmap, first: int, threads: int):
        self.slots = memoryview(memory).cast("d")[first : first + threads]
        self._local = threading.local()
        self._next = itertools.count()

    def clear(self) -> None:
        for index in range(len(self.slots)):
            self.slots[index] = 0.0

    def _mine(self) -> int:
        index = getattr(self._local, "index", None)
        if index is None:
            index = self._local.index = next(self._next) % len(self.slots)
        return index

    def begin(self) -> None:
        self.slots[self._mine()] = time.monotonic()

    def end(self) -> None:
        self.slots[self._mine()] = 0.0

    def longest(self, now: float) -> float:
        """Seconds the longest current piece of work has taken (0 when idle)."""
        return max((now - began for began in self.slots if began), default=0.0)

    def all_busy_for(self, seconds: float, now: float) -> bool:
        return all(began and now - began > seconds for began in self.slots)


class _Timed:
    """The application, with the time it spends on each request noted in a _Clock.

    Only the application's own work counts: the call, and each piece of an
    answer it produces as it goes; not the client's time to send or read (the
    server bounds that), nor a file sent as it is (whitenoise's static files).
    """

    def __init__(self, application, clock: _Clock):
        self.application = application
        self.clock = clock

    def __call__(self, environ, start_response):
        self.clock.begin()
        try:
            answer = self.application(environ, start_response)
        finally:
            self.clock.end()
        file_wrapper = environ.get("wsgi.file_wrapper")
        if isinstance(file_wrapper, type) and isinstance(answer, file_wrapper):
            return answer
        return _TimedAnswer(answer, self.clock)


class _TimedAnswer:
    def __init__(self, answer, clock: _Clock):
        self.answer = answer
        self.clock = clock
        self.pieces = None

    def __iter__(self):
        return self

    def __next__(self):
        self.clock.begin()
        try:
            if self.pieces is None:
                self.pieces = iter(self.answer)
            return next(self.pieces)
        finally:
            self.clock.end()

    def close(self):
        close = getattr(self.answer, "close", None)
        if close is not None:
            self.clock.begin()
            try:
                close()
            finally:
                self.clock.end()


class Refused(Error):
    """A request the server will not take: its status and a short, plain reason."""

    def __init__(self, code: int, reason: str, body: str):
        super().__init__(body)
        self.code = code
        self.reason = reason

    def to_response(self, ident=None):
        body = f"{self.body}\n".encode()
        return f"{self.code} {self.reason}", [("Content-Type", "text/plain; charset=utf-8")], body


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def takes_photos(path: str) -> bool:
    """Whether the page or API path at ``path`` receives photos (and so a large body)."""
    from django.urls import Resolver404, resolve

    try:
        return resolve(path).view_name in PHOTO_UPLOAD_VIEWS
    except Resolver404:
        return False


class _BoundedChunkedReceiver(ChunkedReceiver):
    """Waitress's chunked-body reader, refusing an over-long chunk-size line or trailer.

    Waitress 3.0.2 joins each new piece of a chunk-size line onto what came
    before and searches it all again, with no limit: a 16 MB line costs about
    17 s of the thread that reads every connection. Stopped at 1 KB, each
    read costs at most that much more than the piece itself.
    """

    def received(self, s):
        consumed = super().received(s)
        if self.error is None and (
            len(self.control_line) > CHUNK_LINE_MAX_BYTES or len(self.trailer) > TRAILER_MAX_BYTES
        ):
            self.error = Refused(
                400,
                "Bad Request",
                "A chunk-size line or trailer of this request is too long, so it was not read.",
            )
            self.all_chunks_received = True
        return consumed


class _BoundedParser(HTTPRequestParser):
    """Waitress's request parser with a bounded request line and chunked body.

    It also notes when the request began, for ``_BoundedServer.maintenance``,
    and words the refusals waitress makes itself (too large) plainly.
    """

    def __init__(self, adj):
        super().__init__(adj)
        self.started = time.time()
        self.body_started: float | None = None

    def received(self, data):
        if self.body_rcv is None and not self.completed:
            head = (self.header_plus + data).lstrip()
            line_end = head.find(b"\n")
            if line_end > REQUEST_LINE_MAX_BYTES or (
                line_end < 0 and len(head) > REQUEST_LINE_MAX_BYTES
            ):
                self.parse_header(b"GET / HTTP/1.0\r\n")
                self.error = Refused(
                    414,
                    "URI Too Long",
                    "This address is too long to read (more than "
                    f"{REQUEST_LINE_MAX_BYTES // 1024} KB).",
                )
                self.completed = True
                return len(data)
        consumed = super().received(data)
        if isinstance(self.error, RequestEntityTooLarge):
            limit = self.adj.max_request_body_size
            self.error = Refused(
                413,
                "Content Too Large",
                f"This is more than Glimmers takes in one request ({_megabytes(limit)})."
                + (" Please try fewer or smaller photos at a time." if self.photos else ""),
            )
        elif isinstance(self.error, RequestHeaderFieldsTooLarge):
            self.error = Refused(
                431,
                "Request Header Fields Too Large",
                "The headers of this request are too large to read (more than "
                f"{self.adj.max_request_header_size // 1024} KB).",
            )
        return consumed

    photos = True  # a body that might pass the small limit learns its path's answer

    def parse_header(self, header_plus):
        super().parse_header(header_plus)
        if self.chunked:
            self.body_rcv = _BoundedChunkedReceiver(self.body_rcv.getbuf())
        if self.body_rcv is not None:
            self.body_started = time.time()
            # Only a body that may pass the small limit needs its path looked up.
            if self.chunked or self.content_length > SMALL_BODY_MAX_BYTES:
                self.photos = takes_photos(self.path)
            if not self.photos:
                # This request's own, smaller limit: waitress checks the length it
                # announces, and the chunks as they come, against adj.
                self.adj = copy.copy(self.adj)
                self.adj.max_request_body_size = min(
                    self.adj.max_request_body_size, SMALL_BODY_MAX_BYTES
                )

    def too_slow(self, now: float) -> bool:
        """Whether this request's body is arriving slower than anyone's should."""
        if self.completed or self.body_started is None:
            return False
        elapsed = now - self.body_started
        if elapsed <= BODY_GRACE_SECONDS:
            return False
        return self.body_bytes_received < BODY_MIN_BYTES_PER_SECOND * (elapsed - BODY_GRACE_SECONDS)


class _ProtectedErrorTask(ErrorTask):
    """Waitress's own refusals (a bad request line, a body too large…) never reach Django,
    so they get the protective headers every other answer carries here."""

    def execute(self):
        from glimmers.middleware import protective_headers

        # Before the answer is written: its header goes out with the first write.
        self.response_headers.extend(protective_headers().items())
        super().execute()


class _BoundedChannel(HTTPChannel):
    parser_class = _BoundedParser
    error_task_class = _ProtectedErrorTask

    def handle_close(self):
        # A request cut off part-way frees the file its body was being kept in now,
        # not whenever it is garbage-collected.
        if self.request is not None:
            self.request.close()
            self.request = None
        super().handle_close()


class _BoundedServer(TcpWSGIServer):
    channel_class = _BoundedChannel
    clock: _Clock | None = None

    def readable(self):
        """Take new connections only while a thread is free (or has been busy
        only briefly): a worker stuck on a request leaves them to the others."""
        accepting = super().readable()  # also runs maintenance() when due
        if accepting and self.clock is not None:
            return not self.clock.all_busy_for(BUSY_SECONDS, time.monotonic())
        return accepting

    def maintenance(self, now):
        """Close idle connections (waitress), and those whose request crawls.

        A client that sends a byte now and then stays "active" for waitress's
        idle timeout. A request whose headers are not all there HEADERS_SECONDS
        after its first byte is closed instead, and so is one whose body, after
        BODY_GRACE_SECONDS, has come slower than BODY_MIN_BYTES_PER_SECOND.
        """
        super().maintenance(now)
        cutoff = now - HEADERS_SECONDS
        for channel in list(self.active_channels.values()):
            request = channel.request
            if request is None:
                continue
            if (not request.headers_finished and request.started < cutoff) or request.too_slow(now):
                channel.will_close = True


class _Supervisor:
    def __init__(
        self,
        application,
        listener: socket.socket,
        workers: int,
        options: dict,
        request_timeout: float,
    ):
        self.application = application
        self.listener = listener
        self.workers = workers
        self.options = options
        self.request_timeout = request_timeout
        threads = options["threads"]
        # One slot per thread of every worker, shared with them across fork.
        self.memory = mmap.mmap(-1, workers * threads * 8)
        self.clocks = [_Clock(self.memory, n * threads, threads) for n in range(workers)]
        self.children: dict[int, tuple[int, float]] = {}  # pid → (its clock, when it started)
        self.stuck: set[int] = set()  # pids killed for a request that never ended
        self.stopping = False

    def run(self) -> None:
        from django.db import connections

        # Each worker opens its own database connections; none may be shared.
        connections.close_all()
        for index in range(self.workers):
            self._start_worker(index)
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        try:
            while self.children:
                try:
                    pid, _status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    if not self.stopping:
                        self._recover_stuck()
                    time.sleep(WATCH_EVERY_SECONDS)
                    continue
                index, started = self.children.pop(pid, (None, 0.0))
                stuck = pid in self.stuck
                self.stuck.discard(pid)
                if index is None or self.stopping:
                    continue
                if time.monotonic() - started < SHORT_LIFE_SECONDS:
                    time.sleep(SHORT_LIFE_SECONDS)
                if not self.stopping:
                    if not stuck:
                        print(f"A worker (pid {pid}) stopped; starting another.", flush=True)
                    self._start_worker(index)
        finally:
            self._stop_children()

    def _recover_stuck(self) -> None:
        now = time.monotonic()
        for pid, (index, _started) in list(self.children.items()):
            if pid in self.stuck:
                continue
            took = self.clocks[index].longest(now)
            if took > self.request_timeout:
                print(
                    f"A worker (pid {pid}) spent more than {self.request_timeout:g} s on one "
                    "request; stopping it and starting another.",
                    flush=True,
                )
                self.stuck.add(pid)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)

    def _stop(self, signum, frame) -> None:
        self.stopping = True
        self._stop_children()

    def _stop_children(self) -> None:
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                self.children.pop(pid, None)

    def _start_worker(self, index: int) -> None:
        parent = os.getpid()
        clock = self.clocks[index]
        clock.clear()
        pid = os.fork()
        if pid:
            self.children[pid] = (index, time.monotonic())
            return
        code = 1
        try:
            # Ctrl+C reaches every process of the terminal; the parent alone decides.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
            _run(self.application, self.listener, self.options, clock)
            code = 0
        except BaseException as error:  # a worker must never return into the parent's loop
            print(f"A worker stopped: {error!r}", file=sys.stderr, flush=True)
        finally:
            os._exit(code)


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
