"""Writes for the daily practice. Views, the API and the CLI all call these."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from glimmers.access import may_change, may_use, owned
from glimmers.db import writing
from glimmers.journal.models import Glimmer
from glimmers.practice import queries
from glimmers.practice.models import (
    HiddenPrompt,
    Intention,
    MenuChoice,
    Prompt,
    PromptShown,
    QuestionAnswer,
    Reflection,
)
from glimmers.time import validate_day

ANCHOR_MAX_SECONDS = 3600


def _mine(owner, row) -> None:
    if not may_change(owner, row):
        raise ValidationError(_("That isn't one of yours."))


# ---------------------------------------------------------------------------
# Prompts
# ---------------------------------------------------------------------------


def offer_prompt(owner, category: str, day: date) -> Prompt | None:
    """Choose today's prompt for a category and remember that it was shown."""
    prompt = queries.choose_prompt(owner, category, day)
    if prompt is not None:
        already = (
            owned(PromptShown, owner)
            .filter(category=category, day=day, prompt=prompt, skipped=False)
            .exists()
        )
        if not already:
            with writing(owner):
                PromptShown.objects.create(owner=owner, category=category, day=day, prompt=prompt)
    return prompt


def skip_prompt(owner, category: str, day: date) -> Prompt | None:
    """Skip today's prompt (no penalty, nothing recorded against anyone) and offer another."""
    with writing(owner):
        owned(PromptShown, owner).filter(category=category, day=day, skipped=False).update(
            skipped=True
        )
    return offer_prompt(owner, category, day)


def add_prompt(owner, category: str, text: str) -> Prompt:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Write the prompt you'd like to be asked.")})
    prompt = Prompt(owner=owner, category=category, text=text)
    prompt.full_clean(exclude=["owner", "slug"])
    with writing(owner):
        prompt.save()
    return prompt


def delete_own_prompt(owner, prompt: Prompt) -> None:
    if not may_change(owner, prompt):
        raise ValidationError(_("Built-in prompts can be hidden, not deleted."))
    with writing(owner):
        prompt.delete()


def set_prompt_hidden(owner, prompt: Prompt, hidden: bool) -> None:
    if not may_use(owner, prompt):
        raise ValidationError(_("That isn't one of yours."))
    with writing(owner):
        if hidden:
            HiddenPrompt.objects.get_or_create(owner=owner, prompt=prompt)
        else:
            owned(HiddenPrompt, owner).filter(prompt=prompt).delete()


# ---------------------------------------------------------------------------
# Intention and reflection
# ---------------------------------------------------------------------------


def set_intention(owner, day: date, *, text: str, focus_sense=None, prompt=None) -> Intention:
    validate_day(day)
    if focus_sense is not None and not may_use(owner, focus_sense):
        raise ValidationError({"focus_sense": _("We don't know that sense.")})
    text = " ".join(text.split())
    with writing(owner):
        intention, _created = Intention.objects.update_or_create(
            owner=owner,
            day=day,
            defaults={"text": text, "focus_sense": focus_sense, "prompt": prompt},
        )
    return intention


def clear_intention(owner, day: date) -> None:
    with writing(owner):
        owned(Intention, owner).filter(day=day).delete()


def save_reflection(
    owner, day: date, *, answer: str, prompt: Prompt | None = None, glimmers=()
) -> Reflection:
    validate_day(day)
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write a few words, or simply close the page.")})
    linked = list(glimmers)
    allowed = set(queries.glimmers_on(owner, day).values_list("pk", flat=True))
    if any(g.pk not in allowed for g in linked):
        raise ValidationError({"glimmers": _("Only glimmers from that day can be linked.")})
    with writing(owner):
        reflection, _created = Reflection.objects.update_or_create(
            owner=owner,
            day=day,
            defaults={
                "answer": answer,
                "prompt": prompt,
                "prompt_text": str(prompt) if prompt is not None else "",
            },
        )
        reflection.full_clean(exclude=["owner", "prompt", "glimmers"])
        reflection.glimmers.set(linked)
    return reflection


# ---------------------------------------------------------------------------
# Anchoring
# ---------------------------------------------------------------------------


def record_anchoring(owner, glimmer: Glimmer, seconds: int) -> Glimmer:
    """Add the seconds someone stayed with a glimmer (a pause can be ended at any moment)."""
    _mine(owner, glimmer)
    if not 1 <= seconds <= ANCHOR_MAX_SECONDS:
        raise ValidationError({"seconds": _("Between 1 second and an hour.")})
    with writing(owner):
        glimmer.anchored_seconds = min(ANCHOR_MAX_SECONDS, glimmer.anchored_seconds + seconds)
        glimmer.save(update_fields=["anchored_seconds", "updated_at"])
    return glimmer


# ---------------------------------------------------------------------------
# Remembered glimmers: sense tracing and hard times
# ---------------------------------------------------------------------------

# The guided lines, in order: (form field, sense slug, how the line starts).
TRACE_LINES = [
    ("saw", "sight", gettext_lazy("I saw")),
    ("heard", "sound", gettext_lazy("I heard")),
    ("smelled", "smell", gettext_lazy("I smelled")),
    ("tasted", "taste", gettext_lazy("I tasted")),
    ("touched", "touch", gettext_lazy("I touched")),
    ("sensed", "body", gettext_lazy("I sensed")),
]


def traced_text(lines: dict[str, str]) -> tuple[str, list[str]]:
    """The glimmer's text and senses from the lines someone answered."""
    parts, senses = [], []
    for name, sense, start in TRACE_LINES:
        answer = " ".join((lines.get(name) or "").split())
        if answer:
            parts.append(f"{start} {answer}")
            senses.append(sense)
    return "\n".join(parts), senses


# ---------------------------------------------------------------------------
# The menu
# ---------------------------------------------------------------------------


def decide_suggestion(owner, kind: str, key: str, accept: bool) -> MenuChoice:
    # Only a pattern we would suggest to this person can be decided on: anything
    # else (a made-up tag, someone else's person) would leave a stray row behind.
    if not queries.is_pattern(owner, kind, key):
        raise ValidationError(_("That suggestion isn't one we made."))
    with writing(owner):
        choice, _created = MenuChoice.objects.update_or_create(
            owner=owner, kind=kind, key=key, defaults={"accepted": accept}
        )
    return choice


def forget_menu_choice(owner, kind: str, key: str) -> None:
    if kind not in MenuChoice.Kind.values:
        raise ValidationError(_("That suggestion isn't one we made."))
    with writing(owner):
        owned(MenuChoice, owner).filter(kind=kind, key=key).delete()


# ---------------------------------------------------------------------------
# The Glimmer Question
# ---------------------------------------------------------------------------


def answer_question(owner, day: date, *, prompt: Prompt | None, **answers) -> QuestionAnswer:
    answer = QuestionAnswer(
        owner=owner,
        day=day,
        prompt=prompt,
        prompt_text=str(prompt) if prompt is not None else "",
        **answers,
    )
    answer.full_clean(exclude=["owner", "prompt"])
    with writing(owner):
        answer.save()
    return answer


def delete_question_answer(owner, answer: QuestionAnswer) -> None:
    _mine(owner, answer)
    with writing(owner):
        answer.delete()
