"""Making a circle, inviting, joining (with or without an account), leaving, removing,
handing on."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from glimmers.access import circles
from glimmers.circles import services
from glimmers.circles.models import Circle, Invite, Membership, Reply, Share
from tests.circles.conftest import code_for
from tests.factories import PASSWORD, make_glimmer


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_makes_a_circle_kept_by_its_maker(owner, owner_client):
    response = owner_client.post("/circles/new/", {"name": "  Tuesday   group ", "description": ""})
    assert response.status_code == 302
    made = circles(owner).get()
    assert made.name == "Tuesday group"
    assert made.owner == owner


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_circle_needs_a_short_name(owner_client, name):
    response = owner_client.post("/circles/new/", {"name": name})
    assert response.status_code == 400
    assert not Circle.objects.exists()
    assert "name" in _page(response).lower()


def test_an_invitation_is_shown_once_and_kept_only_as_a_hash(owner, owner_client, circle):
    response = owner_client.post(f"/circles/{circle.pk}/invite/", {"note": "Aunt Olha"})
    code = response.context["code"]
    assert code in _page(response)
    assert f"/circles/join/{code}/" in _page(response)
    assert not Invite.objects.filter(code_hash__contains=code.replace("-", "")).exists()
    assert code not in _page(owner_client.get(f"/circles/{circle.pk}/people/"))
    assert "Aunt Olha" in _page(owner_client.get(f"/circles/{circle.pk}/people/"))


def test_only_the_keeper_invites(other_client, circle):
    response = other_client.post(f"/circles/{circle.pk}/invite/", {"note": "x"})
    assert response.status_code == 404


def test_joining_shows_the_circles_name_then_joins(owner, third, circle):
    code = code_for(circle, owner)
    client = _signed_in(third)
    page = _page(client.get(f"/circles/join/{code}/"))
    assert "Mum and me" in page
    assert not circles(third).exists()
    response = client.post(f"/circles/join/{code}/", {"code": code, "join": "1"})
    assert response.status_code == 302
    assert circles(third).get() == circle


def test_a_code_typed_by_hand_is_forgiven_its_case_and_spaces(owner, third, circle):
    code = code_for(circle, owner)
    typed = code.lower().replace("-", " ")
    client = _signed_in(third)
    response = client.post("/circles/join/", {"code": typed})
    assert response.status_code == 200
    assert "Join the circle" in _page(response)


def test_an_invitation_works_once(owner, third, stranger, circle):
    code = code_for(circle, owner)
    services.join(third, code)
    response = _signed_in(stranger).post(f"/circles/join/{code}/", {"code": code, "join": "1"})
    assert response.status_code == 404
    assert "can’t be used" in _page(response)
    assert not circles(stranger).exists()


def test_an_invitation_ends_after_seven_days(owner, third, circle):
    code = code_for(circle, owner)
    Invite.objects.filter(used_at=None).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _signed_in(third).get(f"/circles/join/{code}/")
    assert response.status_code == 404
    assert not circles(third).exists()


def test_a_withdrawn_invitation_opens_nothing(owner, owner_client, third, circle):
    owner_client.post(f"/circles/{circle.pk}/invite/", {})
    invite = Invite.objects.filter(used_at=None).get()
    code = services.invite(owner, circle)[1]  # a second one, still open
    owner_client.post(f"/circles/{circle.pk}/invites/{invite.pk}/withdraw/")
    assert Invite.objects.get(pk=invite.pk).withdrawn_at is not None
    assert Invite.objects.filter(withdrawn_at=None, used_at=None).count() == 1
    assert _signed_in(third).get(f"/circles/join/{code}/").status_code == 200


def test_someone_else_cannot_withdraw_an_invitation(owner, other_client, circle):
    invite, _code = services.invite(owner, circle)
    assert (
        other_client.post(f"/circles/{circle.pk}/invites/{invite.pk}/withdraw/").status_code == 404
    )
    assert Invite.objects.get(pk=invite.pk).withdrawn_at is None


@pytest.mark.parametrize("typed", ["", "hello", "K7QM-4XRT", "!!!!-????-####"])
def test_a_wrong_code_gets_a_clear_message(third, typed):
    response = _signed_in(third).post("/circles/join/", {"code": typed})
    assert response.status_code in (400, 404)
    assert "code" in _page(response).lower()
    assert not Membership.objects.filter(user=third).exists()


def test_guessing_codes_is_slowed_down(third):
    client = _signed_in(third)
    for _ in range(10):
        client.post("/circles/join/", {"code": "AAAA-BBBB-CCCC"})
    response = client.post("/circles/join/", {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 429


@override_settings(OPEN_SIGNUP=False)
def test_someone_without_an_account_makes_one_from_the_invitation(owner, circle):
    code = code_for(circle, owner)
    client = Client()
    page = _page(client.get(f"/circles/join/{code}/"))
    assert "Mum and me" in page
    assert "sign in" in page.lower()
    response = client.post(
        f"/circles/join/{code}/",
        {
            "make_account": "1",
            "username": "babusia",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "Europe/Kyiv",
        },
    )
    assert response.status_code == 302, _page(response)
    joined = Membership.objects.get(user__username="babusia")
    assert joined.circle == circle
    assert "Mum and me" in _page(client.get(response["Location"]))


@override_settings(OPEN_SIGNUP=False)
def test_open_sign_up_stays_closed_without_an_invitation(owner):
    assert Client().get("/accounts/signup/").status_code == 404
    assert Client().get("/circles/join/AAAA-BBBB-CCCC/").status_code == 404


def test_a_bad_new_account_changes_nothing(owner, circle):
    code = code_for(circle, owner)
    response = Client().post(
        f"/circles/join/{code}/",
        {"make_account": "1", "username": "", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 400
    assert Membership.objects.count() == 2
    assert Invite.objects.filter(used_at=None).count() == 1


def test_leaving_takes_what_one_shared_there_along(owner, other, other_client, circle):
    mine = make_glimmer(other, "Sam's sunrise")
    services.share(other, mine, [circle])
    olenas = services.share(owner, make_glimmer(owner, "Olena's tea"), [circle])[0]
    services.reply(other, olenas, "The steam")
    response = other_client.post(f"/circles/{circle.pk}/leave/")
    assert response.status_code == 302
    assert not Share.objects.filter(owner=other).exists()
    assert not Reply.objects.filter(owner=other).exists()
    assert Share.objects.filter(owner=owner).exists()
    # Their own journal is untouched, and the circle is closed to them.
    assert other_client.get(f"/glimmers/{mine.pk}/").status_code == 200
    assert other_client.get(f"/circles/{circle.pk}/").status_code == 404


def test_the_keeper_hands_on_before_leaving(owner, owner_client, other, circle):
    response = owner_client.post(f"/circles/{circle.pk}/leave/")
    assert response.status_code == 302
    assert Membership.objects.filter(user=owner, circle=circle).exists()
    owner_client.post(f"/circles/{circle.pk}/people/{other.pk}/hand-on/")
    assert Circle.objects.get().owner == other
    owner_client.post(f"/circles/{circle.pk}/leave/")
    assert not Membership.objects.filter(user=owner).exists()
    assert Circle.objects.get().owner == other


def test_the_keeper_alone_leaving_closes_the_circle(owner, owner_client):
    alone = services.make_circle(owner, "Just me")
    owner_client.post(f"/circles/{alone.pk}/leave/")
    assert not Circle.objects.filter(pk=alone.pk).exists()


def test_the_keeper_removes_someone(owner_client, other, other_client, circle):
    services.share(other, make_glimmer(other, "Sam's walk"), [circle])
    response = owner_client.post(f"/circles/{circle.pk}/people/{other.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(user=other).exists()
    assert "Sam's walk" not in _page(owner_client.get(f"/circles/{circle.pk}/"))
    assert other_client.get(f"/circles/{circle.pk}/").status_code == 404


def test_a_member_cannot_remove_or_hand_on(owner, other_client, circle):
    assert other_client.post(f"/circles/{circle.pk}/people/{owner.pk}/remove/").status_code == 404
    assert other_client.post(f"/circles/{circle.pk}/people/{owner.pk}/hand-on/").status_code == 404
    assert Circle.objects.get().owner == owner
    assert Membership.objects.count() == 2


@pytest.mark.parametrize("who", ["0", "999999", "abc", "olena"])
def test_removing_someone_not_in_the_circle_is_not_found(owner_client, circle, who):
    assert owner_client.post(f"/circles/{circle.pk}/people/{who}/remove/").status_code == 404
    assert Membership.objects.count() == 2


def test_closing_a_circle_leaves_every_journal_as_it_was(owner, owner_client, other, circle):
    glimmer = make_glimmer(other, "Still mine")
    services.share(other, glimmer, [circle])
    assert owner_client.get(f"/circles/{circle.pk}/close/").status_code == 200
    owner_client.post(f"/circles/{circle.pk}/close/")
    assert not Circle.objects.exists()
    assert not Share.objects.exists()
    assert _signed_in(other).get(f"/glimmers/{glimmer.pk}/").status_code == 200


def test_renaming_is_for_the_keeper(owner_client, other_client, circle):
    assert other_client.post(f"/circles/{circle.pk}/edit/", {"name": "Mine now"}).status_code == 404
    owner_client.post(f"/circles/{circle.pk}/edit/", {"name": "Family", "description": "All of us"})
    assert Circle.objects.get().name == "Family"
    response = owner_client.post(f"/circles/{circle.pk}/edit/", {"name": ""})
    assert response.status_code == 400
    assert Circle.objects.get().name == "Family"


def test_people_see_only_names_in_their_circle(owner, other_client, stranger, circle):
    page = _page(other_client.get(f"/circles/{circle.pk}/people/"))
    assert "olena" in page
    assert "keeps the circle" in page
    assert "stranger" not in page
    assert "Invite someone" not in page


def test_deleting_the_keepers_account_hands_the_circle_on(owner, other, third, circle):
    from glimmers.yourdata.deletion.services import delete_account

    services.join(third, code_for(circle, owner))
    services.share(owner, make_glimmer(owner, "Olena's moment"), [circle])
    sams = services.share(other, make_glimmer(other, "Sam's moment"), [circle])[0]
    services.reply(owner, sams, "Olena noticed this")
    delete_account(owner)
    kept = Circle.objects.get()
    assert kept.owner == other  # in it longest after olena
    assert sorted(Membership.objects.values_list("user__username", flat=True)) == ["marta", "sam"]
    assert list(Share.objects.values_list("glimmer__text", flat=True)) == ["Sam's moment"]
    assert not Reply.objects.exists()


def test_deleting_a_members_account_takes_only_their_part(owner, other, circle):
    from glimmers.yourdata.deletion.services import delete_account

    olenas = services.share(owner, make_glimmer(owner, "Olena's moment"), [circle])[0]
    services.share(other, make_glimmer(other, "Sam's moment"), [circle])
    services.reply(other, olenas, "Sam noticed this")
    delete_account(other)
    assert Circle.objects.get().owner == owner
    assert list(Share.objects.values_list("glimmer__text", flat=True)) == ["Olena's moment"]
    assert not Reply.objects.exists()
    assert list(Membership.objects.values_list("user__username", flat=True)) == ["olena"]


def test_deleting_the_only_members_account_closes_the_circle(owner):
    from glimmers.yourdata.deletion.services import delete_account

    services.make_circle(owner, "Just me")
    delete_account(owner)
    assert not Circle.objects.exists()
