"""On this day: the same date in earlier years."""

from datetime import UTC, date, datetime

from glimmers.journal import queries
from tests.factories import make_glimmer


def test_it_finds_the_same_date_in_earlier_years(owner):
    make_glimmer(owner, "two years ago", noticed_at=datetime(2023, 3, 5, 10, tzinfo=UTC))
    make_glimmer(owner, "last year", noticed_at=datetime(2024, 3, 5, 10, tzinfo=UTC))
    make_glimmer(owner, "wrong day", noticed_at=datetime(2024, 3, 6, 10, tzinfo=UTC))
    # 22:30 UTC on the 4th is 00:30 on the 5th in Kyiv: it belongs to the 5th.
    make_glimmer(owner, "just after midnight", noticed_at=datetime(2022, 3, 4, 22, 30, tzinfo=UTC))
    days = queries.on_this_day(owner, today=date(2025, 3, 5))
    assert [(d.day.year, [g.text for g in d.glimmers]) for d in days] == [
        (2024, ["last year"]),
        (2023, ["two years ago"]),
        (2022, ["just after midnight"]),
    ]


def test_29_february_only_looks_at_leap_years(owner):
    make_glimmer(owner, "leap", noticed_at=datetime(2020, 2, 29, 10, tzinfo=UTC))
    days = queries.on_this_day(owner, today=date(2024, 2, 29))
    assert [g.text for d in days for g in d.glimmers] == ["leap"]


def test_the_page_is_kind_when_empty(owner_client):
    html = owner_client.get("/journal/on-this-day/").content.decode()
    assert "Nothing from this date in earlier years yet" in html


def test_it_never_shows_anyone_elses(owner_client, other):
    make_glimmer(other, "theirs", noticed_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert "theirs" not in owner_client.get("/journal/on-this-day/").content.decode()
