"""Guessing is slowed down: sign-in, API tokens and sign-up pause after many failures.

A pause is finite, grows with repeated failures up to a cap, says calmly when
to try again, counts the real client address (never a forged header), and the
owner on their own browser is never locked out by a stranger.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from glimmers.accounts import throttle
from glimmers.accounts.models import FailedAttempt, SecurityEvent
from tests.factories import PASSWORD

ADDRESS_LIMIT = throttle.RULES[("login", "address")].limit
ACCOUNT_LIMIT = throttle.RULES[("login", "account")].limit
ACCOUNT_CAP = throttle.RULES[("login", "account")].longest_pause


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by tests instead of sleeping."""
    now = [timezone.now()]

    def move(**delta):
        now[0] += timedelta(**delta)

    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    return move


WRONG = "not-the-password"


def sign_in(client, password=WRONG, username="olena", **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_the_limits_are_strict_per_address_looser_per_account_and_always_finite():
    for (_action, where), rule in throttle.RULES.items():
        assert 0 < rule.first_pause <= rule.longest_pause <= 60 * 60
        if where == "account":
            assert rule.longest_pause <= 30 * 60
    assert ADDRESS_LIMIT < ACCOUNT_LIMIT
    assert ACCOUNT_CAP <= 15 * 60


def test_many_wrong_passwords_pause_sign_in_with_a_message_naming_when(client, owner):
    for _ in range(ADDRESS_LIMIT - 1):
        response = sign_in(client)
        assert response.status_code == 200
        assert "That name and password don’t go together." in response.content.decode()
    response = sign_in(client)  # the try that reaches the limit says so at once
    assert response.status_code == 429
    assert "You can try again in about 1 minute" in response.content.decode()
    assert response["Retry-After"] == "60"

    later = sign_in(client, password=PASSWORD)  # even the right password waits
    assert later.status_code == 429
    page = later.content.decode()
    assert "signing in is paused for a little while" in page
    assert "You can try again in" in page
    assert not signed_in(client)


def test_after_the_cool_off_the_right_password_works(client, owner, clock):
    for _ in range(ADDRESS_LIMIT):
        sign_in(client)
    assert sign_in(client, password=PASSWORD).status_code == 429
    clock(seconds=61)
    assert sign_in(client, password=PASSWORD).status_code == 302
    assert signed_in(client)


def test_a_paused_sign_in_does_not_even_check_the_password(client, owner, clock):
    for _ in range(ADDRESS_LIMIT):
        sign_in(client)
    failures = FailedAttempt.objects.count()
    logged = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_IN_FAILED).count()
    for _ in range(5):
        assert sign_in(client).status_code == 429
    assert FailedAttempt.objects.count() == failures  # nothing more counted or learnt
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_IN_FAILED).count() == logged


def test_the_pause_grows_with_repeated_failures_but_never_past_its_cap(owner, clock):
    factory = RequestFactory()
    waits = []
    for attempt in range(60):
        # A stranger spread over many addresses: only the account's count applies.
        request = factory.post("/accounts/login/", REMOTE_ADDR=f"198.51.100.{attempt + 1}")
        try:
            throttle.guard(request, "login", owner)
        except throttle.Throttled as paused:
            waits.append(paused.retry_after)
            clock(seconds=paused.retry_after)
            throttle.guard(request, "login", owner)  # after the wait it is open again
        throttle.failed(request, "login", owner)
    assert waits[0] == 60
    assert waits == sorted(waits)
    assert max(waits) == ACCOUNT_CAP
    assert waits.count(ACCOUNT_CAP) > 10


def test_a_forged_forwarded_for_is_ignored(client, owner):
    for number in range(ADDRESS_LIMIT):
        sign_in(
            client,
            username=f"someone-{number}",  # many names: only the address is shared
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
            HTTP_X_REAL_IP=f"203.0.113.{number}",
        )
    fresh_header = sign_in(client, password=PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert fresh_header.status_code == 429

    # Another real client (another peer address) is not paused by that one.
    elsewhere = Client(REMOTE_ADDR="192.0.2.55")
    assert sign_in(elsewhere, password=PASSWORD).status_code == 302


def test_an_ipv6_client_counts_by_its_whole_64(client, owner):
    for number in range(ADDRESS_LIMIT):
        sign_in(client, username=f"name-{number}", REMOTE_ADDR=f"2001:db8:1:2::{number + 1:x}")
    response = sign_in(client, password=PASSWORD, REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert response.status_code == 429
    assert sign_in(client, password=PASSWORD, REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_a_stranger_cannot_lock_the_owner_out_for_good(owner, clock):
    own_browser = Client(REMOTE_ADDR="192.0.2.10")
    assert sign_in(own_browser, password=PASSWORD).status_code == 302
    own_browser.post("/accounts/logout/")

    stranger = Client()
    for number in range(ACCOUNT_LIMIT + 5):
        sign_in(stranger, REMOTE_ADDR=f"203.0.113.{number + 1}")

    # A browser the owner never used is paused for the account, but only for a while…
    new_browser = Client(REMOTE_ADDR="192.0.2.11")
    paused = sign_in(new_browser, password=PASSWORD)
    assert paused.status_code == 429
    assert int(paused["Retry-After"]) <= ACCOUNT_CAP
    # …and the owner's own browser is not paused at all.
    assert sign_in(own_browser, password=PASSWORD).status_code == 302
    assert signed_in(own_browser)

    clock(seconds=ACCOUNT_CAP + 1)
    assert sign_in(new_browser, password=PASSWORD).status_code == 302


def test_a_stranger_who_keeps_guessing_never_pauses_the_owner_at_a_usual_address(owner, clock):
    """The account's pause can be renewed by someone who never stops; not where the owner lives."""
    home = Client(REMOTE_ADDR="192.0.2.20")
    assert sign_in(home, password=PASSWORD).status_code == 302
    home.post("/accounts/logout/")
    home.cookies.clear()  # a new browser at home: no device cookie

    stranger = 0
    for _round in range(3):  # hours of guessing from ever new addresses, each pause renewed
        for _ in range(ACCOUNT_LIMIT + 2):
            stranger += 1
            sign_in(Client(), REMOTE_ADDR=f"203.0.{stranger // 250}.{stranger % 250 + 1}")
        assert sign_in(Client(REMOTE_ADDR="198.51.100.9"), password=PASSWORD).status_code == 429
        assert sign_in(home, password=PASSWORD).status_code == 302
        home.post("/accounts/logout/")
        home.cookies.clear()
        clock(minutes=14)


def test_a_new_password_retires_every_browsers_standing(owner):
    """A device cookie earned before a password change counts for nothing after it."""
    old_browser = Client(REMOTE_ADDR="192.0.2.40")
    assert sign_in(old_browser, password=PASSWORD).status_code == 302
    old_browser.post("/accounts/logout/")
    owner.set_password("a brand new kettle on the windowsill")
    owner.save()
    for _ in range(ADDRESS_LIMIT):
        sign_in(old_browser)
    # Counted by its address again, not as one of the owner's own browsers:
    assert FailedAttempt.objects.filter(key__startswith="login:address:192.0.2.40").count() == (
        ADDRESS_LIMIT
    )
    assert sign_in(old_browser, password="a brand new kettle on the windowsill").status_code == 429


def test_the_owners_browser_is_not_paused_by_a_stranger_at_the_same_address(client, owner):
    own_browser = Client()
    sign_in(own_browser, password=PASSWORD)
    own_browser.post("/accounts/logout/")
    for _ in range(ADDRESS_LIMIT + 3):
        sign_in(client)  # the same address (a shared network)
    assert sign_in(client, password=PASSWORD).status_code == 429
    assert sign_in(own_browser, password=PASSWORD).status_code == 302


def test_a_forged_device_cookie_earns_nothing(client, owner):
    client.cookies[throttle.DEVICE_COOKIE] = "made-up"
    for _ in range(ADDRESS_LIMIT):
        sign_in(client)
    assert sign_in(client, password=PASSWORD).status_code == 429


def test_a_pause_looks_the_same_for_a_name_nobody_has(client, owner):
    # Paused by the address's count.
    strangers_view = Client(REMOTE_ADDR="192.0.2.30")
    for _ in range(ADDRESS_LIMIT):
        real = sign_in(client)
        made_up = sign_in(strangers_view, username="nobody-here")
    assert real.status_code == made_up.status_code == 429
    assert real["Retry-After"] == made_up["Retry-After"]


def test_an_accounts_pause_looks_the_same_for_a_name_nobody_has(owner):
    # Paused by the account's count: guesses from many addresses, each far below
    # its own limit. A name nobody has pauses just as a real one does, so the
    # pause tells a guesser nothing about which names exist.
    answers = {}
    for username, network in (("olena", "198.51.100"), ("nobody-here", "203.0.113")):
        for number in range(ACCOUNT_LIMIT):
            response = sign_in(Client(), username=username, REMOTE_ADDR=f"{network}.{number + 1}")
        assert FailedAttempt.objects.filter(key__contains=":account:").exists()
        answers[username] = response
    real, made_up = answers["olena"], answers["nobody-here"]
    assert real.status_code == made_up.status_code == 429
    assert real["Retry-After"] == made_up["Retry-After"]

    def page(response, username):
        text = response.content.decode().replace(username, "NAME")
        return re.sub(r'(value|nonce)="[^"]*"', "", text)  # the form's token, the CSP nonce

    assert page(real, "olena") == page(made_up, "nobody-here")


def test_signing_in_clears_the_accounts_count_but_not_the_addresss(client, owner):
    for _ in range(ADDRESS_LIMIT - 1):
        sign_in(client)
    assert sign_in(client, password=PASSWORD).status_code == 302
    assert not FailedAttempt.objects.filter(key__contains=":account:").exists()
    assert FailedAttempt.objects.filter(key__contains=":address:").count() == ADDRESS_LIMIT - 1


def test_a_lock_out_is_noted_once_in_the_owners_security_log(client, owner):
    for _ in range(ADDRESS_LIMIT + 4):
        sign_in(client)
    locked = SecurityEvent.objects.filter(user=owner, kind=SecurityEvent.Kind.LOCKED_OUT)
    assert locked.count() == 1
    assert locked.get().ip == "127.0.0.1"


def test_old_failures_are_pruned(owner):
    FailedAttempt.objects.create(key="login:address:192.0.2.1", at=timezone.now())
    FailedAttempt.objects.create(
        key="login:address:192.0.2.1", at=timezone.now() - timedelta(days=2)
    )
    assert throttle.prune() == 1
    assert FailedAttempt.objects.count() == 1


def test_failures_a_day_old_no_longer_count(client, owner, clock):
    for _ in range(ADDRESS_LIMIT):
        sign_in(client)
    clock(days=1, seconds=1)
    assert sign_in(client, password=PASSWORD).status_code == 302


# --- API tokens -----------------------------------------------------------------------

TOKEN_LIMIT = throttle.RULES[("token", "address")].limit


def api_get(client, token, **extra):
    return client.get("/api/v1/glimmers", HTTP_AUTHORIZATION=f"Bearer {token}", **extra)


def test_bad_api_tokens_are_paused_per_address_with_429_and_retry_after(client, owner):
    from glimmers.accounts.tokens import create_token

    _token, good = create_token(owner, "phone")
    for number in range(TOKEN_LIMIT):
        response = api_get(client, f"glm_guess{number}", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
        assert response.status_code == 401
    paused = api_get(client, "glm_another-guess")
    assert paused.status_code == 429
    assert int(paused["Retry-After"]) >= 60
    error = paused.json()["error"]
    assert error["code"] == "rate_limited"
    assert "Try again in" in error["message"]
    assert error["fields"] == {}

    # A valid token is never held up by the pause of its address…
    assert api_get(client, good).status_code == 200
    # …and another address is not paused by this one.
    assert api_get(Client(REMOTE_ADDR="192.0.2.77"), "glm_guess").status_code == 401


def test_bad_tokens_stop_being_counted_while_paused(client, owner):
    for number in range(TOKEN_LIMIT + 30):
        api_get(client, f"glm_guess{number}")
    assert FailedAttempt.objects.filter(key__startswith="token:").count() == TOKEN_LIMIT


# --- Sign-up --------------------------------------------------------------------------

SIGNUP_LIMIT = throttle.RULES[("signup", "address")].limit


def test_sign_up_is_paused_per_address(client, owner, settings):
    settings.OPEN_SIGNUP = True
    for number in range(SIGNUP_LIMIT):
        client.post("/accounts/logout/")
        response = client.post(
            "/accounts/signup/",
            {
                "username": f"new-{number}",
                "password1": "kettle-otter-violin-march",
                "password2": "kettle-otter-violin-march",
                "time_zone": "UTC",
            },
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
        assert response.status_code == 302
    client.post("/accounts/logout/")
    paused = client.post(
        "/accounts/signup/",
        {
            "username": "one-more",
            "password1": "kettle-otter-violin-march",
            "password2": "kettle-otter-violin-march",
            "time_zone": "UTC",
        },
    )
    assert paused.status_code == 429
    assert "You can try again in about 5 minutes" in paused.content.decode()
    assert not owner.__class__.objects.filter(username="one-more").exists()
    other_place = Client(REMOTE_ADDR="192.0.2.90")
    assert other_place.get("/accounts/signup/").status_code == 200


def test_a_valid_token_costs_the_throttle_no_query(client, owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from glimmers.accounts.tokens import create_token

    _token, good = create_token(owner, "phone")
    api_get(client, good)  # the first call notes when the token was last used
    with CaptureQueriesContext(connection) as queries:
        assert api_get(client, good).status_code == 200
    assert not [query for query in queries if "failedattempt" in query["sql"].lower()]
