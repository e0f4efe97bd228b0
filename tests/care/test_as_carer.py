"""See it as my carer does: the carer's very pages, for the client, and not logged."""

from __future__ import annotations

import re

import pytest

from glimmers.care.models import CareRead
from glimmers.journal import services as journal
from glimmers.journal.photos import clean_photo
from tests.care.helpers import accepted, active, for_sessions
from tests.factories import make_glimmer, make_trigger, upload


def _content(page: str, prefix: str) -> str:
    """The part of a reading page below its navigation, with its own addresses made alike.

    The carer's one control (the way to suggest something) is not part of what they read.
    """
    body = page.split("</nav>", 2)[-1].split("</main>")[0]
    body = re.sub(re.escape(prefix), "/READ/", body)
    body = re.sub(r'<p><a class="button" href="/READ/suggest/">[^<]*</a></p>', "", body)
    return " ".join(body.split())


@pytest.fixture
def link(owner, carer):
    glimmer = make_glimmer(owner, "Bread rising in the warm kitchen", new_people=["Nan"])
    journal.add_photo(owner, glimmer, clean_photo(upload()))
    for_sessions(owner, glimmer)
    make_trigger(owner, "Bad news on the phone")
    made = active(owner, carer, with_photos=True, with_triggers=True, tell_tried=True)
    made.glimmer = glimmer
    return made


@pytest.mark.parametrize("page", ["", "glimmers/", "glimmer", "hard-moments/"])
def test_the_client_sees_exactly_what_the_carer_sees(owner_client, carer_client, link, page):
    if page == "glimmer":
        page = f"glimmers/{link.glimmer.pk}/"
    carers = carer_client.get(f"/care/clients/{link.pk}/{page}")
    clients = owner_client.get(f"/care/{link.pk}/as-carer/{page}")
    assert carers.status_code == clients.status_code == 200
    assert _content(clients.content.decode(), f"/care/{link.pk}/as-carer/") == _content(
        carers.content.decode(), f"/care/clients/{link.pk}/"
    )


def test_looking_as_the_carer_is_not_written_in_the_log(owner_client, link):
    photo = link.glimmer.photos.get()
    for url in (
        f"/care/{link.pk}/as-carer/",
        f"/care/{link.pk}/as-carer/glimmers/",
        f"/care/{link.pk}/as-carer/glimmers/{link.glimmer.pk}/",
        f"/care/{link.pk}/as-carer/photos/{photo.pk}/",
        f"/care/{link.pk}/as-carer/photos/{photo.pk}/thumbnail/",
        f"/care/{link.pk}/as-carer/hard-moments/",
    ):
        assert owner_client.get(url).status_code == 200, url
    assert not CareRead.objects.exists()


def test_the_preview_says_whose_eyes_it_is(owner_client, link):
    page = owner_client.get(f"/care/{link.pk}/as-carer/").content.decode()
    assert "This is exactly what my counsellor sees." in page
    assert "not written in the log" in page


def test_before_confirming_the_preview_says_they_see_it_only_once_confirmed(
    owner, owner_client, carer
):
    waiting = accepted(owner, carer)
    page = owner_client.get(f"/care/{waiting.pk}/as-carer/").content.decode()
    assert "They will see it once you confirm them, not before." in page


def test_after_the_end_the_preview_shows_nothing(owner, owner_client, link):
    owner_client.post(f"/care/{link.pk}/end/")
    page = owner_client.get(f"/care/{link.pk}/as-carer/").content.decode()
    assert "my counsellor sees nothing now" in page
    assert "Bread rising" not in page
    assert (
        owner_client.get(f"/care/{link.pk}/as-carer/glimmers/{link.glimmer.pk}/").status_code == 404
    )


def test_the_preview_keeps_to_the_scope(owner, owner_client, link):
    private = make_glimmer(owner, "Not marked")
    assert owner_client.get(f"/care/{link.pk}/as-carer/glimmers/{private.pk}/").status_code == 404


def test_only_the_client_may_look_as_their_carer(carer_client, stranger_client, link):
    for client in (carer_client, stranger_client):
        assert client.get(f"/care/{link.pk}/as-carer/").status_code == 404
        assert client.get(f"/care/{link.pk}/as-carer/glimmers/").status_code == 404
