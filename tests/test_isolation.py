"""Nobody sees or changes anyone else's journal: every page, every verb.

A stranger gets 404 (never 403, never the data); an anonymous visitor is
sent to sign in. The owner's data is unchanged afterwards.
"""

import pytest

from glimmers.journal.models import Glimmer, Person, Photo, Sense, Trigger, Value
from tests.factories import make_glimmer, make_trigger, upload


@pytest.fixture
def owned(owner, owner_client):
    owner_client.post("/capture/", {"text": "My private glimmer", "photos": upload()})
    glimmer = Glimmer.objects.get(owner=owner)
    make_glimmer(owner, "Another one", new_people=["Mum"], new_values=["Nature"])
    sense = Sense.objects.create(owner=owner, slug="temperature", name="temperature")
    return {
        "glimmer": glimmer,
        "photo": glimmer.photos.get(),
        "trigger": make_trigger(owner, "My private trigger"),
        "sense": sense,
    }


OBJECT_PAGES = [
    ("get", "/glimmers/{glimmer}/"),
    ("get", "/glimmers/{glimmer}/edit/"),
    ("post", "/glimmers/{glimmer}/edit/"),
    ("get", "/glimmers/{glimmer}/delete/"),
    ("post", "/glimmers/{glimmer}/delete/"),
    ("post", "/glimmers/{glimmer}/photos/"),
    ("get", "/photos/{photo}/"),
    ("get", "/photos/{photo}/thumbnail/"),
    ("post", "/photos/{photo}/delete/"),
    ("get", "/triggers/{trigger}/edit/"),
    ("post", "/triggers/{trigger}/edit/"),
    ("get", "/triggers/{trigger}/delete/"),
    ("post", "/triggers/{trigger}/delete/"),
    ("post", "/your-words/sense/{sense}/delete/"),
]


def _snapshot():
    return {
        "glimmers": sorted((str(g.pk), g.text) for g in Glimmer.objects.all()),
        "photos": Photo.objects.count(),
        "triggers": sorted((str(t.pk), t.text) for t in Trigger.objects.all()),
        "senses": Sense.objects.count(),
        "people": Person.objects.count(),
        "values": Value.objects.count(),
    }


@pytest.mark.parametrize(("method", "pattern"), OBJECT_PAGES)
def test_a_stranger_gets_not_found_and_changes_nothing(stranger_client, owned, method, pattern):
    url = pattern.format(**{key: obj.pk for key, obj in owned.items()})
    before = _snapshot()
    response = getattr(stranger_client, method)(url, {"text": "overwritten"})
    assert response.status_code == 404
    assert "My private" not in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize(("method", "pattern"), OBJECT_PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, owned, method, pattern):
    url = pattern.format(**{key: obj.pk for key, obj in owned.items()})
    before = _snapshot()
    response = getattr(client, method)(url, {"text": "overwritten"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert _snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/journal/",
        "/journal/?q=private",
        "/journal/on-this-day/",
        "/triggers/",
        "/your-words/",
    ],
)
def test_lists_never_show_anyone_elses_things(stranger_client, owned, path):
    html = stranger_client.get(path).content.decode()
    for secret in ("My private", "Another one", "Mum", "Nature", "temperature"):
        assert secret not in html


def test_the_other_person_sees_only_their_own(other_client, other, owned):
    make_glimmer(other, "Sam's glimmer")
    html = other_client.get("/journal/").content.decode()
    assert "Sam&#x27;s glimmer" in html
    assert "My private" not in html
