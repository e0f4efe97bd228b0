"""Server time of the journal's busiest pages at 1,000 / 10,000 / 100,000 glimmers.

Runs in-process through Django's test client against a real database file
(SQLite in a throwaway data folder, or PostgreSQL when GLIMMERS_DATABASE_URL
is set — then a throwaway database beside it is created and dropped). Prints
medians and p99s of repeated requests; nothing here asserts, it measures.

    .venv/bin/python benchmarks/journal_pages.py [--sizes 1000,10000,100000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

WORDS = (
    "light sea coffee rain birdsong warmth laugh window garden tea bread river moss "
    "bench sun dog cat neighbour music bell snow leaves candle friend blanket walk"
).split()
TAGS = ["morning", "walk", "home", "work", "family", "sea", "music", "food"]


def _setup_environment() -> None:
    os.environ.setdefault("GLIMMERS_DATA_DIR", tempfile.mkdtemp(prefix="glimmers-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    base_url = os.environ.get("GLIMMERS_DATABASE_URL")
    if base_url:
        # Never touch the configured database: bench in a fresh one beside it.
        import psycopg

        name = f"glimmers_bench_{os.getpid()}"
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["GLIMMERS_DATABASE_URL"] = base_url.rsplit("/", 1)[0] + "/" + name
        os.environ["GLIMMERS_BENCH_DROP"] = f"{base_url}|{name}"


def _drop_database() -> None:
    target = os.environ.get("GLIMMERS_BENCH_DROP")
    if not target:
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    base_url, name = target.split("|")
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(owner, count: int, rng: random.Random) -> None:
    """Add ``count`` glimmers over ten years, with senses, tags, people and values."""
    from glimmers.journal.models import Glimmer, Person, Sense, Tag, Value, stamp_local_time

    senses = list(Sense.objects.filter(owner=None))
    people = [Person.objects.get_or_create(owner=owner, name=n)[0] for n in ("Mum", "Ivan", "Ana")]
    values = [Value.objects.get_or_create(owner=owner, name=n)[0] for n in ("Nature", "Family")]
    tags = {name: Tag.objects.get_or_create(owner=owner, name=name)[0] for name in TAGS}
    now = datetime.now(UTC)
    batch = 5000
    for start in range(0, count, batch):
        rows = []
        for _ in range(min(batch, count - start)):
            tag = rng.choice(TAGS)
            text = " ".join(rng.choices(WORDS, k=rng.randint(4, 14))) + f" #{tag}"
            rows.append(
                Glimmer(
                    owner=owner,
                    text="" if rng.random() < 0.1 else text,
                    noticed_at=now - timedelta(seconds=rng.randint(0, 10 * 365 * 86400)),
                    state_before=rng.choice(["", "mobilized", "shutdown"]),
                    state_after=rng.choice(["", "safe", "safe", "unsure"]),
                    place=rng.choice(["", "", "Kitchen", "Park", "Office"]),
                )
            )
        for row in rows:  # bulk_create skips save(), which stamps these
            stamp_local_time(row, owner, row.noticed_at)
        Glimmer.objects.bulk_create(rows)
        through_sense = Glimmer.senses.through
        through_tag = Glimmer.tags.through
        through_person = Glimmer.people.through
        through_value = Glimmer.values.through
        through_sense.objects.bulk_create(
            through_sense(glimmer_id=g.id, sense_id=rng.choice(senses).id) for g in rows
        )
        through_tag.objects.bulk_create(
            through_tag(glimmer_id=g.id, tag_id=tags[g.text.rsplit("#", 1)[1]].id)
            for g in rows
            if g.text
        )
        through_person.objects.bulk_create(
            through_person(glimmer_id=g.id, person_id=rng.choice(people).id)
            for g in rows
            if rng.random() < 0.3
        )
        through_value.objects.bulk_create(
            through_value(glimmer_id=g.id, value_id=rng.choice(values).id)
            for g in rows
            if rng.random() < 0.3
        )


def timed(fn, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]
    return statistics.median(samples), p99


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    _setup_environment()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from glimmers.accounts.services import create_account
    from glimmers.journal.models import Glimmer
    from glimmers.journal.queries import encode_cursor

    try:
        call_command("migrate", verbosity=0)
        owner = create_account(username="bench", password="bench-pass-123456", time_zone="UTC")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(owner)
        rng = random.Random(7)
        vendor = connection.vendor
        print(
            f"# Journal pages — {vendor}, {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {datetime.now(UTC):%Y-%m-%d}"
        )
        print()
        print("| glimmers | page | median ms | p99 ms |")
        print("|---:|---|---:|---:|")
        have = 0
        for size in sizes:
            seed(owner, size - have, rng)
            have = size
            if vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            middle = Glimmer.objects.filter(owner=owner).order_by("-noticed_at")[size // 2]
            pages = {
                "timeline, first page": "/journal/",
                "timeline, a page deep in the past": f"/journal/?after={encode_cursor(middle)}",
                "search 'coffee'": "/journal/?q=coffee",
                "search 'sea bread'": "/journal/?q=sea+bread",
                "filter tag=walk": "/journal/?tag=walk",
                "filter sense=sound": "/journal/?sense=sound",
                "capture page": "/",
            }
            for label, url in pages.items():

                def fetch(url=url):
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)

                median, p99 = timed(fetch, args.repeat)
                print(f"| {size:,} | {label} | {median:.1f} | {p99:.1f} |")
            counter = iter(range(10**9))

            def capture(counter=counter):
                response = client.post("/", {"text": f"bench capture {next(counter)} #bench"})
                assert response.status_code == 302, response.status_code

            median, p99 = timed(capture, args.repeat)
            have += args.repeat
            print(f"| {size:,} | capture (POST /) | {median:.1f} | {p99:.1f} |")
            sys.stdout.flush()
    finally:
        _drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
