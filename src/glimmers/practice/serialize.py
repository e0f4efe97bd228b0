"""The practice as plain data: the JSON shape of the API and of `--json` in the CLI."""

from __future__ import annotations

from glimmers.practice.models import Intention, Prompt, Reflection
from glimmers.practice.queries import Noticing


def prompt_data(prompt: Prompt | None) -> dict | None:
    if prompt is None:
        return None
    return {
        "id": prompt.pk,
        "category": prompt.category,
        "text": str(prompt),
        "scale": prompt.scale,
    }


def intention_data(intention: Intention | None) -> dict | None:
    if intention is None:
        return None
    return {
        "day": intention.day,
        "text": intention.text,
        "focus_sense": intention.focus_sense.slug if intention.focus_sense else None,
    }


def reflection_data(reflection: Reflection | None) -> dict | None:
    if reflection is None:
        return None
    return {
        "day": reflection.day,
        "prompt": reflection.prompt_text,
        "answer": reflection.answer,
        "glimmers": [g.pk for g in reflection.glimmers.all()],
    }


def noticing_data(noticing: Noticing) -> dict:
    return {
        "this_week": noticing.this_week,
        "days_so_far_this_week": noticing.days_so_far_this_week,
        "this_month": noticing.this_month,
        "days_so_far_this_month": noticing.days_so_far_this_month,
        "in_a_row": noticing.streak,
    }
