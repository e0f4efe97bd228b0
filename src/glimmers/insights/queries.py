"""Every figure on the Insights page, for one person and a range of their days.

Views, the printable summary and the command line all call ``insights()``.

All counting happens in the database, as plain GROUP BY and conditional
COUNT queries, so the numbers are identical on SQLite and PostgreSQL and the
cost stays flat: the page runs the same small number of queries for ten
glimmers or 100,000. Whole months are read from the monthly counts the
database keeps beside the journal (glimmers/journal/counts.py); the days at
a range's ragged edges are counted from the journal itself, on the columns
each glimmer carries for this (``local_date``, ``local_hour``,
``local_weekday``: the person's own day, hour and weekday) and on the links,
which carry their glimmer's day too. Python only adds those rows up, rolls
days into weeks and months, and picks the largest of a handful of numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.db.models import BooleanField, CharField, Count, Func, Min, QuerySet, Sum, Value

from glimmers.access import owned
from glimmers.journal import queries as journal
from glimmers.journal.models import COUNTED_WORDS, Glimmer, MonthlyCount, State, Trigger

RANGES = ("week", "month", "year", "all", "custom")
DEFAULT_RANGE = "month"
TOP = 5  # how many values, people, places and tags "What and who" shows
DAYS_UP_TO = 62  # a range this long or shorter is drawn day by day …
WEEKS_UP_TO = 731  # … up to two years week by week, and longer ranges month by month
ANCHOR_BUCKETS = (("under_15", 1, 14), ("from_15", 15, 29), ("from_30", 30, 59), ("from_60", 60))
STATE_ORDER = [State.SAFE, State.MOBILIZED, State.SHUTDOWN, State.UNSURE]  # as the forms list them
# The monthly-count figures that are plain sums over a range (the others are per day).
SUMMED = ("hour", "shift", *COUNTED_WORDS)


# ---------------------------------------------------------------------------
# Ranges
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """The days a person asked to look at. ``since`` None means "from the beginning"."""

    key: str
    since: date | None
    until: date
    today: date

    @property
    def is_recent(self) -> bool:
        """Does it reach today? (Then an invitation "for today" makes sense.)"""
        return self.until >= self.today


def span_for(user, key: str = DEFAULT_RANGE, since: date | None = None, until=None) -> Span:
    """This week / month / year (up to today), all time, or the person's own dates.

    Weeks start on Monday. Days are the person's own (time zone and day start).
    A custom end after today is read as today: there is nothing to show yet.
    """
    today = journal.local_today(user)
    if key == "week":
        return Span(key, today - timedelta(days=today.weekday()), today, today)
    if key == "month":
        return Span(key, today.replace(day=1), today, today)
    if key == "year":
        return Span(key, today.replace(month=1, day=1), today, today)
    if key == "all":
        return Span(key, None, today, today)
    if key == "custom":
        return Span(key, since, min(until or today, today), today)
    raise ValueError(f"unknown range {key!r}")


# ---------------------------------------------------------------------------
# What insights() returns
# ---------------------------------------------------------------------------


@dataclass
class Period:
    """A day, week or month of the chart: glimmers in words, counted ones, hard moments."""

    start: date
    end: date
    written: int = 0
    tallied: int = 0
    triggers: int = 0

    @property
    def glimmers(self) -> int:
        return self.written + self.tallied


@dataclass
class SenseUse:
    slug: str
    name: str
    built_in: bool
    glimmers: int


@dataclass
class Transition:
    before: str
    after: str
    glimmers: int

    @property
    def before_label(self) -> str:
        return str(State(self.before).label)

    @property
    def after_label(self) -> str:
        return str(State(self.after).label)


@dataclass
class Shifts:
    """Glimmers with both a state before and after, and where they went."""

    recorded: int = 0
    ended_safe: int = 0
    transitions: list[Transition] = field(default_factory=list)


@dataclass
class Named:
    """One of the most frequent values, people, places or tags, and how to find it again."""

    name: str
    glimmers: int
    journal_filter: dict  # query parameters for /journal/ (besides the range's dates)


@dataclass
class WhatAndWho:
    values: list[Named] = field(default_factory=list)
    people: list[Named] = field(default_factory=list)
    places: list[Named] = field(default_factory=list)
    tags: list[Named] = field(default_factory=list)

    def groups(self) -> list[tuple[str, list[Named]]]:
        return [
            ("values", self.values),
            ("people", self.people),
            ("places", self.places),
            ("tags", self.tags),
        ]

    @property
    def empty(self) -> bool:
        return not any(rows for _name, rows in self.groups())


@dataclass
class Anchoring:
    glimmers: int = 0  # all glimmers in the range
    anchored: int = 0
    seconds: int = 0
    under_15: int = 0
    from_15: int = 0
    from_30: int = 0
    from_60: int = 0

    @property
    def average_seconds(self) -> int | None:
        """Mean seconds of the anchored ones, rounded (computed here from integers,
        so both databases agree to the second)."""
        return round(self.seconds / self.anchored) if self.anchored else None

    def buckets(self) -> list[tuple[str, int]]:
        return [(name, getattr(self, name)) for name, *_ in ANCHOR_BUCKETS]


@dataclass
class CalendarYear:
    """The year of days that ends on the range's last day, for the calendar."""

    start: date
    end: date
    days: dict[date, int]

    @property
    def glimmers(self) -> int:
        return sum(self.days.values())

    @property
    def days_noticed(self) -> int:
        return sum(1 for n in self.days.values() if n)

    def months(self) -> list[tuple[date, int, int]]:
        """(first of month, glimmers, days noticed) for each month the year touches."""
        found: dict[date, list[int]] = {}
        month = self.start.replace(day=1)
        while month <= self.end:
            found[month] = [0, 0]
            month = _next_month(month)
        for day, count in self.days.items():
            if count:
                row = found[day.replace(day=1)]
                row[0] += count
                row[1] += 1
        return [(month, n, days) for month, (n, days) in found.items()]


@dataclass
class MonthNoticing:
    """Glimmers per week-with-any-glimmer, in one month (clipped to the range)."""

    month: date
    start: date
    end: date
    glimmers: int
    active_weeks: int

    @property
    def per_active_week(self) -> float | None:
        if not self.active_weeks:
            return None
        return round(self.glimmers / self.active_weeks, 1)


@dataclass
class Noticing:
    first: MonthNoticing
    last: MonthNoticing | None  # None when the range sits inside one month


@dataclass
class Insights:
    span: Span
    start: date
    end: date
    unit: str  # "day", "week" or "month": the bars of "Glimmers over time"
    side_unit: str = "week"  # "week", or "month" for ranges over two years
    glimmers: int = 0
    written: int = 0
    tallied: int = 0
    days_noticed: int = 0
    noted_days: list[date] = field(default_factory=list)  # days with a glimmer, in order
    triggers: int = 0
    over_time: list[Period] = field(default_factory=list)
    side_by_side: list[Period] = field(default_factory=list)
    senses: list[SenseUse] = field(default_factory=list)
    hours: list[list[int]] = field(default_factory=lambda: [[0] * 24 for _ in range(7)])
    shifts: Shifts = field(default_factory=Shifts)
    what: WhatAndWho = field(default_factory=WhatAndWho)
    anchoring: Anchoring = field(default_factory=Anchoring)
    year: CalendarYear | None = None
    noticing: Noticing | None = None

    @property
    def empty(self) -> bool:
        return self.glimmers == 0

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def senses_named(self) -> bool:
        return any(s.glimmers for s in self.senses)

    @property
    def quietest_sense(self) -> SenseUse | None:
        """The sense that came up least (the first, in the usual order, on a tie)."""
        if not self.senses_named:
            return None
        return min(self.senses, key=lambda s: s.glimmers)

    @property
    def loudest_senses(self) -> list[SenseUse]:
        used = [s for s in self.senses if s.glimmers]
        return sorted(used, key=lambda s: -s.glimmers)

    def hour_totals(self) -> list[int]:
        return [sum(self.hours[w][h] for w in range(7)) for h in range(24)]

    def weekday_totals(self) -> list[int]:
        return [sum(row) for row in self.hours]


# ---------------------------------------------------------------------------
# The queries
# ---------------------------------------------------------------------------


class IsEmpty(Func):
    """``column = ''`` with the empty string written into the SQL, not bound.

    The same test as ``filter(text="")``; but only a literal lets SQLite see
    that the partial index of counted glimmers (``WHERE text = ''``) already
    answers it, and read that small index alone instead of every row.
    """

    template = "%(expressions)s = ''"
    output_field = BooleanField()


def _within(rows: QuerySet, since: date | None, until: date | None) -> QuerySet:
    """Rows whose local_date lies in [since, until]; an open end is simply left out."""
    if since is not None:
        rows = rows.filter(local_date__gte=since)
    if until is not None:
        rows = rows.filter(local_date__lte=until)
    return rows


def _year_start(until: date) -> date:
    """The first day of the year of days that ends on ``until``."""
    try:
        return until.replace(year=until.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return until.replace(year=until.year - 1, day=28) + timedelta(days=1)


@dataclass(frozen=True)
class Months:
    """A range of days, split into whole months and the days at its ragged edges.

    Whole months are read from the monthly counts the database keeps
    (journal/counts.py): ten years are 120 rows per item, not 100,000
    glimmers. The edge days (at most a month at each end) are counted from
    the journal itself. ``first``/``last`` are the first days of the first
    and last whole months; None leaves that end open.
    """

    whole: bool
    first: date | None = None
    last: date | None = None
    edges: tuple[tuple[date, date], ...] = ()

    def counts(self, user, figures) -> QuerySet:
        rows = owned(MonthlyCount, user).filter(figure__in=figures)
        if self.first is not None:
            rows = rows.filter(month__gte=self.first)
        if self.last is not None:
            rows = rows.filter(month__lte=self.last)
        return rows

    def over_edges(self, *makers) -> list:
        """The rows of ``make(since, until)`` for each maker and run of edge days, in one
        query (a UNION ALL: one index range per run, where an OR would scan between them)."""
        parts = [make(since, until).order_by() for make in makers for since, until in self.edges]
        return list(parts[0].union(*parts[1:], all=True)) if parts else []


def split(since: date | None, until: date | None) -> Months:
    """[since, until] as whole months plus the days before the first and after the last."""
    first = since if since is None or since.day == 1 else _next_month(since)
    if until is None or _next_month(until) - timedelta(days=1) == until:
        last = None if until is None else until.replace(day=1)
    else:
        last = (until.replace(day=1) - timedelta(days=1)).replace(day=1)
    if first is not None and last is not None and first > last:
        return Months(whole=False, edges=((since, until),))
    edges = []
    if since is not None and since != first:
        edges.append((since, first - timedelta(days=1)))
    if until is not None and last is not None and _next_month(last) <= until:
        edges.append((_next_month(last), until))
    return Months(whole=True, first=first, last=last, edges=tuple(edges))


def _per_day(user, months: Months) -> dict[date, dict]:
    """One row per day that has glimmers: how many, and how many of them were counted.

    Whole months come from the monthly counts (one row per day and figure),
    the edge days from one GROUP BY over the journal.
    """
    days: dict[date, dict] = {}
    if months.whole:
        rows = months.counts(user, ("day", "tallied")).filter(n__gt=0)
        for figure, item, month, n in rows.values_list("figure", "item", "month", "n"):
            row = days.setdefault(month.replace(day=int(item)), {"total": 0, "tallied": 0})
            row["total" if figure == "day" else "tallied"] += n
    rows = months.over_edges(
        lambda since, until: (
            journal.glimmers(user)
            .filter(local_date__range=(since, until))
            .values("local_date")
            .annotate(n=Count("*"), tallied=Count("pk", filter=IsEmpty("text")))
            .values_list("local_date", "n", "tallied")
        )
    )
    for day, n, tallied in rows:
        days[day] = {"total": n, "tallied": tallied}
    return days


def insights(user, span: Span) -> Insights:
    """All nine figures for ``span``: seven to twelve queries (an empty range stops
    after three), however many glimmers there are."""
    since, until = span.since, (None if span.key == "all" else span.until)

    # Glimmers per day, reaching back far enough for the year calendar too.
    year_from = _year_start(span.until)
    lower = None if since is None else min(since, year_from)
    per_day = _per_day(user, split(lower, until))
    # Hard moments per day, in the range only.
    triggers_per_day = dict(
        _within(owned(Trigger, user), since, until)
        .values("local_date")
        .annotate(n=Count("*"))
        .order_by("local_date")
        .values_list("local_date", "n")
    )

    in_range = {
        day: row
        for day, row in per_day.items()
        if day is not None and (since is None or day >= since) and (until is None or day <= until)
    }
    found = Insights(span=span, start=since or span.until, end=span.until, unit="day")
    if not in_range:
        return found

    # Where the charts begin and end. Nothing comes before the journal's first
    # day, so "all time", or dates from 1990, don't draw decades of empty months.
    noted_days = [*in_range, *(d for d in triggers_per_day if d is not None)]
    if since is None:
        start = min(noted_days)
    elif span.key == "custom":
        start = max(since, _first_day(user))
    else:
        start = since
    end = span.until if span.key != "all" else max(span.until, *noted_days)
    found.start, found.end = start, end
    found.unit = _unit(start, end)
    found.side_unit = "month" if (end - start).days + 1 > WEEKS_UP_TO else "week"

    found.glimmers = sum(row["total"] for row in in_range.values())
    found.tallied = sum(row["tallied"] for row in in_range.values())
    found.written = found.glimmers - found.tallied
    found.days_noticed = len(in_range)
    found.noted_days = sorted(in_range)
    found.triggers = sum(n for d, n in triggers_per_day.items() if d is not None)
    found.over_time = _roll_up(in_range, {}, start, end, found.unit)
    found.side_by_side = _roll_up(in_range, triggers_per_day, start, end, found.side_unit)
    year_start = _year_start(end)
    found.year = CalendarYear(
        start=year_start,
        end=end,
        days={d: row["total"] for d, row in per_day.items() if d and year_start <= d <= end},
    )
    found.noticing = _noticing(in_range, start, end)

    in_span = _within(journal.glimmers(user), since, until)
    months = split(since, until)
    summed = _summed(user, months)
    found.hours, found.shifts = _moments(user, months, summed)
    found.anchoring = _anchoring(in_span, found.glimmers)
    found.senses = _senses(user, summed)
    found.what = _what_and_who(user, in_span, summed)
    return found


def _first_day(user) -> date:
    """The day of the person's first glimmer or hard moment (two index look-ups)."""
    days = [
        owned(model, user).exclude(local_date=None).aggregate(first=Min("local_date"))["first"]
        for model in (Glimmer, Trigger)
    ]
    return min(day for day in days if day is not None)


def _unit(start: date, end: date) -> str:
    days = (end - start).days + 1
    if days <= DAYS_UP_TO:
        return "day"
    return "week" if days <= WEEKS_UP_TO else "month"


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _bucket_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _periods(start: date, end: date, unit: str) -> list[Period]:
    """Every day, week (Monday to Sunday) or month from start to end, clipped to them."""
    periods = []
    current = _bucket_start(start, unit)
    while current <= end:
        following = (
            _next_month(current)
            if unit == "month"
            else current + timedelta(days=7 if unit == "week" else 1)
        )
        periods.append(
            Period(start=max(current, start), end=min(following - timedelta(days=1), end))
        )
        current = following
    return periods


def _roll_up(per_day: dict, triggers: dict, start: date, end: date, unit: str) -> list[Period]:
    """Add already-counted days into weeks or months (no rows are read here)."""
    periods = _periods(start, end, unit)
    by_start = {_bucket_start(p.start, unit): p for p in periods}
    for day, row in per_day.items():
        period = by_start.get(_bucket_start(day, unit))
        if period is not None and start <= day <= end:
            period.tallied += row["tallied"]
            period.written += row["total"] - row["tallied"]
    for day, count in triggers.items():
        period = by_start.get(_bucket_start(day, unit)) if day else None
        if period is not None and start <= day <= end:
            period.triggers += count
    return periods


def _noticing(per_day: dict, start: date, end: date) -> Noticing:
    """Glimmers per week that had any, in the range's first month and in its last."""

    def month_of(month: date) -> MonthNoticing:
        first = max(month, start)
        last = min(_next_month(month) - timedelta(days=1), end)
        days = {d: row["total"] for d, row in per_day.items() if first <= d <= last}
        weeks = {_bucket_start(d, "week") for d, n in days.items() if n}
        return MonthNoticing(month, first, last, sum(days.values()), len(weeks))

    first_month, last_month = start.replace(day=1), end.replace(day=1)
    last = month_of(last_month) if last_month != first_month else None
    return Noticing(first=month_of(first_month), last=last)


def _summed(user, months: Months) -> dict[tuple[str, str], int]:
    """(figure, item) -> glimmers or links in the range, for every figure that is a plain
    sum: hours, state shifts, senses, people, values and tags.

    One GROUP BY over the monthly counts for the whole months, read in the
    order of their index, and one over the link tables for the edge days.
    """
    found: dict[tuple[str, str], int] = {}
    if months.whole:
        rows = (
            months.counts(user, SUMMED)
            .values("figure", "item")
            .annotate(total=Sum("n"))
            .order_by("figure", "item")
            .values_list("figure", "item", "total")
        )
        found = {(figure, item): n for figure, item, n in rows}
    for figure, pk, n in _edge_links(user, months):
        found[figure, str(pk)] = found.get((figure, str(pk)), 0) + n
    return found


def _edge_links(user, months: Months) -> list[tuple[str, int, int]]:
    """(figure, word id, links) on the edge days: one query for the four link tables.

    Each link carries its glimmer's owner and day, and the index (owner,
    word, day) holds the answer: naming the person's words lets the database
    seek one short run of that index per word and read nothing else.
    """

    def links(figure: str, since: date, until: date) -> QuerySet:
        relation = COUNTED_WORDS[figure]
        words = getattr(journal, relation)(user).order_by().values("pk")  # the person's own
        return (
            owned(getattr(Glimmer, relation).through, user)
            .filter(local_date__range=(since, until))
            .filter(**{f"{figure}__in": words})
            .values(f"{figure}_id")
            .annotate(n=Count("*"), figure=Value(figure, output_field=CharField()))
            .values_list("figure", f"{figure}_id", "n")
        )

    return months.over_edges(*(partial(links, figure) for figure in COUNTED_WORDS))


def _moments(user, months: Months, summed: dict) -> tuple[list[list[int]], Shifts]:
    """When glimmers came, and how the person's state moved.

    The whole months give both as sums of their monthly counts ("hour" and
    "shift"); the edge days add one GROUP BY over the journal per (weekday,
    hour, state before, state after): at most 7 × 24 × 5 × 5 rows, of which
    both figures are margins.
    """
    grid = [[0] * 24 for _ in range(7)]
    pairs: dict[tuple[str, str], int] = {}
    for (figure, item), n in summed.items():
        if figure == "hour":
            weekday, hour = item.split(":")
            grid[int(weekday)][int(hour)] += n
        elif figure == "shift":
            before, after = item.split(">")
            pairs[before, after] = pairs.get((before, after), 0) + n
    counted = months.over_edges(
        lambda since, until: (
            journal.glimmers(user)
            .filter(local_date__range=(since, until))
            .values("local_weekday", "local_hour", "state_before", "state_after")
            .annotate(n=Count("*"))
            .values_list("local_weekday", "local_hour", "state_before", "state_after", "n")
        )
    )
    for weekday, hour, before, after, n in counted:
        if weekday is not None and hour is not None:
            grid[weekday][hour] += n
        if before and after:
            pairs[before, after] = pairs.get((before, after), 0) + n
    return grid, _shifts(pairs)


def _anchoring(rows: QuerySet, glimmers: int) -> Anchoring:
    """How many were anchored and for how long: a GROUP BY over the seconds themselves.

    Only anchored glimmers are read (a small partial index holds them), and
    people stay for a few typical lengths, so this is a handful of rows.
    """
    found = Anchoring(glimmers=glimmers)
    lengths = (
        rows.filter(anchored_seconds__gt=0)
        .values("anchored_seconds")
        .annotate(n=Count("*"))
        .order_by("anchored_seconds")
        .values_list("anchored_seconds", "n")
    )
    for seconds, n in lengths:
        found.anchored += n
        found.seconds += seconds * n
        for name, low, *high in ANCHOR_BUCKETS:
            if seconds >= low and (not high or seconds <= high[0]):
                setattr(found, name, getattr(found, name) + n)
    return found


def _shifts(pairs: dict[tuple[str, str], int]) -> Shifts:
    order = {state: i for i, state in enumerate(STATE_ORDER)}
    transitions = [
        Transition(before, after, n)
        for (before, after), n in pairs.items()
        if before in order and after in order
    ]
    transitions.sort(key=lambda t: (-t.glimmers, order[t.before], order[t.after]))
    return Shifts(
        recorded=sum(t.glimmers for t in transitions),
        ended_safe=sum(t.glimmers for t in transitions if t.after == State.SAFE),
        transitions=transitions,
    )


def _senses(user, summed: dict) -> list[SenseUse]:
    """Every sense the person can use (built-in and their own), with how often it came up."""
    # Built-in senses first, then the person's own: sorted here, because the
    # databases disagree about where NULL owners sort.
    senses = sorted(
        journal.senses(user), key=lambda s: (not s.built_in, s.position, s.name.casefold(), s.pk)
    )
    return [
        SenseUse(
            slug=sense.slug,
            name=str(sense),
            built_in=sense.built_in,
            glimmers=summed.get(("sense", str(sense.pk)), 0),
        )
        for sense in senses
    ]


# The words "What and who" names, in its order. Each one's journal filter has the word's name.
NAMED = ("value", "person", "tag")


def _top_named(user, summed: dict) -> dict[str, list[Named]]:
    """The most frequent values, people and tags, with their names (one query for the names).

    Only the person's own words are named: the counts hold whatever their
    glimmers link to, and the names are looked up among their words alone.
    """
    counted: dict[str, dict[int, int]] = {figure: {} for figure in NAMED}
    for (figure, item), n in summed.items():
        if figure in counted and n > 0:
            counted[figure][int(item)] = n
    lookups = [
        getattr(journal, COUNTED_WORDS[figure])(user)
        .filter(pk__in=list(counted[figure]))
        .annotate(figure=Value(figure, output_field=CharField()))
        .order_by()
        .values_list("figure", "pk", "name")
        for figure in NAMED
    ]
    names = {(figure, pk): name for figure, pk, name in lookups[0].union(*lookups[1:], all=True)}
    found = {}
    for figure in NAMED:
        named = [(n, pk) for pk, n in counted[figure].items() if (figure, pk) in names]
        # The most often first; ties at the cut are decided by id, as on every database.
        top = sorted(named, key=lambda row: (-row[0], row[1]))[:TOP]
        rows = [
            Named(
                name=names[figure, pk],
                glimmers=n,
                journal_filter={figure: names[figure, pk] if figure == "tag" else pk},
            )
            for n, pk in top
        ]
        rows.sort(key=lambda named: (-named.glimmers, named.name.casefold()))
        found[COUNTED_WORDS[figure]] = rows
    return found


def _what_and_who(user, rows: QuerySet, summed: dict) -> WhatAndWho:
    # "place > ''" rather than "not empty": the same rows, and the form the
    # partial index on places is written in, so the database can use it.
    places = (
        rows.filter(place__gt="")
        .values("place")
        .annotate(n=Count("*"))
        .order_by("-n", "place")[:TOP]
        .values_list("place", "n")
    )
    found_places = [Named(name=p, glimmers=n, journal_filter={"q": p}) for p, n in places]
    found_places.sort(key=lambda named: (-named.glimmers, named.name.casefold()))
    return WhatAndWho(places=found_places, **_top_named(user, summed))


def own_words(user, start: date, end: date, limit: int = 5) -> list[Glimmer]:
    """For the printed summary: a few glimmers in the person's own words, from these days.

    The ones marked as reliably helping come first, then the most recent.
    Two small queries that walk the journal's own indexes newest first and
    stop after ``limit`` rows, however long the range.
    """
    moments = journal.glimmers(user).filter(
        noticed_at__gte=journal.day_bounds(user, start)[0],
        noticed_at__lt=journal.day_bounds(user, end)[1],
    )
    written = moments.exclude(IsEmpty("text"))
    # Newest first by time alone, which the partial index of reliable glimmers
    # is sorted by: with the id as a tie-break the database would walk the
    # whole journal instead, looking for reliable ones.
    found = list(written.filter(reliable=True).order_by("-noticed_at")[:limit])
    if len(found) < limit:
        recent = written.filter(reliable=False).order_by("-noticed_at", "-id")
        found += list(recent[: limit - len(found)])
    return found
