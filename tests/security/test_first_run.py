"""A hosted instance's first account needs the one-time setup code; a laptop's does not.

Whoever reaches a fresh instance first would otherwise own it. The code is
printed by `glimmers serve` (and `glimmers setup-code`), kept in the data
folder with mode 0600, compared in constant time, throttled, and useless once
any account exists.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from glimmers.accounts import setup_code, throttle
from tests.factories import make_user

User = get_user_model()

NEW_ACCOUNT = {
    "username": "mira",
    "password1": "slow-morning-light-7",
    "password2": "slow-morning-light-7",
    "time_zone": "Europe/Kyiv",
}


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir(mode=0o700)


@pytest.fixture
def hosted(settings):
    """A fresh instance served over HTTPS (a proxy in front, say)."""
    settings.HTTPS = True
    return Client(HTTP_HOST="journal.example.org", REMOTE_ADDR="198.51.100.7")


@pytest.fixture(autouse=True)
def _allowed(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "journal.example.org"]


def test_a_laptops_first_run_needs_no_code(db):
    laptop = Client(HTTP_HOST="127.0.0.1")
    page = laptop.get("/accounts/welcome/")
    assert "Setup code" not in page.content.decode()
    assert laptop.post("/accounts/welcome/", NEW_ACCOUNT).status_code == 302
    assert User.objects.get().is_superuser


def test_a_hosted_first_run_without_the_code_creates_nothing(db, hosted):
    page = hosted.get("/accounts/welcome/")
    assert page.status_code == 200
    assert "Setup code" in page.content.decode()
    response = hosted.post("/accounts/welcome/", NEW_ACCOUNT)
    assert response.status_code == 200
    assert "Please fill this in." in response.content.decode()
    assert not User.objects.exists()


def test_a_wrong_code_is_refused_kindly_and_creates_nothing(db, hosted):
    setup_code.current()
    response = hosted.post("/accounts/welcome/", {**NEW_ACCOUNT, "setup_code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 200
    assert "That setup code doesn’t match" in response.content.decode()
    assert "glimmers setup-code" in response.content.decode()
    assert not User.objects.exists()


def test_the_right_code_makes_the_first_account_and_then_stops_working(db, hosted):
    code = setup_code.current()
    typed = code.lower().replace("-", " ")  # as someone might copy it
    response = hosted.post("/accounts/welcome/", {**NEW_ACCOUNT, "setup_code": typed})
    assert response.status_code == 302
    assert User.objects.get().username == "mira"
    assert not setup_code.path().exists()
    assert setup_code.current() is None
    assert not setup_code.matches(code)

    someone_else = Client(HTTP_HOST="journal.example.org", REMOTE_ADDR="203.0.113.5")
    again = someone_else.post(
        "/accounts/welcome/", {**NEW_ACCOUNT, "username": "eve", "setup_code": code}
    )
    assert again.status_code == 302
    assert again["Location"] == "/accounts/login/"
    assert not User.objects.filter(username="eve").exists()


def test_a_host_name_needs_the_code_even_without_https(db, settings):
    settings.HTTPS = False
    by_name = Client(HTTP_HOST="journal.example.org")
    assert "Setup code" in by_name.get("/accounts/welcome/").content.decode()
    assert by_name.post("/accounts/welcome/", NEW_ACCOUNT).status_code == 200
    assert not User.objects.exists()


def test_another_machine_saying_host_localhost_still_needs_the_code(db):
    neighbour = Client(HTTP_HOST="localhost", REMOTE_ADDR="192.168.1.23")
    assert neighbour.post("/accounts/welcome/", NEW_ACCOUNT).status_code == 200
    assert not User.objects.exists()


def test_behind_a_proxy_loopback_still_needs_the_code(db, settings):
    """A tunnel or proxy on this machine may send every visitor as Host 127.0.0.1 from loopback."""
    settings.HTTPS = False
    settings.BEHIND_PROXY = True
    tunnelled = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="127.0.0.1")
    assert "Setup code" in tunnelled.get("/accounts/welcome/").content.decode()
    assert tunnelled.post("/accounts/welcome/", NEW_ACCOUNT).status_code == 200
    assert not User.objects.exists()


def test_wrong_codes_are_paused_per_address(db, hosted):
    code = setup_code.current()
    limit = throttle.RULES[("setup", "address")].limit
    for number in range(limit):
        hosted.post(
            "/accounts/welcome/",
            {**NEW_ACCOUNT, "setup_code": f"WRONG-{number}"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    paused = hosted.post("/accounts/welcome/", {**NEW_ACCOUNT, "setup_code": code})
    assert paused.status_code == 429
    assert "You can try again in" in paused.content.decode()
    assert not User.objects.exists()


def test_the_code_is_kept_private_in_the_data_folder(db, settings):
    code = setup_code.current()
    file = settings.DATA_DIR / "setup_code"
    assert file.read_text().strip() == code
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert setup_code.current() == code  # the same one until it is used
    assert len(code.replace("-", "")) == 12


def test_glimmers_setup_code_prints_it_and_refuses_once_an_account_exists(db):
    # In-process here (`glimmers setup-code` itself runs in the serve test below).
    out = io.StringIO()
    call_command("setup_code", stdout=out)
    assert out.getvalue().strip() == setup_code.current()

    make_user("olena")
    with pytest.raises(CommandError, match="already has an account"):
        call_command("setup_code")
    assert not setup_code.path().exists()


def test_glimmers_serve_prints_the_code_the_welcome_page_asks_for(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = tmp_path / "served"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GLIMMERS_")},
        "GLIMMERS_DATA_DIR": str(data),
        "GLIMMERS_HTTPS": "1",
    }  # a fresh SQLite instance of its own, whichever database the tests use
    process = subprocess.Popen(
        [sys.executable, "-m", "glimmers", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Press Ctrl+C" in line:
                break
        output = "".join(lines)
        assert "one-time setup code" in output, output
        code = (data / "setup_code").read_text().strip()
        assert code in output
        again = subprocess.run(
            [sys.executable, "-m", "glimmers", "setup-code"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert again.returncode == 0, again.stderr
        assert again.stdout.strip() == code
    finally:
        process.terminate()
        process.wait(timeout=10)
