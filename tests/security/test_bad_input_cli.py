"""Bad input to the `glimmers` command: exit code 2, one line on stderr, nothing changed.

Never a traceback: not for bytes that aren't UTF-8 (piped in, typed as an
argument, or saved by an editor), not for NUL characters, and not for a date
outside the years the app keeps (glimmers/time.py: 1900 to 2100).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from glimmers.journal.models import Glimmer
from glimmers.practice.models import PromptShown, Reflection
from tests.cli import FakeStdin, refuse, run
from tests.factories import make_glimmer, make_user

BOUNDS = "between 1900 and 2100"


class PipedBytes(io.TextIOWrapper):
    """Standard input as a pipe carrying raw bytes, as the shell hands them over."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data), encoding="utf-8")

    def isatty(self) -> bool:
        return False


@pytest.fixture
def pipe(monkeypatch):
    def piped(data: bytes | str) -> None:
        stdin = PipedBytes(data) if isinstance(data, bytes) else FakeStdin(data)
        monkeypatch.setattr(sys, "stdin", stdin)

    return piped


def practice_rows() -> dict:
    return {
        "reflections": list(Reflection.objects.values()),
        "shown": list(PromptShown.objects.values()),
    }


# ---------------------------------------------------------------------------
# Text that isn't UTF-8, or holds NUL characters
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"\xff\xfe", b"caf\xe9 au lait", b"ok \x00 then"])
def test_add_refuses_piped_bytes_it_cannot_keep(owner, pipe, data):
    pipe(data)
    result = refuse("add")
    assert "nothing was changed" in result.err
    assert not Glimmer.objects.exists()


def test_add_still_takes_piped_utf8(owner, pipe):
    pipe("Kávé és napfény\n".encode())
    assert run("add").code == 0
    assert Glimmer.objects.get().text == "Kávé és napfény"


@pytest.mark.parametrize(
    "argv",
    [
        ["add", "caf\udce9 au lait"],  # how Python hands over an argument that wasn't UTF-8
        ["add", "birdsong", "--place", "the p\udcffier"],
        ["trigger", "a door \udcff"],
        ["intend", "small \udcff sounds"],
        ["search", "caf\udce9"],
        ["list", "--tag", "caf\udce9"],
        ["add", "nul \x00 inside"],
    ],
)
def test_arguments_that_cannot_be_kept_are_refused(owner, argv):
    before = practice_rows()
    refuse(*argv)
    assert practice_rows() == before


def test_undecodable_bytes_on_a_real_pipe_exit_2_without_a_traceback(tmp_path):
    env = {
        **os.environ,
        "GLIMMERS_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "glimmers.settings",
    }
    env.pop("GLIMMERS_DATABASE_URL", None)  # a journal of its own, on SQLite

    def glimmers(*args: str, data: bytes = b"") -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "glimmers", *args],
            input=data,
            capture_output=True,
            env=env,
            timeout=120,
        )

    assert glimmers("migrate", "-v0").returncode == 0
    made = glimmers("createsuperuser", "--noinput", "--username", "ana")
    assert made.returncode == 0, made.stderr

    added = glimmers("add", data=b"\xff\xfe")

    assert added.returncode == 2, added.stderr
    assert b"Traceback" not in added.stderr
    assert added.stderr.decode().count("\n") == 1
    assert added.stderr.startswith(b"glimmers: ")
    listed = glimmers("list", "--json")
    assert listed.returncode == 0 and listed.stdout.strip() == b"[]"


def test_an_editor_that_saves_bytes_that_are_not_utf8_changes_nothing(owner, monkeypatch, tmp_path):
    glimmer = make_glimmer(owner, "Old light")
    # An editor set to Latin-1: "café" saved with "é" as the single byte 0xe9.
    editor = tmp_path / "latin1-editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'wb').write(b'caf\\xe9')\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    refuse("edit", glimmer.short_id, says="UTF-8")
    assert Glimmer.objects.get(pk=glimmer.pk).text == "Old light"


# ---------------------------------------------------------------------------
# Reflections: nothing kept, and the question not marked as shown
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["\x00\x00\x00", "\x00"])
def test_a_reflection_of_nul_characters_is_refused(owner, pipe, answer):
    pipe(answer)
    before = practice_rows()
    refuse("reflect")
    assert practice_rows() == before
    assert not Reflection.objects.exists()


def test_an_over_long_reflection_is_refused_and_no_question_is_marked_shown(owner):
    before = practice_rows()
    refuse("reflect", "x" * 5001)
    assert practice_rows() == before


def test_a_piped_over_long_reflection_is_refused_too(owner, pipe):
    pipe("y" * 6000)
    before = practice_rows()
    refuse("reflect")
    assert practice_rows() == before


def test_a_good_reflection_is_still_kept(owner):
    assert run("reflect", "the soup was warm").code == 0
    assert Reflection.objects.get().answer == "the soup was warm"


# ---------------------------------------------------------------------------
# Dates outside the years we keep
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["add", "old oak", "--at", "1000-01-01"],
        ["add", "old oak", "--at", "0001-01-02 00:30"],
        ["add", "old oak", "--at", "1899-12-31 23:00"],
        ["trigger", "a door", "--at", "1000-01-01"],
        ["list", "--since", "1000-01-01"],
        ["list", "--until", "0001-01-02"],
        ["insights", "--until", "0001-12-31"],
        ["insights", "--since", "0001-01-02", "--until", "0001-12-31"],
        ["insights", "--since", "1000-01-01"],
        ["insights", "--until", "2101-01-01"],
    ],
)
def test_a_date_outside_the_years_we_keep_is_refused(owner, argv):
    refuse(*argv, says=BOUNDS)


def test_editing_a_glimmer_to_the_year_1000_changes_nothing(owner):
    glimmer = make_glimmer(owner, "kettle", noticed_at=datetime(2025, 3, 2, 8, tzinfo=UTC))
    refuse("edit", glimmer.short_id, "--at", "1000-03-02 08:00", says=BOUNDS)
    assert Glimmer.objects.get(pk=glimmer.pk).noticed_at == datetime(2025, 3, 2, 8, tzinfo=UTC)


def test_a_glimmer_from_1900_is_kept(owner):
    assert run("add", "grandmother's garden", "--at", "1900-06-01 10:00").code == 0
    assert Glimmer.objects.get().noticed_at.year == 1900


def test_insights_still_show_a_glimmer_kept_near_the_year_1_far_west(db):
    west = make_user("west", time_zone="Etc/GMT+12")
    # Kept before dates were bounded: 1 January of the year 1, in the person's own day.
    make_glimmer(west, "the first day", noticed_at=datetime(1, 1, 2, tzinfo=UTC))
    result = run("insights", "--range", "all")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err


def test_a_moment_near_the_year_1_is_refused_far_west(db):
    make_user("west", time_zone="Etc/GMT+12")
    refuse("add", "dawn", "--at", "0001-01-01 13:00", says=BOUNDS)
