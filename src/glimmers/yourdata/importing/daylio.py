"""Daylio's CSV export.

Three shapes, told apart by the header (Daylio writes it in English whatever
the app's language):

- ``year,date,weekday,time,mood,activities,note`` (older: the day as "June 1"
  or "1 червня"; month names in English and Ukrainian are read);
- ``full_date,date,weekday,time,mood,activities,note_title,note``;
- the same with a ``scales`` column.

UTF-8 with or without a byte-order mark; moods and weekdays may be in any
language (a mood is kept as the word it is, the weekday is not needed);
activities are joined by `` | ``; notes break lines with ``<br>``.

A row with words (a note, or a note's title) becomes a glimmer: its words,
and the mood and activities as #tags (a mood is a word here, never a score).
A row with only a mood and activities stays out: a mood logged is not a
moment of safety noticed, and a glimmer must not pretend to be one. The dry
run counts how many stay out and why. Scales are not brought in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from glimmers.yourdata.importing.entries import Entry, Problem, Unreadable, aware, source_key
from glimmers.yourdata.importing.tabular import header_of, note_text, parse_time

# Month names as Daylio writes the day ("June 1", "1 червня"): English and Ukrainian.
UKRAINIAN_MONTHS = [
    ("січня", "січень"),
    ("лютого", "лютий"),
    ("березня", "березень"),
    ("квітня", "квітень"),
    ("травня", "травень"),
    ("червня", "червень"),
    ("липня", "липень"),
    ("серпня", "серпень"),
    ("вересня", "вересень"),
    ("жовтня", "жовтень"),
    ("листопада", "листопад"),
    ("грудня", "грудень"),
]
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
} | {name: number for number, names in enumerate(UKRAINIAN_MONTHS, start=1) for name in names}


def _day(cells: dict[str, str]) -> date | None:
    full = cells.get("full_date", "").strip()
    if full:
        try:
            return date.fromisoformat(full)
        except ValueError:
            return None
    year = cells.get("year", "").strip()
    words = re.findall(r"[^\W\d_]+|\d+", cells.get("date", "").lower())
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    numbers = [int(w) for w in words if w.isdigit()]
    if not year.isdigit() or month is None or len(numbers) != 1:
        return None
    try:
        return date(int(year), month, numbers[0])
    except ValueError:
        return None


def read(path: Path, options: dict[str, Any]) -> Iterator[Entry | Problem]:
    zone = options["zone"]
    header, found = header_of(path)
    names = [name.lower() for name in header]
    if not {"mood", "activities", "time"} <= set(names) or not (
        "full_date" in names or {"year", "date"} <= set(names)
    ):
        raise Unreadable(
            _(
                "That CSV doesn't have Daylio's columns (full_date or year, date, time, mood, "
                "activities, note)."
            )
        )
    for line, row in found:
        where = _("line %(line)s") % {"line": line}
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            yield Problem(
                where,
                _("It has %(got)s columns where the header has %(want)s.")
                % {"got": len(row), "want": len(names)},
            )
            continue
        cells = dict(zip(names, row, strict=True))
        day = _day(cells)
        clock = parse_time(cells.get("time", ""))
        if day is None or clock is None:
            yield Problem(where, _("Its date or time can't be read."))
            continue
        title = note_text(cells.get("note_title", ""))
        note = note_text(cells.get("note", ""))
        text = f"{title}\n\n{note}" if title and note else title or note
        mood = cells.get("mood", "").strip()
        activities = [a.strip() for a in cells.get("activities", "").split(" | ") if a.strip()]
        if not text:
            yield Problem(
                where,
                _("A mood with no words: there is nothing to keep from it, so it stays out."),
                True,
            )
            continue
        moment = datetime.combine(day, clock)
        yield Entry(
            key=source_key("daylio", moment.isoformat(), mood, "|".join(activities), text),
            text=text,
            noticed_at=aware(moment, zone),
            tags=[mood, *activities] if mood else activities,
            where=where,
        )
