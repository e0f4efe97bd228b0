"""Glimmers' own JSON: written losslessly, and read back into any account.

The document (docs/your-data.md describes it field by field)::

    {"format": "glimmers", "version": 1,
     "preferences": {...}, "senses": [...], "body_cues": [...], "people": [...],
     "values": [...], "prompts": [...], "hidden_prompts": [...],
     "glimmers": [...], "triggers": [...], "intentions": [...], "reflections": [...],
     "question_answers": [...], "menu_choices": [...]}

It names no account (no user id, no user name) and no moment of its own, so
exporting an account, reading it into a fresh one and exporting again gives
the same document. Times are written in the person's time zone with its
offset. When there are photos the export is a ZIP of ``glimmers.json`` and
``photos/<glimmer id>-<n>.<jpg|png>``.

Reading back (``read_glimmers_json``) goes through the apps' forms and
services, all in one transaction: everything is added, or nothing is.
Reading the same file twice adds nothing the second time.
"""

from __future__ import annotations

import contextlib
import json
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from glimmers.access import Claim, claim, owned
from glimmers.accounts import services as accounts
from glimmers.db import writing
from glimmers.journal import queries as journal
from glimmers.journal import services as journal_services
from glimmers.journal.forms import PlainGlimmerForm
from glimmers.journal.models import BodyCue, Glimmer, Person, Photo, Sense, Trigger, Value
from glimmers.journal.photos import clean_photo
from glimmers.journal.serialize import glimmer_data
from glimmers.practice import queries as practice
from glimmers.practice import services as practice_services
from glimmers.practice.models import Intention, Prompt, QuestionAnswer, Reflection
from glimmers.time import zone_of
from glimmers.yourdata.exporting import records
from glimmers.yourdata.exporting.streams import Entry, encoded, file_chunks, zipped
from glimmers.yourdata.models import ImportedEntry

FORMAT = "glimmers"
VERSION = 1
JSON_NAME = "glimmers.json"
PREFERENCES = ("time_zone", "day_starts_at", "language", "anchor_seconds", "show_streak")
# The largest glimmers.json we read (a journal of 100,000 glimmers is about 80 MB).
MAX_JSON_BYTES = 512 * 1024 * 1024


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _moment(value: datetime | None, zone) -> str | None:
    return None if value is None else timezone.localtime(value, zone).isoformat()


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def prompt_ref(prompt: Prompt | None) -> dict | None:
    """How a prompt is named in the document: a built-in by its slug, one's own by its words."""
    if prompt is None:
        return None
    if prompt.owner_id is None:
        return {"slug": prompt.slug}
    return {"category": prompt.category, "text": prompt.text}


def photo_name(glimmer_id: uuid.UUID, n: int, image_name: str) -> str:
    """A photo's file name inside the export: the glimmer's id and the photo's place (from 1)."""
    extension = "png" if image_name.lower().endswith(".png") else "jpg"
    return f"photos/{glimmer_id}-{n}.{extension}"


def glimmer_record(glimmer: Glimmer, zone) -> dict[str, Any]:
    """One glimmer as the document keeps it: the API's fields (journal/serialize.py),
    with times in the person's zone and photos named by their file in the export
    (details prefetched: records.glimmer_pages)."""
    return {
        **glimmer_data(glimmer),
        "id": str(glimmer.pk),
        "noticed_at": _moment(glimmer.noticed_at, zone),
        "photos": [
            {
                "file": photo_name(glimmer.pk, n, photo.image.name),
                "width": photo.width,
                "height": photo.height,
                "alt_text": photo.alt_text,
            }
            for n, photo in enumerate(records.photos_in_order(glimmer), start=1)
        ],
        "created_at": _moment(glimmer.created_at, zone),
        "updated_at": _moment(glimmer.updated_at, zone),
    }


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _array(key: str, items: Iterator[Any], *, last: bool = False) -> Iterator[str]:
    """``"key": [item, item, …]`` one item at a time."""
    yield f"  {_dump(key)}: ["
    first = True
    for item in items:
        yield ("\n    " if first else ",\n    ") + _dump(item)
        first = False
    yield ("]" if first else "\n  ]") + ("\n" if last else ",\n")


def document_pieces(user) -> Iterator[str]:
    """The JSON document as text, piece by piece (never the whole journal at once)."""
    zone = zone_of(user)
    yield "{\n"
    yield f'  "format": {_dump(FORMAT)},\n  "version": {VERSION},\n'
    preferences = {name: getattr(user, name) for name in PREFERENCES}
    yield f'  "preferences": {_dump(preferences)},\n'
    for key, rows in (
        ("senses", records.own_senses(user)),
        ("body_cues", records.own_body_cues(user)),
    ):
        yield from _array(key, ({"slug": row.slug, "name": row.name} for row in rows))
    yield from _array("people", (row.name for row in records.people(user)))
    yield from _array("values", (row.name for row in records.values(user)))
    yield from _array(
        "prompts",
        (
            {"category": p.category, "text": p.text, "scale": p.scale}
            for p in records.own_prompts(user)
        ),
    )
    yield from _array("hidden_prompts", iter(records.hidden_prompt_slugs(user)))
    yield from _array(
        "glimmers",
        (glimmer_record(glimmer, zone) for page in records.glimmer_pages(user) for glimmer in page),
    )
    yield from _array(
        "triggers",
        (
            {
                "id": str(trigger.pk),
                "occurred_at": _moment(trigger.occurred_at, zone),
                "text": trigger.text,
                "pushed_toward": trigger.pushed_toward,
                "intensity": trigger.intensity,
                "helped_by": sorted(str(g.pk) for g in trigger.helped_by.all()),
                "created_at": _moment(trigger.created_at, zone),
                "updated_at": _moment(trigger.updated_at, zone),
            }
            for trigger in records.triggers(user)
        ),
    )
    yield from _array(
        "intentions",
        (
            {
                "day": _day(row.day),
                "text": row.text,
                "focus_sense": row.focus_sense.slug if row.focus_sense else None,
                "prompt": prompt_ref(row.prompt),
                "created_at": _moment(row.created_at, zone),
                "updated_at": _moment(row.updated_at, zone),
            }
            for row in records.intentions(user).iterator(chunk_size=records.PAGE)
        ),
    )
    yield from _array(
        "reflections",
        (
            {
                "day": _day(row.day),
                "prompt": prompt_ref(row.prompt),
                "prompt_text": row.prompt_text,
                "answer": row.answer,
                "glimmers": sorted(str(g.pk) for g in row.glimmers.all()),
                "created_at": _moment(row.created_at, zone),
                "updated_at": _moment(row.updated_at, zone),
            }
            for row in records.reflections(user).iterator(chunk_size=records.PAGE)
        ),
    )
    yield from _array(
        "question_answers",
        (
            {
                "day": _day(row.day),
                "answered_at": _moment(row.answered_at, zone),
                "prompt": prompt_ref(row.prompt),
                "prompt_text": row.prompt_text,
                "likelihood": row.likelihood,
                "how_would_i_know": row.how_would_i_know,
                "body_notice": row.body_notice,
                "who_would_notice": row.who_would_notice,
            }
            for row in records.question_answers(user).iterator(chunk_size=records.PAGE)
        ),
    )
    yield from _array(
        "menu_choices",
        (
            {"kind": row.kind, "key": row.key, "accepted": row.accepted}
            for row in records.menu_choices(user)
        ),
        last=True,
    )
    yield "}\n"


def photo_entries(user) -> Iterator[Entry]:
    """Each photo's original file, named as the document names it."""
    current, n = None, 0
    for photo in records.all_photos(user).iterator(chunk_size=records.PAGE):
        n = n + 1 if photo.glimmer_id == current else 1
        current = photo.glimmer_id
        yield Entry(
            photo_name(photo.glimmer_id, n, photo.image.name),
            file_chunks(default_storage, photo.image.name),
            compress=False,
        )


def json_export(user, *, with_photos: bool, when: datetime) -> Iterator[bytes]:
    """The JSON export's bytes: the document alone, or a ZIP with the photos."""
    if not with_photos:
        yield from encoded(document_pieces(user))
        return
    entries = [Entry(JSON_NAME, encoded(document_pieces(user)))]
    yield from zipped(_then(entries, photo_entries(user)), when)


def _then(first: list[Entry], rest: Iterator[Entry]) -> Iterator[Entry]:
    yield from first
    yield from rest


# ---------------------------------------------------------------------------
# Reading back
# ---------------------------------------------------------------------------


class ImportProblem(ValueError):
    """The file can't be read as Glimmers' JSON; nothing was changed. The message says why."""


@dataclass
class Report:
    """What reading a file did (or, for a dry run, would do)."""

    dry_run: bool = False
    added: Counter = field(default_factory=Counter)  # "glimmers": 12, "photos": 3, …
    already_there: Counter = field(default_factory=Counter)  # skipped: the same id or day
    new_ids: int = 0  # glimmers and hard moments whose id was someone else's: given a new one
    notes: list[str] = field(default_factory=list)

    @property
    def glimmers_added(self) -> int:
        return self.added["glimmers"]


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


def _load(path: Path) -> tuple[dict, zipfile.ZipFile | None]:
    try:
        if zipfile.is_zipfile(path):
            archive = zipfile.ZipFile(path)
            try:
                info = archive.getinfo(JSON_NAME)
            except KeyError:
                archive.close()
                raise ImportProblem(
                    _("That ZIP has no %(name)s in it, so it isn't a Glimmers export.")
                    % {"name": JSON_NAME}
                ) from None
            if info.file_size > MAX_JSON_BYTES:
                archive.close()
                raise ImportProblem(_("That export is larger than we can read at once."))
            raw = archive.read(JSON_NAME)
        else:
            archive = None
            if path.stat().st_size > MAX_JSON_BYTES:
                raise ImportProblem(_("That export is larger than we can read at once."))
            raw = path.read_bytes()
    except (OSError, zipfile.BadZipFile) as problem:
        raise ImportProblem(_("That file can't be opened (%(why)s).") % {"why": problem}) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        if archive is not None:
            archive.close()
        raise ImportProblem(_("That file isn't readable JSON, so nothing was changed.")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        if archive is not None:
            archive.close()
        raise ImportProblem(_("That file isn't a Glimmers export, so nothing was changed."))
    if data.get("version") != VERSION:
        if archive is not None:
            archive.close()
        raise ImportProblem(
            _(
                "That export is version %(theirs)s; this Glimmers reads version %(ours)s. "
                "A newer Glimmers may read it."
            )
            % {"theirs": json.dumps(data.get("version")), "ours": VERSION}
        )
    return data, archive


def _list(data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ImportProblem(_("“%(key)s” should be a list.") % {"key": key})
    return value


def _moment_in(value: Any, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise ImportProblem(
            _("%(what)s: “%(value)s” isn't a time we can read.") % {"what": what, "value": value}
        ) from None
    if timezone.is_naive(moment):
        raise ImportProblem(
            _("%(what)s: “%(value)s” has no offset from UTC.") % {"what": what, "value": value}
        )
    return moment


def _day_in(value: Any, what: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ImportProblem(
            _("%(what)s: “%(value)s” isn't a date we can read.") % {"what": what, "value": value}
        ) from None


def _messages(problem: ValidationError) -> str:
    return "; ".join(problem.messages)


class _Importer:
    def __init__(self, user, data: dict, archive: zipfile.ZipFile | None, report: Report):
        self.user = user
        self.data = data
        self.archive = archive
        self.report = report
        self.written: list[str] = []  # photo files, removed if the import fails
        self.glimmer_ids: dict[str, uuid.UUID] = {}  # id in the file -> id here

    # Restoring the moments a row was made and changed: the services stamp "now",
    # and the document keeps the original ones.
    def _restore(self, model, pk, **moments) -> None:
        moments = {k: v for k, v in moments.items() if v is not None}
        if moments:
            owned(model, self.user).filter(pk=pk).update(**moments)

    def _optional_moment(self, item: dict, key: str, what: str) -> datetime | None:
        return _moment_in(item[key], what) if item.get(key) else None

    def run(self) -> None:
        fresh = not (
            journal.glimmers(self.user).exists()
            or journal.triggers(self.user).exists()
            or practice.owned_intentions(self.user).exists()
        )
        self.preferences(fresh)
        self.words()
        self.prompts()
        for n, item in enumerate(_list(self.data, "glimmers"), start=1):
            self.glimmer(n, item)
        for n, item in enumerate(_list(self.data, "triggers"), start=1):
            self.trigger(n, item)
        for n, item in enumerate(_list(self.data, "intentions"), start=1):
            self.intention(n, item)
        for n, item in enumerate(_list(self.data, "reflections"), start=1):
            self.reflection(n, item)
        for n, item in enumerate(_list(self.data, "question_answers"), start=1):
            self.question_answer(n, item)
        for item in _list(self.data, "menu_choices"):
            self.menu_choice(item)

    def preferences(self, fresh: bool) -> None:
        wanted = self.data.get("preferences") or {}
        if not isinstance(wanted, dict):
            raise ImportProblem(_("“preferences” should be an object."))
        wanted = {k: v for k, v in wanted.items() if k in PREFERENCES}
        changes = {k: v for k, v in wanted.items() if getattr(self.user, k) != v}
        if not changes:
            return
        if not fresh:
            self.report.notes.append(
                _("Your own settings (time zone, day start, language) were kept as they are.")
            )
            return
        try:
            accounts.update_preferences(self.user, **changes)
        except ValidationError as problem:
            raise ImportProblem(f"preferences: {_messages(problem)}") from None

    def words(self) -> None:
        for key, model in (("senses", Sense), ("body_cues", BodyCue)):
            usable = journal.senses if model is Sense else journal.body_cues
            for item in _list(self.data, key):
                if not isinstance(item, dict) or not item.get("name"):
                    raise ImportProblem(_("%(key)s: each needs a name.") % {"key": key})
                if usable(self.user).filter(slug=item.get("slug")).exists():
                    self.report.already_there[key] += 1
                    continue
                try:
                    journal_services.add_own_word(self.user, model, str(item["name"]))
                except ValidationError:
                    self.report.already_there[key] += 1
                    continue
                self.report.added[key] += 1
        for key, model, rows in (
            ("people", Person, journal.people),
            ("values", Value, journal.values),
        ):
            for name in _list(self.data, key):
                if rows(self.user).named(str(name)).exists():
                    self.report.already_there[key] += 1
                    continue
                try:
                    journal_services.add_named(self.user, model, str(name))
                except ValidationError as problem:
                    raise ImportProblem(f"{key}: “{name}”: {_messages(problem)}") from None
                self.report.added[key] += 1

    def prompts(self) -> None:
        for item in _list(self.data, "prompts"):
            if not isinstance(item, dict):
                raise ImportProblem(_("prompts: each should be an object."))
            if self.find_prompt(item) is not None:
                self.report.already_there["prompts"] += 1
                continue
            try:
                prompt = practice_services.add_prompt(
                    self.user, str(item.get("category", "")), str(item.get("text", ""))
                )
            except ValidationError as problem:
                raise ImportProblem(f"prompts: {_messages(problem)}") from None
            if item.get("scale"):
                # add_prompt makes no scale questions of one's own yet; keep the flag.
                owned(Prompt, self.user).filter(pk=prompt.pk).update(scale=True)
            self.report.added["prompts"] += 1
        for slug in _list(self.data, "hidden_prompts"):
            prompt = practice.all_prompts(self.user).filter(slug=str(slug), owner=None).first()
            if prompt is not None:
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

    def glimmer(self, n: int, item: Any) -> None:
        what = _("glimmer %(n)s") % {"n": n}
        if not isinstance(item, dict):
            raise ImportProblem(_("%(what)s should be an object.") % {"what": what})
        try:
            given = uuid.UUID(str(item.get("id")))
        except ValueError:
            given = uuid.uuid4()
        state = journal.glimmer_claim(self.user, given)
        if state is Claim.OWN:
            self.glimmer_ids[str(item.get("id"))] = given
            self.report.already_there["glimmers"] += 1
            return
        # An id that is someone else's gets a new one, noted under the old id,
        # so bringing the same file in again finds it (and adds nothing).
        noted = owned(ImportedEntry, self.user).filter(source_key=f"glimmers:{given}")
        if state is Claim.TAKEN and (earlier := noted.first()) is not None:
            if earlier.glimmer_id is not None:
                self.glimmer_ids[str(item.get("id"))] = earlier.glimmer_id
            self.report.already_there["glimmers"] += 1
            return
        new_id = given if state is Claim.FREE else uuid.uuid4()
        if state is Claim.TAKEN:
            self.report.new_ids += 1
        values = {name: item.get(name) for name in PlainGlimmerForm.Meta.fields}
        values["noticed_at"] = _moment_in(item.get("noticed_at"), what)
        for name in ("senses", "body_cues", "people", "values"):
            values[name] = item.get(name) or []
        form = PlainGlimmerForm(values, owner=self.user, require_words=False)
        if not form.is_valid():
            lines = [f"{k}: {' '.join(v)}" for k, v in form.plain_errors().items()]
            raise ImportProblem(f"{what}: {'; '.join(lines)}")
        photos = []
        alt_texts = []
        for photo in item.get("photos") or []:
            clean = self.photo(what, photo)
            if clean is not None:
                photos.append(clean)
                alt_texts.append(str(photo.get("alt_text") or "")[:300])
        try:
            saved = journal_services.save_glimmer(
                self.user, form.cleaned_data, photos=photos, glimmer_id=new_id
            )
        except ValidationError as problem:
            raise ImportProblem(f"{what}: {_messages(problem)}") from None
        self.glimmer_ids[str(item.get("id"))] = saved.pk
        if state is Claim.TAKEN:
            ImportedEntry.objects.create(
                owner=self.user, source_key=f"glimmers:{given}", glimmer=saved
            )
        made = []
        if photos:
            rows = owned(Photo, self.user).filter(glimmer=saved)
            made = list(rows.order_by("created_at", "id"))
        for photo, alt_text in zip(made, alt_texts, strict=False):
            self.written += [photo.image.name, photo.thumbnail.name]
            if alt_text:
                self._restore(Photo, photo.pk, alt_text=alt_text)
        self._restore(
            Glimmer,
            saved.pk,
            created_at=self._optional_moment(item, "created_at", what),
            updated_at=self._optional_moment(item, "updated_at", what),
        )
        self.report.added["glimmers"] += 1
        self.report.added["photos"] += len(made)

    def photo(self, what: str, photo: Any):
        name = photo.get("file") if isinstance(photo, dict) else None
        if self.archive is None or not name:
            self.report.notes.append(
                _("%(what)s: a photo wasn't in the file, so it was left out.") % {"what": what}
            )
            return None
        try:
            raw = self.archive.read(str(name))
        except KeyError:
            self.report.notes.append(
                _("%(what)s: %(name)s wasn't in the ZIP, so it was left out.")
                % {"what": what, "name": name}
            )
            return None
        upload = SimpleUploadedFile(Path(str(name)).name, raw)
        try:
            return clean_photo(upload)  # read afresh: nothing but the picture is kept
        except ValidationError as problem:
            raise ImportProblem(f"{what}: {name}: {_messages(problem)}") from None

    def _glimmers_here(self, ids: Any) -> list[Glimmer]:
        wanted = [self.glimmer_ids.get(str(i)) for i in ids or []]
        wanted = [pk for pk in wanted if pk is not None]
        return list(journal.glimmers(self.user).filter(pk__in=wanted)) if wanted else []

    def trigger(self, n: int, item: Any) -> None:
        what = _("hard moment %(n)s") % {"n": n}
        if not isinstance(item, dict):
            raise ImportProblem(_("%(what)s should be an object.") % {"what": what})
        try:
            given = uuid.UUID(str(item.get("id")))
        except ValueError:
            given = uuid.uuid4()
        state = claim(Trigger, self.user, given)
        if state is Claim.OWN:
            self.report.already_there["triggers"] += 1
            return
        if state is Claim.TAKEN:
            self.report.new_ids += 1
            given = uuid.uuid4()
        data = {
            "text": str(item.get("text") or ""),
            "occurred_at": _moment_in(item.get("occurred_at"), what),
            "pushed_toward": str(item.get("pushed_toward") or ""),
            "intensity": item.get("intensity"),
            "helped_by": self._glimmers_here(item.get("helped_by")),
        }
        try:
            saved = journal_services.save_trigger(
                self.user, data, trigger=Trigger(owner=self.user, id=given)
            )
        except ValidationError as problem:
            raise ImportProblem(f"{what}: {_messages(problem)}") from None
        self._restore(
            Trigger,
            saved.pk,
            created_at=self._optional_moment(item, "created_at", what),
            updated_at=self._optional_moment(item, "updated_at", what),
        )
        self.report.added["triggers"] += 1

    def intention(self, n: int, item: Any) -> None:
        what = _("intention %(n)s") % {"n": n}
        if not isinstance(item, dict):
            raise ImportProblem(_("%(what)s should be an object.") % {"what": what})
        day = _day_in(item.get("day"), what)
        if practice.intention(self.user, day) is not None:
            self.report.already_there["intentions"] += 1
            return
        sense = None
        if item.get("focus_sense"):
            sense = journal.senses(self.user).filter(slug=str(item["focus_sense"])).first()
        try:
            saved = practice_services.set_intention(
                self.user,
                day,
                text=str(item.get("text") or ""),
                focus_sense=sense,
                prompt=self.find_prompt(item.get("prompt")),
            )
        except ValidationError as problem:
            raise ImportProblem(f"{what}: {_messages(problem)}") from None
        self._restore(
            Intention,
            saved.pk,
            created_at=self._optional_moment(item, "created_at", what),
            updated_at=self._optional_moment(item, "updated_at", what),
        )
        self.report.added["intentions"] += 1

    def reflection(self, n: int, item: Any) -> None:
        what = _("reflection %(n)s") % {"n": n}
        if not isinstance(item, dict):
            raise ImportProblem(_("%(what)s should be an object.") % {"what": what})
        day = _day_in(item.get("day"), what)
        if practice.reflection(self.user, day) is not None:
            self.report.already_there["reflections"] += 1
            return
        linked = self._glimmers_here(item.get("glimmers"))
        that_day = set(practice.glimmers_on(self.user, day).values_list("pk", flat=True))
        kept = [g for g in linked if g.pk in that_day]
        if len(kept) < len(linked):
            self.report.notes.append(
                _("%(what)s: a glimmer now falls on another day here, so it isn't linked.")
                % {"what": what}
            )
        try:
            saved = practice_services.save_reflection(
                self.user,
                day,
                answer=str(item.get("answer") or ""),
                prompt=self.find_prompt(item.get("prompt")),
                glimmers=kept,
            )
        except ValidationError as problem:
            raise ImportProblem(f"{what}: {_messages(problem)}") from None
        self._restore(
            Reflection,
            saved.pk,
            prompt_text=str(item.get("prompt_text") or "")[:300],
            created_at=self._optional_moment(item, "created_at", what),
            updated_at=self._optional_moment(item, "updated_at", what),
        )
        self.report.added["reflections"] += 1

    def question_answer(self, n: int, item: Any) -> None:
        what = _("Glimmer Question answer %(n)s") % {"n": n}
        if not isinstance(item, dict):
            raise ImportProblem(_("%(what)s should be an object.") % {"what": what})
        day = _day_in(item.get("day"), what)
        answered_at = self._optional_moment(item, "answered_at", what)
        if (
            answered_at is not None
            and practice.question_answers(self.user)
            .filter(day=day, answered_at=answered_at)
            .exists()
        ):
            self.report.already_there["question_answers"] += 1
            return
        likelihood = item.get("likelihood")
        if not isinstance(likelihood, int) or isinstance(likelihood, bool):
            raise ImportProblem(
                _("%(what)s: the likelihood should be a whole number from 0 to 10.")
                % {"what": what}
            )
        try:
            saved = practice_services.answer_question(
                self.user,
                day,
                prompt=self.find_prompt(item.get("prompt")),
                likelihood=likelihood,
                how_would_i_know=str(item.get("how_would_i_know") or ""),
                body_notice=str(item.get("body_notice") or ""),
                who_would_notice=str(item.get("who_would_notice") or ""),
            )
        except ValidationError as problem:
            raise ImportProblem(f"{what}: {_messages(problem)}") from None
        self._restore(
            QuestionAnswer,
            saved.pk,
            prompt_text=str(item.get("prompt_text") or "")[:300],
            answered_at=answered_at,
        )
        self.report.added["question_answers"] += 1

    def menu_choice(self, item: Any) -> None:
        if not isinstance(item, dict):
            raise ImportProblem("menu_choices: each should be an object.")
        kind, key = str(item.get("kind", "")), str(item.get("key", ""))
        if records.menu_choices(self.user).filter(kind=kind, key=key).exists():
            self.report.already_there["menu_choices"] += 1
            return
        try:
            practice_services.decide_suggestion(self.user, kind, key, bool(item.get("accepted")))
        except ValidationError:
            self.report.notes.append(
                _(
                    "A menu choice (%(kind)s “%(key)s”) isn't suggested here yet, "
                    "so it was left out."
                )
                % {"kind": kind, "key": key}
            )
            return
        self.report.added["menu_choices"] += 1


def _remove_files(names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


class _DryRun(Exception):
    """Undoes a dry run's writes once the report is made."""


def read_glimmers_json(user, path, *, dry_run: bool = False) -> Report:
    """Read Glimmers' own export (a .json, or a ZIP with photos) into ``user``'s account.

    All or nothing: one transaction, and any photo files written are removed if
    it fails. Ids are kept where they are free; a glimmer or hard moment whose
    id is already this person's is left as it is (so reading a file twice adds
    nothing), and one whose id is someone else's gets a new id. ``dry_run``
    does everything, reports it, and keeps nothing. Raises ImportProblem (a
    message a person can act on) for a file that can't be read.
    """
    data, archive = _load(Path(path))
    report = Report(dry_run=dry_run)
    importer = _Importer(user, data, archive, report)
    try:
        with writing(user):
            importer.run()
            if dry_run:
                raise _DryRun
    except _DryRun:
        _remove_files(importer.written)
    except Exception:
        _remove_files(importer.written)
        raise
    finally:
        if archive is not None:
            archive.close()
    return report


__all__ = [
    "ImportProblem",
    "Report",
    "document_pieces",
    "json_export",
    "looks_like_glimmers_json",
    "read_glimmers_json",
]
