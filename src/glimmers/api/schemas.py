"""The API's request and response shapes (they become the OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from ninja import Schema
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

KindName = Literal["noticed", "remembered", "story"]
StateName = Literal["", "safe", "mobilized", "shutdown", "unsure"]
SurpriseName = Literal["", "expected", "unexpected"]


def _storable(value: str) -> str:
    """Refuse text no database can keep, with a message instead of a server error.

    PostgreSQL refuses NUL characters, and a lone surrogate (JSON allows
    "\\ud800") cannot be written as UTF-8 by either database.
    """
    if "\x00" in value:
        raise PydanticCustomError("null_character", "Null characters are not allowed.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError(
            "broken_character", "That text has a broken character in it."
        ) from None
    return value


Text = Annotated[str, AfterValidator(_storable)]


class ErrorDetail(Schema):
    code: str = Field(examples=["invalid"])
    message: str
    fields: dict[str, list[str]] = Field(default_factory=dict)


class ErrorOut(Schema):
    error: ErrorDetail


class GlimmerIn(Schema):
    """Every field is optional. On create, what is left out takes its default;
    on PATCH, what is left out stays as it is."""

    text: Text | None = Field(None, description="Up to 5,000 characters. #tags are read from it.")
    noticed_at: datetime | None = Field(
        None, description="When it happened. Without a zone, the person's own time zone."
    )
    kind: KindName | None = None
    period: Text | None = Field(None, description="For a remembered glimmer: when, in words.")
    senses: list[Text] | None = Field(None, description="Sense slugs, e.g. ['sight', 'sound'].")
    body_cues: list[Text] | None = Field(None, description="Body cue slugs.")
    state_before: StateName | None = None
    state_after: StateName | None = None
    place: Text | None = None
    people: list[Text] | None = Field(None, description="Names; new names are added.")
    values: list[Text] | None = Field(None, description="Names; new names are added.")
    anchored_seconds: int | None = Field(None, ge=0, le=3600)
    surprise: SurpriseName | None = None
    gratitude: Text | None = None
    reliable: bool | None = None


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


class TriggerIn(Schema):
    text: Text | None = None
    occurred_at: datetime | None = None
    pushed_toward: StateName | None = None
    intensity: int | None = Field(None, ge=0, le=10)
    helped_by: list[UUID] | None = Field(None, description="Ids of your glimmers that helped.")


class TriggerOut(Schema):
    id: UUID
    occurred_at: datetime
    text: str
    pushed_toward: StateName
    intensity: int | None
    helped_by: list[UUID]
    created_at: datetime
    updated_at: datetime


class NameIn(Schema):
    name: Text = Field(min_length=1, max_length=80)


class NamedOut(Schema):
    id: int
    name: str


class DescriptorOut(Schema):
    slug: str
    name: str
    built_in: bool
