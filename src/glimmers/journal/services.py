"""Writes to the journal. Views, the API and the command line all call these.

Input is validated first (``journal/forms.py`` turns a request, a JSON body or
command-line options into clean values); these functions then write
everything in one transaction, so a failure leaves nothing half-saved.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from glimmers import sqlrows
from glimmers.access import may_change, may_use, owned, usable
from glimmers.db import writing
from glimmers.journal.models import (
    COUNTED_LINKS,
    COUNTED_WORDS,
    DETAILS,
    NAME_MAX_LENGTH,
    Glimmer,
    GlimmerLink,
    Kind,
    Person,
    Photo,
    Tag,
    Trigger,
    Value,
    tidy_name,
)
from glimmers.journal.photos import CleanPhoto
from glimmers.time import local_time

# "#sea", "#first-light", "#морe": a hash at the start of a word, then letters,
# digits, "_" or "-".
TAG_PATTERN = re.compile(r"(?<![\w#&])#(\w[\w-]*)")

GLIMMER_FIELDS = (
    "text",
    "noticed_at",
    "state_before",
    "state_after",
    "place",
    "anchored_seconds",
    "surprise",
    "gratitude",
    "reliable",
    "kind",
    "period",
)


def tags_in(text: str) -> list[str]:
    """The #tags written in a text, lower-cased, each once, in order."""
    seen: dict[str, None] = {}
    for match in TAG_PATTERN.finditer(text):
        name = match.group(1).strip("-_").lower()[:NAME_MAX_LENGTH]
        if name:
            seen.setdefault(name, None)
    return list(seen)


def _names(raw: Iterable[str]) -> list[str]:
    """Names tidied as they are kept, each once (another case of one is found by
    ``_named``, as the database compares them)."""
    seen: dict[str, None] = {}
    for name in raw:
        clean = tidy_name(name)[:NAME_MAX_LENGTH]
        if clean:
            seen.setdefault(clean, None)
    return list(seen)


def _own_or_builtin(owner, rows: Iterable[Any], what: str) -> list[Any]:
    """Refuse anything that belongs to someone else (forms check this too)."""
    if isinstance(rows, QuerySet) and rows.query.is_empty():
        return []  # a form's "none chosen": not worth a trip through the ORM
    rows = list(rows)
    for row in rows:
        if not may_use(owner, row):
            raise ValidationError({what: _("That isn't one of yours.")})
    return rows


# The SQL of named()'s query for each model (and database), compiled once.
_NAMED_QUERIES: dict[tuple[type, str], str] = {}
_ANY_OWNER, _ANY_NAME = -1, "\x00name\x00"


def _find_named(model, owner, name: str):
    """The owner's row called ``name`` (``NamedQuerySet.named``, the one rule), or None.

    A capture asks this for each #tag and new name, inside its write. Building
    the ORM's query costs five times the database's answer (docs/decisions.md),
    so the SQL that ``owned(model, …).named()`` builds is compiled once for each
    model and run with each owner and name: the rules are still access's and
    named()'s own.
    """
    key = (model, connection.vendor)
    if key not in _NAMED_QUERIES:
        anyone = get_user_model()(pk=_ANY_OWNER)  # stands in for each owner in the SQL
        rows = owned(model, anyone).named(_ANY_NAME).order_by()[:1]
        query, parameters = rows.query.get_compiler(connection=connection).as_sql()
        if tuple(parameters) != (_ANY_OWNER, _ANY_NAME):
            raise AssertionError(f"named() gave unexpected parameters: {parameters!r}")
        _NAMED_QUERIES[key] = query
    with connection.cursor() as cursor:
        cursor.execute(_NAMED_QUERIES[key], [owner.pk, tidy_name(name)])
        row = cursor.fetchone()
    return None if row is None else sqlrows.instance(model, row)


def _named(model, owner, names: Iterable[str]) -> list[Any]:
    """The owner's rows with these names, creating the ones that are new; each once."""
    rows: dict[Any, Any] = {}
    for name in _names(names):
        existing = _find_named(model, owner, name)
        if existing is None:
            try:
                with transaction.atomic():
                    existing = model.objects.create(owner=owner, name=name)
            except IntegrityError:  # the same name, added at the same moment elsewhere
                existing = _find_named(model, owner, name)
                if existing is None:
                    raise
        rows.setdefault(existing.pk, existing)
    return list(rows.values())


# ---------------------------------------------------------------------------
# Photo files and their rows
#
# A photo is two files (the image and its thumbnail) and a row. The files are
# written first, inside the transaction that adds the row, so a row is never
# committed without its files. A crash between writing the files and the
# commit leaves files with no row; `sweep_photo_files` removes those (`glimmers
# serve` runs it at start-up). Deletes go the other way round: the row goes
# first and the files only after the commit, so a crash leaves at worst files
# for the sweep, never a row without files.
# ---------------------------------------------------------------------------

# models.photo_path puts each account's photos in photos/<owner id>/.
PHOTO_ROOT = "photos"
# PostgreSQL advisory lock key ("glmp"): photo writers share it, the sweep takes it alone.
PHOTO_LOCK_KEY = 0x676C6D70
# What our own photo files are called: photos/<owner id>/<hex id>[-thumb].<ext>
PHOTO_FILE_NAME = re.compile(r"^[0-9a-f]{32}(?:-thumb)?\.(?:jpg|png)$")


def _hold_photo_lock(*, alone: bool) -> None:
    """Keep photo writers and the sweep apart until the current transaction ends.

    The sweep must never see a writer's files before its row is committed.
    On SQLite every write transaction holds the database's single write lock
    from BEGIN (transactions are IMMEDIATE), so writers and the sweep are
    apart already. PostgreSQL lets writers run side by side: they take an
    advisory lock in shared mode, and the sweep takes it exclusively.
    """
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock" if alone else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [PHOTO_LOCK_KEY])


class NoRoomForPhotos(ValidationError):
    """These photos would take a person past their storage quota; nothing was saved."""


def stored_photo_bytes(owner) -> int:
    """How much room a person's photo files take, images and thumbnails together."""
    try:
        _dirs, files = default_storage.listdir(f"{PHOTO_ROOT}/{owner.pk}")
    except (FileNotFoundError, NotADirectoryError):
        return 0
    return sum(default_storage.size(f"{PHOTO_ROOT}/{owner.pk}/{name}") for name in files)


def _check_room(owner, photos: list[CleanPhoto]) -> None:
    """Refuse photos that would take their owner past GLIMMERS_STORAGE_QUOTA_MB.

    Called with the person's writes queued (see glimmers.db.writing), so two uploads at
    once cannot both squeeze into the last of the room.
    """
    quota = int(settings.STORAGE_QUOTA_MB * 1024 * 1024)
    if not quota:
        return
    needed = sum(len(clean.image) + len(clean.thumbnail) for clean in photos)
    left = max(0, quota - stored_photo_bytes(owner))
    if needed > left:
        raise NoRoomForPhotos(
            _(
                "There isn't room for that photo: your photos have %(left)s of space left, "
                "and it needs %(needed)s. Nothing was saved yet. Removing a photo you no longer "
                "need makes room, or whoever runs this Glimmers can give you more."
            ),
            params={"left": filesizeformat(left), "needed": filesizeformat(needed)},
            code="no_room",
        )


def _store_photos(
    owner,
    glimmer: Glimmer,
    photos: Iterable[CleanPhoto],
    written: list[str],
    ids: Iterable[uuid.UUID | None] = (),
) -> list[Photo]:
    """Write photo files, then their rows; call inside a transaction.

    Each file's name goes into ``written`` as soon as it is on disk, so the
    caller can remove them all if anything after fails. Nothing is written
    when the photos would not fit in their owner's storage quota. ``ids``:
    a client's own ids for the photos, in order (an offline upload's retry
    must find the photo it made, not make another); a fresh uuid4 otherwise.
    """
    photos = list(photos)
    if not photos:
        return []
    _hold_photo_lock(alone=False)
    _check_room(owner, photos)
    stored = []
    chosen = list(ids)
    for index, clean in enumerate(photos):
        photo = Photo(owner=owner, glimmer=glimmer, width=clean.width, height=clean.height)
        if index < len(chosen) and chosen[index] is not None:
            photo.id = chosen[index]
        photo.image.save(f"{photo.id.hex}.{clean.extension}", ContentFile(clean.image), save=False)
        written.append(photo.image.name)
        photo.thumbnail.save(
            f"{photo.id.hex}-thumb.{clean.extension}", ContentFile(clean.thumbnail), save=False
        )
        written.append(photo.thumbnail.name)
        photo.save()
        stored.append(photo)
    return stored


def remove_files(names: Iterable[str]) -> None:
    for name in names:
        # Already gone is fine; the row is what matters.
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def remove_files_after_commit(names: Iterable[str]) -> None:
    """Remove these files the moment the current transaction commits (never if it rolls back).

    Not left for the sweep: a deleted photo's files are gone when the delete
    returns. ``robust``: a file that cannot be removed is logged, and the
    delete that already committed still answers; the sweep removes it later.
    """
    names = list(names)
    transaction.on_commit(lambda: remove_files(names), robust=True)


def _link(glimmer: Glimmer, name: str, rows: list[Any], *, new: bool) -> list[Any]:
    """Set a many-to-many relation; returns the rows linked, each once.

    Links to senses, people, values and tags copy the glimmer's owner and day.
    A new glimmer has no links yet, so they are inserted in one statement,
    without the manager's look for links that already exist.
    """
    copies = GlimmerLink.copies(glimmer) if name in COUNTED_WORDS.values() else {}
    unique = {row.pk: row for row in rows}
    if not new:
        getattr(glimmer, name).set(rows, through_defaults=copies)
        return list(unique.values())
    field = getattr(Glimmer, name).field
    through = field.remote_field.through
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    sqlrows.insert(through, [{"glimmer_id": glimmer.pk, target: pk, **copies} for pk in unique])
    return list(unique.values())


def _in_read_order(rows: list[Any]) -> list[Any] | None:
    """``rows`` in the order a read of them gives (their model's ordering), where that
    is certain without asking the database; None where it is not.

    Senses and body cues are read by position, then name; the rest by name in
    lower case, as the database folds it. None or one row is in order already,
    and senses with different positions are sorted by them; a tie, or names,
    would be decided by the database's own collation, so they are left to it.
    """
    if len(rows) <= 1:
        return rows
    positions = {getattr(row, "position", None) for row in rows}
    if None not in positions and len(positions) == len(rows):
        return sorted(rows, key=lambda row: row.position)
    return None


def save_glimmer(
    owner,
    data: dict[str, Any],
    *,
    glimmer: Glimmer | None = None,
    photos: Iterable[CleanPhoto] = (),
    glimmer_id=None,
) -> Glimmer:
    """Create a glimmer (or update ``glimmer``) from validated values.

    ``data`` holds the model fields by name plus, optionally, ``senses``,
    ``body_cues``, ``people`` and ``values`` (rows the owner may use) and
    ``new_people`` / ``new_values`` (names to add). Keys that are missing are
    left as they are on update and take their defaults on create.

    A new glimmer comes back with the ``shown_*`` lists whose order is certain
    already set (nothing linked is an empty list), so the API can answer a
    capture without reading them back; the rest are read when first used.
    """
    written: list[str] = []
    new = glimmer is None
    linked: dict[str, list[Any]] = {name: [] for name in DETAILS}
    try:
        with writing(owner):
            if glimmer is None:
                glimmer = Glimmer(owner=owner, kind=Kind.NOTICED)
                if glimmer_id is not None:
                    glimmer.id = glimmer_id
            elif not may_change(owner, glimmer):
                raise ValidationError(_("That glimmer isn't one of yours."))
            for name in GLIMMER_FIELDS:
                if data.get(name) is not None:
                    setattr(glimmer, name, data[name])
            glimmer.text = glimmer.text.strip()
            # The only unique field is the id: a new uuid4, or a client's own id,
            # whose race with another insert the API handles (IntegrityError).
            glimmer.full_clean(exclude=["owner"], validate_unique=False)
            glimmer.save()

            for name in ("senses", "body_cues"):
                if name in data:
                    rows = _own_or_builtin(owner, data[name], name)
                    linked[name] = _link(glimmer, name, rows, new=new)
            for name, model in (("people", Person), ("values", Value)):
                if name not in data and f"new_{name}" not in data:
                    continue
                if name in data:
                    chosen = _own_or_builtin(owner, data[name], name)
                else:
                    chosen = [] if new else list(getattr(glimmer, name).all())
                chosen += _named(model, owner, data.get(f"new_{name}") or [])
                linked[name] = _link(glimmer, name, chosen, new=new)
            tags = _named(Tag, owner, tags_in(glimmer.text))
            linked["tags"] = _link(glimmer, "tags", tags, new=new)
            linked["photos"] = _store_photos(owner, glimmer, photos, written)
            glimmer.forget_details()  # lists a page read before the change
            if new:
                for name, rows in linked.items():
                    if (ordered := _in_read_order(rows)) is not None:
                        setattr(glimmer, f"shown_{name}", ordered)
    except Exception:
        remove_files(written)
        raise
    return glimmer


def tally(owner, count: int = 1) -> list[Glimmer]:
    """Count wordless glimmers now ("counted, no words yet")."""
    if not 1 <= count <= 100:
        raise ValidationError(_("Count between 1 and 100 at a time."))
    now = timezone.now()
    with writing(owner):
        return [Glimmer.objects.create(owner=owner, noticed_at=now) for _ in range(count)]


def delete_glimmer(owner, glimmer: Glimmer) -> None:
    """Delete a glimmer and its photos: the rows now, their files after the commit."""
    if not may_change(owner, glimmer):
        raise ValidationError(_("That glimmer isn't one of yours."))
    with writing(owner):
        # Read inside the transaction, so a photo added a moment ago goes too.
        files = [
            name
            for image, thumbnail in owned(Photo, owner)
            .filter(glimmer=glimmer)
            .values_list("image", "thumbnail")
            for name in (image, thumbnail)
        ]
        glimmer.delete()
        remove_files_after_commit(files)


def add_photos(
    owner,
    glimmer: Glimmer,
    photos: Iterable[CleanPhoto],
    ids: Iterable[uuid.UUID | None] = (),
) -> list[Photo]:
    """Add photos to a glimmer: all of them, or (no room, a failure) none.

    ``ids``: the client's own ids for them (see ``_store_photos``). An id
    that is taken fails at the insert (IntegrityError or the model's
    uniqueness check) and writes nothing; the API tells a retry from a clash.
    """
    if not may_change(owner, glimmer):
        raise ValidationError(_("That glimmer isn't one of yours."))
    written: list[str] = []
    try:
        with writing(owner):
            return _store_photos(owner, glimmer, photos, written, ids)
    except Exception:
        remove_files(written)
        raise


def add_photo(
    owner, glimmer: Glimmer, clean: CleanPhoto, photo_id: uuid.UUID | None = None
) -> Photo:
    (photo,) = add_photos(owner, glimmer, [clean], [photo_id])
    return photo


def delete_photo(owner, photo: Photo) -> None:
    """Delete the row now and the files after the commit (never a row without files)."""
    if not may_change(owner, photo):
        raise ValidationError(_("That photo isn't one of yours."))
    files = [photo.image.name, photo.thumbnail.name]
    with writing(owner):
        photo.delete()
        remove_files_after_commit(files)


def sweep_photo_files(*, dry_run: bool = False) -> list[str]:
    """Remove photo files that no photo row refers to; return their names.

    They are what a crash (or a killed server) leaves when it strikes between
    writing a photo's files and committing its row, or between deleting a row
    and its files. Only files named the way we name photos, in a folder named
    after an account's id, are considered; anything else is left alone.

    Safe while the app is serving: the files are listed first, then checked
    against the rows while holding the photo lock (see `_hold_photo_lock`),
    so a file whose row is about to be committed is waited for, not removed.
    """
    candidates: dict[str, list[str]] = {}
    try:
        folders, _files = default_storage.listdir(PHOTO_ROOT)
    except (FileNotFoundError, NotADirectoryError):
        return []
    for folder in folders:
        if not folder.isdigit():
            continue
        _dirs, files = default_storage.listdir(f"{PHOTO_ROOT}/{folder}")
        names = [f"{PHOTO_ROOT}/{folder}/{f}" for f in files if PHOTO_FILE_NAME.match(f)]
        if names:
            candidates[folder] = names
    if not candidates:
        return []
    orphans: list[str] = []
    with writing():
        _hold_photo_lock(alone=True)
        for folder, names in candidates.items():
            kept = set()
            for image, thumbnail in Photo.objects.filter(owner_id=int(folder)).values_list(
                "image", "thumbnail"
            ):
                kept.update((image, thumbnail))
            orphans += [name for name in names if name not in kept]
    # No row can come to refer to them later (the names are random ids), so
    # they can go once the lock is released.
    if not dry_run:
        remove_files(orphans)
    return sorted(orphans)


def photos_missing_files() -> list[Photo]:
    """Photo rows whose image or thumbnail is not in storage (there should be none)."""
    exists = default_storage.exists
    return [
        photo
        for photo in Photo.objects.order_by("created_at").iterator()
        if not (exists(photo.image.name) and exists(photo.thumbnail.name))
    ]


# ---------------------------------------------------------------------------
# Triggers
# ---------------------------------------------------------------------------

TRIGGER_FIELDS = ("text", "occurred_at", "pushed_toward", "intensity")


def save_trigger(owner, data: dict[str, Any], *, trigger: Trigger | None = None) -> Trigger:
    with writing(owner):
        if trigger is None:
            trigger = Trigger(owner=owner)
        elif not may_change(owner, trigger):
            raise ValidationError(_("That isn't one of yours."))
        for name in TRIGGER_FIELDS:
            if name in data and (data[name] is not None or name == "intensity"):
                setattr(trigger, name, data[name])
        trigger.text = (trigger.text or "").strip()
        trigger.full_clean(exclude=["owner"])
        trigger.save()
        if "helped_by" in data:
            helped = _own_or_builtin(owner, data["helped_by"], "helped_by")
            trigger.helped_by.set(helped)
    return trigger


def delete_trigger(owner, trigger: Trigger) -> None:
    if not may_change(owner, trigger):
        raise ValidationError(_("That isn't one of yours."))
    with writing(owner):
        trigger.delete()


# ---------------------------------------------------------------------------
# Your words: a person's own senses and body cues
# ---------------------------------------------------------------------------


def add_own_word(owner, model, name: str):
    """Add a sense or body cue of the person's own (``model`` is Sense or BodyCue)."""
    name = " ".join(name.split())
    slug = slugify(name, allow_unicode=True)[:40]
    if not slug:
        raise ValidationError(_("Use at least one letter or digit."))
    with writing(owner):
        taken = usable(model, owner).filter(slug=slug).exists()
        if taken:
            raise ValidationError(_("You already have that one."))
        return model.objects.create(owner=owner, slug=slug, name=name, position=1000)


def remove_own_word(owner, word) -> None:
    if not may_change(owner, word):
        raise ValidationError(_("That isn't one of yours."))
    with writing(owner):
        word.delete()


# ---------------------------------------------------------------------------
# People and values
# ---------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    clean = tidy_name(name)
    if not clean:
        raise ValidationError({"name": _("Give it a name.")})
    if len(clean) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Keep it under %(n)s characters.") % {"n": NAME_MAX_LENGTH}}
        )
    return clean


def add_named(owner, model, name: str):
    """Add a person or a value (``model`` is Person or Value); reuse one with that name."""
    with writing(owner):
        (row,) = _named(model, owner, [_clean_name(name)])
    return row


def find_or_add_named(owner, model, name: str) -> tuple[Any, bool]:
    """``add_named``, saying whether the row is new (False: the owner's own by that
    name, in any case, was reused). The Values page and the API tell the two apart."""
    existing = _find_named(model, owner, _clean_name(name))
    if existing is not None:
        return existing, False
    return add_named(owner, model, name), True


def rename_named(owner, row, name: str):
    if not may_change(owner, row):
        raise ValidationError(_("That isn't one of yours."))
    clean = _clean_name(name)
    with writing(owner):
        clash = owned(type(row), owner).named(clean).exclude(pk=row.pk)
        if clash.exists():
            raise ValidationError({"name": _("You already have one with that name.")})
        row.name = clean
        row.save(update_fields=["name"])
    return row


def delete_named(owner, row) -> None:
    if not may_change(owner, row):
        raise ValidationError(_("That isn't one of yours."))
    with writing(owner):
        row.delete()


# ---------------------------------------------------------------------------
# Local time, kept beside each glimmer for counting
# ---------------------------------------------------------------------------


def refresh_local_times(owner) -> int:
    """Re-stamp the local day, hour and weekday of all of someone's glimmers and triggers.

    Run when their time zone or day start changes. Returns how many rows changed.
    """
    with writing(owner):
        changed = 0
        for model, moment, fields in (
            (Glimmer, "noticed_at", ["local_date", "local_hour", "local_weekday"]),
            (Trigger, "occurred_at", ["local_date"]),
        ):
            batch = []
            for row in owned(model, owner).only("pk", moment, *fields).iterator():
                day, hour, weekday = local_time(owner, getattr(row, moment))
                new = {"local_date": day, "local_hour": hour, "local_weekday": weekday}
                if any(getattr(row, name) != new[name] for name in fields):
                    for name in fields:
                        setattr(row, name, new[name])
                    batch.append(row)
            model.objects.bulk_update(batch, fields, batch_size=2000)
            changed += len(batch)
            if model is Glimmer and batch:
                # Links to senses, people, values and tags carry their glimmer's day.
                day = owned(Glimmer, owner).filter(pk=OuterRef("glimmer_id")).values("local_date")
                for through in COUNTED_LINKS:
                    owned(through, owner).update(local_date=Subquery(day[:1]))
    return changed
