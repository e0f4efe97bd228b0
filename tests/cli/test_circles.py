"""`glimmers circles`, `glimmers circles show NAME`, `glimmers share ID --with NAME [--stop]`.

olena keeps "Mum and me" with sam in it; the stranger is in no circle of theirs.
"""

from __future__ import annotations

import pytest

from glimmers.circles import services
from glimmers.circles.models import Membership, Share
from glimmers.journal import queries as journal
from tests.cli import refuse, run
from tests.factories import make_glimmer


@pytest.fixture
def circle(owner, other):
    made = services.make_circle(owner, "Mum and me", "Our small good moments")
    _invite, code = services.invite(owner, made, "Sam")
    services.join(other, code)
    return made


@pytest.fixture
def glimmer(owner):
    return make_glimmer(
        owner,
        "Tiny flowers on the hydrangea",
        senses=list(journal.senses(owner).filter(slug="sight")),
        new_people=["Halyna"],
    )


def as_(user, *argv: str):
    return run("--user", user.username, *argv)


# --- glimmers circles ---------------------------------------------------------------------


def test_it_lists_my_circles_with_who_is_in_them(owner, other, circle):
    result = as_(owner, "circles")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"{circle.pk.hex[:8]}  Mum and me  (you keep it)",
        "          with you, sam",
    ]


def test_it_marks_a_circle_with_something_new(owner, other, circle, glimmer):
    services.share(owner, glimmer, [circle])
    assert "new since you looked" in as_(other, "circles").out
    assert "new since you looked" not in as_(owner, "circles").out


def test_it_says_so_when_i_am_in_no_circle(stranger, circle):
    result = as_(stranger, "circles")
    assert result.code == 0
    assert "You are in no circle yet" in result.out
    assert "Mum and me" not in result.out


def test_it_lists_circles_as_json(owner, circle):
    [data] = as_(owner, "circles", "--json").json()
    assert data["id"] == str(circle.pk)
    assert data["name"] == "Mum and me"
    assert data["keeper"] is True
    assert data["members"] == [
        {"name": "olena", "keeper": True, "me": True},
        {"name": "sam", "keeper": False, "me": False},
    ]


# --- glimmers circles show ------------------------------------------------------------------


def test_it_shows_what_is_shared_by_name_in_any_case(owner, other, circle, glimmer):
    services.share(owner, glimmer, [circle], with_senses=True)
    result = as_(other, "circles", "show", "mum", "AND", "me")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "Mum and me"
    assert "olena  · new" in result.out
    assert "  Tiny flowers on the hydrangea" in result.out
    assert "  senses: sight" in result.out
    assert "Halyna" not in result.out  # people's names weren't shared


def test_it_shows_a_circle_by_the_start_of_its_id_and_marks_it_looked(
    owner, other, circle, glimmer
):
    made = services.share(owner, glimmer, [circle])[0]
    services.reply(other, made, "The tiny flowers")
    result = as_(other, "circles", "show", circle.pk.hex[:6])
    assert result.code == 0, result.err
    assert "  ↳ you noticed: The tiny flowers" in result.out
    assert Membership.objects.get(circle=circle, user=other).looked_at is not None
    assert "new since you looked" not in as_(other, "circles").out
    assert "· new" not in as_(other, "circles", "show", "Mum and me").out


def test_show_as_json_holds_only_what_was_shared(owner, other, circle, glimmer):
    services.share(owner, glimmer, [circle], with_senses=False, with_people=True)
    data = as_(other, "circles", "show", "Mum and me", "--json").json()
    assert data["circle"]["name"] == "Mum and me"
    assert data["more"] is False
    [card] = data["glimmers"]
    assert card["text"] == "Tiny flowers on the hydrangea"
    assert card["senses"] == [] and card["people"] == ["Halyna"]
    assert str(glimmer.pk) not in str(data)


def test_a_circle_i_am_not_in_is_not_found(stranger, circle):
    refuse(
        "--user", "stranger", "circles", "show", "Mum and me", says="You are in no circle called"
    )
    refuse("--user", "stranger", "circles", "show", circle.pk.hex, says="You are in no circle")


def test_someone_who_left_no_longer_finds_the_circle(owner, other, circle):
    services.leave(other, circle)
    refuse("--user", "sam", "circles", "show", "Mum and me", says="You are in no circle called")


# --- glimmers share -----------------------------------------------------------------------


def test_it_shares_a_glimmer_with_a_circle(owner, circle, glimmer):
    result = as_(owner, "share", glimmer.short_id, "--with", "Mum and me")
    assert result.code == 0, result.err
    assert "Shared with Mum and me, with its senses and body cues." in result.out
    share = Share.objects.get(glimmer=glimmer, circle=circle)
    assert (share.with_senses, share.with_people, share.with_photos) == (True, False, False)


def test_it_chooses_what_goes_with_it_and_sharing_again_changes_only_that(owner, circle, glimmer):
    as_(owner, "share", glimmer.short_id, "--with", "Mum and me", "--people", "--photos")
    result = as_(owner, "share", glimmer.short_id, "--with", "mum and me", "--no-senses", "--json")
    assert result.code == 0, result.err
    [row] = result.json()
    assert row["circle_name"] == "Mum and me"
    assert (row["with_senses"], row["with_people"], row["with_photos"]) == (False, False, False)
    assert Share.objects.filter(glimmer=glimmer).count() == 1


def test_it_says_where_a_glimmer_is_shared(owner, circle, glimmer):
    first = as_(owner, "share", glimmer.short_id)
    assert "It isn't shared with any circle" in first.out
    services.share(owner, glimmer, [circle], with_photos=True)
    result = as_(owner, "share", glimmer.short_id)
    assert result.out.startswith("Mum and me: since ")
    assert "with its senses and body cues, its photos" in result.out


def test_stop_takes_it_out_of_every_circle_at_once(owner, other, circle, glimmer):
    aunties = services.make_circle(owner, "Aunties")
    services.share(owner, glimmer, [circle, aunties])
    result = as_(owner, "share", glimmer.short_id, "--stop")
    assert result.code == 0, result.err
    assert "No longer shared with Aunties, Mum and me." in result.out
    assert not Share.objects.exists()
    assert "Nothing is shared here yet" in as_(other, "circles", "show", "Mum and me").out


def test_stop_with_a_circle_takes_it_out_of_that_one_only(owner, circle, glimmer):
    aunties = services.make_circle(owner, "Aunties")
    services.share(owner, glimmer, [circle, aunties])
    result = as_(owner, "share", glimmer.short_id, "--stop", "--with", "Aunties", "--json")
    assert result.json()["stopped"] == ["Aunties"]
    assert [s["circle_name"] for s in result.json()["shares"]] == ["Mum and me"]
    assert list(Share.objects.values_list("circle_id", flat=True)) == [circle.pk]


def test_stop_when_it_was_not_shared_says_so_and_changes_nothing(owner, circle, glimmer):
    result = as_(owner, "share", glimmer.short_id, "--stop", "--with", "Mum and me")
    assert result.code == 0
    assert "It wasn't shared with Mum and me." in result.out


def test_it_refuses_an_unknown_circle(owner, circle, glimmer):
    refuse(
        "--user", "olena", "share", glimmer.short_id, "--with", "Book club",
        says="You are in no circle called “Book club”",
    )  # fmt: skip
    assert not Share.objects.exists()


def test_it_refuses_someone_elses_glimmer_as_not_found(other, circle, glimmer):
    refuse(
        "--user", "sam", "share", glimmer.short_id, "--with", "Mum and me",
        says=f"You have no glimmer with the id {glimmer.short_id}",
    )  # fmt: skip
    assert not Share.objects.exists()


def test_it_refuses_a_circle_of_someone_else(stranger, circle):
    theirs = make_glimmer(stranger, "The stranger's own")
    refuse(
        "--user", "stranger", "share", theirs.short_id, "--with", "Mum and me",
        says="You are in no circle called",
    )  # fmt: skip
    assert not Share.objects.exists()


def test_it_refuses_options_that_make_no_sense_together(owner, circle, glimmer):
    refuse("--user", "olena", "share", glimmer.short_id, "--stop", "--photos", says="--with")
    refuse("--user", "olena", "share", glimmer.short_id, "--people", says="--with NAME")


def test_two_circles_with_one_name_need_the_id(owner, circle, glimmer):
    services.make_circle(owner, "Mum and me")
    refuse(
        "--user", "olena", "share", glimmer.short_id, "--with", "Mum and me",
        says="More than one of your circles is called “Mum and me”; use its id.",
    )  # fmt: skip
    result = as_(owner, "share", glimmer.short_id, "--with", circle.pk.hex[:8])
    assert result.code == 0, result.err
    assert list(Share.objects.values_list("circle_id", flat=True)) == [circle.pk]
