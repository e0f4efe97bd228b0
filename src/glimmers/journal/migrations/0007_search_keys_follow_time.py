"""SQLite: rebuild the search index so its keys follow each glimmer's moment.

The index now also holds the owner, and a glimmer's key is the millisecond
it was noticed (see glimmers/journal/search.py), so a search can walk the
matches newest first and stop after one page. Every glimmer is indexed again
in order, each in its own slot of its millisecond.
PostgreSQL keeps its GIN index as it is.
"""

from django.db import migrations

from glimmers.journal.search import SCHEMA_BACKWARD, SCHEMA_FORWARD, SQLITE_INDEX_ALL


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [*SCHEMA_BACKWARD["sqlite"], *SCHEMA_FORWARD["sqlite"], *SQLITE_INDEX_ALL]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("journal", "0006_counting_indexes")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
