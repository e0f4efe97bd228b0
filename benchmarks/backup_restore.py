"""Time and size of `glimmers backup` and `glimmers restore` for a journal of N glimmers.

    .venv/bin/python benchmarks/backup_restore.py [--glimmers 10000] [--repeats 3]

Seeds one demo account (seed-demo: 1% of glimmers with a small photo, 5% hard
moments) in a data folder of its own, on SQLite, or on a throwaway
PostgreSQL database (glimmers_b_bench_*) when GLIMMERS_DATABASE_URL names a
server; then runs the two commands as a host would, in subprocesses, and
prints the figures (the median of the repeats). It also prints how the
database member squeezes at each zip setting, the figures behind the
format's choice in docs/decisions.md ("Backups: one zip file, and how each
database is caught still").
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import serving  # noqa: E402


def run(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "glimmers", *args], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"glimmers {' '.join(args)} failed: {done.stderr}")
    return time.perf_counter() - started


def squeeze(member: bytes) -> list[tuple[str, int, float]]:
    out = []
    for label, kind, level in (
        ("stored", zipfile.ZIP_STORED, None),
        ("deflate 1", zipfile.ZIP_DEFLATED, 1),
        ("deflate 6", zipfile.ZIP_DEFLATED, 6),
        ("deflate 9", zipfile.ZIP_DEFLATED, 9),
    ):
        with tempfile.TemporaryFile() as handle:
            started = time.perf_counter()
            with zipfile.ZipFile(handle, "w", kind, compresslevel=level) as archive:
                archive.writestr("db", member)
            out.append((label, handle.tell(), time.perf_counter() - started))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--glimmers", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    base = serving.postgres_url() if os.environ.get("GLIMMERS_DATABASE_URL") else None
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        urls = {}
        contexts = []
        for name in ("source", *(f"target{i}" for i in range(options.repeats))):
            if base:
                context = serving.throwaway_postgres(base, f"glimmers_b_bench_{name}")
                urls[name] = context.__enter__()
                contexts.append(context)
            else:
                urls[name] = None
        try:
            source = serving.server_env(root / "source", database_url=urls["source"])
            run(source, "seed-demo", "--glimmers", str(options.glimmers))
            backups, restores, sizes = [], [], []
            for i in range(options.repeats):
                archive = root / f"b{i}.zip"
                backups.append(run(source, "backup", str(archive)))
                sizes.append(archive.stat().st_size)
                target = serving.server_env(root / f"target{i}", database_url=urls[f"target{i}"])
                restores.append(run(target, "restore", str(archive)))
            with zipfile.ZipFile(root / "b0.zip") as archive:
                [member] = [n for n in archive.namelist() if n.startswith("database/")]
                database = archive.read(member)
                photos = [n for n in archive.namelist() if n.startswith("media/")]
        finally:
            for context in contexts:
                context.__exit__(None, None, None)
    vendor = "PostgreSQL" if base else "SQLite"
    print(f"{vendor}, {options.glimmers:,} glimmers, {len(photos)} photo files:")
    for label, runs in (("backup ", backups), ("restore", restores)):
        each = ", ".join(f"{s:.2f}" for s in runs)
        print(f"  {label}: {statistics.median(runs):.2f} s (runs: {each})")
    archive_mb = statistics.median(sizes) / 2**20
    print(f"  archive: {archive_mb:.1f} MB; database member {len(database) / 2**20:.1f} MB")
    for label, size, seconds in squeeze(database):
        print(f"  database member {label:>9}: {size / 2**20:6.1f} MB in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
