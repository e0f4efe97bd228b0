"""Each person's security log: sign-ins (and refusals), sign-outs and pauses, for them alone.

Every line says when, what, from which address and which browser family. The
person sees their own, newest first; nobody sees anyone else's; it never holds
what they wrote; old lines age out.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from glimmers.accounts import security_log, throttle
from glimmers.accounts.models import SecurityEvent
from tests.factories import PASSWORD, make_glimmer

Kind = SecurityEvent.Kind
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def sign_in(client, password=PASSWORD, username="olena"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def kinds(user) -> list[str]:
    return [event.kind for event in security_log.recent(user)]


def test_a_sign_in_is_noted_with_address_and_browser_family(owner):
    browser = Client(REMOTE_ADDR="192.0.2.14", HTTP_USER_AGENT=FIREFOX)
    assert sign_in(browser).status_code == 302
    event = SecurityEvent.objects.get(user=owner, kind=Kind.SIGNED_IN)
    assert event.ip == "192.0.2.14"
    assert event.browser == "Firefox on Linux"
    assert timezone.now() - event.at < timedelta(minutes=1)


def test_a_refused_password_for_a_real_account_is_noted(owner):
    browser = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT=IPHONE)
    sign_in(browser, password="a wrong guess")
    event = SecurityEvent.objects.get(user=owner)
    assert event.kind == Kind.SIGN_IN_FAILED
    assert (event.ip, event.browser) == ("203.0.113.9", "Safari on iPhone")


def test_a_name_nobody_has_leaves_no_line_anywhere(client, owner):
    sign_in(client, username="nobody-here", password="a wrong guess")
    assert not SecurityEvent.objects.exists()


def test_signing_out_is_noted(client, owner):
    sign_in(client)
    client.post("/accounts/logout/")
    assert kinds(owner) == [Kind.SIGNED_OUT, Kind.SIGNED_IN]


def test_a_lock_out_is_noted(client, owner):
    for _ in range(throttle.RULES[("login", "address")].limit):
        sign_in(client, password="a wrong guess")
    assert kinds(owner)[0] == Kind.LOCKED_OUT
    shown = render_to_string(
        "accounts/_security_log.html", {"security_events": security_log.recent(owner)}
    )
    assert "Sign-in paused after many wrong tries" in shown
    assert "signing in, from one address" in shown


def test_the_first_account_is_noted_as_created(db):
    laptop = Client(HTTP_HOST="127.0.0.1")
    laptop.post(
        "/accounts/welcome/",
        {
            "username": "mira",
            "password1": "slow-morning-light-7",
            "password2": "slow-morning-light-7",
            "time_zone": "UTC",
        },
    )
    assert [event.kind for event in SecurityEvent.objects.all()] == [Kind.ACCOUNT_CREATED]


def test_the_person_sees_their_own_log_newest_first_and_nobody_elses(owner, other):
    browser = Client(REMOTE_ADDR="192.0.2.14", HTTP_USER_AGENT=FIREFOX)
    sign_in(browser, password="a wrong guess")
    sign_in(browser)
    security_log.record(other, Kind.SIGNED_IN, None)
    SecurityEvent.objects.filter(user=other).update(ip="198.51.100.99")

    page = browser.get("/accounts/security/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Your account’s recent activity" in html
    assert html.index("Signed in") < html.index("Sign-in refused: wrong password")
    assert "192.0.2.14" in html
    assert "Firefox on Linux" in html
    assert "198.51.100.99" not in html


def test_a_stranger_gets_no_log_page(client, owner):
    response = client.get("/accounts/security/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_recent_is_newest_first_and_limited(owner):
    for _ in range(5):
        security_log.record(owner, Kind.SIGNED_IN, None)
    security_log.record(owner, Kind.SIGNED_OUT, None)
    lines = security_log.recent(owner, limit=3)
    assert len(lines) == 3
    assert lines[0].kind == Kind.SIGNED_OUT


def test_it_never_holds_journal_text(owner, settings):
    secret = "the smell of my grandmother's bread"
    make_glimmer(owner, text=secret)
    browser = Client(HTTP_USER_AGENT=FIREFOX)
    sign_in(browser, password=secret)  # typed into the wrong box, as people do
    sign_in(browser, username=secret, password=secret)
    sign_in(browser)
    browser.post("/accounts/logout/")
    for _ in range(throttle.RULES[("login", "address")].limit):
        sign_in(browser, password=secret)

    assert SecurityEvent.objects.filter(user=owner).count() >= 4
    for event in SecurityEvent.objects.all():
        for field in ("kind", "ip", "browser", "detail"):
            assert "bread" not in str(getattr(event, field))
    shown = render_to_string(
        "accounts/_security_log.html", {"security_events": security_log.recent(owner)}
    )
    assert "bread" not in shown
    stored = {field.name for field in SecurityEvent._meta.get_fields()}
    assert stored == {"id", "user", "kind", "at", "ip", "browser", "detail"}


def test_old_lines_age_out_on_sign_in(client, owner, settings, monkeypatch):
    settings.SECURITY_LOG_DAYS = 30
    old = security_log.record(owner, Kind.SIGNED_IN, None)
    SecurityEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31))
    kept = security_log.record(owner, Kind.SIGNED_OUT, None)
    SecurityEvent.objects.filter(pk=kept.pk).update(at=timezone.now() - timedelta(days=29))
    monkeypatch.setattr(security_log, "_last_pruned", None)  # a day has passed since the last
    sign_in(client)
    remaining = set(SecurityEvent.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert kept.pk in remaining


def test_old_lines_age_out_whatever_is_written_next(owner, other, settings, monkeypatch):
    """Not only a password sign-in: any new line (a two-step sign-in, a token) tidies up."""
    settings.SECURITY_LOG_DAYS = 30
    old = security_log.record(owner, Kind.SIGNED_IN, None)
    SecurityEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31))
    monkeypatch.setattr(security_log, "_last_pruned", None)
    security_log.record(other, Kind.TOKEN_CREATED, None, detail="phone")
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()


def test_the_log_is_append_only(owner):
    event = security_log.record(owner, Kind.SIGNED_IN, None)
    event.kind = Kind.SIGNED_OUT
    with pytest.raises(ValueError, match="append-only"):
        event.save()
