"""A year of glimmers: the calendar of the year that ends on the range's last day."""

from datetime import date

from glimmers.insights import describe
from tests.insights.conftest import figures


def test_the_year_up_to_today(journal, owner):
    year = figures(owner, "week").year
    assert (year.start, year.end) == (date(2024, 3, 15), date(2025, 3, 14))
    assert {d: n for d, n in year.days.items() if n} == {
        date(2024, 6, 1): 1,
        date(2025, 1, 5): 1,
        date(2025, 2, 20): 1,
        date(2025, 3, 9): 1,
        date(2025, 3, 10): 2,
        date(2025, 3, 12): 2,
        date(2025, 3, 13): 1,
    }
    assert (year.glimmers, year.days_noticed) == (9, 7)


def test_it_adds_up_month_by_month(journal, owner):
    months = figures(owner, "week").year.months()
    assert months[0] == (date(2024, 3, 1), 0, 0)
    assert months[3] == (date(2024, 6, 1), 1, 1)
    assert months[-1] == (date(2025, 3, 1), 6, 4)
    assert len(months) == 13


def test_the_finding(journal, owner):
    assert describe.year(figures(owner, "week")) == (
        "You noticed something on 7 days in the year up to 14 March 2025. "
        "The fullest month was March 2025."
    )


def test_a_past_range_shows_its_own_year(journal, owner):
    year = figures(owner, "custom", date(2024, 6, 1), date(2024, 6, 30)).year
    assert (year.start, year.end) == (date(2023, 7, 1), date(2024, 6, 30))
    assert year.glimmers == 1
