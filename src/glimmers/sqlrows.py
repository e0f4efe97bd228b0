"""Model instances from plain SQL, for the few reads and writes on the busiest paths.

Building the ORM's query for a small, fixed read (the token of every API call,
the photos of a page) can cost more than the database takes to answer it.
These helpers let such a read be written once as SQL and still give back
ordinary model instances, with every value passed through the converters the
ORM itself applies (SQLite gives times back as text, for instance); and let
rows be inserted the way ``bulk_create`` would, values prepared by their
fields. Only our own table and column names go into the SQL text; every value
is a parameter. docs/decisions.md says where they are used and why.
"""

from __future__ import annotations

from django.db import connection


def columns(model, table: str | None = None) -> str:
    """The model's columns, in field order, for a SELECT (optionally ``table.``-prefixed)."""
    quote = connection.ops.quote_name
    prefix = f"{quote(table)}." if table else ""
    return ", ".join(prefix + quote(field.column) for field in model._meta.concrete_fields)


def converted(field, value):
    """``value`` of ``field`` as a raw query gave it, as the ORM would give it."""
    column = field.get_col(field.model._meta.db_table)
    for converter in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
        value = converter(value, column, connection)
    return value


def instance(model, values):
    """A ``model`` read from the database, from values in ``columns(model)`` order."""
    fields = model._meta.concrete_fields
    return model.from_db(
        connection.alias,
        [field.attname for field in fields],
        [converted(field, value) for field, value in zip(fields, values, strict=True)],
    )


def insert(model, rows: list[dict]) -> None:
    """Insert ``rows`` of ``model`` (each a dict of attname → value, all with the same
    keys) in one statement. Like ``bulk_create``: no ``save()``, no signals, no ids
    read back."""
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in rows[0]]
    one = f"({', '.join(['%s'] * len(fields))})"
    query = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 - our own names
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES {', '.join([one] * len(rows))}"
    )
    parameters = [
        field.get_db_prep_save(row[field.attname], connection) for row in rows for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(query, parameters)
