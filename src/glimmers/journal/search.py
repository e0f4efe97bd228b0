"""Full-text search that finds the same glimmers on SQLite and PostgreSQL.

The words of a glimmer (text, gratitude note and place) are indexed with FTS5
on SQLite, and on PostgreSQL kept as a stored ``to_tsvector('simple', ...)``
column with a GIN index (migration 0010). Both
lower-case, neither stems nor drops stop words, both keep accents, and both
split words on anything that is not a letter or digit. A query is turned into
the same thing on both sides: every word must appear, as a word or the start
of one ("coff" finds "coffee").

On SQLite each glimmer's index rowid follows its moment: the millisecond of
``noticed_at`` times SLOTS, plus a free slot for glimmers that share a
millisecond. FTS5 can then walk the matches newest first and stop after a
page, instead of collecting every match (a quarter of a big journal, for a
common word) and sorting it. ``newest_matches`` uses that to search a window
of time that holds the next page. The index also holds each glimmer's owner
as a token (``owner : "o7"``), so that walk skips other people's glimmers.

On PostgreSQL the words are stored already parsed, so a journal walked newest
first tests each glimmer in a microsecond or two; parsing each glimmer's text
again as it was walked cost 10 µs a glimmer (15 ms for a page of a common word
at 100,000).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from glimmers import access

MAX_TERMS = 12
MAX_TERM_LENGTH = 60
# Letters and digits in any script; "_" splits words, as it does in both engines.
_WORD = re.compile(r"[^\W_]+")

_BODY = "new.text || ' ' || new.gratitude || ' ' || new.place"
SLOTS = 4096  # glimmers that may share one millisecond; a key is ms * SLOTS + slot


def _first_key_sql(column: str) -> str:
    """SQL for the first key of the millisecond in ``column`` (UTC text, as Django keeps it).

    julianday() rather than strftime(), so the SQL holds no "%" for a driver to misread.
    """
    return f"(CAST(round((julianday({column}) - 2440587.5) * 86400000) AS INTEGER) * {SLOTS})"


_KEY = _first_key_sql("new.noticed_at")
_INDEX_NEW = f"""
        INSERT INTO journal_glimmer_search_map (rowid, glimmer_id) VALUES (
            (SELECT coalesce(max(rowid) + 1, {_KEY}) FROM journal_glimmer_search_map
             WHERE rowid BETWEEN {_KEY} AND {_KEY} + {SLOTS - 1}),
            new.id);
        INSERT INTO journal_glimmer_fts (rowid, owner, body)
            VALUES (last_insert_rowid(), 'o' || new.owner_id, {_BODY});"""  # noqa: S608
_UNINDEX = """
        DELETE FROM journal_glimmer_fts WHERE rowid =
            (SELECT rowid FROM journal_glimmer_search_map WHERE glimmer_id = old.id);
        DELETE FROM journal_glimmer_search_map WHERE glimmer_id = old.id;"""

# Only constant SQL below: no value from outside is ever formatted into it.
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
    END""",  # noqa: S608
    # A new moment: the glimmer moves to a key in that moment's millisecond.
    f"""CREATE TRIGGER IF NOT EXISTS journal_glimmer_fts_move
        AFTER UPDATE OF noticed_at ON journal_glimmer
        WHEN old.noticed_at IS NOT new.noticed_at BEGIN {_UNINDEX} {_INDEX_NEW}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS journal_glimmer_fts_delete
        AFTER DELETE ON journal_glimmer BEGIN {_UNINDEX}
    END""",
]
_MATCHES_POSTGRESQL = '"journal_glimmer"."search_vector" @@ to_tsquery(\'simple\'::regconfig, %s)'


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


def forget_deleted_words() -> None:
    """Merge the SQLite search index, so the words of deleted glimmers leave it.

    FTS5 records a delete as a note in a new index segment; the old segment,
    with the words in it, stays in the file until a merge. 'optimize' merges
    them all into one (and secure_delete zeroes the freed pages). FTS5 has no
    Django API; no row is read (docs/decisions.md, "Deleting an account leaves
    no words behind"). On PostgreSQL the words are a column of the row.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO journal_glimmer_fts(journal_glimmer_fts) VALUES('optimize')")


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
        # Only our own SQL text; the words go in as a parameter.
        found = RawSQL(_MATCHES_POSTGRESQL, [_tsquery(words)], output_field=BooleanField())  # noqa: S611
        return queryset.filter(found)
    subquery = RawSQL(
        "SELECT m.glimmer_id FROM journal_glimmer_search_map AS m "
        "JOIN journal_glimmer_fts ON journal_glimmer_fts.rowid = m.rowid "
        "WHERE journal_glimmer_fts MATCH %s",
        [_fts_expression(words)],
    )
    return queryset.filter(id__in=subquery)


def _tsquery(words: list[str]) -> str:
    """Every word, as a word or the start of one, in to_tsquery's terms."""
    return " & ".join(f"{word}:*" for word in words)


def _fts_expression(words: list[str], owner_ids: list[int] | None = None) -> str:
    """The words for FTS5's MATCH; with ``owner_ids``, only in those owners' glimmers."""
    # Each word quoted, so FTS5 never reads it as an operator (AND, NEAR…).
    expression = "body : (" + " AND ".join(f'"{word}"*' for word in words) + ")"
    if owner_ids is not None:
        owners = " OR ".join(f'"o{int(owner_id)}"' for owner_id in owner_ids)
        expression = f"owner : ({owners}) AND {expression}"
    return expression


def _first_key(moment: datetime) -> int:
    """The first index key of ``moment``'s millisecond.

    SQLite rounds to the millisecond where this floors, so callers leave a
    millisecond to spare on each side; the exact bounds are the ORM's filters.
    """
    since_epoch = moment.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)
    return (since_epoch // _MILLISECOND) * SLOTS


_MILLISECOND = timedelta(milliseconds=1)


def newest_matches(
    queryset: QuerySet,
    query: str,
    *,
    viewer,
    count: int,
    since: datetime | None = None,
    before: datetime | None = None,
) -> tuple[QuerySet, bool] | None:
    """Narrow ``queryset`` (glimmers ``viewer`` may see) to matches of ``query``,
    within a stretch of time that holds the newest ``count`` matches in
    [since, before] (``before`` counted to the end of its millisecond).

    Returns the narrowed queryset, which holds few enough rows to sort in
    Python (the database would otherwise walk the whole journal in time order
    to find them), and whether it reaches back to ``since`` or the very
    beginning: if it does not, and the caller's other filters left too few
    rows, ask again for more. Returns None where the database itself should
    choose, with ``matching``: on PostgreSQL, whose planner knows from the
    stored words' statistics whether walking the journal newest first or
    asking the GIN index finds a page sooner (it picks well for common, rare
    and absent words alike).
    """
    words = terms(query)
    if not words:
        return queryset.none(), True
    if connection.vendor == "postgresql":
        return None
    owners = access.owner_ids(viewer)
    if not owners:
        return queryset.none(), True
    # The index walks only the glimmers of those the viewer may see; what it
    # finds still narrows ``queryset``, which says which of them they may.
    expression = _fts_expression(words, owners)
    low = _first_key(since - _MILLISECOND) if since else -(2**63)
    high = _first_key(before + _MILLISECOND) + SLOTS if before else 2**63 - 1
    found = _keyed_matches(expression, low, high, limit=count)
    complete = len(found) < count
    oldest = found[-1][0] if found else 0
    if not complete and oldest % SLOTS:
        # Others share the oldest one's millisecond: take them all, so equal
        # moments sort exactly as the journal sorts them.
        found += _keyed_matches(expression, oldest // SLOTS * SLOTS, oldest)
    return queryset.filter(id__in=[glimmer_id for _, glimmer_id in found]), complete


def _keyed_matches(expression: str, low: int, high: int, limit: int = -1) -> list[tuple]:
    """(key, glimmer id) of the matches with low <= key < high, newest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT journal_glimmer_fts.rowid, m.glimmer_id FROM journal_glimmer_fts "
            "JOIN journal_glimmer_search_map AS m ON m.rowid = journal_glimmer_fts.rowid "
            "WHERE journal_glimmer_fts MATCH %s "
            "AND journal_glimmer_fts.rowid >= %s AND journal_glimmer_fts.rowid < %s "
            "ORDER BY journal_glimmer_fts.rowid DESC LIMIT %s",
            [expression, low, high, limit],
        )
        return cursor.fetchall()
