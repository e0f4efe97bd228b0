"""Run by test_links_migration.py, in its own process and its own database.

Migrates an empty database to just before journal 0008, writes glimmers with
links to senses, people, values and tags the way the app wrote them then,
applies 0008 and prints, as JSON, what each link table holds afterwards.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime

from tests.own_database import migrate, migrated_to

BEFORE = [("journal", "0007_search_keys_follow_time")]
AFTER = [("journal", "0008_links_carry_owner_and_day")]
TABLES = ("senses", "people", "values", "tags")


def main() -> int:
    expected = write_old_rows(migrated_to(BEFORE))
    migrate(AFTER)
    from django.db import connection

    found = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                f"SELECT l.owner_id, l.local_date, g.owner_id, g.local_date "  # noqa: S608
                f"FROM journal_glimmer_{table} l JOIN journal_glimmer g ON g.id = l.glimmer_id"
            )
            found[table] = [[str(value) for value in row] for row in cursor.fetchall()]
    json.dump({"expected": expected, "found": found}, sys.stdout)
    return 0


def write_old_rows(apps) -> dict[str, int]:
    User = apps.get_model("accounts", "User")
    Glimmer = apps.get_model("journal", "Glimmer")
    Sense = apps.get_model("journal", "Sense")
    made = dict.fromkeys(TABLES, 0)
    for name, day in [("olena", date(2025, 1, 11)), ("sam", date(2024, 6, 1))]:
        owner = User.objects.create(username=name, password="!")
        person = apps.get_model("journal", "Person").objects.create(owner=owner, name="Mum")
        value = apps.get_model("journal", "Value").objects.create(owner=owner, name="Family")
        tag = apps.get_model("journal", "Tag").objects.create(owner=owner, name="tea")
        for k in range(3):
            glimmer = Glimmer.objects.create(
                owner=owner,
                text=f"Tea with Mum #tea ({k})",
                noticed_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
                local_date=day,
                local_hour=12,
                local_weekday=day.weekday(),
            )
            glimmer.senses.add(*Sense.objects.filter(owner=None)[: 1 + k])
            glimmer.people.add(person)
            glimmer.values.add(value)
            glimmer.tags.add(tag)
            made["senses"] += 1 + k
            made["people"] += 1
            made["values"] += 1
            made["tags"] += 1
        # One glimmer from before local days were kept (local_date empty).
        old = Glimmer.objects.create(owner=owner, text="An old one", local_date=None)
        old.tags.add(tag)
        made["tags"] += 1
    return made


if __name__ == "__main__":
    sys.exit(main())
