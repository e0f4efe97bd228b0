"""Monthly counts for Insights, kept by triggers (glimmers/journal/counts.py reads
and explains them).

Creates the table, counts every glimmer and link there is, then adds the
triggers that keep the counts from here on. The SQL is frozen here, built as
it was when this migration was written, from the table of figures below (no
value from outside is ever formatted into it): a later change to the counts
needs a new migration.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "journal_monthlycount"

# (table, row figures): each figure is (name, item expression, condition), with
# "{r}" standing for the row (NEW, OLD, or the table's alias in a backfill).
GLIMMER_FIGURES = [
    ("day", "{day}", "1 = 1"),
    ("tallied", "{day}", "{r}.text = ''"),
    (
        "hour",
        "CAST({r}.local_weekday AS TEXT) || ':' || CAST({r}.local_hour AS TEXT)",
        "{r}.local_weekday IS NOT NULL AND {r}.local_hour IS NOT NULL",
    ),
    (
        "shift",
        "{r}.state_before || '>' || {r}.state_after",
        "{r}.state_before <> '' AND {r}.state_after <> ''",
    ),
]
LINK_TABLES = [
    ("journal_glimmer_senses", "sense", "sense_id"),
    ("journal_glimmer_people", "person", "person_id"),
    ("journal_glimmer_values", "value", "value_id"),
    ("journal_glimmer_tags", "tag", "tag_id"),
]
COUNTED = {
    "journal_glimmer": GLIMMER_FIGURES,
    **{
        table: [(figure, f"CAST({{r}}.{column} AS TEXT)", "1 = 1")]
        for table, figure, column in LINK_TABLES
    },
}
# The glimmer columns a count depends on: an update of any of them re-counts the glimmer.
GLIMMER_COLUMNS = "owner_id, local_date, local_weekday, local_hour, text, state_before, state_after"
LINK_COLUMNS = "owner_id, local_date"

# Where the dialects differ: a row's month (its first day) and day of the month.
# SQLite keeps dates as 'YYYY-MM-DD' text.
MONTH = {
    "sqlite": "substr({r}.local_date, 1, 8) || '01'",
    "postgresql": "CAST(date_trunc('month', {r}.local_date) AS date)",
}
DAY = {
    "sqlite": "substr({r}.local_date, 9, 2)",
    "postgresql": "to_char({r}.local_date, 'DD')",
}


def _expr(template: str, vendor: str, row: str) -> str:
    day = DAY[vendor].format(r=row)
    return template.format(r=row, day=day)


def _items(table: str, vendor: str, row: str) -> str:
    """A SELECT of the (figure, item) pairs one row of ``table`` counts under."""
    return " UNION ALL ".join(
        f"SELECT '{figure}' AS figure, {_expr(item, vendor, row)} AS item "
        f"WHERE {_expr(condition, vendor, row)}"
        for figure, item, condition in COUNTED[table]
    )


def _count_up(table: str, vendor: str, row: str) -> str:
    month = MONTH[vendor].format(r=row)
    return (
        f"INSERT INTO {TABLE} (owner_id, month, figure, item, n) "
        f"SELECT {row}.owner_id, {month}, figure, item, 1 FROM ({_items(table, vendor, row)}) k "
        f"WHERE {row}.local_date IS NOT NULL "
        f"ON CONFLICT (owner_id, figure, item, month) DO UPDATE SET n = {TABLE}.n + 1"
    )


def _count_down(table: str, vendor: str, row: str) -> str:
    month = MONTH[vendor].format(r=row)
    return (
        f"UPDATE {TABLE} SET n = n - 1 "
        f"WHERE owner_id = {row}.owner_id AND month = {month} "
        f"AND (figure, item) IN (SELECT figure, item FROM ({_items(table, vendor, row)}) k)"
    )


def _columns(table: str) -> str:
    return GLIMMER_COLUMNS if table == "journal_glimmer" else LINK_COLUMNS


def _sqlite_triggers(table: str) -> list[str]:
    name = f"{table}_count"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON {table} "
        f"BEGIN {_count_up(table, 'sqlite', 'NEW')}; END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON {table} "
        f"BEGIN {_count_down(table, 'sqlite', 'OLD')}; END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_update AFTER UPDATE OF {_columns(table)} ON {table} "
        f"BEGIN {_count_down(table, 'sqlite', 'OLD')}; {_count_up(table, 'sqlite', 'NEW')}; END",
    ]


def _postgres_trigger(table: str) -> list[str]:
    name = f"{table}_count"
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN {_count_down(table, "postgresql", "OLD")}; END IF;
            IF TG_OP <> 'DELETE' THEN {_count_up(table, "postgresql", "NEW")}; END IF;
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {_columns(table)} "
        f"ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def _backfill(table: str, vendor: str) -> list[str]:
    """Count every existing row of ``table`` (into an empty count table)."""
    month = MONTH[vendor].format(r="t")
    return [
        f"INSERT INTO {TABLE} (owner_id, month, figure, item, n) "
        f"SELECT t.owner_id, {month}, '{figure}', {_expr(item, vendor, 't')}, COUNT(*) "
        f"FROM {table} t WHERE t.local_date IS NOT NULL AND {_expr(condition, vendor, 't')} "
        f"GROUP BY t.owner_id, {month}, {_expr(item, vendor, 't')}"
        for figure, item, condition in COUNTED[table]
    ]


SQLITE_TRIGGERS = [statement for table in COUNTED for statement in _sqlite_triggers(table)]

FORWARD = {
    "sqlite": [
        *(s for table in COUNTED for s in _backfill(table, "sqlite")),
        *SQLITE_TRIGGERS,
    ],
    "postgresql": [
        *(s for table in COUNTED for s in _backfill(table, "postgresql")),
        *(s for table in COUNTED for s in _postgres_trigger(table)),
    ],
}
BACKWARD = {
    "sqlite": [
        f"DROP TRIGGER IF EXISTS {table}_count_{event}"
        for table in COUNTED
        for event in ("insert", "delete", "update")
    ],
    "postgresql": [
        statement
        for table in COUNTED
        for statement in (
            f"DROP TRIGGER IF EXISTS {table}_count ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_count()",
        )
    ],
}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0008_links_carry_owner_and_day'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MonthlyCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('figure', models.CharField(max_length=8)),
                ('item', models.CharField(max_length=40)),
                ('month', models.DateField()),
                ('n', models.IntegerField(default=0)),
                ('owner', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('owner', 'figure', 'item', 'month'), name='monthlycount_unique')],
            },
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
