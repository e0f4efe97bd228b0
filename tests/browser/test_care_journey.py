"""A care link, end to end, in two browsers: the client's and the carer's.

The client invites their counsellor and marks a glimmer for their sessions; the
counsellor takes the invitation up (ticking that they are a counsellor); the
client confirms them; the counsellor reads the summary and the glimmer; the
client sees both reads in the log; the counsellor suggests a practice, which the
client tries from Today; the client ends the link while the counsellor's page
is still open, and the counsellor's next click finds nothing.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import make_glimmer, make_user

pytestmark = pytest.mark.browser

WORDS = "Sunlight across the bookshelf, dust floating in it"


def test_a_care_link_from_invitation_to_the_end(owner, new_context, live_server, screenshot):
    from glimmers.care.models import CareLink, CareRead, Status
    from glimmers.journal.models import Sense

    glimmer = make_glimmer(
        owner, WORDS, senses=list(Sense.objects.filter(owner=None, slug__in=["sight"]))
    )
    make_glimmer(owner, "A private moment, not for sessions")
    counsellor = make_user("sam", time_zone="Europe/London")

    client_context = new_context(timezone_id="Europe/Kyiv")
    sign_in(client_context, owner, live_server.url)
    client = client_context.new_page()
    carer_context = new_context()
    sign_in(carer_context, counsellor, live_server.url)
    carer = carer_context.new_page()

    # The client makes an invitation: who it is for, their own name, and what may be read.
    client.goto("/care/")
    expect(client.get_by_role("heading", level=1)).to_have_text("Care: your therapist or coach")
    expect(client.locator(".care-note")).to_contain_text("it is not therapy")
    client.get_by_label("Who they are to you").fill("my counsellor")
    client.get_by_label("Your name, as they will see it").fill("Olena")
    client.get_by_label("Let them see whether I tried what they suggest").check()
    client.get_by_role("button", name="Make the invitation").click()
    expect(client.get_by_role("heading", level=1)).to_have_text("An invitation for my counsellor")
    code = client.get_by_test_id("care-code").inner_text()
    join_link = client.get_by_test_id("care-join-link").get_attribute("href")
    assert join_link.endswith(f"/care/join/{code}/")
    screenshot(client, "01-invitation")

    # Then marks one glimmer for the sessions, from the glimmer's own page.
    client.goto(f"/glimmers/{glimmer.pk}/")
    client.get_by_role("button", name="Mark for my sessions").click()
    expect(client.get_by_role("status")).to_contain_text("Marked for your sessions.")

    # The counsellor opens the link, says they are a counsellor, and gives their name.
    carer.goto(join_link)
    expect(carer.locator(".lede")).to_contain_text(
        "Olena invites you to read part of their glimmer journal"
    )
    carer.get_by_label("Your name, as your client will see it").fill("Sam Petrenko")
    carer.get_by_label("I am a therapist, counsellor or coach").check()
    carer.get_by_role("button", name="Take it up").click()
    expect(carer.get_by_role("heading", name="Waiting for your client to confirm")).to_be_visible()
    expect(carer.get_by_role("link", name="Olena")).to_have_count(0)
    link = CareLink.objects.get(owner=owner)
    assert carer.request.get(f"/care/clients/{link.pk}/").status == 404

    # The client confirms it is them.
    client.goto("/care/")
    expect(client.locator(".care-link.is-waiting")).to_contain_text("as “Sam Petrenko”")
    client.get_by_role("button", name="Confirm").click()
    expect(client.get_by_role("status")).to_contain_text("Confirmed.")

    # The counsellor reads the summary first, then the glimmer, one step away.
    carer.goto("/care/clients/")
    carer.get_by_role("link", name="Olena").click()
    expect(carer.get_by_role("heading", level=1)).to_have_text("Olena")
    expect(carer.get_by_role("heading", name="This week at a glance")).to_be_visible()
    expect(carer.get_by_text("A private moment")).to_have_count(0)
    screenshot(carer, "02-carer-summary")
    carer.get_by_role("link", name=WORDS).click()
    expect(carer.get_by_role("heading", level=2, name=WORDS)).to_be_visible()
    expect(carer.locator(".facts")).to_contain_text("sight")
    assert list(CareRead.objects.order_by("at").values_list("page", flat=True)) == [
        "summary",
        "glimmer",
    ]

    # The client sees both reads, in their own words and time.
    client.goto("/care/")
    log = client.locator(".read-log").first
    expect(log).to_contain_text("My counsellor opened one of your glimmers on")
    expect(log).to_contain_text("My counsellor opened your summary on")
    screenshot(client, "03-client-care-page")

    # The counsellor suggests a small practice.
    carer.get_by_role("link", name="Summary").click()
    carer.get_by_role("link", name="Suggest a prompt or practice").click()
    carer.get_by_label("In your own words").fill("On your walk home, notice one sound.")
    carer.get_by_role("button", name="Suggest it").click()
    expect(carer.get_by_role("status")).to_contain_text("Sent.")

    # It waits on the client's Today; they try it.
    client.goto("/")
    card = client.locator(".suggestion-card")
    expect(card).to_contain_text("A suggestion from my counsellor")
    expect(card).to_contain_text("On your walk home, notice one sound.")
    screenshot(client, "04-today-suggestion")
    card.get_by_role("button", name="Try it").click()
    expect(client.get_by_role("status")).to_contain_text("It stays here until the day ends.")
    expect(client.locator(".suggestion-card")).to_contain_text("You’re trying today")

    # The client allowed it, so the counsellor sees that it was tried (and nothing more).
    carer.reload()
    expect(carer.locator("table.answers")).to_contain_text("tried")
    screenshot(carer, "05-carer-summary-tried")

    # The client ends the link while the counsellor's page is still open…
    client.goto("/care/")
    client.get_by_role("link", name="End the link").click()
    client.get_by_role("button", name="End the link").click()
    expect(client.get_by_role("status")).to_contain_text("sees nothing of yours from now on")
    link.refresh_from_db()
    assert link.status == Status.ENDED

    # …and the counsellor's very next click finds nothing.
    with carer.expect_navigation() as went:
        carer.get_by_role("link", name="Read the glimmers").click()
    assert went.value.status == 404
    expect(carer.get_by_role("heading", level=1)).to_have_text("Nothing here")
    expect(carer.get_by_text(WORDS)).to_have_count(0)
    carer.goto("/care/clients/")
    expect(carer.get_by_role("link", name="Olena")).to_have_count(0)

    # What was read stays on the client's page.
    client.goto(f"/care/{link.pk}/log/")
    expect(client.locator(".read-log")).to_contain_text(
        re.compile(r"My counsellor opened your summary on \d+ \w+ \d{4} at \d\d:\d\d\.")
    )
    screenshot(client, "06-client-log-after-the-end")
