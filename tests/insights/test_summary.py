"""The one-page summary: the same findings in plain words, to print or take to a session."""

from pathlib import Path

import glimmers
from glimmers.journal import services
from tests.factories import make_glimmer
from tests.insights.conftest import at
from tests.practice.helpers import page


def test_it_sums_up_the_range_in_words(journal, owner_client):
    response = owner_client.get("/insights/summary/?range=week")
    assert response.status_code == 200
    html = page(response)
    assert "<h1>My glimmers</h1>" in html
    assert "This week</strong> · 10 March 2025 – 14 March 2025" in html
    assert "5 glimmers on 3 of 5 days (3 in words, 2 counted)." in html
    assert "<strong>State shifts.</strong> You noted how you felt before and after for 3" in html
    assert "it is not therapy" in html
    assert html.count("<svg ") == 2  # over time and the radar


def test_it_quotes_a_few_glimmers_reliable_ones_first(journal, owner, owner_client):
    services.save_glimmer(owner, {"reliable": True}, glimmer=journal["g3"])
    html = page(owner_client.get("/insights/summary/?range=week"))
    words = html.split("In my own words", 1)[1]
    assert words.index("Birdsong at the bus stop") < words.index("Sun on the wall")
    assert words.index("Sun on the wall") < words.index("Late tea with Mum")
    assert "(reliably helps me)" in words
    assert "Candle on the sill" not in words  # Sunday: not this week


def test_at_most_five_and_never_a_counted_one(owner, owner_client, frozen):
    for n in range(7):
        make_glimmer(owner, f"moment {n}", noticed_at=at(2025, 3, 12, 8, n))
    make_glimmer(owner, "", noticed_at=at(2025, 3, 12, 9))
    words = page(owner_client.get("/insights/summary/?range=week")).split("In my own words", 1)[1]
    assert words.count("<li>") == 5
    assert "moment 6" in words and "moment 1" not in words


def test_an_empty_range_is_said_kindly(owner_client, frozen):
    html = page(owner_client.get("/insights/summary/?range=week"))
    assert "Your journal is still empty" in html
    assert "<svg" not in html


def test_the_stylesheet_prints_only_the_summary():
    css = (Path(glimmers.__file__).parent / "static/glimmers/glimmers.css").read_text()
    printing = css.split("@media print", 1)[1]
    for hidden in (".site-header", ".site-footer", ".no-print", ".range-picker"):
        assert hidden in printing.split("display: none", 1)[0]
    assert "--bg: #ffffff" in printing  # dark mode never reaches paper
