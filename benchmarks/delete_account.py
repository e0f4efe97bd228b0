"""Deleting an account for good: how long `glimmers delete-account` takes, by journal size.

Each size gets a fresh data folder (or, with GLIMMERS_DATABASE_URL, a fresh
PostgreSQL database beside the one named, dropped afterwards) holding the
account to delete, made by `glimmers seed-demo` (ten years of glimmers, one
photo in a hundred, hard moments), and a neighbour with 10,000 glimmers of
their own, so the search index holds someone else's words too. Then
`glimmers delete-account --user demo --yes` runs as a fresh process, as a
host types it, and its wall time is printed beside a floor: the same
command for an empty account. On SQLite the service's own steps are also
timed in-process on a second copy: the rows, FTS5's 'optimize', and the
checkpoint.

    .venv/bin/python benchmarks/delete_account.py [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine_markdown
from serving import server_env, throwaway_postgres

ROOT = Path(__file__).resolve().parents[1]


def _glimmers(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "glimmers", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"glimmers {' '.join(args)}: {done.stderr[-2000:]}")
    return time.perf_counter() - started


def _steps(env: dict[str, str]) -> str:
    """The service's steps, timed in a process of its own (SQLite only)."""
    code = """
import os, time, django, json
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from glimmers.yourdata.deletion import services
user = get_user_model().objects.get(username="demo")
timings = {}
real = services._forget_words_sqlite
def optimize():
    started = time.perf_counter(); real(); timings["optimize"] = time.perf_counter() - started
services._forget_words_sqlite = optimize
started = time.perf_counter()
services.delete_account(user)
timings["all"] = time.perf_counter() - started
print(json.dumps(timings))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=3600
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return done.stdout.strip().splitlines()[-1]


def measure(size: int, base_url: str | None) -> str:
    with tempfile.TemporaryDirectory(prefix="glimmers-bench-delete-") as folder:
        if base_url:
            with throwaway_postgres(base_url, f"glimmers_bench_delete_{os.getpid()}") as url:
                return _measure(size, server_env(folder, database_url=url), sqlite=False)
        return _measure(size, server_env(folder), sqlite=True)


def _measure(size: int, env: dict[str, str], *, sqlite: bool) -> str:
    env = {**env, "PYTHONPATH": str(ROOT / "src")}
    _glimmers(env, "migrate", "--verbosity", "0")
    _glimmers(env, "seed-demo", "--glimmers", str(size), "--username", "demo")
    _glimmers(env, "seed-demo", "--glimmers", "10000", "--username", "neighbour")
    _glimmers(env, "seed-demo", "--glimmers", "0", "--username", "empty")
    steps = ""
    if sqlite:
        copy = Path(env["GLIMMERS_DATA_DIR"] + "-copy")
        subprocess.run(["cp", "-a", env["GLIMMERS_DATA_DIR"], str(copy)], check=True)
        steps = _steps({**env, "GLIMMERS_DATA_DIR": str(copy)})
        subprocess.run(["rm", "-rf", str(copy)], check=True)
    floor = _glimmers(env, "delete-account", "--user", "empty", "--yes")
    took = _glimmers(env, "delete-account", "--user", "demo", "--yes")
    return f"| {size:,} | {took:.2f} s | {floor:.2f} s | {steps or '-'} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    base_url = os.environ.get("GLIMMERS_DATABASE_URL") or None
    print(machine_markdown(base_url))
    print(f"database: {'PostgreSQL' if base_url else 'SQLite'}\n")
    print("| glimmers | delete-account | floor (empty account) | in-process steps (s) |")
    print("|---|---|---|---|")
    for size in (int(n) for n in args.sizes.split(",")):
        print(measure(size, base_url), flush=True)


if __name__ == "__main__":
    main()
