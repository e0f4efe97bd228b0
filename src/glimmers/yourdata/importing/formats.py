"""The formats we read, and telling them apart by their contents (``--format auto``)."""

from __future__ import annotations

import importlib
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from glimmers.yourdata.importing.entries import Unreadable
from glimmers.yourdata.importing.glimmers_json import looks_like_glimmers_json
from glimmers.yourdata.importing.textfiles import read_head

# name -> (module with read(path, options), what a person sees)
FORMATS = {
    "jrnl": ("jrnl", gettext_lazy("jrnl (its text file or its JSON export)")),
    "daylio": ("daylio", gettext_lazy("Daylio (CSV export)")),
    "csv": ("csvfile", gettext_lazy("A spreadsheet (CSV with a header row)")),
    "dayone": ("dayone", gettext_lazy("Day One (ZIP or JSON export)")),
    "markdown": ("markdown", gettext_lazy("Markdown notes (a folder or ZIP, one file a day)")),
    "glimmers": ("", gettext_lazy("Glimmers' own export")),
}
CHOICES = ["auto", *FORMATS]


def reader(name: str) -> Callable:
    if name not in FORMATS or name == "glimmers":
        raise Unreadable(_("“%(name)s” isn't a format we read.") % {"name": name})
    module = importlib.import_module(f"glimmers.yourdata.importing.{FORMATS[name][0]}")
    return module.read


def detect(path: Path) -> str:
    """Which format ``path`` is in, judged from what is inside it, or Unreadable."""
    if path.is_dir():
        return "markdown"
    if looks_like_glimmers_json(path):
        return "glimmers"
    if zipfile.is_zipfile(path):
        from glimmers.yourdata.importing.archive import SafeZip

        with SafeZip(path) as archive:
            names = [
                name
                for name in archive.names()
                if not any(part.startswith((".", "__MACOSX")) for part in name.split("/"))
            ]
        if any(name.lower().endswith(".json") and name.count("/") <= 1 for name in names):
            return "dayone"
        if any(name.lower().endswith((".md", ".markdown")) for name in names):
            return "markdown"
        raise Unreadable(_("That ZIP has neither a Day One journal nor Markdown notes in it."))
    head = read_head(path)
    if head.startswith(b"PK\x03\x04"):  # a ZIP that zipfile can't open: cut short or damaged
        from glimmers.yourdata.importing.archive import SafeZip

        SafeZip(path).close()  # raises the plain message
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        if problem.start < len(head) - 4:  # not just a character cut at the end of the sample
            from glimmers.yourdata.importing.textfiles import not_text

            raise not_text() from None
        text = head[: problem.start].decode("utf-8-sig")
    stripped = text.lstrip()
    if not stripped:
        raise Unreadable(_("That file is empty."))
    if stripped.startswith("{"):
        if '"creationDate"' in stripped:
            return "dayone"
        if '"entries"' in stripped:
            return "jrnl"
        raise Unreadable(_("That JSON isn't a journal we know (jrnl, Day One or Glimmers)."))
    from glimmers.yourdata.importing import jrnl

    if jrnl.looks_like_text(stripped, jrnl.timeformat_beside(path)) or jrnl.looks_like_text(
        stripped
    ):
        return "jrnl"
    first = stripped.splitlines()[0].lower()
    columns = {column.strip().strip('"') for column in first.split(",")}
    if {"mood", "activities", "weekday"} <= columns:
        return "daylio"
    if path.suffix.lower() in (".md", ".markdown") or stripped.startswith("---"):
        return "markdown"
    if any(mark in first for mark in (",", ";", "\t")):
        return "csv"
    raise Unreadable(
        _(
            "We couldn't tell which journal that file comes from. Choose its format "
            "(jrnl, Daylio, CSV, Day One, Markdown) and try again."
        )
    )
