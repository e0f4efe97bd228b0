"""The carer's list pages ask the database the same number of times for N rows as for 2N."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from glimmers.care import services
from glimmers.journal import services as journal
from glimmers.journal.models import Sense
from glimmers.journal.photos import clean_photo
from tests.care.helpers import active, for_sessions
from tests.factories import make_glimmer, upload


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _add_rich(owner, n: int, start: int = 0) -> None:
    sight = Sense.objects.get(owner=None, slug="sight")
    for i in range(start, start + n):
        glimmer = make_glimmer(
            owner,
            f"rich {i} #tag{i % 3}",
            senses=[sight],
            new_people=[f"P{i % 2}"],
            new_values=["Calm"],
            state_before="mobilized",
            state_after="safe",
        )
        journal.add_photo(owner, glimmer, clean_photo(upload()))
        for_sessions(owner, glimmer)


def test_the_carers_glimmer_list_costs_the_same_for_n_and_2n(owner, carer, carer_client):
    link = active(owner, carer, with_photos=True)
    url = f"/care/clients/{link.pk}/glimmers/"
    _queries(carer_client, url)  # the first request also looks up the account
    _add_rich(owner, 5)
    five = _queries(carer_client, url)
    _add_rich(owner, 5, start=5)
    ten = _queries(carer_client, url)
    assert five == ten


def test_the_summary_costs_the_same_for_n_and_2n(owner, carer, carer_client):
    link = active(owner, carer, with_insights=True, tell_tried=True)
    url = f"/care/clients/{link.pk}/"
    _queries(carer_client, url)
    _add_rich(owner, 3)
    services.suggest(carer, link, "one")
    three = _queries(carer_client, url)
    _add_rich(owner, 3, start=3)
    services.suggest(carer, link, "two")
    six = _queries(carer_client, url)
    assert three == six


def test_the_clients_list_costs_the_same_for_n_and_2n(carer, carer_client):
    from tests.factories import make_user

    _queries(carer_client, "/care/clients/")
    for n in range(2):
        active(make_user(f"client{n}"), carer)
    two = _queries(carer_client, "/care/clients/")
    for n in range(2, 4):
        active(make_user(f"client{n}"), carer)
    four = _queries(carer_client, "/care/clients/")
    assert two == four


def test_the_clients_care_page_costs_the_same_for_n_and_2n_links(owner, owner_client):
    from tests.care.helpers import make_carer
    from tests.factories import make_user

    def add(start: int) -> None:
        for n in range(start, start + 2):
            carer = make_carer(make_user(f"carer{n}"))
            link = active(owner, carer, label=f"carer {n}")
            services.suggest(carer, link, f"suggestion {n}")
            for _ in range(7):
                services.note_read(carer, link, "summary")

    _queries(owner_client, "/care/")
    add(0)
    two = _queries(owner_client, "/care/")
    add(2)
    four = _queries(owner_client, "/care/")
    assert two == four
