"""The monthly counts the database keeps for Insights always match the journal itself.

After every kind of write (capture, tally, edits of time, words and states,
new and removed words, deletes, a new time zone, a deleted account, a demo
journal written in bulk) the counts are compared with a recount done here,
in Python, straight from the glimmers and their links.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from django.db import connection

from glimmers.accounts import services as accounts
from glimmers.journal import counts, queries, services
from glimmers.journal.demo import seed_demo
from glimmers.journal.models import (
    COUNTED_LINKS,
    Glimmer,
    MonthlyCount,
    Person,
    Sense,
    Tag,
    Value,
)
from tests.factories import make_glimmer

FIGURE = {"GlimmerSense": "sense", "GlimmerPerson": "person", "GlimmerValue": "value"}
FIGURE["GlimmerTag"] = "tag"


def recounted() -> Counter:
    """(owner, figure, item, month) -> n, counted here from the rows themselves."""
    found: Counter = Counter()
    for g in Glimmer.objects.exclude(local_date=None):
        month = g.local_date.replace(day=1)
        day = f"{g.local_date.day:02d}"
        found[g.owner_id, "day", day, month] += 1
        if g.text == "":
            found[g.owner_id, "tallied", day, month] += 1
        if g.local_weekday is not None and g.local_hour is not None:
            found[g.owner_id, "hour", f"{g.local_weekday}:{g.local_hour}", month] += 1
        if g.state_before and g.state_after:
            found[g.owner_id, "shift", f"{g.state_before}>{g.state_after}", month] += 1
    for through in COUNTED_LINKS:
        word = FIGURE[through.__name__]
        for link in through.objects.exclude(local_date=None):
            item = str(getattr(link, f"{word}_id"))
            found[link.owner_id, word, item, link.local_date.replace(day=1)] += 1
    return found


def kept() -> Counter:
    rows = MonthlyCount.objects.exclude(n=0).values_list("owner_id", "figure", "item", "month", "n")
    return Counter({(owner, figure, item, month): n for owner, figure, item, month, n in rows})


def assert_counts_match() -> None:
    assert not MonthlyCount.objects.filter(n__lt=0).exists()
    assert kept() == recounted()


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def sense(slug: str) -> Sense:
    return Sense.objects.get(owner=None, slug=slug)


def test_capture_and_tally_are_counted(owner):
    make_glimmer(
        owner,
        "Tea with Mum #kitchen #warm",
        noticed_at=at(2025, 1, 10, 21, 30),  # 23:30 in Kyiv
        senses=[sense("sight"), sense("touch")],
        new_people=["Mum"],
        new_values=["Family"],
        state_before="mobilized",
        state_after="safe",
    )
    services.tally(owner, 2)
    assert_counts_match()
    day = kept()
    assert day[owner.pk, "day", "10", at(2025, 1, 1).date()] == 1
    assert day[owner.pk, "hour", "4:23", at(2025, 1, 1).date()] == 1  # Friday, 23:00
    assert day[owner.pk, "shift", "mobilized>safe", at(2025, 1, 1).date()] == 1


def test_edits_move_the_counts(owner):
    glimmer = make_glimmer(
        owner,
        "Sun on the wall #light",
        noticed_at=at(2025, 1, 31, 12),
        senses=[sense("sight")],
        new_people=["Ivan"],
        state_before="shutdown",
        state_after="safe",
    )
    glimmer = Glimmer.objects.get(pk=glimmer.pk)
    services.save_glimmer(
        owner,
        {
            "noticed_at": at(2025, 2, 1, 12),  # another month
            "text": "Sun on the wall #light #morning",
            "senses": [sense("sound")],
            "state_after": "mobilized",
            "new_values": ["Nature"],
        },
        glimmer=glimmer,
    )
    assert_counts_match()
    glimmer = Glimmer.objects.get(pk=glimmer.pk)
    services.save_glimmer(owner, {"text": "", "state_before": ""}, glimmer=glimmer)  # no words
    assert_counts_match()
    assert not kept()[owner.pk, "day", "31", at(2025, 1, 1).date()]


def test_deletes_count_down(owner, other):
    mine = make_glimmer(owner, "#tea with #mum", new_people=["Mum"], senses=[sense("taste")])
    make_glimmer(owner, "#tea again", noticed_at=at(2024, 3, 3, 9))
    make_glimmer(other, "#tea for Sam", new_values=["Rest"])
    services.delete_glimmer(owner, mine)
    assert_counts_match()
    services.delete_named(owner, Tag.objects.get(owner=owner, name="tea"))
    services.delete_named(other, Value.objects.get(owner=other, name="Rest"))
    assert_counts_match()
    water = services.add_own_word(owner, Sense, "water")
    make_glimmer(owner, "Rain on the roof", senses=[water, sense("sound")])
    services.remove_own_word(owner, water)
    assert_counts_match()


def test_a_new_time_zone_moves_every_count(owner, other):
    make_glimmer(owner, "Late #tea", noticed_at=at(2025, 1, 31, 22, 30), new_people=["Mum"])
    make_glimmer(other, "Sam's walk #walk", noticed_at=at(2025, 1, 31, 22, 30))
    accounts.update_preferences(owner, time_zone="America/New_York")
    assert_counts_match()
    # 22:30 UTC on 31 January is 00:30 on 1 February in Kyiv, 17:30 on the 31st in New York.
    assert kept()[owner.pk, "day", "31", at(2025, 1, 1).date()] == 1
    accounts.update_preferences(owner, day_starts_at=5)
    assert_counts_match()


def test_a_deleted_account_leaves_nothing_behind(owner, other):
    make_glimmer(owner, "#tea with Mum", new_people=["Mum"], senses=[sense("taste")])
    make_glimmer(other, "#walk", senses=[sense("sight")])
    owner.delete()
    assert not MonthlyCount.objects.filter(owner_id=owner.pk).exclude(n=0).exists()
    assert_counts_match()


def test_a_demo_journal_written_in_bulk_is_counted(db):
    seed_demo(glimmers=400, people=2, now=at(2026, 3, 14, 9))
    assert_counts_match()


def test_many_random_writes_keep_the_counts_right(owner):
    rng = random.Random(7)
    people = [services.add_named(owner, Person, name) for name in ("Mum", "Ivan", "Ola")]
    built_in = list(Sense.objects.filter(owner=None))
    start = at(2024, 12, 1)
    for step in range(60):
        mine = list(Glimmer.objects.filter(owner=owner))
        roll = rng.random()
        if mine and roll < 0.25:
            services.delete_glimmer(owner, rng.choice(mine))
        elif mine and roll < 0.6:
            services.save_glimmer(
                owner,
                {
                    "noticed_at": start + timedelta(hours=rng.randrange(24 * 120)),
                    "text": rng.choice(["", "Warm #tea", "#walk in the park", "Light"]),
                    "senses": rng.sample(built_in, rng.randrange(3)),
                    "people": rng.sample(people, rng.randrange(3)),
                    "state_before": rng.choice(["", "mobilized", "shutdown"]),
                    "state_after": rng.choice(["", "safe", "unsure"]),
                },
                glimmer=Glimmer.objects.get(pk=rng.choice(mine).pk),
            )
        else:
            make_glimmer(
                owner,
                rng.choice(["", "Birdsong #morning", "#tea with Mum"]),
                noticed_at=start + timedelta(hours=rng.randrange(24 * 120)),
                senses=rng.sample(built_in, rng.randrange(3)),
                new_values=rng.sample(["Rest", "Family", "Nature"], rng.randrange(2)),
            )
        if step % 10 == 9:
            assert_counts_match()
    assert_counts_match()


def test_recount_rebuilds_the_same_counts(owner):
    make_glimmer(owner, "#tea with Mum", new_people=["Mum"], senses=[sense("taste")])
    services.tally(owner)
    before = kept()
    MonthlyCount.objects.update(n=99)
    counts.recount(connection)
    assert kept() == before
    assert queries.glimmers(owner).count() == 2


def test_every_kind_of_write_runs_in_the_one_write_transaction_and_keeps_the_counts(owner):
    # Each service that writes a journal, practice or preferences row is run once;
    # a watch on every statement the database is sent checks that no such write
    # happens outside glimmers.db.writing (which queues writers and, on PostgreSQL,
    # takes the person's lock that keeps the count triggers from deadlocking), and
    # the counts are recounted after each.
    from datetime import date

    from glimmers import db
    from glimmers.journal.models import BodyCue, Person, Tag, Value
    from glimmers.journal.photos import clean_photo
    from glimmers.practice import services as practice
    from glimmers.practice.models import Category, Prompt
    from tests.factories import jpeg_bytes, upload

    outside = []

    def watch(execute, sql, params, many, context):
        verb = sql.lstrip().split(" ", 1)[0].upper()
        personal = any(f'"{t}' in sql or f" {t}" in sql for t in ("journal_", "practice_"))
        if verb in ("INSERT", "UPDATE", "DELETE") and personal and not db.in_writing():
            outside.append(sql[:120])
        return execute(sql, params, many, context)

    day = date(2025, 6, 1)
    photo = clean_photo(upload(content=jpeg_bytes()))
    made = {}

    def first_glimmer():
        made["glimmer"] = services.save_glimmer(
            owner,
            {
                "text": "steam from the kettle #tea",
                "noticed_at": at(2025, 6, 1, 8),
                "senses": [sense("smell")],
                "new_people": ["Mum"],
                "new_values": ["calm"],
                "state_before": "mobilized",
                "state_after": "safe",
            },
        )

    steps = [
        first_glimmer,
        lambda: services.save_glimmer(
            owner, {"text": "steam again #tea #home"}, glimmer=made["glimmer"]
        ),
        lambda: services.tally(owner, 2),
        lambda: made.update(photos=services.add_photos(owner, made["glimmer"], [photo])),
        lambda: services.delete_photo(owner, made["photos"][0]),
        lambda: made.update(trigger=services.save_trigger(owner, {"text": "a slammed door"})),
        lambda: services.delete_trigger(owner, made["trigger"]),
        lambda: made.update(cue=services.add_own_word(owner, BodyCue, "soft jaw")),
        lambda: services.remove_own_word(owner, made["cue"]),
        lambda: services.add_named(owner, Person, "Ana"),
        lambda: services.rename_named(owner, Person.objects.get(owner=owner, name="Ana"), "Anna"),
        lambda: services.delete_named(owner, Value.objects.get(owner=owner, name="calm")),
        lambda: services.delete_named(owner, Tag.objects.get(owner=owner, name="home")),
        lambda: accounts.update_preferences(owner, time_zone="Pacific/Auckland"),
        lambda: practice.offer_prompt(owner, Category.MORNING, day),
        lambda: practice.skip_prompt(owner, Category.MORNING, day),
        lambda: made.update(prompt=practice.add_prompt(owner, Category.EVENING, "What was kind?")),
        lambda: practice.delete_own_prompt(owner, made["prompt"]),
        lambda: practice.set_prompt_hidden(owner, Prompt.objects.filter(owner=None).first(), True),
        lambda: practice.set_intention(owner, day, text="listen for birds"),
        lambda: practice.clear_intention(owner, day),
        lambda: practice.save_reflection(owner, day, answer="a calm evening"),
        lambda: practice.record_anchoring(owner, made["glimmer"], 15),
        lambda: made.update(answer=practice.answer_question(owner, day, prompt=None, likelihood=6)),
        lambda: practice.delete_question_answer(owner, made["answer"]),
        lambda: services.delete_glimmer(owner, made["glimmer"]),
    ]
    with connection.execute_wrapper(watch):
        for number, step in enumerate(steps):
            step()
            assert not outside, f"step {number} wrote outside glimmers.db.writing: {outside}"
            assert_counts_match()
