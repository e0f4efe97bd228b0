"""SQLite: rebuild the search index so its keys follow each glimmer's moment.

The index now also holds the owner, and a glimmer's key is the millisecond
it was noticed (see glimmers/journal/search.py), so a search can walk the
matches newest first and stop after one page. Every glimmer is indexed again
in order, each in its own slot of its millisecond.
PostgreSQL keeps its GIN index as it is.

The SQL is frozen: the search schema comes from migration 0003 (itself frozen),
and the statements that index every glimmer are written out here.
"""

import importlib

from django.db import migrations

_search = importlib.import_module("glimmers.journal.migrations.0003_full_text_search")

_ROW_KEY = _search.first_key_sql("noticed_at")
# Index every glimmer already there (the triggers see only later changes).
SQLITE_INDEX_ALL = [
    f"""INSERT INTO journal_glimmer_search_map (rowid, glimmer_id)
        SELECT {_ROW_KEY} + row_number() OVER (PARTITION BY {_ROW_KEY} ORDER BY id) - 1, id
        FROM journal_glimmer""",
    """INSERT INTO journal_glimmer_fts (rowid, owner, body)
        SELECT m.rowid, 'o' || g.owner_id, g.text || ' ' || g.gratitude || ' ' || g.place
        FROM journal_glimmer AS g
        JOIN journal_glimmer_search_map AS m ON m.glimmer_id = g.id""",
]


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [
        *_search.BACKWARD["sqlite"],
        *_search.FORWARD["sqlite"],
        *SQLITE_INDEX_ALL,
    ]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("journal", "0006_counting_indexes")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
