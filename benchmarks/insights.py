"""Server time of the Insights page for one person with 100,000 glimmers over ten years.

Runs in-process through Django's test client against a real database file
(SQLite in a throwaway data folder, or PostgreSQL when GLIMMERS_DATABASE_URL
is set — then a throwaway database beside it is created and dropped, as in
journal_pages.py). Each range is requested repeatedly; the median and p99 of
the server time are printed. The target is under 300 ms for every range.
Nothing here asserts; it measures.

    .venv/bin/python benchmarks/insights.py [--glimmers 100000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.journal_pages import _drop_database, _setup_environment, seed, timed

RANGES = {
    "this week": "?range=week",
    "this month": "?range=month",
    "this year": "?range=year",
    "all time": "?range=all",
    "custom: the last two years": None,  # filled in once "today" is known
}


def add_texture(owner, rng: random.Random) -> None:
    """What seed() leaves out and Insights draws: anchoring, hard moments, a sense of one's own."""
    from glimmers.journal.models import Glimmer, Sense, Trigger, stamp_local_time

    # A quarter of the glimmers were stayed with, for 10 to 90 seconds.
    ids = list(Glimmer.objects.filter(owner=owner).values_list("id", flat=True))
    anchored = rng.sample(ids, len(ids) // 4)
    for start in range(0, len(anchored), 5000):
        chunk = anchored[start : start + 5000]
        Glimmer.objects.filter(id__in=chunk).update(anchored_seconds=rng.choice([10, 15, 30, 60]))
    # A few hundred hard moments over the same ten years.
    now = datetime.now(UTC)
    triggers = []
    for _ in range(600):
        trigger = Trigger(
            owner=owner,
            text="A hard moment",
            occurred_at=now - timedelta(seconds=rng.randint(0, 10 * 365 * 86400)),
        )
        stamp_local_time(trigger, owner, trigger.occurred_at)
        triggers.append(trigger)
    Trigger.objects.bulk_create(triggers)
    Sense.objects.create(owner=owner, slug="water", name="water")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glimmers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    own_folder = "GLIMMERS_DATA_DIR" not in os.environ
    _setup_environment()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from glimmers.accounts.services import create_account
    from glimmers.journal.queries import local_today

    try:
        call_command("migrate", verbosity=0)
        owner = create_account(
            username="bench", password="bench-pass-123456", time_zone="Europe/Kyiv"
        )
        rng = random.Random(7)
        seed(owner, args.glimmers, rng)
        add_texture(owner, rng)
        vendor = connection.vendor
        if vendor == "postgresql":
            # A settled database: what autovacuum leaves behind after a big import.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        today = local_today(owner)
        RANGES["custom: the last two years"] = (
            f"?since={today.replace(year=today.year - 2).isoformat()}&until={today.isoformat()}"
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(owner)
        print(
            f"# Insights — {vendor}, {args.glimmers:,} glimmers over ten years, "
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{datetime.now(UTC):%Y-%m-%d}"
        )
        print()
        print("| range | median ms | p99 ms | page KB |")
        print("|---|---:|---:|---:|")
        for label, query in RANGES.items():
            url = f"/insights/{query}"
            size = len(client.get(url).content)  # warm up: templates, the OS's file cache

            def fetch(url=url):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            median, p99 = timed(fetch, args.repeat)
            print(f"| {label} | {median:.1f} | {p99:.1f} | {size // 1024} |")
            sys.stdout.flush()
        url = "/insights/summary/?range=all"
        median, p99 = timed(lambda: client.get(url), args.repeat)
        print(
            f"| printable summary, all time | {median:.1f} | {p99:.1f} | "
            f"{len(client.get(url).content) // 1024} |"
        )
    finally:
        _drop_database()
        if own_folder:  # the throwaway SQLite journal is over 100 MB
            from django.db import connections

            connections.close_all()
            shutil.rmtree(os.environ["GLIMMERS_DATA_DIR"], ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
