"""axe-core on the pages people use most, in light and in dark.

Only "serious" and "critical" findings fail a test; the assertion message
lists every one of them with the elements involved, so a failure says what to
fix. Folded-away parts (<details>) are opened first: axe skips what is hidden.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import make_glimmer, make_trigger, upload

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
SCHEMES = ["light", "dark"]

axe = Axe()


def blocking_violations(page) -> list[dict]:
    results = axe.run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING]


def describe(where: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}"
            f" — {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    {target}: {node.get('failureSummary', '').strip()}")
            lines.append(f"      {node.get('html', '')[:200]}")
    return "\n".join(lines)


def open_all_details(page) -> None:
    """Open every <details> in the content (axe skips what is folded away)."""
    page.locator("main details").evaluate_all("all => all.forEach(d => { d.open = true; })")


def check(page, where: str, found: list[str], screenshot=None, name: str = "") -> None:
    violations = blocking_violations(page)
    if violations:
        found.append(describe(where, violations))
    if screenshot is not None:
        screenshot(page, name or where.strip("/").replace("/", "-") or "capture")


def a_few_glimmers(owner):
    """A journal with some texture: senses, a shift, people, a tag, a photo, a tally."""
    from glimmers.journal import services
    from glimmers.journal.models import BodyCue, Sense, State
    from glimmers.journal.photos import clean_photo

    now = timezone.now()
    rich = make_glimmer(
        owner,
        "Sun on the back step with tea #morning",
        senses=list(Sense.objects.filter(owner=None, slug__in=["sight", "touch"])),
        body_cues=list(BodyCue.objects.filter(owner=None, slug="shoulders-dropped")),
        state_before=State.MOBILIZED,
        state_after=State.SAFE,
        place="the back step",
        new_people=["Mum"],
        new_values=["calm"],
        reliable=True,
        gratitude="For the warm mug.",
    )
    services.add_photo(owner, rich, clean_photo(upload()))
    make_glimmer(owner, "A blackbird singing after the rain", noticed_at=now - timedelta(days=1))
    make_glimmer(owner, "The bus driver waited for me", noticed_at=now - timedelta(days=3))
    services.tally(owner)
    make_trigger(owner, "A door slammed downstairs")
    return rich


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_welcome_page_has_no_serious_problems(page, scheme, screenshot):
    page.emulate_media(color_scheme=scheme)
    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome to Glimmers")).to_be_visible()
    found: list[str] = []
    check(page, "/accounts/welcome/", found, screenshot, f"welcome-{scheme}")

    # And with the errors a hurried first try brings.
    page.get_by_role("button", name="Create my journal").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    check(page, "/accounts/welcome/ (with errors)", found, screenshot, f"welcome-errors-{scheme}")
    assert not found, "axe found serious problems:\n" + "\n".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_journal_pages_have_no_serious_problems(owner, owner_page, scheme, screenshot):
    page = owner_page
    page.emulate_media(color_scheme=scheme)
    rich = a_few_glimmers(owner)
    found: list[str] = []

    page.goto("/")
    expect(page.get_by_test_id("today-count")).to_have_text("2 glimmers")
    open_all_details(page)
    check(page, "/", found, screenshot, f"capture-{scheme}")

    # The capture form sent back with an error, and the "Kept." message.
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".form-errors, .errorlist").first).to_be_visible()
    check(page, "/ (with errors)", found)
    page.get_by_label("What was it?").fill("Cat purring on my lap")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Kept.")
    check(page, "/ (just saved)", found, screenshot, f"capture-saved-{scheme}")

    page.goto("/journal/")
    expect(page.locator("article.glimmer-card")).to_have_count(5)
    open_all_details(page)
    check(page, "/journal/", found, screenshot, f"journal-{scheme}")

    page.goto("/journal/?q=nothing-matches-this")
    expect(page.get_by_text("No glimmers match that.")).to_be_visible()
    check(page, "/journal/?q=…", found)

    page.goto(f"/glimmers/{rich.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sun on the back step")
    expect(page.locator(".photos img")).to_have_js_property("complete", True)
    check(page, "/glimmers/<id>/", found, screenshot, f"detail-{scheme}")

    page.goto(f"/glimmers/{rich.pk}/edit/")
    open_all_details(page)
    check(page, "/glimmers/<id>/edit/", found, screenshot, f"edit-{scheme}")

    page.goto(f"/glimmers/{rich.pk}/delete/")
    check(page, "/glimmers/<id>/delete/", found)

    page.goto("/triggers/")
    open_all_details(page)
    check(page, "/triggers/", found, screenshot, f"triggers-{scheme}")

    # The account menu, opened.
    page.get_by_text("You", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check(page, "'You' menu open", found, screenshot, f"menu-{scheme}")

    assert not found, "axe found serious problems:\n" + "\n".join(found)
