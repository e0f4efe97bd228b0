"""Circles in the API: /circles, /circles/{id}/glimmers, /shares/{id}, sharing and unsharing.

olena (the owner) keeps "Mum and me", with sam (other) in it; the stranger is
in no circle of theirs. Whoever isn't in a circle gets 404 for it and for
everything in it, in the one error shape.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from glimmers.circles import services
from glimmers.circles.models import Reply, Share
from glimmers.journal import queries as journal
from glimmers.journal import services as journal_services
from glimmers.journal.photos import clean_photo
from tests.api.conftest import ApiClient, assert_error, token_for
from tests.factories import make_glimmer, make_user, upload

SHARED_AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def circle(owner, other):
    made = services.make_circle(owner, "Mum and me", "Our small good moments")
    _invite, code = services.invite(owner, made, "Sam")
    services.join(other, code)
    return made


@pytest.fixture
def rich(owner):
    """olena's glimmer with something of everything: senses, a cue, a person, a photo."""
    glimmer = make_glimmer(
        owner,
        "Tiny flowers on the hydrangea",
        senses=list(journal.senses(owner).filter(slug="sight")),
        body_cues=list(journal.body_cues(owner)[:1]),
        new_people=["Halyna"],
    )
    journal_services.add_photo(owner, glimmer, clean_photo(upload()))
    return glimmer


def share(owner, glimmer, circle, **options) -> Share:
    return services.share(owner, glimmer, [circle], **options)[0]


def _items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


# --- /circles ---------------------------------------------------------------------------


def test_it_lists_my_circles_with_who_is_in_them(api, other_api, circle, owner, other):
    services.make_circle(other, "Sam's walkers")

    mine = api.get("/circles").json()
    assert mine == [
        {
            "id": str(circle.pk),
            "name": "Mum and me",
            "description": "Our small good moments",
            "keeper": True,
            "new": False,
            "members": [
                {"name": "olena", "keeper": True, "me": True},
                {"name": "sam", "keeper": False, "me": False},
            ],
        }
    ]
    sams = other_api.get("/circles").json()
    assert [(c["name"], c["keeper"]) for c in sams] == [
        ("Mum and me", False),
        ("Sam's walkers", True),
    ]


def test_it_marks_a_circle_new_until_i_say_i_looked(api, other_api, circle, owner):
    share(owner, make_glimmer(owner, "Steam off the kettle"), circle)
    assert other_api.get(f"/circles/{circle.pk}").json()["new"] is True
    assert api.get(f"/circles/{circle.pk}").json()["new"] is False  # my own share isn't new to me

    assert other_api.post(f"/circles/{circle.pk}/looked").status_code == 204
    assert other_api.get(f"/circles/{circle.pk}").json()["new"] is False
    assert other_api.get(f"/circles/{circle.pk}/glimmers").json()["items"][0]["new"] is False


def test_a_read_only_token_cannot_say_it_looked(other, circle, owner):
    share(owner, make_glimmer(owner, "Steam off the kettle"), circle)
    reader = ApiClient(token_for(other, read_only=True))
    assert_error(reader.post(f"/circles/{circle.pk}/looked"), 403, "read_only_token")
    assert reader.get(f"/circles/{circle.pk}").json()["new"] is True


def test_a_stranger_gets_404_for_a_circle_and_everything_in_it(stranger_api, circle, owner, rich):
    made = share(owner, rich, circle, with_photos=True)
    photo = rich.photos.get()
    assert stranger_api.get("/circles").json() == []
    for path in (
        f"/circles/{circle.pk}",
        f"/circles/{circle.pk}/glimmers",
        f"/circles/{circle.pk}/photos/{photo.pk}",
        f"/circles/{circle.pk}/photos/{photo.pk}/thumbnail",
        f"/shares/{made.pk}",
        f"/glimmers/{rich.pk}/shares",
    ):
        assert_error(stranger_api.get(path), 404, "not_found")
    assert_error(stranger_api.post(f"/circles/{circle.pk}/looked"), 404, "not_found")


def test_someone_who_left_gets_404_at_once(other_api, circle, owner, other):
    made = share(owner, make_glimmer(owner, "Birdsong"), circle)
    assert other_api.get(f"/shares/{made.pk}").status_code == 200
    services.leave(other, circle)
    assert_error(other_api.get(f"/circles/{circle.pk}"), 404, "not_found")
    assert_error(other_api.get(f"/circles/{circle.pk}/glimmers"), 404, "not_found")
    assert_error(other_api.get(f"/shares/{made.pk}"), 404, "not_found")
    assert other_api.get("/circles").json() == []


def test_someone_invited_who_has_not_joined_gets_404(circle, owner):
    marta = make_user("marta")
    services.invite(owner, circle, "Marta")
    made = share(owner, make_glimmer(owner, "Birdsong"), circle)
    invited = ApiClient(token_for(marta))
    assert_error(invited.get(f"/circles/{circle.pk}"), 404, "not_found")
    assert_error(invited.get(f"/shares/{made.pk}"), 404, "not_found")


def test_a_malformed_circle_id_is_refused_in_the_error_shape(api, db):
    assert_error(api.get("/circles/not-a-circle"), 422, "invalid", fields=("circle_id",))


# --- what is shared in a circle -----------------------------------------------------------


def test_it_shows_only_what_the_owner_chose_to_share(other_api, circle, owner, rich):
    share(owner, rich, circle, with_senses=False, with_people=False, with_photos=False)

    [card] = _items(other_api.get(f"/circles/{circle.pk}/glimmers"))
    assert card["text"] == "Tiny flowers on the hydrangea"
    assert card["author"] == "olena"
    assert card["mine"] is False
    assert card["senses"] == [] and card["body_cues"] == []
    assert card["people"] == [] and card["photos"] == []
    # The glimmer's own id, and what was never shared, don't travel at all.
    body = other_api.get(f"/circles/{circle.pk}/glimmers").content.decode()
    assert str(rich.pk) not in body
    assert "Halyna" not in body


def test_it_shows_senses_people_and_photos_when_they_were_chosen(other_api, circle, owner, rich):
    share(owner, rich, circle, with_senses=True, with_people=True, with_photos=True)
    photo = rich.photos.get()

    [card] = _items(other_api.get(f"/circles/{circle.pk}/glimmers"))
    assert card["senses"] == ["sight"]
    assert len(card["body_cues"]) == 1
    assert card["people"] == ["Halyna"]
    assert card["photos"] == [
        {
            "id": str(photo.pk),
            "alt_text": "",
            "url": f"/api/v1/circles/{circle.pk}/photos/{photo.pk}",
            "thumbnail_url": f"/api/v1/circles/{circle.pk}/photos/{photo.pk}/thumbnail",
        }
    ]
    image = other_api.get(f"/circles/{circle.pk}/photos/{photo.pk}")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"
    assert "no-store" in image["Cache-Control"]
    assert other_api.get(f"/circles/{circle.pk}/photos/{photo.pk}/thumbnail").status_code == 200


def test_a_photo_not_shared_with_its_glimmer_is_not_found(other_api, circle, owner, rich):
    share(owner, rich, circle, with_photos=False)
    photo = rich.photos.get()
    assert_error(other_api.get(f"/circles/{circle.pk}/photos/{photo.pk}"), 404, "not_found")
    # Nor through the owner's own photo address.
    assert_error(other_api.get(f"/photos/{photo.pk}"), 404, "not_found")


def test_it_lists_newest_first_and_walks_every_page_once(other_api, circle, owner):
    glimmers = [make_glimmer(owner, f"Glimmer {n}") for n in range(7)]
    for number, glimmer in enumerate(glimmers):
        made = share(owner, glimmer, circle)
        # Pairs shared in the same instant: the cursor must not lose or repeat one.
        Share.objects.filter(pk=made.pk).update(shared_at=SHARED_AT + timedelta(hours=number // 2))

    texts, cursor, pages = [], "", 0
    while True:
        body = other_api.get(
            f"/circles/{circle.pk}/glimmers", {"limit": 2, **({"cursor": cursor} if cursor else {})}
        ).json()
        texts += [item["text"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
        assert pages < 10
    assert pages == 4
    assert sorted(texts) == sorted(g.text for g in glimmers)
    assert len(texts) == len(set(texts))
    assert texts[0] == "Glimmer 6"


def test_a_cursor_not_from_this_list_is_refused(other_api, circle):
    fields = assert_error(
        other_api.get(f"/circles/{circle.pk}/glimmers", {"cursor": "yesterday"}), 422, "invalid"
    )
    assert "cursor" in fields


def test_it_includes_replies_and_hidden_ones_only_for_whom_they_concern(
    api, other_api, circle, owner, other
):
    made = share(owner, make_glimmer(owner, "The sea at dusk"), circle)
    kept = services.reply(other, made, "The colour of the water", quote="at dusk")
    hidden = services.reply(other, made, "Something I said too fast")
    services.hide_reply(owner, hidden)
    marta = make_user("marta")
    services.join(marta, services.invite(owner, circle)[1])
    marta_api = ApiClient(token_for(marta))

    owners = api.get(f"/shares/{made.pk}").json()["replies"]
    assert [(r["noticed"], r["hidden"]) for r in owners] == [
        ("The colour of the water", False),
        ("Something I said too fast", True),
    ]
    assert owners[0]["quote"] == "at dusk" and owners[0]["author"] == "sam"
    writers = other_api.get(f"/shares/{made.pk}").json()["replies"]
    assert {r["id"] for r in writers} == {str(kept.pk), str(hidden.pk)}
    assert all(r["mine"] for r in writers)
    others = marta_api.get(f"/circles/{circle.pk}/glimmers").json()["items"][0]["replies"]
    assert [r["noticed"] for r in others] == ["The colour of the water"]


def test_the_circle_list_costs_the_same_queries_for_n_and_2n_glimmers(other_api, circle, owner):
    def shared(count: int) -> int:
        for number in range(count):
            glimmer = make_glimmer(
                owner,
                f"Moment {number}",
                senses=list(journal.senses(owner).filter(slug="sight")),
                new_people=[f"Friend {number}"],
            )
            made = share(owner, glimmer, circle, with_people=True, with_photos=True)
            services.reply(owner, made, f"Reply {number}")
        other_api.get("/circles")  # the token's first use of the day is noted once: not here
        with CaptureQueriesContext(connection) as queries:
            response = other_api.get(f"/circles/{circle.pk}/glimmers", {"limit": 100})
        assert response.status_code == 200
        return len(queries)

    few = shared(3)
    Share.objects.filter(circle=circle).delete()
    many = shared(6)
    assert few == many, (few, many)


# --- one share ----------------------------------------------------------------------------


def test_it_shows_one_shared_glimmer(other_api, circle, owner):
    made = share(owner, make_glimmer(owner, "Warm bread"), circle)
    body = other_api.get(f"/shares/{made.pk}").json()
    assert body["id"] == str(made.pk)
    assert body["circle_id"] == str(circle.pk)
    assert body["text"] == "Warm bread"


# --- sharing and unsharing ----------------------------------------------------------------


def test_it_shares_my_glimmer_once_and_a_retry_changes_only_what_goes_with_it(
    api, circle, owner, rich
):
    path = f"/glimmers/{rich.pk}/shares/{circle.pk}"
    first = api.put(path, {"with_people": True})
    assert first.status_code == 201, first.content
    assert first.json()["circle_name"] == "Mum and me"
    assert first.json()["with_senses"] is True
    assert first.json()["with_people"] is True
    assert first.json()["with_photos"] is False

    again = api.put(path, {"with_people": True})
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    changed = api.put(path, {"with_senses": False, "with_photos": True})
    assert changed.status_code == 200
    assert (changed.json()["with_senses"], changed.json()["with_photos"]) == (False, True)
    assert changed.json()["with_people"] is False  # left out: the default, as documented
    assert Share.objects.filter(glimmer=rich).count() == 1


def test_it_says_where_my_glimmer_is_shared(api, circle, owner, rich):
    assert api.get(f"/glimmers/{rich.pk}/shares").json() == []
    other_circle = services.make_circle(owner, "Aunties")
    share(owner, rich, circle)
    share(owner, rich, other_circle, with_photos=True)
    body = api.get(f"/glimmers/{rich.pk}/shares").json()
    assert [(s["circle_name"], s["with_photos"]) for s in body] == [
        ("Aunties", True),
        ("Mum and me", False),
    ]


def test_unsharing_takes_it_out_of_the_circle_at_once(api, other_api, circle, owner, other):
    glimmer = make_glimmer(owner, "First light")
    made = share(owner, glimmer, circle)
    services.reply(other, made, "Light")
    assert len(_items(other_api.get(f"/circles/{circle.pk}/glimmers"))) == 1

    assert api.delete(f"/glimmers/{glimmer.pk}/shares/{circle.pk}").status_code == 204

    assert _items(other_api.get(f"/circles/{circle.pk}/glimmers")) == []
    assert_error(other_api.get(f"/shares/{made.pk}"), 404, "not_found")
    assert not Reply.objects.filter(share_id=made.pk).exists()
    assert api.get(f"/glimmers/{glimmer.pk}").status_code == 200  # the journal keeps it
    assert_error(api.delete(f"/glimmers/{glimmer.pk}/shares/{circle.pk}"), 404, "not_found")


def test_a_read_only_token_can_neither_share_nor_unshare(read_only_api, circle, owner):
    glimmer = make_glimmer(owner, "First light")
    assert_error(
        read_only_api.put(f"/glimmers/{glimmer.pk}/shares/{circle.pk}"), 403, "read_only_token"
    )
    assert not Share.objects.exists()
    share(owner, glimmer, circle)
    assert_error(
        read_only_api.delete(f"/glimmers/{glimmer.pk}/shares/{circle.pk}"), 403, "read_only_token"
    )
    assert Share.objects.count() == 1
    assert read_only_api.get(f"/glimmers/{glimmer.pk}/shares").status_code == 200


def test_nobody_shares_someone_elses_glimmer(other_api, stranger_api, circle, owner, stranger):
    glimmer = make_glimmer(owner, "Olena's own")
    assert_error(other_api.put(f"/glimmers/{glimmer.pk}/shares/{circle.pk}"), 404, "not_found")
    assert_error(other_api.get(f"/glimmers/{glimmer.pk}/shares"), 404, "not_found")
    share(owner, glimmer, circle)
    assert_error(other_api.delete(f"/glimmers/{glimmer.pk}/shares/{circle.pk}"), 404, "not_found")
    # A stranger can't share their own glimmer into a circle they aren't in.
    theirs = make_glimmer(stranger, "Stranger's own")
    assert_error(stranger_api.put(f"/glimmers/{theirs.pk}/shares/{circle.pk}"), 404, "not_found")
    assert Share.objects.count() == 1


def test_sharing_takes_only_true_or_false(api, circle, owner):
    glimmer = make_glimmer(owner, "First light")
    fields = assert_error(
        api.put(f"/glimmers/{glimmer.pk}/shares/{circle.pk}", {"with_photos": "yes"}),
        422,
        "invalid",
    )
    assert "with_photos" in fields
    assert_error(api.put(f"/glimmers/{glimmer.pk}/shares/{circle.pk}", [True]), 422, "invalid")
    assert not Share.objects.exists()
