"""The reminders page: choices kept and re-planned, bad input refused, a quiet week in one tap."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from glimmers.reminders import services
from glimmers.reminders.models import Occurrence, ReminderSettings
from glimmers.time import local_today


def _form(**overrides) -> dict:
    data = {
        "morning_from": "08:00",
        "evening_from": "21:00",
        "pause1_from": "11:00",
        "pause2_from": "14:00",
        "pause3_from": "17:00",
    }
    data.update(overrides)
    return data


def test_everything_is_off_until_the_person_chooses(owner, owner_client):
    response = owner_client.get("/reminders/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="morning_on"' in body and "checked" not in body.split('name="morning_on"')[1][:40]
    assert not ReminderSettings.objects.filter(owner=owner).exists()
    assert not Occurrence.objects.exists()


def test_the_preferences_page_leads_here(owner_client):
    assert 'href="/reminders/"' in owner_client.get("/accounts/preferences/").content.decode()


def test_saving_keeps_the_choices_and_plans_the_reminders(owner, owner_client, settings):
    settings.EMAIL_HOST = "mail.example.org"
    response = owner_client.post(
        "/reminders/",
        _form(
            morning_on="on",
            morning_from="07:15",
            pause1_on="on",
            pause1_from="12:00",
            pause1_to="15:00",
            quiet_days=["5", "6"],
            by_email="on",
            email="olena@example.org",
            morning_words="Today, sounds.",
        ),
    )
    assert response.status_code == 302
    chosen = ReminderSettings.objects.get(owner=owner)
    assert (chosen.morning_on, chosen.morning_from, chosen.quiet_days) == (True, time(7, 15), "56")
    assert (chosen.pause1_from, chosen.pause1_to) == (time(12, 0), time(15, 0))
    assert chosen.morning_words == "Today, sounds."
    planned = Occurrence.objects.filter(owner=owner)
    assert planned.exists()
    assert {row.channel for row in planned} == {"email"}
    assert all(row.day.weekday() < 5 for row in planned)
    assert all(row.due_at > timezone.now() for row in planned)


def test_a_change_re_plans_the_unsent_reminders(owner):
    services.save_choices(owner, morning_on=True, morning_from=time(8, 0), by_push=True)
    before = set(Occurrence.objects.filter(owner=owner).values_list("day", "due_at"))
    services.save_choices(owner, morning_from=time(9, 30))
    after = list(Occurrence.objects.filter(owner=owner))
    assert after and {(r.day, r.due_at) for r in after}.isdisjoint(before)
    zone = owner.time_zone
    assert {timezone.localtime(r.due_at, ZoneInfo(zone)).time() for r in after} == {time(9, 30)}
    services.save_choices(owner, morning_on=False)
    assert not Occurrence.objects.filter(owner=owner, status="due").exists()


def test_a_window_that_ends_before_it_starts_is_refused_and_nothing_changes(owner, owner_client):
    services.save_choices(owner, morning_on=True)
    response = owner_client.post(
        "/reminders/",
        _form(morning_on="on", pause1_on="on", pause1_from="15:00", pause1_to="12:00"),
    )
    assert response.status_code == 400
    assert "must come after its start" in response.content.decode()
    assert ReminderSettings.objects.get(owner=owner).pause1_on is False


def test_a_time_that_is_not_a_time_is_refused(owner, owner_client):
    response = owner_client.post("/reminders/", _form(morning_on="on", morning_from="25:99"))
    assert response.status_code == 400
    assert "That doesn’t look like a time" in response.content.decode()
    assert not ReminderSettings.objects.filter(owner=owner).exists()


def test_email_needs_an_address_and_a_mail_server(owner, owner_client, settings):
    settings.EMAIL_HOST = ""
    response = owner_client.post("/reminders/", _form(by_email="on", email="o@example.org"))
    assert response.status_code == 400
    assert "can&#x27;t send e-mail yet" in response.content.decode()
    settings.EMAIL_HOST = "mail.example.org"
    response = owner_client.post("/reminders/", _form(by_email="on"))
    assert response.status_code == 400
    assert "Give the address" in response.content.decode()
    assert not ReminderSettings.objects.filter(owner=owner).exists()


def test_quiet_for_a_week_in_one_tap_and_back_again(owner, owner_client):
    services.save_choices(owner, morning_on=True, by_push=True)
    today = local_today(owner)
    response = owner_client.post("/reminders/quiet/", follow=True)
    assert "Quiet until" in response.content.decode()
    chosen = ReminderSettings.objects.get(owner=owner)
    assert chosen.paused_until == today + timedelta(days=6)
    assert chosen.morning_on is True  # the choices stay as they were
    waiting = Occurrence.objects.filter(owner=owner, status="due")
    assert all(row.day > chosen.paused_until for row in waiting)

    response = owner_client.post("/reminders/resume/", follow=True)
    assert "back on" in response.content.decode()
    assert ReminderSettings.objects.get(owner=owner).paused_until is None
    assert Occurrence.objects.filter(owner=owner, day__lte=today + timedelta(days=2)).exists()


def test_the_words_invite_and_never_count_what_was_missed(owner_client):
    body = owner_client.get("/reminders/").content.decode().lower()
    for guilt in ("you missed", "streak", "don't forget", "you haven't"):
        assert guilt not in body


def test_someone_signed_out_is_sent_to_sign_in(owner, client):
    response = client.get("/reminders/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_never_shows_another_persons_reminders(owner, other, other_client):
    services.save_choices(owner, morning_on=True, morning_words="Olena's own morning words")
    body = other_client.get("/reminders/").content.decode()
    assert "Olena&#x27;s own morning words" not in body and "Olena's own" not in body
