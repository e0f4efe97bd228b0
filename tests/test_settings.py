"""Settings: every variable documented, bad values refused, safe defaults."""

import os
import re
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "docs" / "configuration.md").read_text()


def _run(args, tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GLIMMERS_")}
    clean.update({"GLIMMERS_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, *args], env=clean, capture_output=True, text=True, timeout=120
    )


def test_it_documents_every_variable_settings_reads():
    from glimmers import settings

    missing = [name for name in settings.ENV_VARS if f"`{name}`" not in DOCS]
    assert not missing, f"not in docs/configuration.md: {missing}"


def test_it_documents_every_variable_named_anywhere_in_the_code():
    names = set()
    for path in (ROOT / "src").rglob("*.py"):
        names |= set(re.findall(r"\bGLIMMERS_[A-Z0-9_]+\b", path.read_text()))
    names |= set(re.findall(r"\bGLIMMERS_[A-Z0-9_]+\b", (ROOT / "Makefile").read_text()))
    missing = sorted(name for name in names if f"`{name}`" not in DOCS)
    assert not missing, f"not in docs/configuration.md: {missing}"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("GLIMMERS_DEBUG", "maybe", "GLIMMERS_DEBUG must be one of"),
        ("GLIMMERS_OPEN_SIGNUP", "2", "GLIMMERS_OPEN_SIGNUP must be one of"),
        ("GLIMMERS_ALLOWED_HOSTS", "*", "may not contain '*'"),
        ("GLIMMERS_SECRET_KEY", "too-short", "at least 50 characters"),
        ("GLIMMERS_PHOTO_MAX_BYTES", "lots", "must be a whole number"),
        ("GLIMMERS_DATABASE_URL", "mysql://x@y/z", "SQLite or PostgreSQL"),
    ],
)
def test_it_refuses_a_bad_value_loudly(tmp_path, name, value, message):
    result = _run(["-c", "import glimmers.settings"], tmp_path, **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_it_generates_a_private_secret_key_once(tmp_path):
    script = "from glimmers import settings; print(settings.SECRET_KEY)"
    first = _run(["-c", script], tmp_path)
    second = _run(["-c", script], tmp_path)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "data" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50


def test_it_uses_the_secret_key_from_the_environment(tmp_path):
    key = secrets.token_urlsafe(50)
    result = _run(
        ["-c", "from glimmers import settings; print(settings.SECRET_KEY)"],
        tmp_path,
        GLIMMERS_SECRET_KEY=key,
    )
    assert result.stdout.strip() == key
    assert not (tmp_path / "data" / "secret_key").exists()


def test_it_answers_only_to_this_machine_by_default():
    from glimmers import settings

    if "GLIMMERS_ALLOWED_HOSTS" not in os.environ:
        assert set(settings.ALLOWED_HOSTS) == {"127.0.0.1", "localhost", "[::1]"}
    assert settings.OPEN_SIGNUP is False or "GLIMMERS_OPEN_SIGNUP" in os.environ


def test_it_sets_sqlite_up_for_many_readers_and_queued_writers(tmp_path):
    script = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA foreign_keys').fetchone()[0],"
        " c.execute('PRAGMA busy_timeout').fetchone()[0],"
        " connection.transaction_mode)\n"
    )
    result = _run(["-m", "glimmers", "shell", "--no-imports", "-c", script], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1", "20000", "IMMEDIATE"]


def test_hosted_settings_pass_the_deploy_check(tmp_path):
    result = _run(
        ["-m", "glimmers", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        GLIMMERS_SECRET_KEY=secrets.token_urlsafe(50),
        GLIMMERS_ALLOWED_HOSTS="example.org",
        GLIMMERS_HTTPS="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
