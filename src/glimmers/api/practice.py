"""The daily practice in the API: today, today's prompt, intentions, reflections.

Same forms, queries and services as the Today page and `glimmers today`.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field, StrictInt

from glimmers.api.auth import can_write
from glimmers.api.errors import INVALID, READ_ONLY, ApiError, form_fields
from glimmers.api.schemas import LINKS_MAX, Day, ErrorOut, ObjectIn, Text
from glimmers.journal import queries as journal
from glimmers.practice import queries, serialize, services
from glimmers.practice.forms import PlainIntentionForm
from glimmers.practice.models import INTENTION_MAX_LENGTH, Category

router = Router(tags=["daily practice"])


class PromptOut(Schema):
    id: int
    category: str
    text: str
    scale: bool


class IntentionIn(ObjectIn):
    text: Text = Field("", description=f"Up to {INTENTION_MAX_LENGTH} characters.")
    focus_sense: Text | None = Field(None, description="A sense slug, or null.")


class IntentionOut(Schema):
    day: date
    text: str
    focus_sense: str | None


class ReflectionIn(ObjectIn):
    answer: Text = Field(min_length=1, max_length=5000)
    prompt_id: StrictInt | None = Field(
        None, description="The prompt it answers (from /prompts/today)."
    )
    glimmers: list[uuid.UUID] = Field(
        default_factory=list, max_length=LINKS_MAX, description="Glimmers of that day."
    )


class ReflectionOut(Schema):
    day: date
    prompt: str
    answer: str
    glimmers: list[uuid.UUID]


class DaysNoticed(Schema):
    this_week: int
    days_so_far_this_week: int
    this_month: int
    days_so_far_this_month: int
    in_a_row: int | None = Field(None, description="Only when the person turned this on.")


class TodayOut(Schema):
    day: date
    intention: IntentionOut | None
    glimmer_count: int
    reflection: ReflectionOut | None
    days_noticed: DaysNoticed


class PromptQuery(Schema):
    category: str = Field("morning", description="morning, evening, senses, hard_time, …")


class Limit(Schema):
    limit: int = Field(30, ge=1, le=366)


def _category(value: str) -> str:
    if value not in Category.values:
        raise ApiError(
            422,
            INVALID,
            fields={
                "category": [
                    _("Use one of: %(expected)s.") % {"expected": ", ".join(Category.values)}
                ]
            },
        )
    return value


def _day(user, day: date) -> date:
    """A day someone may write about: any past day, or today (not the future)."""
    if day > journal.local_today(user) + timedelta(days=1):
        raise ApiError(422, INVALID, fields={"day": [_("That day hasn't come yet.")]})
    return day


def _writable(request) -> None:
    if not can_write(request):
        raise ApiError(403, READ_ONLY, code="read_only_token")


def responses(ok: dict) -> dict:
    """The success shapes, plus the one error shape for every error status."""
    return {**ok, **dict.fromkeys((400, 401, 403, 404, 422, 429), ErrorOut)}


@router.get("/today", response=responses({200: TodayOut}))
def today(request):
    """The person's day: intention, how many glimmers so far, reflection, days noticed."""
    user = request.user
    day = journal.local_today(user)
    noticing = queries.noticing(user, day)
    return {
        "day": day,
        "intention": serialize.intention_data(queries.intention(user, day)),
        "glimmer_count": journal.todays_glimmers(user).count(),
        "reflection": serialize.reflection_data(queries.reflection(user, day)),
        "days_noticed": serialize.noticing_data(noticing),
    }


@router.get("/prompts/today", response=responses({200: PromptOut | None}))
def todays_prompt(request, params: Query[PromptQuery]):
    """Today's prompt for a category; the same all day until skipped. Null when none are left."""
    category = _category(params.category)
    return serialize.prompt_data(
        services.offer_prompt(request.user, category, journal.local_today(request.user))
    )


@router.post("/prompts/today/skip", response=responses({200: PromptOut | None}))
def skip_todays_prompt(request, params: Query[PromptQuery]):
    """Skip today's prompt (no penalty) and get another."""
    _writable(request)
    category = _category(params.category)
    return serialize.prompt_data(
        services.skip_prompt(request.user, category, journal.local_today(request.user))
    )


@router.get("/intentions", response=responses({200: list[IntentionOut]}))
def list_intentions(request, params: Query[Limit]):
    rows = queries.owned_intentions(request.user)[: params.limit]
    return [serialize.intention_data(row) for row in rows]


@router.put("/intentions/{day}", response=responses({200: IntentionOut}))
def set_intention(request, day: Day, payload: IntentionIn):
    """Set (or replace) the intention for a day."""
    _writable(request)
    user = request.user
    form = PlainIntentionForm(payload.dict(), owner=user)
    if not form.is_valid():
        raise ApiError(422, INVALID, fields=form_fields(form.errors))
    intention = services.set_intention(user, _day(user, day), **form.cleaned_data)
    return serialize.intention_data(intention)


@router.delete("/intentions/{day}", response=responses({204: None}))
def delete_intention(request, day: Day):
    _writable(request)
    if queries.intention(request.user, day) is None:
        raise Http404
    services.clear_intention(request.user, day)
    return Status(204, None)


@router.get("/reflections", response=responses({200: list[ReflectionOut]}))
def list_reflections(request, params: Query[Limit]):
    return [
        serialize.reflection_data(row) for row in queries.reflections(request.user)[: params.limit]
    ]


@router.put("/reflections/{day}", response=responses({200: ReflectionOut}))
def set_reflection(request, day: Day, payload: ReflectionIn):
    """Keep (or replace) the reflection for a day, linked to glimmers of that day."""
    _writable(request)
    user = request.user
    day = _day(user, day)
    prompt = None
    if payload.prompt_id is not None:
        prompt = queries.prompts(user).filter(pk=payload.prompt_id).first()
        if prompt is None:
            raise Http404
    linked = list(queries.glimmers_on(user, day).filter(pk__in=payload.glimmers))
    if len(linked) != len(set(payload.glimmers)):
        raise ApiError(
            422,
            INVALID,
            fields={"glimmers": [_("Only your own glimmers from that day can be linked.")]},
        )
    try:
        reflection = services.save_reflection(
            user, day, answer=payload.answer, prompt=prompt, glimmers=linked
        )
    except ValidationError as problem:
        raise ApiError(422, INVALID, fields=problem.message_dict) from None
    return serialize.reflection_data(queries.reflection(user, reflection.day))
