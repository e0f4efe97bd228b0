"""Servers and writer queues side by side: captures over HTTP, interleaved A B A B.

Measures what docs/decisions.md ("Serving: which server, and who queues the
writers") rests on: `glimmers serve` (waitress workers forked by
glimmers/server.py) against gunicorn (sync or gthread workers) and granian
(WSGI), each with two worker processes of one thread, and each with or
without the SQLite writer queue (``+noqueue``: no ``flock`` between processes,
only SQLite's own lock taken at BEGIN IMMEDIATE with the busy timeout;
benchmarks/served_app.py; since the lock file was removed, ``+noqueue``
changes nothing). ``VARIANT@DIR`` runs that variant on the code in DIR (a
``src`` folder, put first on PYTHONPATH), say an export of the commit before
a change: ``git archive HEAD~1 src | tar -x -C /tmp/old``.

The journal is seeded once per database (``glimmers seed-demo``) and every
run starts from a copy of it (a copied data folder; on PostgreSQL a database
made from it as a template), so no variant meets a journal the others grew.
Runs go round by round, every variant once per round in the same order, so
a neighbour's load on this shared machine falls on all of them alike; the
table gives each figure's median over the rounds and its range (min–max).
Server CPU is the user+system time of the server's processes during the
measured seconds, per answered request.

gunicorn and granian are not Glimmers' dependencies; install them into the
virtual environment to measure them (``.venv/bin/pip install gunicorn
granian``).

    .venv/bin/python benchmarks/serving_ab.py --size 10000 --clients 1,10,50 --seconds 15 --rounds 3
    .venv/bin/python benchmarks/serving_ab.py --variants glimmers,glimmers+noqueue --rounds 5
    GLIMMERS_DATABASE_URL=postgres://… .venv/bin/python benchmarks/serving_ab.py \
        --databases postgresql
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import loadgen
import serving
from capture_http import captures, prepare
from machine import machine_markdown

DEFAULT_VARIANTS = "glimmers,glimmers+noqueue,gunicorn-sync,gunicorn-gthread,granian"


def _server(variant: str) -> tuple[str, bool]:
    name, _, flag = variant.split("@", 1)[0].partition("+")
    if name not in serving.SERVERS or flag not in ("", "noqueue"):
        raise SystemExit(f"unknown variant {variant!r}: a server of {serving.SERVERS}[+noqueue]")
    return name, flag != "noqueue"


def _extra_args(name: str, workers: int) -> tuple[str, ...]:
    if name == "glimmers":
        return ("--workers", str(workers), "--threads", "1")
    if name == "gunicorn-gthread":
        return ("--threads", "1")
    if name == "granian":
        return ("--blocking-threads", "1")
    return ()


def run_variant(variant, template: Path, db: str, pg: tuple | None, args, token, workdir, turn):
    name, queue = _server(variant)
    data_dir = workdir / f"run-{turn}"
    shutil.copytree(template, data_dir)
    url = None
    if pg is not None:
        base, template_db = pg
        url = _postgres_copy(base, template_db, f"{template_db}_{turn}")
    extra = {} if queue else {"BENCH_WRITER_QUEUE": "off"}
    if "@" in variant:  # another copy of Glimmers' code, e.g. the commit before a change
        extra["PYTHONPATH"] = variant.split("@", 1)[1]
    env = serving.server_env(data_dir, database_url=url, **extra)
    server = serving.Server(
        env, server=name, workers=args.workers, extra_args=_extra_args(name, args.workers)
    )
    rows = []
    try:
        server.start()
        next_call = captures(token)
        for clients in args.clients:
            loadgen.run(server.port, clients, next_call, duration=args.warmup, timeout=120)
            cpu_before = server.cpu_seconds()
            result = loadgen.run(
                server.port, clients, next_call, duration=args.seconds, timeout=120
            )
            cpu = server.cpu_seconds() - cpu_before
            row = {
                "db": db,
                "variant": variant,
                "clients": clients,
                "per_second": result.throughput,
                "p50": result.p50,
                "p99": result.p99,
                "cpu_ms": 1000 * cpu / max(1, result.answered),
                "errors": result.server_errors + result.connection_errors + result.locked,
                "statuses": {str(k): v for k, v in result.statuses.items()},
                "connection_errors": dict(result.errors),
                "locked": result.locked,
            }
            rows.append(row)
            print(
                f"  {db} {variant:<24} {clients:>3} clients: {row['per_second']:6.0f}/s "
                f"p50 {row['p50']:6.1f} p99 {row['p99']:6.1f} ms, cpu {row['cpu_ms']:.1f} ms, "
                f"errors {row['errors']}",
                file=sys.stderr,
                flush=True,
            )
    finally:
        server.stop()
        if args.keep_logs and any(row["errors"] for row in rows):
            Path(args.keep_logs).mkdir(parents=True, exist_ok=True)
            shutil.copy(server.log_path, Path(args.keep_logs) / f"{turn}-{variant}.log")
        shutil.rmtree(data_dir, ignore_errors=True)
        if url is not None:
            _postgres_drop(pg[0], f"{pg[1]}_{turn}")
    return rows


def _postgres_copy(base: str, template_db: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    with psycopg.connect(base, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def _postgres_drop(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(base, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def summarise(rows: list[dict], variants: list[str]) -> list[str]:
    lines = [
        "| db | server | clients | captures/s | p50 ms | p99 ms | server CPU ms/capture | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]

    def cell(values, fmt):
        mid = statistics.median(values)
        return f"{mid:{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"

    keys = []
    for row in rows:
        key = (row["db"], row["clients"])
        if key not in keys:
            keys.append(key)
    for db, clients in sorted(keys):
        for variant in variants:
            mine = [
                r for r in rows if (r["db"], r["clients"], r["variant"]) == (db, clients, variant)
            ]
            if not mine:
                continue
            lines.append(
                f"| {db} | {variant} | {clients} | {cell([r['per_second'] for r in mine], '.0f')} "
                f"| {cell([r['p50'] for r in mine], '.1f')} "
                f"| {cell([r['p99'] for r in mine], '.1f')} "
                f"| {cell([r['cpu_ms'] for r in mine], '.1f')} | {sum(r['errors'] for r in mine)} |"
            )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default=DEFAULT_VARIANTS)
    parser.add_argument("--size", type=int, default=10_000, help="Glimmers in the journal.")
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--databases", default="sqlite", help="sqlite, postgresql or both")
    parser.add_argument("--json", metavar="FILE", help="Also write every run's figures here.")
    parser.add_argument(
        "--keep-logs", metavar="DIR", help="Keep the server's log of a run with errors."
    )
    args = parser.parse_args()
    args.clients = [int(c) for c in args.clients.split(",")]
    variants = [v.strip() for v in args.variants.split(",")]
    for variant in variants:
        _server(variant)
    pg_base = serving.postgres_url()
    wanted = [d.strip() for d in args.databases.split(",")]
    if "postgresql" in wanted and not pg_base:
        parser.error("PostgreSQL needs GLIMMERS_DATABASE_URL or GLIMMERS_TEST_DATABASE_URL.")

    print(machine_markdown(pg_base))
    print(
        f"PUT /api/v1/glimmers/{{id}} over HTTP on 127.0.0.1, {args.size:,} glimmers to start, "
        f"{args.workers} workers of one thread each; {args.seconds:g} s per run after "
        f"{args.warmup:g} s of warm-up; {args.rounds} rounds, interleaved; median (min–max). "
        "Taken on a shared machine: other work may have run beside any run."
    )
    print()
    workdir = Path(tempfile.mkdtemp(prefix="glimmers-serving-ab-"))
    rows: list[dict] = []
    turn = 0
    try:
        for db in wanted:
            template = workdir / f"template-{db}"
            pg = None
            if db == "postgresql":
                template_db = f"glimmers_ab_{os.getpid()}"
                url = _postgres_create(pg_base, template_db)
                pg = (pg_base, template_db)
                env = serving.server_env(template, database_url=url)
            else:
                env = serving.server_env(template)
            print(f"seeding {args.size:,} glimmers on {db}…", file=sys.stderr, flush=True)
            token = prepare(env, args.size)
            try:
                for round_ in range(1, args.rounds + 1):
                    print(f"round {round_}", file=sys.stderr, flush=True)
                    for variant in variants:
                        turn += 1
                        rows += run_variant(variant, template, db, pg, args, token, workdir, turn)
            finally:
                if pg is not None:
                    _postgres_drop(pg_base, pg[1])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if args.json:
            Path(args.json).write_text(json.dumps(rows, indent=1))
    for line in summarise(rows, variants):
        print(line)
    return 0


def _postgres_create(base: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    with psycopg.connect(base, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


if __name__ == "__main__":
    sys.exit(main())
