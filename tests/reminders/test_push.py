"""Web Push through a local push service that decrypts each message as the browser would."""

from __future__ import annotations

import base64
import json
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.utils import timezone

from glimmers.reminders import delivery, push, services
from glimmers.reminders.models import PushSubscription
from tests.factories import make_user
from tests.reminders.conftest import Browser, due_reminder


def _subscribe(owner, push_service, name="phone"):
    endpoint, browser = push_service.new_browser(name)
    services.subscribe(owner, endpoint, browser.p256dh, browser.auth_b64)
    return endpoint, browser


def _claims(authorization: str) -> tuple[dict, str]:
    token_part, key_part = authorization.removeprefix("vapid ").split(",")
    token = token_part.strip().removeprefix("t=")
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims, key_part.strip().removeprefix("k=")


def test_it_sends_a_notification_the_browser_can_decrypt(db, push_service, settings):
    settings.VAPID_SUBJECT = "mailto:host@example.org"
    olena = make_user("olena", time_zone="Europe/Kyiv")
    row = due_reminder(olena, channel="push")
    _subscribe(olena, push_service)

    done = delivery.run_pass("w")

    assert done.sent == [row.pk]
    [received] = push_service.received
    assert received["payload"] == {
        "title": "A small intention for today",
        "body": (
            "Good morning. If you like, choose one thing to look out for today — a sound, "
            "a colour, a kind face. Noticing even one is plenty."
        ),
        "url": "/",
    }
    headers = received["headers"]
    assert headers["Content-Encoding"] == "aes128gcm"
    assert headers["TTL"] == "3600"
    claims, key = _claims(headers["Authorization"])
    assert key == push.public_key()
    assert claims["sub"] == "mailto:host@example.org"
    assert claims["aud"] == push_service.base
    row.refresh_from_db()
    assert row.status == "sent"


def test_every_device_of_the_person_gets_it(db, push_service):
    olena = make_user("olena")
    due_reminder(olena, channel="push")
    _subscribe(olena, push_service, "phone")
    _subscribe(olena, push_service, "laptop")
    delivery.run_pass("w")
    assert sorted(r["path"] for r in push_service.received) == ["/push/laptop", "/push/phone"]


def test_a_subscription_the_push_service_says_is_gone_is_forgotten(db, push_service):
    olena = make_user("olena")
    row = due_reminder(olena, channel="push")
    _subscribe(olena, push_service)
    push_service.answer = 410

    done = delivery.run_pass("w")

    assert done.dropped == [row.pk]
    assert not PushSubscription.objects.filter(owner=olena).exists()
    row.refresh_from_db()
    assert (row.status, row.note) == ("dropped", "no device to notify")


def test_a_push_service_error_is_tried_again_later(db, push_service):
    olena = make_user("olena")
    row = due_reminder(olena, channel="push")
    _subscribe(olena, push_service)
    push_service.answer = 503
    now = timezone.now()
    assert delivery.run_pass("w", now=now).retrying == [row.pk]
    assert PushSubscription.objects.filter(owner=olena).exists()
    push_service.answer = 201
    assert delivery.run_pass("w", now=now + delivery.backoff(1)).sent == [row.pk]
    assert len(push_service.received) == 1


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://push.example.org/abc",  # not https
        "https://127.0.0.1/abc",
        "https://10.1.2.3/abc",
        "https://[::1]/abc",
        "https://169.254.169.254/latest/meta-data",
        "https://localhost/abc",
        "https://printer.local/abc",
        "https://user:pw@push.example.org/abc",
    ],
)
def test_only_https_on_a_public_host_is_a_push_endpoint(settings, endpoint):
    settings.PUSH_ALLOW_LOCAL = False
    with pytest.raises(push.UnsafeEndpoint):
        push.check_endpoint(endpoint)


def test_a_public_https_push_service_is_accepted(settings):
    settings.PUSH_ALLOW_LOCAL = False
    push.check_endpoint("https://fcm.googleapis.com/fcm/send/abc")
    push.check_endpoint("https://updates.push.services.mozilla.com/wpush/v2/abc")


def test_a_stored_endpoint_that_turned_local_is_not_sent_to(db, settings, push_service):
    olena = make_user("olena")
    row = due_reminder(olena, channel="push")
    _subscribe(olena, push_service)
    settings.PUSH_ALLOW_LOCAL = False  # the host turned the test switch off
    assert delivery.run_pass("w").dropped == [row.pk]
    assert push_service.received == []
    assert not PushSubscription.objects.filter(owner=olena).exists()


def test_the_vapid_key_is_made_once_into_the_data_folder_private(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    first = push.public_key()
    assert push.public_key() == first
    key_file = tmp_path / "vapid_private_key.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(push.b64url_decode(first)) == 65


# ---------------------------------------------------------------------------
# The page's endpoint the browser posts its subscription to
# ---------------------------------------------------------------------------


def test_the_page_keeps_a_browsers_subscription(owner, owner_client, push_service):
    endpoint, browser = push_service.new_browser("phone")
    response = owner_client.post(
        "/reminders/push/subscribe/",
        {"endpoint": endpoint, "p256dh": browser.p256dh, "auth": browser.auth_b64},
    )
    assert response.status_code == 201
    [kept] = PushSubscription.objects.filter(owner=owner)
    assert (kept.endpoint, kept.p256dh) == (endpoint, browser.p256dh)
    assert owner.reminder_settings.by_push is True


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("endpoint", "https://127.0.0.1/x", "not on the public internet"),
        ("endpoint", "http://push.example.org/x", "starts with https://"),
        ("p256dh", "not-a-key", "not a browser's push key"),
        ("auth", "AAAA", "not a browser's push secret"),
    ],
)
def test_a_bad_subscription_is_refused_and_nothing_kept(
    owner, owner_client, settings, field, value, message
):
    settings.PUSH_ALLOW_LOCAL = False
    browser = Browser()
    sent = {
        "endpoint": "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "p256dh": browser.p256dh,
        "auth": browser.auth_b64,
        field: value,
    }
    response = owner_client.post("/reminders/push/subscribe/", sent)
    assert response.status_code == 400
    assert message in json.dumps(response.json()["errors"][field])
    assert not PushSubscription.objects.exists()


def test_the_subscription_endpoint_needs_the_csrf_token(owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    browser = Browser()
    response = client.post(
        "/reminders/push/subscribe/",
        {
            "endpoint": "https://updates.push.services.mozilla.com/wpush/v2/abc",
            "p256dh": browser.p256dh,
            "auth": browser.auth_b64,
        },
    )
    assert response.status_code == 403
    assert not PushSubscription.objects.exists()


def test_unsubscribing_removes_only_ones_own(owner, owner_client, other, push_service):
    endpoint, browser = push_service.new_browser("shared-name")
    services.subscribe(owner, endpoint, browser.p256dh, browser.auth_b64)
    services.subscribe(other, endpoint, browser.p256dh, browser.auth_b64)
    response = owner_client.post("/reminders/push/unsubscribe/", {"endpoint": endpoint})
    assert response.json() == {"removed": 1}
    assert list(PushSubscription.objects.values_list("owner__username", flat=True)) == ["sam"]


def test_a_key_of_another_curve_point_is_refused(owner, owner_client, settings):
    settings.PUSH_ALLOW_LOCAL = False
    other_curve = ec.generate_private_key(ec.SECP384R1())
    raw = other_curve.public_key().public_numbers().x.to_bytes(48, "big")
    response = owner_client.post(
        "/reminders/push/subscribe/",
        {
            "endpoint": "https://updates.push.services.mozilla.com/wpush/v2/abc",
            "p256dh": base64.urlsafe_b64encode(raw).rstrip(b"=").decode(),
            "auth": Browser().auth_b64,
        },
    )
    assert response.status_code == 400
