"""Generated requests against the published OpenAPI schema.

Schemathesis reads /api/v1/openapi.json and makes requests from it (valid
and deliberately invalid) with two people's tokens, aimed at their real
objects as well as at made-up ids. Every answer must be documented: never a
server error, and always the status, content type and body shape the schema
promises. Nobody may get a 2xx for someone else's object, and nothing the
schema calls invalid may be accepted (its negative-data check: a body that
isn't an object, a number for a date, a day out of range all get a 4xx).

Bounded so it runs in well under a minute and finds the same things every
time: a fixed number of examples per operation (GLIMMERS_TEST_FUZZ_EXAMPLES,
15 unless set; try 200 for a deeper run), derandomized, and no Hypothesis
database, so nothing is written into the repository.
"""

from __future__ import annotations

import contextlib
import os
import time

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from glimmers.accounts import services as accounts
from glimmers.accounts.tokens import create_token
from glimmers.care import services as care
from glimmers.circles import services as circles
from glimmers.journal import services
from glimmers.journal.models import Person, Value
from glimmers.journal.photos import clean_photo
from tests.factories import make_glimmer, make_trigger, make_user, upload

EXAMPLES_PER_OPERATION = int(os.environ.get("GLIMMERS_TEST_FUZZ_EXAMPLES", 15))
# Mostly the owner with a full token, so most requests get past the door.
CALLERS = ["owner", "owner", "owner", "other", "owner read-only"]
CHECKS = [
    not_a_server_error,
    negative_data_rejection,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@contextlib.contextmanager
def connections_kept_open():
    """What Django's own test client does: the test's transaction spans the requests.

    A real WSGI request closes "old" database connections when it starts and
    ends; inside a test transaction that would throw the test data away.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _world(user):
    """One of everything for ``user``: the ids a generated request may aim at."""
    glimmer = make_glimmer(user, f"{user.username}'s quiet morning #tea")
    photo = services.add_photo(user, glimmer, clean_photo(upload()))
    trigger = make_trigger(user, f"{user.username}'s loud street")
    person = services.add_named(user, Person, f"{user.username}'s friend")
    value = services.add_named(user, Value, f"{user.username}'s value")
    # A circle of their own (nobody else in it), with the glimmer shared there, photos too.
    circle = circles.make_circle(user, f"{user.username}'s circle")
    [share] = circles.share(user, glimmer, [circle], with_photos=True)
    # A client of theirs (they are a counsellor too), sharing all the scope allows.
    client = make_user(f"{user.username}-client")
    care.mark_for_sessions(client, make_glimmer(client, "For our session"))
    _link, code = care.invite(client, "my counsellor", with_photos=True, with_triggers=True)
    accounts.update_preferences(user, is_carer=True)
    link = care.confirm(client, care.accept(user, code))
    return {
        "glimmer_id": str(glimmer.pk),
        "photo_id": str(photo.pk),
        "trigger_id": str(trigger.pk),
        "people": person.pk,
        "values": value.pk,
        "circle_id": str(circle.pk),
        "share_id": str(share.pk),
        "link_id": str(link.pk),
    }


def _aim(case, draw, worlds: dict) -> str | None:
    """Point the case's path at one of the two people's real objects (or leave it random).

    Returns whose object it now names, or None for a generated id.
    """
    whose = draw(st.sampled_from([None, "owner", "owner", "other"]), label="whose")
    # A day (intentions, reflections) belongs to nobody: everyone has their own.
    if whose is None or not case.path_parameters or "day" in case.path_parameters:
        return None
    for name in case.path_parameters:
        key = name
        if name == "row_id":  # people and values share the path parameter's name
            key = "people" if "/people/" in case.operation.path else "values"
        case.path_parameters[name] = worlds[whose][key]
    return whose


@pytest.fixture
def schema(db):
    with connections_kept_open():
        return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


def test_it_answers_every_generated_request_as_documented(schema, owner, other, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 0  # this test is about answers, not the limit
    worlds = {"owner": _world(owner), "other": _world(other)}
    tokens = {
        "owner": create_token(owner, "fuzz")[1],
        "other": create_token(other, "fuzz")[1],
        "owner read-only": create_token(owner, "fuzz read", read_only=True)[1],
    }
    seen: dict[int, int] = {}

    def run_operation(operation):
        cases = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        )

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases, data=st.data())
        def run(case, data):
            caller = data.draw(st.sampled_from(CALLERS), label="caller")
            whose = _aim(case, data.draw, worlds)
            # Plain bodies: the WSGI transport hands gzip (GZipMiddleware) back undecoded.
            case.headers = {
                **(case.headers or {}),
                "Authorization": f"Bearer {tokens[caller]}",
                "Accept-Encoding": "identity",
            }
            with transaction.atomic():  # each example starts from the same two journals
                response = case.call()
                case.validate_response(response, checks=CHECKS)
                transaction.set_rollback(True)
            seen[response.status_code] = seen.get(response.status_code, 0) + 1
            if whose is not None and not caller.startswith(whose):
                assert not 200 <= response.status_code < 300, (
                    f"{caller} got {response.status_code} for {whose}'s object: {case.path}"
                )

        run()

    operations = [result.ok() for result in schema.get_all_operations()]
    started = time.monotonic()
    with connections_kept_open():
        for operation in operations:
            run_operation(operation)
    elapsed = time.monotonic() - started
    print(
        f"schemathesis: {len(operations)} operations, {sum(seen.values())} requests "
        f"in {elapsed:.1f}s; statuses {dict(sorted(seen.items()))}"
    )
    # Not a vacuous run: real objects were read and written, and bad input was refused.
    assert len(operations) >= 25
    assert {200, 201, 204, 403, 404, 422} <= set(seen)
