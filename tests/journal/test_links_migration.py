"""Migration 0008 copies each link's glimmer owner and day onto it, on real data.

It runs in its own process and database (a fresh SQLite file, or a throwaway
PostgreSQL database beside the configured one), never the test database.
"""

from __future__ import annotations

from pathlib import Path

from tests.own_database import run_in_own_database


def test_existing_links_get_their_glimmers_owner_and_day(tmp_path):
    result = run_in_own_database(Path(__file__).with_name("links_migration.py"), tmp_path)

    for table, rows in result["found"].items():
        assert len(rows) == result["expected"][table], table
        for link_owner, link_day, glimmer_owner, glimmer_day in rows:
            assert (link_owner, link_day) == (glimmer_owner, glimmer_day), table
    days = {row[1] for row in result["found"]["tags"]}
    assert days == {"2025-01-11", "2024-06-01", "None"}
