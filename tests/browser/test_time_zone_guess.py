"""The welcome page guesses the person's time zone from the browser, under its current name.

Chromium (through ICU) still reports Kyiv by its old name, ``Europe/Kiev``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("browser_zone", "chosen"),
    [
        ("Europe/Kiev", "Europe/Kyiv"),
        ("Europe/Kyiv", "Europe/Kyiv"),
        ("Asia/Calcutta", "Asia/Kolkata"),
    ],
)
def test_the_welcome_page_preselects_the_current_name(new_context, db, browser_zone, chosen):
    page = new_context(timezone_id=browser_zone).new_page()
    page.goto("/accounts/welcome/")
    expect(page.get_by_label("Your time zone")).to_have_value(chosen)
