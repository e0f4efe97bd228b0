"""Circles as plain data: the JSON shape of the API and of `glimmers circles --json`.

A shared glimmer is always made from a ``SharedGlimmer`` (circles/queries.py),
which holds only what its owner chose to share, never from the glimmer itself.
The shapes are documented in docs/api.md and docs/cli.md; add to them, never
rename or remove from them.
"""

from __future__ import annotations

from glimmers.circles.models import Share
from glimmers.circles.queries import SharedGlimmer, SharedReply
from glimmers.journal.serialize import API_ROOT


def circle_data(entry: dict, people: list[dict]) -> dict:
    """A circle from ``queries.my_circles`` with the names of the people in it (``people_in``)."""
    circle = entry["circle"]
    return {
        "id": circle.pk,
        "name": circle.name,
        "description": circle.description,
        "keeper": entry["keeper"],
        "new": entry["new"],
        "members": [
            {"name": person["name"], "keeper": person["keeper"], "me": person["me"]}
            for person in people
        ],
    }


def _photo_data(circle_id: str, photo: dict) -> dict:
    url = f"{API_ROOT}/circles/{circle_id}/photos/{photo['id']}"
    return {
        "id": photo["id"],
        "alt_text": photo["alt_text"],
        "url": url,
        "thumbnail_url": f"{url}/thumbnail",
    }


def reply_data(reply: SharedReply) -> dict:
    return {
        "id": reply.id,
        "author": reply.author,
        "mine": reply.mine,
        "noticed": reply.noticed,
        "quote": reply.quote,
        "sense": reply.sense,
        "created_at": reply.created_at,
        "hidden": reply.hidden,
    }


def shared_data(card: SharedGlimmer) -> dict:
    """One glimmer as its circle sees it: what was shared, and nothing else."""
    return {
        "id": card.share_id,
        "circle_id": card.circle_id,
        "author": card.author,
        "mine": card.mine,
        "text": card.text,
        "day": card.day,
        "kind": card.kind,
        "shared_at": card.shared_at,
        "new": card.new,
        "senses": card.senses,
        "body_cues": card.body_cues,
        "people": card.people,
        "photos": [_photo_data(card.circle_id, photo) for photo in card.photos],
        "replies": [reply_data(reply) for reply in card.replies],
    }


def share_data(share: Share, circle_name: str) -> dict:
    """Where one of the owner's glimmers is shared, and what goes with it there."""
    return {
        "id": share.pk,
        "circle_id": share.circle_id,
        "circle_name": circle_name,
        "with_senses": share.with_senses,
        "with_people": share.with_people,
        "with_photos": share.with_photos,
        "shared_at": share.shared_at,
    }
