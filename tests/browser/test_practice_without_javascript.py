"""The daily practice must not depend on JavaScript either.

Without a script the anchoring page is a plain form ("how many seconds?"),
and the intention and the evening reflection are ordinary forms with server
redirects and plain error messages.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import make_glimmer

pytestmark = pytest.mark.browser

WORDS = "Bells from the church across the river"


@pytest.fixture
def plain_page(new_context, owner, live_server):
    """A signed-in phone page with JavaScript switched off."""
    context = new_context(java_script_enabled=False)
    sign_in(context, owner, live_server.url)
    return context.new_page()


def test_the_day_of_practice_works_without_javascript(owner, plain_page, screenshot):
    from glimmers.practice.models import Intention, Reflection

    page = plain_page
    glimmer = make_glimmer(owner, WORDS)

    # An intention with nothing in it comes back on its own page, with a message…
    page.goto("/")
    page.get_by_role("button", name="Set intention").click()
    expect(page).to_have_url(re.compile(r"/today/intention/$"))
    expect(page.locator(".errorlist, .form-errors").first).to_contain_text("Write a few words")
    assert not Intention.objects.exists()
    # …where it can be set after all.
    page.get_by_label("Today I'll look for…").fill("bells")
    page.get_by_label("A sense to focus on (optional)").select_option(label="sound")
    page.get_by_role("button", name="Set intention").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status")).to_contain_text("Your intention is set.")
    expect(page.locator("section.morning .intention")).to_contain_text("“bells”")
    intention = Intention.objects.get(owner=owner)
    assert (intention.text, intention.focus_sense.slug) == ("bells", "sound")

    # "Change it" brings the form back with today's words in it.
    page.get_by_role("link", name="Change it").click()
    expect(page.get_by_label("Today I'll look for…")).to_have_value("bells")
    page.get_by_label("Today I'll look for…").fill("church bells")
    page.get_by_role("button", name="Set intention").click()
    expect(page.locator("section.morning .intention")).to_contain_text("“church bells”")

    # The evening reflection: an empty answer is refused plainly, then kept.
    page.get_by_role("link", name="Reflect on today").click()
    expect(page.locator(".intention-back")).to_contain_text("church bells")
    page.get_by_role("button", name="Keep this reflection").click()
    expect(page.locator(".errorlist").first).to_contain_text("Write a few words")
    assert not Reflection.objects.exists()
    page.get_by_label("Your answer").fill("The bells, twice.")
    page.get_by_label(WORDS).check()
    page.get_by_role("button", name="Keep this reflection").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status")).to_contain_text("Kept. Rest well.")
    expect(page.get_by_role("region", name="This evening")).to_contain_text("The bells, twice.")
    reflection = Reflection.objects.get(owner=owner)
    assert list(reflection.glimmers.all()) == [glimmer]
    screenshot(page, "today-reflected-no-js")


def test_the_anchor_page_records_seconds_without_javascript(owner, plain_page, screenshot):
    page = plain_page
    glimmer = make_glimmer(owner, WORDS)

    page.goto(f"/glimmers/{glimmer.pk}/stay/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stay with it")
    # The script's controls stay out of the way; the steps are there to read.
    expect(page.get_by_role("button", name=re.compile(r"^Begin"))).to_be_hidden()
    expect(page.get_by_label("Show a slow breathing shape")).to_be_hidden()
    expect(page.locator(".breathing-shape")).to_be_hidden()
    expect(page.locator(".anchor-steps li")).to_have_count(6)
    expect(page.locator(".anchor-steps li").first).to_be_visible()
    seconds = page.get_by_label("How many seconds did you stay with it?")
    expect(seconds).to_have_value("15")
    screenshot(page, "anchor-no-js")

    # Nonsense comes back with a plain message, and nothing is recorded.
    seconds.fill("0")
    page.get_by_role("button", name="Keep these seconds").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    glimmer.refresh_from_db()
    assert glimmer.anchored_seconds == 0

    page.get_by_label("How many seconds did you stay with it?").fill("20")
    page.get_by_role("button", name="Keep these seconds").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status")).to_contain_text("Thank you for staying with it.")
    glimmer.refresh_from_db()
    assert glimmer.anchored_seconds == 20

    page.goto(f"/glimmers/{glimmer.pk}/")
    expect(page.locator(".facts")).to_contain_text("20 seconds")
