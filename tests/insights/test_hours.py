"""When glimmers find me: hour of the day by weekday, on the owner's own clock."""

from glimmers.insights import describe
from tests.insights.conftest import figures


def cells(found):
    return {
        (weekday, hour): n
        for weekday, row in enumerate(found.hours)
        for hour, n in enumerate(row)
        if n
    }


def test_this_week_in_kyiv_time(journal, owner):
    assert cells(figures(owner, "week")) == {
        (0, 0): 1,  # Monday 00:30 (Sunday 22:30 in UTC)
        (0, 23): 1,  # Monday 23:30 (21:30 in UTC)
        (2, 9): 2,  # Wednesday 09:00 and 09:20
        (3, 18): 1,  # Thursday 18:00
    }


def test_summer_time_is_the_summer_clock(journal, owner):
    # The sea, 09:00 UTC on 1 June 2024: 12:00 in Kyiv, which is UTC+3 in summer.
    assert cells(figures(owner, "all"))[(5, 12)] == 1


def test_totals_by_hour_and_weekday(journal, owner):
    found = figures(owner, "month")
    assert found.hour_totals()[9] == 2
    assert found.hour_totals()[23] == 2  # Monday 23:30 and Sunday 23:29
    assert found.weekday_totals() == [2, 0, 2, 1, 0, 0, 1]


def test_the_finding(journal, owner):
    assert describe.when(figures(owner, "week")) == (
        "Glimmers found you most often around 09:00. "
        "Of the days of the week, Monday and Wednesday had the most."
    )
