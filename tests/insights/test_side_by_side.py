"""Hard moments and glimmers, side by side: two plain series, no ratio and no verdict."""

from datetime import date

from glimmers.insights import describe
from tests.factories import make_glimmer, make_trigger
from tests.insights.conftest import at, figures


def test_this_month_week_by_week(journal, owner):
    found = figures(owner, "month")
    assert found.side_unit == "week"
    assert [(p.start, p.end, p.glimmers, p.triggers) for p in found.side_by_side] == [
        (date(2025, 3, 1), date(2025, 3, 2), 0, 0),
        (date(2025, 3, 3), date(2025, 3, 9), 1, 0),
        # 23:59 on Wednesday in Kyiv is still this week's hard moment.
        (date(2025, 3, 10), date(2025, 3, 14), 5, 2),
    ]
    assert found.triggers == 2


def test_all_time_counts_every_hard_moment(journal, owner):
    found = figures(owner, "all")
    assert found.triggers == 3
    assert sum(p.triggers for p in found.side_by_side) == 3


def test_more_than_two_years_go_month_by_month(owner, frozen):
    make_glimmer(owner, "long ago", noticed_at=at(2021, 1, 4, 10))
    make_trigger(owner, "long ago too", occurred_at=at(2021, 1, 20, 10))
    found = figures(owner, "all")
    assert found.side_unit == "month"
    assert (found.side_by_side[0].glimmers, found.side_by_side[0].triggers) == (1, 1)


def test_hard_moments_alone_are_not_insights(owner, frozen):
    make_trigger(owner, "a hard day", occurred_at=at(2025, 3, 12, 10))
    assert figures(owner, "week").empty


def test_the_finding_has_no_ratio_or_verdict(journal, owner):
    sentence = describe.side_by_side(figures(owner, "week"))
    assert sentence == "5 glimmers and 2 hard moments in these days, day by day." or sentence == (
        "5 glimmers and 2 hard moments in these days, week by week."
    )
    for verdict in ("balance", "ratio", "more glimmers than", "outweigh", "%", "score", "better"):
        assert verdict not in sentence
