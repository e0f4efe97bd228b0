"""Markdown: a ZIP with one file per day, readable in any editor and in Obsidian.

``2026/2026-06-01.md`` holds that day (the person's own day, with their day
start): YAML front matter (date, how many glimmers, tags, senses, people,
values), the morning intention, each glimmer as a section headed by its
time, the hard moments of the day kept apart under their own heading, and
the evening reflection. Photos are in ``photos/`` and linked relatively.

The day files are made by walking the glimmers, intentions, reflections and
hard moments together, each oldest first, so only one day is held at a time.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from datetime import date, datetime
from itertools import groupby

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from glimmers.journal.models import Glimmer, Kind, State, Surprise
from glimmers.time import local_day, zone_of
from glimmers.yourdata.exporting import records
from glimmers.yourdata.exporting.own_format import photo_entries, photo_name
from glimmers.yourdata.exporting.streams import Entry, encoded, zipped

GLIMMER, TRIGGER, INTENTION, REFLECTION = "glimmer", "trigger", "intention", "reflection"


def _front(key: str, value) -> str:
    # JSON is YAML's flow style: quotes and escapes every name safely.
    return f"{key}: {json.dumps(value, ensure_ascii=False)}\n"


def _state(value: str) -> str:
    return str(State(value).label) if value in State.values else value


def _tagged(user) -> Iterator[tuple[date, int, object]]:
    """Everything of the person's that has a day, as (day, kind order, row), oldest first."""
    glimmers = (
        (g.local_date or local_day(user, g.noticed_at), 1, g)
        for page in records.glimmer_pages(user)
        for g in page
    )
    triggers = (
        (t.local_date or local_day(user, t.occurred_at), 2, t) for t in records.triggers(user)
    )
    intentions = ((i.day, 0, i) for i in records.intentions(user).iterator(chunk_size=500))
    reflections = ((r.day, 3, r) for r in records.reflections(user).iterator(chunk_size=500))
    return heapq.merge(
        intentions, glimmers, triggers, reflections, key=lambda item: (item[0], item[1])
    )


def _glimmer_section(glimmer: Glimmer, zone, lines: list[str]) -> None:
    moment = timezone.localtime(glimmer.noticed_at, zone)
    lines.append(f"## {moment:%H:%M}")
    lines.append("")
    lines.append(glimmer.text or _("(counted, no words yet)"))
    lines.append("")
    details = []
    if glimmer.kind != Kind.NOTICED:
        kind = str(Kind(glimmer.kind).label)
        details.append((_("Kind"), f"{kind} ({glimmer.period})" if glimmer.period else kind))
    if glimmer.shown_senses:
        details.append((_("Senses"), ", ".join(str(s) for s in glimmer.shown_senses)))
    if glimmer.shown_body_cues:
        details.append((_("Body"), ", ".join(str(c) for c in glimmer.shown_body_cues)))
    if glimmer.state_before or glimmer.state_after:
        before = _state(glimmer.state_before) or "—"
        after = _state(glimmer.state_after) or "—"
        details.append((_("Before → after"), f"{before} → {after}"))
    if glimmer.place:
        details.append((_("Place"), glimmer.place))
    if glimmer.shown_people:
        details.append((_("People"), ", ".join(p.name for p in glimmer.shown_people)))
    if glimmer.shown_values:
        details.append((_("Values"), ", ".join(v.name for v in glimmer.shown_values)))
    if glimmer.anchored_seconds:
        details.append((_("Stayed with it"), _("%(n)s seconds") % {"n": glimmer.anchored_seconds}))
    if glimmer.surprise:
        details.append((_("Expected?"), str(Surprise(glimmer.surprise).label)))
    if glimmer.reliable:
        details.append((_("Reliable"), _("yes, it's on my glimmer menu")))
    if glimmer.gratitude:
        details.append((_("Thanks"), glimmer.gratitude))
    for label, value in details:
        lines.append(f"- **{label}:** {value}")
    if details:
        lines.append("")
    for n, photo in enumerate(records.photos_in_order(glimmer), start=1):
        alt = (photo.alt_text or _("photo")).replace("]", ")").replace("[", "(")
        lines.append(f"![{alt}](../{photo_name(glimmer.pk, n, photo.image.name)})")
        lines.append("")


def day_text(user, day: date, items: list[tuple[int, object]]) -> str:
    zone = zone_of(user)
    glimmers = [row for order, row in items if order == 1]
    triggers = [row for order, row in items if order == 2]
    intention = next((row for order, row in items if order == 0), None)
    reflection = next((row for order, row in items if order == 3), None)

    def every(name: str) -> list[str]:
        seen: dict[str, None] = {}
        for g in glimmers:
            for row in getattr(g, f"shown_{name}"):
                seen.setdefault(row.slug if name in ("senses", "body_cues") else row.name)
        return list(seen)

    front = ["---\n", _front("date", day.isoformat()), _front("glimmers", len(glimmers))]
    for name in ("tags", "senses", "people", "values"):
        if found := every(name):
            front.append(_front(name, found))
    front.append("---\n\n")
    lines = [f"# {formats.date_format(day, 'l j E Y')}", ""]
    if intention is not None and (intention.text or intention.focus_sense):
        text = intention.text or ""
        if intention.focus_sense:
            text = f"{text} ({_('focus')}: {intention.focus_sense})".strip()
        lines += [f"**{_('Morning intention')}:** {text}", ""]
    for glimmer in glimmers:
        _glimmer_section(glimmer, zone, lines)
    if triggers:
        lines += [f"## {_('Hard moments')}", ""]
        for trigger in triggers:
            moment = timezone.localtime(trigger.occurred_at, zone)
            lines += [f"### {moment:%H:%M}", "", trigger.text, ""]
            if trigger.pushed_toward:
                lines += [f"- **{_('Pushed me toward')}:** {_state(trigger.pushed_toward)}"]
            if trigger.intensity is not None:
                lines += [f"- **{_('How strong')}:** {trigger.intensity}/10"]
            if trigger.pushed_toward or trigger.intensity is not None:
                lines.append("")
    if reflection is not None:
        lines += [f"## {_('Evening reflection')}", ""]
        if reflection.prompt_text:
            lines += [f"> {reflection.prompt_text}", ""]
        lines += [reflection.answer, ""]
    return "".join(front) + "\n".join(lines).rstrip("\n") + "\n"


def day_entries(user) -> Iterator[Entry]:
    for day, group in groupby(_tagged(user), key=lambda item: item[0]):
        items = [(order, row) for _day, order, row in group]
        name = f"{day:%Y}/{day.isoformat()}.md"
        yield Entry(name, encoded([day_text(user, day, items)]))


def markdown_export(user, *, when: datetime) -> Iterator[bytes]:
    def entries() -> Iterator[Entry]:
        yield from day_entries(user)
        yield from photo_entries(user)

    return zipped(entries(), when)
