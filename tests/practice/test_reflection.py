"""The evening reflection: the morning's intention back, a gentle prompt, an answer."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from glimmers.journal.models import Sense
from glimmers.practice import services
from glimmers.practice.models import Category, PromptShown, Reflection
from tests.factories import make_glimmer
from tests.practice.helpers import at, count_queries, page

NOW = at(2025, 6, 11, 17, 0)  # 20:00 in Kyiv
TODAY = date(2025, 6, 11)


@pytest.fixture(autouse=True)
def _evening(freeze):
    freeze(NOW)


def _todays_prompt(owner):
    return PromptShown.objects.get(owner=owner, category=Category.EVENING, skipped=False).prompt


def test_it_shows_the_morning_intention_back_and_an_evening_prompt(owner_client, owner):
    services.set_intention(
        owner, TODAY, text="small sounds", focus_sense=Sense.objects.get(slug="sound")
    )
    response = owner_client.get("/today/reflect/")
    assert response.status_code == 200
    html = page(response)
    assert "This morning you set out to look for" in html
    assert "“small sounds”" in html
    assert "Whatever came of it is fine." in html
    prompt = _todays_prompt(owner)
    assert str(prompt) in html
    assert "A different question" in html


def test_without_an_intention_it_just_asks(owner_client, owner):
    html = page(owner_client.get("/today/reflect/"))
    assert "This morning you set out" not in html
    assert str(_todays_prompt(owner)) in html


def test_yesterdays_intention_is_not_shown_tonight(owner_client, owner):
    services.set_intention(owner, date(2025, 6, 10), text="yesterday's hope")
    assert "yesterday's hope" not in page(owner_client.get("/today/reflect/"))


def test_a_different_question_replaces_the_prompt(owner_client, owner):
    owner_client.get("/today/reflect/")
    first = _todays_prompt(owner)
    response = owner_client.post("/prompts/skip/evening/", {"next": "/today/reflect/"})
    assert response["Location"] == "/today/reflect/"
    html = page(owner_client.get("/today/reflect/"))
    assert _todays_prompt(owner) != first
    assert str(_todays_prompt(owner)) in html
    assert str(first) not in html


def test_it_saves_a_reflection_with_glimmers_of_the_day(owner_client, owner):
    kettle = make_glimmer(owner, "Kettle singing", noticed_at=at(2025, 6, 11, 5))
    rain = make_glimmer(owner, "Rain on the window", noticed_at=at(2025, 6, 11, 12))
    html = page(owner_client.get("/today/reflect/"))
    assert "Kettle singing" in html
    assert "Rain on the window" in html
    response = owner_client.post(
        "/today/reflect/", {"answer": "  The rain softened me.  ", "glimmers": [str(rain.pk)]}
    )
    assert response.status_code == 302
    reflection = Reflection.objects.get(owner=owner)
    assert (reflection.day, reflection.answer) == (TODAY, "The rain softened me.")
    assert list(reflection.glimmers.all()) == [rain]
    assert reflection.prompt == _todays_prompt(owner)
    assert reflection.prompt_text == str(reflection.prompt)
    assert kettle not in reflection.glimmers.all()
    assert "Kept. Rest well." in page(owner_client.get(response["Location"]))


def test_it_refuses_an_empty_answer(owner_client, owner):
    response = owner_client.post("/today/reflect/", {"answer": "   "})
    assert response.status_code == 400
    assert "Write a few words, or simply close the page." in page(response)
    assert not Reflection.objects.exists()


def test_it_refuses_an_answer_that_is_too_long(owner_client):
    response = owner_client.post("/today/reflect/", {"answer": "x" * 5001})
    assert response.status_code == 400
    assert "to 5000 characters or fewer" in page(response)
    assert not Reflection.objects.exists()


def test_it_refuses_a_glimmer_from_another_day(owner_client, owner):
    yesterday = make_glimmer(owner, "Yesterday's sun", noticed_at=at(2025, 6, 10, 12))
    response = owner_client.post(
        "/today/reflect/", {"answer": "Good day", "glimmers": [str(yesterday.pk)]}
    )
    assert response.status_code == 400
    assert "Only glimmers from that day can be linked." in page(response)
    assert not Reflection.objects.exists()


def test_it_refuses_someone_elses_glimmer(owner_client, owner, other):
    theirs = make_glimmer(other, "Sam's glimmer", noticed_at=at(2025, 6, 11, 12))
    response = owner_client.post(
        "/today/reflect/", {"answer": "Good day", "glimmers": [str(theirs.pk)]}
    )
    assert response.status_code == 400
    html = page(response)
    assert "Only glimmers from that day can be linked." in html
    assert "Sam's glimmer" not in html
    assert not Reflection.objects.exists()


def test_the_service_refuses_glimmers_from_elsewhere_and_saves_nothing(owner, other):
    theirs = make_glimmer(other, "Sam's glimmer", noticed_at=at(2025, 6, 11, 12))
    old = make_glimmer(owner, "Old", noticed_at=at(2025, 6, 1, 12))
    for wrong in (theirs, old):
        with pytest.raises(ValidationError):
            services.save_reflection(owner, TODAY, answer="x", glimmers=[wrong])
    assert not Reflection.objects.exists()


def test_editing_replaces_the_reflection_of_the_day(owner_client, owner):
    rain = make_glimmer(owner, "Rain", noticed_at=at(2025, 6, 11, 12))
    tea = make_glimmer(owner, "Tea", noticed_at=at(2025, 6, 11, 13))
    owner_client.post("/today/reflect/", {"answer": "First words", "glimmers": [str(rain.pk)]})
    html = page(owner_client.get("/today/reflect/"))
    assert "First words" in html  # the form opens with what was written
    owner_client.post("/today/reflect/", {"answer": "Better words", "glimmers": [str(tea.pk)]})
    reflection = Reflection.objects.get()
    assert reflection.answer == "Better words"
    assert list(reflection.glimmers.all()) == [tea]


def test_the_reflection_belongs_to_the_persons_local_day(owner_client, owner, freeze):
    freeze(at(2025, 6, 11, 21, 30))  # 00:30 on the twelfth in Kyiv
    owner_client.post("/today/reflect/", {"answer": "After midnight"})
    assert Reflection.objects.get().day == date(2025, 6, 12)


def test_the_list_shows_reflections_newest_first_with_their_glimmers(owner_client, owner):
    rain = make_glimmer(owner, "Rain on the window", noticed_at=at(2025, 6, 9, 12))
    services.save_reflection(owner, date(2025, 6, 9), answer="Monday words", glimmers=[rain])
    services.save_reflection(owner, date(2025, 6, 10), answer="Tuesday words")
    response = owner_client.get("/reflections/")
    assert response.status_code == 200
    html = page(response)
    assert html.index("Tuesday words") < html.index("Monday words")
    assert "Tuesday 10 June 2025" in html
    assert "Rain on the window" in html


def test_the_list_is_gentle_when_empty(owner_client):
    assert "No reflections yet." in page(owner_client.get("/reflections/"))


def test_the_list_needs_the_same_queries_for_n_or_2n_reflections(owner_client, owner):
    def add(days):
        for day in days:
            glimmer = make_glimmer(owner, f"glimmer {day}", noticed_at=at(2025, 5, day, 12))
            services.save_reflection(
                owner, date(2025, 5, day), answer=f"words {day}", glimmers=[glimmer]
            )

    add(range(1, 4))
    owner_client.get("/reflections/")  # sessions and caches settle on the first visit
    few = count_queries(lambda: owner_client.get("/reflections/"))
    add(range(4, 7))
    many = count_queries(lambda: owner_client.get("/reflections/"))
    assert many == few


def test_a_stranger_never_sees_your_reflections(owner, stranger_client):
    services.save_reflection(owner, TODAY, answer="Olena's evening")
    assert "Olena's evening" not in page(stranger_client.get("/reflections/"))
    assert "Olena's evening" not in page(stranger_client.get("/today/reflect/"))
    assert "Olena's evening" not in page(stranger_client.get("/"))


def test_anonymous_visitors_are_sent_to_sign_in(client, owner):
    for path in ("/today/reflect/", "/reflections/"):
        assert client.get(path)["Location"].startswith("/accounts/login/")
    response = client.post("/today/reflect/", {"answer": "x"})
    assert response["Location"].startswith("/accounts/login/")
    assert not Reflection.objects.exists()
