"""Who may see what: the one answer to "what may this viewer see?".

Every read of personal data starts here: the journal, the practice, API
tokens, sessions, the security log, two-step sign-in. Views, the API, the
command line, queries and services ask these functions for their rows and
narrow what they are given; nothing reads personal rows around them
(tests/test_access_gate.py checks the source for it).

A viewer sees their own rows; a circle member also sees what was shared with
that circle; a carer sees the scope their client chose, while the link is
active, and each such read is written down (``log_care_read``). Anything
else — someone else's glimmer, a malformed id, an anonymous visitor, a link
that ended — is "not found", never "forbidden", so nobody can even learn
that something exists.

A row belongs to someone through its ``owner`` field (journal, practice,
tokens) or its ``user`` field (accounts). Models are passed in, so this
module imports no app.
"""

from __future__ import annotations

import enum
import functools
import uuid
from typing import TypeVar

from django.apps import apps as django_apps
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


# ---------------------------------------------------------------------------
# Circles: a member sees what was shared with a circle they are in.
#
# The sharing models are looked up by name (``_model``): core imports no app,
# and these rules still live here, beside the owner's.
# ---------------------------------------------------------------------------


def _model(label: str) -> type[models.Model]:
    return django_apps.get_model(label)


def circles(viewer) -> QuerySet:
    """The circles ``viewer`` is in (as keeper or member)."""
    Circle = _model("circles.Circle")
    if not _signed_in(viewer):
        return Circle.objects.none()
    return Circle.objects.filter(memberships__user=viewer)


def get_circle(viewer, circle_id, *, keeper: bool = False):
    """A circle ``viewer`` is in (``keeper``: one they keep), or Http404."""
    rows = circles(viewer)
    if keeper:
        rows = rows.filter(owner=viewer)
    return get_owned(_model("circles.Circle"), viewer, circle_id, queryset=rows)


def members(viewer, circle) -> QuerySet:
    """The memberships of ``circle``, for someone in it (none for anyone else)."""
    Membership = _model("circles.Membership")
    if not circles(viewer).filter(pk=circle.pk).exists():
        return Membership.objects.none()
    return Membership.objects.filter(circle=circle).select_related("user")


def shares_in(viewer, circle) -> QuerySet:
    """The glimmers shared with ``circle``, for someone in it (none for anyone else)."""
    Share = _model("circles.Share")
    if not _signed_in(viewer):
        return Share.objects.none()
    return Share.objects.filter(circle=circle, circle__memberships__user=viewer)


def shares_in_circles(viewer) -> QuerySet:
    """Everything shared with any circle ``viewer`` is in."""
    Share = _model("circles.Share")
    if not _signed_in(viewer):
        return Share.objects.none()
    return Share.objects.filter(circle__memberships__user=viewer)


def get_share(viewer, share_id):
    """One share in a circle ``viewer`` is in, or Http404."""
    rows = shares_in_circles(viewer).select_related("glimmer", "circle")
    return get_owned(_model("circles.Share"), viewer, share_id, queryset=rows)


def replies_to(viewer, shares) -> QuerySet:
    """The replies under ``shares`` (one or several) that ``viewer`` may read.

    A share's owner sees every reply under it (hidden ones too, marked, so they
    can show them again); a member sees the replies not hidden, and their own.
    """
    Reply, Share = _model("circles.Reply"), _model("circles.Share")
    if not _signed_in(viewer):
        return Reply.objects.none()
    if isinstance(shares, Share):
        ids = [shares.pk]
    elif isinstance(shares, QuerySet):
        ids = shares.values("pk")
    else:
        ids = [share.pk for share in shares]
    readable = shares_in_circles(viewer).filter(pk__in=ids)
    return Reply.objects.filter(share__in=readable).filter(
        Q(hidden_at__isnull=True) | Q(owner=viewer) | Q(share__owner=viewer)
    )


def shared_photo(viewer, circle, photo_id):
    """A photo of a glimmer shared with ``circle`` *with its photos*, or Http404."""
    Photo = _model("journal.Photo")
    rows = Photo.objects.filter(
        glimmer__shares__in=shares_in(viewer, circle).filter(with_photos=True)
    )
    return get_owned(Photo, viewer, photo_id, queryset=rows)


# ---------------------------------------------------------------------------
# Care: a carer sees a client's chosen scope, while the link is active, and
# every such read is written down for the client to see.
# ---------------------------------------------------------------------------


def clients(viewer) -> QuerySet:
    """The active care links in which ``viewer`` is the carer."""
    CareLink = _model("care.CareLink")
    if not _signed_in(viewer):
        return CareLink.objects.none()
    return CareLink.objects.filter(carer=viewer, status="active")


def waiting_clients(viewer) -> QuerySet:
    """Links ``viewer`` took up as carer that their client has not confirmed yet.

    Only for the carer to know they are waiting: nothing of the client is
    readable through them.
    """
    CareLink = _model("care.CareLink")
    if not _signed_in(viewer):
        return CareLink.objects.none()
    return CareLink.objects.filter(carer=viewer, status="accepted")


def client_link(viewer, link_id):
    """An active link in which ``viewer`` is the carer, or Http404 (ended, other carer, …).

    Asked afresh on every request, so a link the client ended or narrowed
    answers differently on the carer's very next request.
    """
    return get_owned(
        _model("care.CareLink"), viewer, link_id, queryset=clients(viewer).select_related("owner")
    )


def _reads_for(viewer, link) -> bool:
    """Whether ``viewer`` may read through ``link``: its carer while active, or its client."""
    if not _signed_in(viewer):
        return False
    if link.owner_id == viewer.pk:
        return True
    return link.carer_id == viewer.pk and clients(viewer).filter(pk=link.pk).exists()


def in_care(viewer, link) -> QuerySet:
    """The client's glimmers within ``link``'s scope, for its carer or its client (else none).

    Scope "sessions": the glimmers marked for my sessions. Scope "since": every
    glimmer of the client's days from ``since`` on (undated memories are not).
    """
    Glimmer = _model("journal.Glimmer")
    if not _reads_for(viewer, link):
        return Glimmer.objects.none()
    rows = Glimmer.objects.filter(owner_id=link.owner_id)
    if link.scope == "since" and link.since is not None:
        return rows.filter(local_date__gte=link.since)
    if link.scope == "sessions":
        return rows.filter(for_sessions__isnull=False)
    return Glimmer.objects.none()


def get_in_care(viewer, link, glimmer_id):
    """One glimmer within the link's scope, or Http404."""
    return get_owned(_model("journal.Glimmer"), viewer, glimmer_id, queryset=in_care(viewer, link))


def care_photo(viewer, link, photo_id):
    """A photo of a glimmer within scope, if the client sends photos; or Http404."""
    Photo = _model("journal.Photo")
    if not link.with_photos:
        raise Http404
    rows = Photo.objects.filter(glimmer__in=in_care(viewer, link))
    return get_owned(Photo, viewer, photo_id, queryset=rows)


def care_triggers(viewer, link) -> QuerySet:
    """The client's hard moments, only where they ticked "with hard moments too"."""
    Trigger = _model("journal.Trigger")
    if not link.with_triggers or not _reads_for(viewer, link):
        return Trigger.objects.none()
    rows = Trigger.objects.filter(owner_id=link.owner_id)
    if link.scope == "since" and link.since is not None:
        rows = rows.filter(local_date__gte=link.since)
    return rows


def care_question(viewer, link) -> QuerySet:
    """The client's Glimmer Question answers, only with "the Insights summary" ticked."""
    QuestionAnswer = _model("practice.QuestionAnswer")
    if not link.with_insights or not _reads_for(viewer, link):
        return QuestionAnswer.objects.none()
    rows = QuestionAnswer.objects.filter(owner_id=link.owner_id)
    if link.scope == "since" and link.since is not None:
        rows = rows.filter(day__gte=link.since)
    return rows


def suggestions_by(viewer, link) -> QuerySet:
    """What the link's carer suggested, for that carer (while active) or the client."""
    Suggestion = _model("care.Suggestion")
    if not _reads_for(viewer, link):
        return Suggestion.objects.none()
    return Suggestion.objects.filter(link=link, owner_id=link.owner_id)


def log_care_read(viewer, link, page: str, record: str = "") -> None:
    """Write down one read by the carer (nothing when the client looks at their own)."""
    if viewer.pk != link.carer_id:
        return
    _model("care.CareRead").objects.create(
        owner_id=link.owner_id, link=link, page=page, record=str(record)
    )


# ---------------------------------------------------------------------------
# Invitations: the code is the key.
# ---------------------------------------------------------------------------


def invite_by_code(model: type[ModelT], code_hash: str) -> ModelT | None:
    """The invitation (a circle's or a care link's) whose code hashes to ``code_hash``.

    Like a token's secret, the code itself is what lets its holder in: there is
    no viewer to ask about yet. The caller shows no more of what it finds than
    an invitation says (a circle's name, a client's chosen label) until the code
    is used, and then narrows to what the new member or carer may see.
    """
    if not code_hash:
        return None
    return model.objects.filter(code_hash=code_hash).first()


# ---------------------------------------------------------------------------
# Reminders: the worker sends for everyone; a calendar address is its own key.
#
# The worker acts for nobody in particular: it plans from each person's
# reminder settings and claims the reminders that are due, whoever's they
# are. These are the only reads of reminder rows that are not a person's own
# (docs/decisions.md, "Reminders: planned as rows, each claimed once").
# ---------------------------------------------------------------------------


def reminders_to_plan(model: type[ModelT], before) -> QuerySet[ModelT]:
    """Every person's reminder settings whose plan runs out before ``before`` (for the worker)."""
    return model.objects.filter(
        Q(planned_until__isnull=True) | Q(planned_until__lt=before)
    ).select_related("owner")


def claim_due_reminders(
    model: type[ModelT], *, now, lease_until, worker: str, limit: int = 50
) -> list[ModelT]:
    """Claim up to ``limit`` reminders that are due, for ``worker`` alone; return them.

    Due: waiting and ``next_try_at`` has come, or claimed by a worker whose
    lease ran out (it stopped mid-send). On PostgreSQL the candidates are
    locked with ``FOR UPDATE SKIP LOCKED``, so workers side by side take
    different rows without waiting on each other; on SQLite, which has one
    writer at a time, each row is claimed by an UPDATE that only succeeds
    while the row is still due. Either way a row is claimed by one worker.
    """
    from django.db import transaction
    from django.db.models import F

    ready = Q(status="due", next_try_at__lte=now) | Q(status="sending", lease_until__lt=now)
    claim_with = {
        "status": "sending",
        "lease_until": lease_until,
        "claimed_by": worker,
        "attempts": F("attempts") + 1,
    }
    oldest_first = model.objects.filter(ready).order_by("next_try_at", "pk")
    if connection.vendor == "postgresql":
        with transaction.atomic():
            ids = list(
                oldest_first.select_for_update(skip_locked=True).values_list("pk", flat=True)[
                    :limit
                ]
            )
            model.objects.filter(pk__in=ids).update(**claim_with)
    else:
        ids = [
            pk
            for pk in list(oldest_first.values_list("pk", flat=True)[:limit])
            if model.objects.filter(ready, pk=pk).update(**claim_with)
        ]
    return list(
        model.objects.filter(pk__in=ids, claimed_by=worker, status="sending")
        .select_related("owner")
        .order_by("next_try_at", "pk")
    )


def feed_by_secret_hash(model: type[ModelT], secret_hash: str) -> ModelT | None:
    """The calendar feed whose secret hashes to ``secret_hash``, with its owner (or None).

    As with an API token, the secret in the address is the key: a calendar
    app asking for the feed has no session. It reads only that person's
    reminder times and words.
    """
    if not secret_hash:
        return None
    return (
        model.objects.filter(secret_hash=secret_hash, owner__is_active=True)
        .select_related("owner")
        .first()
    )
