"""The JSON API under /api/v1/. Same forms, queries and services as the web pages."""

from __future__ import annotations

import uuid
from datetime import UTC

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, NinjaAPI, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from glimmers.access import Claim, get_owned
from glimmers.api import care, circles, errors, practice
from glimmers.api.auth import BrowserSession, PerCallerRateThrottle, TokenAuth
from glimmers.api.common import ERRORS, IMAGE, image
from glimmers.api.common import checked_cursor as _checked_cursor
from glimmers.api.common import invalid as _invalid
from glimmers.api.common import require_write as _require_write
from glimmers.api.docs import LocalSwagger
from glimmers.api.schemas import (
    DescriptorOut,
    ErrorOut,
    GlimmerIn,
    GlimmerOut,
    GlimmerPage,
    NamedOut,
    NameIn,
    PhotoOut,
    TriggerIn,
    TriggerOut,
)
from glimmers.journal import queries, serialize, services
from glimmers.journal.forms import JournalFilterForm, PlainGlimmerForm, TriggerForm
from glimmers.journal.models import Glimmer, Person, Trigger, Value
from glimmers.journal.photos import clean_photo
from glimmers.time import zone_of


class Auth(TokenAuth):
    """Token first; the person's own time zone for anything without one."""

    def authenticate(self, request, token):
        user = super().authenticate(request, token)
        if user is not None:
            timezone.activate(zone_of(user))
        return user


class Session(BrowserSession):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            timezone.activate(zone_of(user))
        return user


api = NinjaAPI(
    title="Glimmers API",
    version="1",
    description=(
        "Your glimmers, for your own apps and scripts. Authenticate with "
        "`Authorization: Bearer <token>` (make one with `glimmers token create` or on the "
        "Tokens page). Every error has the shape "
        '`{"error": {"code", "message", "fields"}}`.'
    ),
    auth=[Auth(), Session()],
    throttle=[PerCallerRateThrottle()],
    urls_namespace="api",
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)

# ---------------------------------------------------------------------------
# Shapes out
# ---------------------------------------------------------------------------


photo_json = serialize.photo_data
glimmer_json = serialize.glimmer_data
trigger_json = serialize.trigger_data


def _fresh(user, glimmer_id) -> dict:
    return glimmer_json(queries.get_glimmer(user, glimmer_id))


def _created(glimmer: Glimmer) -> dict:
    """The answer for a glimmer just made, from the saved glimmer itself.

    A replay later reads it from the database (``_fresh``) and must get the
    very same bytes: the moment is put in UTC as the database gives it back,
    and the details are the ``shown_*`` lists save_glimmer set where their
    order is certain; prefetch_related_objects reads only the others. Captures
    are the busiest call, and reading the glimmer back doubled their time
    (docs/decisions.md, "Django used plainly").
    """
    glimmer.noticed_at = glimmer.noticed_at.astimezone(UTC)
    prefetch_related_objects([glimmer], *queries.detail_prefetches())
    return glimmer_json(glimmer)


# ---------------------------------------------------------------------------
# Glimmers
# ---------------------------------------------------------------------------

glimmers_router = Router(tags=["glimmers"])


class Page(Schema):
    """Where a list (glimmers, triggers) starts, and how long a page is."""

    cursor: str = ""
    limit: int = Field(50, ge=1, le=200)


class GlimmerFilters(Schema):
    q: str = Field("", description="Full-text search, the same as the web journal.")
    sense: str = Field("", description="A sense slug.")
    value: int | None = Field(None, description="A value id.")
    person: int | None = Field(None, description="A person id.")
    tag: str = ""
    kind: str = ""
    state_before: str = ""
    state_after: str = ""
    since: str = Field("", description="A local date, YYYY-MM-DD.")
    until: str = Field("", description="A local date, YYYY-MM-DD.")


@glimmers_router.get("", response={200: GlimmerPage, **ERRORS}, url_name="glimmers")
def list_glimmers(request, filters: Query[GlimmerFilters], paging: Query[Page]):
    """Newest first, with the web journal's filters and search, a page at a time."""
    user = request.user
    params = QueryDict(mutable=True)
    for name, value in filters.dict().items():
        if value not in (None, ""):
            params[name] = str(value)
    form = JournalFilterForm(params, owner=user)
    if not form.is_valid():
        raise _invalid(errors.form_fields(form.errors))
    page = queries.timeline_page(
        user, form.journal_filter(), cursor=_checked_cursor(paging.cursor), size=paging.limit
    )
    return {"items": [glimmer_json(g) for g in page.items], "next_cursor": page.next_cursor}


def _save_glimmer(request, payload: GlimmerIn, *, instance=None, glimmer_id=None):
    values = payload.dict(exclude_unset=True)
    form = PlainGlimmerForm(
        values,
        owner=request.user,
        instance=instance,
        require_words=False,  # an empty glimmer is a tally; clients may send those
    )
    if not form.is_valid():
        raise _invalid(form.plain_errors())
    return services.save_glimmer(
        request.user, form.cleaned_data, glimmer=instance, glimmer_id=glimmer_id
    )


@glimmers_router.post("", response={201: GlimmerOut, **ERRORS})
def create_glimmer(request, payload: GlimmerIn):
    """Create a glimmer with an id the server chooses. Text may be empty (a tally)."""
    _require_write(request)
    glimmer = _save_glimmer(request, payload)
    return Status(201, _created(glimmer))


@glimmers_router.put("/{glimmer_id}", response={200: GlimmerOut, 201: GlimmerOut, **ERRORS})
def put_glimmer(request, glimmer_id: uuid.UUID, payload: GlimmerIn):
    """Create the glimmer with this client-chosen id — once.

    If you already have it, it comes back unchanged with 200, so an offline
    client can retry as often as it likes and there is still one glimmer.
    Someone else's id answers 404 and changes nothing. To change a glimmer,
    use PATCH.
    """
    _require_write(request)
    claimed = queries.glimmer_claim(request.user, glimmer_id)
    if claimed is not Claim.FREE:
        if claimed is not Claim.OWN:
            raise Http404
        return Status(200, _fresh(request.user, glimmer_id))
    try:
        # Not inside a transaction of our own: the form is checked before
        # save_glimmer opens its (short) write transaction, so other writers
        # wait for the save alone, not for the checking too.
        glimmer = _save_glimmer(request, payload, glimmer_id=glimmer_id)
    except (IntegrityError, ValidationError) as error:
        if isinstance(error, ValidationError) and "id" not in getattr(error, "error_dict", {}):
            raise
        # Another request made this id between our check and our insert: the
        # model's uniqueness check or the database noticed. A retry of our own
        # gets what it made; anyone else's id is not found.
        if queries.glimmer_claim(request.user, glimmer_id) is not Claim.OWN:
            raise Http404 from None
        return Status(200, _fresh(request.user, glimmer_id))
    return Status(201, _created(glimmer))


@glimmers_router.get("/{glimmer_id}", response={200: GlimmerOut, **ERRORS})
def get_glimmer(request, glimmer_id: uuid.UUID):
    return _fresh(request.user, glimmer_id)


@glimmers_router.patch("/{glimmer_id}", response={200: GlimmerOut, **ERRORS})
def update_glimmer(request, glimmer_id: uuid.UUID, payload: GlimmerIn):
    """Change the fields you send; the rest stay as they are."""
    _require_write(request)
    glimmer = queries.get_glimmer(request.user, glimmer_id)
    _save_glimmer(request, payload, instance=glimmer)
    return _fresh(request.user, glimmer_id)


@glimmers_router.delete("/{glimmer_id}", response={204: None, **ERRORS})
def delete_glimmer(request, glimmer_id: uuid.UUID):
    _require_write(request)
    services.delete_glimmer(request.user, queries.get_glimmer(request.user, glimmer_id))
    return Status(204, None)


@glimmers_router.post("/{glimmer_id}/photos", response={201: PhotoOut, **ERRORS})
def add_photo(request, glimmer_id: uuid.UUID, file: File[UploadedFile]):
    """Upload a photo (multipart field `file`). EXIF and GPS are removed."""
    _require_write(request)
    glimmer = queries.get_glimmer(request.user, glimmer_id)
    try:
        clean = clean_photo(file)
    except ValidationError as error:
        raise _invalid({"file": [str(m) for m in error.messages]}) from None
    photo = services.add_photo(request.user, glimmer, clean)
    return Status(201, photo_json(photo))


@glimmers_router.put(
    "/{glimmer_id}/photos/{photo_id}",
    response={200: PhotoOut, 201: PhotoOut, 409: ErrorOut, **ERRORS},
)
def put_photo(request, glimmer_id: uuid.UUID, photo_id: uuid.UUID, file: File[UploadedFile]):
    """Add a photo with this client-chosen id (multipart field `file`) — once.

    The photo twin of `PUT /glimmers/{id}`: an upload sent again (an offline
    phone catching up, a retry after a lost answer) finds the photo it made
    and gets it back with 200, so there is still one. Someone else's id, or
    their glimmer, answers 404; an id you already gave a photo of another
    glimmer answers 409. EXIF and GPS are removed, as for `POST …/photos`.
    """
    _require_write(request)
    glimmer = queries.get_glimmer(request.user, glimmer_id)
    if (found := _own_photo(request.user, glimmer, photo_id)) is not None:
        return Status(200, photo_json(found))
    try:
        clean = clean_photo(file)
    except ValidationError as error:
        raise _invalid({"file": [str(m) for m in error.messages]}) from None
    try:
        photo = services.add_photo(request.user, glimmer, clean, photo_id=photo_id)
    except (IntegrityError, ValidationError) as error:
        if isinstance(error, ValidationError) and "id" not in getattr(error, "error_dict", {}):
            raise
        # The same upload arrived twice at once: the other one made it.
        if (found := _own_photo(request.user, glimmer, photo_id)) is None:
            raise Http404 from None
        return Status(200, photo_json(found))
    return Status(201, photo_json(photo))


def _own_photo(user, glimmer: Glimmer, photo_id: uuid.UUID):
    """The person's photo with this id on this glimmer; None if the id is free.

    Anyone else's id is not found (404); the person's own id on another of
    their glimmers is a clash (409), never a move.
    """
    claimed = queries.photo_claim(user, photo_id)
    if claimed is Claim.FREE:
        return None
    if claimed is not Claim.OWN:
        raise Http404
    photo = queries.get_photo(user, photo_id)
    if photo.glimmer_id != glimmer.pk:
        raise errors.ApiError(
            409, _("That photo id is already used by another of your glimmers."), code="conflict"
        )
    return photo


# ---------------------------------------------------------------------------
# Photos
# ---------------------------------------------------------------------------

photos_router = Router(tags=["photos"])


def _photo_file(request, photo_id, thumbnail: bool) -> FileResponse:
    return image(queries.get_photo(request.user, photo_id), thumbnail)


@photos_router.get(
    "/{photo_id}", response={200: None, **ERRORS}, url_name="photo", openapi_extra=IMAGE
)
def get_photo(request, photo_id: uuid.UUID):
    return _photo_file(request, photo_id, thumbnail=False)


@photos_router.get(
    "/{photo_id}/thumbnail",
    response={200: None, **ERRORS},
    url_name="photo_thumbnail",
    openapi_extra=IMAGE,
)
def get_photo_thumbnail(request, photo_id: uuid.UUID):
    return _photo_file(request, photo_id, thumbnail=True)


@photos_router.delete("/{photo_id}", response={204: None, **ERRORS})
def delete_photo(request, photo_id: uuid.UUID):
    _require_write(request)
    services.delete_photo(request.user, queries.get_photo(request.user, photo_id))
    return Status(204, None)


# ---------------------------------------------------------------------------
# Triggers
# ---------------------------------------------------------------------------

triggers_router = Router(tags=["triggers"])


class TriggerPage(Schema):
    items: list[TriggerOut]
    next_cursor: str | None = None


def _save_trigger(request, payload: TriggerIn, instance: Trigger | None = None) -> Trigger:
    values = payload.dict(exclude_unset=True)
    data = {}
    if instance is not None:
        data = {
            "text": instance.text,
            "occurred_at": instance.occurred_at,
            "pushed_toward": instance.pushed_toward,
            "intensity": instance.intensity,
            "helped_by": [str(g.pk) for g in instance.helped_by.all()],
        }
    for name in ("text", "occurred_at", "pushed_toward", "intensity"):
        if name in values:
            data[name] = values[name] if values[name] is not None else ""
    if values.get("helped_by") is not None:
        data["helped_by"] = [str(item) for item in values["helped_by"]]
    form = TriggerForm(data=data, owner=request.user, instance=instance)
    if not form.is_valid():
        raise _invalid(errors.form_fields(form.errors))
    return services.save_trigger(request.user, form.cleaned_data, trigger=instance)


@triggers_router.get("", response={200: TriggerPage, **ERRORS})
def list_triggers(request, paging: Query[Page]):
    """Newest first, a page at a time (the same cursors as the glimmers)."""
    page = queries.trigger_page(
        request.user, cursor=_checked_cursor(paging.cursor), size=paging.limit
    )
    return {"items": [trigger_json(t) for t in page.items], "next_cursor": page.next_cursor}


@triggers_router.post("", response={201: TriggerOut, **ERRORS})
def create_trigger(request, payload: TriggerIn):
    _require_write(request)
    trigger = _save_trigger(request, payload)
    return Status(201, trigger_json(queries.get_trigger(request.user, trigger.pk)))


@triggers_router.get("/{trigger_id}", response={200: TriggerOut, **ERRORS})
def get_trigger(request, trigger_id: uuid.UUID):
    return trigger_json(queries.get_trigger(request.user, trigger_id))


@triggers_router.patch("/{trigger_id}", response={200: TriggerOut, **ERRORS})
def update_trigger(request, trigger_id: uuid.UUID, payload: TriggerIn):
    _require_write(request)
    trigger = queries.get_trigger(request.user, trigger_id)
    _save_trigger(request, payload, instance=trigger)
    return trigger_json(queries.get_trigger(request.user, trigger_id))


@triggers_router.delete("/{trigger_id}", response={204: None, **ERRORS})
def delete_trigger(request, trigger_id: uuid.UUID):
    _require_write(request)
    services.delete_trigger(request.user, queries.get_trigger(request.user, trigger_id))
    return Status(204, None)


# ---------------------------------------------------------------------------
# People and values: the same small resource twice
# ---------------------------------------------------------------------------


def named_router(model, tag: str) -> Router:
    router = Router(tags=[tag])

    @router.get("", response={200: list[NamedOut], **ERRORS}, operation_id=f"list_{tag}")
    def list_named(request):
        return [{"id": row.pk, "name": row.name} for row in queries_for[model](request.user)]

    @router.post(
        "", response={201: NamedOut, 200: NamedOut, **ERRORS}, operation_id=f"create_{tag}"
    )
    def create_named(request, payload: NameIn):
        """Add one; if you already have that name, it is returned with 200."""
        _require_write(request)
        row, new = services.find_or_add_named(request.user, model, payload.name)
        return Status(201 if new else 200, {"id": row.pk, "name": row.name})

    @router.get("/{row_id}", response={200: NamedOut, **ERRORS}, operation_id=f"get_{tag}")
    def get_named(request, row_id: int):
        row = get_owned(model, request.user, row_id)
        return {"id": row.pk, "name": row.name}

    @router.patch("/{row_id}", response={200: NamedOut, **ERRORS}, operation_id=f"rename_{tag}")
    def rename_named(request, row_id: int, payload: NameIn):
        _require_write(request)
        row = get_owned(model, request.user, row_id)
        row = services.rename_named(request.user, row, payload.name)
        return {"id": row.pk, "name": row.name}

    @router.delete("/{row_id}", response={204: None, **ERRORS}, operation_id=f"delete_{tag}")
    def delete_named(request, row_id: int):
        _require_write(request)
        services.delete_named(request.user, get_owned(model, request.user, row_id))
        return Status(204, None)

    return router


queries_for = {Person: queries.people, Value: queries.values}


# ---------------------------------------------------------------------------
# Senses and body cues (read only: add your own on the web)
# ---------------------------------------------------------------------------

words_router = Router(tags=["senses and body cues"])


@words_router.get("/senses", response={200: list[DescriptorOut], **ERRORS})
def list_senses(request):
    return [
        {"slug": s.slug, "name": str(s), "built_in": s.built_in}
        for s in queries.senses(request.user)
    ]


@words_router.get("/body-cues", response={200: list[DescriptorOut], **ERRORS})
def list_body_cues(request):
    return [
        {"slug": c.slug, "name": str(c), "built_in": c.built_in}
        for c in queries.body_cues(request.user)
    ]


# ---------------------------------------------------------------------------
# Export: the same bytes as `glimmers export` and the download page
# ---------------------------------------------------------------------------

export_router = Router(tags=["export"])


@export_router.get(
    "",
    response={200: None, **ERRORS},
    url_name="export",
    openapi_extra={
        "responses": {
            200: {
                "description": "The whole journal, streamed as a download",
                "content": {"application/json": {}, "application/zip": {}, "text/csv": {}},
            }
        }
    },
)
def export(request, format: str = "json"):
    from glimmers.yourdata.exporting import formats, forms, views

    form = forms.FormatForm({"format": format})
    if not form.is_valid():
        raise _invalid({"format": [str(m) for m in form.errors["format"]]})
    return views.streamed(formats.export_for(request.user, form.cleaned_data["format"]))


api.add_router("/glimmers", glimmers_router)
api.add_router("/photos", photos_router)
api.add_router("/triggers", triggers_router)
api.add_router("/people", named_router(Person, "people"))
api.add_router("/values", named_router(Value, "values"))
api.add_router("", words_router)
api.add_router("", practice.router)
api.add_router("/export", export_router)
api.add_router("", circles.router)
api.add_router("", care.router)
