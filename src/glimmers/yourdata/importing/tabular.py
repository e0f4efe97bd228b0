"""What the CSV readers share: rows read one at a time, and times of day as people write them."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import time
from pathlib import Path

from django.utils.translation import gettext as _

from glimmers.yourdata.importing.entries import Unreadable
from glimmers.yourdata.importing.textfiles import not_text, open_text

# A day with no time of day is placed at noon, well inside the person's day
# whatever hour they say it starts.
NOON = time(12, 0)

_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*([ap]\.?\s?m\.?)?$", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """'20:30', '8:30 PM', '08:30:15', '8.30 am' → a time; '' → noon; else None."""
    text = text.strip()
    if not text:
        return NOON
    match = _CLOCK.match(text)
    if not match:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    half = (match.group(4) or "").lower().replace(".", "").replace(" ", "")
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, its cells) for each row, the header first.

    Read one row at a time (bounded memory), strictly: a quote left open at
    the end (a file cut short) makes the whole file unreadable.
    """
    with open_text(path) as stream:
        sample = stream.read(64 * 1024)
        stream.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0] or ",", delimiters=",;\t")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ","
        reader = csv.reader(stream, delimiter=delimiter, strict=True)
        start = 1
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except UnicodeDecodeError:
            raise not_text() from None
        except csv.Error as problem:
            raise Unreadable(
                _(
                    "That CSV breaks at line %(line)s (%(why)s), so nothing was brought in. "
                    "It may have been cut short: export it again."
                )
                % {"line": reader.line_num, "why": problem}
            ) from None


def header_of(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header row (names as written) and the rows after it."""
    found = rows(path)
    try:
        _line, header = next(found)
    except StopIteration:
        raise Unreadable(_("That file is empty.")) from None
    except UnicodeDecodeError:
        raise not_text() from None
    return [name.strip() for name in header], found


def note_text(text: str) -> str:
    """Daylio's <br> as line breaks; line ends made plain."""
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
