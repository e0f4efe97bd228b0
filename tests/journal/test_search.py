"""Full-text search: the same glimmers found on SQLite (FTS5) and PostgreSQL.

This file runs on both databases in CI; the expected results are written
out once, so the two engines must agree with them and with each other.
"""

import pytest

from glimmers.journal import queries, search, services
from tests.factories import make_glimmer

CORPUS = {
    "coffee": "First sip of coffee by the window",
    "sea": "The sea was loud and grey #sea",
    "mum": "Mum's laugh on the phone",
    "light": "Sun-warmed wall, light on my hands",
    "kyiv": "Тиша у дворі, пахне дощем",
    "place": "Quiet bench",
    "cafe": "Café with an old friend",
}


@pytest.fixture
def corpus(owner):
    found = {key: make_glimmer(owner, text) for key, text in CORPUS.items()}
    services.save_glimmer(owner, {"place": "Botanic garden"}, glimmer=found["place"])
    services.save_glimmer(owner, {"gratitude": "thankful for rain"}, glimmer=found["coffee"])
    return found


def _find(owner, query):
    rows = queries.filtered(owner, queries.JournalFilter(q=query))
    return sorted(next(k for k, v in CORPUS.items() if v == g.text) for g in rows)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("coffee", ["coffee"]),
        ("COFFEE", ["coffee"]),
        ("coff", ["coffee"]),  # the start of a word is enough
        ("sea", ["sea"]),
        ("#sea", ["sea"]),
        ("the", ["coffee", "mum", "sea"]),
        ("the sea", ["sea"]),  # every word must appear
        ("mum", ["mum"]),
        ("mum's laugh", ["mum"]),
        ("warmed", ["light"]),
        ("sun-warmed", ["light"]),
        ("дощем", ["kyiv"]),
        ("тиша", ["kyiv"]),
        ("botanic", ["place"]),  # the place is searched
        ("rain", ["coffee"]),  # and the note of thanks
        ("café", ["cafe"]),
        ("cafe", []),  # accents are kept on both engines
        ("ocean", []),
    ],
)
def test_it_finds_the_same_glimmers_on_every_database(owner, corpus, query, expected):
    assert _find(owner, query) == expected


@pytest.mark.parametrize(
    "query", ['"', "*", "NEAR(", "AND", "a:*", "!!!", "' OR 1=1 --", "\\", "))", "&|"]
)
def test_odd_queries_never_break_the_search(owner_client, owner, corpus, query):
    response = owner_client.get("/journal/", {"q": query})
    assert response.status_code == 200


def test_a_query_without_words_finds_nothing(owner, corpus):
    assert _find(owner, "!!!") == []
    assert search.terms("  ,.;  ") == []


def test_it_follows_edits_and_deletes(owner, corpus):
    services.save_glimmer(owner, {"text": "Tea instead"}, glimmer=corpus["coffee"])
    assert _find(owner, "coffee") == []
    assert [g.text for g in queries.filtered(owner, queries.JournalFilter(q="tea"))] == [
        "Tea instead"
    ]
    services.delete_glimmer(owner, corpus["sea"])
    assert _find(owner, "sea") == []


def test_it_only_ever_searches_your_own_glimmers(owner, other, corpus):
    make_glimmer(other, "Their coffee, their secret")
    assert _find(owner, "coffee") == ["coffee"]
    assert _find(owner, "secret") == []
    theirs = queries.filtered(other, queries.JournalFilter(q="coffee"))
    assert [g.text for g in theirs] == ["Their coffee, their secret"]


def test_the_search_page_shows_matches(owner_client, corpus):
    html = owner_client.get("/journal/", {"q": "sea"}).content.decode()
    assert "The sea was loud" in html
    assert "First sip" not in html
