"""PUT /api/v1/glimmers/{uuid}: create once with a client-chosen id, however often it is sent.

This is what the offline queue relies on: a capture sent again after a lost
answer must still be one glimmer.
"""

from __future__ import annotations

import uuid

import pytest

from glimmers.access import Claim
from glimmers.journal import queries, services
from glimmers.journal.models import Glimmer, Person
from tests.api.conftest import assert_error, journal_snapshot
from tests.factories import make_glimmer

CAPTURE = {
    "text": "Rain on the window, kettle on #evening",
    "noticed_at": "2024-11-02T18:30:00+02:00",
    "senses": ["sound"],
    "people": ["Mum"],
}


def test_it_creates_once_and_replays_give_the_same_bytes(api, owner):
    glimmer_id = uuid.uuid4()
    responses = [api.put(f"/glimmers/{glimmer_id}", CAPTURE) for _ in range(5)]
    assert [r.status_code for r in responses] == [201, 200, 200, 200, 200]
    assert len({r.content for r in responses}) == 1
    assert Glimmer.objects.count() == 1
    assert Person.objects.filter(owner=owner).count() == 1
    body = responses[0].json()
    assert body["id"] == str(glimmer_id)
    assert body["text"] == CAPTURE["text"]
    assert body["tags"] == ["evening"]
    assert body["noticed_at"].startswith("2024-11-02T16:30:00")


def test_a_replay_with_different_content_changes_nothing(api, owner):
    glimmer_id = uuid.uuid4()
    first = api.put(f"/glimmers/{glimmer_id}", CAPTURE)
    again = api.put(f"/glimmers/{glimmer_id}", {"text": "Something else", "kind": "story"})
    assert again.status_code == 200
    assert again.content == first.content
    assert Glimmer.objects.get().text == CAPTURE["text"]


def test_someone_elses_id_is_404_and_changes_nothing(api, other):
    theirs = make_glimmer(other, "Their morning")
    before = journal_snapshot()
    response = api.put(f"/glimmers/{theirs.pk}", CAPTURE)
    assert_error(response, 404, "not_found")
    assert journal_snapshot() == before


def test_a_bad_capture_saves_nothing_and_a_good_retry_creates_it(api):
    glimmer_id = uuid.uuid4()
    bad = api.put(f"/glimmers/{glimmer_id}", {**CAPTURE, "senses": ["echolocation"]})
    assert_error(bad, 422, "invalid", fields=("senses",))
    assert not Glimmer.objects.exists()
    assert api.put(f"/glimmers/{glimmer_id}", CAPTURE).status_code == 201
    assert Glimmer.objects.get().pk == glimmer_id


def test_an_empty_capture_is_a_counted_glimmer(api):
    response = api.put(f"/glimmers/{uuid.uuid4()}", {})
    assert response.status_code == 201
    assert response.json()["text"] == ""


def test_an_id_that_is_not_a_uuid_is_refused(api):
    assert_error(api.put("/glimmers/12345", CAPTURE), 422, "invalid", fields=("glimmer_id",))
    assert not Glimmer.objects.exists()


class FirstLookMissesIt:
    """Stands in for the view's "whose is this id?": the first look finds nobody,
    and then another request (by ``creator``) commits a glimmer with that id."""

    def __init__(self, creator):
        self.creator = creator
        self.looks = 0
        self.claim = queries.glimmer_claim

    def __call__(self, user, glimmer_id):
        self.looks += 1
        if self.looks == 1:
            text = "Made by the other request"
            services.save_glimmer(self.creator, {"text": text}, glimmer_id=glimmer_id)
            return Claim.FREE
        return self.claim(user, glimmer_id)


@pytest.fixture
def racing_request(monkeypatch):
    def arrange(creator, *, past_the_model_check: bool):
        monkeypatch.setattr(queries, "glimmer_claim", FirstLookMissesIt(creator))
        if past_the_model_check:  # both passed the uniqueness check; the insert collides
            monkeypatch.setattr(Glimmer, "validate_unique", lambda self, exclude=None: None)

    return arrange


@pytest.mark.parametrize("past_the_model_check", [False, True])
def test_a_retry_that_loses_a_race_with_itself_gets_the_glimmer(
    api, owner, racing_request, past_the_model_check
):
    racing_request(owner, past_the_model_check=past_the_model_check)
    glimmer_id = uuid.uuid4()
    response = api.put(f"/glimmers/{glimmer_id}", CAPTURE)
    assert response.status_code == 200
    assert response.json()["text"] == "Made by the other request"
    assert Glimmer.objects.count() == 1


@pytest.mark.parametrize("past_the_model_check", [False, True])
def test_losing_a_race_to_someone_else_is_404(api, other, racing_request, past_the_model_check):
    racing_request(other, past_the_model_check=past_the_model_check)
    response = api.put(f"/glimmers/{uuid.uuid4()}", CAPTURE)
    assert_error(response, 404, "not_found")
    assert Glimmer.objects.get().owner == other


def test_post_lets_the_server_choose_the_id(api):
    first = api.post("/glimmers", {"text": "Birdsong"})
    second = api.post("/glimmers", {"text": "Birdsong"})
    assert first.status_code == second.status_code == 201
    ids = {first.json()["id"], second.json()["id"]}
    assert len(ids) == 2
    assert {str(pk) for pk in Glimmer.objects.values_list("pk", flat=True)} == ids
    assert all(uuid.UUID(i).version == 4 for i in ids)
