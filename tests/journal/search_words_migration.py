"""Run by test_search_words_migration.py, in its own process and its own database.

Migrates an empty database to journal 0009, writes glimmers the way the app
wrote them then, applies 0010 (PostgreSQL: the parsed words become a stored
column with the GIN index on it), searches with today's code, then goes back
to 0009 and says what the glimmer table and its indexes look like. JSON out.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta

from tests.own_database import migrate, migrated_to

BEFORE = [("journal", "0009_monthly_counts")]
AFTER = [("journal", "0010_postgresql_stored_search_words")]
TEXTS = [
    ("Warm light on the wall", "", ""),
    ("Kettle song", "grateful for warmth", "kitchen"),
    ("A heron by the river", "", "Riverside path"),
    ("Nothing much", "", ""),
]
SEARCHES = ["warm", "light", "kitchen", "riverside heron", "quokka"]


def main() -> int:
    owner_id = write_old_rows(migrated_to(BEFORE))
    migrate(AFTER)
    from django.db import connection

    from glimmers.journal import search
    from glimmers.journal.models import Glimmer

    mine = Glimmer.objects.filter(owner_id=owner_id)
    found = {query: sorted(g.text for g in search.matching(mine, query)) for query in SEARCHES}
    after = shape(connection)
    migrate(BEFORE)
    json.dump(
        {"vendor": connection.vendor, "found": found, "after": after, "back": shape(connection)},
        sys.stdout,
    )
    return 0


def write_old_rows(apps) -> int:
    User = apps.get_model("accounts", "User")
    Glimmer = apps.get_model("journal", "Glimmer")
    owner = User.objects.create(username="olena", password="!")
    other = User.objects.create(username="sam", password="!")
    start = datetime(2025, 3, 1, 9, tzinfo=UTC)
    for n, (text, gratitude, place) in enumerate(TEXTS):
        for who in (owner, other):
            moment = start + timedelta(days=n)
            Glimmer.objects.create(
                owner=who,
                text=text,
                gratitude=gratitude,
                place=place,
                noticed_at=moment,
                local_date=moment.date(),
                local_hour=9,
                local_weekday=moment.weekday(),
            )
    return owner.pk


def shape(connection) -> dict:
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'journal_glimmer' AND column_name = 'search_vector'"
        )
        columns = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'journal_glimmer' "
            "AND indexname IN ('journal_glimmer_fts', 'journal_glimmer_search')"
        )
        indexes = sorted(row[0] for row in cursor.fetchall())
    return {"columns": columns, "indexes": indexes}


if __name__ == "__main__":
    sys.exit(main())
