"""The journal timeline: local days, newest first, filters, pages, query counts."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from glimmers.journal import queries
from glimmers.journal.models import Person, Sense, Value
from tests.factories import make_glimmer, upload


def at(*args):
    return datetime(*args, tzinfo=UTC)


def test_it_groups_by_the_persons_local_day_newest_first(owner_client, owner):
    # Kyiv is UTC+2 in January: 21:30 UTC is 23:30 local, still the 10th.
    make_glimmer(owner, "late on the tenth", noticed_at=at(2025, 1, 10, 21, 30))
    make_glimmer(owner, "after midnight", noticed_at=at(2025, 1, 10, 22, 30))  # 00:30 on the 11th
    make_glimmer(owner, "morning of the tenth", noticed_at=at(2025, 1, 10, 6, 0))
    page = queries.timeline_page(owner, queries.JournalFilter())
    assert [(d.day.isoformat(), [g.text for g in d.glimmers]) for d in page.days] == [
        ("2025-01-11", ["after midnight"]),
        ("2025-01-10", ["late on the tenth", "morning of the tenth"]),
    ]
    html = owner_client.get("/journal/").content.decode()
    assert html.index("Saturday 11 January 2025") < html.index("Friday 10 January 2025")


def test_it_pages_through_everything_once(owner):
    start = at(2025, 1, 1, 12)
    for n in range(7):
        make_glimmer(owner, f"g{n}", noticed_at=start)  # same moment: ids break the tie
        make_glimmer(owner, f"h{n}", noticed_at=start - timedelta(hours=n))
    seen, cursor = [], ""
    while True:
        page = queries.timeline_page(owner, queries.JournalFilter(), cursor=cursor, size=4)
        seen += [g.text for g in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == 14
    assert len(set(seen)) == 14


def test_the_older_link_carries_filters(owner_client, owner):
    for n in range(55):
        make_glimmer(owner, f"#walk step {n}")
    first = owner_client.get("/journal/?tag=walk").content.decode()
    assert "Older glimmers" in first
    assert "tag=walk" in first.split("Older glimmers")[0].rsplit("href=", 1)[1]


def test_a_broken_cursor_starts_at_the_top(owner_client, owner):
    make_glimmer(owner, "still here")
    response = owner_client.get("/journal/?after=not-a-cursor")
    assert response.status_code == 200
    assert "still here" in response.content.decode()


@pytest.fixture
def varied(owner):
    sight = Sense.objects.get(slug="sight")
    sound = Sense.objects.get(slug="sound")
    mum = Person.objects.create(owner=owner, name="Mum")
    nature = Value.objects.create(owner=owner, name="Nature")
    make_glimmer(
        owner, "Birdsong #morning", senses=[sound], values=[nature], noticed_at=at(2025, 5, 1, 8)
    )
    make_glimmer(
        owner,
        "Mum laughing",
        people=[mum],
        state_before="shutdown",
        state_after="safe",
        noticed_at=at(2025, 5, 2, 8),
    )
    make_glimmer(
        owner,
        "Old photo of the lake",
        kind="remembered",
        senses=[sight],
        noticed_at=at(2020, 7, 1, 8),
    )
    return {"sound": sound, "mum": mum, "nature": nature}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sense=sound", ["Birdsong #morning"]),
        ("tag=morning", ["Birdsong #morning"]),
        ("tag=%23Morning", ["Birdsong #morning"]),
        ("kind=remembered", ["Old photo of the lake"]),
        ("state_before=shutdown&state_after=safe", ["Mum laughing"]),
        ("since=2025-05-02", ["Mum laughing"]),
        ("until=2025-05-01", ["Birdsong #morning", "Old photo of the lake"]),
        ("since=2025-01-01&until=2025-12-31&q=bird", ["Birdsong #morning"]),
    ],
)
def test_it_filters(owner, varied, query, expected):
    from django.http import QueryDict

    from glimmers.journal.forms import JournalFilterForm

    form = JournalFilterForm(QueryDict(query), owner=owner)
    assert form.is_valid(), form.errors
    found = queries.filtered(owner, form.journal_filter()).order_by("-noticed_at")
    assert [g.text for g in found] == expected


def test_it_filters_by_person_and_value_in_the_page(owner_client, varied):
    html = owner_client.get(f"/journal/?person={varied['mum'].pk}").content.decode()
    assert "Mum laughing" in html
    assert "Birdsong" not in html
    html = owner_client.get(f"/journal/?value={varied['nature'].pk}").content.decode()
    assert "Birdsong" in html
    assert "Mum laughing" not in html


@pytest.mark.parametrize(
    "query",
    [
        "value=abc",
        "person=999999",
        "since=not-a-date",
        "since=2025-05-03&until=2025-05-01",
        "kind=dream",
        "sense=%00",
        "q=" + "x" * 500,
    ],
)
def test_bad_filters_get_a_message_not_an_error(owner_client, varied, query):
    response = owner_client.get(f"/journal/?{query}")
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_someone_elses_person_filter_shows_nothing_of_theirs(owner_client, other):
    theirs = Person.objects.create(owner=other, name="Hidden")
    make_glimmer(other, "their secret", people=[theirs])
    html = owner_client.get(f"/journal/?person={theirs.pk}").content.decode()
    assert "their secret" not in html
    assert "Hidden" not in html


def _timeline_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/journal/").status_code == 200
    return len(captured.captured_queries)


def _add_rich(owner, n):
    sight = Sense.objects.get(slug="sight")
    for i in range(n):
        make_glimmer(
            owner,
            f"rich {i} #tag{i % 3}",
            senses=[sight],
            new_people=[f"P{i % 2}"],
            new_values=["Calm"],
            photos=[],
        )


def test_the_number_of_queries_does_not_grow_with_the_journal(owner_client, owner):
    _timeline_queries(owner_client)  # the first request also checks an account exists
    _add_rich(owner, 5)
    five = _timeline_queries(owner_client)
    _add_rich(owner, 5)
    ten = _timeline_queries(owner_client)
    assert five == ten


def test_photos_show_as_thumbnails(owner_client, owner):
    owner_client.post("/capture/", {"text": "with photo", "photos": upload()})
    html = owner_client.get("/journal/").content.decode()
    assert "/thumbnail/" in html


def test_an_empty_journal_is_a_kind_page(owner_client):
    html = owner_client.get("/journal/").content.decode()
    assert "Your journal is empty for now" in html


def test_no_match_says_so(owner_client, owner):
    make_glimmer(owner, "tea")
    html = owner_client.get("/journal/?q=coffee").content.decode()
    assert "No glimmers match that" in html
