"""`glimmers` speaks the person's language: LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext does.

Ukrainian for "uk_UA.UTF-8" (or any "uk…"); English for "C", "POSIX", English
itself and any language Glimmers has no words in. JSON stays the same in
every language: the keys and the machine values are for scripts.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from django.utils import translation

from glimmers.cli.main import LOCALE_VARIABLES, language_from
from tests.cli import run
from tests.factories import make_glimmer

NO_LOCALE = dict.fromkeys(LOCALE_VARIABLES, "")


# --- which language ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "uk_UA.UTF-8"}, "uk"),
        ({"LANG": "uk_UA"}, "uk"),
        ({"LANG": "uk"}, "uk"),
        ({"LANG": "uk_UA.UTF-8@euro"}, "uk"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),  # a language Glimmers doesn't speak: English
        ({}, "en"),
        ({"LC_MESSAGES": "uk_UA.UTF-8", "LANG": "en_US.UTF-8"}, "uk"),
        ({"LC_ALL": "uk_UA.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "uk"),
        ({"LC_ALL": "C", "LANG": "uk_UA.UTF-8"}, "en"),  # LC_ALL wins over LANG
        ({"LANGUAGE": "uk", "LANG": "en_US.UTF-8"}, "uk"),  # LANGUAGE first
        ({"LANGUAGE": "de:uk:en", "LANG": "en_US.UTF-8"}, "uk"),  # the first it speaks
        ({"LANGUAGE": "en_GB:uk", "LANG": "uk_UA.UTF-8"}, "en"),
        ({"LANGUAGE": "", "LANG": "uk_UA.UTF-8"}, "uk"),  # empty: not set
    ],
)
def test_it_picks_the_language_as_gettext_does(environ, language):
    assert language_from({**NO_LOCALE, **environ}) == language


# --- in this process --------------------------------------------------------------------


@pytest.fixture
def ukrainian(monkeypatch):
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "uk_UA.UTF-8")


def test_it_leaves_the_callers_language_as_it_was(owner, ukrainian):
    with translation.override("en"):
        result = run("list", "-n", "0")
        assert translation.get_language() == "en"
    assert "має бути" in result.err


def test_a_refusal_is_in_ukrainian_and_still_one_line(owner, ukrainian):
    result = run("list", "-n", "0")

    assert result.code == 2
    assert result.err == "glimmers: -n має бути від 1 до 10000.\n"


def test_json_keys_and_values_are_the_same_in_every_language(owner, ukrainian, monkeypatch):
    make_glimmer(owner, "Warm light", noticed_at=datetime(2025, 3, 2, 6, 15, tzinfo=UTC))
    in_ukrainian = run("list", "--json").json()
    monkeypatch.setenv("LANG", "C")
    in_english = run("list", "--json").json()

    assert in_ukrainian == in_english
    assert set(in_ukrainian[0]) >= {"id", "text", "noticed_at", "kind", "senses"}
    assert in_ukrainian[0]["kind"] == "noticed"


# --- `LANG=… glimmers …`, as a person runs it ---------------------------------------------


@pytest.fixture(scope="module")
def journal_env(tmp_path_factory) -> dict[str, str]:
    """A journal of its own (SQLite), with one account in Kyiv and one glimmer."""
    folder = tmp_path_factory.mktemp("language")
    env = {k: v for k, v in os.environ.items() if k != "GLIMMERS_DATABASE_URL"}
    env.update(
        NO_LOCALE,
        GLIMMERS_DATA_DIR=str(folder),
        DJANGO_SETTINGS_MODULE="glimmers.settings",
        DJANGO_SUPERUSER_PASSWORD="calm-long-pass-1",
    )
    for args in (
        ["migrate", "-v0"],
        ["createsuperuser", "--noinput", "--username", "olena"],
        ["add", "Warm light on the wall", "--at", "2025-03-02 08:15"],
    ):
        done = glimmers(env, *args)
        assert done.returncode == 0, done.stderr
    return env


def glimmers(env: dict[str, str], *args: str, lang: str | None = None):
    if lang is not None:
        env = {**env, "LANG": lang}
    return subprocess.run(
        [sys.executable, "-m", "glimmers", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_friendly_help_is_in_ukrainian(journal_env):
    done = glimmers(journal_env, lang="uk_UA.UTF-8")

    assert done.returncode == 0
    assert done.stdout.startswith("Glimmers — затишне приватне місце")
    assert "Як користуватися:" in done.stdout
    assert "glimmers add [TEXT]" in done.stdout  # the commands themselves stay as typed
    assert "Зберегти проблиск" in done.stdout
    assert "Keep a glimmer" not in done.stdout


def test_a_commands_own_help_is_in_ukrainian(journal_env):
    done = glimmers(journal_env, "token", "create", "--help", lang="uk_UA.UTF-8")

    assert done.returncode == 0
    assert "що ним користуватиметься" in done.stdout


def test_bad_input_is_refused_in_ukrainian(journal_env):
    done = glimmers(journal_env, "add", "Sun", "--before", "calm", lang="uk_UA.UTF-8")

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "glimmers: «calm» — не стан; вкажіть один із: safe, mobilized, shutdown, unsure.\n"
    )


def test_today_is_in_ukrainian(journal_env):
    done = glimmers(journal_env, "today", lang="uk_UA.UTF-8")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Сьогодні, ")
    assert "Наміру поки немає" in done.stdout
    assert "Дні, коли ви щось помічали: цього тижня" in done.stdout


def test_add_says_kept_in_ukrainian_to_a_person_at_a_terminal(journal_env):
    """Standard output keeps only the short id (for scripts); a terminal also gets a word."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "glimmers", "add", "Тепла кава"],
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            env={**journal_env, "LANG": "uk_UA.UTF-8"},
            timeout=120,
        )
        os.close(follower)
        follower = -1
        said = _read_all(leader)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)

    assert done.returncode == 0
    short_id = done.stdout.strip()
    assert len(short_id) == 8
    assert f"Збережено. `glimmers show {short_id}` покаже його знову." in said


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the other end closed (Linux says EIO)
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8")


def test_the_list_dates_say_the_month_in_the_genitive(journal_env):
    done = glimmers(journal_env, "list", "--until", "2025-03-31", lang="uk_UA.UTF-8")

    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert "  2 березня 2025, " in line  # not «березень»
    assert line.endswith("  Warm light on the wall")


@pytest.mark.parametrize("lang", ["C", "C.UTF-8", "en_US.UTF-8", "de_DE.UTF-8"])
def test_other_locales_stay_english(journal_env, lang):
    help_ = glimmers(journal_env, lang=lang)
    listed = glimmers(journal_env, "list", "--until", "2025-03-31", lang=lang)
    refused = glimmers(journal_env, "list", "-n", "0", lang=lang)

    assert help_.stdout.startswith("Glimmers — a private place for the small moments")
    assert "  2 March 2025, " in listed.stdout
    assert refused.stderr == "glimmers: -n must be between 1 and 10000.\n"


def test_json_is_the_same_in_ukrainian(journal_env):
    ukrainian = glimmers(journal_env, "today", "--json", lang="uk_UA.UTF-8")
    english = glimmers(journal_env, "today", "--json", lang="C")

    assert json.loads(ukrainian.stdout) == json.loads(english.stdout)


def test_djangos_own_commands_speak_it_too(journal_env):
    done = glimmers(journal_env, "delete-account", "--user", "nobody", lang="uk_UA.UTF-8")

    assert done.returncode == 2
    assert "Облікового запису «nobody» немає." in done.stderr


def test_a_time_it_cannot_read_is_refused_in_ukrainian(owner, ukrainian):
    result = run("add", "Warm light", "--at", "blursday")

    assert result.code == 2
    assert result.err.startswith("glimmers: Не вдається зрозуміти час «blursday». Спробуйте ")
    assert '"yesterday 7pm"' in result.err  # the phrases it reads stay as they are typed


# --- the commands for the host -------------------------------------------------------------


def test_backup_and_restore_say_what_they_did_in_ukrainian(journal_env, tmp_path):
    made = glimmers(journal_env, "backup", str(tmp_path), lang="uk_UA.UTF-8")

    assert made.returncode == 0, made.stderr
    said, warning = made.stdout.splitlines()
    assert re.fullmatch(
        r"Резервну копію \(1 обліковий запис, \d+ проблиск\w* і 0 фото\) збережено в "
        r"\S+\.zip \(.+, за \d+,\d с\)\.",  # a decimal comma, as Ukrainian writes it
        said,
    ), said
    assert warning.startswith("У ній щоденники всіх людей як є, без шифрування")

    (backup,) = tmp_path.glob("glimmers-backup-*.zip")
    elsewhere = {**journal_env, "GLIMMERS_DATA_DIR": str(tmp_path / "new")}
    restored = glimmers(elsewhere, "restore", str(backup), lang="uk_UA.UTF-8")

    assert restored.returncode == 0, restored.stderr
    said = restored.stdout.splitlines()[0]
    assert re.fullmatch(
        r"Відновлено 1 обліковий запис, \d+ проблиск\w* і 0 фото з резервної копії, "
        r"створеної \d{1,2} (січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|"
        r"жовтня|листопада|грудня) \d{4}, \d\d:\d\d UTC\.",  # the month in the genitive
        said,
    ), said


def test_sweep_photos_speaks_ukrainian(journal_env):
    done = glimmers(journal_env, "sweep-photos", "--dry-run", lang="uk_UA.UTF-8")

    assert done.returncode == 0, done.stderr
    assert done.stdout == "Було б прибрано 0 файлів фото, на які ніщо не посилається.\n"
