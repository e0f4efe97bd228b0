"""Which days a range covers: this week, month, year, all time, your own dates."""

from datetime import date

import pytest

from glimmers.insights import queries
from glimmers.insights.forms import RangeForm
from tests.factories import make_glimmer
from tests.insights.conftest import TODAY, at, figures


def test_presets_run_from_monday_the_first_or_new_year_up_to_today(owner, frozen):
    spans = {key: queries.span_for(owner, key) for key in ("week", "month", "year", "all")}
    assert (spans["week"].since, spans["week"].until) == (date(2025, 3, 10), TODAY)
    assert (spans["month"].since, spans["month"].until) == (date(2025, 3, 1), TODAY)
    assert (spans["year"].since, spans["year"].until) == (date(2025, 1, 1), TODAY)
    assert (spans["all"].since, spans["all"].until) == (None, TODAY)


def test_today_is_the_owners_day_not_the_servers(owner, monkeypatch):
    # 22:30 UTC on Sunday 9 March is already Monday 10 March in Kyiv: a new week there.
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(2025, 3, 9, 22, 30))
    assert queries.span_for(owner, "week").since == date(2025, 3, 10)


def test_a_custom_end_after_today_is_read_as_today(owner, frozen):
    span = queries.span_for(owner, "custom", date(2025, 3, 1), date(2025, 12, 31))
    assert span.until == TODAY


def test_all_time_starts_at_the_first_glimmer_or_hard_moment(journal, owner):
    found = figures(owner, "all")
    assert (found.start, found.end, found.unit) == (date(2024, 6, 1), TODAY, "week")


def test_custom_dates_from_long_ago_start_where_the_journal_does(journal, owner):
    found = figures(owner, "custom", date(1990, 1, 1), date(2025, 3, 14))
    assert found.start == date(2024, 6, 1)
    assert len(found.over_time) == 42  # weeks, not 35 years of months


@pytest.mark.parametrize(
    ("days", "unit"),
    [(1, "day"), (62, "day"), (63, "week"), (731, "week"), (732, "month")],
)
def test_bars_are_days_weeks_or_months_by_the_length_of_the_range(owner, frozen, days, unit):
    since = date.fromordinal(TODAY.toordinal() - days + 1)
    make_glimmer(owner, "first", noticed_at=at(since.year, since.month, since.day, 10))
    assert figures(owner, "custom", since, TODAY).unit == unit


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"range": "fortnight"}, "range", "Choose this week, this month, this year, all time"),
        ({"range": "custom"}, "__all__", "Choose a start date, an end date, or both."),
        ({"since": "2025-03-10", "until": "2025-03-01"}, "until", "The end date is before"),
        ({"since": "2025-04-01"}, "since", "That start date hasn't come yet."),
        ({"since": "not-a-date"}, "since", "That doesn’t look like a date."),
        ({"until": "0000-01-01"}, "until", "That doesn’t look like a date."),
    ],
)
def test_the_range_form_explains_what_is_wrong(owner, frozen, data, field, message):
    form = RangeForm(data, user=owner)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_dates_alone_mean_your_own_dates(owner, frozen):
    form = RangeForm({"since": "2025-02-01"}, user=owner)
    assert form.is_valid()
    span = form.span()
    assert (span.key, span.since, span.until) == ("custom", date(2025, 2, 1), TODAY)


def test_an_empty_form_is_this_month(owner, frozen):
    assert RangeForm(user=owner).span().key == "month"


def test_your_own_dates_keep_their_quiet_first_days(journal, owner):
    # The only February glimmer is on the 20th; the 1st to the 19th were quiet, not absent.
    found = figures(owner, "custom", date(2025, 2, 1), date(2025, 2, 28))
    assert (found.start, found.end, found.days, found.days_noticed) == (
        date(2025, 2, 1),
        date(2025, 2, 28),
        28,
        1,
    )
