"""The API's messages are in the caller's language; its codes and field names never change.

The language is the token owner's choice when they made one (preferences),
else the request's Accept-Language, else English.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from tests.api.conftest import API, ApiClient, assert_error, token_for

NOT_FOUND_UK = "Тут нічого немає — або це не ваше."
NOT_FOUND_EN = "Nothing here, or it isn't yours."


def speaking(client: ApiClient, accept_language: str) -> ApiClient:
    client.headers["HTTP_ACCEPT_LANGUAGE"] = accept_language
    return client


def missing(client: ApiClient):
    return client.get(f"/glimmers/{uuid.uuid4()}")


def test_an_error_follows_accept_language(api):
    response = missing(speaking(api, "uk"))

    assert_error(response, 404, "not_found")
    assert response.json()["error"]["message"] == NOT_FOUND_UK


@pytest.mark.parametrize("accept_language", ["", "en", "de-DE,de;q=0.9"])
def test_it_stays_english_otherwise(api, accept_language):
    if accept_language:
        speaking(api, accept_language)
    response = missing(api)

    assert_error(response, 404, "not_found")
    assert response.json()["error"]["message"] == NOT_FOUND_EN


def test_a_token_whose_owner_chose_ukrainian_answers_in_ukrainian(owner):
    owner.language = "uk"
    owner.save(update_fields=["language"])
    client = ApiClient(token_for(owner))

    assert missing(client).json()["error"]["message"] == NOT_FOUND_UK
    # Their choice wins over what the caller's software asks for.
    response = missing(speaking(client, "en"))
    assert response.json()["error"]["message"] == NOT_FOUND_UK


def test_a_token_whose_owner_chose_english_answers_in_english(owner):
    owner.language = "en"
    owner.save(update_fields=["language"])

    response = missing(speaking(ApiClient(token_for(owner)), "uk"))

    assert response.json()["error"]["message"] == NOT_FOUND_EN


def test_the_owners_language_does_not_linger_into_the_next_request(owner, other):
    owner.language = "uk"
    owner.save(update_fields=["language"])
    assert missing(ApiClient(token_for(owner))).json()["error"]["message"] == NOT_FOUND_UK

    assert missing(ApiClient(token_for(other))).json()["error"]["message"] == NOT_FOUND_EN


def test_a_missing_token_is_refused_in_ukrainian(db):
    response = Client().get(f"{API}/glimmers", HTTP_ACCEPT_LANGUAGE="uk")

    assert_error(response, 401, "unauthorized")
    assert response.json()["error"]["message"] == (
        "Надішліть чинний токен: 'Authorization: Bearer <token>'."
    )


def test_invalid_fields_are_explained_in_ukrainian_under_the_same_names(api):
    response = speaking(api, "uk").post("/glimmers", {"text": 5, "noticed_at": "yesterday"})

    fields = assert_error(response, 422, "invalid", ("text", "noticed_at"))
    assert response.json()["error"]["message"] == "Дещо з надісланого не підходить."
    assert fields["text"] == ["Тут потрібен текст."]
    assert fields["noticed_at"][0].startswith("Вкажіть момент як РРРР-ММ-ДДTГГ:ХХ")


def test_invalid_fields_in_english_are_in_the_apps_own_words(api):
    response = api.post("/glimmers", {"text": 5})

    fields = assert_error(response, 422, "invalid", ("text",))
    assert fields["text"] == ["Send text here."]


def test_a_body_that_is_not_json_is_explained_in_ukrainian(api):
    response = speaking(api, "uk").post("/glimmers", "{not json")

    assert_error(response, 400, "bad_request")
    assert response.json()["error"]["message"].startswith("Не вдається прочитати тіло запиту")


def test_a_read_only_token_is_refused_in_ukrainian_with_the_same_code(owner):
    client = speaking(ApiClient(token_for(owner, read_only=True)), "uk")

    response = client.post("/glimmers", {"text": "Warm light"})

    assert_error(response, 403, "read_only_token")
    assert response.json()["error"]["message"] == "Цей токен може лише читати."


def test_the_json_keys_are_the_same_in_ukrainian(api):
    made = speaking(api, "uk").post("/glimmers", {"text": "Тепле світло"})
    english = ApiClient(api.headers["HTTP_AUTHORIZATION"].removeprefix("Bearer "))

    assert made.status_code == 201
    glimmer_id = made.json()["id"]
    assert made.json() == english.get(f"/glimmers/{glimmer_id}").json()
