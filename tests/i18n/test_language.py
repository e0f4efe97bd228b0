"""Which language a page speaks: the browser's, until the person chooses one.

Ukrainian pages say so in ``<html lang="uk">``; a switch at the foot of every
page (sign-in included) keeps a choice for the browser, and for the account
when someone is signed in.
"""

from __future__ import annotations

import pytest
from django.test import Client

from glimmers.accounts.models import User
from tests.factories import make_user

UK = {"HTTP_ACCEPT_LANGUAGE": "uk-UA,uk;q=0.9,en;q=0.5"}


def test_the_sign_in_page_follows_the_browser(db, owner):
    page = Client().get("/accounts/login/", **UK).content.decode()
    assert '<html lang="uk">' in page
    assert "Увійти" in page
    english = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert '<html lang="en">' in english


def test_a_signed_in_page_follows_the_browser_until_a_language_is_chosen(owner, owner_client):
    assert owner.language == ""
    assert '<html lang="uk">' in owner_client.get("/", **UK).content.decode()
    owner.language = "en"
    owner.save(update_fields=["language"])
    assert '<html lang="en">' in owner_client.get("/", **UK).content.decode()


def test_the_switch_is_on_every_page_including_sign_in(db, owner, owner_client):
    for client, path in [
        (Client(), "/accounts/login/"),
        (owner_client, "/"),
        (owner_client, "/journal/"),
    ]:
        page = client.get(path).content.decode()
        assert 'action="/accounts/language/"' in page
        assert 'lang="uk" class="link-button">Українська</button>' in page


def test_the_switch_keeps_the_choice_for_the_browser(db, owner):
    client = Client()
    response = client.post("/accounts/language/", {"language": "uk", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="uk">' in page


def test_the_switch_keeps_the_choice_on_the_account(owner, owner_client):
    owner_client.post("/accounts/language/", {"language": "uk", "next": "/"})
    owner.refresh_from_db()
    assert owner.language == "uk"
    # Another browser of hers, asking for English, still gets what she chose.
    other = Client()
    other.force_login(owner)
    assert '<html lang="uk">' in other.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.parametrize(
    "sent",
    [
        {"language": "klingon", "next": "/"},
        {"next": "/"},
        {"language": "uk", "next": "https://elsewhere.example/"},
    ],
)
def test_the_switch_refuses_what_it_cannot_do_and_changes_nothing(owner, owner_client, sent):
    response = owner_client.post("/accounts/language/", sent)
    assert response.status_code == 302
    assert (
        response["Location"] == "/"
        or response["Location"] == sent["next"] != "https://elsewhere.example/"
    )
    owner.refresh_from_db()
    if sent.get("language") != "uk":
        assert owner.language == ""


def test_preferences_offer_the_browsers_choice(owner, owner_client):
    page = owner_client.get("/accounts/preferences/").content.decode()
    assert '<option value="" selected>As my browser asks</option>' in page
    response = owner_client.post(
        "/accounts/preferences/",
        {
            "time_zone": "Europe/Kyiv",
            "language": "uk",
            "day_starts_at": "0",
            "anchor_seconds": "15",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=owner.pk).language == "uk"


def test_an_account_from_before_follows_its_browser(db):
    import importlib

    from django.apps import apps

    person = make_user("petro")
    User.objects.filter(pk=person.pk).update(language="en")
    migration = importlib.import_module(
        "glimmers.accounts.migrations.0007_language_follows_the_browser"
    )
    migration.follow_the_browser(apps, None)
    person.refresh_from_db()
    assert person.language == ""


def test_the_answer_names_its_language(owner, owner_client):
    assert Client().get("/accounts/login/", **UK)["Content-Language"] == "uk"
    assert owner_client.get("/", **UK)["Content-Language"] == "uk"
    owner.language = "en"
    owner.save(update_fields=["language"])
    assert owner_client.get("/", **UK)["Content-Language"] == "en"
