"""Deleting an account for good: every row, every file, and no words left behind.

``delete_account(user)`` is the one path: the web page (deletion/views.py)
and `glimmers delete-account` (management/commands/delete-account.py) both
call it. The page first locks the account (``lock_for_deletion``: signed out
everywhere, no sign-in, no token) and runs the deletion on a thread of its
own, because 100,000 glimmers take 35–50 s to delete, near a request's time
limit; ``glimmers serve`` finishes any deletion a stop interrupted
(``finish_pending``). Every row goes in one transaction (``glimmers.db.writing``), so a
failure part-way leaves the account exactly as it was. The photo files go
right after the commit: never before it (a rollback would leave rows pointing
at missing files), and never left behind (a file that cannot be removed then
is one the photo sweep removes at the next start, since no row refers to it).

On SQLite the words must not survive in the data folder either:

- ``PRAGMA secure_delete=ON`` (glimmers/settings.py) overwrites freed space
  with zeros on every connection;
- the search index (FTS5) keeps the words of a deleted row in its index
  segments until they are merged, so the deletion asks FTS5 to merge them
  all ('optimize'): without it the words were still in the file (measured,
  docs/decisions.md, "Deleting an account leaves no words behind");
- the write-ahead log still holds the pages as they were before, so after
  the commit it is checkpointed and truncated to nothing.

PostgreSQL keeps old row versions until VACUUM and its own WAL and backups
for as long as the host keeps them: docs/security.md says what a host does.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
from dataclasses import dataclass, fields

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import close_old_connections, connection, transaction
from django.db.models import CASCADE, SET_NULL, signals
from django.db.models.deletion import get_candidate_relations_to_delete
from django.utils.translation import ngettext

from glimmers.access import owned
from glimmers.accounts import throttle
from glimmers.accounts.models import AccessToken, FailedAttempt, SecurityEvent, Session
from glimmers.circles import services as circle_services
from glimmers.db import writing
from glimmers.journal import search
from glimmers.journal.models import (
    COUNTED_LINKS,
    BodyCue,
    Glimmer,
    MonthlyCount,
    Person,
    Photo,
    Sense,
    Tag,
    Trigger,
    Value,
)
from glimmers.journal.services import PHOTO_ROOT, remove_files_after_commit
from glimmers.practice.models import Intention, Prompt, QuestionAnswer, Reflection
from glimmers.yourdata.importing import staging
from glimmers.yourdata.models import PendingDeletion

logger = logging.getLogger(__name__)


@dataclass
class Removed:
    """How much of an account went (or, from ``what_would_go``, would go)."""

    glimmers: int = 0
    photos: int = 0
    photo_files: int = 0
    triggers: int = 0
    intentions: int = 0
    reflections: int = 0
    question_answers: int = 0
    prompts: int = 0
    own_words: int = 0  # the person's own senses and body cues
    people: int = 0
    values: int = 0
    tags: int = 0
    tokens: int = 0
    sessions: int = 0
    security_events: int = 0
    throttle_rows: int = 0
    monthly_counts: int = 0
    search_entries: int = 0
    other_rows: int = 0  # links, settings, two-step sign-in, hidden prompts, …

    def as_dict(self) -> dict[str, int]:
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def lines(self) -> list[str]:
        """What went, in plain words, one line each (only what there was)."""
        words = {
            "glimmers": lambda n: ngettext("%(n)d glimmer", "%(n)d glimmers", n),
            "photos": lambda n: ngettext(
                "%(n)d photo, with its files", "%(n)d photos, with their files", n
            ),
            "triggers": lambda n: ngettext("%(n)d hard moment", "%(n)d hard moments", n),
            "intentions": lambda n: ngettext(
                "%(n)d morning intention", "%(n)d morning intentions", n
            ),
            "reflections": lambda n: ngettext(
                "%(n)d evening reflection", "%(n)d evening reflections", n
            ),
            "question_answers": lambda n: ngettext(
                "%(n)d answer to the Glimmer Question", "%(n)d answers to the Glimmer Question", n
            ),
            "prompts": lambda n: ngettext(
                "%(n)d prompt of your own", "%(n)d prompts of your own", n
            ),
            "own_words": lambda n: ngettext(
                "%(n)d sense or body cue of your own", "%(n)d senses and body cues of your own", n
            ),
            "people": lambda n: ngettext("%(n)d person", "%(n)d people", n),
            "values": lambda n: ngettext("%(n)d value", "%(n)d values", n),
            "tags": lambda n: ngettext("%(n)d tag", "%(n)d tags", n),
            "tokens": lambda n: ngettext("%(n)d API token", "%(n)d API tokens", n),
            "sessions": lambda n: ngettext(
                "%(n)d signed-in browser", "%(n)d signed-in browsers", n
            ),
            "security_events": lambda n: ngettext(
                "%(n)d line of your security log", "%(n)d lines of your security log", n
            ),
        }
        return [
            words[name](getattr(self, name)) % {"n": getattr(self, name)}
            for name in words
            if getattr(self, name)
        ]


def _rows(user) -> list[tuple[str, object]]:
    """(what they count as, rows) in the order they are deleted, what hangs on a
    row before the row. Hard moments are read as ids only, so the delete does
    not load their words into memory; the glimmers go in ``_delete_glimmers``.
    """
    return [
        # The monthly counts first: the database's triggers then count down
        # nothing as each glimmer and link goes (docs/decisions.md).
        ("monthly_counts", owned(MonthlyCount, user)),
        # Each link carries its owner, so one statement removes each kind.
        *(("other_rows", owned(link, user)) for link in COUNTED_LINKS),
        ("photos", owned(Photo, user)),
        ("reflections", owned(Reflection, user)),
        ("question_answers", owned(QuestionAnswer, user)),
        ("intentions", owned(Intention, user)),
        ("triggers", owned(Trigger, user).only("pk")),
        # The glimmers themselves: _delete_glimmers.
        ("prompts", owned(Prompt, user)),
        ("own_words", owned(Sense, user)),
        ("own_words", owned(BodyCue, user)),
        ("people", owned(Person, user)),
        ("values", owned(Value, user)),
        ("tags", owned(Tag, user)),
        ("tokens", owned(AccessToken, user)),
        ("sessions", owned(Session, user)),
        ("security_events", owned(SecurityEvent, user)),
    ]


def _delete_glimmers(user) -> tuple[int, int]:
    """Delete ``user``'s glimmers: (how many, how many other rows went with them).

    Django's own cascade reads every glimmer's id and then asks each table
    that refers to glimmers about them, a batch at a time: 54 s for 100,000
    glimmers on SQLite, close to a request's time limit. Here each of those
    tables is cleared once, by a subquery of the owner's glimmers (``owned``),
    and then the glimmers go in one statement (docs/decisions.md, "Deleting
    an account leaves no words behind"). Tables are found as Django's
    cascade finds them, so one added later is covered the day it is added;
    a rule other than CASCADE or SET_NULL, or a delete signal, is left to
    Django's cascade, which knows them all.
    """
    glimmers = owned(Glimmer, user)
    relations = list(get_candidate_relations_to_delete(Glimmer._meta))
    plain = all(
        relation.field.remote_field.on_delete in (CASCADE, SET_NULL) for relation in relations
    )
    if not plain or any(
        signal.has_listeners(Glimmer) for signal in (signals.pre_delete, signals.post_delete)
    ):
        total, by_model = glimmers.only("pk").delete()
        own = by_model.get(Glimmer._meta.label, 0)
        return own, total - own
    ids = glimmers.values("pk")
    other = 0
    for relation in relations:
        name = relation.field.name
        # Rows that refer to the owner's own glimmers (the subquery is owned()'s).
        rows = relation.related_model.objects.filter(**{f"{name}__in": ids})
        if relation.field.remote_field.on_delete is SET_NULL:
            rows.update(**{name: None})
        else:
            other += rows.delete()[0]
    # Nothing refers to them any more: one DELETE, which is what Django's
    # cascade itself runs for rows nothing refers to.
    return glimmers._raw_delete(glimmers.db), other


def _throttle_rows(user):
    """Failed tries counted against this account: by its name, and by its own browsers.

    Those counted by address stay: they are about a place, not a person.
    """
    name = throttle._account_name(user)  # the name as the throttle folds it
    keys = [f"{action}:account:{name}" for action in throttle.ACTIONS]
    rows = FailedAttempt.objects.none()
    for action in throttle.ACTIONS:
        rows |= FailedAttempt.objects.filter(key__startswith=f"{action}:device:{user.pk}:")
    return rows | FailedAttempt.objects.filter(key__in=keys)


def what_would_go(user) -> Removed:
    """What ``delete_account`` would remove now, counted and left as it is."""
    removed = Removed(glimmers=owned(Glimmer, user).count())
    for name, rows in _rows(user):
        setattr(removed, name, getattr(removed, name) + rows.count())
    removed.photo_files = 2 * removed.photos
    removed.search_entries = removed.glimmers
    removed.throttle_rows = _throttle_rows(user).count()
    return removed


def _photo_files(user) -> list[str]:
    """Every file in the account's photo folder, and every file its photo rows name."""
    names = {
        name
        for image, thumbnail in owned(Photo, user).values_list("image", "thumbnail")
        for name in (image, thumbnail)
    }
    folder = f"{PHOTO_ROOT}/{user.pk}"
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        _dirs, files = default_storage.listdir(folder)
        names.update(f"{folder}/{name}" for name in files)
    return sorted(names)


def _remove_photo_folder(user_id: int) -> None:
    """The account's (now empty) photo folder, where photos are kept on this disk."""
    # NotImplementedError: a storage with no folders on this disk (Django's path()).
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(default_storage.path(f"{PHOTO_ROOT}/{user_id}"))


def checkpoint_sqlite() -> tuple[int, int, int] | None:
    """Fold SQLite's write-ahead log into the database and truncate it to nothing.

    The log holds pages as they were before the deletion. Returns SQLite's
    (busy, log frames, checkpointed frames); busy is 1 if a reader kept it
    from finishing (the log is then reset by the next checkpoint).
    """
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return tuple(cursor.fetchone())


def delete_account(user) -> Removed:
    """Delete ``user`` and everything that is theirs, for good; say how much went."""
    removed = Removed()
    user_id = user.pk
    with writing(user):
        # The circles it keeps go on with someone else in them; see leave_every_circle.
        circle_services.leave_every_circle(user)
        files = _photo_files(user)
        # A file left waiting on the import page (importing/staging.py).
        waiting = staging.folder(user, create=False)
        for name, rows in _rows(user):
            _total, by_model = rows.delete()
            own = by_model.get(rows.model._meta.label, 0)
            setattr(removed, name, getattr(removed, name) + own)
            removed.other_rows += _total - own
        removed.glimmers, with_them = _delete_glimmers(user)
        removed.other_rows += with_them
        removed.throttle_rows, _ = _throttle_rows(user).delete()
        # Anything else that hangs on the account (two-step sign-in, recovery
        # codes, hidden prompts, menu choices, what another part adds later)
        # goes with it, by the foreign keys' own CASCADE.
        total, by_model = user.delete()
        removed.other_rows += total - by_model.get(user._meta.label, 0)
        removed.search_entries = removed.glimmers  # one entry of the index for each
        search.forget_deleted_words()
        removed.photo_files = len(files)
        remove_files_after_commit(files)
        transaction.on_commit(lambda: _remove_photo_folder(user_id), robust=True)
        transaction.on_commit(lambda: shutil.rmtree(waiting, ignore_errors=True), robust=True)
        transaction.on_commit(checkpoint_sqlite, robust=True)  # nothing to do on PostgreSQL
    logger.info("Account %s was deleted with everything in it.", user_id)
    return removed


# How long the page waits for a deletion to finish before it says it is
# finishing on its own (an account of 10,000 glimmers goes in 2–9 s).
WAIT_SECONDS = 20


def lock_for_deletion(user) -> Removed:
    """Lock ``user``'s account for deleting: what will go, counted first.

    Every browser is signed out and every API token revoked at once; the
    account can't be signed in to again (Django refuses an inactive one),
    so nothing is added while it is being deleted.
    """
    removed = what_would_go(user)
    with writing(user):
        PendingDeletion.objects.get_or_create(user=user)
        get_user_model().objects.filter(pk=user.pk).update(is_active=False)
        owned(Session, user).delete()
        owned(AccessToken, user).delete()
    return removed


def delete_in_background(user) -> threading.Thread:
    """Delete a locked account on a thread of its own (started once committed)."""
    thread = threading.Thread(
        target=_delete_by_id, args=(user.pk,), name=f"delete-{user.pk}", daemon=True
    )
    transaction.on_commit(thread.start)
    return thread


def _delete_by_id(user_id: int) -> None:
    close_old_connections()
    try:
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is not None:
            delete_account(user)
    except Exception:
        logger.exception(
            "Deleting account %s stopped; `glimmers serve` finishes it as it starts.", user_id
        )
    finally:
        connection.close()  # this thread's own connection


def finish_pending() -> int:
    """Finish deleting the accounts whose deletion a stop interrupted; how many."""
    waiting = list(get_user_model().objects.filter(pending_deletion__isnull=False))
    for user in waiting:
        delete_account(user)
    return len(waiting)
