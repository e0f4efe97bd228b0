"""Suggested practices: from the carer to the client's Today; tried, skipped or declined."""

from __future__ import annotations

from datetime import timedelta

import pytest

from glimmers.care import services
from glimmers.care.models import Suggestion
from glimmers.practice.models import Prompt
from glimmers.time import local_today
from tests.care.helpers import active


@pytest.fixture
def link(owner, carer):
    return active(owner, carer)


def _suggest(carer_client, link, **data):
    return carer_client.post(f"/care/clients/{link.pk}/suggest/", data)


def test_a_carer_suggests_in_their_own_words_and_it_waits_on_today(
    owner_client, carer_client, link
):
    response = _suggest(carer_client, link, text="  Notice one sound on your way home.  ")
    assert response.status_code == 302
    assert response["Location"] == f"/care/clients/{link.pk}/"
    suggestion = Suggestion.objects.get()
    assert (suggestion.text, suggestion.library_prompt, suggestion.answer) == (
        "Notice one sound on your way home.",
        "",
        "",
    )
    today = owner_client.get("/").content.decode()
    assert "A suggestion from my counsellor" in today
    assert "Notice one sound on your way home." in today
    for button in ("Try it", "Not today", "No thanks"):
        assert button in today


def test_a_carer_can_pick_a_prompt_from_the_library(owner_client, carer_client, link):
    prompt = Prompt.objects.filter(owner=None).order_by("pk").first()
    response = _suggest(carer_client, link, prompt=prompt.pk)
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert (suggestion.text, suggestion.library_prompt) == (prompt.text, prompt.slug)
    assert str(prompt) in owner_client.get("/").content.decode()


def test_a_carers_own_prompts_are_not_the_library(carer, carer_client, link):
    own = Prompt.objects.create(owner=carer, category="evening", text="My private prompt")
    response = _suggest(carer_client, link, prompt=own.pk)
    assert response.status_code == 400
    assert "Choose a prompt from the list." in response.content.decode()
    assert (
        "My private prompt"
        not in carer_client.get(f"/care/clients/{link.pk}/suggest/").content.decode()
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Write a suggestion in your own words, or choose one from the library."),
        ({"text": "   "}, "Write a suggestion in your own words, or choose one from the library."),
        ({"text": "x" * 301}, "A shorter suggestion, please: up to 300 characters."),
        ({"prompt": "999999"}, "Choose a prompt from the list."),
        ({"prompt": "not-a-number"}, "Choose a prompt from the list."),
        ("both", "Choose one: your own words, or a prompt from the library."),
    ],
)
def test_bad_input_changes_nothing_and_says_why(carer_client, link, data, message):
    if data == "both":
        data = {"text": "Mine", "prompt": Prompt.objects.filter(owner=None).first().pk}
    response = _suggest(carer_client, link, **data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "This field is required" not in page and "Select a valid choice" not in page
    assert not Suggestion.objects.exists()


def test_trying_it_keeps_it_in_sight_for_the_day(owner, owner_client, carer, link):
    suggestion = services.suggest(carer, link, "Notice one smell")
    response = owner_client.post(
        f"/care/suggestions/{suggestion.pk}/", {"answer": "tried", "next": "/"}, follow=True
    )
    page = response.content.decode()
    assert "It stays here until the day ends." in page
    assert "You’re trying today" in page
    assert "Try it" not in page
    suggestion.refresh_from_db()
    assert (suggestion.answer, suggestion.answered_on) == ("tried", local_today(owner))
    # Gone the next day.
    Suggestion.objects.update(answered_on=local_today(owner) - timedelta(days=1))
    assert "Notice one smell" not in owner_client.get("/").content.decode()


def test_not_today_brings_it_back_tomorrow(owner, owner_client, carer, link):
    suggestion = services.suggest(carer, link, "Notice one colour")
    owner_client.post(f"/care/suggestions/{suggestion.pk}/", {"answer": "skipped"})
    assert "Notice one colour" not in owner_client.get("/").content.decode()

    Suggestion.objects.update(answered_on=local_today(owner) - timedelta(days=1))
    assert "Notice one colour" in owner_client.get("/").content.decode()


def test_no_thanks_is_the_end_of_it(owner, owner_client, carer, link):
    suggestion = services.suggest(carer, link, "Notice one texture")
    owner_client.post(f"/care/suggestions/{suggestion.pk}/", {"answer": "declined"})
    Suggestion.objects.update(answered_on=local_today(owner) - timedelta(days=30))
    assert "Notice one texture" not in owner_client.get("/").content.decode()
    assert "you said no thanks" in owner_client.get("/care/").content.decode()


def test_no_reason_is_ever_asked(owner, owner_client, carer, link):
    services.suggest(carer, link, "Notice one taste")
    today = owner_client.get("/").content.decode()
    card = today[
        today.index("A suggestion from") : today.index(
            "</section>", today.index("A suggestion from")
        )
    ]
    assert "<textarea" not in card and 'type="text"' not in card


@pytest.mark.parametrize("answer", ["", "maybe"])
def test_an_answer_we_dont_know_changes_nothing(owner_client, carer, link, answer):
    suggestion = services.suggest(carer, link, "Notice one sound")
    response = owner_client.post(
        f"/care/suggestions/{suggestion.pk}/", {"answer": answer}, follow=True
    )
    assert "Choose try it, not today or no thanks." in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.answer == ""


def test_with_tell_tried_the_carer_sees_only_tried_or_a_dash(owner, carer, carer_client):
    link = active(owner, carer, tell_tried=True)
    tried = services.suggest(carer, link, "Tried one")
    declined = services.suggest(carer, link, "Declined one")
    skipped = services.suggest(carer, link, "Skipped one")
    services.answer(owner, tried, "tried")
    services.answer(owner, declined, "declined")
    services.answer(owner, skipped, "skipped")

    page = carer_client.get(f"/care/clients/{link.pk}/").content.decode()

    assert page.count("<td>tried</td>") == 1
    assert page.count("not that you know of") == 3 - 1
    assert "declined" not in page.lower().replace("declined one", "")
    assert "skipped" not in page.lower().replace("skipped one", "")


def test_without_tell_tried_the_carer_sees_no_answer_at_all(owner, carer, carer_client, link):
    tried = services.suggest(carer, link, "Tried one")
    services.answer(owner, tried, "tried")
    page = carer_client.get(f"/care/clients/{link.pk}/").content.decode()
    assert "Tried one" in page
    assert "<td>tried</td>" not in page and "not that you know of" not in page
    assert "They keep their answers to your suggestions to themselves." in page


def test_only_the_client_answers_and_only_their_own(
    owner, carer, carer_client, stranger_client, link
):
    suggestion = services.suggest(carer, link, "Notice one sound")
    for client in (carer_client, stranger_client):
        assert (
            client.post(f"/care/suggestions/{suggestion.pk}/", {"answer": "tried"}).status_code
            == 404
        )
    suggestion.refresh_from_db()
    assert suggestion.answer == ""


def test_a_suggestion_from_an_ended_link_cannot_be_answered(owner, owner_client, carer, link):
    suggestion = services.suggest(carer, link, "Notice one sound")
    services.answer(owner, suggestion, "skipped")
    services.end(owner, link)
    response = owner_client.post(f"/care/suggestions/{suggestion.pk}/", {"answer": "tried"})
    assert response.status_code == 404


def test_the_answer_returns_only_to_pages_of_this_site(owner_client, carer, link):
    suggestion = services.suggest(carer, link, "Notice one sound")
    response = owner_client.post(
        f"/care/suggestions/{suggestion.pk}/",
        {"answer": "skipped", "next": "https://elsewhere.example/"},
    )
    assert response["Location"] == "/"


def test_today_is_quiet_for_someone_without_care(owner_client):
    assert "A suggestion from" not in owner_client.get("/").content.decode()


def test_the_suggest_page_is_the_carers_alone(owner, owner_client, stranger_client, link):
    assert owner_client.get(f"/care/clients/{link.pk}/suggest/").status_code == 404
    assert (
        stranger_client.post(f"/care/clients/{link.pk}/suggest/", {"text": "Hi"}).status_code == 404
    )
    assert not Suggestion.objects.exists()
