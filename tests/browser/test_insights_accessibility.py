"""axe-core on Insights and its printable summary: light and dark, phone and desktop.

As in test_accessibility.py, only "serious" and "critical" findings fail, and
the message lists them all. Folded-away tables are opened first, so axe sees
them too. A phone-wide page must not scroll sideways (the year calendar
scrolls inside its own frame, which can be reached by keyboard).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_accessibility import blocking_violations, describe, open_all_details
from tests.factories import make_glimmer, make_trigger

pytestmark = pytest.mark.browser

SCHEMES = ["light", "dark"]
DESKTOP = {"width": 1280, "height": 900}


class Checker:
    """Run axe on the page as it is, in light and in dark, and keep what it finds."""

    def __init__(self, page, screenshot):
        self.page = page
        self.screenshot = screenshot
        self.found: list[str] = []

    def __call__(self, where: str, name: str | None = None) -> None:
        wide = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            self.found.append(f"{where}: {wide}px wider than the screen (scrolls sideways)")
        for scheme in SCHEMES:
            self.page.emulate_media(color_scheme=scheme)
            violations = blocking_violations(self.page)
            if violations:
                self.found.append(describe(f"{where} [{scheme}]", violations))
            if name:
                self.screenshot(self.page, f"{name}-{scheme}")
        self.page.emulate_media(color_scheme="light")

    def assert_clean(self) -> None:
        assert not self.found, "axe found serious problems:\n" + "\n".join(self.found)


def some_weeks_of_glimmers(owner) -> None:
    """Two months of texture: every chart has something to draw."""
    from glimmers.journal.models import Sense

    senses = {s.slug: s for s in Sense.objects.filter(owner=None)}
    Sense.objects.create(owner=owner, slug="water", name="water")
    now = timezone.now()
    moments = [
        ("Steam from the kettle in the sun #morning", ["sight", "touch"], "mobilized", "safe"),
        ("A blackbird after the rain #walk", ["sound"], "shutdown", "safe"),
        ("Mum laughing on the phone", ["sound"], "", ""),
        ("Warm bread from the corner shop", ["smell", "taste"], "mobilized", "unsure"),
        ("Shoulders dropped on the bench #walk", ["body"], "mobilized", "safe"),
        ("", [], "", ""),
    ]
    for day in range(0, 60, 2):
        text, slugs, before, after = moments[day % len(moments)]
        make_glimmer(
            owner,
            text,
            noticed_at=now - timedelta(days=day, hours=day % 9),
            senses=[senses[s] for s in slugs],
            state_before=before,
            state_after=after,
            place=["Kitchen", "Park", ""][day % 3],
            new_people=["Mum"] if "Mum" in text else [],
            new_values=["Nature"] if "#walk" in text else [],
            anchored_seconds=[0, 15, 40, 75][day % 4],
        )
    for day in (3, 17, 40):
        make_trigger(owner, "A hard moment", occurred_at=now - timedelta(days=day))


def test_insights_and_the_summary_have_no_serious_problems(
    owner, owner_page, new_context, live_server, screenshot
):
    from tests.browser.conftest import sign_in

    some_weeks_of_glimmers(owner)
    page = owner_page
    check = Checker(page, screenshot)

    page.goto("/insights/?range=all")
    expect(page.get_by_role("heading", level=1, name="Insights")).to_be_visible()
    expect(page.locator("main svg[role=img]")).to_have_count(9)
    check("/insights/ (phone)", "insights-phone")
    open_all_details(page)
    check("/insights/ with every table open")

    page.goto("/insights/?range=week")
    check("/insights/?range=week")

    page.goto("/insights/?since=2099-01-01")
    expect(page.get_by_role("alert")).to_contain_text("That start date hasn't come yet.")
    check("/insights/ with a bad date", "insights-bad-date")

    page.goto("/insights/summary/?range=all")
    expect(page.get_by_role("heading", level=1, name="My glimmers")).to_be_visible()
    check("/insights/summary/", "summary-phone")

    desktop = new_context(viewport=DESKTOP)
    sign_in(desktop, owner, live_server.url)
    wide = desktop.new_page()
    wide_check = Checker(wide, screenshot)
    wide.goto("/insights/?range=all")
    expect(wide.locator("main svg[role=img]")).to_have_count(9)
    wide_check("/insights/ (desktop)", "insights-desktop")
    wide.emulate_media(media="print")
    wide.goto("/insights/summary/?range=all")
    screenshot(wide, "summary-print")
    expect(wide.locator(".site-header")).to_be_hidden()
    wide.emulate_media(media="screen")

    check.found += wide_check.found
    check.assert_clean()


def test_an_empty_journal_has_no_serious_problems(owner_page, screenshot):
    check = Checker(owner_page, screenshot)
    owner_page.goto("/insights/")
    expect(owner_page.get_by_text("Your journal is still empty")).to_be_visible()
    check("/insights/ (empty)", "insights-empty")
    check.assert_clean()


# ---------------------------------------------------------------------------
# On a phone, in English and Ukrainian: readable labels, colours told apart,
# the year calendar inside the screen, and axe with nothing at all to report.
# ---------------------------------------------------------------------------

LANGUAGES = {"en": "en-GB", "uk": "uk-UA"}
SMALLEST_LABEL_PX = 14  # chart text as a person sees it on a 390 px wide phone
WEEKDAY_LABELS = {
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "uk": ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"],
}

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
COLOUR_BLINDNESS = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
SMALLEST_DELTA_E = 20  # CIE76; about 2.3 is "just noticeable"


def _linear(rgb: tuple[int, int, int]) -> list[float]:
    return [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb)
    ]


def _luminance(linear: list[float]) -> float:
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    light, dark = sorted((_luminance(_linear(a)), _luminance(_linear(b))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def simulated(rgb, kind: str | None) -> list[float]:
    linear = _linear(rgb)
    if kind is None:
        return linear
    matrix = COLOUR_BLINDNESS[kind]
    return [
        min(1.0, max(0.0, sum(m * v for m, v in zip(row, linear, strict=True)))) for row in matrix
    ]


def _lab(linear: list[float]) -> tuple[float, float, float]:
    xyz_matrix = [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    x, y, z = (sum(m * v for m, v in zip(row, linear, strict=True)) for row in xyz_matrix)

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x / 0.95047), f(y / 1.0), f(z / 1.08883)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a, b, kind: str | None) -> float:
    la, lb = _lab(simulated(a, kind)), _lab(simulated(b, kind))
    return sum((p - q) ** 2 for p, q in zip(la, lb, strict=True)) ** 0.5


def rgb(css: str) -> tuple[int, int, int]:
    import re

    numbers = re.findall(r"[\d.]+", css)
    assert len(numbers) >= 3, css
    return tuple(round(float(n)) for n in numbers[:3])


def test_the_measures_are_the_published_ones():
    """The simulation and the formulas give the known answers."""
    assert round(contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0
    assert round(contrast((118, 118, 118), (255, 255, 255)), 2) == 4.54
    # Red and green, told apart by most, are close for a person with deuteranopia.
    assert delta_e((200, 0, 0), (0, 140, 0), None) > 100
    assert delta_e((200, 0, 0), (0, 140, 0), "deuteranopia") < 40


@pytest.fixture
def insights_page(owner, new_context, live_server):
    """open(language, viewport=PHONE): a signed-in page on /insights/?range=all."""
    from tests.browser.conftest import PHONE, sign_in

    some_weeks_of_glimmers(owner)

    def open_page(language: str, viewport=PHONE):
        context = new_context(
            viewport=viewport,
            locale=LANGUAGES[language],
            extra_http_headers={"Accept-Language": language},
        )
        sign_in(context, owner, live_server.url)
        page = context.new_page()
        page.goto("/insights/?range=all")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("main svg[role=img]")).to_have_count(9)
        return page

    return open_page


def label_problems(page) -> list[str]:
    """Labels that reach outside their chart's frame, or come within 4 px of each other."""
    return page.locator("main svg.chart").evaluate_all(
        """all => all.flatMap(svg => {
            const name = svg.classList[1];
            const frame = svg.parentElement.getBoundingClientRect();
            const boxes = [...svg.querySelectorAll('text')]
                .map(t => [t.textContent, t.getBoundingClientRect()]);
            const found = boxes
                .filter(([, box]) => box.left < frame.left - 1 || box.right > frame.right + 1)
                .map(([text]) => `${name}: ${text} reaches outside`);
            boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
                const across = Math.min(p.right, q.right) - Math.max(p.left, q.left);
                const down = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
                if (across > -4 && down > 2) found.push(`${name}: ${a} runs into ${b}`);
            }));
            return found;
        })"""
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_chart_labels_are_readable_on_a_phone(insights_page, language, screenshot):
    page = insights_page(language)
    sizes = page.locator("main svg.chart text").evaluate_all(
        """all => all.map(t => {
            const matrix = t.getScreenCTM();
            return {
                chart: t.ownerSVGElement.classList[1],
                text: t.textContent,
                px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(matrix.a, matrix.b),
                box: t.getBoundingClientRect().height,
            };
        })"""
    )
    assert len(sizes) > 50
    small = [s for s in sizes if s["px"] < SMALLEST_LABEL_PX or s["box"] < SMALLEST_LABEL_PX]
    assert not small, f"{len(small)} labels under {SMALLEST_LABEL_PX}px, e.g. {small[:5]}"
    problems = label_problems(page)
    assert not problems, problems
    problems = label_problems(insights_page(language, viewport=DESKTOP))
    assert not problems, f"desktop: {problems}"
    screenshot(page, f"insights-phone-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_year_calendar_fits_a_phone_and_names_the_weekdays(insights_page, language):
    page = insights_page(language)
    calendar = page.locator("#year svg.chart-year")
    calendar.scroll_into_view_if_needed()
    width = page.evaluate("window.innerWidth")
    edges = calendar.locator("rect, text").evaluate_all(
        "all => all.map(e => { const b = e.getBoundingClientRect(); return [b.left, b.right]; })"
    )
    assert edges
    assert min(left for left, _right in edges) >= 0
    assert max(right for _left, right in edges) <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    days = calendar.locator("rect[data-day]")
    expect(days).to_have_count(365)
    labels = calendar.locator("text.weekday").all_text_contents()
    assert set(labels) == set(WEEKDAY_LABELS[language]), labels
    expect(calendar.locator("text.weekday").first).to_be_in_viewport()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_hard_moments_and_glimmers_are_told_apart(insights_page, language, scheme):
    page = insights_page(language)
    page.emulate_media(color_scheme=scheme)
    chart = page.locator("svg.chart-side-by-side")
    background = rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    glimmers = chart.locator("rect.series-glimmers").first
    hard = chart.locator("rect.series-triggers").first
    glimmer_colour = rgb(glimmers.evaluate("e => getComputedStyle(e).fill"))
    hard_colour = rgb(hard.evaluate("e => getComputedStyle(e).stroke"))
    ground = rgb(chart.locator("pattern .hatch-ground").evaluate("e => getComputedStyle(e).fill"))
    assert ground == hard_colour

    # Each against the page: 3:1 for graphics (WCAG 1.4.11).
    assert contrast(glimmer_colour, background) >= 3, (glimmer_colour, background)
    assert contrast(hard_colour, background) >= 3, (hard_colour, background)
    # Told apart with typical colour vision and with each kind of colour blindness.
    for kind in (None, *COLOUR_BLINDNESS):
        difference = delta_e(glimmer_colour, hard_colour, kind)
        assert difference >= SMALLEST_DELTA_E, (scheme, kind or "typical", round(difference, 1))
    # And not by colour alone: hard moments are hatched, glimmers solid; the legend says which.
    assert hard.evaluate("e => getComputedStyle(e).fill").startswith("url(")
    assert glimmers.evaluate("e => getComputedStyle(e).fill").startswith("rgb")
    legend = chart.locator("text.chart-legend").all_text_contents()
    assert len(legend) == 2 and all(legend)
    assert chart.locator("text.chart-legend + rect, rect + text.chart-legend").count() >= 2


def all_violations(page) -> list[dict]:
    from tests.browser.test_accessibility import axe

    return axe.run(page).response["violations"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_nothing_with_every_detail_open(insights_page, language, screenshot):
    found: list[str] = []
    for name, viewport in (("phone", None), ("desktop", DESKTOP)):
        page = insights_page(language, **({"viewport": viewport} if viewport else {}))
        for path in ("/insights/?range=all", "/insights/?range=week", "/insights/summary/"):
            page.goto(path)
            open_all_details(page)
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                violations = all_violations(page)
                if violations:
                    found.append(describe(f"{path} {name} {language} [{scheme}]", violations))
            if path.endswith("all"):
                screenshot(page, f"insights-open-{name}-{language}")
            page.emulate_media(color_scheme="light")
    assert not found, "axe found problems:\n" + "\n".join(found)
