"""Migration 0010 keeps PostgreSQL's parsed search words in a stored column; what a
search finds does not change, and the migration goes back as cleanly as it came.

It runs in its own process and database (a fresh SQLite file, or a throwaway
PostgreSQL database beside the configured one), never the test database.
"""

from __future__ import annotations

from pathlib import Path

from tests.own_database import run_in_own_database


def test_glimmers_written_before_are_found_after(tmp_path):
    result = run_in_own_database(Path(__file__).with_name("search_words_migration.py"), tmp_path)

    assert result["found"] == {
        "warm": ["Kettle song", "Warm light on the wall"],  # "warmth" starts with "warm"
        "light": ["Warm light on the wall"],
        "kitchen": ["Kettle song"],  # the place is searched too
        "riverside heron": ["A heron by the river"],
        "quokka": [],
    }
    if result["vendor"] == "postgresql":
        assert result["after"] == {
            "columns": ["search_vector"],
            "indexes": ["journal_glimmer_search"],
        }
        assert result["back"] == {"columns": [], "indexes": ["journal_glimmer_fts"]}
