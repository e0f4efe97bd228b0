"""PostgreSQL: keep each glimmer's search words parsed, in a stored column.

A search for a common word walks the journal newest first and tests each
glimmer until a page is full. With only an index on the expression,
PostgreSQL parsed every walked glimmer's text again (about 10 µs each: 15 ms
for one page of "light" at 100,000 glimmers). A generated column keeps the
same ``to_tsvector('simple', ...)`` parsed once, when the glimmer is written,
and the GIN index moves onto it. The words and what a search finds do not
change. SQLite's FTS5 index is left as it is.
"""

from django.db import migrations

from glimmers.journal.search import POSTGRESQL_VECTOR_BACKWARD, POSTGRESQL_VECTOR_FORWARD


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("journal", "0009_monthly_counts")]
    operations = [
        migrations.RunPython(
            _on_postgresql(POSTGRESQL_VECTOR_FORWARD), _on_postgresql(POSTGRESQL_VECTOR_BACKWARD)
        )
    ]
