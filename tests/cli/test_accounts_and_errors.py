"""Who a journal command acts for (--user), and how every command fails."""

import io
import os
import subprocess
import sys

import pytest
from django.utils import timezone

from glimmers.cli import main
from glimmers.journal.models import Glimmer
from tests.cli import refuse, run
from tests.factories import make_glimmer, make_user

# One harmless call of every journal command, for the tests that apply to all.
EVERY_COMMAND = [
    ["add", "Birdsong"],
    ["tally"],
    ["list"],
    ["search", "birdsong"],
    ["show", "abcd1234"],
    ["edit", "abcd1234", "--place", "home"],
    ["delete", "abcd1234", "--yes"],
    ["trigger", "A door slammed"],
    ["token", "list"],
    ["token", "create", "--name", "phone"],
    ["token", "revoke", "1"],
]


def ids(argv: list[str]) -> str:
    return " ".join(argv)


# --- which account --------------------------------------------------------------


@pytest.mark.parametrize("argv", EVERY_COMMAND, ids=ids)
def test_it_asks_which_account_when_there_are_several(owner, other, argv):
    refuse(
        *argv,
        says="This journal has more than one account; say which with --user NAME.",
    )


@pytest.mark.parametrize("argv", EVERY_COMMAND, ids=ids)
def test_it_says_how_to_start_when_there_is_no_account(db, argv):
    refuse(*argv, says="There is no account yet. Run `glimmers serve`")


@pytest.mark.parametrize("argv", EVERY_COMMAND, ids=ids)
def test_it_refuses_an_account_that_does_not_exist(owner, other, argv):
    refuse("--user", "nobody", *argv, says="There is no account called “nobody”.")


def test_it_uses_the_only_account_without_being_told(owner):
    assert run("add", "Birdsong").code == 0
    assert Glimmer.objects.get().owner == owner


@pytest.mark.parametrize(
    "argv",
    [
        ["--user", "sam", "add", "Snow"],
        ["--user=sam", "add", "Snow"],
        ["add", "--user", "sam", "Snow"],
        ["add", "Snow", "--user", "sam"],
        ["add", "Snow", "--user=sam"],
    ],
    ids=ids,
)
def test_it_takes_user_before_or_after_the_command(owner, other, argv):
    result = run(*argv)

    assert result.code == 0, result.err
    assert Glimmer.objects.get().owner == other


@pytest.mark.parametrize(
    "argv",
    [
        ["--user", "sam", "token", "create", "--name", "x"],
        ["token", "--user", "sam", "create", "--name", "x"],
        ["token", "create", "--user", "sam", "--name", "x"],
        ["token", "create", "--name", "x", "--user", "sam"],
    ],
    ids=ids,
)
def test_it_takes_user_anywhere_in_a_token_command(owner, other, argv):
    result = run(*argv)

    assert result.code == 0, result.err
    assert list(other.access_tokens.values_list("name", flat=True)) == ["x"]
    assert not owner.access_tokens.exists()


def test_a_user_after_the_command_wins_over_one_before(owner, other):
    assert run("--user", "olena", "add", "Snow", "--user", "sam").code == 0
    assert Glimmer.objects.get().owner == other


def test_it_can_name_the_only_account_too(owner):
    assert run("--user", "olena", "list").code == 0


def test_it_never_acts_on_another_accounts_glimmers(owner, other):
    olenas = make_glimmer(owner, "Olena's sea")
    sams = make_glimmer(other, "Sam's snow")

    listed = run("--user", "sam", "list", "--json").json()
    found = run("--user", "sam", "search", "sea", "--json").json()
    edited = run("--user", "sam", "edit", olenas.short_id, "--text", "mine now")
    deleted = run("--user", "sam", "delete", olenas.short_id, "--yes")

    assert [item["id"] for item in listed] == [str(sams.pk)]
    assert found == []
    assert (edited.code, deleted.code) == (2, 2)
    assert "You have no glimmer with the id" in edited.err
    assert Glimmer.objects.get(pk=olenas.pk).text == "Olena's sea"


# --- how mistakes are reported -----------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--user", "olena"], "the following arguments are required: command"),
        (["--user", "olena", "lsit"], "invalid choice: 'lsit'"),
        (["list", "--colour"], "unrecognized arguments: --colour"),
        (["show"], "the following arguments are required: id"),
    ],
)
def test_it_reports_a_usage_mistake_in_one_line(owner, argv, message):
    refuse(*argv, says=message)


def test_it_prints_a_commands_help_to_its_own_output_and_returns(owner, capsys):
    out, err = io.StringIO(), io.StringIO()

    code = main(["list", "--help"], out=out, err=err)

    assert code == 0
    assert out.getvalue().startswith("usage: glimmers list")
    assert "--since DAY" in out.getvalue()
    assert capsys.readouterr().out == ""


def test_it_leaves_the_callers_time_zone_as_it_was(owner):
    before = timezone.get_current_timezone_name()

    assert run("list").code == 0

    assert owner.time_zone != before
    assert timezone.get_current_timezone_name() == before


class ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


class PipeClosedBeforeFlush(io.StringIO):
    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("pipe", [ClosedPipe, PipeClosedBeforeFlush])
def test_it_stops_quietly_when_the_reader_goes_away(owner, pipe):
    """`glimmers list | head -1`: no traceback when head stops reading."""
    make_glimmer(owner, "Birdsong")
    err = io.StringIO()

    code = main(["list"], out=pipe(), err=err)

    assert code == 141
    assert err.getvalue() == ""


def test_it_says_to_migrate_when_the_database_is_not_ready(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "GLIMMERS_DATABASE_URL"}
    env["GLIMMERS_DATA_DIR"] = str(tmp_path)

    result = subprocess.run(
        [sys.executable, "-m", "glimmers", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("glimmers: the journal's database isn't ready")
    assert "run `glimmers migrate`" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_account_with_an_unknown_time_zone_falls_back_to_the_servers(db, settings):
    settings.TIME_ZONE = "UTC"
    user = make_user("ana")
    type(user).objects.filter(pk=user.pk).update(time_zone="Mars/Olympus_Mons")

    result = run("add", "Dust devils", "--at", "2025-03-02 08:15", "--json")

    assert result.code == 0, result.err
    assert result.json()["noticed_at"] == "2025-03-02T08:15:00Z"
