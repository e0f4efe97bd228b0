"""Markdown notes, one file a day (Obsidian daily notes and the like): a folder, or a ZIP of one.

Each file becomes one glimmer: its words as written (after the front
matter), dated by the front matter's ``date`` if it has one, else by the
``2026-06-01`` in its name. A day with no time of day is placed at noon, in
the person's time zone. Front matter ``tags`` (a list, or words separated by
commas) become #tags; #tags already in the words stay as they are. Other
front matter is not brought in. Symbolic links are not followed.

Pictures a note embeds (``![[photo.jpg]]``, ``![words](photo.jpg)``) that
are in the folder or ZIP are attached to its glimmer, through the same check
as an upload (no EXIF or GPS survives), and taken out of the words.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from glimmers.yourdata.importing.archive import SafeZip, TooLarge
from glimmers.yourdata.importing.entries import (
    Entry,
    PhotoSource,
    Problem,
    Unreadable,
    aware,
    clean_text,
    source_key,
)
from glimmers.yourdata.importing.tabular import NOON

SUFFIXES = (".md", ".markdown")
NOTE_MAX_BYTES = 1024 * 1024  # far above the 5,000 characters a glimmer holds
MAX_NOTES = 200_000
DAY_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(the YAML front matter's simple keys, the text after it).

    Only what a daily note uses is read: ``key: value``, ``key: [a, b]`` and
    a key followed by ``- item`` lines. Anything else is left alone.
    """
    if not text.startswith("---\n"):
        return {}, text
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        return {}, text
    block, rest = text[4 : 4 + end.start()], text[4 + end.end() :]
    found: dict[str, Any] = {}
    key = None
    for line in block.splitlines():
        item = re.match(r"^\s+-\s+(.*)$", line) or re.match(r"^-\s+(.*)$", line)
        if item and key is not None:
            value = found.get(key)
            found[key] = (
                [*value, _unquoted(item.group(1))]
                if isinstance(value, list)
                else [_unquoted(item.group(1))]
            )
            continue
        pair = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if not pair:
            continue
        key, value = pair.group(1).lower(), pair.group(2).strip()
        if value.startswith("[") and value.endswith("]"):
            found[key] = [_unquoted(v) for v in value[1:-1].split(",") if v.strip()]
        elif value:
            found[key] = _unquoted(value)
        else:
            found[key] = []
    return found, rest.lstrip("\n")


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _moment(meta: dict[str, Any], name: str) -> datetime | None:
    written = meta.get("date")
    if isinstance(written, str) and written:
        try:
            moment = datetime.fromisoformat(written.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            has_clock = re.search(r"\d:\d\d", written) is not None
            return moment if has_clock else datetime.combine(moment.date(), NOON)
    match = DAY_IN_NAME.search(PurePosixPath(name).stem)
    if match:
        try:
            return datetime.combine(date(*(int(part) for part in match.groups())), NOON)
        except ValueError:
            return None
    return None


def _tags(meta: dict[str, Any]) -> list[str]:
    raw = meta.get("tags", meta.get("tag", []))
    if isinstance(raw, str):
        raw = re.split(r"[,\s]+", raw)
    return [str(tag) for tag in raw if str(tag).strip("#@ ")]


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
# ![[photo.jpg]] / ![[photo.jpg|300]] (Obsidian) and ![words](photos/photo.jpg) (Markdown).
EMBED = re.compile(r"!\[\[([^\]|\n]+)(?:\|[^\]\n]*)?\]\]|!\[[^\]\n]*\]\(<?([^)<>\n]+?)>?\)")


class Photos:
    """The pictures beside the notes, found as Obsidian finds them: by the path the
    note gives (from the note's folder, then from the top), else by the file's name
    anywhere. Only names inside the folder or ZIP are ever looked at."""

    def __init__(self, names: list[str], read):
        self.names = set(names)
        self.by_name: dict[str, str] = {}
        for name in sorted(names):
            self.by_name.setdefault(PurePosixPath(name).name.lower(), name)
        self._read = read

    def find(self, note: str, target: str) -> PhotoSource | None:
        from urllib.parse import unquote

        target = unquote(target.strip())
        if not target.lower().endswith(IMAGE_SUFFIXES) or "://" in target:
            return None
        here = PurePosixPath(note).parent
        for candidate in (here / target, PurePosixPath(target)):
            tidy = _tidy(candidate)
            if tidy in self.names:
                return PhotoSource(PurePosixPath(tidy).name, lambda tidy=tidy: self._read(tidy))
        found = self.by_name.get(PurePosixPath(target).name.lower())
        if found is None:
            return None
        return PhotoSource(PurePosixPath(found).name, lambda: self._read(found))


def _tidy(path: PurePosixPath) -> str:
    """'a/./b/../c.jpg' → 'a/c.jpg'; a path that climbs out of the top → ''."""
    parts: list[str] = []
    for part in path.parts:
        if part in (".", ""):
            continue
        if part == "..":
            if not parts:
                return ""
            parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def _attach(name: str, body: str, photos: Photos | None) -> tuple[str, list[PhotoSource]]:
    """The words with each embedded picture that was found taken out, and the pictures."""
    attached: list[PhotoSource] = []
    if photos is None:
        return body, attached

    def swap(match: re.Match) -> str:
        source = photos.find(name, match.group(1) or match.group(2))
        if source is None:
            return match.group(0)  # not a picture we have: the link stays as written
        attached.append(source)
        return ""

    text = EMBED.sub(swap, body)
    if attached:
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text, attached


def _note(name: str, data: bytes | None, zone, photos: Photos | None = None) -> Entry | Problem:
    if data is None:
        return Problem(name, _("It is larger than a note we read (over 1 MB)."))
    try:
        text = clean_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Problem(name, _("It isn't UTF-8 text."))
    meta, body = front_matter(text)
    moment = _moment(meta, name)
    if moment is None:
        return Problem(name, _("It has no date, in its name (2026-06-01.md) or its front matter."))
    body = body.strip()
    text, attached = _attach(name, body, photos)
    return Entry(
        key=source_key("markdown", name, body),
        text=text,
        noticed_at=aware(moment, zone),
        tags=_tags(meta),
        photos=attached,
        where=name,
    )


def _folder_notes(root: Path) -> Iterator[tuple[str, bytes | None] | Problem]:
    count = 0
    for folder, folders, files in os.walk(root, followlinks=False):
        folders[:] = sorted(f for f in folders if not f.startswith("."))  # .obsidian, .git
        for file_name in sorted(files):
            if not file_name.lower().endswith(SUFFIXES):
                continue
            path = Path(folder) / file_name
            name = path.relative_to(root).as_posix()
            if path.is_symlink():
                yield Problem(name, _("It is a link to another file, which we don't follow."))
                continue
            count += 1
            if count > MAX_NOTES:
                raise Unreadable(_("That folder has more notes than we read at once."))
            with path.open("rb") as stream:
                data = stream.read(NOTE_MAX_BYTES + 1)
            yield name, (data if len(data) <= NOTE_MAX_BYTES else None)


def _reader(root: Path):
    def read(name: str) -> bytes:
        with (root / name).open("rb") as stream:
            data = stream.read(settings.PHOTO_MAX_BYTES + 1)
        if len(data) > settings.PHOTO_MAX_BYTES:
            raise TooLarge(_("It is larger than a photo may be."))
        return data

    return read


def _folder_photos(root: Path) -> Photos:
    names = []
    for folder, folders, files in os.walk(root, followlinks=False):
        folders[:] = [f for f in folders if not f.startswith(".")]
        for file_name in files:
            path = Path(folder) / file_name
            if file_name.lower().endswith(IMAGE_SUFFIXES) and not path.is_symlink():
                names.append(path.relative_to(root).as_posix())
                if len(names) > MAX_NOTES:
                    raise Unreadable(_("That folder has more pictures than we read at once."))

    return Photos(names, _reader(root))


def _zip_photos(archive: SafeZip) -> Photos:
    names = [
        name
        for name in archive.names()
        if name.lower().endswith(IMAGE_SUFFIXES)
        and not any(p.startswith((".", "__MACOSX")) for p in PurePosixPath(name).parts)
    ]
    return Photos(names, lambda name: archive.read(name, settings.PHOTO_MAX_BYTES))


def _zip_notes(archive: SafeZip) -> Iterator[tuple[str, bytes | None] | Problem]:
    for name in sorted(archive.names()):
        parts = PurePosixPath(name).parts
        if not name.lower().endswith(SUFFIXES) or any(
            p.startswith((".", "__MACOSX")) for p in parts
        ):
            continue
        try:
            data = archive.read(name, NOTE_MAX_BYTES)
        except TooLarge:
            data = None
        yield name, data


def read(path: Path, options: dict[str, Any]) -> Iterator[Entry | Problem]:
    zone = options["zone"]
    if path.is_dir():
        notes, photos = _folder_notes(path), _folder_photos(path)
    elif path.suffix.lower() in SUFFIXES:
        notes, photos = _folder_notes_of_one(path), _folder_photos_beside(path)
    else:
        archive = options["resources"].enter_context(SafeZip(path))
        notes, photos = _zip_notes(archive), _zip_photos(archive)
    found = False
    for note in notes:
        if isinstance(note, Problem):
            yield note
            continue
        found = True
        yield _note(note[0], note[1], zone, photos)
    if not found:
        raise Unreadable(_("There are no Markdown notes (.md files) there."))


def _folder_photos_beside(path: Path) -> Photos:
    """One note alone: the pictures in its own folder (not below it), by name."""
    root = path.parent
    names = [
        p.name
        for p in sorted(root.iterdir())
        if p.is_file() and not p.is_symlink() and p.name.lower().endswith(IMAGE_SUFFIXES)
    ][:MAX_NOTES]

    return Photos(names, _reader(root))


def _folder_notes_of_one(path: Path) -> Iterator[tuple[str, bytes | None]]:
    with path.open("rb") as stream:
        data = stream.read(NOTE_MAX_BYTES + 1)
    yield path.name, (data if len(data) <= NOTE_MAX_BYTES else None)
