"""The private calendar feed, read back with the icalendar library."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar

from glimmers.reminders import services
from glimmers.reminders.models import CalendarFeed
from glimmers.time import local_today

KYIV = ZoneInfo("Europe/Kyiv")


def _feed(secret: str, client: Client | None = None):
    return (client or Client()).get(f"/reminders/feed/{secret}.ics")


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_it_lists_two_weeks_of_reminders_each_with_an_alarm(owner):
    services.save_choices(owner, morning_on=True, morning_from=time(7, 30), evening_on=True)
    events = _events(_feed(services.make_feed(owner)))

    assert len(events) == 2 * 14
    mornings = [e for e in events if str(e["SUMMARY"]) == "A small intention for today"]
    assert len(mornings) == 14
    first = mornings[0]
    start = first.decoded("DTSTART")
    kyiv = start.astimezone(KYIV)
    assert (kyiv.hour, kyiv.minute) == (7, 30)  # olena's own morning, in her own zone
    assert kyiv.date() == local_today(owner)
    [alarm] = first.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(0)
    assert str(first["TRANSP"]) == "TRANSPARENT"  # a reminder never makes one look busy
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_quiet_days_and_a_quiet_week_leave_days_out(owner):
    services.save_choices(owner, morning_on=True, quiet_days="56")  # weekends
    today = local_today(owner)
    secret = services.make_feed(owner)
    days = [e.decoded("DTSTART").astimezone(KYIV).date() for e in _events(_feed(secret))]
    assert days and all(day.weekday() < 5 for day in days)
    assert len(days) == sum(1 for n in range(14) if (today + timedelta(days=n)).weekday() < 5)

    services.quiet_for_a_week(owner, today)
    later = [e.decoded("DTSTART").astimezone(KYIV).date() for e in _events(_feed(secret))]
    assert later and min(later) >= today + timedelta(days=7)


def test_a_window_puts_each_day_somewhere_inside_it(owner):
    services.save_choices(owner, pause1_on=True, pause1_from=time(12, 0), pause1_to=time(15, 0))
    secret = services.make_feed(owner)
    first = [e.decoded("DTSTART") for e in _events(_feed(secret))]
    zone = KYIV
    assert all(time(12, 0) <= s.astimezone(zone).time() < time(15, 0) for s in first)
    assert len({s.astimezone(zone).time() for s in first}) > 1  # not the same minute daily
    assert [e.decoded("DTSTART") for e in _events(_feed(secret))] == first  # and stable


def test_the_persons_own_words_are_in_the_feed(owner):
    services.save_choices(owner, evening_on=True, evening_words="Three breaths, then one line.")
    events = _events(_feed(services.make_feed(owner)))
    assert str(events[0]["DESCRIPTION"]) == "Three breaths, then one line."


def test_nothing_chosen_is_an_empty_calendar(owner):
    events = _events(_feed(services.make_feed(owner)))
    assert events == []


def test_only_a_hash_of_the_secret_is_kept(owner):
    secret = services.make_feed(owner)
    stored = CalendarFeed.objects.get(owner=owner).secret_hash
    assert secret not in stored and len(stored) == 64


@pytest.mark.parametrize("secret", ["wrong", "x" * 300, "a.b"])
def test_a_wrong_secret_is_not_found(owner, secret):
    services.make_feed(owner)
    assert _feed(secret).status_code == 404


def test_a_rotated_secret_stops_working_and_the_new_one_works(owner):
    old = services.make_feed(owner)
    new = services.make_feed(owner)
    assert _feed(old).status_code == 404
    assert _feed(new).status_code == 200


def test_a_revoked_feed_is_not_found(owner):
    secret = services.make_feed(owner)
    services.revoke_feed(owner)
    assert _feed(secret).status_code == 404


def test_the_feed_of_someone_whose_account_is_closed_is_not_found(owner):
    secret = services.make_feed(owner)
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert _feed(secret).status_code == 404


def test_the_page_shows_the_address_once_and_can_rotate_and_revoke_it(owner, owner_client):
    response = owner_client.post("/reminders/calendar/")
    body = response.content.decode()
    assert response.status_code == 200
    secret = body.split("/reminders/feed/")[1].split(".ics")[0]
    assert _feed(secret).status_code == 200
    again = owner_client.get("/reminders/").content.decode()
    assert secret not in again  # shown once, never again
    assert "Make a new address" in again

    owner_client.post("/reminders/calendar/")
    assert _feed(secret).status_code == 404
    owner_client.post("/reminders/calendar/revoke/")
    assert not CalendarFeed.objects.filter(owner=owner).exists()


def test_the_feed_follows_a_dst_change(owner):
    """Europe/Kyiv moves its clocks in late March: 08:00 stays 08:00 on the wall."""
    from glimmers.reminders.calendar import feed
    from glimmers.reminders.queries import settings_of

    services.save_choices(owner, morning_on=True, morning_from=time(8, 0))
    chosen = settings_of(owner)
    now = datetime(2026, 3, 25, 12, 0, tzinfo=UTC)
    events = Calendar.from_ical(feed(chosen, now)).walk("VEVENT")
    zone = KYIV
    walls = {e.decoded("DTSTART").astimezone(zone).time() for e in events}
    utcs = {e.decoded("DTSTART").astimezone(UTC).hour for e in events}
    assert walls == {time(8, 0)}
    assert utcs == {5, 6}  # UTC+3 after the change, UTC+2 before
    assert events[0].decoded("DTSTART").astimezone(zone).date() == date(2026, 3, 25)
