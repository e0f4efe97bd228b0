"""Tally: one tap counts a wordless glimmer."""

from glimmers.journal.models import Glimmer, Trigger
from tests.factories import make_trigger


def test_one_tap_counts_a_glimmer_without_words(owner_client, owner):
    response = owner_client.post("/tally/")
    assert response.status_code == 302
    glimmer = Glimmer.objects.get()
    assert glimmer.owner == owner
    assert glimmer.text == ""
    page = owner_client.get("/").content.decode()
    assert "Counted. 1 glimmer today." in page
    assert "Counted, no words yet" in page


def test_the_count_grows_and_excludes_triggers(owner_client, owner):
    make_trigger(owner)
    owner_client.post("/tally/")
    owner_client.post("/tally/")
    assert "2 glimmers" in owner_client.get("/").content.decode()
    assert Trigger.objects.count() == 1


def test_it_returns_to_the_journal_when_asked(owner_client):
    response = owner_client.post("/tally/", {"next": "/journal/"})
    assert response["Location"] == "/journal/"


def test_it_never_redirects_elsewhere(owner_client):
    response = owner_client.post("/tally/", {"next": "https://example.com/"})
    assert response["Location"] == "/"


def test_it_needs_a_post(owner_client):
    assert owner_client.get("/tally/").status_code == 405
    assert not Glimmer.objects.exists()


def test_anonymous_visitors_cannot_tally(client, owner):
    client.post("/tally/")
    assert not Glimmer.objects.exists()


def test_the_service_refuses_silly_counts(owner):
    import pytest
    from django.core.exceptions import ValidationError

    from glimmers.journal import services

    with pytest.raises(ValidationError):
        services.tally(owner, 0)
    with pytest.raises(ValidationError):
        services.tally(owner, 101)
    assert not Glimmer.objects.exists()
