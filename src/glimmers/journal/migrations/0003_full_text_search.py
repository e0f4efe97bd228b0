"""Full-text search over a glimmer's words (text, gratitude note, place).

SQLite: an FTS5 table kept in step by triggers. FTS5 needs an integer rowid,
and a table with a UUID key has no stable one (VACUUM may renumber it), so a
small map table with an INTEGER PRIMARY KEY gives each glimmer a rowid that
never changes.

PostgreSQL: a GIN index on the same words with the 'simple' configuration.

Both sides tokenise the same way (lower-case, no stemming, no stop words,
accents kept), so the same query finds the same glimmers on either database.
The SQL lives in glimmers/journal/search.py, beside the queries that use it,
so the post-migrate check can re-create the SQLite triggers if a later table
rebuild drops them.
"""

from django.db import migrations

from glimmers.journal.search import SCHEMA_BACKWARD, SCHEMA_FORWARD


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("journal", "0002_builtin_senses_and_cues")]
    operations = [
        migrations.RunPython(
            _run(SCHEMA_FORWARD),
            _run(SCHEMA_BACKWARD),
        )
    ]
