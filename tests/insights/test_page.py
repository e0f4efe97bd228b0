"""The Insights page: one person's own figures, kind when empty, clear about bad dates."""

import re

import pytest

from tests.factories import make_glimmer, make_trigger
from tests.insights.conftest import at
from tests.practice.helpers import page

HEADINGS = [
    "Glimmers over time",
    "My glimmer radar",
    "When glimmers find me",
    "State shifts",
    "What and who",
    "Anchoring",
    "Hard moments and glimmers, side by side",
    "A year of glimmers",
    "Noticing over time",
]


def test_it_shows_nine_figures_for_the_owner(journal, owner_client):
    response = owner_client.get("/insights/?range=week")
    assert response.status_code == 200
    html = page(response)
    for heading in HEADINGS:
        assert f">{heading}</h2>" in html
    assert html.count("<svg ") == 9
    assert "5 glimmers on 3 of 5 days (3 in words, 2 counted)." in html
    assert "If you'd like something to breathe in today" in html


def test_this_month_is_the_default_and_is_marked(journal, owner_client):
    html = page(owner_client.get("/insights/"))
    assert '<a href="?range=month" aria-current="true">This month</a>' in html
    assert "6 glimmers on 4 of 14 days" in html


def test_the_nav_leads_here(journal, owner_client):
    html = page(owner_client.get("/insights/"))
    assert '<a href="/insights/" aria-current="page">Insights</a>' in html
    assert '<a href="/insights/">Insights</a>' in page(owner_client.get("/journal/"))


def test_your_own_dates(journal, owner_client):
    response = owner_client.get("/insights/?range=custom&since=2025-02-01&until=2025-02-28")
    assert response.status_code == 200
    html = page(response)
    assert "1 February 2025 – 28 February 2025" in html
    assert "1 glimmer on 1 of 28 days" in html
    assert '<details class="custom-range" open>' in html


def test_the_links_carry_the_range_to_the_summary(journal, owner_client):
    html = page(owner_client.get("/insights/?since=2025-02-01&until=2025-02-28"))
    assert 'href="/insights/summary/?range=custom&amp;since=2025-02-01&amp;until=2025-02-28"' in (
        owner_client.get("/insights/?since=2025-02-01&until=2025-02-28").content.decode()
    )
    assert "A one-page summary" in html


def test_an_empty_journal_is_a_kind_beginning_not_a_chart(owner_client, frozen):
    response = owner_client.get("/insights/?range=all")
    assert response.status_code == 200
    html = page(response)
    assert "Your journal is still empty — a fine place to begin." in html
    assert "<svg" not in html
    assert "0 glimmers" not in html


def test_an_empty_range_says_quiet_stretches_are_part_of_it(owner, owner_client, frozen):
    make_glimmer(owner, "long ago", noticed_at=at(2024, 1, 10, 10))
    make_trigger(owner, "a hard day this week", occurred_at=at(2025, 3, 11, 10))
    html = page(owner_client.get("/insights/?range=week"))
    assert "Nothing was noted in these days. Quiet stretches are part of the practice too." in html
    assert "<svg" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("range=fortnight", "Choose this week, this month, this year, all time or your own dates."),
        ("range=custom", "Choose a start date, an end date, or both."),
        ("since=2025-03-10&until=2025-03-01", "The end date is before the start date."),
        ("since=2025-13-45", "That doesn’t look like a date."),
        ("since=99999-01-01", "That doesn’t look like a date."),
        ("until=0001-01-01&since=0001-01-01", "Choose a date between 1900 and 2100."),
        ("since=2030-01-01", "That start date hasn't come yet."),
        ("since=%00", "That doesn’t look like a date."),
    ],
)
@pytest.mark.parametrize("path", ["/insights/", "/insights/summary/"])
def test_bad_dates_get_a_clear_message_not_an_error(journal, owner_client, path, query, message):
    response = owner_client.get(f"{path}?{query}")
    assert response.status_code == 400
    html = page(response)
    assert message in html
    assert "<svg" not in html
    assert 'role="alert"' in html


def test_anonymous_visitors_are_asked_to_sign_in(client, owner):
    for path in ("/insights/", "/insights/summary/", "/insights/?range=all"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/insights/")


def test_a_stranger_sees_only_their_own_empty_page(journal, stranger_client):
    for path in ("/insights/?range=all", "/insights/summary/?range=all"):
        html = page(stranger_client.get(path))
        assert "Your journal is still empty" in html
        for secret in ("Kitchen", "Mum", "Family", "walk", "Birdsong", "Sun on the wall"):
            assert secret not in html


def test_someone_elses_glimmers_never_count(journal, owner, other, owner_client):
    make_glimmer(other, "Sam's #walk", noticed_at=at(2025, 3, 12, 9), place="Park")
    html = page(owner_client.get("/insights/?range=week"))
    assert "5 glimmers on 3 of 5 days" in html
    assert "Sam" not in html


def test_it_only_reads(journal, owner_client):
    assert owner_client.post("/insights/").status_code == 405
    assert owner_client.post("/insights/summary/").status_code == 405


def test_nothing_inline_for_the_content_security_policy(journal, owner_client):
    for path in ("/insights/?range=all", "/insights/summary/?range=all"):
        html = owner_client.get(path).content.decode()
        assert "style=" not in html
        assert "<style" not in html
        # Scripts only from files (the offline queue's, on every page), none written inline.
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
