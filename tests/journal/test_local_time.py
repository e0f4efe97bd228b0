"""Each glimmer keeps its owner's day, hour and weekday beside it, for counting."""

from datetime import UTC, date, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from glimmers.accounts import services as accounts
from glimmers.journal import queries, services
from glimmers.journal.models import COUNTED_LINKS, Glimmer, GlimmerPerson, Trigger
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


# Links to senses, people, values and tags carry their glimmer's owner and day
# (Insights counts them by day from the link tables alone).


def link_days(glimmer) -> set:
    """(relation, owner id, day) of every counted link of ``glimmer``."""
    return {
        (through.__name__, row.owner_id, row.local_date)
        for through in COUNTED_LINKS
        for row in through.objects.filter(glimmer=glimmer)
    }


def linked(owner, noticed_at):
    sight = queries.senses(owner).get(slug="sight")
    return make_glimmer(
        owner,
        "Tea with Mum #kitchen",
        noticed_at=noticed_at,
        senses=[sight],
        new_people=["Mum"],
        new_values=["Family"],
    )


def test_links_copy_their_glimmers_owner_and_day(owner):
    glimmer = linked(owner, datetime(2025, 1, 10, 23, 30, tzinfo=UTC))  # 11 Jan in Kyiv
    day = date(2025, 1, 11)
    assert link_days(glimmer) == {
        ("GlimmerSense", owner.pk, day),
        ("GlimmerPerson", owner.pk, day),
        ("GlimmerValue", owner.pk, day),
        ("GlimmerTag", owner.pk, day),
    }


def test_links_follow_an_edit_of_the_time(owner):
    glimmer = linked(owner, datetime(2025, 1, 10, 12, tzinfo=UTC))
    # Loaded afresh, as a page or the API would, then moved to another day.
    glimmer = Glimmer.objects.get(pk=glimmer.pk)
    services.save_glimmer(
        owner, {"noticed_at": datetime(2024, 6, 1, 12, tzinfo=UTC)}, glimmer=glimmer
    )
    assert {day for _name, _owner, day in link_days(glimmer)} == {date(2024, 6, 1)}
    # A word added in the same edit lands on the new day too.
    services.save_glimmer(
        owner,
        {"noticed_at": datetime(2023, 2, 2, 12, tzinfo=UTC), "new_people": ["Ivan"]},
        glimmer=glimmer,
    )
    people = GlimmerPerson.objects.filter(glimmer=glimmer)
    assert sorted((p.person.name, p.local_date) for p in people) == [
        ("Ivan", date(2023, 2, 2)),
        ("Mum", date(2023, 2, 2)),
    ]


def test_an_edit_on_the_same_day_leaves_the_links_alone(owner):
    glimmer = linked(owner, datetime(2025, 1, 10, 12, tzinfo=UTC))
    glimmer = Glimmer.objects.get(pk=glimmer.pk)
    before = link_days(glimmer)
    glimmer.text = "Tea with Mum, again #kitchen"
    glimmer.noticed_at = datetime(2025, 1, 10, 15, tzinfo=UTC)
    with CaptureQueriesContext(connection) as ran:
        glimmer.save()
    assert not [q["sql"] for q in ran.captured_queries if "journal_glimmer_" in q["sql"]]
    assert link_days(glimmer) == before


def test_links_follow_a_new_time_zone(owner, other):
    glimmer = linked(owner, datetime(2025, 1, 10, 23, 30, tzinfo=UTC))  # 11 Jan in Kyiv
    theirs = linked(other, datetime(2025, 1, 10, 23, 30, tzinfo=UTC))
    their_days = link_days(theirs)
    accounts.update_preferences(owner, time_zone="America/New_York")
    assert {day for _name, _owner, day in link_days(glimmer)} == {date(2025, 1, 10)}
    assert link_days(theirs) == their_days  # nobody else's links move
