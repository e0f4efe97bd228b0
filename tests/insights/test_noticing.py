"""Noticing over time: glimmers per week that had any, in the first month and in the last."""

from datetime import date

from glimmers.insights import describe
from tests.insights.conftest import figures


def test_this_year_first_month_and_last(journal, owner):
    noticing = figures(owner, "year").noticing
    first, last = noticing.first, noticing.last
    assert (first.month, first.start, first.end) == (
        date(2025, 1, 1),
        date(2025, 1, 1),
        date(2025, 1, 31),
    )
    assert (first.glimmers, first.active_weeks, first.per_active_week) == (1, 1, 1.0)
    assert (last.month, last.start, last.end) == (
        date(2025, 3, 1),
        date(2025, 3, 1),
        date(2025, 3, 14),
    )
    assert (last.glimmers, last.active_weeks, last.per_active_week) == (6, 2, 3.0)


def test_within_one_month_there_is_nothing_to_compare(journal, owner):
    noticing = figures(owner, "month").noticing
    assert noticing.last is None
    assert (noticing.first.glimmers, noticing.first.active_weeks) == (6, 2)


def test_a_quiet_last_month_is_said_kindly(journal, owner):
    found = figures(owner, "custom", date(2025, 1, 1), date(2025, 2, 10))
    assert found.noticing.last.per_active_week is None
    assert describe.noticing(found) == (
        "In the weeks you noted glimmers, there were about 1 a week in the first month "
        "(January 2025). Nothing was noted in February 2025 — quiet times are part of it."
    )


def test_the_finding(journal, owner):
    assert describe.noticing(figures(owner, "year")) == (
        "In the weeks you noted glimmers, there were about 1 a week in the first month "
        "(January 2025) and about 3 a week in the last (March 2025)."
    )


def test_halves_are_shown_to_one_place(owner, frozen):
    from tests.factories import make_glimmer
    from tests.insights.conftest import at

    for day in (3, 4, 5, 10):  # three in one week, one in the next
        make_glimmer(owner, "x", noticed_at=at(2025, 3, day, 10))
    assert describe.noticing(figures(owner, "month")).startswith(
        "In the weeks you noted glimmers, there were about 2 a week."
    )
