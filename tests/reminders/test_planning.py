"""Planning: windows, quiet days, a pause and time zones; never two rows for one reminder."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from glimmers.reminders import delivery, planning, services
from glimmers.reminders.models import Occurrence, ReminderSettings
from glimmers.reminders.schedule import minute_in_window, moments
from tests.factories import make_user


def test_a_window_picks_the_same_minute_for_everyone_who_asks():
    picks = {minute_in_window(7, "pause1", date(2026, 5, 4), time(12), time(15)) for _ in range(5)}
    assert len(picks) == 1
    [pick] = picks
    assert time(12) <= pick < time(15)


def test_a_window_moves_from_day_to_day_and_person_to_person():
    days = {
        minute_in_window(7, "pause1", date(2026, 5, 1) + timedelta(days=n), time(12), time(15))
        for n in range(30)
    }
    people = {
        minute_in_window(n, "pause1", date(2026, 5, 1), time(12), time(15)) for n in range(30)
    }
    assert len(days) > 10 and len(people) > 10
    assert all(time(12) <= pick < time(15) for pick in days | people)


def test_moments_honour_quiet_days_and_a_pause(db):
    olena = make_user("olena", time_zone="America/New_York")
    chosen = services.save_choices(olena, morning_on=True, evening_on=True, quiet_days="6")
    monday = date(2026, 6, 1)
    found = list(moments(chosen, monday, monday + timedelta(days=6)))
    assert len(found) == 12  # six days of two; Sunday is quiet
    assert all(m.day.weekday() != 6 for m in found)
    assert {m.at.utcoffset() for m in found} == {timedelta(hours=-4)}  # her zone, summer time

    chosen.paused_until = monday + timedelta(days=2)
    assert {m.day for m in moments(chosen, monday, monday + timedelta(days=6))} == {
        monday + timedelta(days=n) for n in (3, 4, 5)
    }


def test_two_planners_at_once_make_each_row_once(db):
    olena = make_user("olena")
    chosen = services.save_choices(olena, morning_on=True, evening_on=True, by_push=True)
    count = Occurrence.objects.count()
    assert count > 0
    chosen.planned_until = None
    chosen.save()
    for _ in range(3):  # as if three workers planned the same person at the same moment
        planning.plan_for(ReminderSettings.objects.get(pk=chosen.pk))
    assert Occurrence.objects.count() == count


def test_the_worker_plans_everyone_whose_plan_ran_out(db):
    olena, sam = make_user("olena"), make_user("sam")
    services.save_choices(olena, morning_on=True, by_push=True)
    services.save_choices(sam, evening_on=True, by_push=True)
    Occurrence.objects.all().delete()
    later = datetime.now(UTC) + timedelta(days=1, minutes=1)
    assert planning.plan_everyone(later) > 0
    assert set(Occurrence.objects.values_list("owner__username", flat=True)) == {"olena", "sam"}
    assert planning.plan_everyone(later) == 0  # planned until a day later now


def test_a_reminder_turned_off_after_it_was_planned_is_not_sent(db, smtp):
    from tests.reminders.conftest import due_reminder

    olena = make_user("olena")
    row = due_reminder(olena)
    ReminderSettings.objects.filter(owner=olena).update(morning_on=False)
    assert delivery.run_pass("w").dropped == [row.pk]
    assert smtp.messages == []


def test_a_reminder_moved_later_waits_for_its_new_time(db, smtp):
    from tests.reminders.conftest import due_reminder

    olena = make_user("olena")  # in UTC
    ten = datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0)
    row = due_reminder(olena, now=ten)  # due at 09:59
    # Another planner still had the old time when she moved it to noon (no re-plan here).
    ReminderSettings.objects.filter(owner=olena).update(morning_from=time(12, 0))

    assert delivery.run_pass("w", now=ten).retrying == [row.pk]
    row.refresh_from_db()
    assert (row.status, row.due_at) == ("due", ten.replace(hour=12))
    assert smtp.messages == []
    assert delivery.run_pass("w", now=ten.replace(hour=12, minute=1)).sent == [row.pk]


def test_deleting_the_account_takes_every_reminder_row_with_it(db, push_service):
    from glimmers.reminders.models import CalendarFeed, PushSubscription
    from glimmers.yourdata.deletion.services import delete_account

    olena = make_user("olena")
    services.save_choices(olena, morning_on=True, by_push=True)
    services.make_feed(olena)
    endpoint, browser = push_service.new_browser("phone")
    services.subscribe(olena, endpoint, browser.p256dh, browser.auth_b64)
    delete_account(olena)
    for model in (ReminderSettings, Occurrence, CalendarFeed, PushSubscription):
        assert not model.objects.exists(), model.__name__
