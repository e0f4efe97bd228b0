"""Opening the files a journal comes in: text read line by line, JSON within a bound."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from glimmers.yourdata.importing.entries import Unreadable

# A journal's JSON is read whole (jrnl and Day One write one document); this
# bounds the memory that takes. 100,000 jrnl entries are about 30 MB.
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


def load_json(data: bytes | IO[bytes], what: str) -> Any:
    """A JSON document (bytes or a binary stream), or Unreadable saying why."""
    if not isinstance(data, bytes):
        data = data.read(JSON_MAX_BYTES + 1)
        if len(data) > JSON_MAX_BYTES:
            raise Unreadable(
                _("%(what)s is larger than we can read safely (over %(mb)s MB).")
                % {"what": what, "mb": JSON_MAX_BYTES // (1024 * 1024)}
            )
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise not_text() from None
    except (json.JSONDecodeError, RecursionError) as problem:
        raise Unreadable(
            _(
                "%(what)s isn't complete JSON (it stops or breaks at line %(line)s), "
                "so nothing was brought in. It may have been cut short: export it again."
            )
            % {"what": what, "line": getattr(problem, "lineno", "?")}
        ) from None


def read_head(path: Path, size: int = 64 * 1024) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(size)
    except OSError as problem:
        raise Unreadable(
            _("That file can't be opened (%(why)s).") % {"why": problem.strerror}
        ) from None
