"""Glimmers over time: days, weeks or months, in words and counted, in the owner's own days."""

from datetime import date

from glimmers.accounts import services as accounts
from glimmers.insights import describe
from tests.factories import make_glimmer
from tests.insights.conftest import at, figures


def rows(found):
    return [(p.start, p.end, p.written, p.tallied) for p in found.over_time]


def test_this_week_day_by_day(journal, owner):
    found = figures(owner, "week")
    assert found.unit == "day"
    assert rows(found) == [
        # Monday holds 23:30 and 00:30 in Kyiv (in UTC that 00:30 was still Sunday).
        (date(2025, 3, 10), date(2025, 3, 10), 1, 1),
        (date(2025, 3, 11), date(2025, 3, 11), 0, 0),
        (date(2025, 3, 12), date(2025, 3, 12), 2, 0),
        (date(2025, 3, 13), date(2025, 3, 13), 0, 1),
        (date(2025, 3, 14), date(2025, 3, 14), 0, 0),
    ]
    assert (found.glimmers, found.written, found.tallied) == (5, 3, 2)
    assert (found.days_noticed, found.days) == (3, 5)


def test_a_glimmer_at_23_29_belongs_to_that_local_day(journal, owner):
    # "Candle on the sill", 23:29 on Sunday 9 March in Kyiv: this month, not this week.
    assert figures(owner, "week").glimmers == 5
    month = figures(owner, "month")
    assert month.glimmers == 6
    assert [p.glimmers for p in month.over_time][8] == 1  # 9 March


def test_this_year_week_by_week(journal, owner):
    found = figures(owner, "year")
    assert found.unit == "week"
    nonzero = [(p.start, p.end, p.written, p.tallied) for p in found.over_time if p.glimmers]
    assert nonzero == [
        (date(2025, 1, 1), date(2025, 1, 5), 1, 0),  # the first week starts on New Year's Day
        (date(2025, 2, 17), date(2025, 2, 23), 1, 0),
        (date(2025, 3, 3), date(2025, 3, 9), 1, 0),
        (date(2025, 3, 10), date(2025, 3, 14), 3, 2),  # ... and the last ends today
    ]
    assert len(found.over_time) == 11
    assert found.glimmers == 8


def test_long_ranges_month_by_month(owner, frozen):
    make_glimmer(owner, "old", noticed_at=at(2022, 12, 31, 21, 59))  # 23:59 on 31 Dec in Kyiv
    make_glimmer(owner, "", noticed_at=at(2022, 12, 31, 22, 1))  # 00:01 on 1 January
    found = figures(owner, "all")
    assert found.unit == "month"
    assert rows(found)[:2] == [
        (date(2022, 12, 31), date(2022, 12, 31), 1, 0),
        (date(2023, 1, 1), date(2023, 1, 31), 0, 1),
    ]
    assert len(found.over_time) == 28


def test_a_custom_day_start_moves_late_glimmers_to_the_day_before(owner, frozen):
    accounts.update_preferences(owner, day_starts_at=4)
    # 02:30 on Friday 14 March in Kyiv: still Thursday for someone whose day starts at 04:00.
    make_glimmer(owner, "Night owl's moon", noticed_at=at(2025, 3, 14, 0, 30))
    found = figures(owner, "week")
    assert [(p.start, p.glimmers) for p in found.over_time if p.glimmers] == [
        (date(2025, 3, 13), 1)
    ]
    assert found.hours[4][2] == 1  # the clock said Friday, 02:00


def test_the_finding_names_the_fullest_day_and_a_quiet_stretch_kindly(journal, owner):
    sentence = describe.over_time(figures(owner, "month"))
    assert sentence.startswith("You noted 6 glimmers. The chart shows them day by day.")
    assert "The fullest days were 10 March 2025 and 12 March 2025, with 2 each." in sentence
    # A quieter stretch is said kindly, never measured or dated (that would read as days missed).
    assert "Some stretches were quieter — quiet times are part of noticing too." in sentence
    assert "8 days" not in sentence and "1 March" not in sentence
    for unkind in ("only", "failed", "missed", "broke", "should", "score", "%"):
        assert unkind not in sentence.lower()


def test_no_fullest_day_when_every_day_had_as_many(owner, frozen):
    for day in (10, 11, 12):
        make_glimmer(owner, "one a day", noticed_at=at(2025, 3, day, 9))
    assert describe.over_time(figures(owner, "week")) == (
        "You noted 3 glimmers. The chart shows them day by day."
    )
