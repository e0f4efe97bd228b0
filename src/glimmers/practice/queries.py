"""Reads for the daily practice. Views, the API and the CLI all use these."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from glimmers.access import get_owned, owned, usable
from glimmers.journal import queries as journal
from glimmers.journal.models import Glimmer, Person, State, Tag
from glimmers.practice.models import (
    Category,
    HiddenPrompt,
    Intention,
    MenuChoice,
    Prompt,
    PromptShown,
    QuestionAnswer,
    Reflection,
)

ROTATION_DAYS = 14
SUGGEST_AFTER = 3  # a pattern is suggested once it has come up this many times


# ---------------------------------------------------------------------------
# Prompts
# ---------------------------------------------------------------------------


def prompts(user, category: str | None = None) -> QuerySet[Prompt]:
    """Built-in prompts the person hasn't hidden, plus their own."""
    hidden = owned(HiddenPrompt, user).values("prompt_id")
    rows = usable(Prompt, user).exclude(pk__in=hidden)
    return rows.filter(category=category) if category else rows


def all_prompts(user) -> QuerySet[Prompt]:
    """Built-in and own prompts, hidden ones included (for the prompts page)."""
    return usable(Prompt, user)


def hidden_prompt_ids(user) -> set[int]:
    return set(owned(HiddenPrompt, user).values_list("prompt_id", flat=True))


def get_usable_prompt(user, prompt_id) -> Prompt:
    return get_owned(Prompt, user, prompt_id, all_prompts(user))


def choose_prompt(user, category: str, day: date) -> Prompt | None:
    """The prompt to offer today, or None when the pool is empty.

    Pure choice, no writes: the view records what it showed (services.offer_prompt).
    The same day keeps its prompt until it is skipped. A prompt seen in the
    last fourteen days is not offered again unless every prompt has been.
    """
    pool = list(prompts(user, category).order_by("pk"))
    if not pool:
        return None
    recent = owned(PromptShown, user).filter(
        category=category, day__gt=day - timedelta(days=ROTATION_DAYS)
    )
    todays = recent.filter(day=day, skipped=False).order_by("-shown_at").first()
    if todays is not None and any(p.pk == todays.prompt_id for p in pool):
        return next(p for p in pool if p.pk == todays.prompt_id)
    seen = set(recent.values_list("prompt_id", flat=True))
    fresh = [p for p in pool if p.pk not in seen]
    if fresh:
        # A stable shuffle per person and day: varied, but reproducible.
        return random.Random(f"{user.pk}:{category}:{day.isoformat()}").choice(fresh)  # noqa: S311
    # Everything was seen lately: offer the one seen longest ago, but not one
    # that was skipped today (unless nothing else is left).
    last_seen = dict(
        owned(PromptShown, user)
        .filter(category=category)
        .values("prompt_id")
        .annotate(last=Max("shown_at"))
        .values_list("prompt_id", "last")
    )
    skipped_today = set(recent.filter(day=day, skipped=True).values_list("prompt_id", flat=True))
    candidates = [p for p in pool if p.pk not in skipped_today] or pool
    return min(candidates, key=lambda p: (last_seen.get(p.pk), p.pk))


# ---------------------------------------------------------------------------
# Today
# ---------------------------------------------------------------------------


def intention(user, day: date) -> Intention | None:
    return owned(Intention, user).select_related("focus_sense").filter(day=day).first()


def owned_intentions(user) -> QuerySet[Intention]:
    return owned(Intention, user).select_related("focus_sense")


def reflection(user, day: date) -> Reflection | None:
    return owned(Reflection, user).prefetch_related("glimmers").filter(day=day).first()


def reflections(user) -> QuerySet[Reflection]:
    return owned(Reflection, user).prefetch_related("glimmers")


def glimmers_on(user, day: date) -> QuerySet[Glimmer]:
    start, end = journal.day_bounds(user, day)
    return journal.glimmers(user).filter(noticed_at__gte=start, noticed_at__lt=end)


def _days_with_glimmers(user, first: date, last: date) -> set[date]:
    """The person's days between first and last (inclusive) with at least one glimmer.

    Each glimmer carries its local day (stamped on save, in the person's
    zone and day start), so the database answers with the days alone.
    """
    days = journal.glimmers(user).filter(local_date__range=(first, last))
    return set(days.order_by().values_list("local_date", flat=True).distinct())


@dataclass
class Noticing:
    """Days you noticed something: gentle counts, never a score."""

    this_week: int
    days_so_far_this_week: int
    this_month: int
    days_so_far_this_month: int
    streak: int | None = None  # only when the person turned streaks on
    week: list[tuple[date, bool]] = field(default_factory=list)


def noticing(user, today: date | None = None) -> Noticing:
    today = today or journal.local_today(user)
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    first = min(week_start, month_start)
    days = _days_with_glimmers(user, first, today)
    result = Noticing(
        this_week=len({d for d in days if d >= week_start}),
        days_so_far_this_week=(today - week_start).days + 1,
        this_month=len({d for d in days if d >= month_start}),
        days_so_far_this_month=today.day,
        week=[
            (week_start + timedelta(days=n), week_start + timedelta(days=n) in days)
            for n in range(7)
        ],
    )
    if getattr(user, "show_streak", False):
        result.streak = streak(user, today)
    return result


def streak(user, today: date) -> int:
    """Days in a row up to today (or up to yesterday, if today is still empty)."""
    days = _days_with_glimmers(user, today - timedelta(days=400), today)
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


# ---------------------------------------------------------------------------
# The glimmer menu
# ---------------------------------------------------------------------------


@dataclass
class Suggestion:
    kind: str  # "tag", "place" or "person"
    key: str
    label: str
    count: int
    toward_safe: int
    examples: list[Glimmer] = field(default_factory=list)


@dataclass
class Menu:
    when_mobilized: list[Glimmer]
    when_shut_down: list[Glimmer]
    other_reliable: list[Glimmer]
    accepted: list[Suggestion]
    suggestions: list[Suggestion]

    @property
    def empty(self) -> bool:
        return not (
            self.when_mobilized
            or self.when_shut_down
            or self.other_reliable
            or self.accepted
            or self.suggestions
        )


def _patterns(user) -> list[Suggestion]:
    """Tags, places and people that keep coming back, counted in the database."""
    toward_safe = Q(glimmers__state_after=State.SAFE) & ~Q(glimmers__state_before=State.SAFE)
    found: list[Suggestion] = []
    tags = (
        owned(Tag, user)
        .annotate(n=Count("glimmers"), safe=Count("glimmers", filter=toward_safe))
        .filter(n__gte=SUGGEST_AFTER)
    )
    found += [Suggestion("tag", t.name, f"#{t.name}", t.n, t.safe) for t in tags]
    people = (
        owned(Person, user)
        .annotate(n=Count("glimmers"), safe=Count("glimmers", filter=toward_safe))
        .filter(n__gte=SUGGEST_AFTER)
    )
    found += [Suggestion("person", str(p.pk), p.name, p.n, p.safe) for p in people]
    safe_place = Q(state_after=State.SAFE) & ~Q(state_before=State.SAFE)
    places = (
        journal.glimmers(user)
        .exclude(place="")
        .values("place")
        .annotate(n=Count("pk"), safe=Count("pk", filter=safe_place))
        .filter(n__gte=SUGGEST_AFTER)
    )
    found += [Suggestion("place", p["place"], p["place"], p["n"], p["safe"]) for p in places]
    # Patterns that moved people toward safe & connected first, then the most frequent.
    found.sort(key=lambda s: (-s.toward_safe, -s.count, s.label.lower()))
    return found


def is_pattern(user, kind: str, key: str) -> bool:
    """Whether a tag, place or person keeps coming back in this person's glimmers."""
    return any(p.kind == kind and p.key == key for p in _patterns(user))


# Where each kind of pattern lives on a glimmer.
_PATTERN_PATHS = {"tag": "tags__name", "person": "people__pk", "place": "place"}


def _attach_examples(user, patterns: list[Suggestion], limit: int) -> None:
    """Give each pattern up to ``limit`` examples: reliable ones first, then the latest.

    One query per kind of pattern (plus photos), however many patterns there are:
    a window function numbers the glimmers within each pattern.
    """
    for kind, path in _PATTERN_PATHS.items():
        wanted = {p.key: p for p in patterns if p.kind == kind}
        if not wanted:
            continue
        rows = (
            journal.glimmers(user)
            .filter(**{f"{path}__in": list(wanted)})
            .exclude(text="")
            .annotate(
                pattern=F(path),
                rank=Window(
                    RowNumber(),
                    partition_by=F(path),
                    order_by=[F("reliable").desc(), F("noticed_at").desc(), F("id").desc()],
                ),
            )
            .filter(rank__lte=limit)
            .order_by("rank")
            .prefetch_related("photos")
        )
        for glimmer in rows:
            wanted[str(glimmer.pattern)].examples.append(glimmer)


def menu(user) -> Menu:
    reliable = list(
        journal.with_details(journal.glimmers(user).filter(reliable=True)).order_by("-noticed_at")[
            :60
        ]
    )
    mobilized = [g for g in reliable if g.state_before == State.MOBILIZED]
    shut_down = [g for g in reliable if g.state_before == State.SHUTDOWN]
    other = [g for g in reliable if g not in mobilized and g not in shut_down]
    decisions = {(c.kind, c.key): c.accepted for c in owned(MenuChoice, user)}
    accepted, suggestions = [], []
    for pattern in _patterns(user):
        decision = decisions.get((pattern.kind, pattern.key))
        if decision is True:
            accepted.append(pattern)
        elif decision is None and len(suggestions) < 6:
            suggestions.append(pattern)
    _attach_examples(user, accepted, limit=3)
    _attach_examples(user, suggestions, limit=2)
    return Menu(mobilized, shut_down, other, accepted, suggestions)


# ---------------------------------------------------------------------------
# The Glimmer Question
# ---------------------------------------------------------------------------


def glimmer_question(user, day: date) -> tuple[Prompt | None, Prompt | None]:
    """Today's scale question and a follow-up to sit with, both steady for the day.

    Each is chosen afresh every day from the prompts the person hasn't hidden,
    so all the scale questions take their turn.
    """
    pool = list(prompts(user, Category.QUESTION).order_by("pk"))
    chooser = random.Random(f"{user.pk}:question:{day.isoformat()}")  # noqa: S311
    scales = [p for p in pool if p.scale]
    follow_ups = [p for p in pool if not p.scale]
    return (
        chooser.choice(scales) if scales else None,
        chooser.choice(follow_ups) if follow_ups else None,
    )


def question_answers(user) -> QuerySet[QuestionAnswer]:
    return owned(QuestionAnswer, user)


def get_question_answer(user, answer_id) -> QuestionAnswer:
    return get_owned(QuestionAnswer, user, answer_id)
