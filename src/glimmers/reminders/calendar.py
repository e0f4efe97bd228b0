"""The private calendar feed: the coming days' reminders as events with an alarm.

A calendar app fetches the feed now and then; each reminder is a short,
free (TRANSPARENT) event with a VALARM at its start, so the phone's own
calendar says it, even offline. The moments are the worker's own
(reminders/schedule.py): quiet days, "quiet for a while" and windows alike.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from glimmers.reminders.models import ReminderSettings
from glimmers.reminders.schedule import moments, words_for
from glimmers.time import zone_of

FEED_DAYS = 14
EVENT_MINUTES = 5


def feed(chosen: ReminderSettings, now: datetime | None = None) -> bytes:
    """The ICS text of the person's reminders from today for FEED_DAYS days."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Glimmers//reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Glimmers")
    # Ask calendar apps to look again every few hours: a change of times shows soon.
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    today = timezone.localtime(now, zone_of(chosen.owner)).date()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "glimmers"
    for moment in moments(chosen, today, today + timedelta(days=FEED_DAYS - 1)):
        title, words = words_for(chosen, moment.slot)
        event = Event()
        event.add("uid", f"{moment.day.isoformat()}-{moment.slot}-{chosen.owner_id}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", moment.at.astimezone(UTC))
        event.add("dtend", (moment.at + timedelta(minutes=EVENT_MINUTES)).astimezone(UTC))
        event.add("summary", title)
        event.add("description", words)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
