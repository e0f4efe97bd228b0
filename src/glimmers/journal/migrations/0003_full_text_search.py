"""Full-text search over a glimmer's words (text, gratitude note, place).

SQLite: an FTS5 table kept in step by triggers. FTS5 needs an integer rowid,
and a table with a UUID key has no stable one (VACUUM may renumber it), so a
small map table with an INTEGER PRIMARY KEY gives each glimmer a rowid that
never changes. A glimmer's key follows its moment (the millisecond it was
noticed, times SLOTS, plus a free slot), and the index holds its owner as a
token: see glimmers/journal/search.py, which reads it.

PostgreSQL: a GIN index on the same words with the 'simple' configuration
(migration 0010 moves it onto a stored column).

Both sides tokenise the same way (lower-case, no stemming, no stop words,
accents kept), so the same query finds the same glimmers on either database.

The SQL is frozen here, as it was when this migration was last changed, so that
what this migration makes never changes with the app's code. The triggers are
the same as glimmers.journal.search.SQLITE_TRIGGERS, which the post-migrate
check re-creates if a later table rebuild drops them.
"""

from django.db import migrations

_BODY = "new.text || ' ' || new.gratitude || ' ' || new.place"
SLOTS = 4096  # glimmers that may share one millisecond; a key is ms * SLOTS + slot


def first_key_sql(column):
    return f"(CAST(round((julianday({column}) - 2440587.5) * 86400000) AS INTEGER) * {SLOTS})"


_KEY = first_key_sql("new.noticed_at")
_INDEX_NEW = f"""
        INSERT INTO journal_glimmer_search_map (rowid, glimmer_id) VALUES (
            (SELECT coalesce(max(rowid) + 1, {_KEY}) FROM journal_glimmer_search_map
             WHERE rowid BETWEEN {_KEY} AND {_KEY} + {SLOTS - 1}),
            new.id);
        INSERT INTO journal_glimmer_fts (rowid, owner, body)
            VALUES (last_insert_rowid(), 'o' || new.owner_id, {_BODY});"""
_UNINDEX = """
        DELETE FROM journal_glimmer_fts WHERE rowid =
            (SELECT rowid FROM journal_glimmer_search_map WHERE glimmer_id = old.id);
        DELETE FROM journal_glimmer_search_map WHERE glimmer_id = old.id;"""

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS journal_glimmer_fts_insert
        AFTER INSERT ON journal_glimmer BEGIN {_INDEX_NEW}
    END""",
    # New words, same moment: the key stays.
    f"""CREATE TRIGGER IF NOT EXISTS journal_glimmer_fts_update
        AFTER UPDATE OF text, gratitude, place ON journal_glimmer
        WHEN old.noticed_at IS new.noticed_at BEGIN
        UPDATE journal_glimmer_fts SET body = {_BODY} WHERE rowid =
            (SELECT rowid FROM journal_glimmer_search_map WHERE glimmer_id = new.id);
    END""",
    # A new moment: the glimmer moves to a key in that moment's millisecond.
    f"""CREATE TRIGGER IF NOT EXISTS journal_glimmer_fts_move
        AFTER UPDATE OF noticed_at ON journal_glimmer
        WHEN old.noticed_at IS NOT new.noticed_at BEGIN {_UNINDEX} {_INDEX_NEW}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS journal_glimmer_fts_delete
        AFTER DELETE ON journal_glimmer BEGIN {_UNINDEX}
    END""",
]

FORWARD = {
    "sqlite": [
        """CREATE TABLE journal_glimmer_search_map (
            rowid INTEGER PRIMARY KEY,
            glimmer_id char(32) NOT NULL UNIQUE
        )""",
        """CREATE VIRTUAL TABLE journal_glimmer_fts USING fts5(
            owner, body, tokenize = 'unicode61 remove_diacritics 0'
        )""",
        *SQLITE_TRIGGERS,
    ],
    "postgresql": [
        """CREATE INDEX journal_glimmer_fts ON journal_glimmer USING gin (
            to_tsvector('simple'::regconfig, text || ' ' || gratitude || ' ' || place)
        )""",
    ],
}
BACKWARD = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS journal_glimmer_fts_delete",
        "DROP TRIGGER IF EXISTS journal_glimmer_fts_move",
        "DROP TRIGGER IF EXISTS journal_glimmer_fts_update",
        "DROP TRIGGER IF EXISTS journal_glimmer_fts_insert",
        "DROP TABLE IF EXISTS journal_glimmer_fts",
        "DROP TABLE IF EXISTS journal_glimmer_search_map",
    ],
    "postgresql": ["DROP INDEX IF EXISTS journal_glimmer_fts"],
}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("journal", "0002_builtin_senses_and_cues")]
    operations = [
        migrations.RunPython(
            _run(FORWARD),
            _run(BACKWARD),
        )
    ]
