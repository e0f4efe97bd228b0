"""Writes to the journal. Views, the API and the command line all call these.

Input is validated first (``journal/forms.py`` turns a request, a JSON body or
command-line options into clean values); these functions then write
everything in one transaction, so a failure leaves nothing half-saved.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from glimmers.journal.models import (
    NAME_MAX_LENGTH,
    Glimmer,
    Kind,
    Person,
    Photo,
    Tag,
    Trigger,
    Value,
)
from glimmers.journal.photos import CleanPhoto

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
    seen: dict[str, str] = {}
    for name in raw:
        clean = " ".join(name.split())[:NAME_MAX_LENGTH]
        if clean:
            seen.setdefault(clean.lower(), clean)
    return list(seen.values())


def _own_or_builtin(owner, rows: Iterable[Any], what: str) -> list[Any]:
    """Refuse anything that belongs to someone else (forms check this too)."""
    rows = list(rows)
    for row in rows:
        if row.owner_id not in (None, owner.pk):
            raise ValidationError({what: _("That isn't one of yours.")})
    return rows


def named_like(rows: QuerySet, name: str) -> QuerySet:
    """The rows whose name is ``name`` in any case, as the unique constraint sees it.

    The constraint compares LOWER(name); ``name__iexact`` compares UPPER, and a
    few letters disagree (the Kelvin sign and "k", "İ" and "I"), which let a
    duplicate through to the constraint.
    """
    return rows.alias(folded=Lower("name")).filter(folded=Lower(models.Value(name)))


def _named(model, owner, names: Iterable[str]) -> list[Any]:
    """The owner's rows with these names, creating the ones that are new."""
    rows = []
    for name in _names(names):
        existing = named_like(model.objects.filter(owner=owner), name).first()
        if existing is None:
            try:
                with transaction.atomic():
                    existing = model.objects.create(owner=owner, name=name)
            except IntegrityError:  # the same name, added at the same moment elsewhere
                existing = named_like(model.objects.filter(owner=owner), name).get()
        rows.append(existing)
    return rows


def _store_photos(owner, glimmer: Glimmer, photos: Iterable[CleanPhoto]) -> list[str]:
    """Write photo files and rows; return the file names (to remove on failure)."""
    written: list[str] = []
    for clean in photos:
        photo = Photo(owner=owner, glimmer=glimmer, width=clean.width, height=clean.height)
        photo.image.save(f"{photo.id.hex}.{clean.extension}", ContentFile(clean.image), save=False)
        written.append(photo.image.name)
        photo.thumbnail.save(
            f"{photo.id.hex}-thumb.{clean.extension}", ContentFile(clean.thumbnail), save=False
        )
        written.append(photo.thumbnail.name)
        photo.save()
    return written


def _remove_files(names: Iterable[str]) -> None:
    for name in names:
        # Already gone is fine; the row is what matters.
        with contextlib.suppress(OSError):
            default_storage.delete(name)


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
    """
    written: list[str] = []
    try:
        with transaction.atomic():
            if glimmer is None:
                glimmer = Glimmer(owner=owner, kind=Kind.NOTICED)
                if glimmer_id is not None:
                    glimmer.id = glimmer_id
            elif glimmer.owner_id != owner.pk:
                raise ValidationError(_("That glimmer isn't one of yours."))
            for name in GLIMMER_FIELDS:
                if data.get(name) is not None:
                    setattr(glimmer, name, data[name])
            glimmer.text = glimmer.text.strip()
            glimmer.full_clean(exclude=["owner"])
            glimmer.save()

            for name in ("senses", "body_cues"):
                if name in data:
                    getattr(glimmer, name).set(_own_or_builtin(owner, data[name], name))
            for name, model in (("people", Person), ("values", Value)):
                if name not in data and f"new_{name}" not in data:
                    continue
                if name in data:
                    chosen = _own_or_builtin(owner, data[name], name)
                else:
                    chosen = list(getattr(glimmer, name).all())
                chosen += _named(model, owner, data.get(f"new_{name}") or [])
                getattr(glimmer, name).set(chosen)
            glimmer.tags.set(_named(Tag, owner, tags_in(glimmer.text)))
            written = _store_photos(owner, glimmer, photos)
    except Exception:
        _remove_files(written)
        raise
    return glimmer


def tally(owner, count: int = 1) -> list[Glimmer]:
    """Count wordless glimmers now ("counted, no words yet")."""
    if not 1 <= count <= 100:
        raise ValidationError(_("Count between 1 and 100 at a time."))
    now = timezone.now()
    with transaction.atomic():
        return [Glimmer.objects.create(owner=owner, noticed_at=now) for _ in range(count)]


def delete_glimmer(owner, glimmer: Glimmer) -> None:
    if glimmer.owner_id != owner.pk:
        raise ValidationError(_("That glimmer isn't one of yours."))
    files = [
        name for photo in glimmer.photos.all() for name in (photo.image.name, photo.thumbnail.name)
    ]
    with transaction.atomic():
        glimmer.delete()
        transaction.on_commit(lambda: _remove_files(files))


def add_photo(owner, glimmer: Glimmer, clean: CleanPhoto) -> Photo:
    if glimmer.owner_id != owner.pk:
        raise ValidationError(_("That glimmer isn't one of yours."))
    written: list[str] = []
    try:
        with transaction.atomic():
            written = _store_photos(owner, glimmer, [clean])
    except Exception:
        _remove_files(written)
        raise
    return glimmer.photos.order_by("-created_at").first()


def delete_photo(owner, photo: Photo) -> None:
    if photo.owner_id != owner.pk:
        raise ValidationError(_("That photo isn't one of yours."))
    files = [photo.image.name, photo.thumbnail.name]
    with transaction.atomic():
        photo.delete()
        transaction.on_commit(lambda: _remove_files(files))


# ---------------------------------------------------------------------------
# Triggers
# ---------------------------------------------------------------------------

TRIGGER_FIELDS = ("text", "occurred_at", "pushed_toward", "intensity")


def save_trigger(owner, data: dict[str, Any], *, trigger: Trigger | None = None) -> Trigger:
    with transaction.atomic():
        if trigger is None:
            trigger = Trigger(owner=owner)
        elif trigger.owner_id != owner.pk:
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
    if trigger.owner_id != owner.pk:
        raise ValidationError(_("That isn't one of yours."))
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
    taken = model.objects.filter(slug=slug).filter(Q(owner=None) | Q(owner=owner)).exists()
    if taken:
        raise ValidationError(_("You already have that one."))
    return model.objects.create(owner=owner, slug=slug, name=name, position=1000)


def remove_own_word(owner, word) -> None:
    if word.owner_id != owner.pk:
        raise ValidationError(_("That isn't one of yours."))
    word.delete()


# ---------------------------------------------------------------------------
# People and values
# ---------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    clean = " ".join(str(name).split())
    if not clean:
        raise ValidationError({"name": _("Give it a name.")})
    if len(clean) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Keep it under %(n)s characters.") % {"n": NAME_MAX_LENGTH}}
        )
    return clean


def add_named(owner, model, name: str):
    """Add a person or a value (``model`` is Person or Value); reuse one with that name."""
    (row,) = _named(model, owner, [_clean_name(name)])
    return row


def rename_named(owner, row, name: str):
    if row.owner_id != owner.pk:
        raise ValidationError(_("That isn't one of yours."))
    clean = _clean_name(name)
    clash = named_like(type(row).objects.filter(owner=owner), clean).exclude(pk=row.pk)
    if clash.exists():
        raise ValidationError({"name": _("You already have one with that name.")})
    row.name = clean
    row.save(update_fields=["name"])
    return row


def delete_named(owner, row) -> None:
    if row.owner_id != owner.pk:
        raise ValidationError(_("That isn't one of yours."))
    row.delete()


# ---------------------------------------------------------------------------
# Local time, kept beside each glimmer for counting
# ---------------------------------------------------------------------------


def refresh_local_times(owner) -> int:
    """Re-stamp the local day, hour and weekday of all of someone's glimmers and triggers.

    Run when their time zone or day start changes. Returns how many rows changed.
    """
    from glimmers.journal.models import local_time

    changed = 0
    for model, moment, fields in (
        (Glimmer, "noticed_at", ["local_date", "local_hour", "local_weekday"]),
        (Trigger, "occurred_at", ["local_date"]),
    ):
        batch = []
        for row in model.objects.filter(owner=owner).only("pk", moment, *fields).iterator():
            day, hour, weekday = local_time(owner, getattr(row, moment))
            new = {"local_date": day, "local_hour": hour, "local_weekday": weekday}
            if any(getattr(row, name) != new[name] for name in fields):
                for name in fields:
                    setattr(row, name, new[name])
                batch.append(row)
        model.objects.bulk_update(batch, fields, batch_size=2000)
        changed += len(batch)
    return changed
