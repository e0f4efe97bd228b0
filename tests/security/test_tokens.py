"""API tokens end: on the day their owner chose, when revoked, and when the password changes.
Making one needs a recent sign-in; making and revoking them is in the security log."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from glimmers.accounts import tokens
from glimmers.accounts.models import AccessToken, SecurityEvent
from tests.cli import refuse, run
from tests.factories import PASSWORD


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def api_get(raw: str, path: str = "/api/v1/glimmers"):
    return Client().get(path, **bearer(raw))


def test_a_token_works_until_it_expires_and_then_the_api_refuses_it(owner):
    token, raw = tokens.create_token(owner, "phone")
    assert api_get(raw).status_code == 200

    AccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = api_get(raw)
    assert response.status_code == 401
    assert tokens.authenticate(raw) is None


def test_a_new_token_lasts_ninety_days_unless_the_person_chooses(owner):
    token, _raw = tokens.create_token(owner, "phone")
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)

    token, _raw = tokens.create_token(owner, "script", days=30)
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)


@pytest.mark.parametrize("days", [0, -1, 366, 10_000, True])
def test_a_token_cannot_last_forever_or_a_nonsense_time(owner, days):
    with pytest.raises(Exception, match="1 to 365 days"):
        tokens.create_token(owner, "forever", days=days)
    assert not AccessToken.objects.exists()


def test_the_tokens_page_offers_a_few_lifetimes_and_ninety_days_first(owner_client):
    page = owner_client.get("/accounts/tokens/").content.decode()
    offered = re.findall(r'<option value="(\d+)"( selected)?', page)
    assert [days for days, _sel in offered] == ["30", "90", "365"]
    assert [days for days, selected in offered if selected] == ["90"]


def test_the_tokens_page_makes_a_token_for_the_chosen_time(owner_client, owner):
    response = owner_client.post("/accounts/tokens/", {"name": "backup", "days": "365"})
    assert response.status_code == 200
    token = AccessToken.objects.get(owner=owner)
    assert abs(token.expires_at - (timezone.now() + timedelta(days=365))) < timedelta(minutes=1)


@pytest.mark.parametrize("days", ["0", "36500", "never", ""])
def test_the_tokens_page_refuses_a_lifetime_it_does_not_offer(owner_client, owner, days):
    if days == "":
        # Left out entirely, by an older page: the default.
        owner_client.post("/accounts/tokens/", {"name": "backup"})
        assert AccessToken.objects.get(owner=owner).expires_at < timezone.now() + timedelta(91)
        return
    response = owner_client.post("/accounts/tokens/", {"name": "backup", "days": days})
    assert response.status_code == 400
    assert not AccessToken.objects.exists()


def test_the_tokens_page_says_when_each_token_stops_working(owner_client, owner):
    token, _raw = tokens.create_token(owner, "phone", days=30)
    ended, _raw = tokens.create_token(owner, "old laptop")
    AccessToken.objects.filter(pk=ended.pk).update(expires_at=timezone.now() - timedelta(days=2))

    page = owner_client.get("/accounts/tokens/").content.decode()

    # The page speaks in the owner's own time zone, so near midnight the day can differ from UTC's.
    until = token.expires_at.astimezone(ZoneInfo(owner.time_zone)).strftime("%-d %b %Y")
    assert f"works until {until}" in page
    assert "stopped working" in page
    # An ended token has nothing left to revoke.
    assert "Revoke old laptop" not in page
    assert "Revoke phone" in page


def test_a_password_change_stops_every_token(owner, owner_client):
    _token, raw = tokens.create_token(owner, "phone")
    _token, other_raw = tokens.create_token(owner, "script", read_only=True)
    new = "a-new-quiet-morning-phrase-93"

    owner_client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert api_get(raw).status_code == 401
    assert api_get(other_raw).status_code == 401


def test_a_password_change_leaves_other_peoples_tokens_alone(owner, other, owner_client):
    _token, raw = tokens.create_token(other, "sam's phone")
    new = "a-new-quiet-morning-phrase-93"
    owner_client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert api_get(raw).status_code == 200


def test_making_and_revoking_a_token_is_in_the_security_log(owner_client, owner):
    owner_client.post("/accounts/tokens/", {"name": "Kitchen tablet"}, REMOTE_ADDR="192.0.2.4")
    token = AccessToken.objects.get(owner=owner)
    owner_client.post(f"/accounts/tokens/{token.pk}/revoke/")

    made = SecurityEvent.objects.get(user=owner, kind=SecurityEvent.Kind.TOKEN_CREATED)
    revoked = SecurityEvent.objects.get(user=owner, kind=SecurityEvent.Kind.TOKEN_REVOKED)
    assert made.detail == revoked.detail == "Kitchen tablet"
    assert made.ip == "192.0.2.4"


def test_revoking_twice_is_noted_once(owner_client, owner):
    token, _raw = tokens.create_token(owner, "phone")
    owner_client.post(f"/accounts/tokens/{token.pk}/revoke/")
    owner_client.post(f"/accounts/tokens/{token.pk}/revoke/")
    kind = SecurityEvent.Kind.TOKEN_REVOKED
    assert SecurityEvent.objects.filter(user=owner, kind=kind).count() == 1


# ---------------------------------------------------------------------------
# The command line: the account's owner at the server's terminal
# ---------------------------------------------------------------------------


def test_the_cli_makes_a_token_for_ninety_days_by_default(owner):
    result = run("token", "create", "--name", "phone", "--json")
    assert result.code == 0
    token = AccessToken.objects.get(owner=owner)
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    assert result.json()["expires_at"]
    assert "working until" in run("token", "create", "--name", "other").err


def test_the_cli_makes_a_token_for_the_days_asked(owner):
    assert run("token", "create", "--name", "backup", "--days", "365").code == 0
    token = AccessToken.objects.get(owner=owner)
    assert abs(token.expires_at - (timezone.now() + timedelta(days=365))) < timedelta(minutes=1)
    assert SecurityEvent.objects.filter(user=owner, kind=SecurityEvent.Kind.TOKEN_CREATED).exists()


@pytest.mark.parametrize("days", ["0", "366", "forever"])
def test_the_cli_refuses_a_lifetime_out_of_bounds(owner, days):
    refuse("token", "create", "--name", "backup", "--days", days, says="")
    assert not AccessToken.objects.exists()


def test_the_cli_lists_an_ended_token_as_ended(owner):
    token, _raw = tokens.create_token(owner, "old laptop")
    AccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert "(ended " in run("token", "list").out
