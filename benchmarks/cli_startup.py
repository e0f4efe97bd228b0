"""Start-up of `glimmers add`, `list` and `search` on an empty journal, against a bare Django.

The yardstick is `python -c "import django; django.setup()"` with minimal
settings (no apps at all): what any Django program pays before it does
anything. Each `glimmers` command is a fresh process, exactly as a person
types it, on SQLite in a throwaway data folder whose journal (one account,
no glimmers) is put back as it was before every run, so every `add` is an add
to an empty journal. The series take turns (bare, add, list, search, bare,
…) so that a busy moment of the machine falls on all of them alike.

Each figure is the median of the runs: wall-clock time, and the CPU time
(user + system) the process used, which a machine shared with other work
disturbs less. Before timing, glimmers' own modules are compiled to
byte-code, as `pip install` does (Django's already are); a checkout run with
PYTHONDONTWRITEBYTECODE would otherwise compile them again in every process.

Target (issue #16): each command within 1.25× the bare Django's time.

    .venv/bin/python benchmarks/cli_startup.py [--runs 21]
    .venv/bin/python benchmarks/cli_startup.py --importtime   # also: what each command imports
    .venv/bin/python benchmarks/cli_startup.py --quick        # 5 runs: a smoke test
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine_markdown

BIN = Path(sys.executable).parent
GLIMMERS = BIN / "glimmers"
TARGET = 1.25
BARE_DJANGO = (
    "import django\n"
    "from django.conf import settings\n"
    "settings.configure()\n"  # minimal settings: no apps, no database
    "django.setup()\n"
)
# The same, with garbage collection paused while it loads, as `glimmers` pauses
# it (glimmers/cli/main.py, _loading): a stricter yardstick, shown beside the first.
BARE_DJANGO_PAUSED = "import gc\ngc.disable()\n" + BARE_DJANGO + "gc.freeze()\ngc.enable()\n"
COMMANDS = {
    "bare `django.setup()`": [sys.executable, "-c", BARE_DJANGO],
    "bare, collection paused": [sys.executable, "-c", BARE_DJANGO_PAUSED],
    "`glimmers add`": [str(GLIMMERS), "add", "Benchmark glimmer #bench", "--sense", "sight"],
    "`glimmers list`": [str(GLIMMERS), "list"],
    "`glimmers search`": [str(GLIMMERS), "search", "benchmark"],
}
BARE = "bare `django.setup()`"
PAUSED = "bare, collection paused"


def empty_journal(root: Path) -> tuple[dict, Path, Path]:
    """A data folder with one account and no glimmers, and a copy of its database to restore."""
    data_dir = root / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLIMMERS_")}
    env["GLIMMERS_DATA_DIR"] = str(data_dir)
    subprocess.run(
        [str(GLIMMERS), "seed-demo", "--glimmers", "0", "--username", "bench"],
        env=env,
        check=True,
        capture_output=True,
    )
    database = data_dir / "glimmers.sqlite3"
    pristine = root / "pristine.sqlite3"
    checkpoint(database)
    shutil.copyfile(database, pristine)
    return env, database, pristine


def checkpoint(database: Path) -> None:
    import sqlite3

    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def restore(database: Path, pristine: Path) -> None:
    """The journal as it was: empty. Outside the timed part of a run."""
    for extra in ("-wal", "-shm"):
        Path(f"{database}{extra}").unlink(missing_ok=True)
    shutil.copyfile(pristine, database)


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system) of one fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed (status {status})")
    return wall, usage.ru_utime + usage.ru_stime


def compile_glimmers() -> Path:
    import glimmers

    package = Path(glimmers.__file__).parent
    compileall.compile_dir(package, quiet=1)
    return package


# ---------------------------------------------------------------------------
# -X importtime: what each command imports beyond the bare Django
# ---------------------------------------------------------------------------

IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def imports(command: list[str], env: dict) -> dict[str, int]:
    """Module -> its own import time in µs, from one run under -X importtime."""
    if command[0] == str(GLIMMERS):
        command = [sys.executable, "-X", "importtime", "-m", "glimmers", *command[1:]]
    else:
        command = [sys.executable, "-X", "importtime", *command[1:]]
    result = subprocess.run(
        command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=True
    )
    found = {}
    for line in result.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            found[match.group(4)] = int(match.group(1))
    return found


def grouped(modules: dict[str, int]) -> dict[str, int]:
    """Own import times summed by package (glimmers and django by their first three names)."""
    groups: dict[str, int] = {}
    for name, micros in modules.items():
        parts = name.split(".")
        key = ".".join(parts[:3] if parts[0] in ("glimmers", "django") else parts[:1])
        groups[key] = groups.get(key, 0) + micros
    return groups


def importtime_report(env: dict, database: Path, pristine: Path, top: int) -> None:
    bare = imports(COMMANDS[BARE], env)
    print("## What each command imports beyond the bare Django (`python -X importtime`)")
    print()
    print(
        "Own import time of each module the command imports and the bare `django.setup()` "
        "does not, summed by package; one run each. `-X importtime` times `import` "
        "statements only: the apps' models, which Django loads with `importlib.import_module`, "
        "are not in it. Its own overhead inflates every figure; compare them with each other."
    )
    print()
    for label, command in COMMANDS.items():
        if label in (BARE, PAUSED):
            continue
        restore(database, pristine)
        extra = {m: t for m, t in imports(command, env).items() if m not in bare}
        total = sum(extra.values()) / 1000
        print(f"{label}: {len(extra)} modules more than the bare Django, {total:.1f} ms")
        print()
        print("| package | ms |")
        print("|---|---:|")
        for name, micros in sorted(grouped(extra).items(), key=lambda kv: -kv[1])[:top]:
            print(f"| {name} | {micros / 1000:.1f} |")
        print()


# ---------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs of each series")
    parser.add_argument("--warm", type=int, default=2, help="untimed runs of each series first")
    parser.add_argument("--quick", action="store_true", help="5 runs: a smoke test")
    parser.add_argument("--importtime", action="store_true", help="also show what each imports")
    parser.add_argument("--top", type=int, default=12, help="packages shown with --importtime")
    parser.add_argument(
        "--no-compile",
        action="store_true",
        help="don't compile glimmers' byte-code first (as a checkout run with "
        "PYTHONDONTWRITEBYTECODE, which compiles every module of glimmers in every process)",
    )
    args = parser.parse_args()
    if args.quick:
        args.runs, args.warm = 5, 1
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    print(machine_markdown())
    print()
    sys.stdout.flush()
    package = None if args.no_compile else compile_glimmers()
    root = Path(tempfile.mkdtemp(prefix="glimmers-bench-startup-"))
    try:
        env, database, pristine = empty_journal(root)
        walls: dict[str, list[float]] = {label: [] for label in COMMANDS}
        cpus: dict[str, list[float]] = {label: [] for label in COMMANDS}
        for n in range(args.warm + args.runs):
            for label, command in COMMANDS.items():
                restore(database, pristine)
                wall, cpu = timed(command, env)
                if n >= args.warm:
                    walls[label].append(wall)
                    cpus[label].append(cpu)
            if n >= args.warm:
                print(f"  round {n - args.warm + 1} of {args.runs}", file=sys.stderr)
        report(walls, cpus, args.runs, package)
        if args.importtime:
            importtime_report(env, database, pristine, args.top)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


def report(walls: dict, cpus: dict, runs: int, package: Path | None) -> None:
    wall_of = {label: statistics.median(samples) for label, samples in walls.items()}
    cpu_of = {label: statistics.median(samples) for label, samples in cpus.items()}
    print("# Start-up of `glimmers add`, `list` and `search` on an empty journal")
    print()
    print(
        f"| median of {runs} runs | wall s | × bare | CPU s | × bare "
        f"| × bare, collection paused | within {TARGET}× |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for label in COMMANDS:
        wall, cpu = wall_of[label], cpu_of[label]
        bare = label in (BARE, PAUSED)
        verdict = "" if bare else ("holds" if wall <= TARGET * wall_of[BARE] else "missed")
        print(
            f"| {label} | {wall:.3f} | {wall / wall_of[BARE]:.2f} | {cpu:.3f} | "
            f"{cpu / cpu_of[BARE]:.2f} | {wall / wall_of[PAUSED]:.2f} | {verdict} |"
        )
    print()
    print(
        f"Target (issue #16): each command's median wall-clock time within {TARGET}× the bare "
        "`django.setup()` (minimal settings, no apps) measured in the same run. "
        "`glimmers` pauses garbage collection while it loads (docs/decisions.md); the "
        "second bare row does the same, for a like-for-like ratio. The series took turns; "
        "the journal (one account, no glimmers, SQLite) was restored before every run. "
        + (
            f"Byte-code of {package} compiled first, as an install does."
            if package
            else "Glimmers' byte-code was not compiled first (--no-compile)."
        )
    )
    print()
    print("| series | min wall s | max wall s |")
    print("|---|---:|---:|")
    for label in COMMANDS:
        print(f"| {label} | {min(walls[label]):.3f} | {max(walls[label]):.3f} |")
    print()


if __name__ == "__main__":
    sys.exit(main())
