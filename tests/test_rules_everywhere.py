"""Each rule has one home, and the web pages, the API and the CLI all give its answer.

- a person's day and time zone: glimmers/time.py
- "the same name in any case": NamedQuerySet.named() in journal/models.py
- an intention: practice/forms.py's IntentionForm (and INTENTION_MAX_LENGTH)

Each test asks the three interfaces the same question and expects the same answer.
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from glimmers.journal import services
from glimmers.journal.models import Glimmer, Person, Value
from glimmers.practice.models import INTENTION_MAX_LENGTH, Intention
from glimmers.time import local_today, zone_of
from tests.api.conftest import ApiClient, token_for
from tests.cli import FakeStdin, run


@pytest.fixture(autouse=True)
def _terminal(monkeypatch):
    """The CLI reads a terminal, not a pipe."""
    monkeypatch.setattr("sys.stdin", FakeStdin("", tty=True))


@pytest.fixture
def api(owner):
    return ApiClient(token_for(owner))


def _freeze(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _days_everywhere(user, client, api) -> dict[str, str]:
    """The person's "today" as each interface sees it: the day an intention set
    there is kept for (web), the API's /today and `glimmers today --json`."""
    client.post("/today/intention/", {"text": "warm light"})
    web = Intention.objects.get(owner=user).day.isoformat()
    Intention.objects.all().delete()
    return {
        "web": web,
        "api": api.get("/today").json()["day"],
        "cli": run("today", "--json", "--user", user.username).json()["day"],
    }


# ---------------------------------------------------------------------------
# A person's day (glimmers/time.py)
# ---------------------------------------------------------------------------


def test_a_night_owls_day_is_the_same_day_everywhere(owner, owner_client, api, monkeypatch):
    type(owner).objects.filter(pk=owner.pk).update(day_starts_at=4)
    owner.refresh_from_db()
    # 00:30 UTC on the tenth is 02:30 in Kyiv: before their 04:00, so still the ninth.
    _freeze(monkeypatch, datetime(2025, 1, 10, 0, 30, tzinfo=UTC))
    assert local_today(owner) == date(2025, 1, 9)
    assert _days_everywhere(owner, owner_client, api) == dict.fromkeys(
        ("web", "api", "cli"), "2025-01-09"
    )


def test_a_zone_the_system_no_longer_knows_falls_back_to_the_servers_everywhere(
    owner, owner_client, api, monkeypatch, settings
):
    settings.TIME_ZONE = "UTC"
    type(owner).objects.filter(pk=owner.pk).update(time_zone="Mars/Olympus_Mons")
    owner.refresh_from_db()
    assert zone_of(owner) == timezone.get_default_timezone()
    # 23:30 UTC on the tenth: already the eleventh in Kyiv, still the tenth in UTC.
    _freeze(monkeypatch, datetime(2025, 1, 10, 23, 30, tzinfo=UTC))
    assert owner_client.get("/").status_code == 200
    assert _days_everywhere(owner, owner_client, api) == dict.fromkeys(
        ("web", "api", "cli"), "2025-01-10"
    )


# ---------------------------------------------------------------------------
# The same name in any case (NamedQuerySet.named)
# ---------------------------------------------------------------------------


def test_a_value_in_another_case_is_the_same_value_everywhere(owner, owner_client, api):
    calm = services.add_named(owner, Value, "Calm")

    web = owner_client.post("/values/", {"name": "  CALM "}, follow=True)
    assert "You already have “Calm”." in _page(web)

    again = api.post("/values", {"name": "calm"})
    assert (again.status_code, again.json()) == (200, {"id": calm.pk, "name": "Calm"})

    owner_client.post("/capture/", {"text": "Tea by the window", "new_values": "cALM"})
    glimmer = api.post("/glimmers", {"text": "Rain on the roof", "values": ["CaLm"]}).json()
    assert glimmer["values"] == ["Calm"]

    added = run("add", "A slow walk", "--value", "calm", "--json", "--user", owner.username)
    assert added.json()["values"] == ["Calm"]
    listed = run("list", "--value", "cALm", "--json", "--user", owner.username)
    assert listed.code == 0, listed.err

    assert list(Value.objects.filter(owner=owner)) == [calm]
    assert Glimmer.objects.filter(owner=owner, values=calm).count() == 3


def test_a_person_named_twice_in_one_capture_is_linked_once(owner, api):
    made = api.post("/glimmers", {"text": "Lunch", "people": ["Mum", "mum", " MUM "]}).json()
    assert made["people"] == ["Mum"]
    assert Person.objects.filter(owner=owner).count() == 1


def test_renaming_to_another_persons_name_in_any_case_is_refused_on_web_and_api(
    owner, owner_client, api
):
    services.add_named(owner, Value, "Nature")
    rest = services.add_named(owner, Value, "Rest")
    web = owner_client.post(f"/values/{rest.pk}/", {"name": "NATURE"})
    assert "You already have one with that name." in _page(web)
    answer = api.patch(f"/values/{rest.pk}", {"name": "nature"})
    assert answer.json()["error"]["fields"]["name"] == ["You already have one with that name."]
    rest.refresh_from_db()
    assert rest.name == "Rest"


# ---------------------------------------------------------------------------
# An intention (practice/forms.py IntentionForm)
# ---------------------------------------------------------------------------

TOO_LONG = f"That's more than {INTENTION_MAX_LENGTH} characters."


def test_an_intention_one_character_too_long_gets_the_same_answer_everywhere(
    owner, owner_client, api
):
    text = "x" * (INTENTION_MAX_LENGTH + 1)
    day = local_today(owner).isoformat()

    web = owner_client.post("/today/intention/", {"text": text})
    assert web.status_code == 400
    assert TOO_LONG in _page(web)

    answer = api.put(f"/intentions/{day}", {"text": text})
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"] == {"text": [TOO_LONG]}

    cli = run("intend", text, "--user", owner.username)
    assert cli.code == 2
    assert TOO_LONG in cli.err

    assert not Intention.objects.exists()


def test_an_intention_of_exactly_the_limit_is_kept_everywhere(owner, owner_client, api):
    text = "x" * INTENTION_MAX_LENGTH
    day = local_today(owner).isoformat()
    assert owner_client.post("/today/intention/", {"text": text}).status_code == 302
    assert api.put(f"/intentions/{day}", {"text": text}).status_code == 200
    assert run("intend", text, "--user", owner.username).code == 0
    assert list(Intention.objects.values_list("text", flat=True)) == [text]


def test_an_unknown_sense_gets_the_same_answer_from_the_api_and_the_cli(owner, api):
    day = local_today(owner).isoformat()
    answer = api.put(f"/intentions/{day}", {"text": "x", "focus_sense": "smellz"})
    message = "We don't know the sense “smellz”."
    assert answer.json()["error"]["fields"] == {"focus_sense": [message]}
    cli = run("intend", "x", "--sense", "smellz", "--user", owner.username)
    assert (cli.code, cli.err.strip()) == (2, f"glimmers: {message}")
    assert not Intention.objects.exists()


def test_a_sense_by_slug_in_any_case_is_found_by_the_api_and_the_cli(owner, api):
    day = local_today(owner).isoformat()
    answer = api.put(f"/intentions/{day}", {"text": "", "focus_sense": " Sound "})
    assert answer.json()["focus_sense"] == "sound"
    cli = run("intend", "birds", "--sense", "SOUND", "--json", "--user", owner.username)
    assert cli.json()["focus_sense"] == "sound"
