"""The "Delete my account" page: what goes, the password (and a code), then goodbye."""

from __future__ import annotations

import pyotp
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from glimmers.accounts.models import FailedAttempt, SecurityEvent, Session, TwoFactor
from glimmers.journal.models import Glimmer
from tests.factories import PASSWORD, make_glimmer

URL = "/your-data/delete-account/"

# The page commits for real (the files go after the commit), so these run with real commits.
pytestmark = pytest.mark.django_db(transaction=True)


def _exists(username: str) -> bool:
    return get_user_model().objects.filter(username=username).exists()


def _turn_on_two_step(user) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    TwoFactor.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
    return pyotp.TOTP(secret)


def test_it_says_what_will_go_and_suggests_an_export_first(owner, owner_client):
    make_glimmer(owner, "Gulls over the harbour")
    make_glimmer(owner, "Warm bread")

    response = owner_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Delete my account" in page
    assert "2 glimmers" in page
    assert "can’t be undone" in page
    assert 'href="/your-data/export/"' in page
    assert 'name="password"' in page
    assert 'name="code"' not in page  # two-step sign-in is off


def test_the_security_page_links_to_it(owner_client):
    page = owner_client.get("/accounts/security/").content.decode()
    assert f'href="{URL}"' in page


def test_it_asks_a_visitor_to_sign_in(owner, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post(URL, {"password": PASSWORD}).status_code == 302
    assert _exists("olena")


def test_a_wrong_password_changes_nothing_and_counts_as_a_guess(owner, owner_client):
    make_glimmer(owner)

    response = owner_client.post(URL, {"password": "not it"})

    assert response.status_code == 400
    assert "That password doesn’t match, so nothing was deleted." in response.content.decode()
    assert _exists("olena") and Glimmer.objects.count() == 1
    assert FailedAttempt.objects.filter(key__startswith="login:").exists()
    assert owner_client.get("/journal/").status_code == 200  # still signed in


def test_no_password_at_all_is_one_clear_message(owner, owner_client):
    response = owner_client.post(URL, {})
    assert response.status_code == 400
    assert "Please type your password." in response.content.decode()
    assert _exists("olena")


def test_many_wrong_passwords_pause_it_and_then_even_the_right_one_waits(owner, owner_client):
    for _ in range(25):
        owner_client.post(URL, {"password": "guess"})

    response = owner_client.post(URL, {"password": PASSWORD})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert _exists("olena")


def test_the_right_password_deletes_everything_and_signs_out(owner, other, owner_client):
    make_glimmer(owner, "Gulls over the harbour")
    make_glimmer(other, "Theirs")
    elsewhere = Client()
    elsewhere.force_login(owner)  # another browser, signed in too

    response = owner_client.post(URL, {"password": PASSWORD})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Your account is deleted" in page
    assert "1 glimmer" in page
    assert not _exists("olena")
    assert list(Glimmer.objects.values_list("text", flat=True)) == ["Theirs"]
    assert not Session.objects.filter(user_id=owner.pk).exists()
    for browser in (owner_client, elsewhere):
        assert browser.get("/journal/").status_code == 302  # signed out everywhere


def test_with_two_step_sign_in_it_needs_a_right_code_too(owner, owner_client):
    app = _turn_on_two_step(owner)
    assert 'name="code"' in owner_client.get(URL).content.decode()

    no_code = owner_client.post(URL, {"password": PASSWORD})
    assert no_code.status_code == 400
    assert "a code from your app" in no_code.content.decode()

    wrong = owner_client.post(URL, {"password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 400
    assert "That code didn’t work, so nothing was deleted." in wrong.content.decode()
    assert _exists("olena")
    assert SecurityEvent.objects.filter(
        user=owner, kind=SecurityEvent.Kind.TWO_FACTOR_FAILED
    ).exists()
    assert FailedAttempt.objects.filter(key__startswith="code:").exists()

    right = owner_client.post(URL, {"password": PASSWORD, "code": app.now()})
    assert right.status_code == 200
    assert not _exists("olena")


def test_a_right_code_with_a_wrong_password_changes_nothing(owner, owner_client):
    app = _turn_on_two_step(owner)
    response = owner_client.post(URL, {"password": "not it", "code": app.now()})
    assert response.status_code == 400
    assert _exists("olena")


def test_a_stranger_cannot_delete_someone_elses_account(owner, stranger, stranger_client):
    """The page acts only on whoever is signed in: the owner's password gets a stranger nowhere."""
    make_glimmer(owner)

    response = stranger_client.post(URL, {"password": PASSWORD + "-not-the-strangers"})

    assert response.status_code == 400
    assert _exists("olena") and _exists("stranger")
    assert Glimmer.objects.filter(owner=owner).count() == 1


def test_a_post_without_the_csrf_token_is_refused(owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    assert browser.post(URL, {"password": PASSWORD}).status_code == 403
    assert _exists("olena")


def test_without_the_phone_a_recovery_code_does_instead(owner, owner_client):
    from glimmers.accounts import two_factor

    _turn_on_two_step(owner)
    codes = two_factor.new_recovery_codes(owner)

    response = owner_client.post(URL, {"password": PASSWORD, "code": codes[0]})

    assert response.status_code == 200
    assert not _exists("olena")


def test_a_large_account_is_locked_at_once_and_finishes_on_its_own(
    owner, owner_client, monkeypatch
):
    """When the deletion outlasts the page's wait, the page says it is finishing,
    and the account is already closed: signed out, no sign-in, no token."""
    import threading

    from glimmers.accounts.models import AccessToken
    from glimmers.accounts.tokens import create_token
    from glimmers.yourdata.deletion import services

    make_glimmer(owner, "Gulls over the harbour")
    create_token(owner, "phone")
    go_on = threading.Event()
    real_delete = services.delete_account

    def slow_delete(user):
        go_on.wait(30)
        return real_delete(user)

    monkeypatch.setattr(services, "delete_account", slow_delete)
    monkeypatch.setattr(services, "WAIT_SECONDS", 0.2)
    monkeypatch.setattr("glimmers.yourdata.deletion.views.WAIT_SECONDS", 0.2)

    response = owner_client.post(URL, {"password": PASSWORD})

    page = response.content.decode()
    assert "Your account is being deleted" in page and "1 glimmer" in page
    user = get_user_model().objects.get(pk=owner.pk)
    assert not user.is_active
    assert not AccessToken.objects.filter(owner_id=owner.pk).exists()
    assert not Session.objects.filter(user_id=owner.pk).exists()
    assert not Client().login(username="olena", password=PASSWORD)
    go_on.set()
    for thread in threading.enumerate():
        if thread.name == f"delete-{owner.pk}":
            thread.join(30)
    assert not _exists("olena")


def test_a_deletion_a_stop_interrupted_is_finished_when_the_server_starts(owner, other):
    from glimmers.yourdata.deletion.services import finish_pending, lock_for_deletion

    make_glimmer(owner, "Gulls over the harbour")
    lock_for_deletion(owner)  # and then the server stopped, before the thread could run

    assert finish_pending() == 1

    assert not _exists("olena") and _exists("sam")
    assert finish_pending() == 0
