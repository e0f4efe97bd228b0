"""The CSV export: one row per glimmer, UTF-8 with a BOM, no formulas (exporting/spreadsheet.py)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from django.utils import timezone

from glimmers.yourdata.exporting import formats
from glimmers.yourdata.exporting.spreadsheet import COLUMNS, safe_cell
from tests.factories import make_glimmer


def rows_of(user) -> list[dict]:
    made = formats.export_for(user, "csv")
    raw = b"".join(made.chunks)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets look for
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_it_writes_one_row_per_glimmer_in_ukrainian(owner):
    tz = timezone.get_fixed_timezone(180)
    make_glimmer(
        owner,
        "Тепле світло на кухні ☀ #ранок",
        noticed_at=datetime(2026, 6, 1, 7, 42, tzinfo=tz),
        new_people=["Бабуся"],
        place="Кухня, вдома",
    )
    make_glimmer(owner, "", noticed_at=datetime(2026, 6, 2, 22, 5, tzinfo=tz))

    rows = rows_of(owner)

    assert list(rows[0]) == COLUMNS
    assert [row["text"] for row in rows] == ["Тепле світло на кухні ☀ #ранок", ""]
    assert rows[0]["date"] == "2026-06-01" and rows[0]["time"] == "07:42"
    assert rows[0]["people"] == "Бабуся" and rows[0]["tags"] == "ранок"
    assert rows[0]["place"] == "Кухня, вдома"  # a comma stays inside its cell
    assert rows[1]["noticed_at"] == "2026-06-02T22:05:00+03:00"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_would_run_as_formulas_are_neutralised(owner, start):
    make_glimmer(owner, "a quiet minute", place=f'{start}HYPERLINK("x")')
    (row,) = rows_of(owner)
    assert row["place"] == f'\'{start}HYPERLINK("x")'


def test_multiline_text_stays_one_row(owner):
    make_glimmer(owner, "=1+1\nsecond line")
    (row,) = rows_of(owner)
    assert row["text"] == "'=1+1\nsecond line"


def test_safe_cell_leaves_ordinary_words_alone():
    assert safe_cell("Warm light") == "Warm light"
    assert safe_cell("2026-06-01") == "2026-06-01"
    assert safe_cell(None) == ""
    assert safe_cell("-3") == "'-3"


def test_an_empty_journal_is_a_header_alone(owner):
    assert rows_of(owner) == []


def test_a_strangers_glimmers_are_not_in_it(owner, stranger):
    make_glimmer(stranger, "not yours")
    make_glimmer(owner, "yours")
    assert [row["text"] for row in rows_of(owner)] == ["yours"]
