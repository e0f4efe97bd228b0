"""The nine Insights charts, as inline SVG drawn on the server.

No JavaScript, so they work everywhere, print, and can go into a PDF later.
Every chart:

- is ``role="img"`` and labelled by its own <title> and <desc> (the finding,
  in words);
- takes its colours from CSS classes that use the page's custom properties
  (``.chart …`` in glimmers.css), so light and dark mode both work and the
  Content-Security-Policy, which forbids inline styles, is respected;
- escapes every piece of text (people name their own senses, values, people,
  places and tags);
- carries its numbers on the marks (``data-value``) and in a <title> per
  mark, so a pointer shows them and tests can compare them with the table.

Charts are built from an ``Insights`` (queries.py) and never query anything.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from django.utils import formats
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from glimmers.insights import describe
from glimmers.insights.queries import Insights, Period

# The viewBox is about as wide as a phone's column (358 px on a 390 px phone),
# so one unit is about one pixel there and FONT is close to the size a person
# reads; glimmers.css draws text at FONT and lets a chart grow only a little
# on a wider screen.
WIDTH = 360  # viewBox width
FONT = 15  # font size in viewBox units (glimmers.css: .chart text)
LINE = 18  # from one line of a label to the next
CHAR = 9.0  # the width of a character at FONT (Cyrillic too), generously, for laying out
MAX_LABEL = 40  # characters; longer names are shortened on a chart (the table has them whole)
LINES_FROM = 40  # side-by-side: more periods than this are drawn as two lines, not bars
HATCH = "chart-hatch-hard-moments"  # the pattern hard moments' bars are filled with (glimmers.css)


def _e(text) -> str:
    return escape(str(text))


def _f(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _short(name: str, most: int = MAX_LABEL) -> str:
    return name if len(name) <= most else name[: most - 1] + "…"


def _svg(slug: str, title: str, desc: str, width: float, height: float, body: list[str]):
    ident = f"chart-{slug}"
    return mark_safe(  # noqa: S308 — every piece of text above went through _e()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{slug}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{_e(title)}</title>'
        f'<desc id="{ident}-desc">{_e(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _text(x, y, text, cls: str = "", anchor: str = "start") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}"{klass}>{_e(text)}</text>'


def _rect(x, y, w, h, cls: str, value=None, label: str | None = None, **data) -> str:
    """A rectangle; ``value`` and ``data`` become data-* attributes, ``label`` its tooltip."""
    if value is not None:
        data = {"value": value, **data}
    attributes = "".join(f' data-{name.replace("_", "-")}="{_e(v)}"' for name, v in data.items())
    title = f"<title>{_e(label)}</title>" if label else ""
    return (
        f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(max(w, 0))}" height="{_f(max(h, 0))}" '
        f'class="{cls}"{attributes}>{title}</rect>'
    )


def _wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """Split a label at spaces into at most ``lines`` lines of about ``width`` characters."""
    words, found = text.split(), [""]
    for word in words:
        if found[-1] and len(found[-1]) + 1 + len(word) > width:
            found.append(word)
        else:
            found[-1] = f"{found[-1]} {word}".strip()
    if len(found) > lines:
        found = found[: lines - 1] + [_short(" ".join(found[lines - 1 :]), width)]
    return [_short(line, width) for line in found]


def _nice_max(value: float) -> float:
    """The top of a y axis: 1, 2 or 5 times a power of ten, at or above value."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _tick_indexes(count: int, most: int = 5) -> list[int]:
    if count <= most:
        return list(range(count))
    return sorted({round(i * (count - 1) / (most - 1)) for i in range(most)})


def _legend(x: float, y: float, items: list[tuple[str, str]]) -> list[str]:
    """Small swatches with their names, left to right."""
    body = []
    for cls, label in items:
        body.append(_rect(x, y - 12, 13, 13, cls))
        body.append(_text(x + 18, y, label, "chart-legend"))
        x += 18 + len(label) * CHAR + 14
    return body


# ---------------------------------------------------------------------------
# 1. Glimmers over time: written and counted, stacked
# ---------------------------------------------------------------------------


def over_time(found: Insights) -> SafeString:
    periods = found.over_time
    left, right, top, bottom = 40, 4, 34, 26
    plot_w, plot_h = WIDTH - left - right, 150
    height = top + plot_h + bottom
    peak = _nice_max(max(p.glimmers for p in periods))
    band = plot_w / len(periods)
    bar = max(band * (0.72 if len(periods) < 100 else 0.9), 0.6)
    body = _legend(left, 16, [("bar-written", _("in words")), ("bar-tallied", _("counted"))])
    body += _y_axis(left, top, plot_w, plot_h, peak)
    template = _("%(when)s: %(written)s in words, %(tallied)s counted")
    for i, period in enumerate(periods):
        x = left + i * band + (band - bar) / 2
        written_h = plot_h * period.written / peak
        tallied_h = plot_h * period.tallied / peak
        label = template % {
            "when": describe.period_label(period, found.unit),
            "written": period.written,
            "tallied": period.tallied,
        }
        body.append(
            f'<g class="period" data-start="{period.start.isoformat()}" '
            f'data-written="{period.written}" data-tallied="{period.tallied}">'
            f"<title>{_e(label)}</title>"
        )
        if period.written:
            body.append(_rect(x, top + plot_h - written_h, bar, written_h, "bar-written"))
        if period.tallied:
            y = top + plot_h - written_h - tallied_h
            body.append(_rect(x, y, bar, tallied_h, "bar-tallied"))
        body.append("</g>")
    body += _x_labels(periods, found.unit, left, band, top + plot_h + FONT + 4)
    return _svg(
        "over-time", _("Glimmers over time"), describe.over_time(found), WIDTH, height, body
    )


def _y_axis(left, top, plot_w, plot_h, peak) -> list[str]:
    body = []
    for fraction in (0, 0.5, 1):
        y = top + plot_h - plot_h * fraction
        body.append(
            f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(left + plot_w)}" y2="{_f(y)}" '
            f'class="{"axis" if fraction == 0 else "grid"}"/>'
        )
        value = peak * fraction
        if value == int(value):  # glimmers come whole: no "2.5" on the axis
            body.append(_text(left - 6, y + 5, describe.number(int(value)), "chart-muted", "end"))
    return body


def _x_labels(periods: list[Period], unit: str, left, band, y) -> list[str]:
    body = []
    ticks = _tick_indexes(len(periods), most=4)  # room for "23 Жов" between them
    for i in ticks:
        x = left + (i + 0.5) * band
        anchor = "start" if i == 0 and len(ticks) > 1 else "middle"
        if i == len(periods) - 1 and len(ticks) > 1:
            anchor = "end"
            x = min(x + band / 2, left + band * len(periods))
        elif anchor == "start":
            x = left + i * band
        body.append(_text(x, y, describe.period_short(periods[i], unit), "chart-muted", anchor))
    return body


# ---------------------------------------------------------------------------
# 2. My glimmer radar
# ---------------------------------------------------------------------------


def radar(found: Insights) -> SafeString:
    senses = found.senses
    # Room around the web for a name of up to three lines and its number, each at most
    # ``wrap`` characters wide.
    wrap, most_lines = 10, 3
    radius = WIDTH / 2 - 12 - wrap * CHAR
    centre_x, centre_y = WIDTH / 2, radius + 12 + (most_lines + 1) * LINE + 4
    height = 2 * centre_y
    peak = max(s.glimmers for s in senses) or 1
    count = len(senses)
    body = []

    def point(i: int, r: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / count
        return centre_x + r * math.cos(angle), centre_y + r * math.sin(angle)

    def points(rs) -> str:
        return " ".join(f"{_f(x)},{_f(y)}" for x, y in (point(i, r) for i, r in enumerate(rs)))

    for fraction in (1 / 3, 2 / 3, 1):
        body.append(f'<polygon points="{points([radius * fraction] * count)}" class="radar-ring"/>')
    for i in range(count):
        x, y = point(i, radius)
        body.append(
            f'<line x1="{_f(centre_x)}" y1="{_f(centre_y)}" x2="{_f(x)}" y2="{_f(y)}" '
            'class="grid"/>'
        )
    reach = [radius * s.glimmers / peak for s in senses]
    body.append(f'<polygon points="{points(reach)}" class="radar-shape"/>')
    for i, sense in enumerate(senses):
        x, y = point(i, reach[i])
        body.append(
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3.5" class="radar-dot" '
            f'data-sense="{_e(sense.slug)}" data-value="{sense.glimmers}">'
            f"<title>{_e(sense.name)}: {sense.glimmers}</title></circle>"
        )
        lines = [*_wrap(sense.name, wrap, most_lines), describe.number(sense.glimmers)]
        lx, ly = point(i, radius + 12)
        anchor = "middle" if abs(lx - centre_x) < 8 else ("start" if lx > centre_x else "end")
        if ly < centre_y - radius / 2:  # above: the block ends just above the axis
            first = ly - (len(lines) - 1) * LINE - 2
        elif ly > centre_y + radius / 2:  # below: it starts just under it
            first = ly + FONT - 2
        else:
            first = ly - (len(lines) - 1) * LINE / 2 + 5
        for n, line in enumerate(lines):
            cls = "chart-muted" if n == len(lines) - 1 else "chart-label"
            body.append(_text(lx, first + n * LINE, line, cls, anchor))
    return _svg("radar", _("My glimmer radar"), describe.radar(found), WIDTH, height, body)


# ---------------------------------------------------------------------------
# 3. When glimmers find me: hour of day × weekday
# ---------------------------------------------------------------------------


def _level(value: int, peak: int) -> int:
    """0 for none, then 1–4 by share of the busiest cell (calm steps, no extremes)."""
    if not value or not peak:
        return 0
    return min(4, math.ceil(4 * value / peak))


def hours(found: Insights) -> SafeString:
    left, top, gap = 42, 26, 1.5
    step = (WIDTH - left - 2) / 24  # across: the hours
    row_h = LINE + 1  # down: the days of the week, a line of text apart
    cell, cell_h = step - gap, row_h - gap
    legend_y = top + 7 * row_h + 24
    height = legend_y + 6
    peak = max(max(row) for row in found.hours)
    body = []
    for h in range(0, 24, 3):
        body.append(
            _text(
                left + h * step + cell / 2, top - 7, describe.hour(h)[:2], "chart-muted", "middle"
            )
        )
    template = _("%(weekday)s, %(hour)s: %(count)s")
    for weekday in range(7):
        y = top + weekday * row_h
        name = str(WEEKDAYS[weekday])
        body.append(
            _text(left - 6, y + cell_h - 4, WEEKDAYS_ABBR[weekday], "chart-muted weekday", "end")
        )
        for h in range(24):
            value = found.hours[weekday][h]
            label = template % {
                "weekday": name,
                "hour": describe.hour(h),
                "count": value,
            }
            body.append(
                f'<rect x="{_f(left + h * step)}" y="{_f(y)}" width="{_f(cell)}" '
                f'height="{_f(cell_h)}" rx="2" class="heat heat-{_level(value, peak)}" '
                f'data-weekday="{weekday}" data-hour="{h}" data-value="{value}">'
                f"<title>{_e(label)}</title></rect>"
            )
    body += _heat_legend(left, legend_y)
    return _svg("hours", _("When glimmers find me"), describe.when(found), WIDTH, height, body)


def _heat_legend(x: float, y: float) -> list[str]:
    none = _("none")
    body = [_text(x, y, none, "chart-muted")]
    x += len(none) * CHAR + 10
    for level in range(5):
        body.append(
            f'<rect x="{_f(x)}" y="{_f(y - 12)}" width="13" height="13" rx="2" '
            f'class="heat heat-{level}"/>'
        )
        x += 16
    body.append(_text(x + 4, y, _("the most"), "chart-muted"))
    return body


# ---------------------------------------------------------------------------
# Horizontal bars, labelled above: state shifts, what and who, anchoring, noticing
# ---------------------------------------------------------------------------


def _bar_rows(
    rows: list[tuple[str, float, str]], y: float, peak: float, decimals: int | None = None
) -> tuple[list[str], float]:
    """(label, value, data-key) rows; returns the marks and the y below them."""
    left, right = 4, 48
    plot_w = WIDTH - left - right
    body = []
    for label, value, key in rows:
        body.append(_text(left, y + FONT, _short(label), "chart-label"))
        width = plot_w * value / peak if peak else 0
        shown = describe.about(value) if decimals else describe.number(value)
        body.append(
            _rect(left, y + 22, max(width, 1.5), 13, "bar", value, f"{label}: {shown}", key=key)
        )
        body.append(_text(left + max(width, 1.5) + 6, y + 34, shown, "chart-muted"))
        y += 44
    return body, y


def shifts(found: Insights) -> SafeString:
    rows = [
        (f"{t.before_label} → {t.after_label}", t.glimmers, f"{t.before}-{t.after}")
        for t in found.shifts.transitions
    ]
    peak = max(value for _label, value, _key in rows)
    body, y = _bar_rows(rows, 4, peak)
    return _svg("shifts", _("State shifts"), describe.shifts(found), WIDTH, y + 4, body)


def what_and_who(found: Insights) -> SafeString:
    body: list[str] = []
    y = 4
    peak = max((n.glimmers for _key, rows in found.what.groups() for n in rows), default=1)
    for key, rows in found.what.groups():
        body.append(_text(4, y + FONT + 2, describe.group_name(key), "chart-heading"))
        y += 26
        if not rows:
            body.append(_text(4, y + FONT, _("none named yet"), "chart-muted"))
            y += 28
            continue
        names = [
            (f"#{n.name}" if key == "tags" else n.name, n.glimmers, f"{key}:{n.name}") for n in rows
        ]
        marks, y = _bar_rows(names, y, peak)
        body += marks
        y += 6
    return _svg("what", _("What and who"), describe.what_and_who(found), WIDTH, y, body)


def anchoring(found: Insights) -> SafeString:
    rows = [(describe.bucket_name(key), value, key) for key, value in found.anchoring.buckets()]
    peak = max(value for _label, value, _key in rows) or 1
    body, y = _bar_rows(rows, 4, peak)
    return _svg("anchoring", _("Anchoring"), describe.anchoring(found), WIDTH, y + 4, body)


def noticing(found: Insights) -> SafeString:
    first, last = found.noticing.first, found.noticing.last
    months = [(first, _("first month")), *([(last, _("last month"))] if last else [])]
    rows = [
        (
            f"{describe.month(row.month)} ({which})",
            row.per_active_week or 0,
            row.month.isoformat(),
        )
        for row, which in months
    ]
    peak = max(value for _label, value, _key in rows) or 1
    body, y = _bar_rows(rows, 4, peak, decimals=1)
    return _svg("noticing", _("Noticing over time"), describe.noticing(found), WIDTH, y + 4, body)


# ---------------------------------------------------------------------------
# 7. Triggers and glimmers side by side: two plain series
# ---------------------------------------------------------------------------


def side_by_side(found: Insights) -> SafeString:
    periods = found.side_by_side
    left, right, top, bottom = 40, 4, 34, 26
    plot_w, plot_h = WIDTH - left - right, 140
    height = top + plot_h + bottom
    peak = _nice_max(max(max(p.glimmers, p.triggers) for p in periods))
    band = plot_w / len(periods)
    # Hard moments are hatched as well as coloured, so they are told apart without colour too.
    body = [
        f'<defs><pattern id="{HATCH}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-ground"/>'
        '<line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>'
    ]
    body += _legend(
        left, 16, [("series-glimmers", _("glimmers")), ("series-triggers", _("hard moments"))]
    )
    body += _y_axis(left, top, plot_w, plot_h, peak)
    as_lines = len(periods) > LINES_FROM
    points = {"glimmers": [], "triggers": []}
    template = _("%(when)s: %(glimmers)s glimmers, %(triggers)s hard moments")
    for i, period in enumerate(periods):
        label = template % {
            "when": describe.period_label(period, found.side_unit),
            "glimmers": period.glimmers,
            "triggers": period.triggers,
        }
        body.append(
            f'<g class="period" data-start="{period.start.isoformat()}" '
            f'data-glimmers="{period.glimmers}" data-triggers="{period.triggers}">'
            f"<title>{_e(label)}</title>"
        )
        if as_lines:
            x = left + (i + 0.5) * band
            for name, value in (("glimmers", period.glimmers), ("triggers", period.triggers)):
                points[name].append((x, top + plot_h - plot_h * value / peak))
            # A thin, invisible column still carries the title for a pointer.
            body.append(_rect(left + i * band, top, band, plot_h, "hit"))
        else:
            bar = band * 0.36
            for j, (cls, value) in enumerate(
                (("series-glimmers", period.glimmers), ("series-triggers", period.triggers))
            ):
                h = plot_h * value / peak
                x = left + i * band + band * 0.12 + j * bar
                if value:
                    body.append(_rect(x, top + plot_h - h, bar, h, cls))
        body.append("</g>")
    if as_lines:
        for name in ("triggers", "glimmers"):
            line = " ".join(f"{_f(x)},{_f(y)}" for x, y in points[name])
            body.append(f'<polyline points="{line}" class="line-{name}"/>')
    body += _x_labels(periods, found.side_unit, left, band, top + plot_h + FONT + 4)
    return _svg(
        "side-by-side",
        _("Hard moments and glimmers, side by side"),
        describe.side_by_side(found),
        WIDTH,
        height,
        body,
    )


# ---------------------------------------------------------------------------
# 8. A year of glimmers: a calm calendar
# ---------------------------------------------------------------------------


def year(found: Insights) -> SafeString:
    """Three bands of about eighteen weeks, one under the other, so a year fits a phone.

    Each band has the days of the week down its left and the months above
    their first week; a square per day, darker with more glimmers.
    """
    calendar = found.year
    left, cell, gap = 42, 15, 2
    step = cell + gap
    first_monday = calendar.start - timedelta(days=calendar.start.weekday())
    weeks = (calendar.end - first_monday).days // 7 + 1
    bands = 3
    per_band = -(-weeks // bands)  # weeks in a band, rounded up
    band_h = LINE + 7 * step + 14
    width = WIDTH
    legend_y = bands * band_h + 16
    height = legend_y + 6
    peak = max(calendar.days.values(), default=0)
    body = []

    def band_top(band: int) -> float:
        return band * band_h + LINE + 4

    for band in range(bands):
        for weekday in range(7):
            y = band_top(band) + weekday * step + cell - 2
            body.append(_text(left - 6, y, WEEKDAYS_ABBR[weekday], "chart-muted weekday", "end"))
    # A month's name above the week its first day falls in, and above each band's first week.
    labels: dict[int, date] = {}
    current = calendar.start
    while current <= calendar.end:
        column = (current - first_monday).days // 7
        if current == calendar.start or current.day == 1:
            labels[column] = current
        elif column % per_band == 0 and current.weekday() == 0:
            labels.setdefault(column, current)
        current += timedelta(days=1)
    columns = sorted(labels)
    for n, column in enumerate(columns):
        band, within = divmod(column, per_band)
        band_end = (band + 1) * per_band
        following = columns[n + 1] if n + 1 < len(columns) else band_end
        room = min(following, band_end) - column
        if room >= 3 or (room >= 2 and following >= band_end):
            x = left + within * step
            body.append(_text(x, band_top(band) - 6, _month_abbr(labels[column]), "chart-muted"))
    current = calendar.start
    while current <= calendar.end:
        band, within = divmod((current - first_monday).days // 7, per_band)
        x, y = left + within * step, band_top(band) + current.weekday() * step
        value = calendar.days.get(current, 0)
        label = f"{describe.day(current)}: {value}"
        body.append(
            f'<rect x="{_f(x)}" y="{_f(y)}" width="{cell}" height="{cell}" rx="2" '
            f'class="heat heat-{_level(value, peak)}" data-day="{current.isoformat()}" '
            f'data-value="{value}"><title>{_e(label)}</title></rect>'
        )
        current += timedelta(days=1)
    body += _heat_legend(left, legend_y)
    return _svg("year", _("A year of glimmers"), describe.year(found), width, height, body)


def _month_abbr(day: date) -> str:
    return formats.date_format(day, "M")
