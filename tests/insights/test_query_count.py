"""However long the journal, Insights asks the database the same few questions."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from glimmers.insights import queries
from glimmers.journal.models import Sense
from tests.factories import make_glimmer, make_trigger
from tests.practice.helpers import count_queries


def add_glimmers(owner, n: int, seed: int) -> None:
    rng = random.Random(seed)
    built_in = list(Sense.objects.filter(owner=None))
    start = datetime(2024, 3, 14, 10, tzinfo=UTC)
    for i in range(n):
        # The first of each batch is this morning, so that every range has some.
        hours = 365 * 24 - 2 if i == 0 else rng.randint(0, 365 * 24)
        make_glimmer(
            owner,
            "" if i % 5 == 0 else f"moment {seed}-{i} #tag{i % 3}",
            noticed_at=start + timedelta(hours=hours),
            senses=rng.sample(built_in, 2),
            state_before=rng.choice(["", "mobilized", "shutdown"]),
            state_after=rng.choice(["", "safe", "unsure"]),
            place=rng.choice(["", "Park", "Home"]),
            new_people=[f"Friend {i % 4}"],
            new_values=[f"Value {i % 2}"],
            anchored_seconds=rng.choice([0, 15, 40, 90]),
        )
        if i % 4 == 0:
            make_trigger(owner, f"hard {i}", occurred_at=start + timedelta(days=i))


@pytest.mark.parametrize("key", ["week", "month", "year", "all", "custom"])
def test_the_figures_take_the_same_queries_for_n_and_2n_glimmers(owner, frozen, key):
    add_glimmers(owner, 20, seed=1)
    span = queries.span_for(owner, key, date(2024, 1, 1), date(2025, 3, 1))
    first = count_queries(lambda: queries.insights(owner, span))
    add_glimmers(owner, 20, seed=2)
    assert count_queries(lambda: queries.insights(owner, span)) == first
    assert first <= 12


@pytest.mark.parametrize("path", ["/insights/?range=all", "/insights/summary/?range=year"])
def test_the_pages_take_the_same_queries_for_n_and_2n_glimmers(owner, owner_client, frozen, path):
    add_glimmers(owner, 20, seed=1)
    owner_client.get(path)  # sessions and caches settle
    first = count_queries(lambda: owner_client.get(path))
    add_glimmers(owner, 20, seed=2)
    assert count_queries(lambda: owner_client.get(path)) == first
