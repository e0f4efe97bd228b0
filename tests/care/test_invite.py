"""Inviting a carer: a code shown once, kept only as a fingerprint, for 14 days."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from glimmers import invites
from glimmers.care.models import CareLink, Status

VALID = {
    "label": "my counsellor",
    "client_name": "Olena",
    "scope": "sessions",
}


def _code(response) -> str:
    return re.search(r'data-testid="care-code">([^<]+)<', response.content.decode()).group(1)


def test_it_makes_an_invitation_and_shows_its_code_once(owner, owner_client):
    response = owner_client.post("/care/invite/", VALID)

    assert response.status_code == 200
    code = _code(response)
    assert invites.normalise(code) == code
    assert f"/care/join/{code}/" in response.content.decode()
    link = CareLink.objects.get(owner=owner)
    assert link.status == Status.INVITED
    assert link.label == "my counsellor"
    assert link.client_name == "Olena"
    # Only a fingerprint is kept; the care page never shows the code again.
    assert link.code_hash == invites.code_hash(code)
    assert code not in owner_client.get("/care/").content.decode()


def test_it_ends_the_invitation_after_fourteen_days(owner, owner_client):
    owner_client.post("/care/invite/", VALID)
    link = CareLink.objects.get(owner=owner)
    assert link.expires_at - timezone.now() == pytest.approx(
        timedelta(days=14), abs=timedelta(minutes=1)
    )


def test_it_keeps_the_chosen_scope(owner, owner_client):
    owner_client.post(
        "/care/invite/",
        {**VALID, "scope": "since", "since": "2025-01-02", "with_photos": "on", "tell_tried": "on"},
    )
    link = CareLink.objects.get(owner=owner)
    assert (link.scope, str(link.since), link.with_photos, link.tell_tried) == (
        "since",
        "2025-01-02",
        True,
        True,
    )
    assert (link.with_insights, link.with_triggers) == (False, False)


def test_it_forgets_a_date_when_sharing_only_marked_glimmers(owner, owner_client):
    owner_client.post("/care/invite/", {**VALID, "scope": "sessions", "since": "2025-01-02"})
    assert CareLink.objects.get(owner=owner).since is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"label": "  "}, "Say who they are to you"),
        ({"client_name": ""}, "Give the name they know you by"),
        ({"label": "x" * 81}, "A shorter name, please: up to 80 characters."),
        ({"scope": "everything"}, "Choose one of the two ways to share."),
        ({"scope": ""}, "Choose what they may read."),
        ({"scope": "since"}, "Choose the first day they may read."),
        ({"scope": "since", "since": "next tuesday"}, "Write the day as a date"),
        ({"scope": "since", "since": "1200-01-01"}, "Choose a date between 1900 and 2100."),
        ({"scope": "since", "since": "2099-01-01"}, "Choose today or a day before it."),
    ],
)
def test_bad_input_changes_nothing_and_says_why(owner, owner_client, changes, message):
    response = owner_client.post("/care/invite/", {**VALID, **changes})

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "This field is required" not in page
    assert not CareLink.objects.filter(owner=owner).exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, owner):
    response = client.post("/care/invite/", VALID)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not CareLink.objects.exists()


def test_it_answers_only_post(owner_client):
    assert owner_client.get("/care/invite/").status_code == 405
