"""Which export is which: its file name, its type, and its bytes.

The command line, the download page and the API all ask ``export_for`` and
write the chunks it gives, so each format is made one way only.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from glimmers.time import zone_of
from glimmers.yourdata.exporting import records
from glimmers.yourdata.exporting.markdown import markdown_export
from glimmers.yourdata.exporting.own_format import json_export
from glimmers.yourdata.exporting.spreadsheet import csv_export

STREAMED = ("json", "markdown", "csv")
FORMATS = (*STREAMED, "pdf")


@dataclass
class Export:
    filename: str
    content_type: str
    chunks: Iterator[bytes]
    is_zip: bool


class PdfNotAvailable(Exception):
    """The PDF scrapbook can't be made: not part of this Glimmers (yet), or too big a choice."""


def export_for(user, fmt: str) -> Export:
    """The export of ``user``'s journal in ``fmt`` (json, markdown or csv)."""
    when = timezone.localtime(timezone.now(), zone_of(user))
    stem = f"glimmers-{when:%Y-%m-%d}"
    if fmt == "json":
        with_photos = records.has_photos(user)
        chunks = json_export(user, with_photos=with_photos, when=when)
        if with_photos:
            return Export(f"{stem}.zip", "application/zip", chunks, True)
        return Export(f"{stem}.json", "application/json; charset=utf-8", chunks, False)
    if fmt == "markdown":
        return Export(
            f"{stem}-markdown.zip", "application/zip", markdown_export(user, when=when), True
        )
    if fmt == "csv":
        return Export(f"{stem}.csv", "text/csv; charset=utf-8", csv_export(user), False)
    raise ValueError(f"not a streamed format: {fmt!r}")


def pdf_filename(user) -> str:
    when = timezone.localtime(timezone.now(), zone_of(user))
    return f"glimmers-{when:%Y-%m-%d}.pdf"


def write_pdf(
    user,
    out,
    *,
    since: date | None = None,
    until: date | None = None,
    tag: str | None = None,
    reliable_only: bool = False,
) -> None:
    """The PDF scrapbook (helper module ``pdf.py``), or PdfNotAvailable when it isn't there."""
    try:
        # Looked up by name each time (sys.modules), not as the package's attribute.
        pdf = importlib.import_module("glimmers.yourdata.exporting.pdf")
    except ImportError:
        raise PdfNotAvailable(_("The PDF scrapbook isn't available yet.")) from None
    writer = getattr(pdf, "write_pdf", None)
    if writer is None:
        raise PdfNotAvailable(_("The PDF scrapbook isn't available yet."))
    try:
        writer(user, out, since=since, until=until, tag=tag or None, reliable_only=reliable_only)
    except getattr(pdf, "BookTooLarge", ()) as problem:
        raise PdfNotAvailable(str(problem)) from None


def close(chunks: Iterator[bytes]) -> None:
    """Stop an export part-way (its generator's files and queries are let go)."""
    with contextlib.suppress(Exception):
        chunks.close()  # type: ignore[attr-defined]
