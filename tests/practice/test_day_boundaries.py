"""A person's day: their time zone, daylight-saving changes, and their own day start."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from glimmers.accounts import services as accounts
from glimmers.journal import queries
from glimmers.practice import queries as practice
from tests.factories import make_glimmer
from tests.practice.helpers import at, page


def _hours(start: datetime, end: datetime) -> float:
    """Elapsed hours (subtracting in one zone would give wall-clock time)."""
    return (end.astimezone(UTC) - start.astimezone(UTC)) / timedelta(hours=1)


def _person(time_zone: str, day_starts_at: int = 0) -> SimpleNamespace:
    return SimpleNamespace(time_zone=time_zone, day_starts_at=day_starts_at)


# ---------------------------------------------------------------------------
# Time zones
# ---------------------------------------------------------------------------


def test_a_glimmer_late_in_the_evening_belongs_to_that_local_day(owner, other):
    # 21:30 UTC is 23:30 in Kyiv (winter, UTC+2): still the tenth there.
    assert queries.local_day(owner, at(2025, 1, 10, 21, 30)) == date(2025, 1, 10)
    assert queries.local_day(owner, at(2025, 1, 10, 22, 0)) == date(2025, 1, 11)
    # 04:30 UTC on the eleventh is 23:30 on the tenth in New York (UTC-5).
    assert queries.local_day(other, at(2025, 1, 11, 4, 30)) == date(2025, 1, 10)
    assert queries.local_day(owner, at(2025, 1, 11, 4, 30)) == date(2025, 1, 11)


def test_day_bounds_are_the_local_midnights(owner, other):
    assert queries.day_bounds(owner, date(2025, 1, 10)) == (
        at(2025, 1, 9, 22),
        at(2025, 1, 10, 22),
    )
    assert queries.day_bounds(owner, date(2025, 7, 10)) == (  # summer time, UTC+3
        at(2025, 7, 9, 21),
        at(2025, 7, 10, 21),
    )
    assert queries.day_bounds(other, date(2025, 1, 10)) == (
        at(2025, 1, 10, 5),
        at(2025, 1, 11, 5),
    )


def test_local_today_follows_the_persons_zone(owner, other, freeze):
    freeze(at(2025, 1, 10, 22, 30))  # 00:30 on the 11th in Kyiv, 17:30 on the 10th in New York
    assert queries.local_today(owner) == date(2025, 1, 11)
    assert queries.local_today(other) == date(2025, 1, 10)


def test_the_day_the_clocks_go_forward_in_kyiv_has_23_hours(owner):
    start, end = queries.day_bounds(owner, date(2025, 3, 30))
    assert (start, end) == (at(2025, 3, 29, 22), at(2025, 3, 30, 21))
    assert _hours(start, end) == 23
    # 02:59 winter time, then straight to 04:00 summer time: the same day.
    assert queries.local_day(owner, at(2025, 3, 30, 0, 59)) == date(2025, 3, 30)
    assert queries.local_day(owner, at(2025, 3, 30, 1, 0)) == date(2025, 3, 30)
    # 23:30 summer time is still the thirtieth.
    assert queries.local_day(owner, at(2025, 3, 30, 20, 30)) == date(2025, 3, 30)
    assert queries.local_day(owner, at(2025, 3, 30, 21, 0)) == date(2025, 3, 31)


def test_the_day_the_clocks_go_back_in_kyiv_has_25_hours(owner):
    start, end = queries.day_bounds(owner, date(2025, 10, 26))
    assert (start, end) == (at(2025, 10, 25, 21), at(2025, 10, 26, 22))
    assert _hours(start, end) == 25
    # 03:30 happens twice that night; both belong to the twenty-sixth.
    assert queries.local_day(owner, at(2025, 10, 26, 0, 30)) == date(2025, 10, 26)
    assert queries.local_day(owner, at(2025, 10, 26, 1, 30)) == date(2025, 10, 26)
    assert queries.local_day(owner, at(2025, 10, 26, 21, 30)) == date(2025, 10, 26)  # 23:30


def test_glimmers_on_a_daylight_saving_day_are_all_counted_once(owner):
    moments = [at(2025, 10, 25, 21, 5), at(2025, 10, 26, 0, 30), at(2025, 10, 26, 1, 30)]
    moments += [at(2025, 10, 26, 21, 59)]
    for n, moment in enumerate(moments):
        make_glimmer(owner, f"moment {n}", noticed_at=moment)
    make_glimmer(owner, "next day", noticed_at=at(2025, 10, 26, 22, 0))
    make_glimmer(owner, "day before", noticed_at=at(2025, 10, 25, 20, 59))
    texts = set(practice.glimmers_on(owner, date(2025, 10, 26)).values_list("text", flat=True))
    assert texts == {f"moment {n}" for n in range(4)}


# ---------------------------------------------------------------------------
# A day that starts later than midnight
# ---------------------------------------------------------------------------


def test_with_a_later_day_start_two_in_the_morning_counts_for_the_day_before(owner):
    accounts.update_preferences(owner, day_starts_at=4)
    # 02:00 in Kyiv on the eleventh (winter) is 00:00 UTC.
    assert queries.local_day(owner, at(2025, 1, 11, 0, 0)) == date(2025, 1, 10)
    assert queries.local_day(owner, at(2025, 1, 11, 1, 59)) == date(2025, 1, 10)  # 03:59
    assert queries.local_day(owner, at(2025, 1, 11, 2, 0)) == date(2025, 1, 11)  # 04:00
    assert queries.day_bounds(owner, date(2025, 1, 10)) == (
        at(2025, 1, 10, 2),
        at(2025, 1, 11, 2),
    )


def test_local_today_follows_the_day_start(owner, freeze):
    accounts.update_preferences(owner, day_starts_at=4)
    freeze(at(2025, 1, 11, 0, 0))  # 02:00 on the eleventh in Kyiv
    assert queries.local_today(owner) == date(2025, 1, 10)
    freeze(at(2025, 1, 11, 2, 0))  # 04:00
    assert queries.local_today(owner) == date(2025, 1, 11)


def test_the_today_page_counts_follow_the_day_start(owner, owner_client, freeze):
    accounts.update_preferences(owner, day_starts_at=4)
    freeze(at(2025, 6, 10, 23, 0))  # 02:00 on Wednesday 11 June in Kyiv: still Tuesday
    make_glimmer(owner, "Evening swim", noticed_at=at(2025, 6, 10, 18, 0))  # 21:00 Tue
    make_glimmer(owner, "Night jasmine", noticed_at=at(2025, 6, 10, 22, 30))  # 01:30 Wed
    make_glimmer(owner, "Three in the morning", noticed_at=at(2025, 6, 10, 0, 0))  # 03:00 Tue
    html = page(owner_client.get("/"))
    assert "Tuesday 10 June" in html
    assert "2 glimmers" in html
    assert "Evening swim" in html
    assert "Night jasmine" in html
    assert "Three in the morning" not in html
    noticing = practice.noticing(owner)
    # Monday (the 03:00 glimmer counts for Monday) and Tuesday.
    assert noticing.this_week == 2
    assert [noticed for _day, noticed in noticing.week][:3] == [True, True, False]


def test_the_day_start_shifts_the_boundary_on_daylight_saving_days_too(owner):
    accounts.update_preferences(owner, day_starts_at=4)
    # The twenty-ninth runs from 04:00 winter time to 04:00 summer time: 23 hours.
    start, end = queries.day_bounds(owner, date(2025, 3, 29))
    assert (start, end) == (at(2025, 3, 29, 2), at(2025, 3, 30, 1))
    assert _hours(start, end) == 23
    assert queries.local_day(owner, at(2025, 3, 30, 0, 59)) == date(2025, 3, 29)  # 02:59 EET
    assert queries.local_day(owner, at(2025, 3, 30, 1, 0)) == date(2025, 3, 30)  # 04:00 EEST


def test_an_unknown_time_zone_falls_back_instead_of_failing():
    person = _person("Nowhere/Else")
    assert queries.local_day(person, at(2025, 1, 10, 12)) == date(2025, 1, 10)


ZONES = [
    "UTC",
    "Europe/Kyiv",
    "America/New_York",
    "Asia/Kathmandu",  # UTC+5:45
    "Australia/Lord_Howe",  # half-hour daylight saving
    "America/Santiago",  # clocks change at midnight
    "Pacific/Apia",  # skipped 30 December 2011 entirely
    "Pacific/Kiritimati",  # UTC+14
    "Pacific/Pago_Pago",  # UTC-11
]


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    day_starts_at=st.integers(min_value=0, max_value=6),
    moment=st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2090, 12, 30)),
)
def test_every_moment_falls_inside_the_bounds_of_its_own_day(zone, day_starts_at, moment):
    person = _person(zone, day_starts_at)
    moment = moment.replace(tzinfo=UTC)
    day = queries.local_day(person, moment)
    start, end = queries.day_bounds(person, day)
    assert start <= moment < end
    assert queries.day_bounds(person, day - timedelta(days=1))[1] == start
