"""Bad input on the web pages gets a clear 400 and changes nothing; never a 500.

Every date the app takes is bounded by one rule (glimmers/time.py): 1900 to
2100. A date outside it is refused where it comes in, with the same words on
every page, and a date that was kept before the rule existed (a year 1000
typed by mistake) does not break a page later.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import Client

from glimmers.journal import queries
from glimmers.journal.models import Glimmer, Trigger
from tests.factories import make_glimmer, make_user

BOUNDS = "between 1900 and 2100"


def _signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def far_west(db):
    """Someone in Etc/GMT+12, twelve hours behind UTC: the last place a day ends."""
    return make_user("west", time_zone="Etc/GMT+12")


# ---------------------------------------------------------------------------
# On this day, with a glimmer from long before the bounds
# ---------------------------------------------------------------------------


def test_on_this_day_still_opens_after_a_glimmer_dated_in_the_year_1000(owner):
    # Kept before dates were bounded (straight through the service, as then).
    make_glimmer(owner, "a year mistyped", noticed_at=datetime(1000, 3, 5, 12, tzinfo=UTC))
    make_glimmer(owner, "last year", noticed_at=datetime(2024, 3, 5, 12, tzinfo=UTC))

    days = queries.on_this_day(owner, today=date(2025, 3, 5))

    assert [(d.day, [g.text for g in d.glimmers]) for d in days] == [
        (date(2024, 3, 5), ["last year"]),
        (date(1000, 3, 5), ["a year mistyped"]),
    ]
    response = _signed_in(owner).get("/journal/on-this-day/")
    assert response.status_code == 200


def test_on_this_day_opens_for_someone_far_west_with_a_glimmer_near_the_year_1(far_west):
    make_glimmer(far_west, "the first day", noticed_at=datetime(1, 1, 2, tzinfo=UTC))
    assert _signed_in(far_west).get("/journal/on-this-day/").status_code == 200


# ---------------------------------------------------------------------------
# Insights ranges
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "until=0001-12-31",
        "range=custom&until=0001-12-31",
        "since=0001-01-02&until=0001-12-31",
        "since=1000-01-01",
        "since=1899-12-31",
        "until=2101-01-01",
    ],
)
@pytest.mark.parametrize("page", ["/insights/", "/insights/summary/"])
def test_insights_refuses_a_range_outside_the_years_we_keep(owner, page, query):
    make_glimmer(owner, "warm bread")
    response = _signed_in(owner).get(f"{page}?{query}")
    assert response.status_code == 400
    assert BOUNDS in response.content.decode()


def test_insights_refuses_year_1_for_someone_far_west(far_west):
    response = _signed_in(far_west).get("/insights/?since=0001-01-01&until=0001-01-07")
    assert response.status_code == 400
    assert BOUNDS in response.content.decode()


def test_insights_takes_the_first_and_last_days_we_keep(owner):
    make_glimmer(owner, "warm bread")
    response = _signed_in(owner).get("/insights/?since=1900-01-01&until=2100-12-31")
    assert response.status_code == 200


# ---------------------------------------------------------------------------
# Glimmers, hard moments and remembered glimmers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["1000-01-01T10:00", "0001-01-01T00:30", "1899-12-31T23:59"])
def test_a_glimmer_dated_before_1900_is_refused_and_nothing_is_kept(owner, when):
    response = _signed_in(owner).post("/capture/", {"text": "the old oak", "noticed_at": when})
    assert response.status_code == 400
    assert BOUNDS in response.content.decode()
    assert not Glimmer.objects.exists()


def test_a_glimmer_from_1900_is_kept(owner):
    response = _signed_in(owner).post(
        "/capture/", {"text": "grandmother's garden", "noticed_at": "1900-01-01T10:00"}
    )
    assert response.status_code == 302
    assert Glimmer.objects.get().noticed_at.year == 1900


def test_a_glimmer_near_the_year_1_is_refused_far_west(far_west):
    response = _signed_in(far_west).post(
        "/capture/", {"text": "dawn", "noticed_at": "0001-01-01T13:00"}
    )
    assert response.status_code == 400
    assert not Glimmer.objects.exists()


def test_editing_a_glimmer_to_the_year_1000_changes_nothing(owner):
    glimmer = make_glimmer(owner, "steam from the kettle")
    kept = Glimmer.objects.get(pk=glimmer.pk).noticed_at
    response = _signed_in(owner).post(
        f"/glimmers/{glimmer.pk}/edit/",
        {"text": "steam from the kettle", "noticed_at": "1000-01-01T08:00", "kind": "noticed"},
    )
    assert response.status_code == 400
    assert Glimmer.objects.get(pk=glimmer.pk).noticed_at == kept


def test_a_hard_moment_dated_in_the_year_1000_is_refused(owner):
    response = _signed_in(owner).post(
        "/triggers/", {"text": "a slammed door", "occurred_at": "1000-01-01T08:00"}
    )
    assert response.status_code == 400
    assert BOUNDS in response.content.decode()
    assert not Trigger.objects.exists()


@pytest.mark.parametrize(
    ("page", "fields"),
    [
        ("/remember/senses/", {"saw": "the sea"}),
        ("/remember/hard-time/", {"period": "that winter", "text": "soup"}),
    ],
)
def test_a_remembered_glimmer_from_before_1900_is_refused(owner, page, fields):
    response = _signed_in(owner).post(page, {**fields, "noticed_at": "1000-06-01T12:00"})
    assert response.status_code == 400
    assert BOUNDS in response.content.decode()
    assert not Glimmer.objects.exists()


# ---------------------------------------------------------------------------
# Journal filters and pages
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["since=1000-01-01", "until=0001-01-01", "until=2101-01-01"])
def test_the_journal_shows_a_date_filter_outside_the_years_as_an_error(owner, query):
    make_glimmer(owner, "birdsong")
    response = _signed_in(owner).get(f"/journal/?{query}")
    assert response.status_code == 200  # the journal, unfiltered, with the message
    html = response.content.decode()
    assert BOUNDS in html
    assert "birdsong" in html


def test_a_page_cursor_near_the_year_1_starts_the_journal_again(owner):
    make_glimmer(owner, "birdsong")
    cursor = f"0001-01-01T00:00:00+05:00~{'0' * 32}"
    response = _signed_in(owner).get("/journal/", {"after": cursor})
    assert response.status_code == 200
    assert "birdsong" in response.content.decode()


def test_pages_still_open_with_a_glimmer_kept_near_the_year_1(far_west):
    make_glimmer(far_west, "the first day", noticed_at=datetime(1, 1, 2, tzinfo=UTC))
    client = _signed_in(far_west)
    for page in ["/", "/journal/", "/insights/?range=all", "/insights/summary/?range=all"]:
        assert client.get(page).status_code == 200, page
