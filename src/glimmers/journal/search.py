"""Full-text search that finds the same glimmers on SQLite and PostgreSQL.

The words of a glimmer (text, gratitude note and place) are indexed with FTS5
on SQLite and a GIN ``to_tsvector('simple', ...)`` index on PostgreSQL. Both
lower-case, neither stems nor drops stop words, both keep accents, and both
split words on anything that is not a letter or digit. A query is turned into
the same thing on both sides: every word must appear, as a word or the start
of one ("coff" finds "coffee").
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

MAX_TERMS = 12
MAX_TERM_LENGTH = 60
# Letters and digits in any script; "_" splits words, as it does in both engines.
_WORD = re.compile(r"[^\W_]+")

_BODY = "new.text || ' ' || new.gratitude || ' ' || new.place"

# Only constant SQL below: no value from outside is ever formatted into it.
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS journal_glimmer_fts_insert
        AFTER INSERT ON journal_glimmer BEGIN
        INSERT INTO journal_glimmer_search_map (glimmer_id) VALUES (new.id);
        INSERT INTO journal_glimmer_fts (rowid, body) VALUES (last_insert_rowid(), {_BODY});
    END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS journal_glimmer_fts_update
        AFTER UPDATE OF text, gratitude, place ON journal_glimmer BEGIN
        UPDATE journal_glimmer_fts SET body = {_BODY} WHERE rowid =
            (SELECT rowid FROM journal_glimmer_search_map WHERE glimmer_id = new.id);
    END""",  # noqa: S608
    """CREATE TRIGGER IF NOT EXISTS journal_glimmer_fts_delete
        AFTER DELETE ON journal_glimmer BEGIN
        DELETE FROM journal_glimmer_fts WHERE rowid =
            (SELECT rowid FROM journal_glimmer_search_map WHERE glimmer_id = old.id);
        DELETE FROM journal_glimmer_search_map WHERE glimmer_id = old.id;
    END""",
]

SCHEMA_FORWARD = {
    "sqlite": [
        """CREATE TABLE journal_glimmer_search_map (
            rowid INTEGER PRIMARY KEY,
            glimmer_id char(32) NOT NULL UNIQUE
        )""",
        """CREATE VIRTUAL TABLE journal_glimmer_fts USING fts5(
            body, tokenize = 'unicode61 remove_diacritics 0'
        )""",
        *SQLITE_TRIGGERS,
    ],
    "postgresql": [
        """CREATE INDEX journal_glimmer_fts ON journal_glimmer USING gin (
            to_tsvector('simple'::regconfig, text || ' ' || gratitude || ' ' || place)
        )""",
    ],
}
SCHEMA_BACKWARD = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS journal_glimmer_fts_delete",
        "DROP TRIGGER IF EXISTS journal_glimmer_fts_update",
        "DROP TRIGGER IF EXISTS journal_glimmer_fts_insert",
        "DROP TABLE IF EXISTS journal_glimmer_fts",
        "DROP TABLE IF EXISTS journal_glimmer_search_map",
    ],
    "postgresql": ["DROP INDEX IF EXISTS journal_glimmer_fts"],
}


def ensure_sqlite_triggers(using_connection=connection) -> None:
    """Re-create the SQLite search triggers if a table rebuild dropped them.

    Django's SQLite schema editor rebuilds a table to alter it, and the
    triggers go with the old table. This runs after every migrate.
    """
    if using_connection.vendor != "sqlite":
        return
    with using_connection.cursor() as cursor:
        tables = {row.name for row in using_connection.introspection.get_table_list(cursor)}
        if "journal_glimmer_fts" not in tables:
            return  # the search migration has not run yet
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)


def terms(query: str) -> list[str]:
    """The words of a search, lower-cased, at most MAX_TERMS of them."""
    words = _WORD.findall(query.lower())
    return [word[:MAX_TERM_LENGTH] for word in words[:MAX_TERMS]]


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """Narrow an (already owner-scoped) glimmer queryset to those matching ``query``.

    A query with no words in it matches nothing rather than everything, so a
    search for "!!!" does not look like a list of every glimmer.
    """
    words = terms(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        expression = " & ".join(f"{word}:*" for word in words)
        subquery = RawSQL(
            "SELECT id FROM journal_glimmer WHERE "
            "to_tsvector('simple'::regconfig, text || ' ' || gratitude || ' ' || place) "
            "@@ to_tsquery('simple'::regconfig, %s)",
            [expression],
        )
    else:
        # Each word quoted, so FTS5 never reads it as an operator (AND, NEAR…).
        expression = " ".join(f'"{word}"*' for word in words)
        subquery = RawSQL(
            "SELECT m.glimmer_id FROM journal_glimmer_search_map AS m "
            "JOIN journal_glimmer_fts ON journal_glimmer_fts.rowid = m.rowid "
            "WHERE journal_glimmer_fts MATCH %s",
            [expression],
        )
    return queryset.filter(id__in=subquery)
