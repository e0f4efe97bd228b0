"""One's reminder choices go out with Glimmers' own export; no secret does."""

from __future__ import annotations

import json
from datetime import time

from glimmers.reminders import services
from glimmers.yourdata.exporting.own_format import document_pieces


def _document(user) -> dict:
    return json.loads("".join(document_pieces(user)))


def test_the_export_holds_the_choices_and_no_secret(owner, settings, push_service):
    settings.EMAIL_HOST = "mail.example.org"
    services.save_choices(
        owner,
        morning_on=True,
        morning_from=time(7, 15),
        pause1_on=True,
        pause1_from=time(12),
        pause1_to=time(15),
        evening_words="Three breaths, then one line.",
        quiet_days="56",
        by_email=True,
        email="olena@example.org",
    )
    secret = services.make_feed(owner)
    endpoint, browser = push_service.new_browser("phone")
    services.subscribe(owner, endpoint, browser.p256dh, browser.auth_b64)

    document = _document(owner)
    [reminders] = document["reminders"]
    assert reminders["morning"] == {"on": True, "at": "07:15", "until": None}
    assert reminders["pause1"] == {"on": True, "at": "12:00", "until": "15:00"}
    assert reminders["words"]["evening"] == "Three breaths, then one line."
    assert reminders["quiet_weekdays"] == [5, 6]
    assert (reminders["by_email"], reminders["email"]) == (True, "olena@example.org")
    assert (reminders["notification_devices"], reminders["calendar_feed"]) == (1, True)
    text = json.dumps(document)
    for secret_part in (secret, endpoint, browser.p256dh, browser.auth_b64):
        assert secret_part not in text


def test_someone_who_never_chose_reminders_exports_none(owner):
    assert _document(owner)["reminders"] == []
