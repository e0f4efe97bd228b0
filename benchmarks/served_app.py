"""Glimmers' WSGI application for the serving benchmarks, with the writer queue optionally off.

``served_app:application`` is ``glimmers.wsgi.application``, for servers
other than `glimmers serve` (gunicorn, granian: benchmarks/serving.py starts
them with this folder on their path). ``python benchmarks/served_app.py serve
…`` runs `glimmers serve …` itself.

With ``BENCH_WRITER_QUEUE=off`` in the environment, SQLite writers in
different processes no longer queue on the ``flock`` of the lock file beside
the database (``journal.services.sqlite_writer``): each process's threads
still take turns, and the processes meet at SQLite's own lock, which every
write transaction takes at BEGIN (``transaction_mode`` IMMEDIATE) and waits
for up to the busy timeout. That was the "(e)" side of the A/B in
docs/decisions.md ("Serving: which server, and who queues the writers"),
which removed the lock file: on today's code it changes nothing, and it is
kept for measuring an older copy (``serving_ab.py``'s ``VARIANT@DIR``).
Nothing outside the benchmarks sets it.
"""

from __future__ import annotations

import os
import sys


def _writer_queue_off() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    django.setup()
    from glimmers.journal import services

    writer = getattr(services, "_SqliteWriter", None)
    if writer is not None:
        writer._descriptor = lambda self: None  # no lock file: the threads' lock alone


if os.environ.get("BENCH_WRITER_QUEUE") == "off":
    _writer_queue_off()

if __name__ == "__main__":
    from glimmers.cli import main

    sys.argv[0] = "glimmers"
    sys.exit(main())

from glimmers.wsgi import application  # noqa: E402

__all__ = ["application"]
