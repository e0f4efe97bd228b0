"""Search results page by page: the same glimmers, in the journal's order.

On SQLite a search walks the matches newest first through index keys that
follow each glimmer's moment (journal/search.py). Every test here compares a
search walked page by page with the plain answer: every matching glimmer,
newest first. They run on both databases.
"""

from datetime import UTC, datetime, timedelta

import pytest

from glimmers.journal import queries, services
from glimmers.journal.models import Glimmer
from tests.factories import make_glimmer

START = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _walk(owner, size=3, **wanted):
    """Every glimmer a search shows, page after page."""
    shown, cursor = [], ""
    for _ in range(500):
        page = queries.timeline_page(owner, queries.JournalFilter(**wanted), cursor, size=size)
        shown += page.items
        if not page.next_cursor:
            return shown
        cursor = page.next_cursor
    raise AssertionError("the pages never ended")


def _expected(owner, word, keep=lambda g: True):
    rows = [g for g in Glimmer.objects.filter(owner=owner) if word in g.text.lower() and keep(g)]
    return sorted(rows, key=lambda g: (g.noticed_at, g.pk), reverse=True)


def test_glimmers_that_share_a_moment_each_appear_once_in_order(owner):
    moment = START + timedelta(microseconds=123_456)
    for n in range(9):
        make_glimmer(owner, f"rain on the roof {n}", noticed_at=moment)
    for n in range(5):
        make_glimmer(owner, f"rain again {n}", noticed_at=moment + timedelta(microseconds=n * 300))
    make_glimmer(owner, "no match here", noticed_at=moment)

    assert [g.pk for g in _walk(owner, q="rain")] == [g.pk for g in _expected(owner, "rain")]


def test_a_filter_that_thins_the_matches_still_finds_every_one(owner):
    # Two hundred newer matches without the tag, then a few old ones with it:
    # the search has to look further back than its first window.
    for n in range(200):
        make_glimmer(owner, f"sea breeze {n}", noticed_at=START - timedelta(hours=n))
    tagged = [
        make_glimmer(owner, f"sea glass {n} #kept", noticed_at=START - timedelta(days=400 + n))
        for n in range(4)
    ]
    shown = _walk(owner, size=2, q="sea", tag="kept")
    assert [g.pk for g in shown] == [g.pk for g in tagged]


def test_days_bound_the_search(owner):
    for n in range(30):
        make_glimmer(owner, f"birdsong {n}", noticed_at=START - timedelta(days=n))
    since, until = (START - timedelta(days=20)).date(), (START - timedelta(days=10)).date()
    shown = _walk(owner, size=4, q="birdsong", since=since, until=until)
    assert [g.pk for g in shown] == [
        g.pk for g in _expected(owner, "birdsong", lambda g: since <= g.noticed_at.date() <= until)
    ]
    assert len(shown) == 11


def test_a_new_moment_or_new_words_move_the_glimmer_in_the_results(owner):
    glimmers = [
        make_glimmer(owner, f"moss {n}", noticed_at=START - timedelta(days=n)) for n in range(6)
    ]
    oldest = glimmers[-1]
    services.save_glimmer(owner, {"noticed_at": START + timedelta(days=1)}, glimmer=oldest)
    assert _walk(owner, size=2, q="moss")[0].pk == oldest.pk

    services.save_glimmer(owner, {"text": "lichen now"}, glimmer=glimmers[0])
    assert glimmers[0].pk not in {g.pk for g in _walk(owner, q="moss")}
    assert [g.pk for g in _walk(owner, q="lichen")] == [glimmers[0].pk]

    services.delete_glimmer(owner, glimmers[1])
    assert [g.pk for g in _walk(owner, q="moss")] == [g.pk for g in _expected(owner, "moss")]


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1969, 12, 31, 23, 59, 59, 999_600, tzinfo=UTC),
        datetime(1850, 6, 1, tzinfo=UTC),
        datetime(1, 1, 2, 0, 0, 0, 500, tzinfo=UTC),
    ],
)
def test_moments_far_from_now_are_found(owner, moment):
    make_glimmer(owner, "lantern far away", noticed_at=moment)
    make_glimmer(owner, "lantern today", noticed_at=START)
    assert [g.text for g in _walk(owner, size=1, q="lantern")] == [
        g.text for g in _expected(owner, "lantern")
    ]


def test_other_peoples_glimmers_never_appear_and_the_owner_is_not_a_word(owner, other):
    mine = make_glimmer(owner, "kettle song")
    make_glimmer(other, "kettle song too")
    assert [g.pk for g in _walk(owner, q="kettle")] == [mine.pk]
    # The index keeps each owner as a token; it must not be searchable.
    assert _walk(owner, q=f"o{owner.pk}") == []


def test_common_words_page_the_same_way(owner):
    moment = START + timedelta(microseconds=777)
    for n in range(7):
        make_glimmer(owner, f"warm bread {n}", noticed_at=moment - timedelta(days=n % 3))
    kept = make_glimmer(owner, "warm tea #kept", noticed_at=START - timedelta(days=900))
    assert [g.pk for g in _walk(owner, size=2, q="warm")] == [
        g.pk for g in _expected(owner, "warm")
    ]
    assert [g.pk for g in _walk(owner, size=2, q="warm", tag="kept")] == [kept.pk]


@pytest.mark.parametrize("few_links", [2000, 3])
def test_tag_person_and_value_filters_page_through_every_glimmer(owner, monkeypatch, few_links):
    # A rare tag is found from its links; a common one by walking the journal.
    monkeypatch.setattr(queries, "FEW_LINKS", few_links)
    moment = START + timedelta(microseconds=4_321)
    for n in range(12):
        make_glimmer(
            owner,
            f"porch light {n} #evening" if n % 3 else f"porch light {n}",
            noticed_at=moment - timedelta(days=n % 5),
            new_people=["Ana"] if n % 2 else [],
            new_values=["Rest"] if n % 4 else [],
        )
    every = _expected(owner, "porch")
    tagged = [g.pk for g in every if "#evening" in g.text]
    ana = queries.people(owner).get(name="Ana")
    rest = queries.values(owner).get(name="Rest")
    assert [g.pk for g in _walk(owner, size=2, tag="evening")] == tagged
    with_ana = [g.pk for g in every if g.people.filter(pk=ana.pk).exists()]
    assert [g.pk for g in _walk(owner, size=2, person=ana.pk)] == with_ana
    both = [pk for pk in with_ana if Glimmer.objects.get(pk=pk).values.filter(pk=rest.pk).exists()]
    assert [g.pk for g in _walk(owner, size=2, person=ana.pk, value=rest.pk)] == both
    assert _walk(owner, tag="nowhere") == []
