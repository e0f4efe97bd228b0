"""GET /api/v1/senses and /api/v1/body-cues: the built-in words plus a person's own."""

from __future__ import annotations

import pytest

from glimmers.journal import services
from glimmers.journal.builtins import BODY_CUES, SENSES
from glimmers.journal.models import BodyCue, Sense

LISTS = [("senses", Sense, SENSES), ("body-cues", BodyCue, BODY_CUES)]


@pytest.mark.parametrize(("path", "model", "builtins"), LISTS, ids=[p for p, _, _ in LISTS])
def test_it_lists_the_built_in_words_and_my_own_only(api, owner, other, path, model, builtins):
    services.add_own_word(owner, model, "Mine")
    services.add_own_word(other, model, "Theirs")
    response = api.get(f"/{path}")
    assert response.status_code == 200
    rows = response.json()
    built_in = [row for row in rows if row["built_in"]]
    assert [row["slug"] for row in built_in] == [slug for slug, _ in builtins]
    assert [(row["slug"], row["name"]) for row in rows if not row["built_in"]] == [("mine", "Mine")]


def test_a_sense_name_is_readable(api):
    body = {row["slug"]: row["name"] for row in api.get("/senses").json()}
    assert body["body"] == "body / inner sense"
