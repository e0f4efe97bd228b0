"""`glimmers insights`: the Insights figures in the terminal, from the same queries as the page."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from glimmers.cli.base import BadInput, Context
from glimmers.insights import describe, queries, serialize
from glimmers.insights.forms import RangeForm
from glimmers.journal import queries as journal
from glimmers.journal.when import UnreadableWhen, parse_day

BAR = "█"
BAR_WIDTH = 30


def _day(text: str, option: str):
    try:
        return parse_day(text, timezone.localtime())
    except UnreadableWhen as problem:
        raise BadInput(f"{option}: {problem}") from None


def _span(ctx: Context) -> queries.Span:
    """The range from --range / --since / --until, checked by the same form as the page."""
    args = ctx.args
    if args.range and (args.since or args.until):
        raise BadInput(_("Use --range or --since/--until, not both."))
    data = {}
    if args.range:
        data["range"] = args.range
    if args.since:
        data["since"] = _day(args.since, "--since").isoformat()
    if args.until:
        data["until"] = _day(args.until, "--until").isoformat()
    form = RangeForm(data or None, user=ctx.user)
    if form.is_bound and not form.is_valid():
        problems = [
            (f"--{name}: " if name != "__all__" else "") + message
            for name, messages in form.errors.items()
            for message in messages
        ]
        raise BadInput(" ".join(problems))
    return form.span()


def _label(start, unit: str, width: int = 0) -> str:
    """A day ("6 December 2026") or a month ("December 2026") in the person's language, padded."""
    from django.utils.formats import date_format

    return date_format(start, "F Y" if unit == "month" else "j E Y").ljust(width)


def _bar(value: float, peak: float) -> str:
    if not value or not peak:
        return ""
    return BAR * max(1, round(BAR_WIDTH * value / peak))


def insights(ctx: Context) -> int:
    user = ctx.user
    found = queries.insights(user, _span(ctx))
    journal_is_empty = found.empty and not journal.glimmers(user).exists()

    def human():
        heading = [_("Insights"), describe.range_name(found.span.key), describe.range_label(found)]
        ctx.print(" · ".join(str(part) for part in heading))
        if found.empty:
            ctx.print(describe.empty(found, journal_is_empty))
            return
        ctx.print(describe.headline(found))
        _over_time(ctx, found)
        _senses(ctx, found)
        _when(ctx, found)
        _shifts(ctx, found)
        _what(ctx, found)
        _anchoring(ctx, found)
        _side_by_side(ctx, found)
        _year(ctx, found)
        ctx.print()
        ctx.print(_("Noticing over time"))
        ctx.print(f"  {describe.noticing(found)}")

    ctx.emit(serialize.insights_data(found, journal_is_empty), human)
    return 0


def _section(ctx: Context, title: str, finding: str) -> None:
    ctx.print()
    ctx.print(title)
    ctx.print(f"  {finding}")


def _over_time(ctx: Context, found) -> None:
    _section(ctx, _("Glimmers over time"), describe.over_time(found))
    peak = max(p.glimmers for p in found.over_time)
    width = max(len(_label(p.start, found.unit)) for p in found.over_time)
    for p in found.over_time:
        label = _label(p.start, found.unit, width)
        split = _("(%(written)s in words, %(tallied)s counted)") % {
            "written": p.written,
            "tallied": p.tallied,
        }
        ctx.print(f"  {label}  {p.glimmers:>5}  {_bar(p.glimmers, peak):{BAR_WIDTH}}  {split}")


def _senses(ctx: Context, found) -> None:
    _section(ctx, _("My glimmer radar"), describe.radar(found))
    invitation = describe.invitation(found)
    if invitation:
        ctx.print(f"  {invitation}")
    if found.senses_named:
        width = max(len(s.name) for s in found.senses)
        peak = max(s.glimmers for s in found.senses)
        for s in found.senses:
            ctx.print(f"  {s.name:{width}}  {s.glimmers:>5}  {_bar(s.glimmers, peak)}")


def _when(ctx: Context, found) -> None:
    from django.utils.dates import WEEKDAYS_ABBR

    _section(ctx, _("When glimmers find me"), describe.when(found))
    ctx.print("         " + "".join(f"{h:<3}" for h in range(0, 24)))
    peak = max(max(row) for row in found.hours) or 1
    shades = " ░▒▓█"
    for weekday, row in enumerate(found.hours):
        cells = "".join((shades[min(4, -(-4 * n // peak))] if n else "·") + "  " for n in row)
        ctx.print(f"  {WEEKDAYS_ABBR[weekday]!s:5}  {cells}")


def _shifts(ctx: Context, found) -> None:
    _section(ctx, _("State shifts"), describe.shifts(found))
    for t in found.shifts.transitions:
        ctx.print(f"  {t.before_label} → {t.after_label}: {t.glimmers}")


def _what(ctx: Context, found) -> None:
    _section(ctx, _("What and who"), describe.what_and_who(found))
    for key, rows in found.what.groups():
        if rows:
            names = ", ".join(
                f"{'#' if key == 'tags' else ''}{n.name} ({n.glimmers})" for n in rows
            )
            ctx.print(f"  {describe.group_name(key)}: {names}")


def _anchoring(ctx: Context, found) -> None:
    _section(ctx, _("Anchoring"), describe.anchoring(found))
    if found.anchoring.anchored:
        for key, n in found.anchoring.buckets():
            ctx.print(f"  {describe.bucket_name(key)}: {n}")


def _side_by_side(ctx: Context, found) -> None:
    _section(ctx, _("Hard moments and glimmers, side by side"), describe.side_by_side(found))
    glimmers_word, hard_word = _("glimmers"), _("hard moments")
    width = max((len(_label(p.start, found.side_unit)) for p in found.side_by_side), default=0)
    for p in found.side_by_side:
        label = _label(p.start, found.side_unit, width)
        ctx.print(f"  {label}  {glimmers_word} {p.glimmers:>5}   {hard_word} {p.triggers:>4}")


def _year(ctx: Context, found) -> None:
    _section(ctx, _("A year of glimmers"), describe.year(found))
    months = found.year.months()
    # From the first month with a glimmer: a journal begun in autumn has no empty spring.
    first = next((i for i, (_month, n, _days) in enumerate(months) if n), len(months))
    width = max((len(_label(month, "month")) for month, _n, _days in months[first:]), default=0)
    for month, n, days in months[first:]:
        glimmers = ngettext("%(count)s glimmer", "%(count)s glimmers", n) % {"count": f"{n:>5}"}
        on_days = ngettext("on %(days)s day", "on %(days)s days", days) % {"days": f"{days:>2}"}
        ctx.print(f"  {_label(month, 'month', width)}  {glimmers} {on_days}")


def _insights_arguments(p):
    p.add_argument(
        "--range",
        choices=["week", "month", "year", "all"],
        help=_("this week, month, year, or all"),
    )
    p.add_argument("--since", metavar="DAY", help=_('your own first day ("2025-01-01", "monday")'))
    p.add_argument("--until", metavar="DAY", help=_("your own last day (default: today)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=insights)


COMMANDS = {"insights": _insights_arguments}
