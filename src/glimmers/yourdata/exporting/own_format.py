"""Glimmers' own JSON: written losslessly, and read back into any account.

The document (docs/your-data.md describes it field by field)::

    {"format": "glimmers", "version": 1,
     "preferences": {...}, "senses": [...], "body_cues": [...], "people": [...],
     "values": [...], "prompts": [...], "hidden_prompts": [...],
     "glimmers": [...], "triggers": [...], "intentions": [...], "reflections": [...],
     "question_answers": [...], "circles": [...], "shares": [...], "replies": [...],
     "care_links": [...], "care_reads": [...], "for_sessions": [...],
     "suggestions": [...], "reminders": [...], "menu_choices": [...]}

It names no account (no user id, no user name) and no moment of its own, so
exporting an account, reading it into a fresh one and exporting again gives
the same document — apart from the sharing sections (circles, shares,
replies, care links, the carers' reads, suggestions), which are written so
that a person has all of their own part, and not read back: a circle or a
care link is shared with other people, who are not in the file. Times are
written in the person's time zone with its offset. When there are photos the
export is a ZIP of ``glimmers.json`` and ``photos/<glimmer id>-<n>.<jpg|png>``.

importing/glimmers_json.py reads it back.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone

from glimmers.journal.models import Glimmer
from glimmers.journal.serialize import glimmer_data
from glimmers.practice.models import Prompt
from glimmers.reminders import queries as reminders
from glimmers.time import zone_of
from glimmers.yourdata.exporting import records
from glimmers.yourdata.exporting.streams import Entry, encoded, file_chunks, zipped

FORMAT = "glimmers"
VERSION = 1
JSON_NAME = "glimmers.json"
PREFERENCES = ("time_zone", "day_starts_at", "language", "anchor_seconds", "show_streak")


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
    yield from _sharing(user, zone)
    yield from _array(
        "menu_choices",
        (
            {"kind": row.kind, "key": row.key, "accepted": row.accepted}
            for row in records.menu_choices(user)
        ),
        last=True,
    )
    yield "}\n"


def _sharing(user, zone) -> Iterator[str]:
    """The person's own part of circles and care: names, choices, their own words."""
    yield from _array(
        "circles",
        (
            {
                "name": row.circle.name,
                "kept_by_me": row.circle.owner_id == user.pk,
                "joined_at": _moment(row.joined_at, zone),
            }
            for row in records.memberships(user)
        ),
    )
    yield from _array(
        "shares",
        (
            {
                "glimmer": str(row.glimmer_id),
                "circle": row.circle.name,
                "with_senses": row.with_senses,
                "with_people": row.with_people,
                "with_photos": row.with_photos,
                "shared_at": _moment(row.shared_at, zone),
            }
            for row in records.shares(user)
        ),
    )
    yield from _array(
        "replies",
        (
            {
                "circle": row.share.circle.name,
                "noticed": row.noticed,
                "quote": row.quote,
                "sense": row.sense.slug if row.sense else None,
                "written_at": _moment(row.created_at, zone),
                "hidden": row.hidden_at is not None,
            }
            for row in records.replies(user)
        ),
    )
    yield from _array(
        "care_links",
        (
            {
                "label": row.label,
                "status": row.status,
                "scope": row.scope,
                "since": _day(row.since),
                "with_photos": row.with_photos,
                "with_insights": row.with_insights,
                "with_triggers": row.with_triggers,
                "tell_tried": row.tell_tried,
                "created_at": _moment(row.created_at, zone),
                "confirmed_at": _moment(row.confirmed_at, zone),
                "ended_at": _moment(row.ended_at, zone),
            }
            for row in records.care_links(user)
        ),
    )
    yield from _array(
        "care_reads",
        (
            {
                "carer": row.link.label,
                "at": _moment(row.at, zone),
                "page": row.page,
                "glimmer": row.record or None,
            }
            for row in records.care_reads(user)
        ),
    )
    yield from _array("for_sessions", iter(records.for_sessions(user)))
    yield from _array(
        "suggestions",
        (
            {
                "from": row.link.label,
                "text": row.text,
                "suggested_at": _moment(row.created_at, zone),
                "answer": row.answer or None,
            }
            for row in records.suggestions(user)
        ),
    )
    yield from _array("reminders", iter(_reminders(user)))


def _reminders(user) -> list[dict]:
    """The person's reminder choices (one, or none yet): never the calendar address's
    secret or a browser's push keys, only whether there are any."""
    chosen = reminders.settings_of(user)
    if chosen.pk is None:
        return []
    slots = {
        slot: {
            "on": getattr(chosen, f"{slot}_on"),
            "at": getattr(chosen, f"{slot}_from").strftime("%H:%M"),
            "until": (getattr(chosen, f"{slot}_to") or None)
            and getattr(chosen, f"{slot}_to").strftime("%H:%M"),
        }
        for slot in ("morning", "evening", "pause1", "pause2", "pause3")
    }
    return [
        {
            **slots,
            "words": {
                "morning": chosen.morning_words,
                "evening": chosen.evening_words,
                "pause": chosen.pause_words,
            },
            "quiet_weekdays": [int(day) for day in chosen.quiet_days],
            "quiet_until": _day(chosen.paused_until),
            "by_email": chosen.by_email,
            "email": chosen.email,
            "by_notification": chosen.by_push,
            "notification_devices": reminders.subscriptions(user).count(),
            "calendar_feed": reminders.feed_of(user) is not None,
        }
    ]


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


__all__ = ["document_pieces", "json_export", "photo_entries", "photo_name"]
