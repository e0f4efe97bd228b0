"""Server time of the busiest pages: journal, search, Insights, at 1k / 10k / 100k glimmers.

Runs in-process through Django's WSGI handler against a real database (SQLite
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
import gc
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


def as_served() -> None:
    """What this process loaded is frozen, as `glimmers serve` freezes what it
    loads before its workers start: Python's full collections then pass over it
    (the seeding's leftovers too, which a server does not have)."""
    gc.collect()
    gc.freeze()


def measure(owner, size_label: str, repeat: int, rows: list) -> None:
    settle()
    ask = signed_in_handler(owner)
    for label, (kind, url) in pages_for(owner).items():

        def fetch(url=url):
            status = ask(url)
            if status != 200:
                raise SystemExit(f"{url} answered {status}")

        median, p99 = timed(fetch, repeat)
        rows.append((size_label, kind, label, median, p99))
        print(f"| {size_label} | {label} | {median:.1f} | {p99:.1f} |", flush=True)


def signed_in_handler(owner):
    """GET a URL as ``owner`` through Django's WSGI handler, as a server calls it.

    Not through the test client: it connects two signal receivers on every
    request whose weak references are never freed (three objects a request),
    so over a run the heap grew and Python's full collections, 20–35 ms each,
    landed in the p99s — the harness's cost, not the server's.
    """
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client, RequestFactory

    login = Client(HTTP_HOST="127.0.0.1")
    login.force_login(owner)
    cookie = f"{settings.SESSION_COOKIE_NAME}={login.cookies[settings.SESSION_COOKIE_NAME].value}"
    handler, factory = WSGIHandler(), RequestFactory(HTTP_HOST="127.0.0.1", HTTP_COOKIE=cookie)

    def ask(url: str) -> int:
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"] = int(status.split()[0])

        response = handler(factory.get(url).environ, start_response)
        b"".join(response)
        response.close()
        return answer["status"]

    return ask


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
        print("Server time in ms, in-process (Django's WSGI handler), wall clock.\n")
        print("| journal | page | median ms | p99 ms |")
        print("|---|---|---:|---:|")
        rows: list[tuple] = []
        for size in sizes:
            made = seed_demo(glimmers=size, username=f"solo{size}", seed=size)
            as_served()
            measure(made.users[0], f"{size:,} glimmers", args.repeat, rows)
        if args.hosted != "0":
            people, each = (int(n) for n in args.hosted.split("x"))
            made = seed_demo(glimmers=each, people=people, username="host", seed=11)
            as_served()
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
