"""`glimmers today`, `intend`, `reflect`, `menu`: the daily practice in the terminal."""

import pytest

from glimmers.journal import queries as journal
from glimmers.practice import queries
from glimmers.practice.models import Intention, Reflection
from tests.cli import FakeStdin, run
from tests.factories import make_glimmer


@pytest.fixture(autouse=True)
def _only_owner(owner, monkeypatch):
    """One account, so the commands act for it without --user; a terminal, not a pipe."""
    monkeypatch.setattr("sys.stdin", FakeStdin("", tty=True))


def test_today_shows_the_day_gently(owner):
    make_glimmer(owner, "Warm radiator under my hands")
    result = run("today")
    assert result.code == 0
    assert "No intention yet" in result.out
    assert "1 glimmer so far" in result.out
    assert "Warm radiator" in result.out
    assert "Days you noticed: 1 this week" in result.out


def test_today_json_has_the_documented_keys(owner):
    data = run("today", "--json").json()
    assert set(data) == {"day", "intention", "glimmers", "reflection", "days_noticed"}
    assert data["days_noticed"]["in_a_row"] is None  # streaks stay off unless turned on


def test_intend_without_words_offers_a_prompt_and_sets_nothing(owner):
    result = run("intend")
    assert result.code == 0
    assert 'glimmers intend "' in result.out
    assert not Intention.objects.exists()


def test_intend_sets_todays_intention_with_a_sense(owner):
    assert run("intend", "small", "sounds", "--sense", "sound").code == 0
    intention = queries.intention(owner, journal.local_today(owner))
    assert (intention.text, intention.focus_sense.slug) == ("small sounds", "sound")


def test_intend_refuses_an_unknown_sense(owner):
    result = run("intend", "x", "--sense", "smellz")
    assert result.code == 2
    assert "smellz" in result.err
    assert not Intention.objects.exists()


def test_reflect_shows_the_intention_and_a_question_then_keeps_the_answer(owner):
    run("intend", "small sounds")
    shown = run("reflect")
    assert shown.code == 0
    assert "This morning you set out to look for: small sounds" in shown.out
    assert not Reflection.objects.exists()
    assert run("reflect", "The kettle's click.").code == 0
    assert Reflection.objects.get(owner=owner).answer == "The kettle's click."


def test_reflect_reads_standard_input(owner, monkeypatch):
    monkeypatch.setattr("sys.stdin", FakeStdin("Rain, twice.\n"))
    assert run("reflect").code == 0
    assert Reflection.objects.get(owner=owner).answer == "Rain, twice."


def test_reflect_skip_offers_a_different_question(owner):
    first = run("reflect", "--json").json()["prompt"]["id"]
    second = run("reflect", "--skip", "--json").json()["prompt"]["id"]
    assert first != second


def test_menu_groups_reliable_glimmers_and_always_offers_grounding(owner):
    make_glimmer(owner, "Cold water on my wrists", reliable=True, state_before="mobilized")
    make_glimmer(owner, "The dog's warm weight", reliable=True, state_before="shutdown")
    result = run("menu")
    assert result.code == 0
    assert result.out.index("wound up") < result.out.index("Cold water")
    assert result.out.index("shut down") < result.out.index("dog's warm weight")
    assert "feel your feet on the floor" in result.out
    data = run("menu", "--json").json()
    assert [g["text"] for g in data["when_mobilized"]] == ["Cold water on my wrists"]


def test_menu_is_kind_when_empty(owner):
    assert "Your menu is empty for now" in run("menu").out


def test_practice_commands_never_show_someone_elses(owner, other):
    make_glimmer(other, "Sam's secret glimmer", reliable=True)
    assert "Sam" not in run("--user", "olena", "menu").out
    assert "Sam" not in run("--user", "olena", "today").out
