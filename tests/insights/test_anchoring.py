"""Anchoring: how often glimmers were stayed with, and for how long on average."""

from glimmers.insights import describe
from tests.factories import make_glimmer
from tests.insights.conftest import at, figures


def test_this_week(journal, owner):
    anchoring = figures(owner, "week").anchoring
    assert (anchoring.glimmers, anchoring.anchored, anchoring.seconds) == (5, 3, 140)
    assert anchoring.average_seconds == 47  # (20 + 45 + 75) / 3, rounded
    assert anchoring.buckets() == [("under_15", 0), ("from_15", 1), ("from_30", 1), ("from_60", 1)]


def test_band_edges(owner, frozen):
    for seconds in (1, 14, 15, 29, 30, 59, 60, 3600):
        make_glimmer(owner, f"{seconds}", noticed_at=at(2025, 3, 12, 9), anchored_seconds=seconds)
    assert figures(owner, "week").anchoring.buckets() == [
        ("under_15", 2),
        ("from_15", 2),
        ("from_30", 2),
        ("from_60", 2),
    ]


def test_the_finding(journal, owner):
    assert describe.anchoring(figures(owner, "week")) == (
        "You stayed with 3 of 5 glimmers, for 47 seconds on average."
    )


def test_none_anchored_is_an_open_door(owner, frozen):
    make_glimmer(owner, "x", noticed_at=at(2025, 3, 12, 9))
    found = figures(owner, "week")
    assert found.anchoring.average_seconds is None
    assert "always there if you'd like it" in describe.anchoring(found)
