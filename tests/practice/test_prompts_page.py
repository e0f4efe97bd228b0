"""The prompts page: add your own, hide or show a built-in one, delete your own."""

import pytest
from django.core.exceptions import ValidationError

from glimmers.practice import services
from glimmers.practice.models import Category, HiddenPrompt, Prompt
from tests.practice.helpers import page


def _built_in(slug="evening-softened"):
    return Prompt.objects.get(owner=None, slug=slug)


def test_it_lists_every_built_in_prompt_by_category(owner_client):
    response = owner_client.get("/prompts/")
    assert response.status_code == 200
    html = page(response)
    for prompt in Prompt.objects.filter(owner=None):
        assert str(prompt) in html
    for label in ("Morning intention", "Evening reflection", "Glimmer Question"):
        assert label in html


def test_it_adds_an_own_prompt_to_the_rotation(owner_client, owner):
    response = owner_client.post(
        "/prompts/", {"category": "evening", "text": "  What made me   laugh today? "}
    )
    assert response.status_code == 302
    prompt = Prompt.objects.get(owner=owner)
    assert (prompt.category, prompt.text) == ("evening", "What made me laugh today?")
    html = page(owner_client.get(response["Location"]))
    assert "Added. It joins the rotation." in html
    assert "What made me laugh today?" in html
    assert "yours" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": "evening", "text": ""}, "Please fill this in."),
        ({"category": "evening", "text": "    "}, "Please fill this in."),
        ({"category": "evening", "text": "x" * 301}, "to 300 characters or fewer"),
        ({"category": "whenever", "text": "Fine words"}, "“whenever” isn’t one of the options"),
        ({"text": "Fine words"}, "Please choose one of the options."),
    ],
)
def test_it_refuses_a_bad_prompt_and_saves_nothing(owner_client, data, message):
    response = owner_client.post("/prompts/", data)
    assert response.status_code == 400
    html = page(response)
    assert "Nothing was saved yet" in html
    assert message in html
    assert not Prompt.objects.exclude(owner=None).exists()


def test_the_service_refuses_an_empty_prompt(owner):
    with pytest.raises(ValidationError) as refused:
        services.add_prompt(owner, Category.MORNING, " \n ")
    assert "Write the prompt" in str(refused.value)
    assert not Prompt.objects.filter(owner=owner).exists()


def test_it_hides_and_shows_a_built_in_prompt(owner_client, owner):
    prompt = _built_in()
    response = owner_client.post(f"/prompts/{prompt.pk}/toggle/", {"hide": "1"})
    assert response.status_code == 302
    assert HiddenPrompt.objects.filter(owner=owner, prompt=prompt).exists()
    html = page(owner_client.get(response["Location"]))
    assert "Hidden. It won't be offered." in html
    assert f'Show again<span class="visually-hidden">: {prompt}' in html

    owner_client.post(f"/prompts/{prompt.pk}/toggle/", {"hide": "0"})
    assert not HiddenPrompt.objects.exists()
    assert "Shown again." in page(owner_client.get("/prompts/"))
    assert Prompt.objects.filter(pk=prompt.pk).exists()


def test_hiding_twice_is_harmless(owner_client, owner):
    prompt = _built_in()
    owner_client.post(f"/prompts/{prompt.pk}/toggle/", {"hide": "1"})
    owner_client.post(f"/prompts/{prompt.pk}/toggle/", {"hide": "1"})
    assert HiddenPrompt.objects.filter(owner=owner).count() == 1


def test_it_deletes_an_own_prompt(owner_client, owner):
    prompt = services.add_prompt(owner, Category.MORNING, "Look for birds")
    response = owner_client.post(f"/prompts/{prompt.pk}/toggle/")
    assert response.status_code == 302
    assert not Prompt.objects.filter(pk=prompt.pk).exists()
    html = page(owner_client.get(response["Location"]))
    assert "Your prompt is deleted." in html
    assert "Look for birds" not in html


def test_a_built_in_prompt_cannot_be_deleted(owner_client, owner):
    prompt = _built_in()
    owner_client.post(f"/prompts/{prompt.pk}/toggle/")
    owner_client.post(f"/prompts/{prompt.pk}/toggle/", {"hide": "1"})
    assert Prompt.objects.filter(pk=prompt.pk).exists()
    with pytest.raises(ValidationError):
        services.delete_own_prompt(owner, prompt)
    assert Prompt.objects.filter(pk=prompt.pk).exists()


def test_an_unknown_prompt_is_not_found(owner_client):
    assert owner_client.post("/prompts/999999/toggle/", {"hide": "1"}).status_code == 404
    assert not HiddenPrompt.objects.exists()


def test_a_stranger_cannot_hide_or_delete_your_own_prompt(owner, stranger, stranger_client):
    prompt = services.add_prompt(owner, Category.MORNING, "Olena's private prompt")
    assert stranger_client.post(f"/prompts/{prompt.pk}/toggle/").status_code == 404
    response = stranger_client.post(f"/prompts/{prompt.pk}/toggle/", {"hide": "1"})
    assert response.status_code == 404
    assert "Olena's private prompt" not in page(response)
    assert Prompt.objects.filter(pk=prompt.pk, text="Olena's private prompt").exists()
    assert not HiddenPrompt.objects.exists()
    assert "Olena's private prompt" not in page(stranger_client.get("/prompts/"))
    with pytest.raises(ValidationError):
        services.set_prompt_hidden(stranger, prompt, True)


def test_anonymous_visitors_are_sent_to_sign_in(client, owner):
    prompt = _built_in()
    assert client.get("/prompts/")["Location"].startswith("/accounts/login/")
    response = client.post(f"/prompts/{prompt.pk}/toggle/", {"hide": "1"})
    assert response["Location"].startswith("/accounts/login/")
    assert not HiddenPrompt.objects.exists()
