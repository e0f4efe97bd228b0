"""Each glimmer keeps its owner's day, hour and weekday beside it, for counting."""

from datetime import UTC, date, datetime

from glimmers.accounts import services as accounts
from glimmers.journal import services
from glimmers.journal.models import Glimmer, Trigger
from tests.factories import make_glimmer, make_trigger


def test_it_stamps_the_owners_day_hour_and_weekday(owner):
    # 21:30 UTC on Friday 10 January 2025 is 23:30 on Friday in Kyiv.
    glimmer = make_glimmer(owner, "late", noticed_at=datetime(2025, 1, 10, 21, 30, tzinfo=UTC))
    glimmer.refresh_from_db()
    assert (glimmer.local_date, glimmer.local_hour, glimmer.local_weekday) == (
        date(2025, 1, 10),
        23,
        4,
    )


def test_a_custom_day_start_moves_the_day_not_the_hour(owner):
    owner.day_starts_at = 4
    owner.save()
    # 00:30 UTC on Saturday is 02:30 in Kyiv: still Friday's day for a night owl.
    glimmer = make_glimmer(owner, "night", noticed_at=datetime(2025, 1, 11, 0, 30, tzinfo=UTC))
    glimmer.refresh_from_db()
    assert (glimmer.local_date, glimmer.local_hour, glimmer.local_weekday) == (
        date(2025, 1, 10),
        2,
        5,
    )


def test_an_edit_of_the_time_restamps(owner):
    glimmer = make_glimmer(owner, "x", noticed_at=datetime(2025, 1, 10, 12, tzinfo=UTC))
    services.save_glimmer(
        owner, {"noticed_at": datetime(2024, 6, 1, 12, tzinfo=UTC)}, glimmer=glimmer
    )
    glimmer.refresh_from_db()
    assert glimmer.local_date == date(2024, 6, 1)


def test_moving_time_zone_restamps_everything(owner):
    glimmer = make_glimmer(owner, "x", noticed_at=datetime(2025, 1, 10, 23, 30, tzinfo=UTC))
    trigger = make_trigger(owner, "y", occurred_at=datetime(2025, 1, 10, 23, 30, tzinfo=UTC))
    assert Glimmer.objects.get(pk=glimmer.pk).local_date == date(2025, 1, 11)  # Kyiv
    accounts.update_preferences(owner, time_zone="America/New_York")
    glimmer.refresh_from_db()
    assert (glimmer.local_date, glimmer.local_hour) == (date(2025, 1, 10), 18)
    assert Trigger.objects.get(pk=trigger.pk).local_date == date(2025, 1, 10)
