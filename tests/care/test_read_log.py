"""Every read by a carer is written down, without journal text, for the client to read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from glimmers.care.models import CareRead
from glimmers.journal import services as journal
from glimmers.journal.photos import clean_photo
from tests.care.helpers import active, for_sessions
from tests.factories import make_glimmer, make_trigger, upload


@pytest.fixture
def shared(owner, carer):
    glimmer = make_glimmer(owner, "Rain on the skylight, very private words")
    photo = journal.add_photo(owner, glimmer, clean_photo(upload()))
    for_sessions(owner, glimmer)
    make_trigger(owner, "A private hard moment")
    link = active(owner, carer, with_photos=True, with_triggers=True, with_insights=True)
    return {"link": link, "glimmer": glimmer, "photo": photo}


def _pages(shared):
    link, glimmer, photo = shared["link"], shared["glimmer"], shared["photo"]
    base = f"/care/clients/{link.pk}"
    return [
        (f"{base}/", "summary", ""),
        (f"{base}/glimmers/", "glimmers", ""),
        (f"{base}/glimmers/{glimmer.pk}/", "glimmer", str(glimmer.pk)),
        (f"{base}/photos/{photo.pk}/", "photo", str(photo.pk)),
        (f"{base}/photos/{photo.pk}/thumbnail/", "photo", str(photo.pk)),
        (f"{base}/hard-moments/", "triggers", ""),
        (f"{base}/suggest/", "suggestions", ""),
    ]


def test_every_read_is_written_down_once(owner, carer_client, shared):
    for url, page, record in _pages(shared):
        before = CareRead.objects.count()
        assert carer_client.get(url).status_code == 200, url
        read = CareRead.objects.latest("pk")
        assert CareRead.objects.count() == before + 1, url
        assert (read.owner, read.link, read.page, read.record) == (
            owner,
            shared["link"],
            page,
            record,
        )


def test_the_log_holds_no_journal_text(carer_client, shared):
    for url, _page, _record in _pages(shared):
        carer_client.get(url)
    for read in CareRead.objects.all():
        kept = " ".join(str(value) for value in (read.page, read.record))
        assert "private" not in kept and "Rain" not in kept


def test_a_read_that_finds_nothing_is_not_a_read(owner, carer_client, shared):
    private = make_glimmer(owner, "Not for them")
    assert (
        carer_client.get(f"/care/clients/{shared['link'].pk}/glimmers/{private.pk}/").status_code
        == 404
    )
    assert not CareRead.objects.exists()


def test_the_client_sees_each_read_in_their_own_time_zone(
    owner, owner_client, carer_client, shared
):
    link = shared["link"]
    carer_client.get(f"/care/clients/{link.pk}/glimmers/")
    # 14:20 UTC on 3 December is 16:20 in Kyiv, where Olena lives.
    CareRead.objects.update(at=datetime(2025, 12, 3, 14, 20, tzinfo=UTC))

    page = owner_client.get("/care/").content.decode()

    assert "My counsellor opened your glimmers on 3 Dec 2025 at 16:20." in page


def test_a_read_of_one_glimmer_leads_the_client_to_it(owner_client, carer_client, shared):
    link, glimmer = shared["link"], shared["glimmer"]
    carer_client.get(f"/care/clients/{link.pk}/glimmers/{glimmer.pk}/")
    page = owner_client.get(f"/care/{link.pk}/log/").content.decode()
    assert "My counsellor opened one of your glimmers on" in page
    assert f'href="/glimmers/{glimmer.pk}/"' in page


def test_the_full_log_lists_every_page_they_opened(owner_client, carer_client, shared):
    for url, _page, _record in _pages(shared):
        carer_client.get(url)
    page = owner_client.get(f"/care/{shared['link'].pk}/log/").content.decode()
    for words in (
        "opened your summary",
        "opened your glimmers",
        "opened one of your glimmers",
        "opened a photo",
        "opened your hard moments",
        "opened their suggestions to you",
    ):
        assert words in page


def test_nobody_else_reads_the_log(carer_client, stranger_client, shared):
    link = shared["link"]
    assert stranger_client.get(f"/care/{link.pk}/log/").status_code == 404
    assert carer_client.get(f"/care/{link.pk}/log/").status_code == 404
