"""The API's request and response shapes (they become the OpenAPI schema)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, BeforeValidator, Field, StrictBool, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from glimmers.journal.models import NAME_MAX_LENGTH
from glimmers.time import day_in_range, moment_in_range, out_of_range_message

KindName = Literal["noticed", "remembered", "story"]
StateName = Literal["", "safe", "mobilized", "shutdown", "unsure"]
SurpriseName = Literal["", "expected", "unexpected"]


def _storable(value: str) -> str:
    """Refuse text no database can keep, with a message instead of a server error.

    PostgreSQL refuses NUL characters, and a lone surrogate (JSON allows
    "\\ud800") cannot be written as UTF-8 by either database.
    """
    if "\x00" in value:
        raise PydanticCustomError("null_character", _("Null characters are not allowed."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError(
            "broken_character", _("That text has a broken character in it.")
        ) from None
    return value


Text = Annotated[str, AfterValidator(_storable)]

# Lists a body may carry: far more than a person ever writes, few enough that one
# request can't hold the writer for long with thousands of new names.
LIST_MAX = 100
LINKS_MAX = 500

# ---------------------------------------------------------------------------
# Dates: written out (never a bare number, which would be read as seconds
# since 1970), and within the years the app keeps (glimmers/time.py).
# ---------------------------------------------------------------------------

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}.*")


def _written_day(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise PydanticCustomError("date_format", _("Give the day as YYYY-MM-DD, like 2025-03-02."))
    return value


def _written_moment(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _MOMENT.fullmatch(value):
        raise PydanticCustomError(
            "datetime_format",
            _(
                "Give the moment as YYYY-MM-DDTHH:MM, with a time zone if you like "
                "(2025-03-02T08:15:00+02:00)."
            ),
        )
    return value


def _kept_day(value: date) -> date:
    if not day_in_range(value):
        raise PydanticCustomError("date_out_of_range", out_of_range_message())
    return value


def _kept_moment(value: datetime) -> datetime:
    if not moment_in_range(value):
        raise PydanticCustomError("date_out_of_range", out_of_range_message())
    return value


Day = Annotated[date, BeforeValidator(_written_day), AfterValidator(_kept_day)]
Moment = Annotated[datetime, BeforeValidator(_written_moment), AfterValidator(_kept_moment)]


class ObjectIn(Schema):
    """A request body, which is always a JSON object.

    ninja's schemas read attributes off whatever they are given, so a body of
    ``null``, ``123`` or ``[null, null]`` would pass as an object with every
    field left out (and make an empty glimmer). Refuse anything else first.
    (ninja has already wrapped the body in its DjangoGetter: look inside.)
    """

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, values: Any) -> Any:
        sent = values._obj if isinstance(values, DjangoGetter) else values
        if not isinstance(sent, dict):
            raise PydanticCustomError(
                "object_expected", _('Send a JSON object, like {"text": "Warm light"}.')
            )
        return values


class ErrorDetail(Schema):
    code: str = Field(examples=["invalid"])
    message: str
    fields: dict[str, list[str]] = Field(default_factory=dict)


class ErrorOut(Schema):
    error: ErrorDetail


class GlimmerIn(ObjectIn):
    """Every field is optional. On create, what is left out takes its default;
    on PATCH, what is left out stays as it is."""

    text: Text | None = Field(None, description="Up to 5,000 characters. #tags are read from it.")
    noticed_at: Moment | None = Field(
        None,
        description="When it happened (1900 to 2100). Without a zone, the person's own time zone.",
    )
    kind: KindName | None = None
    period: Text | None = Field(None, description="For a remembered glimmer: when, in words.")
    senses: list[Text] | None = Field(
        None, max_length=LIST_MAX, description="Sense slugs, e.g. ['sight', 'sound']."
    )
    body_cues: list[Text] | None = Field(None, max_length=LIST_MAX, description="Body cue slugs.")
    state_before: StateName | None = None
    state_after: StateName | None = None
    place: Text | None = None
    people: list[Text] | None = Field(
        None, max_length=LIST_MAX, description="Names; new names are added."
    )
    values: list[Text] | None = Field(
        None, max_length=LIST_MAX, description="Names; new names are added."
    )
    anchored_seconds: StrictInt | None = Field(None, ge=0, le=3600)
    surprise: SurpriseName | None = None
    gratitude: Text | None = None
    reliable: StrictBool | None = None


class PhotoOut(Schema):
    id: UUID
    url: str
    thumbnail_url: str
    width: int
    height: int


class GlimmerOut(Schema):
    id: UUID
    noticed_at: datetime
    text: str
    kind: KindName
    period: str
    senses: list[str]
    body_cues: list[str]
    state_before: StateName
    state_after: StateName
    place: str
    people: list[str]
    values: list[str]
    tags: list[str]
    anchored_seconds: int
    surprise: SurpriseName
    gratitude: str
    reliable: bool
    photos: list[PhotoOut]
    created_at: datetime
    updated_at: datetime


class GlimmerPage(Schema):
    items: list[GlimmerOut]
    next_cursor: str | None = Field(
        None, description="Pass as ?cursor= for the next (older) page; null at the end."
    )


class TriggerIn(ObjectIn):
    text: Text | None = None
    occurred_at: Moment | None = Field(None, description="When it happened (1900 to 2100).")
    pushed_toward: StateName | None = None
    intensity: StrictInt | None = Field(None, ge=0, le=10)
    helped_by: list[UUID] | None = Field(
        None, max_length=LINKS_MAX, description="Ids of your glimmers that helped."
    )


class TriggerOut(Schema):
    id: UUID
    occurred_at: datetime
    text: str
    pushed_toward: StateName
    intensity: int | None
    helped_by: list[UUID]
    created_at: datetime
    updated_at: datetime


class NameIn(ObjectIn):
    name: Text = Field(min_length=1, max_length=NAME_MAX_LENGTH)


class NamedOut(Schema):
    id: int
    name: str


class DescriptorOut(Schema):
    slug: str
    name: str
    built_in: bool
