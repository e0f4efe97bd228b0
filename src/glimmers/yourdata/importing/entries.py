"""What every format's reader gives: entries, the lines it could not read, and why.

A reader is a generator over one file (or folder, or archive). It yields an
``Entry`` for each entry it understood, a ``Problem`` for each one it could
not use (with its line or name, so a person can find it), and raises
``Unreadable`` when the file as a whole cannot be read (wrong format,
truncated, corrupt): then nothing at all is brought in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from glimmers.journal.models import NAME_MAX_LENGTH


class Unreadable(Exception):
    """The whole file can't be read; the message says why, in plain words."""


@dataclass
class PhotoSource:
    """A photo that belongs to an entry, read only when it is needed."""

    name: str
    read: Callable[[], bytes]
    present: bool = True  # False: the entry names it, but the file isn't there


@dataclass
class Entry:
    key: str  # the format and a hash of the entry's own identity
    text: str
    noticed_at: datetime  # aware
    tags: list[str] = field(default_factory=list)
    photos: list[PhotoSource] = field(default_factory=list)
    where: str = ""  # "line 12", "2026-06-01.md": where a person finds it in the file


@dataclass
class Problem:
    where: str
    message: str
    left_out: bool = False  # True: readable, but not brought in on purpose (said why)


def source_key(format_name: str, *identity: object) -> str:
    """A stable key for one entry: its format and a hash of what makes it itself."""
    joined = "\x1f".join("" if part is None else str(part) for part in identity)
    return f"{format_name}:{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:64]}"


def aware(moment: datetime, zone: tzinfo) -> datetime:
    """A moment with its own offset as it is; one with none, in the person's time zone."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        return moment
    return moment.replace(tzinfo=zone)


_NOT_IN_A_TAG = re.compile(r"[^\w-]+")


def tag_name(raw: str) -> str:
    """A tag as Glimmers writes it (#word): '@sea' → 'sea', 'good meal' → 'good-meal'."""
    name = raw.strip().lstrip("#@").strip()
    name = _NOT_IN_A_TAG.sub("-", name).strip("-_")
    return name[:NAME_MAX_LENGTH].lower()


def with_tags(text: str, tags: list[str]) -> str:
    """The text, and a last line of the #tags it doesn't already carry.

    Glimmers reads tags from the words (#sea), so a tag another journal kept
    beside the text is written after it, once, and the text itself is kept
    exactly as it was.
    """
    from glimmers.journal.services import tags_in

    present = set(tags_in(text))
    wanted: dict[str, None] = {}
    for raw in tags:
        name = tag_name(raw)
        if name and name not in present:
            wanted.setdefault(name, None)
    if not wanted:
        return text
    line = " ".join(f"#{name}" for name in wanted)
    return f"{text}\n\n{line}" if text.strip() else line


def clean_text(text: str) -> str:
    """Line ends made plain (\\r\\n → \\n) and NUL characters removed: nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
