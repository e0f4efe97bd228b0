"""Remembering: tracing a glimmer through the senses, and the small thing in a hard time."""

import pytest

from glimmers.journal.models import Glimmer, Sense
from glimmers.practice.models import Category, PromptShown
from tests.practice.helpers import page

LINES = {
    "saw": ("sight", "I saw"),
    "heard": ("sound", "I heard"),
    "smelled": ("smell", "I smelled"),
    "tasted": ("taste", "I tasted"),
    "touched": ("touch", "I touched"),
    "sensed": ("body", "I sensed"),
}


def _senses(glimmer):
    return sorted(sense.slug for sense in glimmer.senses.all())


# ---------------------------------------------------------------------------
# Sense tracing
# ---------------------------------------------------------------------------


def test_the_tracing_page_offers_a_line_per_sense_and_a_prompt(owner_client, owner):
    response = owner_client.get("/remember/senses/")
    assert response.status_code == 200
    html = page(response)
    for _slug, start in LINES.values():
        assert f"{start}…" in html
    prompt = PromptShown.objects.get(owner=owner, category=Category.SENSES).prompt
    assert str(prompt) in html


def test_answered_lines_become_a_remembered_glimmer_with_those_senses(owner_client, owner):
    response = owner_client.post(
        "/remember/senses/",
        {
            "saw": "  the lake, silver ",
            "heard": "a boat's engine far off",
            "sensed": "my chest warm",
        },
    )
    assert response.status_code == 302
    glimmer = Glimmer.objects.get(owner=owner)
    assert response["Location"] == f"/glimmers/{glimmer.pk}/"
    assert glimmer.kind == "remembered"
    assert glimmer.text == (
        "I saw the lake, silver\nI heard a boat's engine far off\nI sensed my chest warm"
    )
    assert _senses(glimmer) == ["body", "sight", "sound"]
    assert "Kept, as a remembered glimmer." in page(owner_client.get(response["Location"]))


@pytest.mark.parametrize("line", list(LINES))
def test_each_line_maps_to_its_sense(owner_client, owner, line):
    slug, start = LINES[line]
    owner_client.post("/remember/senses/", {line: "something small"})
    glimmer = Glimmer.objects.get(owner=owner)
    assert glimmer.text == f"{start} something small"
    assert _senses(glimmer) == [slug]


def test_every_line_answered_gives_every_sense_in_order(owner_client, owner):
    owner_client.post("/remember/senses/", {line: f"{line} it" for line in LINES})
    glimmer = Glimmer.objects.get(owner=owner)
    assert glimmer.text.splitlines() == [
        f"{start} {line} it" for line, (_s, start) in LINES.items()
    ]
    assert _senses(glimmer) == sorted(slug for slug, _start in LINES.values())


def test_it_keeps_the_time_given(owner_client, owner):
    owner_client.post("/remember/senses/", {"saw": "snow", "noticed_at": "2019-01-05T09:30"})
    glimmer = Glimmer.objects.get(owner=owner)
    # The form reads the time in the person's own zone (Kyiv, UTC+2 in January).
    assert glimmer.noticed_at.isoformat() == "2019-01-05T07:30:00+00:00"


@pytest.mark.parametrize("data", [{}, {"saw": "   ", "heard": "\n"}, {"noticed_at": ""}])
def test_no_line_answered_is_refused_and_nothing_is_saved(owner_client, data):
    response = owner_client.post("/remember/senses/", data)
    assert response.status_code == 400
    assert "Answer at least one line — any one is enough." in page(response)
    assert not Glimmer.objects.exists()


def test_a_line_over_the_limit_is_refused(owner_client):
    response = owner_client.post("/remember/senses/", {"saw": "x" * 801, "heard": "fine"})
    assert response.status_code == 400
    assert "to 800 characters or fewer" in page(response)
    assert not Glimmer.objects.exists()


def test_a_time_in_the_future_is_refused(owner_client):
    response = owner_client.post(
        "/remember/senses/", {"saw": "x", "noticed_at": "2999-01-01T00:00"}
    )
    assert response.status_code == 400
    assert "That time is in the future." in page(response)
    assert not Glimmer.objects.exists()


# ---------------------------------------------------------------------------
# A hard time, and the small thing that helped
# ---------------------------------------------------------------------------


def test_the_hard_time_page_is_gentle_and_offers_a_prompt(owner_client, owner):
    html = page(owner_client.get("/remember/hard-time/"))
    assert "Only if it feels right today." in html
    assert "Stop here" in html
    prompt = PromptShown.objects.get(owner=owner, category=Category.HARD_TIME).prompt
    assert str(prompt) in html


def test_it_saves_a_remembered_glimmer_with_its_period(owner_client, owner):
    touch = Sense.objects.get(owner=None, slug="touch")
    response = owner_client.post(
        "/remember/hard-time/",
        {
            "period": "the winter of 2022",
            "text": "My neighbour's warm bread",
            "senses": [touch.pk],
            "noticed_at": "2022-12-10T18:00",
        },
    )
    assert response.status_code == 302
    glimmer = Glimmer.objects.get(owner=owner)
    assert (glimmer.kind, glimmer.period, glimmer.text) == (
        "remembered",
        "the winter of 2022",
        "My neighbour's warm bread",
    )
    assert _senses(glimmer) == ["touch"]
    assert glimmer.noticed_at.year == 2022
    assert "the winter of 2022" in page(owner_client.get(response["Location"]))


def test_it_accepts_the_persons_own_sense(owner_client, owner):
    own = Sense.objects.create(owner=owner, slug="temperature", name="temperature")
    owner_client.post(
        "/remember/hard-time/", {"period": "after the move", "text": "Hot bath", "senses": [own.pk]}
    )
    assert _senses(Glimmer.objects.get()) == ["temperature"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"period": "", "text": "Bread"}, "Please fill this in."),
        ({"period": "winter", "text": ""}, "Please fill this in."),
        ({"period": "x" * 121, "text": "Bread"}, "to 120 characters or fewer"),
        ({"period": "winter", "text": "x" * 5001}, "to 5000 characters or fewer"),
        ({"period": "winter", "text": "Bread", "senses": ["999999"]}, "We don't know that sense"),
        (
            {"period": "winter", "text": "Bread", "noticed_at": "soon"},
            "That doesn’t look like a date and time.",
        ),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(owner_client, data, message):
    response = owner_client.post("/remember/hard-time/", data)
    assert response.status_code == 400
    assert message in page(response)
    assert not Glimmer.objects.exists()


def test_it_refuses_someone_elses_sense(owner_client, other):
    theirs = Sense.objects.create(owner=other, slug="sams-sense", name="sam's sense")
    response = owner_client.post(
        "/remember/hard-time/", {"period": "winter", "text": "Bread", "senses": [theirs.pk]}
    )
    assert response.status_code == 400
    assert "We don't know that sense" in page(response)
    assert not Glimmer.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, owner):
    for path in ("/remember/senses/", "/remember/hard-time/"):
        assert client.get(path)["Location"].startswith("/accounts/login/")
        response = client.post(path, {"saw": "x", "period": "p", "text": "t"})
        assert response["Location"].startswith("/accounts/login/")
    assert not Glimmer.objects.exists()
