"""Today on a phone: the capture box and its button are in the first screen at any hour.

A glimmer lasts about fifteen seconds. On a 390 × 844 phone, whatever the
intention card holds — the morning prompt and its form, a long intention, a
carer's suggestion — the person can start typing and save without scrolling.
The hour is the owner's own: each case gives her a time zone in which it is
morning, afternoon or evening right now.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser

LONG_INTENTION = (
    "Notice the light on the kitchen wall, the warmth of the first cup in my hands, the sound "
    "of the neighbour's radio through the wall, and the moment the bus turns the corner and "
    "the river opens up on the left — and let each of them land for a breath or two"
)


def zone_where_it_is(hour: int) -> str:
    """An Etc/GMT zone whose local hour is ``hour`` now (POSIX signs: Etc/GMT-3 is UTC+3)."""
    offset = (hour - timezone.now().hour + 12) % 24 - 12
    if offset == 0:
        return "UTC"
    return f"Etc/GMT{-offset:+d}"


def first_screen_holds_the_capture(page) -> None:
    words = page.get_by_label("What was it?")
    save = page.locator(".capture-form").get_by_role("button", name="Save")
    expect(words).to_be_visible()
    expect(save).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    for element in (words, save):
        box = element.bounding_box()
        assert box is not None
        assert box["y"] >= 0
        assert box["y"] + box["height"] <= PHONE["height"], (
            f"{element} ends at {box['y'] + box['height']:.0f}px, below the first screen"
        )


def set_intention(owner, text: str) -> None:
    from glimmers.practice import services
    from glimmers.time import local_today

    services.set_intention(owner, local_today(owner), text=text)


@pytest.mark.parametrize(
    ("label", "hour"), [("morning", 8), ("afternoon", 14), ("evening", 20), ("night", 23)]
)
@pytest.mark.parametrize("card", ["prompt", "long intention", "carer's suggestion"])
def test_the_capture_box_is_in_the_first_screen(
    label, hour, card, owner, new_context, live_server, screenshot
):
    owner.time_zone = zone_where_it_is(hour)
    owner.save(update_fields=["time_zone"])
    if card == "long intention":
        set_intention(owner, LONG_INTENTION)
    elif card == "carer's suggestion":
        from glimmers.care import services as care
        from tests.factories import make_user

        carer = make_user("counsellor")
        carer.is_carer = True
        carer.save(update_fields=["is_carer"])
        _link, code = care.invite(owner, "my counsellor")
        link = care.accept(carer, code)
        care.confirm(owner, link)
        care.suggest(
            carer,
            link,
            "Each evening this week, before you sleep, think back over the day and find one "
            "moment when your shoulders came down a little — where were you, what could you "
            "hear, who was near? Write it down in a line or two.",
        )
    context = new_context()
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    page.goto("/")
    screenshot(page, f"{label}-{card.replace(' ', '-')}")
    first_screen_holds_the_capture(page)
