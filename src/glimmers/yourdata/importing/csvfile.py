"""Any spreadsheet saved as CSV with a header row.

Which column holds the words, the date, the time and the tags is guessed from
the header's names (``Note``, ``Date``, ``Time``, ``Tags``, and a few others,
in English and Ukrainian), shown before anything comes in (the dry run, the
page), and can be said outright: ``--map text=Note,date=Day,time=,tags=Labels``
(an empty column: not used). A ``title`` column, if there is one, comes first
in the words. Commas, semicolons or tabs between cells are all fine.

Dates as ``2026-06-01``, ``2026-06-01 07:30``, ``2026-06-01T07:30:00+03:00``,
``2026/06/01`` or ``01.06.2026``; a date with no offset is in the person's
time zone, a day with no time at noon. Tags are split at commas, semicolons,
``|`` and spaces.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from glimmers.yourdata.importing.entries import (
    Entry,
    Problem,
    Unreadable,
    aware,
    clean_text,
    source_key,
)
from glimmers.yourdata.importing.tabular import NOON, header_of, parse_time

FIELDS = ("text", "title", "date", "time", "tags")
GUESSES = {
    "text": (
        "text", "note", "notes", "entry", "body", "content", "journal", "description",
        "glimmer", "message", "words", "текст", "запис", "нотатка", "нотатки",
    ),
    "title": ("title", "subject", "heading", "note_title", "заголовок", "назва"),
    "date": (
        "date", "day", "datetime", "date_time", "timestamp", "created", "created_at",
        "creation_date", "when", "full_date", "noticed_at", "дата", "день", "коли",
    ),
    "time": ("time", "hour", "time_of_day", "час"),
    "tags": ("tags", "tag", "labels", "label", "categories", "category", "activities", "теги"),
}  # fmt: skip
DAY_FORMATS = ("%Y/%m/%d", "%d.%m.%Y")
MOMENT_FORMATS = ("%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S")


def _folded(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def guess_mapping(header: list[str], given: dict[str, str] | None = None) -> dict[str, str]:
    """Field -> column name as written ('' for none), guessed then overridden by ``given``."""
    folded = {_folded(name): name for name in reversed(header)}
    mapping = {}
    for field_name in FIELDS:
        mapping[field_name] = next(
            (folded[guess] for guess in GUESSES[field_name] if guess in folded), ""
        )
    for field_name, column in (given or {}).items():
        if field_name not in FIELDS:
            raise Unreadable(
                _("“%(name)s” isn't something we map; use %(fields)s.")
                % {"name": field_name, "fields": ", ".join(FIELDS)}
            )
        if column and column not in header:
            matches = [name for name in header if _folded(name) == _folded(column)]
            if not matches:
                raise Unreadable(
                    _("That CSV has no column called “%(column)s”; its columns are: %(all)s.")
                    % {"column": column, "all": ", ".join(header)}
                )
            column = matches[0]
        mapping[field_name] = column
    if not mapping["text"] and not mapping["title"]:
        raise Unreadable(
            _(
                "We couldn't tell which column holds the words; its columns are: %(all)s. "
                "Say which with --map text=Column (or choose it on the page)."
            )
            % {"all": ", ".join(header)}
        )
    if not mapping["date"]:
        raise Unreadable(
            _(
                "We couldn't tell which column holds the date; its columns are: %(all)s. "
                "Say which with --map date=Column (or choose it on the page)."
            )
            % {"all": ", ".join(header)}
        )
    return mapping


def parse_moment(
    day_text: str, time_text: str, date_format: str | None = None
) -> tuple[datetime | None, bool]:
    """(the moment, whether it says its own offset); (None, False) if it can't be read.

    ``date_format`` (strftime's codes, e.g. ``%m/%d/%Y``) is the only form
    tried when it is given: a spreadsheet's "01/06/2026" is the 1st of June in
    one country and the 6th of January in another, so it is never guessed.
    """
    day_text = day_text.strip()
    moment = None
    if date_format:
        patterns: tuple[str, ...] = (date_format,)
    else:
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(day_text.replace(" T", "T"))
        patterns = () if moment is not None else DAY_FORMATS + MOMENT_FORMATS
    for pattern in patterns:
        try:
            moment = datetime.strptime(day_text, pattern)
            break
        except ValueError:
            continue
    if moment is None:
        return None, False
    has_clock = re.search(r"\d:\d\d", day_text) is not None
    if time_text.strip():
        clock = parse_time(time_text)
        if clock is None:
            return None, False
        moment = datetime.combine(moment.date(), clock, tzinfo=moment.tzinfo)
    elif not has_clock:
        moment = datetime.combine(moment.date(), NOON, tzinfo=moment.tzinfo)
    return moment, moment.tzinfo is not None


def read(path: Path, options: dict[str, Any]) -> Iterator[Entry | Problem]:
    zone = options["zone"]
    header, found = header_of(path)
    mapping = guess_mapping(header, options.get("mapping"))
    date_format = options.get("date_format") or None
    report = options.get("report")
    if report is not None:
        report.mapping = {name: column or "—" for name, column in mapping.items()}
        if date_format:
            report.mapping["date_format"] = date_format
    position = {name: header.index(column) for name, column in mapping.items() if column}

    def cell(row: list[str], name: str) -> str:
        index = position.get(name)
        return row[index] if index is not None and index < len(row) else ""

    for line, row in found:
        where = _("line %(line)s") % {"line": line}
        if not any(value.strip() for value in row):
            continue
        moment, _own = parse_moment(cell(row, "date"), cell(row, "time"), date_format)
        if moment is None:
            yield Problem(
                where,
                _(
                    "Its date (“%(date)s”) can't be read; write it as 2026-06-01, "
                    "or say how it is written with --date-format (e.g. %%d/%%m/%%Y)."
                )
                % {"date": cell(row, "date")[:40]},
            )
            continue
        title = clean_text(cell(row, "title")).strip()
        words = clean_text(cell(row, "text")).strip()
        text = f"{title}\n\n{words}" if title and words else title or words
        tags = [t for t in re.split(r"[,;|\s]+", cell(row, "tags")) if t.strip("#@ ")]
        yield Entry(
            key=source_key("csv", *row),
            text=text,
            noticed_at=aware(moment, zone),
            tags=tags,
            where=where,
        )
