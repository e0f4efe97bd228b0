"""Ending or narrowing a link holds on the carer's very next request, page open or not."""

from __future__ import annotations

import re

from tests.care.helpers import active, for_sessions
from tests.factories import make_glimmer, make_trigger


def _links_on(page: str, link) -> list[str]:
    return sorted(set(re.findall(rf'href="(/care/clients/{link.pk}/[^"]*)"', page)))


def test_every_address_on_an_open_page_is_gone_once_the_link_ends(
    owner, owner_client, carer, carer_client
):
    glimmer = make_glimmer(owner, "Steam from the kettle")
    for_sessions(owner, glimmer)
    make_trigger(owner, "A shout in the street")
    link = active(owner, carer, with_triggers=True, with_photos=True)
    open_page = carer_client.get(f"/care/clients/{link.pk}/").content.decode()
    addresses = _links_on(open_page, link)
    assert f"/care/clients/{link.pk}/glimmers/{glimmer.pk}/" in addresses
    assert len(addresses) >= 5

    owner_client.post(f"/care/{link.pk}/end/")

    for address in addresses:
        assert carer_client.get(address).status_code == 404, address
    assert (
        carer_client.post(f"/care/clients/{link.pk}/suggest/", {"text": "Still here?"}).status_code
        == 404
    )


def test_unmarking_a_glimmer_takes_it_away_at_once(owner, carer, carer_client):
    glimmer = make_glimmer(owner, "A robin on the fence")
    for_sessions(owner, glimmer)
    link = active(owner, carer)
    url = f"/care/clients/{link.pk}/glimmers/{glimmer.pk}/"
    assert carer_client.get(url).status_code == 200

    from glimmers.care import services

    services.mark_for_sessions(owner, glimmer, marked=False)

    assert carer_client.get(url).status_code == 404
    assert "A robin" not in carer_client.get(f"/care/clients/{link.pk}/").content.decode()


def test_unticking_hard_moments_closes_that_page_at_once(owner, owner_client, carer, carer_client):
    make_trigger(owner, "A shout in the street")
    link = active(owner, carer, with_triggers=True)
    url = f"/care/clients/{link.pk}/hard-moments/"
    assert carer_client.get(url).status_code == 200

    owner_client.post(f"/care/{link.pk}/scope/", {"scope": "sessions"})

    assert carer_client.get(url).status_code == 404
