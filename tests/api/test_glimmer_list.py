"""GET /api/v1/glimmers: newest first, the web journal's filters and search, cursor pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from glimmers.journal import queries, services
from glimmers.journal.forms import JournalFilterForm
from glimmers.journal.models import Person, Value
from glimmers.journal.photos import clean_photo
from tests.api.conftest import assert_error
from tests.factories import make_glimmer, upload

BASE = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _texts(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["text"] for item in response.json()["items"]]


def _walk(api, params: dict) -> tuple[list[dict], int]:
    """Every page, following next_cursor; returns the items and how many pages."""
    items, cursor, pages = [], "", 0
    while True:
        body = api.get("/glimmers", {**params, **({"cursor": cursor} if cursor else {})}).json()
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages
        assert pages < 50, "the cursor does not move"


def test_it_lists_only_my_glimmers_newest_first(api, owner, other):
    make_glimmer(owner, "Older", noticed_at=BASE - timedelta(days=2))
    make_glimmer(owner, "Newest", noticed_at=BASE)
    make_glimmer(owner, "Middle", noticed_at=BASE - timedelta(days=1))
    make_glimmer(other, "Someone else's", noticed_at=BASE)
    response = api.get("/glimmers")
    assert _texts(response) == ["Newest", "Middle", "Older"]
    assert response.json()["next_cursor"] is None


def test_a_stranger_sees_an_empty_journal(stranger_api, owner):
    make_glimmer(owner, "Private")
    response = stranger_api.get("/glimmers")
    assert response.json() == {"items": [], "next_cursor": None}


def test_walking_the_pages_gives_every_glimmer_once_newest_first(api, owner):
    # Some share a moment to the microsecond, so the id must break the tie.
    moments = [BASE - timedelta(hours=h // 3) for h in range(13)]
    for number, moment in enumerate(moments):
        make_glimmer(owner, f"Glimmer {number}", noticed_at=moment)
    items, pages = _walk(api, {"limit": 4})
    assert pages == 4
    assert len(items) == 13
    assert len({item["id"] for item in items}) == 13
    keys = [(item["noticed_at"], item["id"]) for item in items]
    assert keys == sorted(keys, reverse=True)


def test_pages_keep_the_filters(api, owner):
    for number in range(5):
        make_glimmer(owner, f"Sea {number} #sea", noticed_at=BASE - timedelta(hours=number))
        make_glimmer(owner, f"Hills {number}", noticed_at=BASE - timedelta(hours=number))
    items, pages = _walk(api, {"tag": "sea", "limit": 2})
    assert pages == 3
    assert [i["text"] for i in items] == [f"Sea {n} #sea" for n in range(5)]


def test_a_cursor_whose_plus_arrived_as_a_space_still_works(api, owner):
    for number in range(3):
        make_glimmer(owner, f"G{number}", noticed_at=BASE - timedelta(hours=number))
    cursor = api.get("/glimmers", {"limit": 1}).json()["next_cursor"]
    assert "+" in cursor
    unencoded = api.client.get(
        f"/api/v1/glimmers?limit=1&cursor={cursor}", **api.headers
    )  # "+" in a query string reads as a space
    assert _texts(unencoded) == ["G1"]


@pytest.fixture
def journal(owner):
    """A small journal in Kyiv time with one glimmer for each filter to find."""
    mum = services.add_named(owner, Person, "Mum")
    calm = services.add_named(owner, Value, "Calm")
    make_glimmer(owner, "Birdsong at dawn #morning", noticed_at=BASE)
    make_glimmer(
        owner,
        "Coffee with Mum",
        noticed_at=BASE - timedelta(days=3),
        people=[mum],
        kind="remembered",
        state_before="mobilized",
    )
    make_glimmer(
        owner,
        "Warm bath",
        noticed_at=BASE - timedelta(days=10),
        values=[calm],
        state_after="safe",
        gratitude="For hot water",
    )
    make_glimmer(
        owner,
        "Smell of rain",
        noticed_at=BASE - timedelta(days=20),
        senses=list(queries.senses(owner).filter(slug="smell")),
    )
    return {"mum": mum.pk, "calm": calm.pk}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Birdsong at dawn #morning", "Coffee with Mum", "Warm bath", "Smell of rain"]),
        ({"q": "coffee"}, ["Coffee with Mum"]),
        ({"q": "bird"}, ["Birdsong at dawn #morning"]),  # the start of a word finds it
        ({"q": "hot water"}, ["Warm bath"]),  # the gratitude note is searched too
        ({"q": "nothing-like-this"}, []),
        ({"tag": "morning"}, ["Birdsong at dawn #morning"]),
        ({"tag": "#Morning"}, ["Birdsong at dawn #morning"]),
        ({"sense": "smell"}, ["Smell of rain"]),
        ({"kind": "remembered"}, ["Coffee with Mum"]),
        ({"state_before": "mobilized"}, ["Coffee with Mum"]),
        ({"state_after": "safe"}, ["Warm bath"]),
        ({"since": "2024-04-21", "until": "2024-04-28"}, ["Coffee with Mum", "Warm bath"]),
        ({"until": "2024-04-11"}, ["Smell of rain"]),
        ({"since": "2024-05-01"}, ["Birdsong at dawn #morning"]),
    ],
    ids=repr,
)
def test_it_filters_and_searches_like_the_web_journal(api, owner, journal, params, expected):
    assert _texts(api.get("/glimmers", params)) == expected
    form = JournalFilterForm(params, owner=owner)
    assert form.is_valid()
    web = queries.timeline_page(owner, form.journal_filter()).items
    assert [g.text for g in web] == expected


def test_it_filters_by_person_and_value(api, journal):
    assert _texts(api.get("/glimmers", {"person": journal["mum"]})) == ["Coffee with Mum"]
    assert _texts(api.get("/glimmers", {"value": journal["calm"]})) == ["Warm bath"]


def test_days_are_the_owners_own_days(api, owner):
    # 00:30 on 1 May in Kyiv is still 30 April in UTC.
    make_glimmer(owner, "Just after midnight", noticed_at=datetime(2024, 4, 30, 21, 30, tzinfo=UTC))
    make_glimmer(owner, "Late evening", noticed_at=datetime(2024, 4, 30, 20, 30, tzinfo=UTC))
    on_the_first = api.get("/glimmers", {"since": "2024-05-01", "until": "2024-05-01"})
    assert _texts(on_the_first) == ["Just after midnight"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "dream"}, "kind"),
        ({"state_before": "ecstatic"}, "state_before"),
        ({"state_after": "x"}, "state_after"),
        ({"sense": "echolocation"}, "sense"),
        ({"since": "last week"}, "since"),
        ({"until": "2024-13-01"}, "until"),
        ({"since": "2024-05-02", "until": "2024-05-01"}, "until"),
        ({"since": "0001-01-01"}, "since"),
        ({"until": "9999-12-31"}, "until"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "q" * 201}, "q"),
        ({"person": "someone"}, "person"),
        ({"value": 99999}, "value"),
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"cursor": "not a cursor"}, "cursor"),
        ({"cursor": "2024-05-01T12:00:00~nothex"}, "cursor"),
        ({"cursor": f"2024-05-01T12:00:00~{'0' * 32}"}, "cursor"),  # no zone
        ({"cursor": f"0001-01-01T00:00:00+05:00~{'0' * 32}"}, "cursor"),
    ],
    ids=repr,
)
def test_a_bad_filter_is_422_in_the_error_shape(api, owner, params, field):
    make_glimmer(owner, "Something")
    assert_error(api.get("/glimmers", params), 422, "invalid", fields=(field,))


def test_someone_elses_person_is_not_a_filter_i_can_use(api, other):
    theirs = services.add_named(other, Person, "Ira")
    assert_error(api.get("/glimmers", {"person": theirs.pk}), 422, "invalid", fields=("person",))


def test_the_number_of_queries_does_not_grow_with_the_page(api, owner):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/glimmers", {"limit": 50}).status_code == 200
        return len(captured)

    def add(count: int, start: int):
        mum = services.add_named(owner, Person, "Mum")
        for n in range(start, start + count):
            glimmer = make_glimmer(
                owner, f"G{n} #tag{n}", noticed_at=BASE - timedelta(hours=n), people=[mum]
            )
            services.add_photo(owner, glimmer, clean_photo(upload()))

    api.get("/senses")  # the token's first use notes the time; not part of a page
    add(3, 0)
    few = queries_for_page()
    add(3, 3)
    assert queries_for_page() == few
