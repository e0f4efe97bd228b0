"""Opening the files a journal comes in: text line by line, JSON an entry at a time."""

from __future__ import annotations

import codecs
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from glimmers.yourdata.importing.entries import Unreadable

# The most of one JSON document (jrnl's or Day One's export) we read, a piece at a
# time (json_entries). 100,000 jrnl entries are about 23 MB.
JSON_MAX_BYTES = 256 * 1024 * 1024


def not_text() -> Unreadable:
    return Unreadable(
        _("That file isn't UTF-8 text, so nothing was brought in. Save it as UTF-8 and try again.")
    )


def lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    """(line number from 1, line without its end) for each line; Unreadable if not UTF-8."""
    number = 0
    try:
        for number, line in enumerate(stream, start=1):
            yield number, line.rstrip("\r\n")
    except UnicodeDecodeError:
        raise Unreadable(
            _(
                "Line %(line)s of that file isn't UTF-8 text, so nothing was brought in. "
                "Save it as UTF-8 and try again."
            )
            % {"line": number + 1}
        ) from None


def open_text(path: Path) -> IO[str]:
    """A text file, UTF-8 with or without a byte-order mark, lines kept as written."""
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as problem:
        raise Unreadable(
            _("That file can't be opened (%(why)s).") % {"why": problem.strerror}
        ) from None


def read_head(path: Path, size: int = 64 * 1024) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(size)
    except OSError as problem:
        raise Unreadable(
            _("That file can't be opened (%(why)s).") % {"why": problem.strerror}
        ) from None


READ_CHUNK = 1024 * 1024
ENTRY_MAX_CHARS = 8 * 1024 * 1024  # one entry, however long its words, is far smaller
_ENTRIES_KEY = re.compile(r'"entries"\s*:\s*\[')


def _broken_json(what: str, count: int) -> Unreadable:
    return Unreadable(
        _(
            "%(what)s isn't complete JSON (it stops or breaks after entry %(n)s), "
            "so nothing was brought in. It may have been cut short: export it again."
        )
        % {"what": what, "n": count}
    )


def json_entries(stream: IO[bytes], what: str, most: int = JSON_MAX_BYTES) -> Iterator[Any]:
    """Each item of a JSON document's ``"entries"`` list, read a piece at a time.

    jrnl's and Day One's exports are one JSON object holding a list of
    entries; read whole, 100,000 of them take some 175 MB. This reads a
    megabyte at a time and hands out one entry at a time, so the memory is
    that of one entry and one piece of the file. What comes before the list
    (jrnl's tag counts, Day One's metadata) is skipped; a file that stops
    before the list is closed is refused, as cut short.
    """
    decoder = json.JSONDecoder()
    text = codecs.getincrementaldecoder("utf-8-sig")()
    state = {"buffer": "", "end": False, "read": 0}

    def more() -> None:
        try:
            piece = stream.read(READ_CHUNK)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            raise Unreadable(
                _("%(what)s is damaged or cut short, so nothing was brought in.") % {"what": what}
            ) from None
        state["read"] += len(piece)
        if state["read"] > most:
            raise Unreadable(
                _("%(what)s is larger than we read safely (over %(mb)s MB).")
                % {"what": what, "mb": most // (1024 * 1024)}
            )
        try:
            state["buffer"] += text.decode(piece, final=not piece)
        except UnicodeDecodeError:
            raise not_text() from None
        state["end"] = not piece

    more()
    while not state["buffer"].strip() and not state["end"]:
        state["buffer"] = ""
        more()
    if not state["buffer"].lstrip().startswith("{"):
        raise Unreadable(_("%(what)s isn't JSON.") % {"what": what})
    while (found := _ENTRIES_KEY.search(state["buffer"])) is None:
        if state["end"]:
            raise Unreadable(
                _(
                    "%(what)s has no list of entries in it (or it was cut short before one), "
                    "so nothing was brought in."
                )
                % {"what": what}
            )
        state["buffer"] = state["buffer"][-64:]  # the key may straddle two pieces
        more()
    buffer, position, count, want_value = state["buffer"][found.end() :], 0, 0, True
    while True:
        while position < len(buffer) and buffer[position] in " \t\r\n":
            position += 1
        if position >= len(buffer):
            if state["end"]:
                raise _broken_json(what, count)
            state["buffer"], position = "", 0
            more()
            buffer = state["buffer"]
            continue
        mark = buffer[position]
        if mark == "]" and (want_value is False or count == 0):
            return
        if mark == "," and not want_value:
            position, want_value = position + 1, True
            continue
        if not want_value:
            raise _broken_json(what, count)
        try:
            value, end = decoder.raw_decode(buffer, position)
            complete = end < len(buffer) or state["end"]
        except json.JSONDecodeError:
            complete = False
        if not complete:
            if state["end"] or len(buffer) - position > ENTRY_MAX_CHARS:
                raise _broken_json(what, count)
            state["buffer"] = buffer[position:]
            more()
            buffer, position = state["buffer"], 0
            continue
        count += 1
        yield value
        position, want_value = end, False
        if position > READ_CHUNK:
            buffer, position = buffer[position:], 0
