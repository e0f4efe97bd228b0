"""What a carer reads: the client's chosen scope, one step from a summary, nothing else."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from glimmers.journal import services as journal
from glimmers.journal.models import Sense
from glimmers.journal.photos import clean_photo
from glimmers.practice import services as practice
from tests.care.helpers import active, for_sessions
from tests.factories import make_glimmer, make_trigger, upload


def at(year, month, day, hour=12):
    return datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture
def journal_with_a_photo(owner):
    """Two glimmers: one marked for sessions with a photo, one private."""
    marked = make_glimmer(
        owner,
        "Cat asleep on the radiator",
        senses=list(Sense.objects.filter(owner=None, slug__in=["sight", "touch"])),
        new_people=["Mum"],
    )
    photo = journal.add_photo(owner, marked, clean_photo(upload()))
    private = make_glimmer(owner, "A private moment just for me")
    for_sessions(owner, marked)
    return {"marked": marked, "photo": photo, "private": private}


def test_the_summary_comes_first_with_the_week_at_a_glance(
    owner, carer, carer_client, journal_with_a_photo
):
    link = active(owner, carer)
    page = carer_client.get(f"/care/clients/{link.pk}/").content.decode()

    assert "<h1>Olena</h1>" in page
    assert "This week at a glance" in page
    assert "only the glimmers marked “for my sessions”" in page
    assert "1 glimmer in all that they share." in page
    assert "Cat asleep on the radiator" in page  # this week's glimmers, one step away
    assert "sight · 1" in page and "touch · 1" in page
    assert "A private moment" not in page


def test_with_sessions_scope_only_marked_glimmers_are_there(
    owner, carer, carer_client, journal_with_a_photo
):
    link = active(owner, carer)
    marked, private = journal_with_a_photo["marked"], journal_with_a_photo["private"]

    listing = carer_client.get(f"/care/clients/{link.pk}/glimmers/").content.decode()
    assert "Cat asleep on the radiator" in listing
    assert "A private moment" not in listing
    one = carer_client.get(f"/care/clients/{link.pk}/glimmers/{marked.pk}/")
    assert one.status_code == 200
    assert "Mum" in one.content.decode()
    assert carer_client.get(f"/care/clients/{link.pk}/glimmers/{private.pk}/").status_code == 404


def test_with_since_scope_every_glimmer_from_that_day_is_there(owner, carer, carer_client):
    before = make_glimmer(owner, "Before the day", noticed_at=at(2025, 2, 27))
    after = make_glimmer(owner, "After the day", noticed_at=at(2025, 3, 2))
    link = active(owner, carer, scope="since", since=date(2025, 3, 1))

    listing = carer_client.get(f"/care/clients/{link.pk}/glimmers/").content.decode()
    assert "After the day" in listing
    assert "Before the day" not in listing
    assert carer_client.get(f"/care/clients/{link.pk}/glimmers/{after.pk}/").status_code == 200
    assert carer_client.get(f"/care/clients/{link.pk}/glimmers/{before.pk}/").status_code == 404


def test_photos_only_when_the_client_sends_them(owner, carer, carer_client, journal_with_a_photo):
    marked, photo = journal_with_a_photo["marked"], journal_with_a_photo["photo"]
    without = active(owner, carer)
    page = carer_client.get(f"/care/clients/{without.pk}/glimmers/{marked.pk}/").content.decode()
    assert "<img" not in page
    assert carer_client.get(f"/care/clients/{without.pk}/photos/{photo.pk}/").status_code == 404

    with_photos = active(owner, carer, label="my coach", with_photos=True)
    page = carer_client.get(
        f"/care/clients/{with_photos.pk}/glimmers/{marked.pk}/"
    ).content.decode()
    assert f'src="/care/clients/{with_photos.pk}/photos/{photo.pk}/thumbnail/"' in page
    for url in (
        f"/care/clients/{with_photos.pk}/photos/{photo.pk}/",
        f"/care/clients/{with_photos.pk}/photos/{photo.pk}/thumbnail/",
    ):
        response = carer_client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "no-store" in response["Cache-Control"]


def test_a_photo_of_a_glimmer_outside_the_scope_stays_hidden(owner, carer, carer_client):
    private = make_glimmer(owner, "Not marked")
    photo = journal.add_photo(owner, private, clean_photo(upload()))
    link = active(owner, carer, with_photos=True)
    assert carer_client.get(f"/care/clients/{link.pk}/photos/{photo.pk}/").status_code == 404


def test_hard_moments_only_if_ticked(owner, carer, carer_client):
    make_trigger(owner, "A door slammed downstairs")
    without = active(owner, carer)
    assert carer_client.get(f"/care/clients/{without.pk}/hard-moments/").status_code == 404
    assert "hard-moments" not in carer_client.get(f"/care/clients/{without.pk}/").content.decode()

    with_triggers = active(owner, carer, label="my coach", with_triggers=True)
    response = carer_client.get(f"/care/clients/{with_triggers.pk}/hard-moments/")
    assert response.status_code == 200
    assert "A door slammed downstairs" in response.content.decode()


def test_hard_moments_before_the_chosen_day_stay_hidden(owner, carer, carer_client):
    make_trigger(owner, "An old fright", occurred_at=at(2024, 5, 1))
    make_trigger(owner, "A recent fright", occurred_at=at(2025, 5, 1))
    link = active(owner, carer, scope="since", since=date(2025, 1, 1), with_triggers=True)
    page = carer_client.get(f"/care/clients/{link.pk}/hard-moments/").content.decode()
    assert "A recent fright" in page and "An old fright" not in page


def test_the_glimmer_question_only_with_insights_and_only_as_numbers(owner, carer, carer_client):
    practice.answer_question(
        owner, date(2025, 5, 1), prompt=None, likelihood=7, how_would_i_know="My secret words"
    )
    without = active(owner, carer)
    assert "The Glimmer Question over time" not in (
        carer_client.get(f"/care/clients/{without.pk}/").content.decode()
    )

    with_insights = active(owner, carer, label="my coach", with_insights=True)
    page = carer_client.get(f"/care/clients/{with_insights.pk}/").content.decode()
    assert "The Glimmer Question over time" in page
    assert "1 May 2025" in page and "scale-7" in page
    assert "My secret words" not in page


def test_the_list_is_newest_first_and_paged(owner, carer, carer_client):
    start = timezone.now() - timedelta(days=60)
    for n in range(52):
        make_glimmer(owner, f"Glimmer number {n:02d}", noticed_at=start + timedelta(hours=n))
    link = active(owner, carer, scope="since", since=(start - timedelta(days=1)).date())

    first = carer_client.get(f"/care/clients/{link.pk}/glimmers/").content.decode()
    assert first.index("Glimmer number 51") < first.index("Glimmer number 10")
    assert "Glimmer number 01" not in first
    next_url = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = carer_client.get(
        f"/care/clients/{link.pk}/glimmers/{next_url.replace('&amp;', '&')}"
    ).content.decode()
    assert "Glimmer number 01" in second and "Glimmer number 00" in second
    assert "Glimmer number 51" not in second


def test_times_are_shown_in_the_clients_own_time_zone(owner, carer, carer_client):
    # 14:20 UTC is 16:20 in Kyiv in winter; the carer's own zone is New York.
    glimmer = make_glimmer(
        owner, "Winter sun", noticed_at=at(2025, 12, 3, 14) + timedelta(minutes=20)
    )
    for_sessions(owner, glimmer)
    link = active(owner, carer)
    page = carer_client.get(f"/care/clients/{link.pk}/glimmers/{glimmer.pk}/").content.decode()
    assert "Wednesday 3 December 2025, 16:20" in page


def test_another_carers_client_is_not_found(owner, carer, stranger, stranger_client):
    from tests.care.helpers import make_carer

    make_carer(stranger)
    glimmer = make_glimmer(owner, "Mine")
    for_sessions(owner, glimmer)
    link = active(owner, carer)
    for url in (
        f"/care/clients/{link.pk}/",
        f"/care/clients/{link.pk}/glimmers/",
        f"/care/clients/{link.pk}/glimmers/{glimmer.pk}/",
        f"/care/clients/{link.pk}/suggest/",
    ):
        assert stranger_client.get(url).status_code == 404


def test_the_client_themselves_cannot_use_the_carers_addresses(owner, owner_client, carer):
    link = active(owner, carer)
    assert owner_client.get(f"/care/clients/{link.pk}/").status_code == 404


def test_the_carers_list_shows_each_client_by_the_name_they_gave(owner, carer, carer_client):
    link = active(owner, carer)
    page = carer_client.get("/care/clients/").content.decode()
    assert f'<a href="/care/clients/{link.pk}/">Olena</a>' in page
    assert "olena" not in page
