"""The details form on a phone: Save within reach, the rarer parts folded into named groups.

"Add details (all optional)" used to unfold about 2,600 px of fields on a
390 × 844 phone, with Save at the very bottom. The most used parts (when,
senses, a photo) stay open; body and state, where and who, what it meant and
the kind of glimmer each fold into a named <details> group, which opens by
itself when it holds an error or something the person wrote.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import blocking_violations, describe, open_all_details
from tests.factories import make_glimmer

pytestmark = pytest.mark.browser

# Save must be reached within about one and a half phone screens.
WITHIN_REACH = 1.5 * PHONE["height"]


def some_people_and_values(owner) -> None:
    """A person who has used the app a while: a few people and values to tick."""
    from glimmers.journal.models import Person, Value

    for name in ("Mum", "Ivan", "Dana"):
        Person.objects.create(owner=owner, name=name)
    for name in ("calm", "family", "nature"):
        Value.objects.create(owner=owner, name=name)


def measure(form, save) -> tuple[float, float]:
    """The form's height and how far down the page Save ends, in CSS pixels."""
    height = form.evaluate("f => f.getBoundingClientRect().height")
    save_end = save.evaluate("b => b.getBoundingClientRect().bottom + window.scrollY")
    return height, save_end


def test_save_is_within_reach_with_the_details_open(owner, owner_page, screenshot):
    some_people_and_values(owner)
    page = owner_page
    page.goto("/capture/")
    form = page.locator("form.capture-form")
    form.get_by_text("Add details (all optional)").click()
    expect(form.get_by_label("sight", exact=True)).to_be_visible()
    save = form.get_by_role("button", name="Save", exact=True)
    height, save_end = measure(form, save)
    screenshot(page, "capture-details-open")
    print(f"capture form with details open: {height:.0f}px tall, Save ends at {save_end:.0f}px")
    assert save_end <= WITHIN_REACH, f"Save ends at {save_end:.0f}px"
    assert height <= 1300, f"the form is {height:.0f}px tall"

    # What is folded is named, and one tap away.
    for name in (
        "Body, before and after",
        "Where, and who",
        "What it meant",
        "Noticed, remembered or heard",
    ):
        expect(form.locator("details.detail-group > summary", has_text=name)).to_be_visible()
    form.locator("summary", has_text="What it meant").click()
    expect(form.get_by_label("This one reliably helps me")).to_be_visible()


def test_the_edit_page_keeps_save_within_reach(owner, owner_page, screenshot):
    some_people_and_values(owner)
    glimmer = make_glimmer(owner, "Bread rising by the window")
    page = owner_page
    page.goto(f"/glimmers/{glimmer.pk}/edit/")
    form = page.locator("main form").first
    save = form.get_by_role("button", name="Save changes")
    height, save_end = measure(form, save)
    screenshot(page, "edit")
    print(f"edit form: {height:.0f}px tall, Save changes ends at {save_end:.0f}px")
    assert save_end <= WITHIN_REACH, f"Save changes ends at {save_end:.0f}px"


def test_an_error_in_a_folded_group_opens_that_group(owner, owner_page, screenshot):
    page = owner_page
    page.goto("/capture/")
    form = page.locator("form.capture-form")
    form.get_by_label("What was it?").fill("Rain on the roof")
    form.get_by_text("Add details (all optional)").click()
    where = form.locator("details.detail-group", has_text="Where, and who")
    assert where.evaluate("d => d.open") is False
    where.locator("summary").click()
    form.get_by_label("Someone new").fill("N" * 90)  # longer than a name may be
    form.get_by_role("button", name="Save", exact=True).click()

    form = page.locator("form.capture-form")
    expect(form.locator(".errorlist").first).to_be_visible()
    where = form.locator("details.detail-group", has_text="Where, and who")
    expect(where).to_have_attribute("open", "")
    expect(where.locator(".errorlist")).to_be_visible()
    expect(form.get_by_label("Someone new")).to_be_visible()
    # Groups with nothing in them stay folded.
    body = form.locator("details.detail-group", has_text="Body, before and after")
    assert body.evaluate("d => d.open") is False
    screenshot(page, "error-opens-its-group")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_capture_page_with_every_group_open_has_no_serious_problems(
    owner, owner_page, scheme, screenshot
):
    some_people_and_values(owner)
    page = owner_page
    page.emulate_media(color_scheme=scheme)
    page.goto("/capture/")
    open_all_details(page)
    violations = blocking_violations(page)
    screenshot(page, f"capture-all-open-{scheme}")
    assert not violations, describe("/capture/", violations)
