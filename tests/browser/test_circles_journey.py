"""A circle, end to end, in three browsers: olena's, sam's (an older man on a phone with
large text) and marta's.

Olena makes a circle and invites sam, reading the link off the page; sam opens it with
no account, makes one from the invitation and lands in the circle. Olena shares one
glimmer as she catches it on Today and another, with its photo, from its own page. Sam
sees both, newest first, each gently marked as new (never a count), and names the
glimmer he noticed in one. Olena sees his reply and hides it; marta, also in the
circle, no longer sees it. Olena stops sharing one glimmer: sam's next page load no
longer has it, and its address answers 404. Sam leaves.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, jpeg_bytes, make_glimmer, make_user

pytestmark = pytest.mark.browser

CIRCLE = "Mum and me"
CAUGHT = "The kettle ticking as it cools"
WITH_PHOTO = "Hydrangea flowers, tiny as pins, by the gate"
NOTICED = "That you stopped at the gate long enough to see them"
QUOTE = "tiny as pins"

# An older person's phone: the text set large (24px instead of 16px), as a browser's or
# phone's "large text" setting does. Set through the DOM, which the page's CSP allows.
LARGE_TEXT = """
document.addEventListener("DOMContentLoaded", () => {
  document.documentElement.style.fontSize = "150%";
});
"""


def small_targets(page, within: str = "main") -> list[str]:
    """Links, buttons and fields in ``within`` smaller than 24×24 CSS px (WCAG 2.5.8).

    A box or a radio button counts with its label, which takes the tap as well; links
    inside running text are exempt, as WCAG allows, so only links that stand alone (the
    only thing in their line) are measured.
    """
    return page.evaluate(
        """(within) => {
          const small = [];
          const scope = `${within} a, ${within} button, ${within} input, ${within} select,
                         ${within} textarea, ${within} summary`;
          for (const el of document.querySelectorAll(scope)) {
            if (el.type === "hidden") continue;
            let box = el.getBoundingClientRect();
            if (!box.width && !box.height) continue;
            if (el.tagName === "A" && el.parentElement.textContent.trim() !== el.textContent.trim())
              continue;
            if ((el.type === "checkbox" || el.type === "radio") && el.labels.length) {
              const label = el.labels[0].getBoundingClientRect();
              box = {width: Math.max(box.width, label.width),
                     height: Math.max(box.height, label.height)};
            }
            if (box.width < 24 || box.height < 24) {
              const name = (el.textContent || el.name || "").trim().slice(0, 60);
              const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
              small.push(`${el.tagName} "${name}" ${size}`);
            }
          }
          return small;
        }""",
        within,
    )


class Looks:
    """What a page looks like on a phone: nothing scrolls sideways (WCAG 1.4.10) and
    nothing to tap is smaller than 24×24 CSS px (WCAG 2.5.8). Collected, then asserted
    once at the end, so that one run lists every page that needs care."""

    def __init__(self, screenshot):
        self.screenshot = screenshot
        self.found: list[str] = []

    def __call__(self, page, name: str, within: str = "main") -> None:
        self.screenshot(page, name)
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            self.found.append(f"{name}: {wide}px wider than the screen (scrolls sideways)")
        small = small_targets(page, within)
        self.found.extend(f"{name}: small target {target}" for target in small)

    def assert_fine(self) -> None:
        assert not self.found, "on a phone:\n" + "\n".join(self.found)


def test_a_circle_from_invitation_to_leaving(owner, new_context, live_server, tmp_path, screenshot):
    from glimmers.circles import services
    from glimmers.circles.models import Circle, Reply, Share
    from glimmers.journal.models import Glimmer

    looks = Looks(screenshot)
    remembered = make_glimmer(owner, WITH_PHOTO)
    photo_file = tmp_path / "hydrangea.jpg"
    photo_file.write_bytes(jpeg_bytes(size=(320, 240), exif_gps=True))

    olena_context = new_context(timezone_id="Europe/Kyiv")
    sign_in(olena_context, owner, live_server.url)
    olena = olena_context.new_page()
    sam_context = new_context(timezone_id="Europe/London")
    sam_context.add_init_script(LARGE_TEXT)
    sam = sam_context.new_page()

    # Olena makes the circle; it opens on its people page, ready to invite.
    olena.goto("/circles/")
    expect(olena.get_by_role("heading", level=1)).to_have_text("Circles")
    olena.get_by_label("Name of the circle").fill(CIRCLE)
    olena.get_by_label("A few words about it (optional)").fill("Small good moments, between us")
    olena.get_by_role("button", name="Make the circle").click()
    expect(olena.get_by_role("heading", level=1)).to_have_text(f"People in {CIRCLE}")
    expect(olena.get_by_role("status")).to_contain_text("nothing is shared until you choose")
    circle = Circle.objects.get(name=CIRCLE)

    # She makes an invitation and reads the link and code off the page.
    olena.get_by_label("Who it is for (optional, only you see this)").fill("Sam")
    olena.get_by_role("button", name="Make an invitation").click()
    expect(olena.get_by_role("heading", level=1)).to_have_text(f"An invitation to {CIRCLE}")
    link = olena.locator("#invite-link").inner_text().strip()
    code = olena.locator("#invite-code").inner_text().strip()
    assert link.startswith(live_server.url)
    assert link.endswith(f"/circles/join/{code}/")
    looks(olena, "01-invitation-made")

    # Sam, with no account, opens the link on his phone, with large text.
    sam.goto(link)
    expect(sam.get_by_role("heading", level=1)).to_have_text(f"You are invited to {CIRCLE}")
    expect(sam.get_by_role("link", name="I already have an account: sign in")).to_be_visible()
    looks(sam, "02-join-newcomer-large-text")
    sam.get_by_label("A name to sign in with").fill("sam")
    sam.locator("#id_password1").fill(PASSWORD)
    sam.locator("#id_password2").fill(PASSWORD)
    sam.get_by_label("Your time zone").select_option("Europe/London")
    sam.get_by_role("button", name="Make my account and join").click()

    # He lands in the circle, signed in, with nothing shared yet.
    expect(sam).to_have_url(re.compile(rf"/circles/{circle.pk}/$"))
    expect(sam.get_by_role("heading", level=1)).to_have_text(CIRCLE)
    expect(sam.get_by_role("status")).to_contain_text("Your journal is yours alone")
    expect(sam.get_by_text("Nothing is shared here yet.")).to_be_visible()
    sam_user = circle.memberships.get(user__username="sam").user
    assert sam_user.time_zone == "Europe/London"

    # Marta is in the circle too (her own browser, for later).
    marta_user = make_user("marta")
    services.join(marta_user, services.invite(owner, circle, "Marta")[1])
    marta_context = new_context()
    sign_in(marta_context, marta_user, live_server.url)
    marta = marta_context.new_page()

    # Olena catches a glimmer on Today and ticks the circle as she saves it.
    olena.goto("/")
    olena.get_by_label("What was it?").fill(CAUGHT)
    olena.get_by_text("Add details (all optional)").click()
    share_box = olena.get_by_role("group", name="Share it with a circle (optional)")
    expect(share_box).to_be_visible()
    expect(share_box.get_by_label(CIRCLE)).not_to_be_checked()  # nothing is shared by default
    share_box.get_by_label(CIRCLE).check()
    share_box.scroll_into_view_if_needed()
    looks(olena, "03-capture-share-fieldset", within=".share-at-capture")
    olena.get_by_role("button", name="Save", exact=True).click()
    expect(olena.get_by_role("status")).to_contain_text("Kept.")
    caught = Glimmer.objects.get(text=CAUGHT)
    first_share = Share.objects.get(glimmer=caught, circle=circle)
    assert not first_share.with_photos

    # Then, from an older glimmer's own page, she adds a photo and shares it with it.
    olena.goto(f"/glimmers/{remembered.pk}/")
    sharing = olena.get_by_role("region", name="Sharing")
    expect(sharing).to_contain_text("Only you see this glimmer.")
    olena.locator("input[type=file][name=photos]").set_input_files(str(photo_file))
    olena.get_by_role("button", name="Add photo", exact=True).click()
    expect(olena.locator(".photos img")).to_have_count(1)
    olena.get_by_role("link", name="Share it with a circle").click()
    expect(olena.get_by_role("heading", level=1)).to_have_text("Share this glimmer")
    olena.get_by_label(CIRCLE).check()
    olena.get_by_label("its photos").check()
    looks(olena, "04-share-one")
    olena.get_by_role("button", name="Save who sees it").click()
    expect(olena.get_by_role("status")).to_contain_text("Shared. You can stop sharing it")
    expect(sharing).to_contain_text(f"Shared with: {CIRCLE}")
    second_share = Share.objects.get(glimmer=remembered, circle=circle)

    # Sam sees both, newest first, each gently marked new; no number anywhere says how many.
    sam.goto("/circles/")
    item = sam.locator(".circle-item").filter(has_text=CIRCLE)
    expect(item).to_contain_text("something new")
    assert not re.search(r"\d", item.inner_text())
    item.get_by_role("link", name=CIRCLE).click()
    cards = sam.locator("article.shared-card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text(WITH_PHOTO)
    expect(cards.nth(1)).to_contain_text(CAUGHT)
    for card in (cards.nth(0), cards.nth(1)):
        expect(card).to_have_accessible_name(re.compile(r"^olena\b"))
        expect(card.locator(".chip-new")).to_contain_text("new since you last looked")
    assert not re.search(r"\d+ (new|unread)", sam.locator("main").inner_text(), re.I)
    thumbnail = cards.nth(0).locator(".thumbs img")
    thumbnail.scroll_into_view_if_needed()
    expect(thumbnail).to_have_js_property("complete", True)
    assert thumbnail.evaluate("img => img.naturalWidth") > 0
    expect(cards.nth(1).locator(".thumbs img")).to_have_count(0)  # sent without photos
    looks(sam, "05-circle-on-a-phone-large-text")

    # Once looked at, nothing is new any more.
    sam.reload()
    expect(sam.locator("article.shared-card")).to_have_count(2)
    expect(sam.locator(".chip-new")).to_have_count(0)

    # Sam names the glimmer he noticed in the one with the photo.
    cards.nth(0).get_by_role("link", name="Name a glimmer you noticed in it").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text("A shared glimmer")
    sam.get_by_label("The glimmer you noticed in it").fill(NOTICED)
    sam.get_by_label("Their words that glimmered for you (optional)").fill(QUOTE)
    sam.get_by_label("The sense it touched (optional)").select_option(label="sight")
    looks(sam, "06-reply-form-large-text")
    sam.get_by_role("button", name="Send it to them").click()
    expect(sam).to_have_url(re.compile(rf"/circles/{circle.pk}/#share-{second_share.pk}$"))
    expect(sam.get_by_role("status")).to_contain_text("Your reply is there for them to find.")
    reply = Reply.objects.get(share=second_share)
    assert (reply.noticed, reply.quote, reply.sense.slug) == (NOTICED, QUOTE, "sight")

    # Olena sees his reply under her glimmer: what he noticed, her words, the sense.
    olena.goto(f"/circles/{circle.pk}/")
    mine = olena.locator(f"#share-{second_share.pk}")
    replies = mine.locator(".reply")
    expect(replies).to_have_count(1)
    expect(replies).to_contain_text(f"sam noticed: {NOTICED}")
    expect(replies.locator("blockquote")).to_have_text(QUOTE)
    expect(replies).to_contain_text("It touched sight.")
    looks(olena, "07-circle-with-reply")

    # Marta sees it too, until olena hides it.
    marta.goto(f"/circles/{circle.pk}/")
    expect(marta.get_by_text(NOTICED)).to_be_visible()
    replies.get_by_role("button", name="Hide this reply").click()
    expect(olena.get_by_role("status")).to_contain_text("Hidden. Only you and its writer see it.")
    expect(olena.locator(".reply.is-hidden")).to_contain_text(NOTICED)
    marta.reload()
    expect(marta.locator("article.shared-card")).to_have_count(2)
    expect(marta.get_by_text(NOTICED)).to_have_count(0)
    sam.goto(f"/circles/shared/{second_share.pk}/")
    expect(sam.locator(".reply.is-hidden")).to_contain_text("Hidden: only its writer")

    # Olena stops sharing the glimmer with the photo, from its own page.
    photo_address = thumbnail.get_attribute("src")
    assert sam.request.get(photo_address).status == 200
    olena.goto(f"/glimmers/{remembered.pk}/")
    sharing.get_by_role("button", name="Stop sharing it").click()
    expect(olena.get_by_role("status")).to_contain_text("It is no longer shared anywhere.")
    expect(sharing).to_contain_text("Only you see this glimmer.")

    # Sam's next page load no longer has it, nor its photo, nor its own address.
    sam.goto(f"/circles/{circle.pk}/")
    expect(sam.locator("article.shared-card")).to_have_count(1)
    expect(sam.get_by_text(WITH_PHOTO)).to_have_count(0)
    expect(sam.get_by_text(NOTICED)).to_have_count(0)
    expect(sam.get_by_text(CAUGHT)).to_be_visible()
    gone = sam.goto(f"/circles/shared/{second_share.pk}/")
    assert gone.status == 404
    expect(sam.get_by_text(WITH_PHOTO)).to_have_count(0)
    assert sam.request.get(photo_address).status == 404

    # The people page, as olena keeps it, with an invitation still open.
    olena.goto(f"/circles/{circle.pk}/people/")
    olena.get_by_label("Who it is for (optional, only you see this)").fill("my sister")
    olena.get_by_role("button", name="Make an invitation").click()
    olena.get_by_role("link", name="Done").click()
    expect(olena.get_by_text("my sister")).to_be_visible()
    looks(olena, "08-people-as-keeper")

    # Sam leaves; the circle is gone from his list and its address answers 404.
    sam.goto(f"/circles/{circle.pk}/")
    sam.get_by_role("link", name="Who is here").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text(f"People in {CIRCLE}")
    looks(sam, "09-people-as-member-large-text")
    sam.get_by_role("link", name="Leave the circle").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text(f"Leave {CIRCLE}?")
    looks(sam, "10-leave-large-text")
    sam.get_by_role("button", name="Leave the circle").click()
    expect(sam.get_by_role("status")).to_contain_text("You have left the circle.")
    expect(sam.get_by_role("link", name=CIRCLE)).to_have_count(0)
    assert sam.request.get(f"/circles/{circle.pk}/").status == 404
    assert not circle.memberships.filter(user=sam_user).exists()

    # Olena's glimmers are all still hers, as they were.
    assert Glimmer.objects.filter(owner=owner).count() == 2
    looks.assert_fine()
