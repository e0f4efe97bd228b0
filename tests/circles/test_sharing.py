"""Sharing a chosen glimmer with a circle: only what was chosen, only while it is shared."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from glimmers.circles import services
from glimmers.circles.models import Share
from glimmers.journal.models import Sense
from tests.circles.conftest import code_for
from tests.factories import make_glimmer, make_trigger, upload


def _page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def glimmer(owner):
    return make_glimmer(
        owner,
        "Tiny flowers on the hydrangea",
        place="Grandma's garden",
        gratitude="Thank you, spring",
        new_people=["Nadia"],
        senses=[Sense.objects.get(owner=None, slug="sight")],
    )


def _share(client, glimmer, circle, **options):
    data = {"circles": [str(circle.pk)], **{k: "on" for k, v in options.items() if v}}
    return client.post(f"/circles/glimmer/{glimmer.pk}/share/", data)


def test_it_shares_nothing_until_a_glimmer_is_chosen(owner, other_client, circle, glimmer):
    make_trigger(owner, "A hard phone call")
    page = _page(other_client.get(f"/circles/{circle.pk}/"))
    assert "Nothing is shared here yet" in page
    assert "hydrangea" not in page


def test_it_shows_a_shared_glimmer_with_only_its_words_and_day(
    owner_client, other_client, circle, glimmer
):
    assert _share(owner_client, glimmer, circle).status_code == 302
    page = _page(other_client.get(f"/circles/{circle.pk}/"))
    assert "Tiny flowers on the hydrangea" in page
    assert "olena" in page
    for private in ("Grandma's garden", "Thank you, spring", "Nadia", '<li class="chip">sight'):
        assert private not in page


def test_it_sends_senses_and_names_only_when_chosen(owner_client, other_client, circle, glimmer):
    _share(owner_client, glimmer, circle, with_senses=True, with_people=True)
    page = _page(other_client.get(f"/circles/{circle.pk}/"))
    assert '<li class="chip">sight' in page
    assert "Nadia" in page
    assert "Grandma's garden" not in page


def test_photos_reach_the_circle_only_when_chosen(owner, owner_client, other_client, circle):
    owner_client.post("/capture/", {"text": "Sunlight on the floor", "photos": upload()})
    from glimmers.access import owned
    from glimmers.journal.models import Glimmer

    glimmer = owned(Glimmer, owner).get()
    photo = glimmer.photos.get()
    url = f"/circles/{circle.pk}/photos/{photo.pk}/thumbnail/"
    _share(owner_client, glimmer, circle)
    assert other_client.get(url).status_code == 404
    _share(owner_client, glimmer, circle, with_photos=True)
    response = other_client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    # The journal's own photo address stays the owner's alone.
    assert other_client.get(f"/photos/{photo.pk}/").status_code == 404


def test_stopping_sharing_takes_it_away_at_once(owner_client, other_client, circle, glimmer):
    _share(owner_client, glimmer, circle)
    share = Share.objects.get()
    other_client.post(f"/circles/shared/{share.pk}/", {"noticed": "The word tiny"})
    response = owner_client.post(f"/circles/glimmer/{glimmer.pk}/stop/")
    assert response.status_code == 302
    assert "hydrangea" not in _page(other_client.get(f"/circles/{circle.pk}/"))
    assert other_client.get(f"/circles/shared/{share.pk}/").status_code == 404
    assert not Share.objects.exists()


def test_unticking_a_circle_stops_sharing_there_only(
    owner, owner_client, other_client, circle, glimmer
):
    second = services.make_circle(owner, "Neighbours")
    owner_client.post(
        f"/circles/glimmer/{glimmer.pk}/share/", {"circles": [str(circle.pk), str(second.pk)]}
    )
    assert Share.objects.count() == 2
    _share(owner_client, glimmer, second)
    assert list(Share.objects.values_list("circle_id", flat=True)) == [second.pk]
    assert "hydrangea" not in _page(other_client.get(f"/circles/{circle.pk}/"))


def test_it_shares_as_the_glimmer_is_captured(owner, owner_client, other_client, circle):
    response = owner_client.post(
        "/capture/", {"text": "A kind bus driver", "share_with": [str(circle.pk)]}
    )
    assert response.status_code == 302
    assert "A kind bus driver" in _page(other_client.get(f"/circles/{circle.pk}/"))


def test_capture_ignores_a_circle_that_is_not_ones_own(owner, stranger, stranger_client):
    elsewhere = services.make_circle(owner, "Not yours")
    response = stranger_client.post(
        "/capture/", {"text": "Mine alone", "share_with": [str(elsewhere.pk), "nonsense"]}
    )
    assert response.status_code == 302
    assert not Share.objects.exists()


def test_the_capture_form_offers_circles_only_to_people_in_one(
    owner_client, stranger_client, circle
):
    assert "Mum and me" in _page(owner_client.get("/"))
    assert "Share it with a circle" not in _page(stranger_client.get("/"))


def test_sharing_someone_elses_glimmer_is_not_found(other_client, circle, glimmer):
    response = other_client.post(
        f"/circles/glimmer/{glimmer.pk}/share/", {"circles": [str(circle.pk)]}
    )
    assert response.status_code == 404
    assert not Share.objects.exists()


def test_sharing_with_a_circle_one_is_not_in_changes_nothing(
    owner, stranger, stranger_client, circle
):
    theirs = make_glimmer(stranger, "Stranger's moment")
    response = stranger_client.post(
        f"/circles/glimmer/{theirs.pk}/share/", {"circles": [str(circle.pk)]}
    )
    assert response.status_code == 400
    assert "isn’t one of yours" in _page(response)
    assert not Share.objects.exists()


def test_sharing_several_at_once_from_the_journal(owner, owner_client, other_client, circle):
    first = make_glimmer(owner, "Warm bread")
    second = make_glimmer(owner, "Rain on the roof")
    make_glimmer(owner, "Kept to myself")
    response = owner_client.post(
        f"/circles/{circle.pk}/share/",
        {"glimmers": [str(first.pk), str(second.pk), "not-an-id"], "with_senses": "on"},
    )
    assert response.status_code == 302
    page = _page(other_client.get(f"/circles/{circle.pk}/"))
    assert "Warm bread" in page
    assert "Rain on the roof" in page
    assert "Kept to myself" not in page


def test_sharing_several_cannot_share_someone_elses(owner, other_client, circle):
    theirs = make_glimmer(owner, "Olena's own")
    other_client.post(f"/circles/{circle.pk}/share/", {"glimmers": [str(theirs.pk)]})
    assert not Share.objects.exists()


def test_new_since_you_last_looked_is_a_marker_not_a_count(
    owner, owner_client, other_client, circle
):
    services.share(owner, make_glimmer(owner, "First light"), [circle])
    first_look = _page(other_client.get(f"/circles/{circle.pk}/"))
    assert "new since you last looked" in first_look
    assert "something new" not in _page(other_client.get("/circles/"))
    second_look = _page(other_client.get(f"/circles/{circle.pk}/"))
    assert "new since you last looked" not in second_look
    services.share(owner, make_glimmer(owner, "Second light"), [circle])
    assert "something new" in _page(other_client.get("/circles/"))
    # Never a number of unread things.
    assert "unread" not in _page(other_client.get("/circles/")).lower()


def test_the_circle_page_reads_the_same_number_of_times_for_more_glimmers(
    owner, other, other_client, circle
):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert other_client.get(f"/circles/{circle.pk}/").status_code == 200
        return len(queries)

    for n in range(5):
        glimmer = make_glimmer(owner, f"Moment {n}", new_people=[f"P{n}"])
        services.share(owner, glimmer, [circle], with_people=True)
        services.reply(other, Share.objects.get(glimmer=glimmer), f"noticed {n}")
    queries_for_page()  # the session's once-a-minute touch, out of the way
    few = queries_for_page()
    for n in range(5, 15):
        glimmer = make_glimmer(owner, f"Moment {n}", new_people=[f"P{n}"])
        services.share(owner, glimmer, [circle], with_people=True)
        services.reply(other, Share.objects.get(glimmer=glimmer), f"noticed {n}")
    assert queries_for_page() == few


def test_the_circle_page_goes_back_in_pages(owner, other_client, circle, settings):
    from glimmers.circles import queries

    for n in range(queries.PAGE_SIZE + 3):
        services.share(owner, make_glimmer(owner, f"Moment number {n}"), [circle])
    first = other_client.get(f"/circles/{circle.pk}/")
    assert first.context["next_url"]
    second = other_client.get(f"/circles/{circle.pk}/{first.context['next_url']}")
    assert len(second.context["cards"]) == 3
    shown = {card.share_id for card in first.context["cards"] + second.context["cards"]}
    assert len(shown) == queries.PAGE_SIZE + 3
    assert other_client.get(f"/circles/{circle.pk}/", {"after": "yesterday"}).status_code == 200


def test_a_new_member_sees_what_was_shared_before_they_joined(owner, third, circle):
    from django.test import Client

    services.share(owner, make_glimmer(owner, "Before you came"), [circle])
    services.join(third, code_for(circle, owner))
    client = Client()
    client.force_login(third)
    assert "Before you came" in _page(client.get(f"/circles/{circle.pk}/"))


def test_shares_made_in_the_same_instant_are_neither_lost_nor_repeated(owner, other_client, circle):
    from glimmers.circles import queries

    for n in range(queries.PAGE_SIZE + 5):
        services.share(owner, make_glimmer(owner, f"Same moment {n}"), [circle])
    Share.objects.update(shared_at=Share.objects.first().shared_at)
    seen, url = [], f"/circles/{circle.pk}/"
    while url:
        page = other_client.get(url)
        seen += [card.share_id for card in page.context["cards"]]
        url = f"/circles/{circle.pk}/{page.context['next_url']}" if page.context["next_url"] else ""
    assert len(seen) == len(set(seen)) == queries.PAGE_SIZE + 5


def test_the_journal_offers_sharing_several_with_each_circle(
    owner, owner_client, stranger_client, circle
):
    make_glimmer(owner, "Something to share")
    page = _page(owner_client.get("/journal/"))
    assert f"/circles/{circle.pk}/share/" in page
    make_glimmer(stranger_client.get("/").wsgi_request.user, "Stranger's own")
    assert "Share several with a circle" not in _page(stranger_client.get("/journal/"))


def test_the_circles_list_reads_the_same_number_of_times_for_more_circles(
    owner, other_client, other
):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert other_client.get("/circles/").status_code == 200
        return len(queries)

    def another(n):
        made = services.make_circle(owner, f"Circle {n}")
        services.join(other, code_for(made, owner))
        services.share(owner, make_glimmer(owner, f"In circle {n}"), [made])

    another(0)
    queries_for_page()  # the session's once-a-minute touch, out of the way
    few = queries_for_page()
    for n in range(1, 4):
        another(n)
    assert queries_for_page() == few
