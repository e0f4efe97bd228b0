"""Your data: `glimmers export` and `glimmers import` at 100,000 glimmers, time and peak memory.

Every operation is a fresh process running the command line, exactly as a
person types it (`glimmers export --format json -o FILE`, `glimmers import
FILE`), against a real database: SQLite in a throwaway data folder, or
PostgreSQL when GLIMMERS_DATABASE_URL is set (a throwaway database beside
it, made and dropped). For each one this prints its wall time and its peak
resident memory (the kernel's high-water mark for that one child process,
``ru_maxrss`` from ``os.wait4``: Python's own allocations, the C libraries'
(Pango, SQLite, psycopg) and the interpreter itself, all counted), beside a
floor measured the same way in the same run: a process that only runs
``django.setup()`` with Glimmers' settings. "Over the floor" is what the
operation itself cost.

The journals come from `glimmers seed-demo`'s code (ten years, one photo in
a hundred glimmers). Exports: JSON, CSV and Markdown of the whole 100,000;
the PDF scrapbook of 1,000 and 10,000 (a printed book of 100,000 glimmers
would be some 30,000 pages; see docs/decisions.md, "The PDF scrapbook").
Imports, each into its own empty account: a jrnl text file and a Daylio CSV
of 100,000 entries made here, and the Glimmers JSON just exported.

A format whose command has not landed yet is listed as not measured, with
the reason the command gave.

    .venv/bin/python benchmarks/yourdata.py [--size 100000] [--pdf-sizes 1000,10000] [--quick]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from machine import machine_markdown
from pages import drop_database, setup_environment

FLOOR_CODE = "import django\ndjango.setup()\n"
EXPORTS = ["json", "csv", "markdown"]
SUFFIX = {"json": "json", "csv": "csv", "markdown": "zip", "pdf": "pdf"}
WORDS = (
    "warm light on the kitchen wall, the first sip of coffee, a dog leaning on my leg, "
    "a stranger's real smile, rain on the window, bread from the oven, my sister laughing, "
    "the sea at dusk, a song from school, cold water on my face, a heron by the river"
).split(", ")
MOODS = ["rad", "good", "meh", "bad", "awful"]
ACTIVITIES = ["family", "friends", "walk", "reading", "cooking", "music", "sleep early"]


@dataclass
class Run:
    label: str
    size: str
    seconds: float
    peak_mb: float
    output: str
    ok: bool
    note: str = ""


# Runs one command and reports its wall time and peak RSS. It is a small process
# of its own because Linux gives a child the high-water mark of the process it was
# forked from: measured straight from this one (which holds the seeded journals),
# every command "peaked" at this process's size.
LAUNCHER = """
import json, os, subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
err = process.stderr.read().decode("utf-8", "replace")
_, status, usage = os.wait4(process.pid, 0)
seconds = time.perf_counter() - started
last = next((line for line in reversed(err.strip().splitlines()) if line.strip()), "")
code = os.waitstatus_to_exitcode(status)
print(json.dumps([seconds, usage.ru_maxrss / 1024, code, last]))  # ru_maxrss: KB on Linux
"""


def child(command: list[str]) -> tuple[float, float, int, str]:
    """Run ``command``; its wall seconds, peak RSS in MB, exit code and stderr's last line."""
    answer = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *command],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=True,
    )
    seconds, peak, code, last = json.loads(answer.stdout)
    return seconds, peak, code, last


def glimmers(*args: str) -> list[str]:
    return [sys.executable, "-m", "glimmers", *args]


def measure_floor(runs: int) -> tuple[float, float]:
    samples = [child([sys.executable, "-c", FLOOR_CODE]) for _ in range(runs)]
    for _seconds, _peak, code, err in samples:
        if code:
            raise SystemExit(f"the floor process failed: {err}")
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def size_of(path: Path) -> str:
    if not path.exists():
        return "—"
    size = path.stat().st_size
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def export(fmt: str, user: str, count: int, folder: Path, extra: tuple[str, ...] = ()) -> Run:
    out = folder / f"{user}.{SUFFIX[fmt]}"
    command = glimmers("export", "--format", fmt, "-o", str(out), "--user", user, *extra)
    seconds, peak, code, err = child(command)
    return Run(
        f"export {fmt}", f"{count:,}", seconds, peak, size_of(out), code == 0, err if code else ""
    )


def import_file(label: str, path: Path, user: str, count: int, fmt: str) -> Run:
    from glimmers.journal.models import Glimmer

    command = glimmers("import", str(path), "--format", fmt, "--user", user)
    seconds, peak, code, err = child(command)
    brought = Glimmer.objects.filter(owner__username=user).count()
    note = err if code else ("" if brought == count else f"{brought:,} of {count:,} came in")
    return Run(f"import {label}", f"{count:,}", seconds, peak, size_of(path), code == 0, note)


def first_moment(count: int) -> datetime:
    """Where a made-up journal of ``count`` entries starts, an hour apart on average, so
    that its last entry is still in the past (Glimmers refuses moments in the future)."""
    return datetime(2025, 12, 1, 7, 0) - timedelta(hours=count)


def jrnl_text(path: Path, count: int, rng: random.Random) -> None:
    """jrnl's own text file: ``[2024-05-01 08:15:00 AM] Title.`` then a body, a blank line."""
    moment = first_moment(count)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            moment += timedelta(minutes=rng.randint(30, 90))
            title = rng.choice(WORDS).capitalize()
            star = " *" if n % 50 == 0 else ""
            out.write(f"[{moment:%Y-%m-%d %I:%M:%S %p}] {title}.{star}\n")
            out.write(f"It was {rng.choice(WORDS)} @entry{n % 7} (number {n}).\n\n")


def daylio_csv(path: Path, count: int, rng: random.Random) -> None:
    """Daylio's CSV export, newest first as Daylio writes it, every row with a note."""
    moment = first_moment(count)
    rows = []
    for n in range(count):
        moment += timedelta(minutes=rng.randint(30, 90))
        rows.append(
            [
                f"{moment:%Y-%m-%d}",
                f"{moment:%B} {moment.day}",
                f"{moment:%A}",
                f"{moment:%I:%M %p}",
                rng.choice(MOODS),
                " | ".join(rng.sample(ACTIVITIES, rng.randint(0, 3))),
                "",
                f"{rng.choice(WORDS).capitalize()}<br>number {n}",
            ]
        )
    rows.reverse()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        header = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title"]
        writer.writerow([*header, "note"])
        writer.writerows(rows)


def show(run: Run, floor_seconds: float, floor_mb: float) -> None:
    if not run.ok:
        print(f"| {run.label} | {run.size} | not measured | | | | {run.note} |", flush=True)
        return
    print(
        f"| {run.label} | {run.size} | {run.seconds:.1f} | {run.peak_mb:.0f} | "
        f"{run.peak_mb - floor_mb:+.0f} | {run.output} | {run.note} |",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="glimmers to export and import")
    parser.add_argument("--pdf-sizes", default="1000,10000", help="glimmers in each PDF")
    parser.add_argument("--floor-runs", type=int, default=5)
    parser.add_argument(
        "--only", choices=["exports", "pdf", "imports"], help="measure just this part"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    args = parser.parse_args()
    if args.quick:
        args.size, args.pdf_sizes, args.floor_runs = 2_000, "200", 3
    pdf_sizes = [int(s) for s in args.pdf_sizes.split(",") if s]

    setup_environment()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from glimmers.accounts.services import create_account
    from glimmers.journal.demo import seed_demo

    folder = Path(os.environ["GLIMMERS_DATA_DIR"]) / "bench-yourdata"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        call_command("migrate", verbosity=0)
        print(f"## Your data: export and import — {connection.vendor}\n")
        print(machine_markdown())
        started = time.perf_counter()
        wanted = {args.only} if args.only else {"exports", "pdf", "imports"}
        if "pdf" not in wanted:
            pdf_sizes = []
        # Importing Glimmers' JSON needs the 100,000 exported first.
        size = args.size if wanted & {"exports", "imports"} else 0
        made = seed_demo(glimmers=size, username="reader", seed=args.size) if size else None
        for size in pdf_sizes:
            seed_demo(glimmers=size, username=f"book{size}", seed=size, photos=0.05)
        for name in ("jrnl", "daylio", "json"):
            create_account(username=f"into-{name}", password=None, time_zone="Europe/Kyiv")
        print(f"Journals made in {time.perf_counter() - started:.0f} s:", end="")
        if made:
            print(f" {made.glimmers:,} glimmers ({made.photos:,} photos) to export;", end="")
        if pdf_sizes:
            books = ", ".join(f"{s:,}" for s in pdf_sizes)
            print(f" PDF books of {books} glimmers (one photo in twenty).", end="")
        print("\n")
        connection.close()  # the children have the database to themselves

        floor_seconds, floor_mb = measure_floor(args.floor_runs)
        print(
            f"Floor (median of {args.floor_runs}): `django.setup()` with Glimmers' settings, "
            f"{floor_seconds:.2f} s, {floor_mb:.0f} MB peak RSS.\n"
        )
        print("Wall time of the whole command; peak RSS of its process (os.wait4's ru_maxrss).\n")
        print("| operation | glimmers | wall s | peak MB | over floor MB | file | note |")
        print("|---|---:|---:|---:|---:|---:|---|")
        runs = []
        for fmt in EXPORTS if made else []:
            runs.append(export(fmt, "reader", made.glimmers, folder))
            show(runs[-1], floor_seconds, floor_mb)
        for size in pdf_sizes:
            runs.append(export("pdf", f"book{size}", size, folder))
            show(runs[-1], floor_seconds, floor_mb)
        if "imports" in wanted:
            runs += imports(args.size, made, folder, floor_seconds, floor_mb)
        missing = [run for run in runs if not run.ok]
        if missing:
            print("\nNot measured: " + "; ".join(f"{r.label} ({r.note})" for r in missing))
    finally:
        drop_database()
    return 0


def imports(size: int, made, folder: Path, floor_seconds: float, floor_mb: float) -> list[Run]:
    """jrnl's text file, Daylio's CSV and Glimmers' own JSON, each into an empty account."""
    rng = random.Random(17)
    jrnl_path, daylio_path = folder / "journal.txt", folder / "daylio_export.csv"
    jrnl_text(jrnl_path, size, rng)
    daylio_csv(daylio_path, size, rng)
    runs = []
    for label, path, fmt in [
        ("jrnl text", jrnl_path, "jrnl"),
        ("Daylio CSV", daylio_path, "daylio"),
    ]:
        runs.append(import_file(label, path, f"into-{fmt}", size, fmt))
        show(runs[-1], floor_seconds, floor_mb)
    own = folder / "reader.json"  # the JSON export above (a ZIP when there are photos)
    if own.exists():
        runs.append(import_file("Glimmers JSON", own, "into-json", made.glimmers, "glimmers"))
    else:
        runs.append(Run("import Glimmers JSON", f"{size:,}", 0, 0, "—", False, "no export"))
    show(runs[-1], floor_seconds, floor_mb)
    return runs


if __name__ == "__main__":
    sys.exit(main())
