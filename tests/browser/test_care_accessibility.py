"""axe-core on the care pages, the client's and the carer's, in light and in dark.

As in test_accessibility.py, only "serious" and "critical" findings fail, and
the message lists them all; the pages are phone wide, and none may scroll
sideways.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_practice_accessibility import Checker
from tests.factories import make_glimmer, make_trigger, make_user, upload

pytestmark = pytest.mark.browser


def a_client_with_care(owner, carer):
    """Olena with an active link (reads, suggestions, everything shared), one waiting for
    her to confirm, an open invitation and an ended link."""
    from glimmers.care import services
    from glimmers.journal import services as journal
    from glimmers.journal.models import Sense, State
    from glimmers.journal.photos import clean_photo
    from glimmers.practice import services as practice
    from tests.care.helpers import accepted, active, invite, make_carer

    rich = make_glimmer(
        owner,
        "Sun on the back step with tea #morning",
        senses=list(Sense.objects.filter(owner=None, slug__in=["sight", "touch"])),
        state_before=State.MOBILIZED,
        state_after=State.SAFE,
        place="the back step",
        new_people=["Mum"],
        gratitude="For the warm mug.",
    )
    journal.add_photo(owner, rich, clean_photo(upload()))
    make_glimmer(owner, "A blackbird after the rain")
    make_trigger(owner, "A door slammed downstairs", intensity=6)
    for day in range(3):
        practice.answer_question(
            owner, date.today() - timedelta(days=day), prompt=None, likelihood=3 + day
        )
    link = active(
        owner,
        carer,
        scope="since",
        since=date.today() - timedelta(days=30),
        with_photos=True,
        with_insights=True,
        with_triggers=True,
        tell_tried=True,
    )
    tried = services.suggest(carer, link, "On your walk home, notice one sound.")
    services.answer(owner, tried, "tried")
    services.suggest(carer, link, "Before sleep, name one thing that softened you today.")
    for page in ("summary", "glimmers"):
        services.note_read(carer, link, page)
    services.note_read(carer, link, "glimmer", rich.pk)

    coach = make_carer(make_user("coach"))
    accepted(owner, coach, label="my coach")
    invite(owner, "my group leader")
    ended = active(owner, make_carer(make_user("former")), label="my old therapist")
    services.end(owner, ended)
    return {"link": link, "glimmer": rich}


def test_the_clients_care_pages_have_no_serious_problems(
    owner, owner_page, live_server, screenshot
):
    carer = make_user("sam")
    made = a_client_with_care(owner, carer)
    link, glimmer = made["link"], made["glimmer"]
    page = owner_page
    check = Checker(page, screenshot)

    page.goto("/care/")
    expect(page.get_by_role("heading", name="Your care links")).to_be_visible()
    page.locator("main details").evaluate_all("all => all.forEach(d => { d.open = true; })")
    check("/care/", "care-index")

    page.get_by_role("button", name="Make the invitation").click()
    expect(page.locator(".form-errors")).to_be_visible()
    check("/care/invite/ (with errors)", "care-invite-errors")

    page.get_by_label("Who they are to you").fill("my counsellor")
    page.get_by_label("Your name, as they will see it").fill("Olena")
    page.get_by_role("button", name="Make the invitation").click()
    expect(page.get_by_test_id("care-code")).to_be_visible()
    check("/care/invite/ (made)", "care-invite-made")

    for address, name in (
        (f"/care/{link.pk}/scope/", "care-scope"),
        (f"/care/{link.pk}/end/", "care-end"),
        (f"/care/{link.pk}/log/", "care-log"),
        (f"/care/{link.pk}/as-carer/", "care-as-carer"),
        (f"/care/{link.pk}/as-carer/glimmers/", "care-as-carer-glimmers"),
        (f"/care/{link.pk}/as-carer/glimmers/{glimmer.pk}/", "care-as-carer-glimmer"),
        (f"/care/{link.pk}/as-carer/hard-moments/", "care-as-carer-hard-moments"),
        ("/", "today-with-suggestion"),
        (f"/glimmers/{glimmer.pk}/", "glimmer-for-sessions"),
    ):
        page.goto(address)
        check(address, name)

    page.goto(f"/care/{link.pk}/scope/")
    page.get_by_label("all my glimmers since a date").check()
    page.get_by_label("From this day").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".form-errors")).to_be_visible()
    check("/care/…/scope/ (with errors)")
    check.assert_clean()


def test_the_carers_pages_have_no_serious_problems(owner, new_context, live_server, screenshot):
    from tests.care.helpers import invite, make_carer

    carer = make_carer(make_user("sam"))
    made = a_client_with_care(owner, carer)
    link, glimmer = made["link"], made["glimmer"]
    context = new_context()
    sign_in(context, carer, live_server.url)
    page = context.new_page()
    check = Checker(page, screenshot)

    for address, name in (
        ("/care/clients/", "carer-clients"),
        (f"/care/clients/{link.pk}/", "carer-summary"),
        (f"/care/clients/{link.pk}/glimmers/", "carer-glimmers"),
        (f"/care/clients/{link.pk}/glimmers/{glimmer.pk}/", "carer-glimmer"),
        (f"/care/clients/{link.pk}/hard-moments/", "carer-hard-moments"),
        (f"/care/clients/{link.pk}/suggest/", "carer-suggest"),
        ("/care/join/", "carer-join"),
    ):
        page.goto(address)
        check(address, name)

    page.goto(f"/care/clients/{link.pk}/suggest/")
    page.get_by_role("button", name="Suggest it").click()
    expect(page.locator(".form-errors")).to_be_visible()
    check("/care/clients/…/suggest/ (with errors)")

    page.goto("/care/join/")
    page.get_by_label("Invitation code").fill("nope")
    page.get_by_role("button", name="Open it").click()
    expect(page.locator(".form-errors")).to_be_visible()
    check("/care/join/ (with errors)")

    # Someone not yet marked as a carer opens an invitation; then someone with no account.
    _, code = invite(owner, "my new counsellor")
    stranger = make_user("newcomer")
    context = new_context()
    sign_in(context, stranger, live_server.url)
    page = context.new_page()
    check.page = page
    page.goto(f"/care/join/{code}/")
    expect(page.get_by_label("I am a therapist, counsellor or coach")).to_be_visible()
    check(f"/care/join/{code}/ (signed in)", "carer-join-accept")

    page = new_context().new_page()
    check.page = page
    page.goto(f"/care/join/{code}/")
    expect(page.get_by_role("button", name="Make my account and take it up")).to_be_visible()
    check(f"/care/join/{code}/ (no account)", "carer-join-newcomer")
    check.assert_clean()
