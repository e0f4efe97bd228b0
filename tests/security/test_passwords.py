"""Weak passwords are refused everywhere a password is set, with a kind word on what works.

"glimmers" used to be accepted. Now the site's own words, the person's name,
common passwords and easy patterns are refused on the welcome page, sign-up,
password change and `createsuperuser`; a good passphrase goes through.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.factories import PASSWORD

User = get_user_model()

GOOD = "kettle-otter-violin-march"
WHAT_WORKS = "three or four ordinary words"

WEAK = [
    ("glimmers", "words from this site"),
    ("Glimmers2024!", "words from this site"),
    ("GL1MM3RS-journal", "words from this site"),
    ("safe-calm-journal", "words from this site"),
    ("mira-mira-1990", "your name"),
    ("password123", "too easy to guess"),
    ("qwertyuiop", "too easy to guess"),
    ("Summer2024", "too easy to guess"),
    ("P@ssw0rd!", "too easy to guess"),
]


@pytest.fixture
def laptop():
    return Client(HTTP_HOST="127.0.0.1")  # a first run with no setup code


def welcome(client, password, username="mira"):
    return client.post(
        "/accounts/welcome/",
        {"username": username, "password1": password, "password2": password, "time_zone": "UTC"},
    )


@pytest.mark.parametrize(("password", "why"), WEAK)
def test_a_weak_password_is_refused_with_a_helpful_message(db, laptop, password, why):
    response = welcome(laptop, password)
    assert response.status_code == 200
    page = response.content.decode()
    assert why in page
    assert WHAT_WORKS in page
    assert not User.objects.exists()


def test_the_message_says_what_works_once(db, laptop):
    errors = welcome(laptop, "glimmers").context["form"].errors["password2"]
    assert sum(WHAT_WORKS in error for error in errors) == 1


@pytest.mark.parametrize(
    "password", [GOOD, "slow-morning-light-7", "correct horse battery staple", PASSWORD]
)
def test_a_good_passphrase_is_accepted(db, laptop, password):
    assert welcome(laptop, password).status_code == 302
    assert User.objects.get().check_password(password)


def test_sign_up_refuses_a_weak_password_too(client, owner, settings):
    settings.OPEN_SIGNUP = True
    response = client.post(
        "/accounts/signup/",
        {"username": "ben", "password1": "glimmers", "password2": "glimmers", "time_zone": "UTC"},
    )
    assert response.status_code == 200
    assert "words from this site" in response.content.decode()
    assert not User.objects.filter(username="ben").exists()


def test_changing_to_a_weak_password_is_refused(owner_client, owner):
    response = owner_client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "olena2024", "new_password2": "olena2024"},
    )
    assert response.status_code == 200
    assert WHAT_WORKS in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


class _Terminal:
    """Standard input that says it is a terminal, so createsuperuser asks questions."""

    def isatty(self):
        return True


def test_createsuperuser_refuses_a_weak_password_then_takes_a_good_one(db, monkeypatch, capsys):
    from django.contrib.auth.management.commands import createsuperuser

    passwords = iter(["glimmers", "glimmers", GOOD, GOOD])
    answers = iter(["ada", "n"])  # name; then "no" to bypassing the password check
    monkeypatch.setattr(createsuperuser.getpass, "getpass", lambda prompt="": next(passwords))
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    call_command("createsuperuser", interactive=True, stdin=_Terminal())
    err = capsys.readouterr().err
    assert "words from this site" in err
    ada = User.objects.get(username="ada")
    assert ada.check_password(GOOD)


def test_the_validators_are_what_settings_use(settings):
    names = [item["NAME"].rsplit(".", 1)[1] for item in settings.AUTH_PASSWORD_VALIDATORS]
    assert {"OwnWordsValidator", "GuessabilityValidator", "CommonPasswordValidator"} <= set(names)
