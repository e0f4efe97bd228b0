"""The answer to a create is built from the glimmer just saved (api.views._created),
not read back: it must be byte for byte what reading it later gives, for any capture."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta, timezone

from glimmers.journal import services
from glimmers.journal.models import Sense
from tests.factories import make_glimmer

NAMES = ["Mum", "mum", "anna", "Ärzte", "zoë", "Bob", "bob", "Émile", "İpek", "Ivan Petrenko", "42"]
TAGS = ["#Morning", "#morning", "#café", "#Café", "#a-b", "#z", "#Ärger", "#x_y", "#42"]
WORDS = ["kettle", "light", "Light", "rain", "ЛІС", "straße", "  spaced  ", "\u00e9", "e\u0301"]
# Two of the person's own senses too: both at the same position, so only their
# names (as the database sorts them) decide which comes first.
SENSES = ["sight", "sound", "touch", "smell", "taste", "SIGHT", " sound ", "petrichor", "ärger"]
CUES = ["breath-slowed", "warmth", "shoulders-dropped", "smile", "Smile"]


def _capture(rng: random.Random) -> dict:
    body: dict = {}
    if rng.random() < 0.9:
        body["text"] = " ".join(rng.choices(WORDS + TAGS, k=rng.randint(0, 8)))
    if rng.random() < 0.7:
        zone = timezone(timedelta(minutes=rng.choice([-570, -300, 0, 60, 120, 330, 345, 840])))
        moment = datetime(2026, 1, 1, tzinfo=UTC) - timedelta(
            seconds=rng.randint(0, 10**9), microseconds=rng.randint(0, 999_999)
        )
        body["noticed_at"] = moment.astimezone(zone).isoformat()
    for name, pool in (("senses", SENSES), ("body_cues", CUES)):
        if rng.random() < 0.6:
            body[name] = rng.choices(pool, k=rng.randint(0, 4))
    for name in ("people", "values"):
        if rng.random() < 0.5:
            body[name] = rng.choices(NAMES, k=rng.randint(0, 4))
    if rng.random() < 0.4:
        body["kind"] = rng.choice(["noticed", "remembered", "story"])
        body["period"] = rng.choice(["", "winter 2022", "after the move"])
    for name in ("state_before", "state_after"):
        if rng.random() < 0.4:
            body[name] = rng.choice(["", "safe", "mobilized", "shutdown", "unsure"])
    if rng.random() < 0.3:
        body["surprise"] = rng.choice(["", "expected", "unexpected"])
        body["place"] = rng.choice(["", "the kitchen", "Київ"])
        body["gratitude"] = rng.choice(["", "thank you, sun"])
        body["reliable"] = rng.random() < 0.5
        body["anchored_seconds"] = rng.randint(0, 3600)
    return body


def test_the_created_answer_is_what_reading_it_gives(api, owner):
    make_glimmer(owner, "Earlier #Morning", new_people=["Mum", "Zoë"], new_values=["anna"])
    for name in ("Petrichor", "Ärger"):
        services.add_own_word(owner, Sense, name)
    rng = random.Random(2026)
    for n in range(120):
        capture = _capture(rng)
        use_put = n % 2 == 0
        if use_put:
            glimmer_id = uuid.uuid4()
            created = api.put(f"/glimmers/{glimmer_id}", capture)
        else:
            created = api.post("/glimmers", capture)
            glimmer_id = created.json().get("id")
        assert created.status_code == 201, (capture, created.content)
        read = api.get(f"/glimmers/{glimmer_id}")
        assert created.content == read.content, capture
        if use_put:
            replay = api.put(f"/glimmers/{glimmer_id}", capture)
            assert (replay.status_code, replay.content) == (200, created.content)


def test_own_senses_at_one_position_come_back_as_a_read_lists_them(api, owner):
    """Their order is the database's (by name), not the order they were sent in."""
    for name in ("Petrichor", "Ärger"):
        services.add_own_word(owner, Sense, name)
    for senses in (["ärger", "petrichor", "sight"], ["petrichor", "sight", "ärger"]):
        created = api.post("/glimmers", {"text": "Rain on warm stone", "senses": senses})
        read = api.get(f"/glimmers/{created.json()['id']}")
        assert created.content == read.content, senses
