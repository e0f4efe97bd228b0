"""axe-core on the daily-practice pages, each in light and in dark, at phone width.

Every page is loaded once and checked twice: the colour scheme is switched in
place, which keeps the folder fast. As in test_accessibility.py, only
"serious" and "critical" findings fail, and the message lists them all.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_accessibility import blocking_violations, describe, open_all_details
from tests.factories import make_glimmer

pytestmark = pytest.mark.browser

SCHEMES = ["light", "dark"]


class Checker:
    """Run axe on the page as it is, in light and in dark, and keep what it finds."""

    def __init__(self, page, screenshot):
        self.page = page
        self.screenshot = screenshot
        self.found: list[str] = []

    def __call__(self, where: str, name: str | None = None) -> None:
        # Reflow (WCAG 1.4.10): nothing may push a phone-wide page sideways.
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


def a_practised_day(owner):
    """An intention, a reflection's worth of glimmers, and a menu with every part filled.

    Three glimmers share #sea and three share a person, so both are suggested;
    the person is then added to the menu. Reliable glimmers cover the three
    groups: felt mobilized before, shut down before, and neither.
    """
    from glimmers.journal import queries as journal
    from glimmers.journal.models import Person, Sense, State
    from glimmers.practice import services

    day = journal.local_today(owner)
    sound = Sense.objects.get(owner=None, slug="sound")
    services.set_intention(owner, day, text="small sounds", focus_sense=sound)
    now = timezone.now()
    sea = [
        make_glimmer(owner, "Waves pulling at the pebbles #sea", reliable=True, place="the beach"),
        make_glimmer(
            owner,
            "Salt on my lips after a swim #sea",
            state_before=State.MOBILIZED,
            state_after=State.SAFE,
            reliable=True,
            noticed_at=now - timedelta(days=2),
        ),
        make_glimmer(
            owner,
            "A gull riding the wind #sea",
            state_before=State.SHUTDOWN,
            state_after=State.SAFE,
            reliable=True,
            noticed_at=now - timedelta(days=5),
        ),
    ]
    for days in (1, 3, 4):
        make_glimmer(
            owner,
            "Tea with Nan in the garden",
            new_people=["Nan"],
            noticed_at=now - timedelta(days=days),
        )
    person = Person.objects.get(owner=owner, name="Nan")
    services.decide_suggestion(owner, "person", str(person.pk), accept=True)
    services.answer_question(
        owner, day, prompt=None, likelihood=6, how_would_i_know="Shoulders a bit lower"
    )
    return sea[0]


def test_today_anchoring_and_reflection_have_no_serious_problems(owner, owner_page, screenshot):
    page = owner_page
    check = Checker(page, screenshot)

    # Today, fresh: a morning prompt and the intention form, nothing caught yet.
    page.goto("/")
    expect(page.locator("#morning-prompt")).not_to_be_empty()
    open_all_details(page)
    check("/ (fresh)", "today-fresh")

    # Today with an intention, glimmers, the "Stay with it?" invitation.
    glimmer = a_practised_day(owner)
    page.goto(f"/?saved={glimmer.pk}#today")
    expect(page.get_by_role("region", name="Stay with it?")).to_be_visible()
    expect(page.locator("section.morning .intention")).to_contain_text("small sounds")
    open_all_details(page)
    check("/ (intention, glimmers, invitation)", "today-full")

    # Anchoring, before and while the pause runs (with the breathing shape).
    # axe needs real timers, so no fake clock here: a minute-long pause
    # (the longest allowed) outlasts the checks.
    owner.anchor_seconds = 60
    owner.save(update_fields=["anchor_seconds"])
    page.goto(f"/glimmers/{glimmer.pk}/stay/?next=/")
    begin = page.get_by_role("button", name="Begin (60 seconds)")
    expect(begin).to_be_visible()
    check("/glimmers/<id>/stay/ (ready)")
    page.get_by_label("Show a slow breathing shape").check()
    begin.click()
    expect(page.get_by_role("status")).to_have_text("Let your breath slow, just a little.")
    check("/glimmers/<id>/stay/ (running)", "anchor-running")
    expect(page).to_have_url(re.compile(r"/stay/"))  # still pausing: the checks saw it running

    # The evening reflection, with the intention back and today's glimmers.
    page.goto("/today/reflect/")
    expect(page.get_by_text("This morning you set out to look for")).to_be_visible()
    check("/today/reflect/", "reflect")
    page.get_by_role("button", name="Keep this reflection").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    check("/today/reflect/ (with errors)")

    check.assert_clean()


def test_the_other_practice_pages_have_no_serious_problems(owner, owner_page, screenshot):
    page = owner_page
    check = Checker(page, screenshot)
    a_practised_day(owner)

    page.goto("/menu/")
    for group in ("When I'm wound up or anxious", "When I'm low or shut down"):
        expect(page.get_by_role("heading", name=group)).to_be_visible()
    expect(page.get_by_role("heading", name="Glimmers that reliably help")).to_be_visible()
    expect(page.get_by_role("heading", name="Things that keep helping")).to_be_visible()
    expect(page.get_by_role("button", name="Add #sea to my menu")).to_be_visible()
    expect(page.get_by_role("button", name="Not for me")).to_be_visible()
    check("/menu/", "menu")

    page.goto("/menu/grounding/")
    check("/menu/grounding/")

    page.goto("/question/")
    expect(page.get_by_role("table")).to_be_visible()
    check("/question/", "question")
    page.get_by_role("button", name="Keep my answer").click()
    expect(page.locator(".errorlist, .form-errors").first).to_be_visible()
    check("/question/ (with errors)")

    page.goto("/prompts/")
    check("/prompts/")

    for url in ("/remember/senses/", "/remember/hard-time/"):
        page.goto(url)
        check(url)
        page.get_by_role("button", name="Keep it", exact=True).click()
        expect(page.locator(".errorlist, .form-errors").first).to_be_visible()
        check(f"{url} (with errors)")

    page.goto("/values/")
    check("/values/")

    check.assert_clean()
