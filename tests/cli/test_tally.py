"""`glimmers tally [N]`: count glimmers now, with no words yet."""

from datetime import timedelta

import pytest
from django.utils import timezone

from glimmers.journal.models import Glimmer
from tests.cli import refuse, run
from tests.factories import make_glimmer


def test_it_counts_one_wordless_glimmer_by_default(owner):
    result = run("tally")

    assert result.code == 0
    (glimmer,) = Glimmer.objects.filter(owner=owner)
    assert glimmer.is_tally
    assert result.out == "Counted 1. 1 glimmer today.\n"


def test_it_counts_several_and_says_how_many_today(owner):
    make_glimmer(owner, "Earlier today")
    make_glimmer(owner, "Last week", noticed_at=timezone.now() - timedelta(days=7))

    result = run("tally", "2")

    assert result.code == 0
    assert Glimmer.objects.filter(owner=owner, text="").count() == 2
    assert result.out == "Counted 2. 3 glimmers today.\n"


def test_it_prints_counted_today_and_ids_as_json(owner):
    make_glimmer(owner, "Earlier today")

    result = run("tally", "3", "--json")

    assert result.code == 0
    data = result.json()
    assert set(data) == {"counted", "today", "ids"}
    assert data["counted"] == 3
    assert data["today"] == 4
    made = Glimmer.objects.filter(owner=owner, text="")
    assert sorted(data["ids"]) == sorted(str(pk) for pk in made.values_list("pk", flat=True))


def test_it_counts_the_most_it_allows_at_once(owner):
    assert run("tally", "100").code == 0
    assert Glimmer.objects.filter(owner=owner).count() == 100


def test_it_counts_for_the_named_account_only(owner, other):
    make_glimmer(owner, "Olena's, today")

    result = run("tally", "--user", "sam")

    assert result.code == 0
    assert result.out == "Counted 1. 1 glimmer today.\n"
    assert Glimmer.objects.filter(owner=other).count() == 1
    assert Glimmer.objects.filter(owner=owner).count() == 1


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("0", "Count between 1 and 100"),
        ("101", "Count between 1 and 100"),
        ("-1", "Count between 1 and 100"),
        ("abc", "invalid int value"),
        ("2.5", "invalid int value"),
    ],
)
def test_it_refuses_a_count_it_cannot_use(owner, count, message):
    refuse("tally", count, says=message)
