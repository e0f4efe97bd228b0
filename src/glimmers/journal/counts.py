"""Monthly counts of a person's glimmers, kept by the database itself, for Insights.

Counting ten years of glimmers row by row costs a scan of 100,000 rows or
more per figure. So each person's glimmers are also counted per month, in
``journal_monthlycount``: one row per (owner, figure, item, month) holding
how many glimmers of that month count under that item. The figures:

=========  ==================================================  ==========================
figure     item                                                 counts
=========  ==================================================  ==========================
day        day of the month, "01"–"31"                          glimmers of that day
tallied    day of the month                                     counted ones (no words)
hour       "weekday:hour", e.g. "0:7" (Monday, 7 o'clock)       glimmers at that hour
shift      "before>after", e.g. "mobilized>safe"                glimmers with both states
sense      the sense's id                                       links to that sense
person     the person's id                                      links to that person
value      the value's id                                       links to that value
tag        the tag's id                                         links to that tag
=========  ==================================================  ==========================

Triggers on the glimmer table and the four link tables keep the counts in
the same transaction as the write, whatever makes it (the services, a bulk
import, a cascade, a time-zone move): on SQLite plain triggers, on
PostgreSQL one trigger function per table. A glimmer or link without a local
day (none are written today) is not counted. Rows are never deleted, only
counted down, so a month a glimmer left keeps a row with n = 0.

Insights reads whole months from here and the days at a range's ragged
edges from the journal itself (glimmers.insights.queries). Migration 0009
made the table and the triggers with its own frozen copy of this SQL; the
SQL below re-creates SQLite's triggers after a table rebuild and recounts.
It is built from the FIGURES table only: no value from outside is ever
formatted into it.
"""

from __future__ import annotations

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
        f"INSERT INTO {TABLE} (owner_id, month, figure, item, n) "  # noqa: S608 - constants
        f"SELECT {row}.owner_id, {month}, figure, item, 1 FROM ({_items(table, vendor, row)}) k "
        f"WHERE {row}.local_date IS NOT NULL "
        f"ON CONFLICT (owner_id, figure, item, month) DO UPDATE SET n = {TABLE}.n + 1"
    )


def _count_down(table: str, vendor: str, row: str) -> str:
    month = MONTH[vendor].format(r=row)
    return (
        f"UPDATE {TABLE} SET n = n - 1 "  # noqa: S608 - constants
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


def _backfill(table: str, vendor: str) -> list[str]:
    """Count every existing row of ``table`` (into an empty count table)."""
    month = MONTH[vendor].format(r="t")
    return [
        f"INSERT INTO {TABLE} (owner_id, month, figure, item, n) "  # noqa: S608 - constants
        f"SELECT t.owner_id, {month}, '{figure}', {_expr(item, vendor, 't')}, COUNT(*) "
        f"FROM {table} t WHERE t.local_date IS NOT NULL AND {_expr(condition, vendor, 't')} "
        f"GROUP BY t.owner_id, {month}, {_expr(item, vendor, 't')}"
        for figure, item, condition in COUNTED[table]
    ]


SQLITE_TRIGGERS = [statement for table in COUNTED for statement in _sqlite_triggers(table)]


def recount(connection) -> None:
    """Count everything afresh (the counts are derived data: this loses nothing)."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 - a constant
        for table in COUNTED:
            for statement in _backfill(table, vendor):
                cursor.execute(statement)


def ensure_sqlite_triggers(connection) -> None:
    """Re-create the SQLite count triggers if a table rebuild dropped them (after migrate)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        tables = {row.name for row in connection.introspection.get_table_list(cursor)}
        if TABLE not in tables:
            return  # the migration that adds the counts has not run yet
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)
