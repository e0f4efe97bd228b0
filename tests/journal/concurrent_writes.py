"""Run by test_concurrent_writes.py, in its own process and its own database.

Two threads save glimmers for the same person at once, with the same tags in
opposite orders ("#a #b … #f" and "#f #e … #a") on different days of one
month, so that their writes count into the same monthly-count rows in
opposite orders. Prints, as JSON, how many saves failed and why.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from datetime import UTC, datetime, timedelta

import django

SAVES = int(sys.argv[1]) if len(sys.argv) > 1 else 60


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from glimmers.accounts.services import create_account
    from glimmers.journal import services

    owner = create_account(username="olena", password="a long enough password", time_zone="UTC")
    tags = [f"#t{n}" for n in range(8)]
    errors: list[str] = []
    start = threading.Barrier(2)

    def write(order: list[str], day: int) -> None:
        start.wait()
        try:
            for n in range(SAVES):
                moment = datetime(2025, 3, day, 12, tzinfo=UTC) + timedelta(seconds=n)
                try:
                    services.save_glimmer(owner, {"text": " ".join(order), "noticed_at": moment})
                except Exception as error:  # counted and reported below
                    errors.append(type(error.__cause__ or error).__name__)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=write, args=(tags, 3)),
        threading.Thread(target=write, args=(tags[::-1], 20)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    json.dump({"errors": errors, "glimmers": services.Glimmer.objects.count()}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
