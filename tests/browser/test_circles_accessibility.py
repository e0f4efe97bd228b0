"""axe-core on every circles page, in light and in dark, on a phone (390 × 844) and on a
desktop, with every <details> open.

As in test_accessibility.py, only "serious" and "critical" findings fail, and the
message lists them all. On a phone nothing may scroll sideways, with the text at its
usual size or at twice that size (an older person's "large text" setting, WCAG 1.4.4).
The circle's own page and a shared glimmer show what a member sees: cards with senses,
people's names and a photo, replies (one hidden), the "new since you last looked" mark.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.browser.test_accessibility import open_all_details
from tests.browser.test_practice_accessibility import Checker
from tests.factories import make_glimmer, make_user, upload

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]

LONG_NAME = "Grandma Halyna, Olena, Sam and everyone from the Tuesday walk"


class CirclesChecker(Checker):
    """The shared Checker, with the page's <details> opened first and, on a phone, the
    text doubled once to see that nothing in ``within`` then runs off the screen."""

    def __call__(self, where: str, name: str | None = None, within: str = "main") -> None:
        open_all_details(self.page)
        super().__call__(where, name)
        if self.page.viewport_size["width"] > PHONE["width"]:
            return
        beyond = self.page.evaluate(
            """(within) => {
              const root = document.documentElement;
              root.style.fontSize = "200%";
              const beyond = [];
              for (const el of document.querySelectorAll(`${within}, ${within} *`)) {
                const box = el.getBoundingClientRect();
                if (box.right > window.innerWidth + 0.5 || box.left < -0.5)
                  beyond.push(`${el.tagName.toLowerCase()}.${el.className} to ${box.right}px`);
              }
              root.style.fontSize = "";
              return beyond;
            }""",
            within,
        )
        if beyond:
            self.found.append(f"{where}: with text at 200%, off the screen: {beyond[:5]}")


def a_circle_with_life(owner, sam, marta):
    """Olena keeps a circle (a long name, a description) that sam and marta are in; she
    shared a glimmer with senses, a name and a photo, and one counted without words;
    sam shared one too. Sam replied to hers (quote and sense) and so did marta, whose
    reply olena hid. An invitation is still open."""
    from glimmers.circles import services
    from glimmers.journal import services as journal
    from glimmers.journal.models import BodyCue, Sense
    from glimmers.journal.photos import clean_photo

    circle = services.make_circle(owner, LONG_NAME, "Small good moments, between us")
    for person in (sam, marta):
        services.join(person, services.invite(owner, circle, person.username)[1])
    services.invite(owner, circle, "my sister")

    rich = make_glimmer(
        owner,
        "Hydrangea flowers, tiny as pins, by the gate",
        senses=list(Sense.objects.filter(owner=None, slug__in=["sight", "touch"])),
        body_cues=list(BodyCue.objects.filter(owner=None, slug="shoulders-dropped")),
        new_people=["Mum"],
    )
    journal.add_photo(owner, rich, clean_photo(upload()))
    [olena_share] = services.share(owner, rich, [circle], with_photos=True, with_people=True)
    counted = make_glimmer(owner, "")
    services.share(owner, counted, [circle])
    sams = make_glimmer(sam, "The kettle ticking as it cools")
    [sam_share] = services.share(sam, sams, [circle])

    sight = Sense.objects.get(owner=None, slug="sight")
    services.reply(sam, olena_share, "That you stopped to see them", "tiny as pins", sight)
    hidden = services.reply(marta, olena_share, "The gate itself, holding still")
    services.hide_reply(owner, hidden, hidden=True)
    services.reply(owner, sam_share, "The quiet after the boil")
    return {"circle": circle, "olena_share": olena_share, "sam_share": sam_share, "rich": rich}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_keepers_circles_pages_have_no_serious_problems(
    owner, new_context, live_server, screenshot, viewport
):
    sam, marta = make_user("sam"), make_user("marta")
    made = a_circle_with_life(owner, sam, marta)
    circle, rich = made["circle"], made["rich"]
    context = new_context(viewport=viewport)
    sign_in(context, owner, live_server.url)
    page = context.new_page()
    check = CirclesChecker(page, screenshot)

    page.goto("/circles/")
    expect(page.get_by_role("link", name=LONG_NAME)).to_be_visible()
    check("/circles/", "index")

    page.get_by_role("button", name="Make the circle").click()
    expect(page.locator(".form-errors").first).to_be_visible()
    check("/circles/new/ (with errors)", "index-errors")

    for address, name in (
        (f"/circles/{circle.pk}/", "circle-as-keeper"),
        (f"/circles/shared/{made['olena_share'].pk}/", "shared-own"),
        (f"/circles/shared/{made['sam_share'].pk}/", "shared-with-reply-form"),
        (f"/circles/{circle.pk}/people/", "people-as-keeper"),
        (f"/circles/{circle.pk}/share/", "share-several"),
        (f"/circles/glimmer/{rich.pk}/share/", "share-one"),
        (f"/circles/{circle.pk}/leave/", "leave-as-keeper"),
        (f"/circles/{circle.pk}/close/", "close"),
    ):
        page.goto(address)
        check(address, name)

    # The journal's pages where circles have a part: only that part is measured at 200%.
    page.goto(f"/glimmers/{rich.pk}/")
    check(f"/glimmers/{rich.pk}/", "glimmer-sharing-panel", within=".share-panel")
    page.goto("/")
    expect(page.locator(".share-at-capture")).to_be_attached()
    check("/ (capture form)", "today-share-fieldset", within=".share-at-capture")

    page.goto(f"/circles/shared/{made['sam_share'].pk}/")
    page.get_by_role("button", name="Send it to them").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    check("/circles/shared/… (with errors)", "reply-errors")

    page.goto(f"/circles/{circle.pk}/people/")
    page.get_by_role("button", name="Make an invitation").click()
    expect(page.locator("#invite-code")).to_be_visible()
    check(f"/circles/{circle.pk}/invite/ (made)", "invite-made")
    check.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_members_circles_pages_have_no_serious_problems(
    owner, new_context, live_server, screenshot, viewport
):
    sam, marta = make_user("sam"), make_user("marta")
    made = a_circle_with_life(owner, sam, marta)
    circle = made["circle"]
    context = new_context(viewport=viewport)
    sign_in(context, marta, live_server.url)
    page = context.new_page()
    check = CirclesChecker(page, screenshot)

    page.goto("/circles/")
    expect(page.locator(".circle-item")).to_contain_text("something new")
    check("/circles/ (something new)", "index-member")

    page.goto(f"/circles/{circle.pk}/")
    expect(page.locator(".chip-new").first).to_be_visible()
    check(f"/circles/{circle.pk}/ (new since you last looked)", "circle-as-member")

    for address, name in (
        (f"/circles/shared/{made['olena_share'].pk}/", "shared-member-reply-form"),
        (f"/circles/{circle.pk}/people/", "people-as-member"),
        (f"/circles/{circle.pk}/leave/", "leave"),
        (f"/circles/{circle.pk}/share/", "share-several-empty"),
    ):
        page.goto(address)
        check(address, name)
    check.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_joining_has_no_serious_problems(owner, new_context, live_server, screenshot, viewport):
    from glimmers.circles import services

    circle = services.make_circle(owner, LONG_NAME)
    _invite, code = services.invite(owner, circle, "someone")

    # Someone with an account, signed in: the invitation, a code typed, one that opens nothing.
    context = new_context(viewport=viewport)
    sign_in(context, make_user("marta"), live_server.url)
    page = context.new_page()
    check = CirclesChecker(page, screenshot)
    page.goto(f"/circles/join/{code}/")
    expect(page.get_by_role("button", name="Join the circle")).to_be_visible()
    check(f"/circles/join/{code}/ (signed in)", "join-signed-in")

    page.goto("/circles/join/")
    check("/circles/join/", "join-code")
    page.get_by_label("Invitation code").fill("nope")
    page.get_by_role("button", name="Look at the invitation").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    check("/circles/join/ (with errors)", "join-code-errors")
    page.get_by_label("Invitation code").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Look at the invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("That invitation can’t be used")
    check("/circles/join/ (unusable)", "join-unusable")

    # Someone with no account: the invitation with the sign-up form, then with its errors.
    page = new_context(viewport=viewport).new_page()
    check.page = page
    page.goto(f"/circles/join/{code}/")
    expect(page.get_by_role("button", name="Make my account and join")).to_be_visible()
    check(f"/circles/join/{code}/ (no account)", "join-newcomer")
    page.get_by_role("button", name="Make my account and join").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    check(f"/circles/join/{code}/ (no account, with errors)", "join-newcomer-errors")
    check.assert_clean()
