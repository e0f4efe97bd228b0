"""What machine a benchmark ran on, so every figure carries its context.

Each benchmark prints ``machine_markdown()`` first. It names the CPU, the
cores, the memory, Python, SQLite and, when a PostgreSQL URL is known,
PostgreSQL's version, with the date and time of the run.

    .venv/bin/python benchmarks/machine.py
"""

from __future__ import annotations

import os
import platform
import sqlite3
from datetime import UTC, datetime
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "unknown"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def postgres_version(url: str | None = None) -> str:
    url = (
        url
        or os.environ.get("GLIMMERS_TEST_DATABASE_URL")
        or os.environ.get("GLIMMERS_DATABASE_URL")
    )
    if not url or not url.startswith("postgres"):
        return "not used"
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except Exception as error:  # a benchmark still runs without PostgreSQL
        return f"unreachable ({type(error).__name__})"


def machine_facts(pg_url: str | None = None) -> dict[str, str]:
    return {
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": _memory_gib(),
        "load average at start": _load(),
        "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version(pg_url),
    }


def machine_markdown(pg_url: str | None = None) -> str:
    lines = ["| machine | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in machine_facts(pg_url).items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(machine_markdown())
