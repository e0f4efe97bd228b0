"""Catching a glimmer must not depend on JavaScript.

Plain forms, <details> for the folded parts and server redirects carry the
whole of first run, capture, counting, finding and signing out.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, jpeg_bytes

pytestmark = pytest.mark.browser

WORDS = "Rain on the skylight while I read"


def test_first_run_capture_and_search_work_without_javascript(new_context, tmp_path, screenshot):
    from glimmers.journal.models import Glimmer

    context = new_context(java_script_enabled=False)
    page = context.new_page()
    photo_file = tmp_path / "skylight.jpg"
    photo_file.write_bytes(jpeg_bytes(exif_gps=True))

    page.goto("/journal/")
    expect(page).to_have_url(re.compile(r"/accounts/welcome/$"))
    page.get_by_label("A name to sign in with").fill("olena")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    # timezone.js cannot run, so the time zone stays as the form offers it.
    expect(page.get_by_label("Your time zone")).to_have_value("UTC")
    page.get_by_role("button", name="Create my journal").click()
    expect(page.get_by_role("heading", name="Catch a glimmer")).to_be_visible()

    # A form sent with nothing in it comes back with a plain message.
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errorlist, .form-errors").first).to_be_visible()
    assert Glimmer.objects.count() == 0

    page.get_by_label("What was it?").fill(WORDS)
    details = page.locator("details.more-details")
    if details.get_attribute("open") is None:  # a form sent back with errors opens it
        page.get_by_text("Add details (all optional)").click()  # <details> needs no script
    expect(details).to_have_attribute("open", "")
    page.get_by_label("sound", exact=True).check()
    page.locator("input[type=file][name=photos]").set_input_files(str(photo_file))
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("Kept.")
    expect(page.get_by_test_id("today-count")).to_have_text("1 glimmer")
    card = page.locator("#today article.glimmer-card").filter(has_text=WORDS)
    expect(card.locator(".chip-sense")).to_have_text(["sound"])
    expect(card.locator(".thumbs img")).to_have_count(1)
    screenshot(page, "capture-no-js")

    page.get_by_role("button", name="Count one").click()
    expect(page.get_by_test_id("today-count")).to_have_text("2 glimmers")

    page.goto("/journal/?q=skylight")
    expect(page.locator("article.glimmer-card")).to_have_count(1)
    expect(page.get_by_role("link", name=WORDS)).to_be_visible()

    glimmer = Glimmer.objects.get(text=WORDS)
    assert [sense.slug for sense in glimmer.senses.all()] == ["sound"]
    assert glimmer.photos.count() == 1

    page.get_by_text("You", exact=True).click()
    page.get_by_role("button", name="Sign out").click()
    page.goto("/journal/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
