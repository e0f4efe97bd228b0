"""axe-core on the reminders page, on a phone (390×844) and a desktop, light and dark.

Every <details> is opened first (axe skips what is folded away). The page is
checked as it first opens, after a bad input (errors beside the fields), with
the calendar address shown once, and while quiet for a week.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import open_all_details
from tests.browser.test_practice_accessibility import Checker

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_reminders_page_has_no_serious_problems(
    owner, new_context, live_server, screenshot, settings, size
):
    from glimmers.reminders import services

    settings.EMAIL_HOST = "mail.example.org"
    services.save_choices(owner, morning_on=True, evening_on=True, by_push=True, quiet_days="6")
    context = new_context(viewport=SIZES[size])
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    check = Checker(page, screenshot)

    page.goto("/reminders/")
    expect(page.get_by_role("heading", name="Reminders", level=1)).to_be_visible()
    open_all_details(page)
    check("/reminders/", f"reminders-{size}")

    # Bad input: a window that ends before it starts; the message sits by its field.
    page.locator("#id_pause1_on").check()
    page.locator("#id_pause1_from").fill("15:00")
    page.locator("#id_pause1_to").fill("12:00")
    page.get_by_role("button", name="Save my reminders").click()
    expect(page.locator("#id_pause1_to_errors")).to_contain_text("must come after its start")
    open_all_details(page)
    check("/reminders/ (an error)", f"reminders-error-{size}")

    page.goto("/reminders/")
    page.get_by_role("button", name="Make my calendar address").click()
    expect(page.locator("#feed-url")).to_have_value(re.compile(r"/reminders/feed/.+\.ics$"))
    open_all_details(page)
    check("/reminders/ (calendar address)", f"reminders-feed-{size}")

    page.get_by_role("button", name="Quiet for a week").click()
    expect(page.get_by_role("button", name="Start my reminders again now")).to_be_visible()
    open_all_details(page)
    check("/reminders/ (quiet)", f"reminders-quiet-{size}")
    check.assert_clean()
