"""Bad input to the JSON API gets a 4xx in the one error shape and changes nothing.

A body must be a JSON object where the API expects one; every date must be
written out (never a bare number read as seconds since 1970) and lie within
the years the app keeps (glimmers/time.py: 1900 to 2100).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from glimmers.journal.models import Person, Trigger, Value
from glimmers.practice.models import Intention, Reflection
from tests.api.conftest import ApiClient, assert_error, journal_snapshot, token_for
from tests.factories import make_glimmer, make_trigger, make_user

BOUNDS = "between 1900 and 2100"
NOT_OBJECTS = ["null", "123", "[null,null]", '"warm light"', "true", "[]", "1.5"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(owner) -> ApiClient:
    return ApiClient(token_for(owner))


def practice_snapshot() -> dict:
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in (Intention, Reflection)
    }


def everything() -> dict:
    return {**journal_snapshot(), **practice_snapshot()}


def _refused(response, status: int = 422) -> dict:
    return assert_error(response, status, "invalid" if status == 422 else "bad_request")


# ---------------------------------------------------------------------------
# A body that isn't a JSON object
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_a_glimmer_body_that_is_not_an_object_makes_no_glimmer(api, body):
    before = everything()
    fields = _refused(api.post("/glimmers", body))
    assert "JSON object" in " ".join(m for messages in fields.values() for m in messages)
    assert everything() == before


@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_a_put_body_that_is_not_an_object_makes_no_glimmer(api, body):
    before = everything()
    _refused(api.put(f"/glimmers/{uuid.uuid4()}", body))
    assert everything() == before


def test_thousands_of_new_names_in_one_glimmer_are_refused_and_nothing_is_kept(api):
    before = everything()
    names = [f"person {number}" for number in range(5000)]
    _refused(api.put(f"/glimmers/{uuid.uuid4()}", {"text": "a crowd", "people": names}))
    assert everything() == before
    kept = api.put(f"/glimmers/{uuid.uuid4()}", {"text": "a few", "people": names[:3]})
    assert kept.status_code == 201


@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_every_endpoint_with_a_body_wants_an_object(api, owner, body):
    glimmer = make_glimmer(owner, "warm light")
    trigger = make_trigger(owner, "a slammed door")
    person = Person.objects.create(owner=owner, name="Mum")
    value = Value.objects.create(owner=owner, name="calm")
    calls = [
        ("patch", f"/glimmers/{glimmer.pk}"),
        ("post", "/triggers"),
        ("patch", f"/triggers/{trigger.pk}"),
        ("post", "/people"),
        ("patch", f"/people/{person.pk}"),
        ("post", "/values"),
        ("patch", f"/values/{value.pk}"),
        ("put", "/intentions/2025-03-02"),
        ("put", "/reflections/2025-03-02"),
    ]
    before = everything()
    for method, path in calls:
        response = api.call(method, path, body)
        assert response.status_code == 422, (method, path, response.content)
        _refused(response)
    assert everything() == before


def test_a_body_that_is_not_json_is_a_400_in_the_error_shape(api):
    before = everything()
    assert_error(api.post("/glimmers", b"\xff\xfe{"), 400, "bad_request")
    assert_error(api.post("/glimmers", "{text:"), 400, "bad_request")
    assert everything() == before


# ---------------------------------------------------------------------------
# Days and moments
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0", "1", "1700000000", "0001-01-01", "1000-03-02", "2101-01-01"])
def test_a_reflection_for_a_day_outside_the_years_is_refused(api, day):
    before = everything()
    fields = _refused(api.put(f"/reflections/{day}", {"answer": "the tea was warm"}))
    assert "day" in fields
    assert everything() == before
    assert not Reflection.objects.exists()


@pytest.mark.parametrize("day", ["0", "86400", "0001-01-01", "1899-12-31"])
def test_an_intention_for_a_day_outside_the_years_is_refused(api, day):
    before = everything()
    fields = _refused(api.put(f"/intentions/{day}", {"text": "small sounds"}))
    assert "day" in fields
    assert everything() == before


def test_the_message_for_a_day_out_of_range_names_the_years(api):
    fields = _refused(api.put("/reflections/1000-03-02", {"answer": "soup"}))
    assert BOUNDS in fields["day"][0]


@pytest.mark.parametrize(
    "when",
    [
        "1000-01-01T10:00:00Z",
        "1899-12-31T23:59:00",
        "0001-01-02T00:30:00+00:00",
        0,
        1700000000,
        "1700000000",
        "2025-03-02",
        True,
    ],
)
def test_a_glimmer_at_a_moment_we_do_not_keep_is_refused(api, when):
    before = everything()
    fields = _refused(api.post("/glimmers", {"text": "old oak", "noticed_at": when}))
    assert "noticed_at" in fields
    assert everything() == before


def test_a_glimmer_from_1900_is_kept(api):
    response = api.post("/glimmers", {"text": "old oak", "noticed_at": "1900-06-01T10:00:00Z"})
    assert response.status_code == 201
    assert response.json()["noticed_at"].startswith("1900-06-01")


@pytest.mark.parametrize("when", ["1000-01-01T10:00:00Z", 0, "0"])
def test_a_hard_moment_at_a_moment_we_do_not_keep_is_refused(api, owner, when):
    trigger = make_trigger(owner, "a slammed door", occurred_at=datetime(2025, 3, 2, tzinfo=UTC))
    before = everything()
    _refused(api.post("/triggers", {"text": "shouting", "occurred_at": when}))
    _refused(api.patch(f"/triggers/{trigger.pk}", {"occurred_at": when}))
    assert everything() == before
    assert Trigger.objects.get().occurred_at == datetime(2025, 3, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    "params", [{"since": "1000-01-01"}, {"until": "1899-12-31"}, {"since": "2101-01-01"}]
)
def test_a_list_filtered_outside_the_years_is_refused(api, params):
    (name,) = params
    fields = _refused(api.get("/glimmers", params))
    assert BOUNDS in fields[name][0]


# ---------------------------------------------------------------------------
# Numbers and yes/no as the schema says, not read loosely
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        {"anchored_seconds": "30"},
        {"anchored_seconds": 30.5},
        {"reliable": "yes"},
        {"reliable": 1},
        {"text": 5},
    ],
)
def test_a_glimmer_field_of_the_wrong_type_is_refused(api, payload):
    before = everything()
    (name,) = payload
    assert name in _refused(api.post("/glimmers", {"text": "rain", **payload}))
    assert everything() == before


def test_a_hard_moments_intensity_must_be_a_number(api):
    before = everything()
    assert "intensity" in _refused(api.post("/triggers", {"text": "noise", "intensity": "7"}))
    assert everything() == before


def test_a_reflections_prompt_must_be_a_number(api):
    before = everything()
    day = datetime.now(UTC).date().isoformat()
    fields = _refused(api.put(f"/reflections/{day}", {"answer": "soup", "prompt_id": "1"}))
    assert "prompt_id" in fields
    assert everything() == before


def test_nul_characters_in_an_intention_or_reflection_are_refused(api):
    before = everything()
    day = datetime.now(UTC).date().isoformat()
    _refused(api.put(f"/intentions/{day}", {"text": "\x00\x00"}))
    _refused(api.put(f"/reflections/{day}", {"answer": "\x00\x00"}))
    _refused(api.post("/people", {"name": "Mu\x00m"}))
    assert everything() == before


def test_a_naive_moment_near_the_year_1_is_refused_far_west(db):
    west = make_user("west", time_zone="Etc/GMT+12")
    api = ApiClient(token_for(west))
    before = everything()
    fields = _refused(api.put(f"/glimmers/{uuid.uuid4()}", {"noticed_at": "0001-01-01T13:00:00"}))
    assert BOUNDS in fields["noticed_at"][0]
    assert everything() == before


@pytest.mark.parametrize("when", ["1900-01-01T00:00:00+14:00", "2100-12-31T23:30:00-12:00"])
def test_a_moment_whose_instant_falls_outside_the_years_is_refused(api, when):
    # Written as 1 January 1900 (or 31 December 2100) but, in UTC, a moment of 1899 (or
    # 2101): kept, it could never be edited again, since every later save checks the
    # stored instant. Refused at once instead.
    before = everything()
    fields = _refused(api.post("/glimmers", {"text": "old oak", "noticed_at": when}))
    assert BOUNDS in fields["noticed_at"][0]
    assert everything() == before


def test_a_glimmer_at_the_first_moment_we_keep_can_be_edited_again(api):
    created = api.post("/glimmers", {"text": "old oak", "noticed_at": "1900-01-01T00:00:00Z"})
    assert created.status_code == 201
    uid = created.json()["id"]
    assert api.patch(f"/glimmers/{uid}", {"text": "old oak, again"}).status_code == 200
