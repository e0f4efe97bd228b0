"""Django's default refusals never reach a person: every form speaks the app's own words.

Bad input is posted to the app's forms, in English and in Ukrainian, and no
page may show one of Django's default validation messages — neither Django's
English nor Django's own Ukrainian for them. glimmers/forms.py does the
rewording, once, for every form.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import re

import pytest
from django import forms as django_forms
from django.test import Client
from django.utils import translation

import glimmers
from glimmers.forms import PlainWords
from tests.factories import PASSWORD, jpeg_bytes, make_glimmer, make_user, upload

# Django's default messages, as Django words them (its own msgids).
DJANGO_DEFAULTS = [
    "This field is required.",
    "Select a valid choice. %(value)s is not one of the available choices.",
    "Select a valid choice. That choice is not one of the available choices.",
    "Enter a list of values.",
    "“%(pk)s” is not a valid value.",
    "Enter a whole number.",
    "Enter a number.",
    "Enter a valid date.",
    "Enter a valid time.",
    "Enter a valid date/time.",
    "Enter a valid duration.",
    "Enter a valid email address.",
    "Enter a valid URL.",
    "Enter a valid value.",
    "Enter a valid UUID.",
    "Enter a valid JSON.",
    "Enter a complete value.",
    "Ensure this value is less than or equal to %(limit_value)s.",
    "Ensure this value is greater than or equal to %(limit_value)s.",
    "Ensure this value is a multiple of step size %(limit_value)s.",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    "Ensure that there are no more than %(max)s digits in total.",
    "Ensure this filename has at most %(max)d characters (it has %(length)d).",
    "No file was submitted. Check the encoding type on the form.",
    "No file was submitted.",
    "The submitted file is empty.",
    "Please either submit a file or check the clear checkbox, not both.",
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
    "Null characters are not allowed.",
    "Value %(value)r is not a valid choice.",
    "This field cannot be null.",
    "This field cannot be blank.",
    "%(model_name)s with this %(field_label)s already exists.",
    "The two password fields didn’t match.",
    "Please enter a correct %(username)s and password. Note that both fields may be "
    "case-sensitive.",
    "This account is inactive.",
    "A user with that username already exists.",
    "This password is too short. It must contain at least %(min_length)d characters.",
    "This password is too common.",
    "This password is entirely numeric.",
    "The password is too similar to the %(verbose_name)s.",
]

UK = {"HTTP_ACCEPT_LANGUAGE": "uk-UA,uk;q=0.9"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _telltales(language: str) -> list[str]:
    """The longest fixed stretch of each default (its placeholders left out), as
    Django words it in ``language``."""
    found = []
    with translation.override(language):
        for msgid in DJANGO_DEFAULTS:
            words = str(translation.gettext(msgid))
            found.append(max(re.split(r"%\(\w+\)[sdr]", words), key=len).strip())
    return found


ALL_TELLTALES = sorted(set(_telltales("en") + _telltales("uk")))


def _leaks(page: str) -> list[str]:
    text = html.unescape(page)
    return [words for words in ALL_TELLTALES if words in text]


def test_the_telltales_are_distinct_and_ukrainian_exists():
    assert "This field is required." in ALL_TELLTALES
    assert "Це поле обов'язкове." in ALL_TELLTALES  # Django's own Ukrainian
    assert all(len(words) > 8 for words in ALL_TELLTALES)


def _every_module():
    for info in pkgutil.walk_packages(glimmers.__path__, "glimmers."):
        if ".migrations" in info.name or info.name.endswith(("__main__", "wsgi", "server")):
            continue
        yield importlib.import_module(info.name)


def test_every_form_of_the_app_speaks_in_its_own_words():
    """A new form that forgets the shared base would bring Django's words back."""
    list(_every_module())
    forgotten = []
    pending = list(django_forms.BaseForm.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("glimmers.") and not issubclass(cls, PlainWords):
            forgotten.append(f"{cls.__module__}.{cls.__qualname__}")
    assert not forgotten, forgotten


@pytest.fixture
def person(db):
    return make_user("olena", time_zone="Europe/Kyiv")


def _signed_in(person, headers):
    client = Client(**headers)
    client.force_login(person)
    return client


def _bad_posts(person):
    """(what, url, data) — input each form must refuse, most of it in ways Django
    would word for us."""
    glimmer = make_glimmer(person, "Tea in the garden")
    long = "x" * 5001
    capture_data = {
        "text": "Sun",
        "noticed_at": "soon",
        "kind": "dreamt",
        "senses": ["999999"],
        "body_cues": ["nope"],
        "state_before": "bogus",
        "surprise": "very",
        "people": ["999999"],
        "anchored_seconds": "many",
        "gratitude": "g" * 3000,
        "photos": upload("broken.jpg", content=jpeg_bytes()[:40]),
    }
    return [
        ("capture", "/capture/", capture_data),
        ("capture, model limits", "/capture/", {"text": "Sun", "anchored_seconds": "4000"}),
        ("capture, too long", "/capture/", {"text": long}),
        ("edit", f"/glimmers/{glimmer.pk}/edit/", capture_data),
        ("edit, model limits", f"/glimmers/{glimmer.pk}/edit/", {"text": "Sun", "gratitude": long}),
        ("add photos", f"/glimmers/{glimmer.pk}/photos/", {"photos": upload("e.jpg", content=b"")}),
        ("stay with it", f"/glimmers/{glimmer.pk}/stay/", {"seconds": "lots"}),
        ("intention", "/today/intention/", {"text": "x" * 400, "sense": "smellz"}),
        ("reflection", "/today/reflect/", {"answer": long, "category": "whenever"}),
        ("prompts", "/prompts/", {"category": "whenever", "text": ""}),
        ("values", "/values/", {"name": "x" * 81}),
        (
            "hard moments",
            "/triggers/",
            {"text": "", "occurred_at": "soon", "intensity": "eleven", "pushed_toward": "away"},
        ),
        ("hard moments, model limits", "/triggers/", {"text": "Door", "intensity": "11"}),
        ("hard time", "/remember/hard-time/", {"period": "", "text": "", "noticed_at": "soon"}),
        ("question", "/question/", {"likelihood": "lots"}),
        ("question, model limits", "/question/", {"likelihood": "12"}),
        ("your words", "/your-words/", {"kind": "sense", "name": "y" * 41}),
        (
            "preferences",
            "/accounts/preferences/",
            {"time_zone": "Mars/Olympus", "day_starts_at": "9", "anchor_seconds": "ten"},
        ),
        (
            "practice preferences",
            "/accounts/preferences/",
            {"time_zone": "UTC", "day_starts_at": "", "anchor_seconds": "600"},
        ),
        ("reminders", "/reminders/", {"times": "soon", "morning_at": "25:99", "channel": "owl"}),
        ("tokens", "/accounts/tokens/", {"name": "t" * 300, "scope": "everything"}),
        ("new circle", "/circles/new/", {"name": "", "description": long}),
        ("join a circle", "/circles/join/", {"code": ""}),
        ("care invite", "/care/invite/", {"scope": "everything", "carer_name": ""}),
        ("care join", "/care/join/", {"code": ""}),
        ("import", "/your-data/import/", {"format": "papyrus"}),
        ("export", "GET /your-data/export/download", {"format": "papyrus"}),
        ("insights", "GET /insights/", {"since": "2025-13-45", "until": "soon"}),
        ("journal filters", "GET /journal/", {"sense": "smellz", "q": "q" * 300}),
        ("password", "/accounts/password/", {"old_password": "no", "new_password1": "1"}),
    ]


@pytest.mark.parametrize("headers", [EN, UK], ids=["english", "ukrainian"])
def test_bad_input_gets_the_apps_own_words_on_every_form(person, headers):
    client = _signed_in(person, headers)
    refused = []
    for what, url, data in _bad_posts(person):
        if url.startswith("GET "):
            response = client.get(url.removeprefix("GET "), data)
        else:
            response = client.post(url, data)
        page = response.content.decode()
        assert response.status_code in (200, 400, 302), (what, response.status_code)
        if response.status_code != 302:
            refused.append(what)
        assert not _leaks(page), (what, _leaks(page))
    # Most of these were refused on the page itself (a few forms go back with a note).
    assert len(refused) >= 20, refused


@pytest.mark.parametrize("headers", [EN, UK], ids=["english", "ukrainian"])
def test_signing_up_and_in_get_the_apps_own_words(db, headers):
    make_user("taken")
    client = Client(**headers)
    for url, data in [
        ("/accounts/login/", {"username": "taken", "password": "wrong"}),
        ("/accounts/login/", {"username": "", "password": ""}),
        ("/accounts/welcome/", {"username": "", "password1": "a", "password2": "b"}),
        (
            "/accounts/welcome/",
            {"username": "taken", "password1": "12345678", "password2": "12345678"},
        ),
        ("/accounts/welcome/", {"username": "x", "password1": "password", "password2": "password"}),
    ]:
        page = client.post(url, data).content.decode()
        assert not _leaks(page), (url, data, _leaks(page))


def test_the_words_are_specific(person):
    client = _signed_in(person, EN)
    page = html.unescape(
        client.post("/capture/", {"text": "Sun", "noticed_at": "soon"}).content.decode()
    )
    assert "That doesn’t look like a date and time. Try 2026-03-02 08:15." in page
    page = html.unescape(
        client.post("/capture/", {"text": "Sun", "kind": "dreamt"}).content.decode()
    )
    assert "“dreamt” isn’t one of the options. Please choose from the list." in page
    page = html.unescape(
        client.post("/capture/", {"text": "Sun", "anchored_seconds": "4000"}).content.decode()
    )
    assert "Please choose a number no bigger than 3600." in page
    page = html.unescape(
        client.post("/capture/", {"text": "Sun", "gratitude": "g" * 3000}).content.decode()
    )
    assert re.search(r"Please keep this to \d+ characters or fewer — it has 3000\.", page)


def test_an_apps_own_message_keeps_its_words(person):
    """Only Django's defaults are reworded: what the app wrote stays as written."""
    client = _signed_in(person, EN)
    page = html.unescape(client.post("/capture/", {"text": "   "}).content.decode())
    assert "Write a few words about it — or use “Count one” to count it without words." in page


def test_sign_in_is_told_plainly(db):
    make_user("taken")
    page = html.unescape(
        Client()
        .post("/accounts/login/", {"username": "taken", "password": PASSWORD + "x"})
        .content.decode()
    )
    assert "That name and password don’t go together." in page
