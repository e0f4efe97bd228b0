"""Every chart is well-formed SVG, labelled for screen readers, styled only by classes,
and carries exactly the numbers of the table beside it."""

from collections import defaultdict
from xml.etree import ElementTree

import pytest

from glimmers.insights.figures import Link, figures
from glimmers.journal.models import Sense
from tests.factories import make_glimmer
from tests.insights.conftest import at
from tests.insights.conftest import figures as insights

SVG = "{http://www.w3.org/2000/svg}"
RANGES = ["week", "month", "year", "all"]


def parsed(figure) -> ElementTree.Element:
    return ElementTree.fromstring(str(figure.svg))  # noqa: S314 — our own markup


def by_slug(owner, key):
    return {figure.slug: figure for figure in figures(insights(owner, key))}


def data(root, tag: str, *names: str) -> list[tuple]:
    return [
        tuple(element.get(f"data-{name}") for name in names)
        for element in root.iter(f"{SVG}{tag}")
        if element.get(f"data-{names[-1]}") is not None
    ]


def cell(value) -> str:
    return value.name if isinstance(value, Link) else str(value)


@pytest.mark.parametrize("key", RANGES)
def test_every_chart_is_labelled_well_formed_svg_without_styles_or_scripts(journal, owner, key):
    drawn = [figure for figure in figures(insights(owner, key)) if figure.svg]
    assert len(drawn) == 9
    for figure in drawn:
        root = parsed(figure)
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        title, desc = root.get("aria-labelledby").split()
        assert root.find(f"{SVG}title").get("id") == title
        assert root.find(f"{SVG}desc").get("id") == desc
        assert root.find(f"{SVG}title").text == figure.heading
        assert root.find(f"{SVG}desc").text == figure.finding
        for element in root.iter():
            assert "style" not in element.attrib, (figure.slug, element.tag)
            assert element.tag not in (f"{SVG}style", f"{SVG}script", f"{SVG}foreignObject")
            assert not any(name.startswith("on") for name in element.attrib)


@pytest.mark.parametrize("key", RANGES)
def test_over_time_bars_match_the_table(journal, owner, key):
    figure = by_slug(owner, key)["over-time"]
    bars = [(int(w), int(t)) for w, t in data(parsed(figure), "g", "written", "tallied")]
    assert bars == [(row[1], row[2]) for row in figure.table.rows]


@pytest.mark.parametrize("key", RANGES)
def test_radar_points_match_the_table(journal, owner, key):
    figure = by_slug(owner, key)["radar"]
    points = [int(v) for (v,) in data(parsed(figure), "circle", "value")]
    assert points == [row[1] for row in figure.table.rows]


def test_the_hours_heatmap_matches_the_table(journal, owner):
    figure = by_slug(owner, "month")["hours"]
    cells = {
        (int(w), int(h)): int(v)
        for w, h, v in data(parsed(figure), "rect", "weekday", "hour", "value")
    }
    assert len(cells) == 7 * 24
    table = {(w, h): row[1 + w] for h, row in enumerate(figure.table.rows) for w in range(7)}
    assert cells == table
    assert cells[(6, 23)] == 1 and cells[(2, 9)] == 2


@pytest.mark.parametrize("slug", ["shifts", "anchoring", "noticing"])
def test_bar_charts_match_their_tables(journal, owner, slug):
    figure = by_slug(owner, "year")[slug]
    bars = [float(value) for (value,) in data(parsed(figure), "rect", "value")]
    assert bars == [float(cell(row[-1])) for row in figure.table.rows]
    assert bars


def test_what_and_who_bars_match_the_table(journal, owner):
    figure = by_slug(owner, "all")["what"]
    bars = [(key, int(v)) for key, v in data(parsed(figure), "rect", "key", "value")]
    table = [(row[0].name, row[2]) for row in figure.table.rows]
    assert [(key.split(":", 1)[1], v) for key, v in bars] == [
        (name.lstrip("#"), n) for name, n in table
    ]


@pytest.mark.parametrize("key", RANGES)
def test_side_by_side_matches_the_table(journal, owner, key):
    figure = by_slug(owner, key)["side-by-side"]
    series = [(int(g), int(t)) for g, t in data(parsed(figure), "g", "glimmers", "triggers")]
    assert series == [(row[1], row[2]) for row in figure.table.rows]


def test_the_year_calendar_adds_up_to_the_table(journal, owner):
    figure = by_slug(owner, "week")["year"]
    days = data(parsed(figure), "rect", "day", "value")
    assert len(days) == 365
    per_month = defaultdict(lambda: [0, 0])
    for day, value in days:
        per_month[day[:7]][0] += int(value)
        per_month[day[:7]][1] += int(value) > 0
    assert [tuple(v) for v in per_month.values()] == [(row[1], row[2]) for row in figure.table.rows]
    assert dict(days)["2025-03-12"] == "2"


def test_peoples_own_words_are_escaped(owner, frozen):
    Sense.objects.create(owner=owner, slug="odd", name="<script>alert(1)</script>")
    make_glimmer(
        owner,
        "Odd names #amp&co",
        noticed_at=at(2025, 3, 12, 9),
        senses=list(Sense.objects.filter(owner=owner)),
        place='The "Café" & <Bar>',
        new_people=["Ann <b>"],
        new_values=["Tea & 'toast'"],
    )
    found = by_slug(owner, "week")
    for slug in ("radar", "what"):
        root = parsed(found[slug])  # would not parse if anything were unescaped
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        assert "<script>" in texts or "<Bar>" in texts  # shown as written, after parsing
    assert "<script>" not in str(found["radar"].svg)
    assert "<Bar>" not in str(found["what"].svg)
    assert "&lt;Bar&gt;" in str(found["what"].svg)


def test_the_page_shows_the_same_table(journal, owner, owner_client):
    page = owner_client.get("/insights/?range=week").content.decode()
    assert '<th scope="row">Monday 10 March 2025</th><td>1</td><td>1</td><td>2</td>' in page
    assert '<th scope="row">Wednesday 12 March 2025</th><td>2</td><td>0</td><td>2</td>' in page
