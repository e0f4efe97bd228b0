"""The one write transaction: every write to a person's journal or practice runs in ``writing``.

``with writing(owner):`` is ``transaction.atomic()`` plus what keeps writers
from getting in each other's way:

- On SQLite, the threads of one process queue on a lock before they begin,
  so the thread holding SQLite's single write lock is not kept waiting
  behind others that are only checking forms. Processes (several
  ``glimmers serve`` workers, the command line) meet at SQLite's own lock,
  taken at BEGIN (the transactions are IMMEDIATE) with the busy timeout
  (docs/decisions.md, "Serving: which server, and who queues the writers").
- On PostgreSQL, the writes of one person take a lock of that person's
  first. The database keeps Insights' monthly counts with triggers
  (journal/counts.py), and two writes of one person updating the same count
  rows in different orders ("#a #b" and "#b #a") could deadlock; queued on
  one lock per person, they cannot. Other people's writes run side by side.

Inside a transaction that is already open, it only opens a savepoint: the
write lock may already be ours, and waiting for it again could deadlock.

The advisory lock is the one statement written as SQL here: Django has no
API for it, and it reads no row (docs/decisions.md, "Insights: counted by
the database, by the month where it can").
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from django.db import connection, transaction

# PostgreSQL advisory lock class ("glmc") for one person's writes.
OWNER_LOCK_CLASS = 0x676C6D63

_sqlite_writer = threading.Lock()
_state = threading.local()


def in_writing() -> bool:
    """Whether this thread is inside ``writing`` (for tests that check every write is)."""
    return getattr(_state, "depth", 0) > 0


@contextlib.contextmanager
def _marked() -> Iterator[None]:
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        yield
    finally:
        _state.depth -= 1


@contextlib.contextmanager
def writing(owner=None) -> Iterator[None]:
    """A write transaction for ``owner``'s data (None: no one person's, e.g. a bulk seed)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic(), _marked():
            if owner is not None and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    key = owner.pk & 0x7FFFFFFF
                    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [OWNER_LOCK_CLASS, key])
            yield
        return
    with _sqlite_writer, transaction.atomic(), _marked():
        yield
