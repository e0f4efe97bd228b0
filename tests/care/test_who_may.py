"""Every care route, for each kind of visitor: the client, the carer, a stranger, nobody.

The routes are read from the URL configuration, so a new one fails here until it
is given its row. Anything someone may not see answers 404 (never 403); an
anonymous visitor is sent to sign in, except to open an invitation.
"""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from glimmers.care import services
from glimmers.care.models import CareLink, CareRead, ForSessions, Suggestion
from glimmers.journal import services as journal
from glimmers.journal.photos import clean_photo
from tests.care.helpers import active, for_sessions, invite
from tests.factories import make_glimmer, make_trigger, upload

OK, NOT_FOUND, SIGN_IN, MOVED = 200, 404, "sign in", "redirect"

# route name -> (method, expected for: client, carer, stranger, anonymous)
TABLE = {
    "index": ("get", OK, OK, OK, SIGN_IN),
    "invite": ("post", OK, OK, OK, SIGN_IN),  # each makes an invitation of their own
    "answer": ("post", MOVED, NOT_FOUND, NOT_FOUND, SIGN_IN),
    "for_sessions": ("post", MOVED, NOT_FOUND, NOT_FOUND, SIGN_IN),
    "confirm": ("post", MOVED, NOT_FOUND, NOT_FOUND, SIGN_IN),
    "scope": ("get", OK, NOT_FOUND, NOT_FOUND, SIGN_IN),
    "end": ("get", OK, NOT_FOUND, NOT_FOUND, SIGN_IN),
    "log": ("get", OK, NOT_FOUND, NOT_FOUND, SIGN_IN),
    "as_carer": ("get", OK, NOT_FOUND, NOT_FOUND, SIGN_IN),
    "as_carer_glimmers": ("get", OK, NOT_FOUND, NOT_FOUND, SIGN_IN),
    "as_carer_glimmer": ("get", OK, NOT_FOUND, NOT_FOUND, SIGN_IN),
    "as_carer_photo": ("get", OK, NOT_FOUND, NOT_FOUND, SIGN_IN),
    "as_carer_thumbnail": ("get", OK, NOT_FOUND, NOT_FOUND, SIGN_IN),
    "as_carer_triggers": ("get", OK, NOT_FOUND, NOT_FOUND, SIGN_IN),
    "join": ("get", OK, OK, OK, OK),
    "join_code": ("get", OK, OK, OK, OK),  # the code is the key; the client sees "your own"
    "clients": ("get", OK, OK, OK, SIGN_IN),  # each sees only their own clients
    "client": ("get", NOT_FOUND, OK, NOT_FOUND, SIGN_IN),
    "client_glimmers": ("get", NOT_FOUND, OK, NOT_FOUND, SIGN_IN),
    "client_glimmer": ("get", NOT_FOUND, OK, NOT_FOUND, SIGN_IN),
    "client_photo": ("get", NOT_FOUND, OK, NOT_FOUND, SIGN_IN),
    "client_thumbnail": ("get", NOT_FOUND, OK, NOT_FOUND, SIGN_IN),
    "client_triggers": ("get", NOT_FOUND, OK, NOT_FOUND, SIGN_IN),
    "suggest": ("get", NOT_FOUND, OK, NOT_FOUND, SIGN_IN),
}
WHO = ("client", "carer", "stranger", "anonymous")


def care_routes() -> set[str]:
    resolver = get_resolver()
    namespace = resolver.namespace_dict["care"][1]
    return {name for name in namespace.reverse_dict if isinstance(name, str)}


def test_every_care_route_has_its_row():
    assert care_routes() == set(TABLE)


@pytest.fixture
def things(owner, carer):
    glimmer = make_glimmer(owner, "Morning birdsong")
    photo = journal.add_photo(owner, glimmer, clean_photo(upload()))
    for_sessions(owner, glimmer)
    make_trigger(owner, "A hard phone call")
    link = active(owner, carer, with_photos=True, with_triggers=True)
    suggestion = services.suggest(carer, link, "Notice one sound")
    _, code = invite(owner, "my coach")
    return {
        "link_id": link.pk,
        "glimmer_id": glimmer.pk,
        "photo_id": photo.pk,
        "suggestion_id": suggestion.pk,
        "code": code,
    }


def _url(name: str, things: dict) -> str:
    pattern = next(
        p for p in get_resolver().namespace_dict["care"][1].url_patterns if p.name == name
    )
    wanted = pattern.pattern.converters.keys()
    return reverse(f"care:{name}", kwargs={key: things[key] for key in wanted})


POSTS = {
    "invite": {"label": "x", "client_name": "y", "scope": "sessions"},
    "answer": {"answer": "skipped"},
    "for_sessions": {"marked": "0"},
    "confirm": {},
}


def _snapshot():
    return {
        "links": sorted((str(r.pk), r.status, r.scope, r.carer_id) for r in CareLink.objects.all()),
        "suggestions": sorted((str(r.pk), r.answer) for r in Suggestion.objects.all()),
        "marks": ForSessions.objects.count(),
    }


@pytest.mark.parametrize("name", sorted(TABLE))
@pytest.mark.parametrize("who", WHO)
def test_each_visitor_gets_the_answer_in_the_table(
    name, who, things, owner_client, carer_client, stranger_client, client
):
    method, *expected = TABLE[name]
    wanted = expected[WHO.index(who)]
    visitor = {
        "client": owner_client,
        "carer": carer_client,
        "stranger": stranger_client,
        "anonymous": client,
    }[who]
    url = _url(name, things)
    before = _snapshot()
    reads = CareRead.objects.count()

    response = getattr(visitor, method)(url, POSTS.get(name, {}))

    if wanted == SIGN_IN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif wanted == MOVED:
        assert response.status_code == 302
    else:
        assert response.status_code == wanted, (name, who)
    if wanted == OK and response["Content-Type"].startswith("text/html"):
        # Every care page says, at its top, that this is not therapy and where help is.
        assert 'class="care-note"' in response.content.decode()
    if wanted in (NOT_FOUND, SIGN_IN):
        assert _snapshot() == before
        assert CareRead.objects.count() == reads
