"""Run by test_writer_lock.py, in its own process and its own SQLite database.

The parent takes the SQLite writer lock once (so its lock file is open when
it forks, as `glimmers serve --workers` does after migrating), then forks
three processes that each save glimmers inside ``sqlite_writer.held()`` and
note when they held it. Prints, as JSON, the held intervals and the rows made.
"""

from __future__ import annotations

import json
import os
import sys
import time

import django

ROUNDS = 5


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    from glimmers.accounts.services import create_account
    from glimmers.journal import services
    from glimmers.journal.models import Glimmer

    owner = create_account(username="olena", password="a long enough password", time_zone="UTC")
    with services.sqlite_writer.held():
        pass
    connections.close_all()
    read, write = os.pipe()
    children = []
    for worker in range(3):
        pid = os.fork()
        if pid == 0:
            os.close(read)
            held = []
            for n in range(ROUNDS):
                with services.sqlite_writer.held():
                    began = time.monotonic()
                    Glimmer.objects.create(owner=owner, text=f"worker {worker}, round {n}")
                    time.sleep(0.03)  # long enough for another process to barge in
                    held.append((began, time.monotonic()))
            os.write(write, (json.dumps(held) + "\n").encode())
            os._exit(0)
        children.append(pid)
    os.close(write)
    with os.fdopen(read) as lines:
        intervals = [tuple(pair) for line in lines for pair in json.loads(line)]
    codes = [os.waitpid(pid, 0)[1] for pid in children]
    print(json.dumps({"intervals": intervals, "codes": codes, "rows": Glimmer.objects.count()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
