"""Whole-process time of `glimmers add`, and of jrnl's add, at 0 and at 100,000 entries.

Each run is a fresh process, exactly as a person would type it; a figure is
the median of several runs. Glimmers runs on SQLite in a throwaway data
folder (the command line is most used on a laptop), filled by
`glimmers seed-demo`. jrnl 4.6 is installed into a throwaway virtual
environment and gets the same glimmers, converted to its plain-text format
(`[YYYY-MM-DD HH:MM] text`, entries apart by a blank line, #tags kept as
tags). A jrnl add reads and rewrites its whole file, and jrnl 4.6 also counts
all its tags in time that grows with their number squared, so at 100,000
entries one add takes minutes: it gets fewer runs there (--jrnl-runs). A
second jrnl series reads the same file with `@` as its tag symbol (our #tags
are then plain words to it), to show its cost without the tag count.
Everything lives in one throwaway folder, removed at the end.

Targets (issue #6): `glimmers add` at 100,000 within 10% of its time at 0,
and at least 20 times faster than jrnl at 100,000 entries.

    .venv/bin/python benchmarks/cli_add.py [--size 100000] [--runs 15] [--jrnl-runs 3]
    .venv/bin/python benchmarks/cli_add.py --quick     # 0 and 2,000 entries, 3 runs: a smoke test
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from machine import machine_markdown

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
GLIMMERS = BIN / "glimmers"
JRNL_VERSION = "4.6"
JRNL_TIME_FORMAT = "%Y-%m-%d %H:%M"
JRNL_ENTRY = re.compile(rb"^\[\d{4}-\d\d-\d\d \d\d:\d\d\] ", re.MULTILINE)


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------


def timed_runs(
    command: Callable[[int], list[str]], env: dict, runs: int, first: int
) -> list[float]:
    """Seconds for each of ``runs`` fresh processes of ``command(n)``."""
    samples = []
    for n in range(first, first + runs):
        started = time.perf_counter()
        subprocess.run(
            command(n),
            env=env,
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        samples.append(time.perf_counter() - started)
    return samples


def measure(label, command, env, runs: int, warm: int, count: Callable[[], int]) -> list[float]:
    """Warm up (disk cache, byte-code), time ``runs`` adds, and check each one was kept."""
    before = count()
    timed_runs(command, env, warm, first=0)
    samples = []
    for n in range(warm, warm + runs):  # one at a time, so a slow series shows it is alive
        samples += timed_runs(command, env, 1, first=n)
        print(f"  {label}, run {n - warm + 1} of {runs}: {samples[-1]:.3f} s", file=sys.stderr)
    added = count() - before
    if added != warm + runs:
        raise SystemExit(f"{label}: {warm + runs} adds ran but {added} entries were kept")
    return samples


# ---------------------------------------------------------------------------
# Glimmers
# ---------------------------------------------------------------------------


def glimmers_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLIMMERS_")}
    env["GLIMMERS_DATA_DIR"] = str(data_dir)
    return env


def glimmers_journal(root: Path, size: int, seed: int) -> tuple[dict, str]:
    """A fresh data folder with one account, `bench`, holding ``size`` demo glimmers."""
    data_dir = root / f"glimmers-{size}"
    env = glimmers_env(data_dir)
    made = subprocess.run(
        [str(GLIMMERS), "seed-demo", "--glimmers", str(size), "--username", "bench"]
        + ["--seed", str(seed)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return env, made.stdout.splitlines()[0]


def glimmer_count(env: dict) -> int:
    database = Path(env["GLIMMERS_DATA_DIR"]) / "glimmers.sqlite3"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return db.execute("SELECT count(*) FROM journal_glimmer").fetchone()[0]


def glimmers_add(n: int) -> list[str]:
    return [str(GLIMMERS), "add", f"Benchmark glimmer {n} #bench", "--sense", "sight"]


# ---------------------------------------------------------------------------
# jrnl
# ---------------------------------------------------------------------------


def install_jrnl(root: Path) -> Path:
    """jrnl in a virtual environment of its own, inside the throwaway folder."""
    venv = root / "jrnl-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", f"jrnl=={JRNL_VERSION}"],
        capture_output=True,
        text=True,
    )
    if pip.returncode:  # pip's own warnings are noise unless it failed
        sys.stderr.write(pip.stdout + pip.stderr)
        raise SystemExit(f"Could not install jrnl {JRNL_VERSION} (pip exited {pip.returncode}).")
    return venv / "bin" / "jrnl"


def jrnl_version(jrnl: Path) -> str:
    return subprocess.run(
        [str(jrnl.with_name("python")), "-c", "from jrnl import __version__; print(__version__)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def jrnl_setup(root: Path, jrnl: Path, name: str, tagsymbols: str = "#") -> tuple[dict, Path]:
    """A config that never prompts, and an empty journal file, in a home of its own."""
    home = root / f"jrnl-{name}"
    config_dir = home / "config" / "jrnl"
    config_dir.mkdir(parents=True)
    journal = home / "journal.txt"
    journal.touch()
    version = jrnl_version(jrnl)
    # Every key jrnl knows, so it never rewrites the file or asks anything.
    (config_dir / "jrnl.yaml").write_text(
        f'version: "{version}"\n'
        "journals:\n"
        f'  default:\n    journal: "{journal}"\n'
        'editor: ""\n'
        "encrypt: false\n"
        "template: false\n"
        "default_hour: 9\n"
        "default_minute: 0\n"
        f'timeformat: "{JRNL_TIME_FORMAT}"\n'
        f'tagsymbols: "{tagsymbols}"\n'
        "highlight: false\n"
        "linewrap: 79\n"
        'indent_character: "|"\n'
        "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n",
        encoding="utf-8",
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "LANG": "C.UTF-8",
    }
    return env, journal


def export_to_jrnl(data_dir: Path, journal: Path) -> int:
    """Write the glimmers of a seeded data folder as jrnl entries, oldest first."""
    os.environ["GLIMMERS_DATA_DIR"] = str(data_dir)
    os.environ.pop("GLIMMERS_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "glimmers.settings"
    import zoneinfo

    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from glimmers.journal.models import Glimmer

    owner = get_user_model().objects.get(username="bench")
    zone = zoneinfo.ZoneInfo(owner.time_zone)
    rows = (
        Glimmer.objects.filter(owner=owner)
        .order_by("noticed_at", "id")
        .values_list("noticed_at", "text", "place", "gratitude")
    )
    entries = 0
    with journal.open("w", encoding="utf-8") as out:
        for noticed_at, text, place, gratitude in rows.iterator(chunk_size=5000):
            when = noticed_at.astimezone(zone).strftime(JRNL_TIME_FORMAT)
            # A counted glimmer has no words yet; jrnl needs some to keep an entry.
            body = [text or "(counted, no words yet)"]
            body += [f"Where: {place}"] if place else []
            body += [f"Thanks: {gratitude}"] if gratitude else []
            if entries:
                out.write("\n")
            out.write(f"[{when}] " + "\n".join(body) + "\n")
            entries += 1
    return entries


def jrnl_count(journal: Path) -> int:
    return len(JRNL_ENTRY.findall(journal.read_bytes()))


def jrnl_add(jrnl: Path) -> Callable[[int], list[str]]:
    return lambda n: [str(jrnl), f"Benchmark entry {n} #bench"]


# ---------------------------------------------------------------------------


def verdict(holds: bool) -> str:
    return "holds" if holds else "missed"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="the full journal's entries")
    parser.add_argument("--runs", type=int, default=15, help="timed adds at each size")
    parser.add_argument(
        "--jrnl-runs", type=int, default=3, help="timed jrnl adds at the full size (they are slow)"
    )
    parser.add_argument("--seed", type=int, default=7, help="seed-demo's seed")
    parser.add_argument("--jrnl", type=Path, help="use this jrnl executable instead of installing")
    parser.add_argument("--quick", action="store_true", help="0 and 2,000 entries, 3 runs each")
    args = parser.parse_args()
    if args.quick:
        args.size, args.runs, args.jrnl_runs = 2_000, 3, 3
    if args.size < 1 or args.runs < 1 or args.jrnl_runs < 1:
        parser.error("--size, --runs and --jrnl-runs must be at least 1")

    print(machine_markdown())
    print()
    sys.stdout.flush()

    root = Path(tempfile.mkdtemp(prefix="glimmers-bench-cli-"))
    try:
        report(args, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


def report(args: argparse.Namespace, root: Path) -> None:
    sizes = [0, args.size]
    jrnl = args.jrnl or install_jrnl(root)
    version = jrnl_version(jrnl)
    times: dict[tuple[str, int], list[float]] = {}
    notes = []
    for size in sizes:
        env, made = glimmers_journal(root, size, args.seed)
        notes.append(f"- {size:,} entries: `glimmers seed-demo` said “{made}”")
        jrnl_env, journal = jrnl_setup(root, jrnl, str(size))
        plain_env, plain_journal = jrnl_setup(root, jrnl, f"{size}-plain", tagsymbols="@")
        if size:
            exported = export_to_jrnl(Path(env["GLIMMERS_DATA_DIR"]), journal)
            assert exported == size, exported
            shutil.copyfile(journal, plain_journal)
            megabytes = journal.stat().st_size / 1e6
            notes.append(f"- {size:,} entries: jrnl's file is {megabytes:.1f} MB")

        count_glimmers = lambda e=env: glimmer_count(e)  # noqa: E731
        times["glimmers", size] = measure(
            f"glimmers add at {size:,}", glimmers_add, env, args.runs, 2, count_glimmers
        )
        # At the full size jrnl gets no warm-up: its file was just written (so
        # it is in the page cache), its byte-code is warm from the runs at 0,
        # and each run there takes a long time.
        runs, warm = (args.jrnl_runs, 0) if size else (args.runs, 1)
        for series, series_env, series_journal in (
            ("jrnl", jrnl_env, journal),
            ("jrnl-plain", plain_env, plain_journal),
        ):
            count_entries = lambda j=series_journal: jrnl_count(j)  # noqa: E731
            times[series, size] = measure(
                f"{series} at {size:,}", jrnl_add(jrnl), series_env, runs, warm, count_entries
            )

    zero, full = sizes
    g0, gf = (statistics.median(times["glimmers", s]) for s in sizes)
    j0, jf = (statistics.median(times["jrnl", s]) for s in sizes)
    p0, pf = (statistics.median(times["jrnl-plain", s]) for s in sizes)
    print(f"# `glimmers add` and jrnl's add, at 0 and {full:,} entries")
    print()
    print(f"| median seconds per add | at {zero} | at {full:,} | {full:,} / {zero} |")
    print("|---|---:|---:|---:|")
    runs_note = f"{args.runs} runs at {zero}, {args.jrnl_runs} at {full:,}"
    rows = [
        (f"`glimmers add` ({args.runs} runs each)", g0, gf),
        (f"jrnl {version} ({runs_note})", j0, jf),
        (f'jrnl {version}, `tagsymbols: "@"`: our #tags are words to it ({runs_note})', p0, pf),
    ]
    for label, at_zero, at_full in rows:
        print(f"| {label} | {at_zero:.3f} | {at_full:.3f} | {at_full / at_zero:.2f} |")
    print(f"| jrnl / glimmers | {j0 / g0:.2f}× | {jf / gf:.2f}× | |")
    print(f"| jrnl (#tags as words) / glimmers | {p0 / g0:.2f}× | {pf / gf:.2f}× | |")
    print()
    print("| target | measured | |")
    print("|---|---:|---|")
    print(
        f"| `glimmers add` at {full:,} within 10% of its time at 0 "
        f"| {gf / g0:.3f} | {verdict(gf <= 1.10 * g0)} |"
    )
    print(
        f"| `glimmers add` at least 20× faster than jrnl at {full:,} "
        f"| {jf / gf:.1f}× | {verdict(jf >= 20 * gf)} |"
    )
    print()
    print(
        f"For context (not a target): with our #tags as plain words to jrnl, so that it "
        f"counts no tags, its add at {full:,} takes {pf / gf:.1f}× as long as `glimmers add`."
    )
    print()
    print(
        "Fewer jrnl runs at the full size: each one reads, parses and rewrites the whole "
        "file, and (in jrnl 4.6) counts every tag in it for its similar-tags hint with "
        "`list.count`, which grows with the square of the number of tags. The second jrnl "
        "row reads the same file with `@` as its tag symbol, so it finds no tags to count."
    )
    print(
        "Every add was checked to have kept its entry. Uncounted warm-up runs before each "
        "series: 2 for glimmers, 1 for jrnl at 0, none for jrnl at the full size (its file "
        "had just been written)."
    )
    print(*notes, sep="\n")
    print()
    print("| series | min s | max s |")
    print("|---|---:|---:|")
    for (series, size), samples in times.items():
        print(f"| {series} at {size:,} | {min(samples):.3f} | {max(samples):.3f} |")


if __name__ == "__main__":
    sys.exit(main())
