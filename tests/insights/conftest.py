"""A small journal with known figures, for every Insights test.

The owner lives in Kyiv (UTC+2 in winter, UTC+3 in summer). "Now" is frozen
at Friday 14 March 2025, 12:00 in Kyiv, so "this week" is Monday 10 to
Friday 14 March and "this month" is 1 to 14 March. Times below are UTC, with
the Kyiv wall clock beside them; two sit right on a day's edge:

    g0  Sun  9 Mar 23:29   "Candle on the sill"   smell · Kitchen
    g2  Mon 10 Mar 00:30   counted, no words yet   (in UTC still Sunday 9 March)
    g1  Mon 10 Mar 23:30   "Late tea with Mum"     sight, touch · mobilized → safe ·
                                                   Kitchen · Mum · Family · #tea · 20 s
    g3  Wed 12 Mar 09:00   "Birdsong …"            sound · shut down → safe · Park ·
                                                   Nature · #walk · 45 s
    g4  Wed 12 Mar 09:20   "Sun on the wall"       sight · mobilized → not sure · Park ·
                                                   #walk · 75 s
    g5  Thu 13 Mar 18:00   counted, no words yet
    g6  Thu 20 Feb 14:00   "Ivan laughing"         sound · safe → safe · Ivan
    g7  Sun  5 Jan 10:00   "Snow light"            sight
    g8  Sat  1 Jun 2024 12:00 (summer time) "The sea"   sound · Sea

    hard moments: Tue 11 Mar 12:00, Wed 12 Mar 23:59, Sat 1 Feb 14:00
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from glimmers.insights import queries
from glimmers.journal.models import Sense
from tests.factories import make_glimmer, make_trigger

NOW = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)  # 12:00 in Kyiv
TODAY = date(2025, 3, 14)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def senses(*slugs: str) -> list[Sense]:
    return list(Sense.objects.filter(owner=None, slug__in=slugs))


@pytest.fixture
def frozen(monkeypatch):
    """Make NOW "now" for everything that asks Django's timezone.now()."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.fixture
def journal(owner, frozen):
    """The owner's glimmers and hard moments described in the module docstring."""
    g = {}
    g["g0"] = make_glimmer(
        owner,
        "Candle on the sill",
        noticed_at=at(2025, 3, 9, 21, 29),
        senses=senses("smell"),
        place="Kitchen",
    )
    g["g2"] = make_glimmer(owner, "", noticed_at=at(2025, 3, 9, 22, 30))
    g["g1"] = make_glimmer(
        owner,
        "Late tea with Mum #tea",
        noticed_at=at(2025, 3, 10, 21, 30),
        senses=senses("sight", "touch"),
        state_before="mobilized",
        state_after="safe",
        place="Kitchen",
        new_people=["Mum"],
        new_values=["Family"],
        anchored_seconds=20,
    )
    g["g3"] = make_glimmer(
        owner,
        "Birdsong at the bus stop #walk",
        noticed_at=at(2025, 3, 12, 7, 0),
        senses=senses("sound"),
        state_before="shutdown",
        state_after="safe",
        place="Park",
        new_values=["Nature"],
        anchored_seconds=45,
    )
    g["g4"] = make_glimmer(
        owner,
        "Sun on the wall #walk",
        noticed_at=at(2025, 3, 12, 7, 20),
        senses=senses("sight"),
        state_before="mobilized",
        state_after="unsure",
        place="Park",
        anchored_seconds=75,
    )
    g["g5"] = make_glimmer(owner, "", noticed_at=at(2025, 3, 13, 16, 0))
    g["g6"] = make_glimmer(
        owner,
        "Ivan laughing",
        noticed_at=at(2025, 2, 20, 12, 0),
        senses=senses("sound"),
        state_before="safe",
        state_after="safe",
        new_people=["Ivan"],
    )
    g["g7"] = make_glimmer(
        owner, "Snow light", noticed_at=at(2025, 1, 5, 8, 0), senses=senses("sight")
    )
    g["g8"] = make_glimmer(
        owner, "The sea", noticed_at=at(2024, 6, 1, 9, 0), senses=senses("sound"), place="Sea"
    )
    make_trigger(owner, "A door slammed", occurred_at=at(2025, 3, 11, 10, 0))
    make_trigger(owner, "Bad news late", occurred_at=at(2025, 3, 12, 21, 59))
    make_trigger(owner, "Crowded bus", occurred_at=at(2025, 2, 1, 12, 0))
    return g


def figures(owner, key: str = "week", since=None, until=None) -> queries.Insights:
    return queries.insights(owner, queries.span_for(owner, key, since, until))
