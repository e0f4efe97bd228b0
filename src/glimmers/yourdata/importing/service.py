"""Bring a journal in: the one path the command line and the page both take.

``import_journal`` reads a file twice with the format's reader:

1. **The check** reads every entry and checks it, writing nothing (it is the
   whole of a dry run). A file that turns out to be truncated, corrupt or
   in another format is refused here with one message, and the journal is
   exactly as it was.
2. **The writing** reads it again and writes the new entries through
   journal/services.py's ``save_glimmer``, ``BATCH`` at a time, each batch in
   its own ``writing(owner)`` transaction: a long import holds the write lock
   one batch at a time, so the person (and everyone else on the instance)
   can go on writing meanwhile.

If the writing stops part-way (the power goes), the batches written stay;
bringing the same file in again adds the rest and doubles nothing, because
every entry brought in leaves its stable source key (ImportedEntry).

Entries are read, checked and written in batches, so a file of 100,000
entries needs the memory of one batch (plus one key per entry, to notice an
entry that appears twice in the same file). Glimmers' own export has its own
reader, importing/glimmers_json.py, which works the same way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from glimmers.access import owned
from glimmers.db import writing
from glimmers.journal.models import TEXT_MAX_LENGTH, Photo
from glimmers.journal.services import NoRoomForPhotos, remove_files, save_glimmer
from glimmers.time import moment_in_range, out_of_range_message, zone_of
from glimmers.yourdata.importing import formats
from glimmers.yourdata.importing.entries import Entry, Problem, Unreadable, with_tags
from glimmers.yourdata.models import ImportedEntry

BATCH = 200  # entries written in one transaction: well under a second
SHOWN_FIRST = 5
PROBLEMS_KEPT = 200


@dataclass
class Preview:
    where: str
    noticed_at: datetime
    text: str
    photos: int


@dataclass
class Report:
    """What came in (or, in a dry run, what would): the counts, the range, the first few."""

    format: str
    dry_run: bool
    new: int = 0
    already: int = 0
    photos: int = 0
    earliest: datetime | None = None
    latest: datetime | None = None
    first: list[Preview] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    left_out: dict[str, int] = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)  # a CSV's columns, as they were read
    also: dict[str, int] = field(default_factory=dict)  # Glimmers' own export: triggers, …
    read: int = 0  # entries (or, for Glimmers' own export, items) read from the file

    def as_data(self) -> dict[str, Any]:
        """The report as plain values (times as datetimes): the CLI's --json, a job's record."""
        data = {name: getattr(self, name) for name in _plain()}
        data["first"] = [vars(item) for item in self.first]
        data["problems"] = [{"where": p.where, "message": p.message} for p in self.problems]
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Report:
        """A report kept as JSON (times as ISO text) made whole again."""

        def moment(value):
            return datetime.fromisoformat(value) if isinstance(value, str) else value

        report = cls(**{name: data[name] for name in _plain() if name in data})
        report.earliest, report.latest = moment(report.earliest), moment(report.latest)
        report.first = [
            Preview(**{**item, "noticed_at": moment(item["noticed_at"])})
            for item in data.get("first", [])
        ]
        report.problems = [Problem(p["where"], p["message"]) for p in data.get("problems", [])]
        return report

    def note(self, problem: Problem) -> None:
        if problem.left_out:
            self.left_out[problem.message] = self.left_out.get(problem.message, 0) + 1
            return
        self.problem_count += 1
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(problem)

    def saw(self, entry: Entry, text: str, photos: int) -> None:
        self.new += 1
        self.photos += photos
        moment = entry.noticed_at
        self.earliest = moment if self.earliest is None else min(self.earliest, moment)
        self.latest = moment if self.latest is None else max(self.latest, moment)
        if len(self.first) < SHOWN_FIRST:
            self.first.append(Preview(entry.where, moment, text, photos))


def _plain() -> list[str]:
    """The fields of a Report that are plain values already (all but its lists of rows)."""
    return [f.name for f in fields(Report) if f.name not in ("first", "problems")]


class ImportFailed(Exception):
    """The file can't be brought in; the message says why in plain words (and what,
    if anything, came in)."""


def import_journal(
    owner,
    path: str | Path,
    *,
    format_name: str = "auto",
    dry_run: bool = False,
    options: dict[str, Any] | None = None,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> Report:
    """Read ``path`` as ``format_name`` (auto: by its contents) and bring its entries in.

    Raises ImportFailed (nothing changed) when the file can't be read as a whole.
    ``progress(stage, done, total)`` is called after each batch: stage is
    "checking" (total not known yet) or "writing" (total: what the check read).
    """
    path = Path(path)
    options = dict(options or {})
    if not path.exists():
        raise ImportFailed(_("There is nothing at %(path)s.") % {"path": path})
    try:
        if format_name == "auto":
            format_name = formats.detect(path)
        if format_name != "glimmers":
            reader = formats.reader(format_name)
    except Unreadable as problem:
        raise ImportFailed(str(problem)) from None
    if format_name == "glimmers":
        return _own_format(owner, path, dry_run, progress)
    checked = _read(owner, path, format_name, reader, options, dry_run=True, progress=progress)
    if dry_run:
        return checked
    return _read(
        owner,
        path,
        format_name,
        reader,
        options,
        dry_run=False,
        progress=progress,
        total=checked.read,
    )


def _read(owner, path, format_name, reader, options, *, dry_run, progress, total=None) -> Report:
    """One pass over the file: the check (``dry_run``) or the writing."""
    report = Report(format=format_name, dry_run=dry_run)
    options = {**options, "zone": zone_of(owner), "report": report}
    stage = "checking" if dry_run else "writing"

    def step(done: int) -> None:
        report.read = done
        if progress is not None:
            progress(stage, done, total)

    try:
        with contextlib.ExitStack() as resources:
            options["resources"] = resources  # archives a reader keeps open until the end
            _bring_in(owner, reader(path, options), report, dry_run=dry_run, progress=step)
    except Unreadable as problem:
        message = str(problem)
        if report.new:  # the file changed after the check: what came in stays
            message += " " + _(
                "The %(n)s brought in before that are kept; bring the file in again to add "
                "the rest (nothing is doubled)."
            ) % {"n": report.new}
        raise ImportFailed(message) from None
    return report


def _batches(items: Iterable[Entry | Problem], report: Report) -> Iterator[list[Entry]]:
    batch: list[Entry] = []
    for item in items:
        if isinstance(item, Problem):
            report.note(item)
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _checked(entry: Entry) -> tuple[str, str | None]:
    """The text to keep, and why the entry can't come in (None: it can)."""
    text = with_tags(entry.text, entry.tags)
    if not moment_in_range(entry.noticed_at):
        return text, out_of_range_message()
    if entry.noticed_at > timezone.now():
        return text, _("It is dated in the future.")
    if len(text) > TEXT_MAX_LENGTH:
        return text, _(
            "It is longer than %(most)s characters, the most one glimmer holds; "
            "split it in two and it will come in."
        ) % {"most": TEXT_MAX_LENGTH}
    if not text.strip() and not entry.photos:
        return text, _("It has no words and no photo.")
    return text, None


def _clean_photos(entry: Entry, report: Report, *, dry_run: bool) -> list:
    """The entry's photos, checked and stripped of metadata as an upload is.

    A dry run only looks for each file (decoding every photo of a large
    export would make the look as slow as the import); a photo that is there
    but can't be read is named by the import itself, and its entry comes in
    without it.
    """
    from glimmers.journal.photos import clean_photo

    if dry_run:
        for source in entry.photos:
            if not source.present:
                report.note(
                    Problem(entry.where, f"{source.name}: " + _("The photo isn't in the export."))
                )
        return [source for source in entry.photos if source.present]
    cleaned = []
    for source in entry.photos:
        try:
            data = source.read()
            cleaned.append(clean_photo(ContentFile(data, name=source.name)))
        except Unreadable as problem:
            report.note(Problem(entry.where, f"{source.name}: {problem}"))
        except ValidationError as problem:
            report.note(Problem(entry.where, f"{source.name}: {' '.join(problem.messages)}"))
    return cleaned


def _bring_in(owner, items, report: Report, *, dry_run: bool, progress):
    seen: set[str] = set()
    done = 0
    for batch in _batches(items, report):
        if dry_run:
            _batch(owner, batch, report, seen, dry_run=True, written=[])
        else:
            written: list[str] = []
            try:
                with writing(owner):
                    _batch(owner, batch, report, seen, dry_run=False, written=written)
            except BaseException:
                remove_files(written)  # this batch's photos; the batches before it stay
                raise
        done += len(batch)
        progress(done)


def _batch(owner, batch: list[Entry], report: Report, seen: set[str], *, dry_run, written):
    keys = [entry.key for entry in batch]
    here = set(
        owned(ImportedEntry, owner).filter(source_key__in=keys).values_list("source_key", flat=True)
    )
    notes = []
    for entry in batch:
        if entry.key in here or entry.key in seen:
            report.already += 1
            continue
        seen.add(entry.key)
        text, refused = _checked(entry)
        if refused:
            report.note(Problem(entry.where, refused))
            continue
        photos = _clean_photos(entry, report, dry_run=dry_run)
        if dry_run:
            report.saw(entry, text, len(photos))
            continue
        data = {"text": text, "noticed_at": entry.noticed_at}
        try:
            try:
                glimmer = save_glimmer(owner, data, photos=photos)
            except NoRoomForPhotos as no_room:
                # The words still come in; the photos that don't fit are named.
                report.note(Problem(entry.where, " ".join(no_room.messages)))
                photos = []
                glimmer = save_glimmer(owner, data)
        except ValidationError as problem:
            # save_glimmer's own transaction is a savepoint inside ours: undone alone.
            report.note(Problem(entry.where, " ".join(problem.messages)))
            continue
        report.saw(entry, text, len(photos))
        if photos:
            for image, thumbnail in (
                owned(Photo, owner).filter(glimmer=glimmer).values_list("image", "thumbnail")
            ):
                written += [image, thumbnail]
        notes.append(ImportedEntry(owner=owner, source_key=entry.key, glimmer=glimmer))
    if notes:
        ImportedEntry.objects.bulk_create(notes)


def _own_format(owner, path: Path, dry_run: bool, progress) -> Report:
    """Glimmers' own JSON export, read by its own reader (importing/glimmers_json.py)."""
    from glimmers.yourdata.importing import glimmers_json

    def step(done: int, total: int) -> None:
        if progress is not None:
            progress("checking" if dry_run else "writing", done, total)

    try:
        result = glimmers_json.read_glimmers_json(owner, path, dry_run=dry_run, progress=step)
    except Unreadable as problem:
        raise ImportFailed(str(problem)) from None
    report = Report(format="glimmers", dry_run=dry_run, read=result.items)
    report.new = result.added["glimmers"]
    report.photos = result.added["photos"]
    report.already = result.already_there["glimmers"]
    for name, count in result.added.items():
        if name not in ("glimmers", "photos") and count:
            report.also[name] = count
    for where, message in result.notes:
        report.note(Problem(where, message))
    return report
