"""Changing what a carer may read: it holds from their very next request."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from glimmers.care.models import Scope
from tests.care.helpers import active, for_sessions
from tests.factories import make_glimmer


def test_the_form_starts_from_the_links_scope(owner, owner_client, carer):
    link = active(owner, carer, with_photos=True)
    page = owner_client.get(f"/care/{link.pk}/scope/").content.decode()
    assert re.search(r'name="with_photos"[^>]* checked>', page)
    assert re.search(r'value="sessions"[^>]* checked>', page)
    assert not re.search(r'name="with_triggers"[^>]* checked>', page)


def test_widening_and_narrowing_holds_on_the_carers_next_request(
    owner, owner_client, carer, carer_client
):
    old = make_glimmer(owner, "Old snow", noticed_at=datetime(2024, 1, 5, 12, tzinfo=UTC))
    new = make_glimmer(owner, "New leaves", noticed_at=datetime(2025, 4, 5, 12, tzinfo=UTC))
    for_sessions(owner, new)
    link = active(owner, carer)
    listing = f"/care/clients/{link.pk}/glimmers/"
    page = carer_client.get(listing).content.decode()
    assert "New leaves" in page and "Old snow" not in page

    response = owner_client.post(
        f"/care/{link.pk}/scope/", {"scope": "since", "since": "2024-01-01"}
    )
    assert response.status_code == 302
    page = carer_client.get(listing).content.decode()
    assert "New leaves" in page and "Old snow" in page

    owner_client.post(f"/care/{link.pk}/scope/", {"scope": "since", "since": "2025-01-01"})
    page = carer_client.get(listing).content.decode()
    assert "New leaves" in page and "Old snow" not in page
    assert carer_client.get(f"/care/clients/{link.pk}/glimmers/{old.pk}/").status_code == 404


def test_unticking_photos_closes_them_at_once(owner, owner_client, carer, carer_client):
    from glimmers.journal import services
    from glimmers.journal.photos import clean_photo
    from tests.factories import upload

    glimmer = make_glimmer(owner, "Sunset")
    photo = services.add_photo(owner, glimmer, clean_photo(upload()))
    for_sessions(owner, glimmer)
    link = active(owner, carer, with_photos=True)
    url = f"/care/clients/{link.pk}/photos/{photo.pk}/"
    assert carer_client.get(url).status_code == 200

    owner_client.post(f"/care/{link.pk}/scope/", {"scope": "sessions"})

    assert carer_client.get(url).status_code == 404


def test_bad_input_changes_nothing_and_says_why(owner, owner_client, carer):
    link = active(owner, carer, with_photos=True)
    response = owner_client.post(f"/care/{link.pk}/scope/", {"scope": "since", "since": ""})
    assert response.status_code == 400
    assert "Choose the first day they may read." in response.content.decode()
    link.refresh_from_db()
    assert (link.scope, link.with_photos) == (Scope.SESSIONS, True)


def test_an_ended_link_has_no_scope_to_change(owner, owner_client, carer):
    link = active(owner, carer)
    owner_client.post(f"/care/{link.pk}/end/")
    assert owner_client.get(f"/care/{link.pk}/scope/").status_code == 404
    assert owner_client.post(f"/care/{link.pk}/scope/", {"scope": "since"}).status_code == 404


def test_only_the_client_changes_the_scope(owner, carer, carer_client, stranger_client):
    link = active(owner, carer)
    for client in (carer_client, stranger_client):
        response = client.post(f"/care/{link.pk}/scope/", {"scope": "since", "since": "2020-01-01"})
        assert response.status_code == 404
    link.refresh_from_db()
    assert link.scope == Scope.SESSIONS
