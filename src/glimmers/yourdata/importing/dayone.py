"""Day One's JSON export: a ZIP of ``Journal.json`` (one JSON per journal) and ``photos/``.

Each entry: ``uuid``, ``creationDate`` (an instant, in UTC), ``timeZone``,
``text`` (Markdown, with Day One's backslashes before punctuation), ``tags``,
``starred``, and ``photos`` (``identifier``, ``md5``, ``type``). The text
shows a photo as ``![](dayone-moment://<identifier>)``; that link becomes the
photo itself, attached to the glimmer (the file ``photos/<md5>.<type>``),
re-encoded so that no EXIF or GPS tag of the original survives. Videos, audio
and PDFs are not brought in, and neither is the entry's location. A star is
the tag #starred, for the reason given in jrnl.py.

A lone ``Journal.json`` (no ZIP) comes in the same way, without its photos.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from glimmers.yourdata.importing import archive as archive_module
from glimmers.yourdata.importing.archive import SafeZip
from glimmers.yourdata.importing.entries import (
    Entry,
    PhotoSource,
    Problem,
    Unreadable,
    clean_text,
    source_key,
)
from glimmers.yourdata.importing.textfiles import JSON_MAX_BYTES, json_entries, read_head

MOMENT_LINK = re.compile(r"!\[[^\]\n]*\]\(dayone-moment:/{1,2}(?:(\w+)/)?([A-Za-z0-9-]+)\)[ \t]*")
# Day One writes "\." "\!" "\-" … for punctuation Markdown could read as markup.
# "\#" stays as written: unescaped, it would turn a plain "#" into a tag.
ESCAPED = re.compile(r"\\([\\.!\-()\[\]*_+>`{}|~])")


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _readable(text: str) -> str:
    text = ESCAPED.sub(r"\1", clean_text(text))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _entries(stream, what: str, photos_at, most: int) -> Iterator[Entry | Problem]:
    for number, item in enumerate(json_entries(stream, what, most), start=1):
        where = f"{what}, " + _("entry %(n)s") % {"n": number}
        if not isinstance(item, dict):
            yield Problem(where, _("It isn't an entry."))
            continue
        moment = _moment(item.get("creationDate"))
        if moment is None:
            yield Problem(where, _("Its date can't be read."))
            continue
        raw = item.get("text") if isinstance(item.get("text"), str) else ""
        by_identifier = {
            str(photo.get("identifier")): photo
            for photo in item.get("photos") or []
            if isinstance(photo, dict)
        }
        attached: list[PhotoSource] = []
        skipped = 0

        def swap(match: re.Match, by_identifier=by_identifier, attached=attached) -> str:
            nonlocal skipped
            kind, identifier = match.group(1), match.group(2)
            photo = by_identifier.pop(identifier, None) if kind in (None, "photo") else None
            if photo is None:
                skipped += 1
                return ""
            attached.append(photos_at(photo))
            return ""

        text = _readable(MOMENT_LINK.sub(swap, raw))
        # Photos the text does not place are attached too, in their own order.
        for photo in sorted(by_identifier.values(), key=lambda p: p.get("orderInEntry", 0)):
            attached.append(photos_at(photo))
        if skipped:
            yield Problem(
                where, _("A video, a recording or a PDF in an entry isn't brought in."), True
            )
        tags = [str(t) for t in item.get("tags") or [] if isinstance(t, str)]
        if item.get("starred"):
            tags.append("starred")
        identity = item.get("uuid") or f"{moment.isoformat()}\x1f{text}"
        yield Entry(
            key=source_key("dayone", identity),
            text=text,
            noticed_at=moment,
            tags=tags,
            photos=[source for source in attached if source is not None],
            where=where,
        )


def _missing(name: str) -> PhotoSource:
    def read() -> bytes:
        raise Unreadable(_("The photo isn't in the export."))

    return PhotoSource(name, read, present=False)


def read(path: Path, options: dict[str, Any]) -> Iterator[Entry | Problem]:
    if not _is_zip(path):
        with path.open("rb") as stream:
            yield from _entries(
                stream, path.name, lambda p: _missing(_photo_file(p)), JSON_MAX_BYTES
            )
        return
    archive = options["resources"].enter_context(SafeZip(path))
    journals = [
        name
        for name in archive.names()
        if name.lower().endswith(".json") and len(PurePosixPath(name).parts) <= 2
    ]
    if not journals:
        raise Unreadable(_("That ZIP has no Day One journal (a .json file) in it."))
    photo_members = {
        PurePosixPath(name).name: name
        for name in archive.names()
        if "photos" in PurePosixPath(name).parts[:-1]
    }

    def photos_at(photo: dict) -> PhotoSource:
        file_name = _photo_file(photo)
        member = photo_members.get(file_name)
        if member is None:
            return _missing(file_name)
        return PhotoSource(file_name, lambda: archive.read(member, settings.PHOTO_MAX_BYTES))

    for name in sorted(journals):
        with archive.open(name) as stream:
            yield from _entries(stream, name, photos_at, archive_module.MAX_MEMBER_BYTES)


def _photo_file(photo: dict) -> str:
    kind = str(photo.get("type") or "jpeg").lower()
    return f"{photo.get('md5')}.{kind}"


def _is_zip(path: Path) -> bool:
    """A ZIP by its first bytes (so a cut-short one is still read as a ZIP, and refused)."""
    return read_head(path, 4) == b"PK\x03\x04"
