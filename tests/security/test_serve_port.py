"""`glimmers serve` on a busy port says so plainly; `make run PORT=…` serves there."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.security.served import ROOT, serving


def _healthy(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_busy_port_is_named_plainly_and_nothing_says_it_is_open(tmp_path, workers):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "glimmers", "serve", "--port", str(port), "--workers", workers],
            env=serving.server_env(tmp_path / "data"),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode != 0
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "--port" in result.stderr  # and how to choose another
    assert "Traceback" not in result.stdout + result.stderr
    assert "open at" not in result.stdout


def test_an_address_that_is_not_this_machines_is_named_plainly(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "glimmers", "serve", "--host", "192.0.2.1", "--port", "8000"],
        env=serving.server_env(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "192.0.2.1 is not an address of this machine" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_make_run_serves_on_the_port_it_is_given(tmp_path):
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    venv = Path(sys.prefix)
    port = serving.free_port()
    log = tmp_path / "make-run.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            # -o: use this virtual environment as it is (never reinstall from a test).
            [make, "-s", "-o", f"{venv}/.installed", "run", f"PORT={port}", f"VENV={venv}"],
            cwd=ROOT,
            env=serving.server_env(tmp_path / "data"),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while not _healthy(port):
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "make run did not serve within 120 s"
            time.sleep(0.2)
        assert f"Glimmers is open at http://127.0.0.1:{port}" in log.read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
