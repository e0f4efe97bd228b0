"""Who may see what: the one answer to "what may this viewer see?".

Every read of personal data starts here: the journal, the practice, API
tokens, sessions, the security log, two-step sign-in. Views, the API, the
command line, queries and services ask these functions for their rows and
narrow what they are given; nothing reads personal rows around them
(tests/test_access_gate.py checks the source for it).

Today a viewer sees exactly their own rows. Anything else — someone else's
glimmer, a malformed id, an anonymous visitor — is "not found", never
"forbidden", so a stranger cannot even learn that something exists. When
people other than the owner may read (a circle, a carer), the rule for them
is added here, and every read follows it.

A row belongs to someone through its ``owner`` field (journal, practice,
tokens) or its ``user`` field (accounts). Models are passed in, so this
module imports no app.
"""

from __future__ import annotations

import enum
import functools
import uuid
from typing import TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models import Q, QuerySet
from django.http import Http404

ModelT = TypeVar("ModelT", bound=models.Model)


@functools.cache
def owner_field(model: type[models.Model]) -> models.ForeignKey:
    """The field that says whose a row of ``model`` is: ``owner``, or ``user`` in accounts."""
    for name in ("owner", "user"):
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    raise TypeError(f"{model.__name__} has no owner: it is not personal data")


def _signed_in(viewer) -> bool:
    return viewer is not None and viewer.is_authenticated


def owner_ids(viewer) -> list[int]:
    """Whose rows ``viewer`` may see, for a read keyed by owner (the search index).

    The rows found that way are still narrowed by ``owned``; this only lets such
    an index skip everyone else's rows.
    """
    return [viewer.pk] if _signed_in(viewer) else []


def owned(model: type[ModelT], viewer) -> QuerySet[ModelT]:
    """Every row of ``model`` that ``viewer`` may see: their own (none for an anonymous visitor)."""
    if not _signed_in(viewer):
        return model.objects.none()
    return model.objects.filter(**{owner_field(model).name: viewer})


def get_owned(model: type[ModelT], viewer, pk, queryset: QuerySet | None = None) -> ModelT:
    """One row ``viewer`` may see, or Http404 (``queryset``: a narrower ``owned``)."""
    rows = owned(model, viewer) if queryset is None else queryset
    if isinstance(model._meta.pk, models.UUIDField) and not isinstance(pk, uuid.UUID):
        try:
            pk = uuid.UUID(str(pk))
        except ValueError:
            raise Http404 from None
    try:
        return rows.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def usable(model: type[ModelT], viewer) -> QuerySet[ModelT]:
    """Built-in rows (no owner), which anyone may use, plus the viewer's own:
    senses, body cues and prompts."""
    name = owner_field(model).name
    builtin = Q(**{f"{name}__isnull": True})
    if not _signed_in(viewer):
        return model.objects.filter(builtin)
    return model.objects.filter(builtin | Q(**{name: viewer}))


def may_change(viewer, row: models.Model) -> bool:
    """Whether ``viewer`` may change or delete ``row``: only its owner may.

    Services ask this before a write, as a second line of defence behind the
    reads that found the row (someone who may only read, later, never may).
    """
    owner = getattr(row, owner_field(type(row)).attname)
    return _signed_in(viewer) and owner == viewer.pk


def may_use(viewer, row: models.Model) -> bool:
    """Whether ``viewer`` may pick ``row`` for something of theirs (a sense for a
    glimmer, a prompt to hide): built in (no owner), or their own."""
    owner = getattr(row, owner_field(type(row)).attname)
    return owner is None or (_signed_in(viewer) and owner == viewer.pk)


class Claim(enum.Enum):
    """Whose a client-chosen id is (``claim``)."""

    FREE = "free"  # nobody has a row with this id
    OWN = "own"  # the viewer's own row
    TAKEN = "taken"  # someone else's: answer 404, as for any row one may not see


def claim(model: type[models.Model], viewer, pk) -> Claim:
    """Whether the id ``pk`` of ``model`` is free, the viewer's own, or someone else's.

    The one read that looks past the viewer's own rows, for an offline client's
    create-once PUT, which must tell a free id from a taken one. It reads the
    owner of that one id and gives back only which of the three it is. Every
    capture asks it, so it is one plain query (docs/decisions.md, "The capture
    path reads with plain SQL in three places").
    """
    if not _signed_in(viewer):
        return Claim.TAKEN
    meta = model._meta
    quote = connection.ops.quote_name
    query = (
        f"SELECT {quote(owner_field(model).column)} FROM {quote(meta.db_table)} "  # noqa: S608
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [meta.pk.get_db_prep_value(pk, connection)])
        row = cursor.fetchone()
    if row is None:
        return Claim.FREE
    return Claim.OWN if row[0] == viewer.pk else Claim.TAKEN
