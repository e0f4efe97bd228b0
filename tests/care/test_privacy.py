"""A carer never learns whether their client has other carers or circles, and a page of
theirs never shows that anything outside their scope exists."""

from __future__ import annotations

import re
import uuid

from glimmers.care import services
from glimmers.circles import services as circles
from tests.care.helpers import active, for_sessions, make_carer
from tests.factories import make_glimmer, make_trigger


def _carers_view(carer_client, link) -> dict[str, str]:
    """Every page the carer may read, without what changes from one request to the next."""
    pages = {}
    for address in (
        "/care/clients/",
        f"/care/clients/{link.pk}/",
        f"/care/clients/{link.pk}/glimmers/",
        f"/care/clients/{link.pk}/suggest/",
    ):
        page = carer_client.get(address).content.decode()
        pages[address] = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return pages


def test_other_carers_and_circles_change_nothing_the_carer_sees(
    owner, carer, carer_client, stranger
):
    glimmer = make_glimmer(owner, "Swallows over the river")
    for_sessions(owner, glimmer)
    link = active(owner, carer, tell_tried=True)
    services.suggest(carer, link, "Notice one sound")
    before = _carers_view(carer_client, link)

    # Another carer, with suggestions of their own, and a circle with a shared glimmer.
    make_carer(stranger)
    second = active(owner, stranger, label="my coach", scope="since")
    tried = services.suggest(stranger, second, "The coach's own suggestion")
    services.answer(owner, tried, "tried")
    circle = circles.make_circle(owner, "Mum and me")
    circles.share(owner, glimmer, [circle])
    make_trigger(owner, "Something hard")

    assert _carers_view(carer_client, link) == before


def test_another_carers_link_looks_exactly_like_no_link_at_all(
    owner, carer, stranger, carer_client
):
    make_carer(stranger)
    theirs = active(owner, stranger)
    real = carer_client.get(f"/care/clients/{theirs.pk}/")
    other_id = uuid.uuid4()
    made_up = carer_client.get(f"/care/clients/{other_id}/")
    assert real.status_code == made_up.status_code == 404

    def plain(response, link_id) -> str:
        page = response.content.decode().replace(str(link_id), "ID")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    assert plain(real, theirs.pk) == plain(made_up, other_id)
