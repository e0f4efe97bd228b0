"""`glimmers serve`: migrations, a production server, static files, /healthz."""

import io
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - localhost only
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    env = {**os.environ, "GLIMMERS_DATA_DIR": str(tmp_path / "data")}
    process = subprocess.Popen(
        [sys.executable, "-m", "glimmers", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(f"{base}/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"server did not start: {process.stdout.read()}")
    yield base, tmp_path / "data"
    process.terminate()
    process.wait(timeout=10)


def test_it_serves_health_static_files_and_the_first_run_page(served):
    base, data_dir = served
    status, _headers, body = _get(f"{base}/healthz")
    assert (status, body) == (200, b'{"status": "ok"}')

    status, headers, _body = _get(f"{base}/static/glimmers/glimmers.css")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")

    # No account yet: the start page leads to the welcome page.
    status, _headers, body = _get(f"{base}/")
    assert status == 200
    assert b"Welcome to Glimmers" in body
    assert headers.get("Server", "") != "WSGIServer"  # not Django's runserver
    if "GLIMMERS_DATABASE_URL" not in os.environ:
        assert (data_dir / "glimmers.sqlite3").exists()


@pytest.mark.parametrize(
    "option, message",
    [
        (("--port", "70000"), "--port must be between 1 and 65535"),
        (("--workers", "0"), "--workers must be at least 1"),
    ],
)
def test_it_refuses_a_port_out_of_range_or_no_workers(tmp_path, option, message):
    env = {**os.environ, "GLIMMERS_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "glimmers", "serve", *option],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "given, threads",
    [
        (("--workers", "2"), 1),  # several processes: one thread each
        (("--workers", "1"), 8),  # a lone process keeps threads for a long request
        (("--workers", "2", "--threads", "4"), 4),  # asked for: as asked
    ],
)
def test_threads_are_one_per_worker_when_there_are_several(db, monkeypatch, given, threads):
    from django.core.management import call_command

    from glimmers.management.commands import serve as command

    started = {}
    monkeypatch.setattr(command, "serve", lambda application, **options: started.update(options))
    monkeypatch.setattr(command, "prepare_static_files", lambda write: False)
    call_command("serve", *given, stdout=io.StringIO())
    assert started["threads"] == threads
    assert started["workers"] == int(given[1])


def test_what_the_server_loads_is_frozen_before_the_workers_start(db, monkeypatch):
    """Start-up objects live as long as the server: Python's full collections in
    the workers skip them (about 40 ms a pause on a journal page otherwise)."""
    import gc

    from django.core.management import call_command

    from glimmers.management.commands import serve as command

    seen = {}

    def fake_serve(application, **options):
        seen["frozen"] = gc.get_freeze_count()

    monkeypatch.setattr(command, "serve", fake_serve)
    monkeypatch.setattr(command, "prepare_static_files", lambda write: False)
    gc.unfreeze()
    try:
        call_command("serve", "--workers", "1", stdout=io.StringIO())
    finally:
        gc.unfreeze()
    assert seen["frozen"] > 0
