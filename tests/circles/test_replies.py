"""Glimmering conversations: a member names the glimmer they noticed in someone's glimmer."""

from __future__ import annotations

import html

import pytest

from glimmers.circles import services
from glimmers.circles.models import Reply
from glimmers.journal.models import Sense
from tests.circles.conftest import code_for
from tests.factories import make_glimmer


def _page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def share(owner, circle):
    glimmer = make_glimmer(owner, "Mum laughed at the radio, the first time in weeks")
    return services.share(owner, glimmer, [circle])[0]


def test_a_member_names_the_glimmer_they_noticed(owner_client, other_client, share):
    response = other_client.post(
        f"/circles/shared/{share.pk}/",
        {"noticed": "Her laugh coming back", "quote": "the first time in weeks", "sense": "sound"},
    )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.sense == Sense.objects.get(owner=None, slug="sound")
    page = _page(owner_client.get(f"/circles/{share.circle_id}/"))
    assert "Her laugh coming back" in page
    assert "It touched sound." in page


def test_the_reply_form_asks_for_a_glimmer_not_a_verdict(other_client, share):
    page = _page(other_client.get(f"/circles/shared/{share.pk}/"))
    assert "The glimmer you noticed in it" in page
    # No likes, counts or rankings anywhere near a shared glimmer.
    for word in ("like", "likes", "score", "rank", "vote"):
        assert f">{word}<" not in page.lower()


@pytest.mark.parametrize(
    "data",
    [
        {"noticed": ""},
        {"noticed": "   "},
        {"noticed": "x" * 501},
        {"noticed": "ok", "sense": "smelly"},
    ],
)
def test_a_bad_reply_gets_a_clear_message_and_changes_nothing(other_client, share, data):
    response = other_client.post(f"/circles/shared/{share.pk}/", data)
    assert response.status_code == 400
    assert "Nothing was saved yet" in _page(response)
    assert not Reply.objects.exists()


def test_the_owner_hides_a_reply_and_can_show_it_again(owner_client, other, third, circle, share):
    from django.test import Client

    services.join(third, code_for(circle, share.owner))
    reply = services.reply(other, share, "The radio")
    client = Client()
    client.force_login(third)
    owner_client.post(f"/circles/replies/{reply.pk}/hide/")
    assert "The radio" not in _page(client.get(f"/circles/{circle.pk}/"))
    assert "Hidden" in _page(owner_client.get(f"/circles/{circle.pk}/"))
    owner_client.post(f"/circles/replies/{reply.pk}/hide/", {"show": "1"})
    assert "The radio" in _page(client.get(f"/circles/{circle.pk}/"))


def test_only_the_glimmers_owner_hides_replies(other, other_client, share):
    reply = services.reply(other, share, "The radio")
    assert other_client.post(f"/circles/replies/{reply.pk}/hide/").status_code == 404
    assert Reply.objects.get().hidden_at is None


def test_a_writer_takes_their_reply_back(other, other_client, owner_client, share):
    reply = services.reply(other, share, "The radio")
    assert owner_client.post(f"/circles/replies/{reply.pk}/take-back/").status_code == 404
    assert other_client.post(f"/circles/replies/{reply.pk}/take-back/").status_code == 302
    assert not Reply.objects.exists()


def test_a_stranger_cannot_reply_or_touch_replies(other, stranger_client, share):
    reply = services.reply(other, share, "The radio")
    assert stranger_client.get(f"/circles/shared/{share.pk}/").status_code == 404
    assert stranger_client.post(f"/circles/shared/{share.pk}/", {"noticed": "x"}).status_code == 404
    assert stranger_client.post(f"/circles/replies/{reply.pk}/hide/").status_code == 404
    assert stranger_client.post(f"/circles/replies/{reply.pk}/take-back/").status_code == 404
    assert Reply.objects.count() == 1


def test_keeping_a_glimmer_heard_in_someones_story(owner_client):
    page = _page(owner_client.get("/capture/?kind=story"))
    assert 'value="story" id="id_kind_2" checked' in page
