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
