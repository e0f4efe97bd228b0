"""Sessions: they end when left alone, a person sees where they are signed in and can end any
of them, risky changes need the password again, and a new password signs out everywhere else."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from glimmers.accounts import sessions, tokens
from glimmers.accounts.models import SecurityEvent, Session
from tests.factories import PASSWORD

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
NEW_PASSWORD = "a-new-quiet-morning-phrase-93"


def browser(user_agent: str = FIREFOX, address: str = "127.0.0.1") -> Client:
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)


def sign_in(client: Client, username: str = "olena", password: str = PASSWORD) -> Client:
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/").status_code == 200
    return client


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def age(client: Client, **ago) -> None:
    """Pretend this browser was last seen a while back."""
    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(
        last_seen=timezone.now() - timedelta(**ago)
    )


def events(user, kind: str) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(user=user, kind=kind))


# ---------------------------------------------------------------------------
# Idle timeout
# ---------------------------------------------------------------------------


def test_a_browser_left_alone_past_the_idle_limit_is_signed_out(owner, settings):
    settings.SESSION_IDLE_MINUTES = 3 * 24 * 60
    client = sign_in(browser())
    key = client.cookies["sessionid"].value
    age(client, days=3, minutes=1)

    response = client.get("/journal/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Session.objects.filter(session_key=key).exists()
    page = client.get(response["Location"]).content.decode()
    assert "You were away for a while" in page


def test_a_browser_used_within_the_idle_limit_stays_signed_in(owner, settings):
    settings.SESSION_IDLE_MINUTES = 3 * 24 * 60
    client = sign_in(browser())
    age(client, days=2, hours=23)

    assert client.get("/journal/").status_code == 200
    # ...and being used moves the limit on.
    assert timezone.now() - session_row(client).last_seen < timedelta(minutes=1)


def test_the_idle_limit_is_a_setting(owner, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client = sign_in(browser())
    age(client, minutes=31)
    assert client.get("/journal/").status_code == 302

    settings.SESSION_IDLE_MINUTES = 0  # no idle limit
    client = sign_in(browser())
    age(client, days=20)
    assert client.get("/journal/").status_code == 200


def test_the_default_idle_limit_is_three_days():
    from glimmers import settings as glimmers_settings

    assert glimmers_settings.SESSION_IDLE_MINUTES == 3 * 24 * 60
    assert "GLIMMERS_SESSION_IDLE_MINUTES" in glimmers_settings.ENV_VARS


def _session_writes(queries) -> list[str]:
    table = Session._meta.db_table
    return [
        q["sql"]
        for q in queries
        if table in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def test_last_seen_is_written_at_most_every_few_minutes_not_on_every_request(owner):
    client = sign_in(browser())
    seen = session_row(client).last_seen

    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get("/journal/").status_code == 200
    assert _session_writes(queries.captured_queries) == []
    assert session_row(client).last_seen == seen

    age(client, minutes=6)
    with CaptureQueriesContext(connection) as queries:
        client.get("/journal/")
    assert len(_session_writes(queries.captured_queries)) == 1
    assert timezone.now() - session_row(client).last_seen < timedelta(minutes=1)


def test_a_session_remembers_when_it_signed_in_however_often_it_is_saved(owner):
    client = sign_in(browser())
    signed_in = session_row(client).created_at
    Session.objects.filter(pk=session_row(client).pk).update(
        created_at=signed_in - timedelta(hours=1)
    )
    before = session_row(client).session_data
    # Typing the password again is kept in the session: the row is saved, created_at kept.
    client.post("/accounts/security/confirm/", {"password": PASSWORD})
    assert session_row(client).session_data != before
    assert session_row(client).created_at == signed_in - timedelta(hours=1)


def test_a_session_in_daily_use_still_ends_thirty_days_after_signing_in(owner, settings):
    client = sign_in(browser())
    row = session_row(client)
    signed_in = timezone.now() - timedelta(days=29, hours=23)
    Session.objects.filter(pk=row.pk).update(created_at=signed_in, last_seen=timezone.now())
    # Saved again (the password typed again, as any change to the session would):
    client.post("/accounts/security/confirm/", {"password": PASSWORD})
    latest = signed_in + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert session_row(client).expire_date <= latest
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/").status_code == 302  # signed out: on to the sign-in page


# ---------------------------------------------------------------------------
# The Security page
# ---------------------------------------------------------------------------


def test_the_security_page_lists_where_you_are_signed_in(owner):
    laptop = sign_in(browser(FIREFOX, "192.0.2.10"))
    phone = sign_in(browser(SAFARI_IPHONE, "198.51.100.7"))

    page = laptop.get("/accounts/security/").content.decode()

    assert "Firefox on Linux" in page
    assert "Safari on iPhone" in page
    assert "192.0.2.10" in page
    assert "198.51.100.7" in page
    # Marked once, on its own row (the offline words on every page say "this device" too).
    mark = '<span class="chip">this device</span>'
    assert page.count(mark) == 1
    this = page.index(mark)
    assert page.rfind("Firefox on Linux", 0, this) > page.rfind("Safari on iPhone", 0, this)
    # The session keys themselves never appear: they are as good as a password.
    for key in (laptop.cookies["sessionid"].value, phone.cookies["sessionid"].value):
        assert key not in page


def test_the_security_page_shows_tokens_and_two_step_sign_in(owner, owner_client):
    tokens.create_token(owner, "Kitchen tablet")
    page = owner_client.get("/accounts/security/").content.decode()
    assert "Kitchen tablet" in page
    assert "Two-step sign-in" in page
    assert "Set up two-step sign-in" in page


def test_the_security_page_includes_the_security_log(owner):
    client = sign_in(browser())
    page = client.get("/accounts/security/").content.decode()
    assert "security-log" in page
    assert "Signed in" in page


def test_the_security_page_is_linked_from_the_account_menu(owner_client):
    assert 'href="/accounts/security/"' in owner_client.get("/").content.decode()


def test_a_stranger_sees_only_their_own_sessions_and_tokens(owner, stranger):
    sign_in(browser(SAFARI_IPHONE, "198.51.100.7"))
    tokens.create_token(owner, "Olena's tablet")
    stranger_browser = sign_in(browser(FIREFOX), "stranger")

    page = stranger_browser.get("/accounts/security/").content.decode()

    assert "198.51.100.7" not in page
    assert "Safari on iPhone" not in page
    assert "Olena" not in page


def test_anonymous_visitors_are_sent_to_sign_in(client, owner):
    for path in ("/accounts/security/", "/accounts/security/two-step/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert client.post("/accounts/security/sessions/others/end/").status_code == 302


# ---------------------------------------------------------------------------
# Ending sessions
# ---------------------------------------------------------------------------


def _end_buttons(page: str) -> list[str]:
    return re.findall(r'action="(/accounts/security/sessions/[0-9a-f]+/end/)"', page)


def test_sign_out_everywhere_else_ends_every_other_session_and_keeps_this_one(owner):
    laptop = sign_in(browser(FIREFOX))
    phone = sign_in(browser(SAFARI_IPHONE))
    tablet = sign_in(browser(SAFARI_IPHONE, "198.51.100.8"))

    response = laptop.post("/accounts/security/sessions/others/end/", follow=True)

    assert response.status_code == 200
    assert "Signed out of 2 other places" in response.content.decode()
    assert laptop.get("/journal/").status_code == 200
    assert phone.get("/journal/").status_code == 302
    assert tablet.get("/journal/").status_code == 302
    assert Session.objects.filter(user=owner).count() == 1
    (event,) = events(owner, SecurityEvent.Kind.SESSIONS_ENDED)
    assert "Safari on iPhone" in event.detail


def test_one_other_session_can_be_ended(owner):
    laptop = sign_in(browser(FIREFOX))
    phone = sign_in(browser(SAFARI_IPHONE))
    tablet = sign_in(browser(SAFARI_IPHONE, "198.51.100.8"))

    page = laptop.get("/accounts/security/").content.decode()
    phone_ref = sessions.reference(phone.cookies["sessionid"].value)
    assert f"/accounts/security/sessions/{phone_ref}/end/" in _end_buttons(page)
    assert len(_end_buttons(page)) == 2  # not this device

    assert laptop.post(f"/accounts/security/sessions/{phone_ref}/end/").status_code == 302

    assert phone.get("/journal/").status_code == 302
    assert tablet.get("/journal/").status_code == 200
    assert laptop.get("/journal/").status_code == 200
    assert len(events(owner, SecurityEvent.Kind.SESSIONS_ENDED)) == 1


def test_a_stranger_cannot_end_someone_elses_session(owner, stranger):
    phone = sign_in(browser(SAFARI_IPHONE))
    stranger_browser = sign_in(browser(FIREFOX), "stranger")
    ref = sessions.reference(phone.cookies["sessionid"].value)

    assert stranger_browser.post(f"/accounts/security/sessions/{ref}/end/").status_code == 404
    stranger_browser.post("/accounts/security/sessions/others/end/")

    assert phone.get("/journal/").status_code == 200
    assert events(owner, SecurityEvent.Kind.SESSIONS_ENDED) == []


@pytest.mark.parametrize("ref", ["nothing", "0" * 24, "../../logout"])
def test_an_unknown_session_is_not_found(owner_client, ref):
    assert owner_client.post(f"/accounts/security/sessions/{ref}/end/").status_code == 404


def test_ending_sessions_needs_a_post(owner_client):
    assert owner_client.get("/accounts/security/sessions/others/end/").status_code == 405


def test_signing_out_is_noted_once_in_the_security_log(owner):
    client = sign_in(browser())
    assert client.post("/accounts/logout/").status_code == 302
    assert len(events(owner, SecurityEvent.Kind.SIGNED_OUT)) == 1
    assert client.get("/journal/").status_code == 302


# ---------------------------------------------------------------------------
# Password change
# ---------------------------------------------------------------------------


def change_password(client: Client, old: str = PASSWORD, new: str = NEW_PASSWORD):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_a_new_password_signs_out_everywhere_else_and_stops_every_token(owner):
    laptop = sign_in(browser(FIREFOX))
    phone = sign_in(browser(SAFARI_IPHONE))
    _token, raw = tokens.create_token(owner, "phone shortcut")

    response = change_password(laptop)

    assert response.status_code == 302
    assert laptop.get("/journal/").status_code == 200
    assert phone.get("/journal/").status_code == 302
    assert tokens.authenticate(raw) is None
    assert Session.objects.filter(user=owner).count() == 1
    assert len(events(owner, SecurityEvent.Kind.PASSWORD_CHANGED)) == 1


def test_the_confirmation_page_says_what_ended(owner):
    laptop = sign_in(browser())
    page = laptop.get(change_password(laptop)["Location"]).content.decode()
    assert "every other place you were signed in has been signed out" in page
    assert "every API token has stopped working" in page


def test_a_wrong_old_password_changes_nothing(owner):
    laptop = sign_in(browser(FIREFOX))
    phone = sign_in(browser(SAFARI_IPHONE))
    _token, raw = tokens.create_token(owner, "phone shortcut")

    response = change_password(laptop, old="not-my-password")

    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert phone.get("/journal/").status_code == 200
    assert tokens.authenticate(raw) is not None
    assert events(owner, SecurityEvent.Kind.PASSWORD_CHANGED) == []


def test_guessing_the_old_password_is_paused_by_the_throttle(owner):
    laptop = sign_in(browser())
    for _ in range(10):
        change_password(laptop, old="a-wrong-guess")

    response = change_password(laptop)  # even the right one, while paused

    assert response.status_code == 429
    assert "try again" in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


# ---------------------------------------------------------------------------
# Recent authentication
# ---------------------------------------------------------------------------


def test_a_fresh_sign_in_counts_as_recent(owner):
    client = sign_in(browser())
    response = client.post("/accounts/tokens/", {"name": "phone"})
    assert response.status_code == 200
    assert tokens.tokens(owner).count() == 1


def _make_sign_in_old(client: Client) -> None:
    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(
        created_at=timezone.now() - timedelta(minutes=11)
    )


def test_after_ten_minutes_making_a_token_asks_for_the_password_again(owner):
    client = sign_in(browser())
    _make_sign_in_old(client)

    page = client.get("/accounts/tokens/").content.decode()
    assert "Type my password to make a token" in page
    assert 'name="name"' not in page

    response = client.post("/accounts/tokens/", {"name": "phone"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/security/confirm/")
    assert tokens.tokens(owner).count() == 0

    response = client.post(
        "/accounts/security/confirm/", {"password": PASSWORD, "next": "/accounts/tokens/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/tokens/"
    assert client.post("/accounts/tokens/", {"name": "phone"}).status_code == 200
    assert tokens.tokens(owner).count() == 1


def test_a_wrong_password_does_not_confirm(owner):
    client = sign_in(browser())
    _make_sign_in_old(client)

    response = client.post(
        "/accounts/security/confirm/", {"password": "nope", "next": "/accounts/tokens/"}
    )

    assert response.status_code == 400
    assert "That password doesn’t match" in response.content.decode()
    assert client.post("/accounts/tokens/", {"name": "phone"}).status_code == 302
    assert tokens.tokens(owner).count() == 0


def test_confirming_is_paused_by_the_throttle_after_many_wrong_passwords(owner):
    client = sign_in(browser())
    _make_sign_in_old(client)
    for _ in range(10):
        client.post("/accounts/security/confirm/", {"password": "a-wrong-guess"})

    response = client.post("/accounts/security/confirm/", {"password": PASSWORD})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert client.post("/accounts/tokens/", {"name": "phone"}).status_code == 302


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/x"])
def test_confirming_never_sends_you_to_another_site(owner, elsewhere):
    client = sign_in(browser())
    response = client.post("/accounts/security/confirm/", {"password": PASSWORD, "next": elsewhere})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/security/"


def test_the_security_page_asks_the_same_few_queries_for_many_sessions_and_tokens(owner):
    laptop = sign_in(browser(FIREFOX))

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert laptop.get("/accounts/security/").status_code == 200
        return len(queries.captured_queries)

    for n in range(3):
        sign_in(browser(SAFARI_IPHONE, f"198.51.100.{n + 1}"))
        tokens.create_token(owner, f"script {n}")
    few = queries_for_page()
    for n in range(3, 9):
        sign_in(browser(SAFARI_IPHONE, f"198.51.100.{n + 1}"))
        tokens.create_token(owner, f"script {n}")
    many = queries_for_page()

    assert many == few
    assert few <= 12


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("soon", "must be a whole number"),
        ("-5", "must be at least 0"),
        ("99999999999", "can be at most 43200"),
    ],
)
def test_a_nonsense_idle_limit_stops_the_app_at_start_up(tmp_path, value, message):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLIMMERS_")}
    env.update(GLIMMERS_DATA_DIR=str(tmp_path), GLIMMERS_SESSION_IDLE_MINUTES=value)
    result = subprocess.run(
        [sys.executable, "-c", "import glimmers.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "GLIMMERS_SESSION_IDLE_MINUTES" in result.stderr
    assert message in result.stderr


def test_a_password_set_anywhere_else_also_ends_every_session_and_token(owner):
    # e.g. `glimmers changepassword olena` at the server's terminal, after a break-in.
    laptop = sign_in(browser(FIREFOX))
    _token, raw = tokens.create_token(owner, "phone shortcut")

    owner.set_password(NEW_PASSWORD)
    owner.save()

    assert laptop.get("/journal/").status_code == 302
    assert tokens.authenticate(raw) is None
    assert not Session.objects.filter(user=owner).exists()


def test_saving_an_account_without_a_new_password_ends_nothing(owner):
    laptop = sign_in(browser(FIREFOX))
    _token, raw = tokens.create_token(owner, "phone shortcut")

    owner.time_zone = "Europe/Lisbon"
    owner.save()

    assert laptop.get("/journal/").status_code == 200
    assert tokens.authenticate(raw) is not None


def test_saving_from_async_code_keeps_when_the_session_signed_in(owner):
    from asgiref.sync import async_to_sync

    client = sign_in(browser())
    row = session_row(client)
    signed_in = row.created_at - timedelta(hours=2)
    Session.objects.filter(pk=row.pk).update(created_at=signed_in)
    store = sessions.SessionStore(row.session_key)
    store["note"] = "kept"
    async_to_sync(store.asave)()  # its sync part runs on this thread, in the test's transaction
    saved = session_row(client)
    assert saved.created_at == signed_in
    assert sessions.SessionStore(row.session_key)["note"] == "kept"
