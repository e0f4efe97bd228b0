"""A day of practice, end to end, in a real browser.

Morning: set an intention → catch a glimmer → stay with it for a few breaths
→ evening: look back at the intention and link the glimmer → reach for the
glimmer menu and grounding. Then the anchoring pause on its own: it ends by
itself, Escape ends it, and the breathing shape keeps still for people who
asked for less motion.

The pause is timed with Playwright's fake clock, so no test waits in real time
for a breath to finish.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import hold_the_clock, sign_in
from tests.factories import make_glimmer

pytestmark = pytest.mark.browser

INTENTION = "small sounds"
WORDS = "A wren singing in the hedge on the way to work"
REFLECTION = "The wren, and the kettle clicking off."
FIRST_STEP = "Let your breath slow, just a little."


def test_a_day_of_practice(owner, owner_page, screenshot):
    from glimmers.journal.models import Glimmer
    from glimmers.practice.models import Intention, Reflection

    page = owner_page
    page.clock.install()

    # Morning: Today offers a prompt and an intention.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    expect(page.locator("#morning-prompt")).not_to_be_empty()
    expect(page.get_by_test_id("today-count")).to_have_text("0 glimmers")
    expect(page.get_by_role("heading", name="Days you noticed")).to_be_visible()
    screenshot(page, "01-today-fresh")
    page.get_by_label("Today I'll look for…").fill(INTENTION)
    page.get_by_label("A sense to focus on (optional)").select_option(label="sound")
    page.get_by_role("button", name="Set intention").click()
    expect(page.get_by_role("status")).to_contain_text("Your intention is set.")
    morning = page.locator("section.morning")
    expect(morning.locator(".intention")).to_contain_text(f"“{INTENTION}”")
    expect(morning.locator(".intention")).to_contain_text("focus: sound")
    intention = Intention.objects.get(owner=owner)
    assert (intention.text, intention.focus_sense.slug) == (INTENTION, "sound")

    # Catch a glimmer, marked as one that reliably helps (for the menu later).
    page.get_by_label("What was it?").fill(WORDS)
    page.get_by_text("Add details (all optional)").click()
    page.get_by_label("sound", exact=True).check()
    page.locator("summary", has_text="What it meant").click()  # a folded group of details
    page.get_by_label("This one reliably helps me").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Kept.")
    expect(page.get_by_test_id("today-count")).to_have_text("1 glimmer")
    glimmer = Glimmer.objects.get(owner=owner, text=WORDS)
    assert glimmer.reliable

    # The invitation to stay with it, in sight where saving lands (#today).
    invitation = page.get_by_role("region", name="Stay with it?")
    expect(invitation).to_be_in_viewport()
    screenshot(page, "02-today-saved")
    invitation.get_by_role("link", name="Stay with it").click()
    expect(page).to_have_url(re.compile(rf"/glimmers/{glimmer.pk}/stay/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stay with it")
    expect(page.locator("blockquote")).to_have_text(WORDS)
    # With JavaScript, the plain number field gives way to a Begin button.
    expect(page.get_by_label("How many seconds did you stay with it?")).to_be_hidden()
    begin = page.get_by_role("button", name="Begin (15 seconds)")
    expect(begin).to_be_visible()
    expect(page.get_by_role("button", name="Keep these seconds")).to_be_hidden()
    # A way out, without recording anything, back to where the person came from.
    expect(page.get_by_role("link", name="Not now")).to_have_attribute("href", "/")
    screenshot(page, "03-anchor-ready")

    hold_the_clock(page)
    begin.click()
    done = page.get_by_role("button", name="I'm done")
    expect(done).to_be_focused()
    expect(begin).to_be_hidden()
    expect(page.get_by_role("status")).to_have_text(FIRST_STEP)
    page.clock.run_for(2000)
    screenshot(page, "04-anchor-running")
    done.click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status")).to_contain_text("Thank you for staying with it.")
    glimmer.refresh_from_db()
    assert glimmer.anchored_seconds == 2
    page.goto(f"/glimmers/{glimmer.pk}/")
    facts = page.locator(".facts")
    expect(facts.locator("dt", has_text="Stayed with it")).to_be_visible()
    expect(facts).to_contain_text("2 seconds")

    # Evening: the intention comes back, with a question and today's glimmers.
    page.goto("/")
    page.get_by_role("link", name="Reflect on today").click()
    expect(page).to_have_url(re.compile(r"/today/reflect/$"))
    back = page.get_by_role("region", name="This morning you set out to look for")
    expect(back.locator(".intention")).to_contain_text(f"“{INTENTION}”")
    expect(back.locator(".intention")).to_contain_text("sound")
    expect(page.locator("#evening-prompt")).not_to_be_empty()
    screenshot(page, "05-reflect")
    page.get_by_label("Your answer").fill(REFLECTION)
    page.get_by_label(WORDS).check()
    page.get_by_role("button", name="Keep this reflection").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status")).to_contain_text("Kept. Rest well.")
    expect(page.get_by_role("region", name="This evening")).to_contain_text(REFLECTION)
    reflection = Reflection.objects.get(owner=owner)
    assert reflection.answer == REFLECTION
    assert list(reflection.glimmers.all()) == [glimmer]
    assert reflection.prompt_text

    # In a harder moment: the menu, from the header on any page.
    page.goto("/journal/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="I need a glimmer").click()
    expect(page).to_have_url(re.compile(r"/menu/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My glimmer menu")
    reliable = page.get_by_role("region", name="Glimmers that reliably help")
    expect(reliable.get_by_role("link", name=WORDS, exact=True)).to_be_visible()
    expect(
        reliable.get_by_role("link", name=re.compile("^Stay with it for a moment"))
    ).to_be_visible()
    screenshot(page, "06-menu")
    page.get_by_role("link", name=re.compile(r"^Ground me")).click()
    expect(page).to_have_url(re.compile(r"/menu/grounding/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("A slow walk through the senses")
    expect(page.locator(".grounding-steps > li")).to_have_count(7)
    screenshot(page, "07-grounding")


def test_the_pause_ends_on_its_own_and_with_escape(owner, owner_page):
    """Nobody has to press anything: the pause ends, and Escape ends it early."""
    page = owner_page
    on_its_own = make_glimmer(owner, "Warm bread from the corner bakery")
    escaped = make_glimmer(owner, "Light through the blinds")
    page.clock.install()

    page.goto(f"/glimmers/{on_its_own.pk}/stay/")
    hold_the_clock(page)
    page.get_by_role("button", name="Begin (15 seconds)").click()
    status = page.get_by_role("status")
    expect(status).to_have_text(FIRST_STEP)
    # The steps walk on in the live region as the seconds pass.
    page.clock.run_for(5_500)
    expect(status).to_have_text("What do you hear, near or far?")
    page.clock.run_for(5_000)
    expect(status).to_have_text(
        "Where do you feel it in your body? Your chest, your shoulders, your face?"
    )
    page.clock.run_for(2_500)
    expect(status).to_have_text("Let it land. There is nothing to do with it.")
    page.clock.run_for(2_000)
    # Without a "next", the page goes back to the glimmer itself.
    expect(page).to_have_url(re.compile(rf"/glimmers/{on_its_own.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Thank you for staying with it.")
    expect(page.locator(".facts")).to_contain_text("15 seconds")
    on_its_own.refresh_from_db()
    assert on_its_own.anchored_seconds == 15

    page.goto(f"/glimmers/{escaped.pk}/stay/?next=/journal/")
    hold_the_clock(page)
    # Escape before Begin does nothing at all.
    page.keyboard.press("Escape")
    page.clock.run_for(1_000)
    expect(page).to_have_url(re.compile(r"/stay/\?next=/journal/$"))
    page.get_by_role("button", name="Begin (15 seconds)").click()
    page.clock.run_for(3_000)
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/journal/$"))
    escaped.refresh_from_db()
    assert escaped.anchored_seconds == 3

    # Seconds add up over pauses, but a hurried double press counts only once.
    page.goto(f"/glimmers/{escaped.pk}/stay/?next=/journal/")
    hold_the_clock(page)
    page.get_by_role("button", name="Begin (15 seconds)").click()
    page.clock.run_for(2_000)
    page.get_by_role("button", name="I'm done").dblclick()
    expect(page).to_have_url(re.compile(r"/journal/$"))
    expect(page.get_by_role("status")).to_contain_text("Thank you for staying with it.")
    escaped.refresh_from_db()
    assert escaped.anchored_seconds == 5


def test_the_breathing_shape_breathes_with_the_words_and_keeps_still_for_reduced_motion(
    owner, new_context, live_server
):
    glimmer = make_glimmer(owner, "The cat asleep in a patch of sun")
    context = new_context(reduced_motion="no-preference")
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    page.goto(f"/glimmers/{glimmer.pk}/stay/")
    shape = page.locator(".breathing-shape")
    toggle = page.get_by_label("Show a slow breathing shape")
    expect(shape).to_be_hidden()
    toggle.check()
    expect(shape).to_be_visible()
    animation = "el => getComputedStyle(el).animationName"
    progress = "el => el.getAnimations()[0].effect.getComputedTiming().progress"
    # Where motion is welcome the shape breathes (so the check below means something)…
    assert shape.evaluate(animation) == "breathe"

    # …in step with the words: Begin starts its breath afresh ("in" for 4 s of 10)…
    page.wait_for_timeout(1_200)
    page.get_by_role("button", name="Begin (15 seconds)").click()
    began = time.monotonic()
    assert shape.evaluate(progress) < 0.05
    expect(page.locator(".breathing-words")).to_have_text("breathe in…")
    # …and shown again mid-pause, it picks up where the breath has got to.
    page.wait_for_timeout(1_500)
    toggle.uncheck()
    toggle.check()
    assert shape.evaluate(progress) == pytest.approx((time.monotonic() - began) / 10, abs=0.1)

    # For reduced motion it stays still, even while the pause runs.
    page.emulate_media(reduced_motion="reduce")
    assert shape.evaluate(animation) == "none"
    expect(shape).to_be_visible()
    toggle.uncheck()
    expect(shape).to_be_hidden()
