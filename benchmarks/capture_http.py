"""Capture over HTTP: latency and throughput of creating glimmers through the API.

A real `glimmers serve` (waitress) on 127.0.0.1 with a journal already
holding 1,000 / 10,000 / 100,000 glimmers (made by `glimmers seed-demo`, ten
years of them), and 1, 10 and 50 concurrent clients, each with its own
keep-alive connection, creating glimmers as an offline phone does: PUT
/api/v1/glimmers/{its own id} with a bearer token. Each run has a short
warm-up that is not counted, then a fixed time. Like the other benchmarks,
it measures the database GLIMMERS_DATABASE_URL names: SQLite in a throwaway
data folder when it is unset, PostgreSQL when it names a server (a throwaway
database is made beside the one named, and dropped afterwards).
`--databases sqlite,postgresql` measures both in one run, taking the
PostgreSQL server from GLIMMERS_DATABASE_URL or GLIMMERS_TEST_DATABASE_URL.

It prints a markdown table and whether the targets hold:
- capture p99 under 50 ms with 10 clients at 100,000 glimmers on SQLite;
- at least 300 captures a second with 50 clients (at 100,000, on SQLite).

The load generator (benchmarks/loadgen.py) runs on the same machine and uses
some of the same CPU; the machine table says how many cores there are.
The journal grows during a size's runs (each capture adds a glimmer): the
size is the journal's size when the first run at that size starts.

    .venv/bin/python benchmarks/capture_http.py                # SQLite, every size (~5 minutes)
    .venv/bin/python benchmarks/capture_http.py --databases sqlite,postgresql
    .venv/bin/python benchmarks/capture_http.py --quick        # small and short
    .venv/bin/python benchmarks/capture_http.py --sizes 100000 --clients 10,50 --seconds 30
    .venv/bin/python benchmarks/capture_http.py --profile /tmp/prof   # py-spy, if installed
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import loadgen
import serving
from machine import machine_markdown

GLIMMERS = [sys.executable, "-m", "glimmers"]
USER = "bench"
WORDS = (
    "steam kettle sun wall birdsong dog warm bread rain window laugh moss river "
    "blanket candle friend bench sea tea music"
).split()
TAGS = ["morning", "walk", "home", "work", "family"]
SENSES = ["sight", "sound", "touch", "smell", "taste"]
TARGET_P99_MS = 50.0
TARGET_PER_SECOND = 300.0


@dataclass
class Row:
    size: int
    db: str
    clients: int
    result: loadgen.Result
    locked_in_log: int

    @property
    def locked(self) -> int:
        return self.result.locked + self.locked_in_log


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(env: dict[str, str], size: int) -> str:
    """A journal of ``size`` glimmers for USER; returns an API token for it."""
    _run(
        [
            *GLIMMERS,
            "seed-demo",
            "--glimmers",
            str(size),
            "--username",
            USER,
            "--password",
            serving.ACCOUNT_PASSWORD,
            "--seed",
            "1",
            "--photos",
            "0",
        ],
        env,
    )
    made = json.loads(_run([*GLIMMERS, "token", "create", "--name", USER, "--json"], env))
    return made["token"]


def captures(token: str):
    """next_call for the load generator: a new glimmer with a new id every time."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    rngs: dict[int, random.Random] = {}

    def next_call(client: int) -> loadgen.Call:
        rng = rngs.setdefault(client, random.Random(client))
        text = " ".join(rng.choices(WORDS, k=rng.randint(3, 10))) + f" #{rng.choice(TAGS)}"
        body = {"text": text, "senses": rng.sample(SENSES, rng.randint(1, 2))}
        glimmer = uuid.uuid4()
        return loadgen.Call(
            "PUT", f"/api/v1/glimmers/{glimmer}", json.dumps(body).encode(), headers
        )

    return next_call


def measure_size(
    db: str, size: int, args: argparse.Namespace, database_url: str | None, workdir: Path
) -> list[Row]:
    data_dir = workdir / f"{db}-{size}"
    env = serving.server_env(data_dir, database_url=database_url)
    print(f"  seeding {size:,} glimmers on {db}…", file=sys.stderr, flush=True)
    token = prepare(env, size)
    extra = ("--threads", str(args.threads)) if args.threads else ()
    extra += ("--workers", str(args.workers)) if args.workers else ()
    server = serving.Server(env, extra_args=extra).start()
    rows = []
    try:
        next_call = captures(token)
        for clients in args.clients:
            loadgen.run(server.port, clients, next_call, duration=args.warmup, timeout=120)
            locked_before = server.log_count("database is locked")
            profiler = _start_profiler(server, args, f"{db}-{size}-{clients}")
            result = loadgen.run(
                server.port, clients, next_call, duration=args.seconds, timeout=120
            )
            if profiler is not None:
                profiler.wait()
            row = Row(
                size, db, clients, result, server.log_count("database is locked") - locked_before
            )
            rows.append(row)
            print(f"  {_line(row)}", file=sys.stderr, flush=True)
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return rows


def _start_profiler(server: serving.Server, args, name: str):
    if not args.profile:
        return None
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    out = Path(args.profile) / f"capture-{name}.speedscope.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [spy, "record", "--pid", str(server.process.pid), "--duration", str(int(args.seconds))]
        + ["--rate", "200", "--format", "speedscope", "--output", str(out), "--nonblocking"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _line(row: Row) -> str:
    r = row.result
    return (
        f"| {row.size:,} | {row.db} | {row.clients} | {r.answered:,} | {r.throughput:.0f} "
        f"| {r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} | {r.server_errors} | {row.locked} |"
    )


def _find(rows: list[Row], size: int, clients: int) -> Row | None:
    return next(
        (r for r in rows if r.db == "sqlite" and r.size == size and r.clients == clients), None
    )


def _verdict(label: str, row: Row | None, holds, shown) -> str:
    """One target's line: not measured, holds or missed, with the figure."""
    if row is None:
        return f"- {label}: not measured in this run"
    return f"- {label}: **{'holds' if holds(row) else 'missed'}** ({shown(row)})"


def targets(rows: list[Row]) -> list[str]:
    errors = sum(r.result.server_errors + r.locked for r in rows)
    return [
        _verdict(
            f"p99 under {TARGET_P99_MS:.0f} ms with 10 clients at 100,000 on SQLite",
            _find(rows, 100_000, 10),
            lambda row: row.result.p99 < TARGET_P99_MS,
            lambda row: f"{row.result.p99:.1f} ms",
        ),
        _verdict(
            f"at least {TARGET_PER_SECOND:.0f} captures/s with 50 clients at 100,000 on SQLite",
            _find(rows, 100_000, 50),
            lambda row: row.result.throughput >= TARGET_PER_SECOND,
            lambda row: f"{row.result.throughput:.0f}/s",
        ),
        f"- no 5xx and no 'database is locked' anywhere: **{'holds' if not errors else 'missed'}**",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--seconds", type=float, default=20.0, help="Each measured run.")
    parser.add_argument("--warmup", type=float, default=3.0, help="Before each run, not counted.")
    parser.add_argument(
        "--databases",
        help="sqlite, postgresql or both (default: the one GLIMMERS_DATABASE_URL names).",
    )
    parser.add_argument("--threads", type=int, default=0, help="waitress threads (serve's own).")
    parser.add_argument(
        "--workers", type=int, default=0, help="server processes (serve's own default)."
    )
    parser.add_argument("--quick", action="store_true", help="Sizes 500 and 2,000, 3 s runs.")
    parser.add_argument("--profile", metavar="DIR", help="Record each run with py-spy into DIR.")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.seconds, args.warmup = "500,2000", 3.0, 1.0
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.clients = [int(c) for c in args.clients.split(",")]
    pg_base = serving.postgres_url()
    if args.databases is None:
        on_postgres = os.environ.get("GLIMMERS_DATABASE_URL", "").startswith("postgres")
        args.databases = "postgresql" if on_postgres else "sqlite"
    wanted = {d.strip() for d in args.databases.split(",")}
    if "postgresql" in wanted and not pg_base:
        parser.error("PostgreSQL needs GLIMMERS_DATABASE_URL or GLIMMERS_TEST_DATABASE_URL.")

    print(machine_markdown(pg_base))
    print(
        f"Capture over HTTP: PUT /api/v1/glimmers/{{id}} against `glimmers serve` "
        f"(waitress, {args.threads or 'default'} threads) on 127.0.0.1; "
        f"{args.seconds:g} s per run after {args.warmup:g} s of warm-up; "
        "closed loop (each client sends its next capture when the last is answered)."
    )
    print()
    workdir = Path(tempfile.mkdtemp(prefix="glimmers-bench-http-"))
    rows: list[Row] = []
    try:
        for db in ("sqlite", "postgresql"):
            if db not in wanted:
                continue
            for size in args.sizes:
                if db == "sqlite":
                    rows += measure_size(db, size, args, None, workdir)
                    continue
                name = f"glimmers_bench_http_{os.getpid()}_{size}"
                with serving.throwaway_postgres(pg_base, name) as url:
                    rows += measure_size(db, size, args, url, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        "| glimmers | db | clients | requests | captures/s "
        "| p50 ms | p95 ms | p99 ms | 5xx | locked |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(_line(row))
    print()
    print("Targets:")
    for line in targets(rows):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
