"""Who may call the API: tokens, read-only tokens, strangers, the browser session, the rate limit.

Every endpoint is listed once in ENDPOINTS, and a test checks that list
against the published schema, so a new endpoint cannot miss these checks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from glimmers.accounts import services as accounts
from glimmers.accounts.models import AccessToken
from glimmers.accounts.tokens import create_token, revoke_token
from glimmers.api import auth
from glimmers.care import services as care
from glimmers.circles import services as circles
from glimmers.journal import services
from glimmers.journal.models import Glimmer, Person, Value
from glimmers.journal.photos import clean_photo
from tests.api.conftest import API, ApiClient, assert_error, journal_snapshot, token_for
from tests.factories import make_glimmer, make_trigger, make_user, upload


@dataclass(frozen=True)
class Endpoint:
    method: str
    # With {glimmer}, {photo}, {trigger}, {person}, {value}, {circle}, {share} for the
    # owner's objects (the owner's circle, with the glimmer and its photo shared there);
    # {link}, {client_glimmer}, {client_photo} for a client's, read by the owner as her carer.
    path: str
    body: dict | None = None
    writes: bool = False

    @property
    def names_an_object(self) -> bool:
        # A day is not an object anyone owns: each person has their own 2026-01-05.
        return "{" in self.path and "{day}" not in self.path

    def send(self, api: ApiClient, ids: dict):
        path = self.path.format(**ids)
        if path.endswith("/photos"):
            return api.upload(path, upload())
        if self.method == "put" and "/photos/" in path:
            return api.put_upload(path, upload())
        return api.call(self.method, path, self.body)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


ENDPOINTS = [
    Endpoint("get", "/glimmers"),
    Endpoint("post", "/glimmers", {"text": "A new one"}, writes=True),
    Endpoint("put", "/glimmers/{glimmer}", {"text": "Again"}, writes=True),
    Endpoint("get", "/glimmers/{glimmer}"),
    Endpoint("patch", "/glimmers/{glimmer}", {"text": "Changed"}, writes=True),
    Endpoint("delete", "/glimmers/{glimmer}", writes=True),
    Endpoint("post", "/glimmers/{glimmer}/photos", writes=True),
    Endpoint("put", "/glimmers/{glimmer}/photos/{new_photo}", writes=True),
    Endpoint("get", "/photos/{photo}"),
    Endpoint("get", "/photos/{photo}/thumbnail"),
    Endpoint("delete", "/photos/{photo}", writes=True),
    Endpoint("get", "/triggers"),
    Endpoint("post", "/triggers", {"text": "A siren"}, writes=True),
    Endpoint("get", "/triggers/{trigger}"),
    Endpoint("patch", "/triggers/{trigger}", {"intensity": 2}, writes=True),
    Endpoint("delete", "/triggers/{trigger}", writes=True),
    Endpoint("get", "/people"),
    Endpoint("post", "/people", {"name": "Someone new"}, writes=True),
    Endpoint("get", "/people/{person}"),
    Endpoint("patch", "/people/{person}", {"name": "Renamed"}, writes=True),
    Endpoint("delete", "/people/{person}", writes=True),
    Endpoint("get", "/values"),
    Endpoint("post", "/values", {"name": "Something new"}, writes=True),
    Endpoint("get", "/values/{value}"),
    Endpoint("patch", "/values/{value}", {"name": "Renamed"}, writes=True),
    Endpoint("delete", "/values/{value}", writes=True),
    Endpoint("get", "/senses"),
    Endpoint("get", "/body-cues"),
    Endpoint("get", "/today"),
    Endpoint("get", "/prompts/today"),
    Endpoint("post", "/prompts/today/skip", writes=True),
    Endpoint("get", "/intentions"),
    Endpoint("put", "/intentions/{day}", {"text": "small sounds"}, writes=True),
    Endpoint("delete", "/intentions/{day}", writes=True),
    Endpoint("get", "/reflections"),
    Endpoint("get", "/export"),
    Endpoint("put", "/reflections/{day}", {"answer": "The rain."}, writes=True),
    Endpoint("get", "/circles"),
    Endpoint("get", "/circles/{circle}"),
    Endpoint("post", "/circles/{circle}/looked", writes=True),
    Endpoint("get", "/circles/{circle}/glimmers"),
    Endpoint("get", "/circles/{circle}/photos/{photo}"),
    Endpoint("get", "/circles/{circle}/photos/{photo}/thumbnail"),
    Endpoint("get", "/shares/{share}"),
    Endpoint("get", "/glimmers/{glimmer}/shares"),
    Endpoint("put", "/glimmers/{glimmer}/shares/{circle}", {"with_photos": True}, writes=True),
    Endpoint("delete", "/glimmers/{glimmer}/shares/{circle}", writes=True),
    Endpoint("get", "/care/clients"),
    Endpoint("get", "/care/clients/{link}"),
    Endpoint("get", "/care/clients/{link}/glimmers"),
    Endpoint("get", "/care/clients/{link}/glimmers/{client_glimmer}"),
    Endpoint("get", "/care/clients/{link}/photos/{client_photo}"),
    Endpoint("get", "/care/clients/{link}/photos/{client_photo}/thumbnail"),
    Endpoint("get", "/care/clients/{link}/triggers"),
    Endpoint("get", "/care/links"),
    Endpoint("get", "/care/reads"),
]
WRITES = [e for e in ENDPOINTS if e.writes]
READS = [e for e in ENDPOINTS if not e.writes]
OBJECT_ENDPOINTS = [e for e in ENDPOINTS if e.names_an_object]


@pytest.fixture
def ids(owner) -> dict:
    """One of each of the owner's objects, for the paths above."""
    glimmer = make_glimmer(owner, "Sun on the balcony #morning")
    photo = services.add_photo(owner, glimmer, clean_photo(upload()))
    circle = circles.make_circle(owner, "Mum and me")
    [share] = circles.share(owner, glimmer, [circle], with_photos=True)
    # A client whose counsellor the owner is, sharing everything the scope allows.
    client = make_user("ana")
    theirs = make_glimmer(client, "Ana's glimmer for our session")
    care.mark_for_sessions(client, theirs)
    their_photo = services.add_photo(client, theirs, clean_photo(upload()))
    _link, code = care.invite(
        client, "my counsellor", scope="sessions", with_photos=True, with_triggers=True
    )
    accounts.update_preferences(owner, is_carer=True)
    link = care.confirm(client, care.accept(owner, code))
    return {
        "glimmer": glimmer.pk,
        "photo": photo.pk,
        "new_photo": uuid.uuid4(),  # a client's own id for a photo not yet sent
        "trigger": make_trigger(owner).pk,
        "person": services.add_named(owner, Person, "Mum").pk,
        "value": services.add_named(owner, Value, "Calm").pk,
        "day": "2026-01-05",
        "circle": circle.pk,
        "share": share.pk,
        "link": link.pk,
        "client_glimmer": theirs.pk,
        "client_photo": their_photo.pk,
    }


def test_it_lists_every_endpoint_in_the_published_schema(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    published = {
        (method, path.removeprefix(API))
        for path, operations in schema["paths"].items()
        for method in operations
    }
    in_schema = {
        "glimmer": "{glimmer_id}",
        "photo": "{photo_id}",
        "new_photo": "{photo_id}",
        "trigger": "{trigger_id}",
        "person": "{row_id}",
        "value": "{row_id}",
        "day": "{day}",
        "circle": "{circle_id}",
        "share": "{share_id}",
        "link": "{link_id}",
        "client_glimmer": "{glimmer_id}",
        "client_photo": "{photo_id}",
    }
    listed = {(e.method, e.path.format(**in_schema)) for e in ENDPOINTS}
    assert listed == published


# ---------------------------------------------------------------------------
# No token, a bad token, a revoked token: 401
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_it_refuses_every_endpoint_without_a_token(endpoint, ids):
    before = journal_snapshot()
    response = endpoint.send(ApiClient(), ids)
    assert_error(response, 401, "unauthorized")
    assert response["WWW-Authenticate"] == 'Bearer realm="glimmers"'
    assert journal_snapshot() == before


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer nonsense",
        "Bearer glm_" + "A" * 43,  # the right shape, but never issued
        "Bearer ",
        "glm_no_scheme",
        "Basic b2xlbmE6cGFzc3dvcmQ=",
        "Bearer glm_" + "x" * 500,
    ],
)
@pytest.mark.parametrize("endpoint", [ENDPOINTS[0], ENDPOINTS[1], ENDPOINTS[5]], ids=str)
def test_it_refuses_a_malformed_token(endpoint, authorization, ids):
    before = journal_snapshot()
    response = endpoint.send(ApiClient(authorization=authorization), ids)
    assert_error(response, 401, "unauthorized")
    assert journal_snapshot() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_it_refuses_a_revoked_token_everywhere(endpoint, owner, ids):
    token, raw = create_token(owner, "old phone")
    revoke_token(owner, token)
    before = journal_snapshot()
    response = endpoint.send(ApiClient(raw), ids)
    assert_error(response, 401, "unauthorized")
    assert journal_snapshot() == before


def test_it_refuses_the_token_of_a_deactivated_account(owner, ids):
    raw = token_for(owner)
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert_error(ApiClient(raw).get("/glimmers"), 401, "unauthorized")


def test_it_notes_when_a_token_was_last_used(owner, ids):
    token, raw = create_token(owner, "phone")
    assert token.last_used_at is None
    ApiClient(raw).get("/glimmers")
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)


# ---------------------------------------------------------------------------
# A stranger's objects: 404, and nothing changes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", OBJECT_ENDPOINTS, ids=str)
def test_a_stranger_gets_404_for_every_object_and_changes_nothing(endpoint, ids, stranger_api):
    before = journal_snapshot()
    response = endpoint.send(stranger_api, ids)
    assert_error(response, 404, "not_found")
    assert journal_snapshot() == before


@pytest.mark.parametrize("endpoint", OBJECT_ENDPOINTS, ids=str)
def test_an_id_that_does_not_exist_is_404_like_a_strangers(endpoint, ids, api):
    missing = {
        "glimmer": uuid.uuid4(),
        "photo": uuid.uuid4(),
        "new_photo": uuid.uuid4(),  # free, but on a glimmer that does not exist: 404
        "trigger": uuid.uuid4(),
        "person": 987654,
        "value": 987654,
        "circle": uuid.uuid4(),
        "share": uuid.uuid4(),
        "link": uuid.uuid4(),
        "client_glimmer": uuid.uuid4(),
        "client_photo": uuid.uuid4(),
    }
    response = endpoint.send(api, missing)
    if (endpoint.method, endpoint.path) == ("put", "/glimmers/{glimmer}"):  # creating is its job
        assert response.status_code == 201
    else:
        assert_error(response, 404, "not_found")


# ---------------------------------------------------------------------------
# Read-only tokens: every read, no write
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_a_read_only_token_cannot_write(endpoint, ids, read_only_api):
    before = journal_snapshot()
    response = endpoint.send(read_only_api, ids)
    assert_error(response, 403, "read_only_token")
    assert journal_snapshot() == before


@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_a_read_only_token_can_read(endpoint, ids, read_only_api):
    assert endpoint.send(read_only_api, ids).status_code == 200


def test_a_read_only_token_cannot_create_even_with_a_new_id(read_only_api, owner):
    response = read_only_api.put(f"/glimmers/{uuid.uuid4()}", {"text": "Offline capture"})
    assert_error(response, 403, "read_only_token")
    assert not Glimmer.objects.exists()


# ---------------------------------------------------------------------------
# The signed-in browser
# ---------------------------------------------------------------------------


def test_a_signed_in_browser_can_read_its_own_journal(owner, other):
    make_glimmer(owner, "Mine")
    make_glimmer(other, "Not mine")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    response = browser.get(f"{API}/glimmers")
    assert response.status_code == 200
    assert [g["text"] for g in response.json()["items"]] == ["Mine"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_signed_in_browser_cannot_write_without_the_csrf_token(method, owner, ids):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    path = f"{API}/glimmers" if method == "post" else f"{API}/glimmers/{ids['glimmer']}"
    before = journal_snapshot()
    response = getattr(browser, method)(path, '{"text": "Forged"}', content_type="application/json")
    assert_error(response, 403, "forbidden")
    assert journal_snapshot() == before


def test_a_signed_in_browser_can_write_with_the_csrf_token(owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    secret = "k" * 32
    browser.cookies["csrftoken"] = secret
    response = browser.post(
        f"{API}/glimmers",
        '{"text": "From the page"}',
        content_type="application/json",
        HTTP_X_CSRFTOKEN=secret,
    )
    assert response.status_code == 201
    assert Glimmer.objects.get().text == "From the page"


def test_a_script_without_a_token_gets_401_not_a_csrf_error(db):
    """Unsafe methods from a client with no session are unauthenticated, not forged."""
    response = Client(enforce_csrf_checks=True).post(
        f"{API}/glimmers", "{}", content_type="application/json"
    )
    assert_error(response, 401, "unauthorized")


# ---------------------------------------------------------------------------
# The rate limit
# ---------------------------------------------------------------------------


@pytest.fixture
def frozen_clock(monkeypatch):
    """The limit counts per clock minute; a test must not straddle two of them."""
    monkeypatch.setattr(auth, "time", SimpleNamespace(time=lambda: 1_700_000_010.0))


def test_it_answers_429_with_retry_after_past_the_limit(settings, frozen_clock, api, owner):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        assert api.get("/glimmers").status_code == 200
    response = api.post("/glimmers", {"text": "One too many"})
    assert_error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 61
    assert not Glimmer.objects.exists()


def test_it_counts_each_token_separately(settings, frozen_clock, api, owner):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(4):
        api.get("/glimmers")
    assert api.get("/glimmers").status_code == 429
    assert ApiClient(token_for(owner)).get("/glimmers").status_code == 200


def test_it_limits_a_signed_in_browser_too(settings, frozen_clock, owner):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    browser = Client()
    browser.force_login(owner)
    statuses = [browser.get(f"{API}/senses").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_it_does_not_limit_when_the_limit_is_off(settings, frozen_clock, api):
    settings.API_RATE_LIMIT_PER_MINUTE = 0
    assert all(api.get("/senses").status_code == 200 for _ in range(10))


def test_a_new_minute_starts_a_new_count(settings, monkeypatch, api):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    clock = SimpleNamespace(time=lambda: 1_700_000_010.0)
    monkeypatch.setattr(auth, "time", clock)
    assert api.get("/senses").status_code == 200
    assert api.get("/senses").status_code == 429
    clock.time = lambda: 1_700_000_070.0
    assert api.get("/senses").status_code == 200


# ---------------------------------------------------------------------------
# One error shape, whatever went wrong
# ---------------------------------------------------------------------------


def test_a_body_that_is_not_json_gets_400_in_the_error_shape(api):
    assert_error(api.post("/glimmers", b"{not json"), 400, "bad_request")
    assert not Glimmer.objects.exists()


def test_a_wrong_type_names_the_field(api):
    fields = assert_error(api.post("/glimmers", {"text": 5, "reliable": "often"}), 422, "invalid")
    assert set(fields) == {"text", "reliable"}


def test_a_malformed_id_in_the_path_is_refused_in_the_error_shape(api):
    assert_error(api.get("/glimmers/not-a-uuid"), 422, "invalid", fields=("glimmer_id",))
    assert_error(api.get("/people/not-a-number"), 422, "invalid", fields=("row_id",))


def test_tokens_are_stored_only_as_a_hash(owner):
    token, raw = create_token(owner, "phone")
    stored = AccessToken.objects.filter(pk=token.pk).values().get()
    assert raw not in str(stored)
    assert raw.startswith(stored["prefix"])
