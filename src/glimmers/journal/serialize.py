"""Glimmers and triggers as plain data: the JSON shape of the API and `--json`.

This shape is documented in docs/api.md and docs/cli.md; add to it, never
rename or remove from it.
"""

from __future__ import annotations

from glimmers.journal.models import Glimmer, Photo, Trigger

API_ROOT = "/api/v1"


def photo_data(photo: Photo) -> dict:
    return {
        "id": photo.pk,
        "url": f"{API_ROOT}/photos/{photo.pk}",
        "thumbnail_url": f"{API_ROOT}/photos/{photo.pk}/thumbnail",
        "width": photo.width,
        "height": photo.height,
    }


def glimmer_data(glimmer: Glimmer) -> dict:
    """Needs the relations prefetched (queries.with_details) to stay at one query."""
    return {
        "id": glimmer.pk,
        "noticed_at": glimmer.noticed_at,
        "text": glimmer.text,
        "kind": glimmer.kind,
        "period": glimmer.period,
        "senses": [sense.slug for sense in glimmer.shown_senses],
        "body_cues": [cue.slug for cue in glimmer.shown_body_cues],
        "state_before": glimmer.state_before,
        "state_after": glimmer.state_after,
        "place": glimmer.place,
        "people": [person.name for person in glimmer.shown_people],
        "values": [value.name for value in glimmer.shown_values],
        "tags": [tag.name for tag in glimmer.shown_tags],
        "anchored_seconds": glimmer.anchored_seconds,
        "surprise": glimmer.surprise,
        "gratitude": glimmer.gratitude,
        "reliable": glimmer.reliable,
        "photos": [photo_data(photo) for photo in glimmer.shown_photos],
        "created_at": glimmer.created_at,
        "updated_at": glimmer.updated_at,
    }


def trigger_data(trigger: Trigger) -> dict:
    return {
        "id": trigger.pk,
        "occurred_at": trigger.occurred_at,
        "text": trigger.text,
        "pushed_toward": trigger.pushed_toward,
        "intensity": trigger.intensity,
        "helped_by": [glimmer.pk for glimmer in trigger.helped_by.all()],
        "created_at": trigger.created_at,
        "updated_at": trigger.updated_at,
    }
