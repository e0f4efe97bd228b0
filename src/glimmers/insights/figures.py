"""The page's nine figures: heading, finding in words, chart, and a table of the same numbers.

Shared by the Insights page and the printable summary. Built from an
``Insights`` (queries.py); nothing here reads the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial

from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from glimmers.insights import charts, describe
from glimmers.insights.queries import Insights


def _glimmers() -> str:
    """The column of how many glimmers: the noun, not the app's name (translated apart)."""
    return pgettext("the noun, many glimmers", "Glimmers")


@dataclass
class Link:
    """A cell that links to the journal, narrowed to one value, person, place or tag."""

    name: str
    url: str


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)  # the first cell of a row is its header

    def body(self) -> SafeString:
        """The rows as HTML. Built here rather than in a template loop: the page
        has hundreds of cells, and this is many times faster."""
        if not self.rows:
            return format_html(
                '<tr><td colspan="{}">{}</td></tr>', len(self.columns), _("Nothing here yet.")
            )
        return mark_safe(  # noqa: S308 — every cell goes through format_html
            "".join(
                "<tr>" + "".join(_cell(cell, header=n == 0) for n, cell in enumerate(row)) + "</tr>"
                for row in self.rows
            )
        )


def _cell(cell, header: bool) -> str:
    content = (
        format_html('<a href="{}">{}</a>', cell.url, cell.name) if isinstance(cell, Link) else cell
    )
    if header:
        return format_html('<th scope="row">{}</th>', content)
    return format_html("<td>{}</td>", content)


@dataclass
class Figure:
    slug: str
    heading: str
    finding: str
    draw: Callable[[], SafeString] | None = None  # None: nothing to draw, only words
    table: Table | None = None
    invitation: str | None = None

    @cached_property
    def svg(self) -> SafeString | None:
        """The chart, drawn the first time it is asked for."""
        return self.draw() if self.draw else None


def journal_url(found: Insights, journal_filter: dict) -> str:
    """/journal/ narrowed to one thing, and to the range's days (all time needs no dates)."""
    params = dict(journal_filter)
    if found.span.key != "all":
        params.update(since=found.start.isoformat(), until=found.end.isoformat())
    return f"{reverse('journal:timeline')}?{urlencode(params)}"


def top_words(found: Insights) -> list[tuple[str, str, list[tuple[Link, int]]]]:
    """(key, heading, [(link, glimmers)]) for values, people, places and tags."""
    return [
        (
            key,
            describe.group_name(key),
            [
                (
                    Link(
                        f"#{named.name}" if key == "tags" else named.name,
                        journal_url(found, named.journal_filter),
                    ),
                    named.glimmers,
                )
                for named in rows
            ],
        )
        for key, rows in found.what.groups()
    ]


def figures(found: Insights, drawn: set[str] | None = None) -> list[Figure]:
    """The nine figures, in reading order. One with nothing to draw keeps only its words.

    ``drawn`` names the charts to draw (all when None): the printed summary
    shows two, and drawing the rest would only cost time.
    """
    found_figures = _figures(found)
    if drawn is not None:
        for figure in found_figures:
            if figure.slug not in drawn:
                figure.draw = None
    return found_figures


def _figures(found: Insights) -> list[Figure]:
    unit_column = {"day": _("Day"), "week": _("Week"), "month": _("Month")}
    words = top_words(found)
    return [
        Figure(
            "over-time",
            _("Glimmers over time"),
            describe.over_time(found),
            partial(charts.over_time, found),
            Table(
                _("Glimmers over time"),
                [unit_column[found.unit], _("In words"), _("Counted"), _("All")],
                [
                    [describe.period_label(p, found.unit), p.written, p.tallied, p.glimmers]
                    for p in found.over_time
                ],
            ),
        ),
        Figure(
            "radar",
            _("My glimmer radar"),
            describe.radar(found),
            partial(charts.radar, found) if found.senses_named else None,
            Table(
                _("Glimmers by sense"),
                [_("Sense"), _glimmers()],
                [[s.name, s.glimmers] for s in found.senses],
            ),
            describe.invitation(found),
        ),
        Figure(
            "hours",
            _("When glimmers find me"),
            describe.when(found),
            partial(charts.hours, found),
            Table(
                _("Glimmers by hour of the day and day of the week"),
                [_("Hour"), *(str(WEEKDAYS[w]) for w in range(7))],
                [[describe.hour(h), *(found.hours[w][h] for w in range(7))] for h in range(24)],
            ),
        ),
        Figure(
            "shifts",
            _("State shifts"),
            describe.shifts(found),
            partial(charts.shifts, found) if found.shifts.recorded else None,
            Table(
                _("How you felt before and after"),
                [_("Before → after"), _glimmers()],
                [
                    [f"{t.before_label} → {t.after_label}", t.glimmers]
                    for t in found.shifts.transitions
                ],
            ),
        ),
        Figure(
            "what",
            _("What and who"),
            describe.what_and_who(found),
            None if found.what.empty else partial(charts.what_and_who, found),
            Table(
                _("What and who came up most"),
                [_("Name"), _("Kind"), _glimmers()],
                [[link, heading, n] for _key, heading, rows in words for link, n in rows],
            ),
        ),
        Figure(
            "anchoring",
            _("Anchoring"),
            describe.anchoring(found),
            partial(charts.anchoring, found) if found.anchoring.anchored else None,
            Table(
                _("How long you stayed with a glimmer"),
                [_("How long"), _glimmers()],
                [[describe.bucket_name(key), n] for key, n in found.anchoring.buckets()],
            ),
        ),
        Figure(
            "side-by-side",
            _("Hard moments and glimmers, side by side"),
            describe.side_by_side(found),
            partial(charts.side_by_side, found),
            Table(
                _("Glimmers and hard moments"),
                [unit_column[found.side_unit], _glimmers(), _("Hard moments")],
                [
                    [describe.period_label(p, found.side_unit), p.glimmers, p.triggers]
                    for p in found.side_by_side
                ],
            ),
        ),
        Figure(
            "year",
            _("A year of glimmers"),
            describe.year(found),
            partial(charts.year, found) if found.year.glimmers else None,
            Table(
                _("The year, month by month"),
                [_("Month"), _glimmers(), _("Days you noticed")],
                [[describe.month(m), n, days] for m, n, days in found.year.months()],
            ),
        ),
        Figure(
            "noticing",
            _("Noticing over time"),
            describe.noticing(found),
            partial(charts.noticing, found),
            Table(
                _("Glimmers a week, in the weeks you noted any"),
                [_("Month"), _glimmers(), _("Weeks with glimmers"), _("On average, a week")],
                [
                    [
                        describe.month(row.month),
                        row.glimmers,
                        row.active_weeks,
                        describe.about(row.per_active_week)
                        if row.per_active_week is not None
                        else "—",
                    ]
                    for row in (found.noticing.first, found.noticing.last)
                    if row is not None
                ],
            ),
        ),
    ]
