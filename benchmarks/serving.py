"""Start, stop and kill a real `glimmers serve` on this machine, for benchmarks and tests.

Shared by ``capture_http.py`` and ``tests/reliability/`` (which put this
folder on ``sys.path``), beside ``loadgen.py``.

- ``Server`` runs ``python -m glimmers serve`` as a subprocess on a free
  127.0.0.1 port, with its own data folder, the API rate limit off
  (``GLIMMERS_API_RATE_LIMIT=0``; a load test is one caller making many
  requests) and, when given, a PostgreSQL URL. ``start()`` waits for
  ``/healthz``; ``kill()`` sends SIGKILL (a crash: no clean-up runs);
  ``stop()`` asks it to end and kills it if it does not. A restart keeps the
  port, so clients find it again. Everything it prints goes to a log file,
  which ``log_count("database is locked")`` searches.
- ``create_accounts(env, names)`` makes accounts and API tokens through the
  app's own service functions, in a subprocess with the same environment.
- ``throwaway_postgres(url)`` makes a database beside the one ``url`` names
  and drops it afterwards (the configured one is never touched).
- ``Server(env, server="gunicorn-sync")`` (or ``gunicorn-gthread``,
  ``granian``) runs that server instead, with two workers, on
  ``served_app:application`` (glimmers.wsgi's application; migrate first, as
  `glimmers serve` would). Those servers are not Glimmers' dependencies: they
  are for benchmarks/serving_ab.py, which installs nothing itself.
  ``BENCH_WRITER_QUEUE=off`` in the environment turns the SQLite writer queue
  off in whichever server runs (served_app.py says how).

Nothing in the caller's environment that starts with ``GLIMMERS_`` leaks into
the server: the test runner's own settings must not decide where it writes.

    .venv/bin/python benchmarks/serving.py accounts alice bob   # (with GLIMMERS_DATA_DIR set)
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HOST = "127.0.0.1"
HERE = Path(__file__).resolve().parent
ACCOUNT_PASSWORD = "reliable-glimmers-2026"  # noqa: S105 - throwaway journals only


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(
    data_dir: Path | str, *, database_url: str | None = None, **extra: str
) -> dict[str, str]:
    """The environment for a server (and its helpers): its own data folder, no rate limit."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GLIMMERS_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env["GLIMMERS_DATA_DIR"] = str(data_dir)
    env["GLIMMERS_API_RATE_LIMIT"] = "0"
    env["PYTHONUNBUFFERED"] = "1"
    if database_url:
        env["GLIMMERS_DATABASE_URL"] = database_url
    env.update(extra)
    return env


def postgres_url() -> str | None:
    """The PostgreSQL server to use, if the environment names one."""
    for name in ("GLIMMERS_DATABASE_URL", "GLIMMERS_TEST_DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


@contextlib.contextmanager
def throwaway_postgres(base_url: str, name: str) -> Iterator[str]:
    """A fresh database called ``name`` on the server of ``base_url``; dropped afterwards."""
    import psycopg

    # Create and drop from the maintenance database: the one the URL names
    # need not exist.
    with psycopg.connect(base_url, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(base_url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(base_url, dbname="postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_accounts(env: dict[str, str], names: list[str]) -> dict[str, str]:
    """Migrate, then make each account with an API token; returns {name: raw token}."""
    done = subprocess.run(
        [sys.executable, __file__, "accounts", *names],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"could not create accounts: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


SERVERS = ("glimmers", "gunicorn-sync", "gunicorn-gthread", "granian")


class ServerFailed(RuntimeError):
    pass


class Server:
    """One `glimmers serve` process that can be started, killed and started again."""

    def __init__(
        self,
        env: dict[str, str],
        *,
        port: int | None = None,
        log_path: Path | str | None = None,
        extra_args: tuple[str, ...] = (),
        server: str = "glimmers",
        workers: int = 2,
    ):
        if server not in SERVERS:
            raise ValueError(f"server must be one of {', '.join(SERVERS)}")
        self.server = server
        self.workers = workers
        self.env = env
        self.port = port or free_port()
        data_dir = Path(env["GLIMMERS_DATA_DIR"])
        self.log_path = Path(log_path or data_dir.with_name(data_dir.name + "-serve.log"))
        self.extra_args = extra_args
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def command(self) -> list[str]:
        if self.server == "glimmers":
            if self.env.get("BENCH_WRITER_QUEUE") == "off":
                start = [sys.executable, str(HERE / "served_app.py")]
            else:
                start = [sys.executable, "-m", "glimmers"]
            return [*start, "serve", "--host", HOST, "--port", str(self.port), *self.extra_args]
        # The others do not migrate: do it now, as `glimmers serve` would.
        subprocess.run(
            [sys.executable, "-m", "glimmers", "migrate", "-v", "0"],
            env=self.env,
            check=True,
            timeout=600,
        )
        app = "served_app:application"
        if self.server.startswith("gunicorn"):
            kind = self.server.split("-", 1)[1]
            return [
                *(sys.executable, "-m", "gunicorn", "--pythonpath", str(HERE)),
                *("--bind", f"{HOST}:{self.port}", "--workers", str(self.workers)),
                *("--worker-class", kind, "--log-level", "warning"),
                *self.extra_args,
                app,
            ]
        return [
            *(sys.executable, "-m", "granian", "--interface", "wsgi"),
            *("--working-dir", str(HERE), "--host", HOST, "--port", str(self.port)),
            *("--workers", str(self.workers), "--log-level", "warning", "--no-ws"),
            *self.extra_args,
            app,
        ]

    def cpu_seconds(self) -> float:
        """User and system CPU of every live process of the server so far (Linux only)."""
        if self.process is None:
            return 0.0
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # state ppid pgrp session … utime(12) stime(13) cutime cstime (after the name)
            if int(fields[3]) == self.process.pid:
                total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
        return total / os.sysconf("SC_CLK_TCK")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 180.0) -> Server:
        if self.running:
            raise ServerFailed("already running")
        command = self.command()
        with open(self.log_path, "a") as log:
            log.write(f"\n=== start {self.starts + 1}: {' '.join(command)}\n")
            log.flush()
            # A session of its own: kill() takes the workers down with it.
            self.process = subprocess.Popen(
                command,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(
                    f"glimmers serve ended with {self.process.returncode}:\n{self.log_tail()}"
                )
            if self.healthy():
                return self
            time.sleep(0.1)
        self.kill()
        raise ServerFailed(f"glimmers serve did not answer /healthz in {timeout:.0f} s")

    def healthy(self) -> bool:
        try:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
            try:
                conn.request("GET", "/healthz")
                return conn.getresponse().status == 200
            finally:
                conn.close()
        except (OSError, http.client.HTTPException):
            return False

    def kill(self) -> None:
        """SIGKILL to the server and its workers: all end at once, mid-request, no clean-up."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)

    def stop(self, timeout: float = 30.0) -> None:
        """Ask it to end (SIGTERM); kill it if it has not within ``timeout``."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self, timeout: float = 180.0) -> Server:
        self.kill()
        return self.start(timeout)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_text()[-chars:]

    def log_count(self, text: str) -> int:
        return self.log_text().count(text)

    def __enter__(self) -> Server:
        return self.start() if not self.running else self

    def __exit__(self, *exc) -> None:
        self.stop()


def _accounts_main(names: list[str]) -> int:
    """Run inside the server's environment: make accounts and tokens, print them as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from glimmers.accounts.services import create_account
    from glimmers.accounts.tokens import create_token

    call_command("migrate", interactive=False, verbosity=0)
    from django.contrib.auth import get_user_model

    made = {}
    for name in names:
        first = not get_user_model().objects.exists()
        user = create_account(
            username=name, password=ACCOUNT_PASSWORD, time_zone="UTC", first=first
        )
        made[name] = create_token(user, "reliability")[1]
    print(json.dumps(made))
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "accounts":
        sys.exit(_accounts_main(sys.argv[2:]))
    print(__doc__)
    sys.exit(2)
