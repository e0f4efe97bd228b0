"""`glimmers add [TEXT]`: keep a glimmer from the terminal."""

import json
import os
import subprocess
import sys
import textwrap
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from glimmers.journal.models import Glimmer, Kind, State
from tests.cli import FakeStdin, glimmer_json, refuse, run

KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")


@pytest.fixture
def piped(monkeypatch):
    def pipe(text: str, *, tty: bool = False) -> None:
        monkeypatch.setattr(sys, "stdin", FakeStdin(text, tty=tty))

    return pipe


def only_glimmer(user) -> Glimmer:
    (glimmer,) = Glimmer.objects.filter(owner=user)
    return glimmer


def test_it_keeps_a_glimmer_and_prints_its_short_id(owner):
    result = run("add", "Warm light", "on the kitchen wall")

    assert result.code == 0
    glimmer = only_glimmer(owner)
    assert glimmer.text == "Warm light on the kitchen wall"
    assert glimmer.kind == Kind.NOTICED
    assert result.out == f"{glimmer.short_id}\n"
    assert result.err == ""


def test_it_marks_the_moment_as_now_without_at(owner):
    before = timezone.now()
    assert run("add", "Birdsong").code == 0
    assert before <= only_glimmer(owner).noticed_at <= timezone.now()


def test_it_prints_the_glimmer_in_the_apis_shape_with_json(owner):
    result = run("add", "First light #sea", "--sense", "sight", "--json")

    assert result.code == 0
    data = result.json()
    assert data == glimmer_json(owner, data["id"])
    assert data["text"] == "First light #sea"
    assert data["senses"] == ["sight"]
    assert data["tags"] == ["sea"]


def test_it_turns_hashtags_into_tags(owner):
    assert run("add", "Sun on the #Sea, then #first-light and #sea again").code == 0
    names = sorted(only_glimmer(owner).tags.values_list("name", flat=True))
    assert names == ["first-light", "sea"]


def test_it_keeps_every_detail_it_is_given(owner):
    result = run(
        "add",
        "Mum laughing on the phone",
        "--sense",
        "sound",
        "--sense",
        "touch",
        "--cue",
        "warmth",
        "--person",
        "Mum",
        "--value",
        "family",
        "--place",
        "the kitchen",
        "--before",
        "shutdown",
        "--after",
        "Safe",
        "--gratitude",
        "for her voice",
        "--kind",
        "remembered",
        "--reliable",
        "--json",
    )

    assert result.code == 0, result.err
    data = result.json()
    assert sorted(data["senses"]) == ["sound", "touch"]
    assert data["body_cues"] == ["warmth"]
    assert data["people"] == ["Mum"]
    assert data["values"] == ["family"]
    assert data["place"] == "the kitchen"
    assert data["state_before"] == State.SHUTDOWN
    assert data["state_after"] == State.SAFE
    assert data["gratitude"] == "for her voice"
    assert data["kind"] == Kind.REMEMBERED
    assert data["reliable"] is True


def test_it_accepts_the_british_spelling_of_mobilised(owner):
    assert run("add", "Kettle", "--before", "mobilised").code == 0
    assert only_glimmer(owner).state_before == State.MOBILIZED


def test_it_reads_standard_input_when_there_is_no_text(owner, piped):
    piped("Rain on the skylight #rain\n")

    result = run("add", "--sense", "sound")

    assert result.code == 0, result.err
    glimmer = only_glimmer(owner)
    assert glimmer.text == "Rain on the skylight #rain"
    assert list(glimmer.tags.values_list("name", flat=True)) == ["rain"]
    assert result.out == f"{glimmer.short_id}\n"


def test_it_keeps_several_lines_from_standard_input(owner, piped):
    piped("Line one\nLine two\n")
    assert run("add").code == 0
    assert only_glimmer(owner).text == "Line one\nLine two"


def test_it_does_not_wait_on_a_terminal_for_text(owner, piped):
    piped("typed but never read", tty=True)
    refuse("add", says="Nothing to add")


def test_it_reads_at_in_the_owners_own_time_zone(owner):
    assert run("add", "Morning tea", "--at", "2025-03-02 08:15").code == 0
    # Kyiv is two hours ahead of UTC in early March.
    assert only_glimmer(owner).noticed_at == datetime(2025, 3, 2, 6, 15, tzinfo=UTC)


def test_it_reads_a_phrase_as_the_owner_would_mean_it(owner):
    local_yesterday = {
        (timezone.localtime(timezone.now(), KYIV) - timedelta(days=1)).date()
    }  # (taken before and after, so a run across midnight still passes)
    assert run("add", "First light", "--at", "yesterday 7pm").code == 0
    local_yesterday.add((timezone.localtime(timezone.now(), KYIV) - timedelta(days=1)).date())

    noticed = timezone.localtime(only_glimmer(owner).noticed_at, KYIV)
    assert noticed.date() in local_yesterday
    assert (noticed.hour, noticed.minute) == (19, 0)


def test_it_acts_for_the_named_account_only(owner, other):
    result = run("--user", "sam", "add", "Snow on the fence")

    assert result.code == 0
    assert only_glimmer(other).text == "Snow on the fence"
    assert not Glimmer.objects.filter(owner=owner).exists()


def test_it_keeps_text_of_exactly_the_longest_length(owner):
    assert run("add", "a" * 5000).code == 0
    assert len(only_glimmer(owner).text) == 5000


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add", ""], "Nothing to add"),
        (["add", "   "], "Nothing to add"),
        (["add", "x", "--sense", "smellz"], "We don't know the sense “smellz”"),
        (["add", "x", "--sense", "sight", "--sense", "nope"], "“nope”"),
        (["add", "x", "--cue", "tail-wagging"], "We don't know the body cue “tail-wagging”"),
        (["add", "x", "--at", "blursday"], "Can't read the time “blursday”"),
        (["add", "x", "--at", "tomorrow"], "Can't read the time"),
        (["add", "x", "--at", "2999-01-01"], "in the future"),
        (["add", "x", "--before", "calm"], "“calm” isn't a state"),
        (["add", "x", "--after", "happy"], "“happy” isn't a state"),
        (["add", "x", "--kind", "dreamt"], "invalid choice"),
        (["add", "x", "--colour", "blue"], "unrecognized arguments"),
        (["add", "a" * 5001], "more than 5000 characters"),
        (["add", "x", "--gratitude", "b" * 2001], "gratitude"),
        (["add", "x", "--place", "p" * 201], "place"),
        (["add", "x", "--person", "n" * 81], "people"),
    ],
)
def test_it_refuses_bad_input_and_keeps_nothing(owner, argv, message):
    refuse(*argv, says=message)


def test_it_refuses_text_over_the_limit_from_standard_input(owner, piped):
    piped("a" * 5001)
    refuse("add", says="more than 5000 characters")


def test_it_refuses_an_empty_standard_input(owner, piped):
    piped("\n  \n")
    refuse("add", says="Nothing to add")


LEAN_CHECK = textwrap.dedent(
    """
    import io, json, sys
    from glimmers.cli import main
    out, err = io.StringIO(), io.StringIO()
    code = main(["add", "Lean start #quick"], out=out, err=err)
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("ninja", "pydantic"))
    print(json.dumps({"code": code, "err": err.getvalue(), "heavy": heavy}))
    """
)


def test_it_starts_without_loading_the_web_api(tmp_path):
    """`glimmers add` keeps start-up lean: no django-ninja, no pydantic."""
    env = {k: v for k, v in os.environ.items() if k != "GLIMMERS_DATABASE_URL"}
    env.update(
        GLIMMERS_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="glimmers.settings",
        DJANGO_SUPERUSER_PASSWORD="calm-long-pass-1",
    )

    def python(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args], capture_output=True, text=True, env=env, timeout=120
        )

    assert python("-m", "glimmers", "migrate", "-v0").returncode == 0
    made = python("-m", "glimmers", "createsuperuser", "--noinput", "--username", "ana")
    assert made.returncode == 0, made.stderr

    checked = python("-c", LEAN_CHECK)

    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, report["err"]
    assert report["heavy"] == []
