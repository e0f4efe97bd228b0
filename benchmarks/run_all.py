"""`make bench`: every benchmark, one after another, into benchmarks/RESULTS.md.

Runs each script with the same Python, shows its output as it comes, and
writes them all, with the machine and the date, to benchmarks/RESULTS.md.
PostgreSQL is measured too when GLIMMERS_TEST_DATABASE_URL is set (each
script makes and drops its own throwaway database beside it).

    .venv/bin/python benchmarks/run_all.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from machine import machine_markdown

HERE = Path(__file__).resolve().parent


def run(script: str, args: list[str], database_url: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "GLIMMERS_DATABASE_URL"}
    if database_url:
        env["GLIMMERS_DATABASE_URL"] = database_url
    label = f"{script} {' '.join(args)}".strip() + (" (PostgreSQL)" if database_url else "")
    print(f"\n### {label}\n", flush=True)
    started = time.perf_counter()
    lines = []
    with subprocess.Popen(
        [sys.executable, str(HERE / script), *args],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    ) as process:
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line)
    minutes = (time.perf_counter() - started) / 60
    status = "" if process.returncode == 0 else f" — FAILED with exit code {process.returncode}"
    return f"### {label}\n\n{''.join(lines)}\n_{minutes:.1f} minutes{status}_\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"))
    parser.add_argument(
        "--only",
        metavar="SCRIPT",
        help="run just this script (e.g. pages.py) and replace its sections in --output",
    )
    args = parser.parse_args()
    quick = ["--quick"] if args.quick else []
    postgres = os.environ.get("GLIMMERS_TEST_DATABASE_URL")
    if args.only:
        return rerun(args.only, quick, postgres, Path(args.output))

    # jrnl's add at 100,000 entries takes about five minutes (it counts every
    # tag with list.count), so it is timed once there; everything else is a
    # median of repeated runs.
    sections = [run("cli_add.py", quick or ["--jrnl-runs", "1"], None)]
    # Start-up against a bare django.setup(): the command line is SQLite's.
    sections.append(run("cli_startup.py", quick + ["--importtime"], None))
    # Bytes on the wire, before and after compression (a real `glimmers serve`, SQLite).
    sections.append(run("wire.py", quick, None))
    for url in [None, postgres] if postgres else [None]:
        sections.append(run("capture_http.py", quick, url))
        sections.append(run("pages.py", quick, url))
        # Export and import at 100,000 (the PDF at 1,000 and 10,000), each a `glimmers` process.
        sections.append(run("yourdata.py", quick, url))
    header = (
        "# Benchmark results\n\n"
        "Written by `make bench` (benchmarks/run_all.py) on the machine below; each "
        "section starts with its own machine table and the time it ran. Earlier runs "
        "are in git history.\n\n" + machine_markdown(postgres)
    )
    Path(args.output).write_text(header + "\n" + "\n".join(sections))
    print(f"\nWritten to {args.output}")
    return 0


def rerun(script: str, quick: list[str], postgres: str | None, output: Path) -> int:
    """Run one script again (on each database) and put its new sections in place of the old."""
    text = output.read_text()
    sqlite_only = script in ("cli_add.py", "cli_startup.py")
    for url in [None, postgres] if postgres and not sqlite_only else [None]:
        fresh = run(script, quick, url)
        heading = fresh.splitlines()[0]
        parts = text.split("\n### ")
        for n, part in enumerate(parts):
            if n and f"### {part.splitlines()[0]}" == heading:
                parts[n] = fresh.removeprefix("### ").rstrip("\n") + "\n"
                break
        else:
            parts.append(fresh.removeprefix("### "))
        text = "\n### ".join(parts)
    output.write_text(text)
    print(f"\nUpdated {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
