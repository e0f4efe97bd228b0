"""Two-step sign-in: optional, set up with a QR code or a typed key, a code never works twice,
a recovery code gets you in once without the phone, and guessing codes is paused."""

from __future__ import annotations

import re
from datetime import timedelta
from xml.etree import ElementTree

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from glimmers.accounts import throttle, two_factor
from glimmers.accounts.models import RecoveryCode, SecurityEvent, Session, TwoFactor
from tests.factories import PASSWORD

Kind = SecurityEvent.Kind


def password_step(client: Client, username: str = "olena", password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def turn_on(user) -> pyotp.TOTP:
    """Two-step sign-in on for ``user``, as if set up a while ago; returns their app."""
    secret = pyotp.random_base32()
    TwoFactor.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
    return pyotp.TOTP(secret)


def code_now(app: pyotp.TOTP, steps_later: int = 0) -> str:
    return app.generate_otp(app.timecode(timezone.now()) + steps_later)


def signed_in(client: Client) -> bool:
    return client.get("/journal/").status_code == 200


def kinds(user) -> list[str]:
    return list(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))


# ---------------------------------------------------------------------------
# Setting it up
# ---------------------------------------------------------------------------


def test_setting_up_shows_the_key_as_text_and_as_a_qr_code(owner_client, owner):
    page = owner_client.get("/accounts/security/two-step/setup/").content.decode()

    setup = TwoFactor.objects.get(user=owner)
    assert not setup.active
    assert two_factor.grouped(setup.secret) in page
    assert 'src="/accounts/security/two-step/qr.svg"' in page

    image = owner_client.get("/accounts/security/two-step/qr.svg")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/svg+xml"
    svg = ElementTree.fromstring(image.content)  # noqa: S314 - our own answer
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"


def test_the_qr_code_works_under_the_content_security_policy(owner_client):
    owner_client.get("/accounts/security/two-step/setup/")
    image = owner_client.get("/accounts/security/two-step/qr.svg")
    svg = image.content.decode()
    # An image from our own origin (img-src 'self'), with nothing a CSP would block in it:
    # no style attributes or elements, no script, no outside reference.
    assert "style" not in svg
    assert "<script" not in svg
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in svg
    assert "img-src 'self'" in image["Content-Security-Policy"]
    assert image["Cache-Control"] == "no-store"


def test_setting_up_needs_a_right_first_code(owner_client, owner):
    owner_client.get("/accounts/security/two-step/setup/")
    app = pyotp.TOTP(TwoFactor.objects.get(user=owner).secret)

    wrong = owner_client.post("/accounts/security/two-step/setup/", {"code": "000000"})
    if wrong.status_code == 200:  # 000000 happened to be right: vanishingly unlikely
        pytest.skip("the wrong code was right")
    assert wrong.status_code == 400
    assert "didn’t match" in wrong.content.decode()
    assert not TwoFactor.objects.get(user=owner).active
    assert not two_factor.needs_code(owner)

    right = owner_client.post("/accounts/security/two-step/setup/", {"code": code_now(app)})

    assert right.status_code == 200
    assert TwoFactor.objects.get(user=owner).active
    assert two_factor.needs_code(owner)
    assert Kind.TWO_FACTOR_ON in kinds(owner)


def test_turning_it_on_shows_ten_recovery_codes_once_and_keeps_only_hashes(owner_client, owner):
    owner_client.get("/accounts/security/two-step/setup/")
    app = pyotp.TOTP(TwoFactor.objects.get(user=owner).secret)
    page = owner_client.post(
        "/accounts/security/two-step/setup/", {"code": code_now(app)}
    ).content.decode()

    codes = re.findall(r'<code class="secret">([a-z0-9-]+)</code>', page)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    stored = list(RecoveryCode.objects.filter(user=owner).values_list("code_hash", flat=True))
    assert len(stored) == 10
    for code in codes:
        assert all(code not in hashed and code.replace("-", "") not in hashed for hashed in stored)
    # Never shown again.
    for path in ("/accounts/security/", "/accounts/security/two-step/"):
        assert codes[0] not in owner_client.get(path).content.decode()


def test_the_key_of_a_confirmed_app_is_never_shown_again(owner_client, owner):
    app = turn_on(owner)
    assert owner_client.get("/accounts/security/two-step/qr.svg").status_code == 404
    response = owner_client.get("/accounts/security/two-step/setup/")
    assert response.status_code == 302
    assert app.secret not in owner_client.get("/accounts/security/two-step/").content.decode()


def test_setting_up_needs_a_recent_sign_in(owner_client, owner):
    Session.objects.filter(user=owner).update(created_at=timezone.now() - timedelta(minutes=11))

    response = owner_client.get("/accounts/security/two-step/setup/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/security/confirm/")
    assert not TwoFactor.objects.filter(user=owner).exists()


def test_a_stranger_cannot_reach_anothers_setup(owner_client, owner, stranger_client, stranger):
    owner_client.get("/accounts/security/two-step/setup/")
    secret = TwoFactor.objects.get(user=owner).secret

    # The stranger has nothing being set up, so there is no QR code for them...
    assert stranger_client.get("/accounts/security/two-step/qr.svg").status_code == 404
    # ...and their own set-up page shows their own, new key.
    page = stranger_client.get("/accounts/security/two-step/setup/").content.decode()
    assert two_factor.grouped(secret) not in page
    assert TwoFactor.objects.get(user=stranger).secret != secret
    # Confirming with the owner's code turns nothing on for anyone.
    stranger_client.post(
        "/accounts/security/two-step/setup/", {"code": code_now(pyotp.TOTP(secret))}
    )
    assert not two_factor.needs_code(owner)
    assert not two_factor.needs_code(stranger)


def test_anonymous_visitors_cannot_reach_any_setup(client, owner_client):
    owner_client.get("/accounts/security/two-step/setup/")
    for path in ("/accounts/security/two-step/setup/", "/accounts/security/two-step/qr.svg"):
        assert client.get(path).status_code == 302
    assert client.post("/accounts/security/two-step/off/", {"password": PASSWORD}).status_code in (
        302,
        403,
    )


# ---------------------------------------------------------------------------
# Signing in with it
# ---------------------------------------------------------------------------


def test_with_two_step_sign_in_a_password_alone_does_not_sign_in(client, owner):
    turn_on(owner)

    response = password_step(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/"
    assert not signed_in(client)
    assert Kind.SIGNED_IN not in kinds(owner)


def test_signing_in_with_a_code_from_the_app(client, owner):
    app = turn_on(owner)
    password_step(client)

    response = client.post("/accounts/login/code/", {"code": code_now(app)})

    assert response.status_code == 302
    assert signed_in(client)
    assert kinds(owner).count(Kind.SIGNED_IN) == 1


def test_signing_in_goes_on_to_the_page_asked_for(client, owner):
    app = turn_on(owner)
    client.post(
        "/accounts/login/", {"username": "olena", "password": PASSWORD, "next": "/insights/"}
    )
    response = client.post("/accounts/login/code/", {"code": code_now(app)})
    assert response["Location"] == "/insights/"


def test_a_code_with_spaces_is_fine(client, owner):
    app = turn_on(owner)
    password_step(client)
    code = code_now(app)
    client.post("/accounts/login/code/", {"code": f" {code[:3]} {code[3:]} "})
    assert signed_in(client)


def test_the_same_code_is_refused_a_second_time(owner):
    app = turn_on(owner)
    code = code_now(app)
    first, second = Client(), Client()

    password_step(first)
    assert first.post("/accounts/login/code/", {"code": code}).status_code == 302
    password_step(second)
    response = second.post("/accounts/login/code/", {"code": code})

    assert response.status_code == 400
    assert "works once" in response.content.decode()
    assert not signed_in(second)
    assert Kind.TWO_FACTOR_FAILED in kinds(owner)


def test_an_older_code_is_refused_after_a_newer_one(owner):
    app = turn_on(owner)
    first, second = Client(), Client()
    password_step(first)
    first.post("/accounts/login/code/", {"code": code_now(app, steps_later=1)})
    assert signed_in(first)

    password_step(second)
    second.post("/accounts/login/code/", {"code": code_now(app)})
    assert not signed_in(second)


def test_a_code_from_long_ago_is_refused(client, owner):
    app = turn_on(owner)
    password_step(client)
    client.post("/accounts/login/code/", {"code": code_now(app, steps_later=-3)})
    assert not signed_in(client)


def test_the_code_page_without_a_right_password_first_leads_back_to_sign_in(client, owner):
    app = turn_on(owner)
    response = client.post("/accounts/login/code/", {"code": code_now(app)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not signed_in(client)


def test_the_half_way_step_expires_after_a_few_minutes(client, owner):
    app = turn_on(owner)
    password_step(client)
    session = client.session
    session[two_factor._PENDING] = {**session[two_factor._PENDING]}
    session[two_factor._PENDING]["at"] -= 6 * 60  # the password was typed six minutes ago
    session.save()

    response = client.post("/accounts/login/code/", {"code": code_now(app)})

    assert response["Location"] == "/accounts/login/"
    assert not signed_in(client)
    assert two_factor.verify_app_code(owner, code_now(app))  # the code was never used


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "٣٣٣٣٣٣", "x" * 41])
def test_nonsense_codes_are_refused_kindly(client, owner, code):
    turn_on(owner)
    password_step(client)
    response = client.post("/accounts/login/code/", {"code": code})
    assert response.status_code == 400
    assert not signed_in(client)


# ---------------------------------------------------------------------------
# Recovery codes
# ---------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(owner):
    turn_on(owner)
    codes = two_factor.new_recovery_codes(owner)
    first, second = Client(), Client()

    password_step(first)
    response = first.post("/accounts/login/code/", {"code": codes[3].upper()}, follow=True)
    assert signed_in(first)
    assert "You have 9 left" in response.content.decode()
    assert Kind.RECOVERY_CODE_USED in kinds(owner)

    password_step(second)
    assert second.post("/accounts/login/code/", {"code": codes[3]}).status_code == 400
    assert not signed_in(second)
    second.post("/accounts/login/code/", {"code": codes[4]})
    assert signed_in(second)
    assert two_factor.recovery_codes_left(owner) == 8


def test_new_recovery_codes_replace_the_old_ones(owner_client, owner):
    turn_on(owner)
    old = two_factor.new_recovery_codes(owner)

    page = owner_client.post("/accounts/security/two-step/recovery-codes/").content.decode()

    new = re.findall(r'<code class="secret">([a-z0-9-]+)</code>', page)
    assert len(new) == 10
    assert not two_factor.use_recovery_code(owner, old[0])
    assert two_factor.use_recovery_code(owner, new[0])
    assert Kind.RECOVERY_CODES_RENEWED in kinds(owner)


def test_one_persons_recovery_code_does_not_open_another_account(owner, other):
    turn_on(owner)
    turn_on(other)
    owners = two_factor.new_recovery_codes(owner)
    client = Client()
    password_step(client, "sam")
    client.post("/accounts/login/code/", {"code": owners[0]})
    assert not signed_in(client)


# ---------------------------------------------------------------------------
# The throttle
# ---------------------------------------------------------------------------


def test_wrong_codes_are_paused_by_the_throttle(client, owner, monkeypatch):
    app = turn_on(owner)
    password_step(client)
    wrong = f"{(int(code_now(app)) + 500_000) % 1_000_000:06d}"
    for _ in range(5):
        assert client.post("/accounts/login/code/", {"code": wrong}).status_code == 400

    response = client.post("/accounts/login/code/", {"code": code_now(app)})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "try again" in response.content.decode()
    assert not signed_in(client)
    assert Kind.LOCKED_OUT in kinds(owner)

    # After the pause, the right code works.
    later = timezone.now() + timedelta(seconds=int(response["Retry-After"]) + 1)
    monkeypatch.setattr(throttle, "_now", lambda: later)
    assert client.post("/accounts/login/code/", {"code": code_now(app)}).status_code == 302
    assert signed_in(client)


def test_recovery_codes_are_throttled_too(client, owner):
    turn_on(owner)
    codes = two_factor.new_recovery_codes(owner)
    password_step(client)
    for _ in range(5):
        client.post("/accounts/login/code/", {"code": "aaaaa-bbbbb"})
    response = client.post("/accounts/login/code/", {"code": codes[0]})
    assert response.status_code == 429
    assert two_factor.recovery_codes_left(owner) == 10


# ---------------------------------------------------------------------------
# Turning it off
# ---------------------------------------------------------------------------


def test_turning_it_off_needs_the_password(owner_client, owner):
    turn_on(owner)
    two_factor.new_recovery_codes(owner)

    response = owner_client.post("/accounts/security/two-step/off/", {"password": "nope"})
    assert response.status_code == 400
    assert two_factor.needs_code(owner)

    response = owner_client.post("/accounts/security/two-step/off/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not two_factor.needs_code(owner)
    assert not RecoveryCode.objects.filter(user=owner).exists()
    assert Kind.TWO_FACTOR_OFF in kinds(owner)

    client = Client()
    password_step(client)
    assert signed_in(client)


def test_turning_it_off_is_throttled_like_a_sign_in(owner_client, owner):
    turn_on(owner)
    for _ in range(10):
        owner_client.post("/accounts/security/two-step/off/", {"password": "a-wrong-guess"})
    response = owner_client.post("/accounts/security/two-step/off/", {"password": PASSWORD})
    assert response.status_code == 429
    assert two_factor.needs_code(owner)


def test_a_stranger_cannot_turn_off_someone_elses(owner, stranger, stranger_client):
    # Both use two-step sign-in (and, in these tests, the same password). The
    # stranger names the owner's account every way a form could take it: only
    # the stranger's own is turned off.
    turn_on(owner)
    turn_on(stranger)
    response = stranger_client.post(
        "/accounts/security/two-step/off/",
        {"password": PASSWORD, "username": owner.username, "user": owner.pk, "user_id": owner.pk},
    )
    assert response.status_code == 302
    assert not two_factor.needs_code(stranger)
    assert two_factor.needs_code(owner)
    assert "two_step_off" not in kinds(owner)
