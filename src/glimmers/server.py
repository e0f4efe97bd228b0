"""`glimmers serve`: waitress, in one process or in several that share one socket.

Python runs one thread of a process at a time, so one process uses one core
however many threads it has. With ``workers`` above 1 (on systems with
``fork``), the parent binds the address once, forks that many worker
processes that each run waitress on the shared socket, and then only watches
them: a worker that dies is started again, and Ctrl+C or SIGTERM stops them
all. A worker whose parent has gone (killed outright) stops by itself.

Workers share nothing but the database: SQLite writers take turns on a lock
file beside the database (journal.services.sqlite_writer), and the API rate
limit counts per worker (api/auth.py says why that is fine).
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time

import waitress

# A worker that dies sooner than this after starting is failing, not unlucky:
# wait a little before starting it again, so a broken set-up doesn't spin.
SHORT_LIFE_SECONDS = 2.0


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


def serve(application, *, host: str, port: int, threads: int, workers: int) -> None:
    options = {"threads": threads, "ident": "glimmers", "_quiet": True}
    if workers <= 1 or not hasattr(os, "fork"):
        waitress.serve(application, host=host, port=port, **options)
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.create_server((host, port), family=family, backlog=1024)
    _Supervisor(application, listener, workers, options).run()


class _Supervisor:
    def __init__(self, application, listener: socket.socket, workers: int, options: dict):
        self.application = application
        self.listener = listener
        self.workers = workers
        self.options = options
        self.children: dict[int, float] = {}  # pid → when it started
        self.stopping = False

    def run(self) -> None:
        from django.db import connections

        # Each worker opens its own database connections; none may be shared.
        connections.close_all()
        for _ in range(self.workers):
            self._start_worker()
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        try:
            while self.children:
                try:
                    pid, _status = os.wait()
                except ChildProcessError:
                    break
                except InterruptedError:
                    continue
                started = self.children.pop(pid, None)
                if started is None or self.stopping:
                    continue
                if time.monotonic() - started < SHORT_LIFE_SECONDS:
                    time.sleep(SHORT_LIFE_SECONDS)
                if not self.stopping:
                    print(f"A worker (pid {pid}) stopped; starting another.", flush=True)
                    self._start_worker()
        finally:
            self._stop_children()

    def _stop(self, signum, frame) -> None:
        self.stopping = True
        self._stop_children()

    def _stop_children(self) -> None:
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                self.children.pop(pid, None)

    def _start_worker(self) -> None:
        parent = os.getpid()
        pid = os.fork()
        if pid:
            self.children[pid] = time.monotonic()
            return
        code = 1
        try:
            # Ctrl+C reaches every process of the terminal; the parent alone decides.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
            waitress.serve(self.application, sockets=[self.listener], **self.options)
            code = 0
        except BaseException as error:  # a worker must never return into the parent's loop
            print(f"A worker stopped: {error!r}", file=sys.stderr, flush=True)
        finally:
            os._exit(code)


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
