"""Deleting an account in a real browser: found from the Security page, calm, accessible.

Debian's chromium through Playwright, as in tests/browser/ (whose fixtures
and axe check this borrows).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser import conftest as browser_setup
from tests.browser.conftest import (  # noqa: F401 - fixtures, used by name
    _builtin_words,
    new_context,
    owner_page,
)
from tests.browser.test_accessibility import blocking_violations, describe
from tests.factories import PASSWORD, make_glimmer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    """tests/browser's chromium, for this module only, so it is closed when these tests end
    (another module here may start its own)."""
    yield from browser_setup.browser._get_wrapped_function()()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_person_deletes_their_account_from_the_security_page(owner, owner_page, scheme):  # noqa: F811
    page = owner_page
    page.emulate_media(color_scheme=scheme)
    make_glimmer(owner, "Gulls over the harbour")
    make_glimmer(owner, "Warm bread")
    found: list[str] = []

    page.goto("/accounts/security/")
    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Delete my account", exact=True)).to_be_visible()
    expect(page.get_by_text("2 glimmers")).to_be_visible()
    expect(page.get_by_role("link", name="export your journal")).to_be_visible()
    if violations := blocking_violations(page):
        found.append(describe("/your-data/delete-account/", violations))

    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account and everything in it").click()
    expect(page.get_by_role("alert")).to_contain_text("nothing was deleted")
    if violations := blocking_violations(page):
        found.append(describe("/your-data/delete-account/ (wrong password)", violations))
    assert get_user_model().objects.filter(pk=owner.pk).exists()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and everything in it").click()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    expect(page.get_by_text("2 glimmers")).to_be_visible()
    if violations := blocking_violations(page):
        found.append(describe("the goodbye page", violations))
    assert not get_user_model().objects.filter(pk=owner.pk).exists()

    page.goto("/journal/")
    expect(page).to_have_url(re.compile(r"/accounts/(login|welcome)/"))
    assert not found, "axe found serious problems:\n" + "\n".join(found)
