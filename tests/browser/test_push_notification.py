"""A reminder by Web Push, as the phone shows it: the service worker's push handler.

No push service is reachable here, so the message is handed to Chromium's
service worker the way a push service's would be, through the DevTools
protocol (ServiceWorker.deliverPushMessage); the server side — encryption for
this browser, VAPID, sending — is tested against a local push endpoint in
tests/reminders.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_offline import WAIT_MS, worker_in_charge

pytestmark = pytest.mark.browser


def test_a_pushed_reminder_is_shown_quietly_and_opens_our_own_page(new_context, owner, live_server):
    context = new_context()
    context.grant_permissions(["notifications"], origin=live_server.url)
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.goto("/")
    worker_in_charge(page)
    page.wait_for_timeout(200)
    ours = [
        r for r in registrations if r["scopeURL"].startswith(live_server.url) and not r["isDeleted"]
    ]
    assert ours, registrations

    def deliver(message: dict) -> None:
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {
                "origin": live_server.url,
                "registrationId": ours[-1]["registrationId"],
                "data": json.dumps(message),
            },
        )

    def shown_now(title: str) -> dict:
        """The notification called ``title``, once the worker has shown it."""
        for _try in range(WAIT_MS // 100):
            found = page.evaluate(
                """async (title) => {
                    const registration = await navigator.serviceWorker.ready;
                    const shown = await registration.getNotifications();
                    const found = shown.find(n => n.title === title);
                    return found ? {title: found.title, body: found.body, url: found.data.url,
                                    silent: found.silent, count: shown.length} : null;
                }""",
                title,
            )
            if found:
                return found
            page.wait_for_timeout(100)
        raise AssertionError(f"no notification called {title!r}")

    deliver(
        {"title": "A moment to notice", "body": "What is near you now?", "url": "/?from=reminder"}
    )
    first = shown_now("A moment to notice")
    assert first["body"] == "What is near you now?"
    assert first["url"] == live_server.url + "/?from=reminder"
    assert first["silent"] is True
    # A message naming another site is still shown, but a tap opens our own Today.
    deliver(
        {"title": "Evening", "body": "Look back, if you like.", "url": "https://elsewhere.example/"}
    )
    second = shown_now("Evening")
    assert second["url"] == live_server.url + "/"
    # One reminder at a time: the newer takes the older's place (same tag).
    assert second["count"] == 1
