"""POST, GET, PATCH and DELETE of one glimmer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from glimmers.journal import services
from glimmers.journal.models import Glimmer, Person, Photo, Sense, Value
from glimmers.journal.photos import clean_photo
from tests.api.conftest import assert_error, journal_snapshot
from tests.factories import make_glimmer, upload

FULL = {
    "text": "Sun through the leaves at the bus stop #light #commute",
    "noticed_at": "2024-06-01T07:45:00+03:00",
    "kind": "remembered",
    "senses": ["sight", "touch"],
    "body_cues": ["warmth"],
    "state_before": "mobilized",
    "state_after": "safe",
    "place": "Bus stop on Khreshchatyk",
    "people": ["Mum", "Taras"],
    "values": ["Nature"],
    "anchored_seconds": 20,
    "surprise": "unexpected",
    "gratitude": "For the trees someone planted",
    "reliable": True,
}


def _without_times(body: dict) -> dict:
    return {k: v for k, v in body.items() if k not in ("updated_at", "created_at")}


# ---------------------------------------------------------------------------
# Create
# ---------------------------------------------------------------------------


def test_it_creates_a_glimmer_with_every_field(api, owner):
    response = api.post("/glimmers", FULL)
    assert response.status_code == 201
    body = response.json()
    assert body["noticed_at"] == "2024-06-01T04:45:00Z"
    for name in ("text", "kind", "state_before", "state_after", "place", "anchored_seconds"):
        assert body[name] == FULL[name]
    assert body["senses"] == ["sight", "touch"]
    assert body["body_cues"] == ["warmth"]
    assert sorted(body["people"]) == ["Mum", "Taras"]
    assert body["values"] == ["Nature"]
    assert sorted(body["tags"]) == ["commute", "light"]
    assert body["reliable"] is True
    assert body["photos"] == []
    glimmer = Glimmer.objects.get()
    assert str(glimmer.pk) == body["id"] and glimmer.owner == owner
    assert set(Person.objects.filter(owner=owner).values_list("name", flat=True)) == {
        "Mum",
        "Taras",
    }


def test_what_is_left_out_takes_its_default(api):
    before = timezone.now()
    body = api.post("/glimmers", {"text": "Warm tea"}).json()
    assert body["kind"] == "noticed"
    assert body["senses"] == body["people"] == body["tags"] == []
    assert body["reliable"] is False and body["anchored_seconds"] == 0
    noticed = datetime.fromisoformat(body["noticed_at"])
    assert before - timedelta(seconds=1) <= noticed <= timezone.now()


def test_an_empty_body_counts_a_glimmer_without_words(api):
    response = api.post("/glimmers", {})
    assert response.status_code == 201
    assert response.json()["text"] == ""
    assert Glimmer.objects.get().is_tally


def test_a_time_without_a_zone_is_in_the_owners_own_zone(api, owner):
    assert owner.time_zone == "Europe/Kyiv"
    body = api.post("/glimmers", {"noticed_at": "2024-01-15T09:00:00"}).json()
    assert body["noticed_at"] == "2024-01-15T07:00:00Z"


def test_existing_people_and_values_are_reused_whatever_their_case(api, owner):
    services.add_named(owner, Person, "Mum")
    api.post("/glimmers", {"people": ["mum", "  Mum "], "values": ["Calm"]})
    assert list(Person.objects.filter(owner=owner).values_list("name", flat=True)) == ["Mum"]
    assert list(Value.objects.filter(owner=owner).values_list("name", flat=True)) == ["Calm"]


def test_own_senses_can_be_used_by_slug(api, owner, other):
    services.add_own_word(owner, Sense, "Birdsong")
    services.add_own_word(other, Sense, "Echo")
    assert api.post("/glimmers", {"senses": ["birdsong"]}).json()["senses"] == ["birdsong"]
    fields = assert_error(api.post("/glimmers", {"senses": ["echo"]}), 422, "invalid")
    assert "echo" in fields["senses"][0]


# ---------------------------------------------------------------------------
# Bad input: a field-by-field message, and nothing saved
# ---------------------------------------------------------------------------

IN_A_WEEK = (datetime.now(UTC) + timedelta(days=7)).isoformat()
TOMORROW_EVENING = (datetime.now(UTC) + timedelta(hours=20)).isoformat()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "x" * 5001}, "text"),
        ({"senses": ["sight", "echolocation"]}, "senses"),
        ({"body_cues": ["tail-wagged"]}, "body_cues"),
        ({"noticed_at": IN_A_WEEK}, "noticed_at"),
        ({"noticed_at": "yesterday-ish"}, "noticed_at"),
        ({"noticed_at": "0001-01-01T00:30:00+05:00"}, "noticed_at"),
        ({"noticed_at": "0001-01-01T00:30:00"}, "noticed_at"),
        ({"kind": "dream"}, "kind"),
        ({"state_before": "ecstatic"}, "state_before"),
        ({"state_after": "SAFE"}, "state_after"),
        ({"surprise": "maybe"}, "surprise"),
        ({"anchored_seconds": 3601}, "anchored_seconds"),
        ({"anchored_seconds": -1}, "anchored_seconds"),
        ({"place": "p" * 201}, "place"),
        ({"gratitude": "g" * 2001}, "gratitude"),
        ({"people": ["n" * 81]}, "people"),
        ({"text": "a\x00b"}, "text"),
        ({"place": "a\x00b"}, "place"),
        ({"people": ["Mu\x00m"]}, "people.0"),
        ({"values": ["Ca\x00lm"]}, "values.0"),
        ({"senses": ["si\x00ght"]}, "senses.0"),
        ({"text": "\ud800 a broken character"}, "text"),
        ({"gratitude": "\udfff"}, "gratitude"),
        ({"people": ["\ud83d"]}, "people.0"),
    ],
    ids=repr,
)
def test_bad_input_names_the_field_and_saves_nothing(api, payload, field):
    before = journal_snapshot()
    response = api.post("/glimmers", {"text": "Fine words", **payload})
    fields = assert_error(response, 422, "invalid", fields=(field,))
    assert journal_snapshot() == before
    assert set(fields) == {field}


def test_a_moment_within_a_day_ahead_is_allowed_for_clocks_that_are_off(api):
    assert api.post("/glimmers", {"noticed_at": TOMORROW_EVENING}).status_code == 201


def test_the_message_for_long_text_says_the_limit(api):
    fields = assert_error(api.post("/glimmers", {"text": "x" * 5001}), 422, "invalid")
    assert "5000" in fields["text"][0]


def test_text_of_exactly_the_limit_is_kept(api):
    assert api.post("/glimmers", {"text": "x" * 5000}).status_code == 201


def test_several_problems_are_reported_together(api):
    response = api.post("/glimmers", {"text": "x" * 5001, "senses": ["nope"]})
    assert set(assert_error(response, 422, "invalid")) == {"text", "senses"}


def test_a_stranger_s_person_name_is_a_new_name_of_ones_own(api, owner, other):
    services.add_named(other, Person, "Ira")
    api.post("/glimmers", {"people": ["Ira"]})
    assert Person.objects.filter(name="Ira").count() == 2
    assert Person.objects.filter(owner=owner, name="Ira").exists()


# ---------------------------------------------------------------------------
# Read one
# ---------------------------------------------------------------------------


def test_it_returns_one_glimmer_as_created(api):
    created = api.post("/glimmers", FULL).json()
    response = api.get(f"/glimmers/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created


def test_a_stranger_gets_404_for_a_glimmer(stranger_api, owner):
    glimmer = make_glimmer(owner, "Private")
    response = stranger_api.get(f"/glimmers/{glimmer.pk}")
    assert_error(response, 404, "not_found")
    assert b"Private" not in response.content


# ---------------------------------------------------------------------------
# PATCH: only what is sent
# ---------------------------------------------------------------------------


@pytest.fixture
def full_glimmer(api) -> dict:
    return api.post("/glimmers", FULL).json()


@pytest.mark.parametrize(
    "change",
    [
        {"place": "The garden"},
        {"text": "New words #rain"},
        {"kind": "story"},
        {"senses": ["sound"]},
        {"senses": []},
        {"people": ["Oksana"]},
        {"values": []},
        {"reliable": False},
        {"anchored_seconds": 0},
        {"state_before": ""},
        {"noticed_at": "2023-12-31T23:00:00Z"},
    ],
    ids=repr,
)
def test_patch_changes_only_the_fields_sent(api, full_glimmer, change):
    response = api.patch(f"/glimmers/{full_glimmer['id']}", change)
    assert response.status_code == 200
    body = response.json()
    changed = set(change) | ({"tags"} if "text" in change else set())
    unchanged = {k: v for k, v in _without_times(full_glimmer).items() if k not in changed}
    assert {k: body[k] for k in unchanged} == unchanged
    name, value = next(iter(change.items()))
    expected = {"noticed_at": "2023-12-31T23:00:00Z"}.get(name, value)
    assert body[name] == expected
    assert api.get(f"/glimmers/{full_glimmer['id']}").json() == body


def test_patch_of_text_rereads_the_tags(api, full_glimmer):
    body = api.patch(f"/glimmers/{full_glimmer['id']}", {"text": "Just #rain"}).json()
    assert body["tags"] == ["rain"]


def test_patch_with_null_leaves_the_field_alone(api, full_glimmer):
    body = api.patch(
        f"/glimmers/{full_glimmer['id']}", {"text": None, "senses": None, "reliable": None}
    ).json()
    assert _without_times(body) == _without_times(full_glimmer)


def test_an_empty_patch_changes_nothing(api, full_glimmer):
    body = api.patch(f"/glimmers/{full_glimmer['id']}", {}).json()
    assert _without_times(body) == _without_times(full_glimmer)


def test_a_bad_patch_changes_nothing(api, full_glimmer):
    before = journal_snapshot()
    response = api.patch(
        f"/glimmers/{full_glimmer['id']}", {"place": "Somewhere", "noticed_at": IN_A_WEEK}
    )
    assert_error(response, 422, "invalid", fields=("noticed_at",))
    assert journal_snapshot() == before


def test_a_stranger_cannot_patch(stranger_api, full_glimmer):
    before = journal_snapshot()
    response = stranger_api.patch(f"/glimmers/{full_glimmer['id']}", {"text": "Mine now"})
    assert_error(response, 404, "not_found")
    assert journal_snapshot() == before


# ---------------------------------------------------------------------------
# DELETE
# ---------------------------------------------------------------------------


def test_delete_removes_the_glimmer_and_its_photo_files(
    api, owner, django_capture_on_commit_callbacks
):
    glimmer = make_glimmer(owner, "With a photo")
    photo = services.add_photo(owner, glimmer, clean_photo(upload()))
    files = [
        Path(settings.MEDIA_ROOT) / photo.image.name,
        Path(settings.MEDIA_ROOT) / photo.thumbnail.name,
    ]
    assert all(f.exists() for f in files)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(f"/glimmers/{glimmer.pk}")
    assert response.status_code == 204
    assert response.content == b""
    assert not Glimmer.objects.exists() and not Photo.objects.exists()
    assert not any(f.exists() for f in files)
    assert_error(api.get(f"/glimmers/{glimmer.pk}"), 404, "not_found")


def test_delete_keeps_the_people_for_other_glimmers(api, owner):
    body = api.post("/glimmers", {"people": ["Mum"]}).json()
    api.delete(f"/glimmers/{body['id']}")
    assert Person.objects.filter(owner=owner, name="Mum").exists()


def test_a_stranger_cannot_delete(stranger_api, owner, django_capture_on_commit_callbacks):
    glimmer = make_glimmer(owner, "Keep me")
    services.add_photo(owner, glimmer, clean_photo(upload()))
    before = journal_snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = stranger_api.delete(f"/glimmers/{glimmer.pk}")
    assert_error(response, 404, "not_found")
    assert journal_snapshot() == before


def test_it_sets_the_period_of_a_remembered_glimmer(api):
    response = api.post(
        "/glimmers",
        {"text": "Soup from the neighbour", "kind": "remembered", "period": "winter 2022"},
    )
    assert response.status_code == 201
    assert response.json()["period"] == "winter 2022"
