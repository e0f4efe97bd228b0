"""jrnl 4.x: its plain-text journal file, and `jrnl --export json`.

The text file: each entry starts on a line ``[<date>] <title…>`` written in
the journal's ``timeformat`` (by default ``%Y-%m-%d %I:%M:%S %p``), with a
`` *`` after the title when it is starred; its body follows on the next lines.
A line in brackets that isn't a date in that format is part of a body, as
jrnl reads it.

The JSON export: ``{"tags": {...}, "entries": [{"title", "body", "date",
"time", "tags", "starred"}]}``.

Both give the same glimmer: the title and body as written (tags ``@like-this``
stay in the words, and are added as #tags), and a star as the tag #starred.
A star says "I marked this one", for whatever reason; the glimmer menu
("reliable") is a promise that it helps in a hard moment, which only the
person can make, so a star never puts an entry on it.
"""

from __future__ import annotations

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
from glimmers.yourdata.importing.textfiles import json_entries, lines, open_text, read_head

DEFAULT_TIMEFORMAT = "%Y-%m-%d %I:%M:%S %p"
HEADING = re.compile(r"^\[([^\]\n]{1,64})\] ?(.*)$")
JRNL_TAG = re.compile(r"(?<![\w@])@(\w[\w-]*)")


def _identity(moment: datetime, text: str) -> str:
    # Minutes only, and the words with their spacing folded: the text file and
    # the JSON export of one journal give the same key for the same entry.
    return source_key("jrnl", moment.strftime("%Y-%m-%dT%H:%M"), " ".join(text.split()))


def timeformat_beside(path: Path) -> str | None:
    """The ``timeformat`` of a jrnl.yaml next to the journal file, if there is one."""
    config = path.parent / "jrnl.yaml"
    if not config.is_file():
        return None
    try:
        text = config.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.search(r"^\s*timeformat:\s*(['\"]?)(.+?)\1\s*$", text, re.MULTILINE)
    return match.group(2) if match else None


def looks_like_text(head: str, timeformat: str | None = None) -> bool:
    first = next((line for line in head.splitlines() if line.strip()), "")
    match = HEADING.match(first)
    if not match:
        return False
    if timeformat is None:
        # Some date in brackets: read as jrnl, whose reader says how to give its timeformat.
        return re.search(r"\d{1,4}\D\d{1,2}\D\d{1,4}", match.group(1)) is not None
    return _moment(match.group(1), timeformat) is not None


def _moment(text: str, timeformat: str) -> datetime | None:
    try:
        return datetime.strptime(text.strip(), timeformat)
    except ValueError:
        return None


def _entry(moment, text_lines: list[str], line: int, zone) -> Entry:
    title = text_lines[0]
    starred = title.endswith(" *") or title == "*"
    if starred:
        text_lines = [title[:-2] if title.endswith(" *") else "", *text_lines[1:]]
    text = clean_text("\n".join(text_lines)).strip("\n").rstrip()
    tags = JRNL_TAG.findall(text) + (["starred"] if starred else [])
    return Entry(
        key=_identity(moment, text),
        text=text,
        noticed_at=aware(moment, zone),
        tags=tags,
        where=_("line %(line)s") % {"line": line},
    )


def read_text(path: Path, options: dict[str, Any]) -> Iterator[Entry | Problem]:
    zone = options["zone"]
    timeformat = options.get("jrnl_timeformat") or timeformat_beside(path) or DEFAULT_TIMEFORMAT
    current: list[str] | None = None
    moment = started = None
    found = False
    with open_text(path) as stream:
        for number, line in lines(stream):
            match = HEADING.match(line)
            heading = _moment(match.group(1), timeformat) if match else None
            if heading is not None:
                if current is not None:
                    yield _entry(moment, current, started, zone)
                current, moment, started, found = [match.group(2)], heading, number, True
            elif current is not None:
                current.append(line)
            elif line.strip():
                raise Unreadable(
                    _(
                        "Line %(line)s doesn't start with a date in brackets in the format "
                        "%(format)s, so this doesn't read as a jrnl journal. If your jrnl uses "
                        "another timeformat, give it with --jrnl-timeformat."
                    )
                    % {"line": number, "format": timeformat}
                )
    if current is not None:
        yield _entry(moment, current, started, zone)
    if not found:
        raise Unreadable(_("That file has no jrnl entries in it."))


def read_json(path: Path, options: dict[str, Any]) -> Iterator[Entry | Problem]:
    zone = options["zone"]
    with path.open("rb") as stream:
        for number, item in enumerate(json_entries(stream, _("That file")), start=1):
            yield from _json_entry(number, item, zone)


def _json_entry(number: int, item: Any, zone) -> Iterator[Entry | Problem]:
    where = _("entry %(n)s") % {"n": number}
    if not isinstance(item, dict):
        yield Problem(where, _("It isn't an entry."))
        return
    try:
        moment = datetime.strptime(
            f"{item['date']} {item.get('time') or '00:00'}", "%Y-%m-%d %H:%M"
        )
    except (KeyError, TypeError, ValueError):
        yield Problem(where, _("Its date or time can't be read."))
        return
    title = str(item.get("title") or "")
    body = str(item.get("body") or "")
    text = clean_text(f"{title}\n{body}" if body.strip() else title).strip("\n").rstrip()
    tags = [str(t) for t in item.get("tags") or [] if isinstance(t, str)]
    if item.get("starred"):
        tags.append("starred")
    yield Entry(
        key=_identity(moment, text),
        text=text,
        noticed_at=aware(moment, zone),
        tags=tags,
        where=where,
    )


def read(path: Path, options: dict[str, Any]) -> Iterator[Entry | Problem]:
    head = read_head(path, 1024).decode("utf-8-sig", errors="replace").lstrip()
    if head.startswith("{"):
        return read_json(path, options)
    return read_text(path, options)
