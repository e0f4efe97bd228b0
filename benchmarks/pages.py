"""Server time of the busiest pages: journal, search, Insights, at 1k / 10k / 100k glimmers.

Runs in-process through Django's test client against a real database (SQLite
in a throwaway data folder, or PostgreSQL when GLIMMERS_DATABASE_URL is set:
then a throwaway database beside it is made and dropped). Journals come from
`glimmers seed-demo`'s code: one person with each size of journal over ten
years, and a hosted-style instance of 1,000 people with 100 glimmers each,
all in the same database. Every page is asked for --repeat times; medians and
p99s of the wall time are printed, and whether the targets hold at 100,000:
timeline p99 < 100 ms, search p99 < 50 ms, Insights < 300 ms for every range.
Nothing here asserts; it measures.

    .venv/bin/python benchmarks/pages.py [--sizes 1000,10000,100000] [--repeat 100] [--quick]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

from machine import machine_markdown

SEARCHES = {
    "search 'light' (common)": "light",
    "search 'warm light' (two words)": "warm light",
    "search 'heron' (about 1 in 100)": "heron",
    "search 'quokka' (no match)": "quokka",
}
INSIGHT_RANGES = ["week", "month", "year", "all"]
TARGETS = {"timeline": 100.0, "search": 50.0, "insights": 300.0}


def setup_environment() -> None:
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


def drop_database() -> None:
    target = os.environ.get("GLIMMERS_BENCH_DROP")
    if not target:
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    base_url, name = target.split("|")
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def timed(fetch, repeat: int) -> tuple[float, float]:
    fetch()  # warm: templates, the database's cache
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fetch()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]
    return statistics.median(samples), p99


def pages_for(owner) -> dict[str, tuple[str, str]]:
    """label -> (kind, url) for one person's journal."""
    from urllib.parse import quote_plus

    from glimmers.journal.models import Glimmer
    from glimmers.journal.queries import encode_cursor, local_today

    count = Glimmer.objects.filter(owner=owner).count()
    middle = Glimmer.objects.filter(owner=owner).order_by("-noticed_at", "-id")[count // 2]
    pages = {
        "timeline, first page": ("timeline", "/journal/"),
        "timeline, halfway back": ("timeline", f"/journal/?after={encode_cursor(middle)}"),
        "timeline, tag filter": ("timeline", "/journal/?tag=morning"),
    }
    for label, words in SEARCHES.items():
        pages[label] = ("search", f"/journal/?q={quote_plus(words)}")
    for name in INSIGHT_RANGES:
        pages[f"insights, {name}"] = ("insights", f"/insights/?range={name}")
    today = local_today(owner)
    two_years = f"since={today.replace(year=today.year - 2).isoformat()}&until={today.isoformat()}"
    pages["insights, custom: two years"] = ("insights", f"/insights/?{two_years}")
    pages["insights summary, all time"] = ("summary", "/insights/summary/?range=all")
    pages["today"] = ("other", "/")
    return pages


def settle() -> None:
    """What autovacuum leaves behind after a big import, so plans are a lived-in journal's."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def measure(owner, size_label: str, repeat: int, rows: list) -> None:
    from django.test import Client

    settle()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(owner)
    for label, (kind, url) in pages_for(owner).items():

        def fetch(url=url):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")

        median, p99 = timed(fetch, repeat)
        rows.append((size_label, kind, label, median, p99))
        print(f"| {size_label} | {label} | {median:.1f} | {p99:.1f} |", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    # A hundred samples: with thirty, the "p99" was simply the slowest one.
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--hosted", default="1000x100", help="PEOPLExGLIMMERS, or 0 to skip")
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.repeat, args.hosted = "300,2000", 5, "20x50"
    sizes = [int(s) for s in args.sizes.split(",")]

    setup_environment()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from glimmers.journal.demo import seed_demo

    try:
        call_command("migrate", verbosity=0)
        print(f"## Pages — {connection.vendor}\n")
        print(machine_markdown())
        print("Server time in ms, in-process (Django's test client), wall clock.\n")
        print("| journal | page | median ms | p99 ms |")
        print("|---|---|---:|---:|")
        rows: list[tuple] = []
        for size in sizes:
            made = seed_demo(glimmers=size, username=f"solo{size}", seed=size)
            measure(made.users[0], f"{size:,} glimmers", args.repeat, rows)
        if args.hosted != "0":
            people, each = (int(n) for n in args.hosted.split("x"))
            made = seed_demo(glimmers=each, people=people, username="host", seed=11)
            middle = made.users[len(made.users) // 2]
            measure(middle, f"hosted {people:,}×{each}", args.repeat, rows)
        largest = f"{max(sizes):,} glimmers"
        print(f"\nTargets at {largest}:\n")
        for kind, limit in TARGETS.items():
            figures = [r for r in rows if r[0] == largest and r[1] == kind]
            worst = max(figures, key=lambda r: r[4])
            verdict = "holds" if worst[4] < limit else "MISSED"
            measure_name = "p99" if kind != "insights" else "p99 (every range)"
            print(
                f"- {kind} {measure_name} under {limit:.0f} ms: **{verdict}** "
                f"(worst: {worst[2]}, {worst[4]:.1f} ms)"
            )
    finally:
        drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
