"""`glimmers trigger TEXT`: note a hard moment, kept apart from glimmers."""

from datetime import UTC, datetime

import pytest

from glimmers.journal import queries, serialize
from glimmers.journal.models import Glimmer, State, Trigger
from tests.cli import as_json, refuse, run
from tests.factories import make_glimmer


def only_trigger(user) -> Trigger:
    (trigger,) = Trigger.objects.filter(owner=user)
    return trigger


def test_it_notes_a_hard_moment_gently(owner):
    result = run("trigger", "A door slammed", "downstairs", "--toward", "mobilized")

    assert result.code == 0
    trigger = only_trigger(owner)
    assert trigger.text == "A door slammed downstairs"
    assert trigger.pushed_toward == State.MOBILIZED
    assert result.out == f"Noted ({trigger.pk.hex[:8]}). That sounded hard.\n"


def test_it_points_to_the_glimmers_when_some_reliably_help(owner):
    make_glimmer(owner, "Cat purring", reliable=True)

    result = run("trigger", "Shouting in the street")

    assert result.out.splitlines()[1] == (
        "If it helps: `glimmers list` holds your glimmers, the reliable ones too."
    )


def test_it_prints_the_trigger_in_the_apis_shape_with_json(owner):
    result = run("trigger", "Siren", "--intensity", "6", "--json")

    assert result.code == 0
    data = result.json()
    assert data == as_json(serialize.trigger_data(queries.get_trigger(owner, data["id"])))
    assert data["intensity"] == 6
    assert data["helped_by"] == []


@pytest.mark.parametrize("intensity", ["0", "10"])
def test_it_takes_intensity_from_zero_to_ten(owner, intensity):
    assert run("trigger", "Loud bang", "--intensity", intensity).code == 0
    assert only_trigger(owner).intensity == int(intensity)


def test_it_reads_at_in_the_owners_own_time_zone(owner):
    assert run("trigger", "Argument", "--at", "2025-03-02 08:15").code == 0
    assert only_trigger(owner).occurred_at == datetime(2025, 3, 2, 6, 15, tzinfo=UTC)


def test_it_is_kept_apart_from_glimmers(owner):
    make_glimmer(owner, "Birdsong")

    assert run("trigger", "Bad news").code == 0

    assert Glimmer.objects.filter(owner=owner).count() == 1
    assert [item["text"] for item in run("list", "--json").json()] == ["Birdsong"]


def test_it_notes_it_for_the_named_account_only(owner, other):
    assert run("trigger", "--user", "sam", "Traffic").code == 0
    assert only_trigger(other).text == "Traffic"
    assert not Trigger.objects.filter(owner=owner).exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["trigger"], "Say a few words about what happened"),
        (["trigger", "  "], "Say a few words about what happened"),
        (["trigger", "x", "--intensity", "11"], "intensity"),
        (["trigger", "x", "--intensity", "-1"], "intensity"),
        (["trigger", "x", "--intensity", "loud"], "invalid int value"),
        (["trigger", "x", "--toward", "panic"], "“panic” isn't a state"),
        (["trigger", "x", "--at", "blursday"], "Can't read the time “blursday”"),
        (["trigger", "x", "--at", "2999-01-01"], "in the future"),
        (["trigger", "a" * 5001], "5000"),
    ],
)
def test_it_refuses_bad_input_and_notes_nothing(owner, argv, message):
    refuse(*argv, says=message)
