"""Triggers through the API: kept apart from glimmers, owner-only, paged newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from glimmers.journal.models import Glimmer, Trigger
from tests.api.conftest import assert_error, journal_snapshot
from tests.factories import make_glimmer, make_trigger

BASE = datetime(2024, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def helper(owner):
    return make_glimmer(owner, "Cat purring on my lap")


def test_it_records_a_trigger(api, owner, helper):
    response = api.post(
        "/triggers",
        {
            "text": "Fireworks next door",
            "occurred_at": "2024-03-10T21:15:00+02:00",
            "pushed_toward": "mobilized",
            "intensity": 7,
            "helped_by": [str(helper.pk)],
        },
    )
    assert response.status_code == 201
    body = response.json()
    trigger = Trigger.objects.get()
    assert trigger.owner == owner
    assert body["id"] == str(trigger.pk)
    assert body["text"] == "Fireworks next door"
    assert body["occurred_at"] == "2024-03-10T19:15:00Z"
    assert body["pushed_toward"] == "mobilized"
    assert body["intensity"] == 7
    assert body["helped_by"] == [str(helper.pk)]


def test_a_trigger_is_not_a_glimmer(api, owner):
    api.post("/triggers", {"text": "Shouting in the street"})
    assert not Glimmer.objects.exists()
    assert api.get("/glimmers").json()["items"] == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"intensity": 11}, "intensity"),
        ({"intensity": -1}, "intensity"),
        ({"text": ""}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "a\x00b"}, "text"),
        ({"text": "\ud800"}, "text"),
        ({"pushed_toward": "panic"}, "pushed_toward"),
        ({"occurred_at": (datetime.now(UTC) + timedelta(days=3)).isoformat()}, "occurred_at"),
        ({"occurred_at": "0001-01-01T00:00:00+01:00"}, "occurred_at"),
        ({"helped_by": ["not-a-uuid"]}, "helped_by.0"),
        ({"helped_by": ["5d1c6bd9-3a1d-4c1e-9a51-3b7d1c4c2c10"]}, "helped_by"),
    ],
    ids=repr,
)
def test_bad_input_names_the_field_and_saves_nothing(api, owner, payload, field):
    before = journal_snapshot()
    response = api.post("/triggers", {"text": "A door slammed", **payload})
    assert_error(response, 422, "invalid", fields=(field,))
    assert journal_snapshot() == before


def test_a_strangers_glimmer_cannot_be_what_helped(api, owner, stranger, helper):
    theirs = make_glimmer(stranger, "Their calm moment")
    before = journal_snapshot()
    response = api.post(
        "/triggers", {"text": "Bad news", "helped_by": [str(helper.pk), str(theirs.pk)]}
    )
    fields = assert_error(response, 422, "invalid", fields=("helped_by",))
    assert "isn't in your journal" in fields["helped_by"][0]
    assert b"Their calm moment" not in response.content
    assert journal_snapshot() == before


def test_it_returns_one(api, owner):
    trigger = make_trigger(owner, "Alarm at night", intensity=4)
    body = api.get(f"/triggers/{trigger.pk}").json()
    assert body["text"] == "Alarm at night" and body["intensity"] == 4


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_a_stranger_gets_404_and_changes_nothing(stranger_api, owner, method):
    trigger = make_trigger(owner, "Private fear")
    before = journal_snapshot()
    response = stranger_api.call(method, f"/triggers/{trigger.pk}", {"text": "Mine"})
    assert_error(response, 404, "not_found")
    assert b"Private fear" not in response.content
    assert journal_snapshot() == before


# ---------------------------------------------------------------------------
# PATCH and DELETE
# ---------------------------------------------------------------------------


@pytest.fixture
def full_trigger(api, helper) -> dict:
    return api.post(
        "/triggers",
        {
            "text": "Loud argument",
            "occurred_at": "2024-03-01T10:00:00Z",
            "pushed_toward": "shutdown",
            "intensity": 6,
            "helped_by": [str(helper.pk)],
        },
    ).json()


@pytest.mark.parametrize(
    "change",
    [
        {"intensity": 2},
        {"intensity": None},
        {"text": "A quieter argument"},
        {"pushed_toward": ""},
        {"occurred_at": "2024-02-01T08:00:00Z"},
        {"helped_by": []},
    ],
    ids=repr,
)
def test_patch_changes_only_the_fields_sent(api, full_trigger, change):
    response = api.patch(f"/triggers/{full_trigger['id']}", change)
    assert response.status_code == 200
    body = response.json()
    skip = {"updated_at", *change}
    assert {k: v for k, v in body.items() if k not in skip} == {
        k: v for k, v in full_trigger.items() if k not in skip
    }
    name, value = next(iter(change.items()))
    assert body[name] == {"occurred_at": "2024-02-01T08:00:00Z"}.get(name, value)


def test_a_bad_patch_changes_nothing(api, full_trigger):
    before = journal_snapshot()
    response = api.patch(f"/triggers/{full_trigger['id']}", {"text": "New", "intensity": 11})
    assert_error(response, 422, "invalid", fields=("intensity",))
    assert journal_snapshot() == before


def test_delete_removes_the_trigger_but_not_the_glimmer_that_helped(api, full_trigger, helper):
    assert api.delete(f"/triggers/{full_trigger['id']}").status_code == 204
    assert not Trigger.objects.exists()
    assert Glimmer.objects.filter(pk=helper.pk).exists()


# ---------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------


def test_it_lists_only_mine_newest_first(api, owner, other):
    make_trigger(owner, "Older", occurred_at=BASE - timedelta(days=1))
    make_trigger(owner, "Newer", occurred_at=BASE)
    make_trigger(other, "Someone else's", occurred_at=BASE)
    body = api.get("/triggers").json()
    assert [t["text"] for t in body["items"]] == ["Newer", "Older"]
    assert body["next_cursor"] is None


def test_walking_the_pages_gives_every_trigger_once(api, owner):
    for number in range(7):
        make_trigger(owner, f"T{number}", occurred_at=BASE - timedelta(hours=number // 2))
    seen, cursor, pages = [], None, 0
    while True:
        body = api.get("/triggers", {"limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        seen += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert len({t["id"] for t in seen}) == 7
    keys = [(t["occurred_at"], t["id"]) for t in seen]
    assert keys == sorted(keys, reverse=True)


@pytest.mark.parametrize("params", [{"cursor": "garbage"}, {"limit": 0}, {"limit": 500}])
def test_a_bad_page_request_is_422(api, params):
    assert_error(api.get("/triggers", params), 422, "invalid", fields=tuple(params))


def test_the_number_of_queries_does_not_grow_with_the_page(api, owner, helper):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/triggers").status_code == 200
        return len(captured)

    def add(count: int):
        for _ in range(count):
            make_trigger(owner, "Again", helped_by=[helper])

    api.get("/senses")  # the token's first use notes the time; not part of a page
    add(3)
    few = queries_for_page()
    add(3)
    assert queries_for_page() == few
