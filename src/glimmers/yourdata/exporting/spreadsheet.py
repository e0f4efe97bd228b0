"""CSV: one row per glimmer, for a spreadsheet.

UTF-8 with a byte-order mark, so spreadsheets read Ukrainian (and every other
script) correctly. A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is written with a leading ``'``: a spreadsheet would
otherwise read it as a formula, and a journal's words should never run as one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils import timezone

from glimmers.time import zone_of
from glimmers.yourdata.exporting import records
from glimmers.yourdata.exporting.own_format import photo_name
from glimmers.yourdata.exporting.streams import encoded

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    "id",
    "date",
    "time",
    "noticed_at",
    "kind",
    "period",
    "text",
    "senses",
    "body_cues",
    "state_before",
    "state_after",
    "place",
    "people",
    "values",
    "tags",
    "anchored_seconds",
    "surprise",
    "gratitude",
    "reliable",
    "photos",
    "created_at",
    "updated_at",
]


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _joined(items) -> str:
    return "; ".join(items)


def rows(user) -> Iterator[list[str]]:
    zone = zone_of(user)
    for page in records.glimmer_pages(user):
        for g in page:
            local = timezone.localtime(g.noticed_at, zone)
            photos = [
                photo_name(g.pk, n, p.image.name)
                for n, p in enumerate(records.photos_in_order(g), start=1)
            ]
            yield [
                str(g.pk),
                (g.local_date or local.date()).isoformat(),
                local.strftime("%H:%M"),
                local.isoformat(),
                g.kind,
                g.period,
                g.text,
                _joined(s.slug for s in g.shown_senses),
                _joined(c.slug for c in g.shown_body_cues),
                g.state_before,
                g.state_after,
                g.place,
                _joined(p.name for p in g.shown_people),
                _joined(v.name for v in g.shown_values),
                _joined(t.name for t in g.shown_tags),
                str(g.anchored_seconds),
                g.surprise,
                g.gratitude,
                "yes" if g.reliable else "no",
                _joined(photos),
                timezone.localtime(g.created_at, zone).isoformat(),
                timezone.localtime(g.updated_at, zone).isoformat(),
            ]


def _lines(user) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield "\ufeff"
    writer.writerow(COLUMNS)
    for n, row in enumerate(rows(user), start=1):
        writer.writerow([safe_cell(cell) for cell in row])
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_export(user) -> Iterator[bytes]:
    return encoded(_lines(user))
