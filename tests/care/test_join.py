"""Taking up a care invitation: by link or typed code, once, within 14 days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from glimmers.accounts.models import FailedAttempt
from glimmers.care import services
from glimmers.care.models import CareLink, Status
from tests.care.helpers import invite
from tests.factories import PASSWORD


@pytest.fixture
def made(owner):
    """An open invitation from Olena: (link, code)."""
    return invite(owner)


def test_it_shows_what_the_invitation_says_and_nothing_more(carer_client, made):
    _, code = made
    page = carer_client.get(f"/care/join/{code}/").content.decode()
    assert "Olena invites you to read part of their glimmer journal, as “my counsellor”." in page
    assert "olena" not in page  # never the sign-in name


def test_a_carer_takes_it_up_and_sees_nothing_until_confirmed(carer, carer_client, made):
    link, code = made
    response = carer_client.post(f"/care/join/{code}/", {"carer_name": " Sam   Carer "})

    assert response.status_code == 302
    assert response["Location"] == "/care/clients/"
    link.refresh_from_db()
    assert (link.status, link.carer, link.carer_name) == (Status.ACCEPTED, carer, "Sam Carer")
    assert link.code_hash is None
    clients = carer_client.get("/care/clients/").content.decode()
    assert "Waiting for your client to confirm" in clients
    assert f"/care/clients/{link.pk}/" not in clients
    assert carer_client.get(f"/care/clients/{link.pk}/").status_code == 404
    assert carer_client.get(f"/care/clients/{link.pk}/glimmers/").status_code == 404


def test_a_typed_code_is_forgiven_its_case_and_spaces(carer_client, made):
    _, code = made
    typed = code.lower().replace("-", " ")
    response = carer_client.post("/care/join/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/care/join/{code}/"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type or paste the code your client gave you."),
        ("hello", "That doesn’t look like an invitation code"),
        ("x" * 41, "That is longer than an invitation code"),
    ],
)
def test_a_typed_code_that_cannot_be_one_is_refused_kindly(carer_client, typed, message):
    response = carer_client.post("/care/join/", {"code": typed})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_code_works_only_once(owner, carer, carer_client, stranger, stranger_client, made):
    from tests.care.helpers import make_carer

    link, code = made
    carer_client.post(f"/care/join/{code}/", {"carer_name": "Sam"})
    make_carer(stranger)

    response = stranger_client.post(f"/care/join/{code}/", {"carer_name": "Someone else"})

    assert response.status_code == 404
    assert "That invitation can’t be used" in response.content.decode()
    link.refresh_from_db()
    assert link.carer == carer


def test_a_code_past_its_fourteen_days_opens_nothing(carer_client, made):
    link, code = made
    CareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert carer_client.get(f"/care/join/{code}/").status_code == 404
    response = carer_client.post(f"/care/join/{code}/", {"carer_name": "Sam"})
    assert response.status_code == 404
    link.refresh_from_db()
    assert (link.status, link.carer) == (Status.INVITED, None)


def test_a_withdrawn_code_opens_nothing(owner, owner_client, carer_client, made):
    link, code = made
    owner_client.post(f"/care/{link.pk}/end/")
    assert carer_client.get(f"/care/join/{code}/").status_code == 404


def test_ones_own_invitation_cannot_be_taken_up(owner, owner_client, made):
    from tests.care.helpers import make_carer

    make_carer(owner)
    link, code = made
    response = owner_client.post(f"/care/join/{code}/", {"carer_name": "Me"})
    assert "This is your own invitation" in response.content.decode()
    link.refresh_from_db()
    assert link.status == Status.INVITED


def test_someone_not_yet_marked_as_a_carer_is_asked_and_must_tick(other, other_client, made):
    link, code = made
    page = other_client.get(f"/care/join/{code}/").content.decode()
    assert "I am a therapist, counsellor or coach" in page

    refused = other_client.post(f"/care/join/{code}/", {"carer_name": "Sam"})
    assert refused.status_code == 400
    assert "Care invitations are for therapists, counsellors and coaches." in (
        refused.content.decode()
    )
    other.refresh_from_db()
    link.refresh_from_db()
    assert (other.is_carer, link.status) == (False, Status.INVITED)

    taken = other_client.post(f"/care/join/{code}/", {"carer_name": "Sam", "is_carer": "on"})
    assert taken.status_code == 302
    other.refresh_from_db()
    link.refresh_from_db()
    assert (other.is_carer, link.status, link.carer) == (True, Status.ACCEPTED, other)


def test_a_name_is_needed_so_the_client_can_tell_it_is_them(carer_client, made):
    link, code = made
    response = carer_client.post(f"/care/join/{code}/", {"carer_name": "   "})
    assert response.status_code == 400
    assert "Give the name your client knows you by" in response.content.decode()
    link.refresh_from_db()
    assert link.status == Status.INVITED


def test_someone_without_an_account_can_sign_in_or_make_one(client, made):
    _, code = made
    page = client.get(f"/care/join/{code}/").content.decode()
    assert f'href="/accounts/login/?next=%2Fcare%2Fjoin%2F{code}%2F"' in page
    assert "Make my account and take it up" in page
    assert "autofocus" not in page  # the invitation is read first


def test_an_account_made_from_an_invitation_is_a_carer_even_without_open_sign_up(
    client, settings, made
):
    settings.OPEN_SIGNUP = False
    link, code = made
    response = client.post(
        f"/care/join/{code}/",
        {
            "username": "dr-shevchenko",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "Europe/Kyiv",
            "carer_name": "Dr. Shevchenko",
            "is_carer": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/care/clients/"
    made_user = get_user_model().objects.get(username="dr-shevchenko")
    assert made_user.is_carer
    link.refresh_from_db()
    assert (link.carer, link.status, link.carer_name) == (
        made_user,
        Status.ACCEPTED,
        "Dr. Shevchenko",
    )
    # Signed in as the new account.
    assert client.get("/care/clients/").status_code == 200


def test_an_account_with_bad_details_is_not_made_and_the_invitation_stays_open(client, made):
    link, code = made
    response = client.post(
        f"/care/join/{code}/",
        {"username": "dr", "password1": PASSWORD, "password2": "different", "carer_name": ""},
    )
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="dr").exists()
    link.refresh_from_db()
    assert link.status == Status.INVITED


def test_making_accounts_from_invitations_is_throttled_like_sign_up(client, settings, made):
    _, code = made
    for _ in range(10):
        client.post(f"/care/join/{code}/", {"username": ""})
    response = client.post(f"/care/join/{code}/", {"username": ""})
    assert response.status_code == 429
    assert "paused" in response.content.decode()


def test_guessing_codes_is_paused_and_a_pause_opens_nothing(carer_client, made):
    _, real = made
    for n in range(10):
        response = carer_client.get(f"/care/join/AAAA-BBBB-{n:04d}/".replace("0", "3"))
        assert response.status_code == 404
    assert FailedAttempt.objects.filter(key__startswith="invite:").count() == 10

    paused = carer_client.get(f"/care/join/{real}/")
    assert paused.status_code == 429
    assert "Several invitation codes that open nothing were tried from here" in (
        paused.content.decode()
    )
    assert paused["Retry-After"]


def test_the_carer_is_told_the_client_confirms_next(carer_client, made):
    _, code = made
    response = carer_client.post(f"/care/join/{code}/", {"carer_name": "Sam"}, follow=True)
    assert "Olena will now confirm that it is you" in response.content.decode()


def test_two_carers_with_one_code_never_both_take_it_up(owner, carer, stranger, made, monkeypatch):
    """The second take-up finds the invitation used, even holding the row as it was read
    before the first one wrote (two requests at the same moment)."""
    from django.core.exceptions import ValidationError

    from tests.care.helpers import make_carer

    link, code = made
    stale = CareLink.objects.get(pk=link.pk)
    make_carer(stranger)
    services.accept(carer, code, carer_name="Sam")
    monkeypatch.setattr(services, "open_invite", lambda typed: stale)

    with pytest.raises(ValidationError):
        services.accept(stranger, code, carer_name="Stranger")
    link.refresh_from_db()
    assert (link.carer, link.carer_name) == (carer, "Sam")
