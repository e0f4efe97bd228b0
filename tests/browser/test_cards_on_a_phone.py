"""The journal's cards on a phone: a traced glimmer keeps its lines, and the way in shows.

A sense tracing keeps one line per sense; on the card they ran together. The
card's words are the link to the whole glimmer, but were marked as one only on
hover, which a phone does not have.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_glimmer

pytestmark = pytest.mark.browser

TRACED = "I saw the lamp by the window.\nI heard the rain on the roof.\nI felt the warm mug."


def test_a_traced_glimmer_keeps_its_lines_and_its_link_shows(owner, owner_page, screenshot):
    glimmer = make_glimmer(owner, TRACED, kind="remembered")
    owner_page.goto("/journal/")
    link = owner_page.locator(f"#g-{glimmer.pk} a")
    expect(link).to_be_visible()
    screenshot(owner_page, "journal")
    # Three lines, as written: the rendered text keeps its line breaks.
    assert link.evaluate("a => a.innerText").split("\n") == TRACED.split("\n")
    assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "underline"
    link.click()
    expect(owner_page).to_have_url(re.compile(f"/glimmers/{glimmer.pk}/$"))
