"""The client's care page: links and their states, confirming, ending, the read log."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from glimmers.care.models import CareLink, Status, Suggestion
from tests.care.helpers import accepted, active, for_sessions, invite
from tests.factories import make_glimmer


def test_it_explains_care_links_and_offers_an_invitation(owner_client):
    page = owner_client.get("/care/").content.decode()
    assert "A care link lets someone who supports you" in page
    assert "Make the invitation" in page
    # The "not therapy" note and where to find help, at the top of the page.
    note = page[page.index('class="care-note"') : page.index("</aside>")]
    assert "it is not therapy and does not replace care." in note


def test_the_hosts_help_text_is_on_the_care_pages(owner_client, settings):
    settings.HELP_TEXT = "Call the Lifeline on 7333."
    page = owner_client.get("/care/").content.decode()
    top = page.index('class="care-note"')
    assert page.index("Call the Lifeline on 7333.") > top
    assert page.count("Call the Lifeline on 7333.") == 2  # at the top, and in the footer


def test_it_says_an_unused_invitation_ended(owner, owner_client):
    link, _ = invite(owner)
    CareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(days=1))
    page = owner_client.get("/care/").content.decode()
    assert "invitation ended unused" in page


def test_someone_waiting_is_shown_with_the_name_they_gave(owner, owner_client, carer):
    link = accepted(owner, carer)
    page = owner_client.get("/care/").content.decode()
    assert "as “Sam Carer”. Is this your carer?" in page
    assert f'action="/care/{link.pk}/confirm/"' in page
    assert not re.search(r"\bsam\b", page)  # never their sign-in name


def test_confirming_lets_the_carer_read(owner, owner_client, carer, carer_client):
    glimmer = make_glimmer(owner, "Light through the blinds")
    for_sessions(owner, glimmer)
    link = accepted(owner, carer)
    assert carer_client.get(f"/care/clients/{link.pk}/").status_code == 404

    response = owner_client.post(f"/care/{link.pk}/confirm/", follow=True)

    assert "Confirmed." in response.content.decode()
    link.refresh_from_db()
    assert link.status == Status.ACTIVE and link.confirmed_at
    assert carer_client.get(f"/care/clients/{link.pk}/").status_code == 200
    assert "Light through the blinds" in (
        carer_client.get(f"/care/clients/{link.pk}/glimmers/").content.decode()
    )


def test_not_this_person_ends_it_and_they_see_nothing(owner, owner_client, carer, carer_client):
    link = accepted(owner, carer)
    owner_client.post(f"/care/{link.pk}/end/")
    link.refresh_from_db()
    assert link.status == Status.ENDED
    assert carer_client.get(f"/care/clients/{link.pk}/").status_code == 404
    assert "Waiting for your client" not in carer_client.get("/care/clients/").content.decode()
    # A confirmation that comes too late does not bring it back.
    response = owner_client.post(f"/care/{link.pk}/confirm/", follow=True)
    assert "There is nobody waiting to be confirmed on this link." in response.content.decode()
    link.refresh_from_db()
    assert link.status == Status.ENDED


def test_an_invitation_nobody_took_up_cannot_be_confirmed(owner, owner_client):
    link, _ = invite(owner)
    response = owner_client.post(f"/care/{link.pk}/confirm/", follow=True)
    assert "There is nobody waiting to be confirmed on this link." in response.content.decode()
    link.refresh_from_db()
    assert link.status == Status.INVITED


def test_ending_asks_first_and_then_ends(owner, owner_client, carer, carer_client):
    link = active(owner, carer)
    question = owner_client.get(f"/care/{link.pk}/end/")
    assert "End the link with my counsellor?" in question.content.decode()
    link.refresh_from_db()
    assert link.status == Status.ACTIVE

    response = owner_client.post(f"/care/{link.pk}/end/", follow=True)

    assert "my counsellor sees nothing of yours from now on" in response.content.decode()
    link.refresh_from_db()
    assert link.status == Status.ENDED and link.ended_at
    assert carer_client.get(f"/care/clients/{link.pk}/").status_code == 404
    assert f"/care/clients/{link.pk}/" not in carer_client.get("/care/clients/").content.decode()


def test_ending_withdraws_the_suggestions_still_waiting(owner, owner_client, carer):
    from glimmers.care import services

    link = active(owner, carer)
    services.suggest(carer, link, "Notice one sound")
    tried = services.suggest(carer, link, "Notice one smell")
    services.answer(owner, tried, "tried")

    owner_client.post(f"/care/{link.pk}/end/")

    assert list(Suggestion.objects.values_list("text", flat=True)) == ["Notice one smell"]
    assert "Notice one" not in owner_client.get("/").content.decode()


def test_the_read_log_stays_with_the_client_after_the_end(owner, owner_client, carer, carer_client):
    link = active(owner, carer)
    carer_client.get(f"/care/clients/{link.pk}/")
    owner_client.post(f"/care/{link.pk}/end/")

    page = owner_client.get("/care/").content.decode()
    assert "Ended" in page
    log = owner_client.get(f"/care/{link.pk}/log/").content.decode()
    assert "My counsellor opened your summary on" in log


def test_the_care_page_lists_only_ones_own_links(owner, other_client, carer):
    link = active(owner, carer, label="Dr. Petrenko")
    page = other_client.get("/care/").content.decode()
    assert str(link.pk) not in page
    assert "Dr. Petrenko" not in page


def test_a_carer_who_deletes_their_account_leaves_the_clients_log_behind(
    owner, owner_client, carer, carer_client
):
    from glimmers.care import services
    from glimmers.yourdata.deletion.services import delete_account

    link = active(owner, carer)
    carer_client.get(f"/care/clients/{link.pk}/")
    services.suggest(carer, link, "Notice one sound")

    delete_account(carer)

    page = owner_client.get("/care/").content.decode()
    assert "ended: they closed their account" in page
    assert "See it as they do" not in page
    assert "Notice one sound" not in owner_client.get("/").content.decode()
    log = owner_client.get(f"/care/{link.pk}/log/").content.decode()
    assert "My counsellor opened your summary on" in log
    assert "my counsellor sees nothing now" in (
        owner_client.get(f"/care/{link.pk}/as-carer/").content.decode()
    )


def test_the_care_page_shows_the_five_newest_reads_of_each_link(owner, owner_client, carer):
    from glimmers.care import services

    link = active(owner, carer)
    for page in ["summary"] * 3 + ["glimmers"] * 5:
        services.note_read(carer, link, page)
    html = owner_client.get("/care/").content.decode()
    log = html[html.index('class="read-log"') : html.index("Everything they opened")]
    assert log.count("<li>") == 5
    assert "opened your summary" not in log  # the three oldest
