"""Reading Glimmers' own export back (exporting/own_format.py writes it).

The document is read as a stream (ijson, a parser written in C): one item
at a time, so a journal of 100,000 glimmers needs the memory of one item,
never the whole file. It is read twice:

1. **The check** reads the whole file and looks at every item's shape (an
   object where one is wanted, every time and day readable) without writing
   anything. A file cut short, damaged or not an export is refused here with
   one message, and the journal is exactly as it was.
2. **The writing** reads it again and writes each part through the apps'
   forms and services, in batches of ``BATCH``, each its own transaction, so
   a long import never holds SQLite's write lock (or the person's write
   lock on PostgreSQL) for more than one batch, and other writes go on.

Something one item holds that the apps refuse (a hard moment with intensity
99) is left out and named in the report, as the other formats do with an
entry they can't use. If the writing itself stops part-way (the power goes),
what came in so far stays; bringing the same file in again adds the rest and
doubles nothing: a glimmer or hard moment whose id is already this person's
is left as it is, one whose id is someone else's gets a new id noted in
ImportedEntry, and days (intentions, reflections) are filled only once.

The parts are read in the order the export writes them (settings and words
first, then glimmers, then what refers to glimmers), which is what lets a
hard moment find the glimmers that helped with it.
"""

from __future__ import annotations

import contextlib
import uuid
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import ijson
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from glimmers.access import Claim, claim, owned
from glimmers.accounts import services as accounts
from glimmers.db import writing
from glimmers.journal import queries as journal
from glimmers.journal import services as journal_services
from glimmers.journal.forms import PlainGlimmerForm
from glimmers.journal.models import BodyCue, Glimmer, Person, Photo, Sense, Trigger, Value
from glimmers.journal.photos import clean_photo
from glimmers.practice import queries as practice
from glimmers.practice import services as practice_services
from glimmers.practice.models import Intention, Prompt, QuestionAnswer, Reflection
from glimmers.yourdata.exporting import records
from glimmers.yourdata.exporting.own_format import FORMAT, JSON_NAME, PREFERENCES, VERSION
from glimmers.yourdata.importing.archive import SafeZip
from glimmers.yourdata.importing.entries import Unreadable
from glimmers.yourdata.models import ImportedEntry

# The most of a glimmers.json we read (100,000 glimmers are about 80 MB).
MAX_JSON_BYTES = 512 * 1024 * 1024
# Glimmers written in one transaction: about a second of writing at most.
BATCH = 200
# The parts of the document, in the order the export writes them.
SECTIONS = (
    "preferences",
    "senses",
    "body_cues",
    "people",
    "values",
    "prompts",
    "hidden_prompts",
    "glimmers",
    "triggers",
    "intentions",
    "reflections",
    "question_answers",
    "menu_choices",
)
_BOM = b"\xef\xbb\xbf"


@dataclass
class Report:
    """What reading a file did (or, for a dry run, would do)."""

    dry_run: bool = False
    added: Counter = field(default_factory=Counter)  # "glimmers": 12, "photos": 3, …
    already_there: Counter = field(default_factory=Counter)  # the same id or day is here
    new_ids: int = 0  # glimmers and hard moments whose id was someone else's: given a new one
    notes: list[tuple[str, str]] = field(default_factory=list)  # (which item, what happened)
    items: int = 0  # everything the file holds, counted by the check

    def note(self, where: str, message: str) -> None:
        self.notes.append((where, message))


def looks_like_glimmers_json(path) -> bool:
    """Whether ``path`` is Glimmers' own export (a .json, or a ZIP holding glimmers.json).

    Reads only the start of the file: enough to find ``"format": "glimmers"``.
    """
    try:
        path = Path(path)
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                if JSON_NAME not in archive.namelist():
                    return False
                with archive.open(JSON_NAME) as handle:
                    start = handle.read(4096)
        else:
            with path.open("rb") as handle:
                start = handle.read(4096)
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    text = start.decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip()
    if not text.startswith("{"):
        return False
    head = text[:400].replace(" ", "").replace("\n", "")
    return '"format":"glimmers"' in head


# ---------------------------------------------------------------------------
# The document, a piece at a time
# ---------------------------------------------------------------------------


class _Bounded:
    """A binary stream that refuses to be read past ``most`` bytes (and skips a BOM)."""

    def __init__(self, stream: IO[bytes], most: int):
        self.stream = stream
        self.most = most
        self.read_so_far = 0
        self.start = True

    def read(self, size: int = -1) -> bytes:
        try:
            piece = self.stream.read(size)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            raise _damaged() from None
        if self.start and piece:  # (ijson first asks for nothing, to see it is bytes)
            self.start = False
            if piece.startswith(_BOM):
                piece = piece[len(_BOM) :]
        self.read_so_far += len(piece)
        if self.read_so_far > self.most:
            raise Unreadable(
                _("That export is larger than we read safely (over %(mb)s MB).")
                % {"mb": self.most // (1024 * 1024)}
            )
        return piece


def _damaged() -> Unreadable:
    return Unreadable(
        _(
            "That file isn't complete JSON: it may have been cut short or damaged, so "
            "nothing was brought in. Export it again and try once more."
        )
    )


def _not_an_export() -> Unreadable:
    return Unreadable(_("That file isn't a Glimmers export, so nothing was brought in."))


_OPENS = {"start_map", "start_array"}
_CLOSES = {"end_map", "end_array"}


def _value(event: str, value: Any, events: Iterator[tuple[str, Any]]) -> Any:
    """One whole JSON value, starting with the event just read."""
    if event not in _OPENS:
        return value
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1
    for event, value in events:
        builder.event(event, value)
        if event in _OPENS:
            depth += 1
        elif event in _CLOSES:
            depth -= 1
            if depth == 0:
                return builder.value
    raise _damaged()


def _members(stream: IO[bytes]) -> Iterator[tuple[str, str, Any]]:
    """The document's top-level members: ("value", key, value) for one that isn't a
    list, ("item", key, item) for each item of one that is."""
    events = ijson.basic_parse(stream, use_float=True)
    try:
        event = next(events, (None, None))[0]
        if event != "start_map":
            raise _not_an_export()
        for event, key in events:
            if event == "end_map":
                return
            event, value = next(events)
            if event == "start_array":
                for event, value in events:
                    if event == "end_array":
                        break
                    yield "item", key, _value(event, value, events)
            else:
                yield "value", key, _value(event, value, events)
        raise _damaged()
    except (ijson.JSONError, StopIteration, UnicodeDecodeError):
        raise _damaged() from None


def _walk(stream: IO[bytes]) -> Iterator[tuple[str, int, Any]]:
    """(part, n from 1, item) for everything in an export, in the order it was written.

    The first two members must be ``format`` and ``version`` (the export
    writes them first), so a file that is something else is refused before
    any of it is read.
    """
    members = _members(stream)
    head = {}
    for kind, key, value in members:
        if kind != "value" or key not in ("format", "version"):
            raise _not_an_export()
        head[key] = value
        if len(head) == 2:
            break
    if head.get("format") != FORMAT:
        raise _not_an_export()
    if head.get("version") != VERSION:
        raise Unreadable(
            _(
                "That export is version %(theirs)s; this Glimmers reads version %(ours)s. "
                "A newer Glimmers may read it."
            )
            % {"theirs": head.get("version"), "ours": VERSION}
        )
    counts: Counter = Counter()
    for kind, key, value in members:
        if key not in SECTIONS:
            continue  # something a later version adds: left as it is
        if key == "preferences":
            if kind != "value" or not isinstance(value, dict):
                raise Unreadable(_("“preferences” should be an object."))
            yield key, 1, value
        elif kind == "value":
            raise Unreadable(_("“%(key)s” should be a list.") % {"key": key})
        else:
            counts[key] += 1
            yield key, counts[key], value


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[tuple[IO[bytes], SafeZip | None]]:
    """The document as a bounded stream, and the ZIP holding it and its photos (or None)."""
    if zipfile.is_zipfile(path):
        with SafeZip(path) as archive:
            if JSON_NAME not in archive.names():
                raise Unreadable(
                    _("That ZIP has no %(name)s in it, so it isn't a Glimmers export.")
                    % {"name": JSON_NAME}
                )
            with archive.open(JSON_NAME) as member:
                yield _Bounded(member, MAX_JSON_BYTES), archive
        return
    try:
        handle = path.open("rb")
    except OSError as problem:
        raise Unreadable(
            _("That file can't be opened (%(why)s).") % {"why": problem.strerror}
        ) from None
    with handle:
        yield _Bounded(handle, MAX_JSON_BYTES), None


# ---------------------------------------------------------------------------
# Each item, checked: its shape, its times and days
# ---------------------------------------------------------------------------

_WHAT = {
    "senses": gettext_lazy("sense %(n)s"),
    "body_cues": gettext_lazy("body cue %(n)s"),
    "people": gettext_lazy("person %(n)s"),
    "values": gettext_lazy("value %(n)s"),
    "prompts": gettext_lazy("prompt %(n)s"),
    "hidden_prompts": gettext_lazy("hidden prompt %(n)s"),
    "glimmers": gettext_lazy("glimmer %(n)s"),
    "triggers": gettext_lazy("hard moment %(n)s"),
    "intentions": gettext_lazy("intention %(n)s"),
    "reflections": gettext_lazy("reflection %(n)s"),
    "question_answers": gettext_lazy("Glimmer Question answer %(n)s"),
    "menu_choices": gettext_lazy("menu choice %(n)s"),
    "preferences": gettext_lazy("your settings"),
}


def what(part: str, n: int) -> str:
    """How a person finds an item in the file: "glimmer 12"."""
    return str(_WHAT[part]) % {"n": n}


def _moment(value: Any, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise Unreadable(
            _("%(what)s: “%(value)s” isn't a time we can read.") % {"what": where, "value": value}
        ) from None
    if timezone.is_naive(moment):
        raise Unreadable(
            _("%(what)s: “%(value)s” has no offset from UTC.") % {"what": where, "value": value}
        )
    return moment


def _day(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Unreadable(
            _("%(what)s: “%(value)s” isn't a date we can read.") % {"what": where, "value": value}
        ) from None


def _optional_moment(item: dict, key: str, where: str) -> datetime | None:
    return _moment(item[key], where) if item.get(key) else None


# The time each part must have; the parts that are for a day; the parts that
# keep when they were made and changed (and, for answers, answered).
_MOMENT = {"glimmers": "noticed_at", "triggers": "occurred_at"}
_DAYS = ("intentions", "reflections", "question_answers")
_STAMPED = ("glimmers", "triggers", *_DAYS)


def checked(part: str, n: int, item: Any) -> dict | str:
    """The item with its times and days read (Unreadable, naming it, if it can't be)."""
    where = what(part, n)
    if part in ("people", "values", "hidden_prompts"):
        if isinstance(item, dict | list) or item is None:
            raise Unreadable(_("%(what)s should be a name.") % {"what": where})
        return str(item)
    if not isinstance(item, dict):
        raise Unreadable(_("%(what)s should be an object.") % {"what": where})
    if part in ("senses", "body_cues") and not item.get("name"):
        raise Unreadable(_("%(what)s needs a name.") % {"what": where})
    item = dict(item)
    if part in _MOMENT:
        item[_MOMENT[part]] = _moment(item.get(_MOMENT[part]), where)
    if part in _DAYS:
        item["day"] = _day(item.get("day"), where)
    if part in _STAMPED:
        for key in ("created_at", "updated_at", "answered_at"):
            item[key] = _optional_moment(item, key, where)
    if part == "question_answers":
        likelihood = item.get("likelihood")
        if not isinstance(likelihood, int) or isinstance(likelihood, bool):
            raise Unreadable(
                _("%(what)s: the likelihood should be a whole number from 0 to 10.")
                % {"what": where}
            )
    return item


def check(path: Path) -> int:
    """Read the whole export and check every item's shape; the number of items.

    Writes nothing. Unreadable (one message) for a file that is not a
    complete export.
    """
    items = 0
    with _opened(path) as (stream, _archive):
        for part, n, item in _walk(stream):
            checked(part, n, item)
            items += 1
    return items


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _messages(problem: ValidationError) -> str:
    return "; ".join(problem.messages)


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class _Reader:
    """The writing pass (or, for a dry run, the counting pass) over a checked export."""

    def __init__(self, user, archive: SafeZip | None, report: Report, progress):
        self.user = user
        self.archive = archive
        self.report = report
        self.progress = progress
        self.done = 0
        # A dry run adds no words, so the glimmers that use the file's own are
        # checked without them (the real run adds them before the glimmers).
        self.new_words: dict[str, set[str]] = {"senses": set(), "body_cues": set()}
        self.known: dict[str, dict] | None = None
        self.written: list[str] = []  # this batch's photo files, removed if it fails
        self.fresh = not (
            journal.glimmers(user).exists()
            or journal.triggers(user).exists()
            or practice.owned_intentions(user).exists()
        )

    @property
    def dry_run(self) -> bool:
        return self.report.dry_run

    def run(self, items: Iterator[tuple[str, int, Any]]) -> None:
        batch: list[tuple[str, int, dict]] = []
        for part, n, item in items:
            batch.append((part, n, checked(part, n, item)))
            if len(batch) >= BATCH:
                self.write(batch)
                batch = []
        if batch:
            self.write(batch)

    def write(self, batch: list[tuple[str, int, Any]]) -> None:
        """One batch, in one transaction (nothing at all for a dry run)."""
        self.written = []
        moments: list[Glimmer] = []
        self.look_ahead(batch)
        try:
            if self.dry_run:
                for part, n, item in batch:
                    self.one(part, n, item, moments)
            else:
                with writing(self.user):
                    for part, n, item in batch:
                        self.one(part, n, item, moments)
                    self.note_new_ids()
                    if moments:
                        Glimmer.objects.bulk_update(moments, ["created_at", "updated_at"])
        except BaseException:
            journal_services.remove_files(self.written)
            raise
        self.done += len(batch)
        if self.progress is not None:
            self.progress(self.done)

    def look_ahead(self, batch: list[tuple[str, int, Any]]) -> None:
        """What a batch of glimmers needs read once, not once a glimmer: the senses and
        body cues one may use, and which of its ids an earlier import gave new ones."""
        self.known = None  # read when the first glimmer needs them (after any new words)
        keys = [
            f"{part}:{given}"
            for part, _n, item in batch
            if part in ("glimmers", "triggers") and (given := _uuid(item.get("id")))
        ]
        self.noted = set(
            owned(ImportedEntry, self.user)
            .filter(source_key__in=keys)
            .values_list("source_key", flat=True)
        )
        self.new_ids: list[ImportedEntry] = []

    def note_new_ids(self) -> None:
        if self.new_ids:
            ImportedEntry.objects.bulk_create(self.new_ids)
            self.new_ids = []

    def one(self, part: str, n: int, item: Any, moments: list[Glimmer]) -> None:
        where = what(part, n)
        if part != "glimmers" and not self.dry_run:
            self.note_new_ids()  # a hard moment or a reflection may name one of them
        try:
            if part == "glimmers":
                self.glimmer(where, item, moments)
            else:
                getattr(self, part)(where, item)
        except ValidationError as problem:
            # The item's own savepoint is undone; the rest of the batch goes on.
            self.report.note(where, _messages(problem) + " " + _("It was left out."))

    # Restoring the moments a row was made and changed: the services stamp "now",
    # and the document keeps the original ones.
    def _restore(self, model, pk, **values) -> None:
        values = {k: v for k, v in values.items() if v is not None}
        if values and not self.dry_run:
            owned(model, self.user).filter(pk=pk).update(**values)

    def _count(self, part: str, added: bool) -> None:
        (self.report.added if added else self.report.already_there)[part] += 1

    def preferences(self, where: str, item: dict) -> None:
        wanted = {k: v for k, v in item.items() if k in PREFERENCES}
        changes = {k: v for k, v in wanted.items() if getattr(self.user, k) != v}
        if not changes:
            return
        if not self.fresh:
            kept = _("Your own settings (time zone, day start, language) were kept as they are.")
            self.report.note(where, kept)
            return
        if not self.dry_run:
            accounts.update_preferences(self.user, **changes)

    def _word(self, part: str, model, item: dict) -> None:
        usable = journal.senses if model is Sense else journal.body_cues
        there = usable(self.user).filter(slug=item.get("slug")).exists()
        if not there and self.dry_run:
            self.new_words[part].add(str(item.get("slug")))
        elif not there:
            try:
                journal_services.add_own_word(self.user, model, str(item["name"]))
            except ValidationError:
                there = True  # the same name under another slug: it is here
            self.known = None  # the glimmers after it may use it
        self._count(part, not there)

    def senses(self, where: str, item: dict) -> None:
        self._word("senses", Sense, item)

    def body_cues(self, where: str, item: dict) -> None:
        self._word("body_cues", BodyCue, item)

    def _named(self, part: str, model, rows, name: str) -> None:
        there = rows(self.user).named(name).exists()
        if not there and not self.dry_run:
            journal_services.add_named(self.user, model, name)
        self._count(part, not there)

    def people(self, where: str, name: str) -> None:
        self._named("people", Person, journal.people, name)

    def values(self, where: str, name: str) -> None:
        self._named("values", Value, journal.values, name)

    def prompts(self, where: str, item: dict) -> None:
        there = self.find_prompt(item) is not None
        if not there and not self.dry_run:
            prompt = practice_services.add_prompt(
                self.user, str(item.get("category", "")), str(item.get("text", ""))
            )
            if item.get("scale"):
                # add_prompt makes no scale questions of one's own yet; keep the flag.
                owned(Prompt, self.user).filter(pk=prompt.pk).update(scale=True)
        self._count("prompts", not there)

    def hidden_prompts(self, where: str, slug: str) -> None:
        prompt = practice.all_prompts(self.user).filter(slug=slug, owner=None).first()
        if prompt is not None and not self.dry_run:
            practice_services.set_prompt_hidden(self.user, prompt, True)

    def find_prompt(self, ref: Any) -> Prompt | None:
        if not isinstance(ref, dict):
            return None
        rows = practice.all_prompts(self.user)
        if ref.get("slug"):
            return rows.filter(owner=None, slug=str(ref["slug"])).first()
        text = " ".join(str(ref.get("text", "")).split())
        return (
            rows.filter(owner=self.user, category=ref.get("category"), text=text)
            .order_by("pk")
            .first()
        )

    def _new_id(self, model, given: uuid.UUID | None, part: str) -> uuid.UUID | None:
        """The id a glimmer or hard moment gets here; None: it is here already."""
        if given is None:
            return uuid.uuid4()
        state = claim(model, self.user, given)
        if state is Claim.OWN:
            return None
        if state is Claim.FREE:
            return given
        # Someone else's id: a new one, noted under the old id, so that
        # bringing the same file in again finds it (and adds nothing).
        if f"{part}:{given}" in self.noted:
            return None
        self.report.new_ids += 1
        return uuid.uuid4()

    def _note_new_id(self, part: str, given: uuid.UUID | None, new_id, glimmer=None) -> None:
        if given is not None and given != new_id and not self.dry_run:
            self.new_ids.append(
                ImportedEntry(owner=self.user, source_key=f"{part}:{given}", glimmer=glimmer)
            )
            self.noted.add(f"{part}:{given}")  # the same id twice in one file: once

    def glimmer(self, where: str, item: dict, moments: list[Glimmer]) -> None:
        given = _uuid(item.get("id"))
        new_id = self._new_id(Glimmer, given, "glimmers")
        if new_id is None:
            self._count("glimmers", False)
            return
        values = {name: item.get(name) for name in PlainGlimmerForm.Meta.fields}
        for name in ("senses", "body_cues", "people", "values"):
            values[name] = item.get(name) or []
        for name, new in self.new_words.items():
            values[name] = [slug for slug in values[name] if str(slug) not in new]
        if self.known is None:
            self.known = {
                "senses": {row.slug: row for row in journal.senses(self.user)},
                "body_cues": {row.slug: row for row in journal.body_cues(self.user)},
            }
        form = PlainGlimmerForm(values, owner=self.user, require_words=False, known=self.known)
        if not form.is_valid():
            lines = [f"{k}: {' '.join(v)}" for k, v in form.plain_errors().items()]
            self.report.note(where, "; ".join(lines) + " " + _("It was left out."))
            return
        photos, alt_texts = self.photos(where, item.get("photos"))
        if self.dry_run:
            self._count("glimmers", True)
            self.report.added["photos"] += len(photos)
            return
        saved = journal_services.save_glimmer(
            self.user, form.cleaned_data, photos=photos, glimmer_id=new_id
        )
        self._note_new_id("glimmers", given, new_id, saved)
        made = []
        if photos:
            made = list(owned(Photo, self.user).filter(glimmer=saved).order_by("created_at", "id"))
        for photo, alt_text in zip(made, alt_texts, strict=False):
            self.written += [photo.image.name, photo.thumbnail.name]
            if alt_text:
                self._restore(Photo, photo.pk, alt_text=alt_text)
        moments.append(
            Glimmer(
                pk=saved.pk,
                created_at=item.get("created_at") or saved.created_at,
                updated_at=item.get("updated_at") or saved.updated_at,
            )
        )
        self._count("glimmers", True)
        self.report.added["photos"] += len(made)

    def photos(self, where: str, listed: Any) -> tuple[list, list[str]]:
        """A glimmer's photos from the ZIP, read afresh (nothing but the picture is kept)."""
        photos, alt_texts = [], []
        for photo in listed if isinstance(listed, list) else []:
            name = str(photo.get("file") or "") if isinstance(photo, dict) else ""
            if self.archive is None or name not in self.archive.members:
                self.report.note(
                    where,
                    _("A photo (%(name)s) wasn't in the file, so it was left out.")
                    % {"name": name or "?"},
                )
                continue
            if self.dry_run:
                photos.append(name)
                continue
            try:
                raw = self.archive.read(name)
                photos.append(clean_photo(SimpleUploadedFile(Path(name).name, raw)))
            except (Unreadable, ValidationError) as problem:
                why = _messages(problem) if isinstance(problem, ValidationError) else str(problem)
                self.report.note(where, f"{name}: {why} " + _("The glimmer came in without it."))
                continue
            alt_texts.append(str(photo.get("alt_text") or "")[:300])
        return photos, alt_texts

    def _glimmers_here(self, ids: Any) -> list[Glimmer]:
        """The glimmers here that the file's ids name (kept, or given new ids)."""
        given = [u for u in (_uuid(i) for i in (ids if isinstance(ids, list) else [])) if u]
        if not given:
            return []
        noted = owned(ImportedEntry, self.user).filter(
            source_key__in=[f"glimmers:{u}" for u in given]
        )
        return list(
            journal.glimmers(self.user).filter(
                Q(pk__in=given) | Q(pk__in=noted.values("glimmer_id"))
            )
        )

    def triggers(self, where: str, item: dict) -> None:
        given = _uuid(item.get("id"))
        new_id = self._new_id(Trigger, given, "triggers")
        if new_id is None:
            self._count("triggers", False)
            return
        data = {
            "text": str(item.get("text") or ""),
            "occurred_at": item["occurred_at"],
            "pushed_toward": str(item.get("pushed_toward") or ""),
            "intensity": item.get("intensity"),
            "helped_by": self._glimmers_here(item.get("helped_by")),
        }
        if self.dry_run:
            self._count("triggers", True)
            return
        saved = journal_services.save_trigger(
            self.user, data, trigger=Trigger(owner=self.user, id=new_id)
        )
        self._note_new_id("triggers", given, new_id)
        self._restore(
            Trigger, saved.pk, created_at=item["created_at"], updated_at=item["updated_at"]
        )
        self._count("triggers", True)

    def intentions(self, where: str, item: dict) -> None:
        day = item["day"]
        there = practice.intention(self.user, day) is not None
        if not there and not self.dry_run:
            sense = None
            if item.get("focus_sense"):
                sense = journal.senses(self.user).filter(slug=str(item["focus_sense"])).first()
            saved = practice_services.set_intention(
                self.user,
                day,
                text=str(item.get("text") or ""),
                focus_sense=sense,
                prompt=self.find_prompt(item.get("prompt")),
            )
            self._restore(
                Intention, saved.pk, created_at=item["created_at"], updated_at=item["updated_at"]
            )
        self._count("intentions", not there)

    def reflections(self, where: str, item: dict) -> None:
        day = item["day"]
        if practice.reflection(self.user, day) is not None:
            self._count("reflections", False)
            return
        linked = self._glimmers_here(item.get("glimmers"))
        that_day = set(practice.glimmers_on(self.user, day).values_list("pk", flat=True))
        kept = [g for g in linked if g.pk in that_day]
        if len(kept) < len(linked):
            self.report.note(
                where, _("A glimmer now falls on another day here, so it isn't linked.")
            )
        if not self.dry_run:
            saved = practice_services.save_reflection(
                self.user,
                day,
                answer=str(item.get("answer") or ""),
                prompt=self.find_prompt(item.get("prompt")),
                glimmers=kept,
            )
            self._restore(
                Reflection,
                saved.pk,
                prompt_text=str(item.get("prompt_text") or "")[:300],
                created_at=item["created_at"],
                updated_at=item["updated_at"],
            )
        self._count("reflections", True)

    def question_answers(self, where: str, item: dict) -> None:
        day, answered_at = item["day"], item["answered_at"]
        answers = practice.question_answers(self.user)
        if answered_at is not None and answers.filter(day=day, answered_at=answered_at).exists():
            self._count("question_answers", False)
            return
        if not self.dry_run:
            saved = practice_services.answer_question(
                self.user,
                day,
                prompt=self.find_prompt(item.get("prompt")),
                likelihood=item["likelihood"],
                how_would_i_know=str(item.get("how_would_i_know") or ""),
                body_notice=str(item.get("body_notice") or ""),
                who_would_notice=str(item.get("who_would_notice") or ""),
            )
            self._restore(
                QuestionAnswer,
                saved.pk,
                prompt_text=str(item.get("prompt_text") or "")[:300],
                answered_at=answered_at,
            )
        self._count("question_answers", True)

    def menu_choices(self, where: str, item: dict) -> None:
        kind, key = str(item.get("kind", "")), str(item.get("key", ""))
        there = records.menu_choices(self.user).filter(kind=kind, key=key).exists()
        if not there and not self.dry_run:
            try:
                practice_services.decide_suggestion(
                    self.user, kind, key, bool(item.get("accepted"))
                )
            except ValidationError:
                self.report.note(
                    where,
                    _("“%(key)s” isn't suggested here yet, so it was left out.") % {"key": key},
                )
                return
        self._count("menu_choices", not there)


def read_glimmers_json(
    user,
    path,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Read Glimmers' own export (a .json, or a ZIP with photos) into ``user``'s account.

    The whole file is checked first (``check``: Unreadable, nothing changed,
    for a file that is not a complete export), then written in batches.
    ``dry_run`` counts what would come in and writes nothing. ``progress``
    is called after each batch with (items done, items in the file).
    """
    path = Path(path)
    total = check(path)
    report = Report(dry_run=dry_run, items=total)
    with _opened(path) as (stream, archive):
        step = None if progress is None else (lambda done: progress(done, total))
        _Reader(user, archive, report, step).run(_walk(stream))
    return report


__all__ = ["Report", "check", "looks_like_glimmers_json", "read_glimmers_json"]
