"""Whole-process time of `glimmers add` with an empty journal and with 100,000 glimmers.

Each run is a fresh `glimmers add "…"` process, exactly as a person would
type it; the figure is the median of --runs runs. SQLite in a throwaway data
folder (PostgreSQL is measured by the page benchmark; the command line is
most used on a laptop).

    .venv/bin/python benchmarks/cli_add.py [--size 100000] [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
GLIMMERS = Path(sys.executable).with_name("glimmers")


def run_adds(env: dict, runs: int) -> list[float]:
    samples = []
    for n in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [str(GLIMMERS), "add", f"Benchmark glimmer {n} #bench", "--sense", "sight"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        samples.append(time.perf_counter() - started)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="glimmers-bench-cli-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLIMMERS_")}
    env["GLIMMERS_DATA_DIR"] = data_dir
    env["DJANGO_SUPERUSER_PASSWORD"] = "bench-pass-123456"  # noqa: S105 - throwaway journal
    subprocess.run([str(GLIMMERS), "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [str(GLIMMERS), "createsuperuser", "--noinput", "--username", "bench"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    run_adds(env, 2)  # warm the disk cache and byte-code
    empty = run_adds(env, args.runs)

    # Fill the journal in-process (fast), then measure again.
    os.environ["GLIMMERS_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "glimmers.settings"
    sys.path.insert(0, str(HERE))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from journal_pages import seed

    seed(get_user_model().objects.get(username="bench"), args.size, random.Random(11))
    from django.db import connections

    connections.close_all()
    run_adds(env, 2)
    full = run_adds(env, args.runs)

    at_zero, at_full = statistics.median(empty), statistics.median(full)
    print(
        f"# `glimmers add` — {datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
    print()
    print("| journal size | median s | min s | max s |")
    print("|---:|---:|---:|---:|")
    print(f"| 0 | {at_zero:.3f} | {min(empty):.3f} | {max(empty):.3f} |")
    print(f"| {args.size:,} | {at_full:.3f} | {min(full):.3f} | {max(full):.3f} |")
    print()
    print(f"ratio at {args.size:,} / at 0: {at_full / at_zero:.3f} (target: within 1.10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
