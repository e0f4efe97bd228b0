"""Marking a glimmer "for my sessions" from its page."""

from __future__ import annotations

import pytest

from glimmers.care.models import ForSessions
from tests.care.helpers import active, invite
from tests.factories import make_glimmer


@pytest.fixture
def glimmer(owner):
    return make_glimmer(owner, "The smell of cut grass")


def test_without_a_care_link_nobody_is_nudged_towards_care(owner_client, glimmer):
    page = owner_client.get(f"/glimmers/{glimmer.pk}/").content.decode()
    assert "For my sessions" not in page


def test_with_a_link_not_ended_the_glimmer_can_be_marked(owner, owner_client, glimmer):
    invite(owner)
    page = owner_client.get(f"/glimmers/{glimmer.pk}/").content.decode()
    assert "Mark for my sessions" in page

    response = owner_client.post(f"/care/sessions/{glimmer.pk}/", {"marked": "1"}, follow=True)

    assert "Marked for your sessions." in response.content.decode()
    assert ForSessions.objects.filter(owner=owner, glimmer=glimmer).exists()
    assert "Take the mark off" in response.content.decode()


def test_the_mark_comes_off_and_stays_offered_while_marked(owner, owner_client, carer, glimmer):
    link = active(owner, carer)
    owner_client.post(f"/care/sessions/{glimmer.pk}/", {"marked": "1"})
    owner_client.post(f"/care/{link.pk}/end/")
    # The link ended, but a marked glimmer still offers to take the mark off.
    assert "Take the mark off" in owner_client.get(f"/glimmers/{glimmer.pk}/").content.decode()

    owner_client.post(f"/care/sessions/{glimmer.pk}/", {"marked": "0"})

    assert not ForSessions.objects.exists()
    assert "For my sessions" not in owner_client.get(f"/glimmers/{glimmer.pk}/").content.decode()


def test_marking_is_what_a_sessions_carer_sees(owner, owner_client, carer, carer_client, glimmer):
    link = active(owner, carer)
    url = f"/care/clients/{link.pk}/glimmers/{glimmer.pk}/"
    assert carer_client.get(url).status_code == 404
    owner_client.post(f"/care/sessions/{glimmer.pk}/", {"marked": "1"})
    assert carer_client.get(url).status_code == 200


@pytest.mark.parametrize("value", ["", "yes", "2"])
def test_a_value_we_dont_know_changes_nothing(owner, owner_client, glimmer, value):
    response = owner_client.post(f"/care/sessions/{glimmer.pk}/", {"marked": value}, follow=True)
    assert "Choose whether it is for your sessions." in response.content.decode()
    assert not ForSessions.objects.exists()


def test_nobody_marks_someone_elses_glimmer(owner, carer, carer_client, stranger_client, glimmer):
    active(owner, carer)
    for client in (carer_client, stranger_client):
        assert client.post(f"/care/sessions/{glimmer.pk}/", {"marked": "1"}).status_code == 404
    assert not ForSessions.objects.exists()
