"""The daily practice through the API: today, prompts, intentions, reflections."""

from datetime import timedelta

from glimmers.journal import queries as journal
from glimmers.practice.models import Intention, PromptShown, Reflection
from tests.api.conftest import assert_error
from tests.factories import make_glimmer


def _today(owner) -> str:
    return journal.local_today(owner).isoformat()


def test_today_reports_the_day_without_scores(api, owner):
    make_glimmer(owner, "Steam from the kettle")
    data = api.get("/today").json()
    assert data["day"] == _today(owner)
    assert data["glimmer_count"] == 1
    assert data["intention"] is None
    assert data["days_noticed"]["this_week"] == 1
    assert data["days_noticed"]["in_a_row"] is None  # streaks are off unless turned on


def test_todays_prompt_stays_until_skipped(api, owner):
    first = api.get("/prompts/today", {"category": "evening"}).json()
    assert api.get("/prompts/today", {"category": "evening"}).json() == first
    other = api.post("/prompts/today/skip?category=evening").json()
    assert other["id"] != first["id"]
    assert PromptShown.objects.filter(owner=owner, skipped=True).count() == 1


def test_an_unknown_prompt_category_is_invalid(api):
    assert_error(api.get("/prompts/today", {"category": "midnight"}), 422, "invalid")


def test_it_sets_lists_and_clears_an_intention(api, owner):
    day = _today(owner)
    response = api.put(f"/intentions/{day}", {"text": "small sounds", "focus_sense": "sound"})
    assert response.status_code == 200
    assert response.json() == {"day": day, "text": "small sounds", "focus_sense": "sound"}
    assert api.get("/today").json()["intention"]["text"] == "small sounds"
    assert [i["day"] for i in api.get("/intentions").json()] == [day]
    assert api.delete(f"/intentions/{day}").status_code == 204
    assert not Intention.objects.exists()
    assert_error(api.delete(f"/intentions/{day}"), 404, "not_found")


def test_it_refuses_a_bad_intention_and_saves_nothing(api, owner):
    day = journal.local_today(owner)
    assert_error(api.put(f"/intentions/{day}", {"text": "  "}), 422, "invalid")
    response = api.put(f"/intentions/{day}", {"text": "x", "focus_sense": "smellz"})
    assert_error(response, 422, "invalid")
    assert "focus_sense" in response.json()["error"]["fields"]
    future = day + timedelta(days=3)
    assert_error(api.put(f"/intentions/{future}", {"text": "later"}), 422, "invalid")
    assert_error(api.put("/intentions/not-a-day", {"text": "x"}), 422, "invalid")
    assert not Intention.objects.exists()


def test_it_keeps_a_reflection_linked_to_that_days_glimmers(api, owner):
    glimmer = make_glimmer(owner, "Rain on the skylight")
    prompt = api.get("/prompts/today", {"category": "evening"}).json()
    day = _today(owner)
    response = api.put(
        f"/reflections/{day}",
        {"answer": "The rain.", "prompt_id": prompt["id"], "glimmers": [str(glimmer.pk)]},
    )
    assert response.status_code == 200
    assert response.json()["glimmers"] == [str(glimmer.pk)]
    assert response.json()["prompt"] == prompt["text"]
    assert [r["answer"] for r in api.get("/reflections").json()] == ["The rain."]


def test_it_refuses_someone_elses_glimmer_in_a_reflection(api, owner, other):
    theirs = make_glimmer(other, "Not yours")
    response = api.put(
        f"/reflections/{_today(owner)}", {"answer": "x", "glimmers": [str(theirs.pk)]}
    )
    assert_error(response, 422, "invalid")
    assert not Reflection.objects.exists()


def test_it_refuses_an_empty_reflection(api, owner):
    assert_error(api.put(f"/reflections/{_today(owner)}", {"answer": ""}), 422, "invalid")
    assert not Reflection.objects.exists()


def test_people_only_ever_see_their_own_practice(api, other_api, owner):
    api.put(f"/intentions/{_today(owner)}", {"text": "mine"})
    api.put(f"/reflections/{_today(owner)}", {"answer": "mine too"})
    assert other_api.get("/intentions").json() == []
    assert other_api.get("/reflections").json() == []
    assert other_api.get("/today").json()["intention"] is None
