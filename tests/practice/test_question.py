"""The Glimmer Question: a 0–10 rating, what would show it, and earlier answers."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from glimmers.practice import services
from glimmers.practice.models import Prompt, QuestionAnswer
from tests.practice.helpers import at, count_queries, page


def _answer(owner, likelihood, know="", day=date(2025, 6, 1)):
    return services.answer_question(
        owner, day, prompt=None, likelihood=likelihood, how_would_i_know=know
    )


def test_it_asks_the_scale_question(owner_client):
    response = owner_client.get("/question/")
    assert response.status_code == 200
    html = page(response)
    scales = [str(p) for p in Prompt.objects.filter(owner=None, scale=True)]
    assert sum(text in html for text in scales) == 1  # one scale question, chosen for the day
    assert "There is no right number." in html
    for n in range(11):
        assert f'value="{n}"' in html
    assert "Your answers will gather here" in html


def test_it_keeps_an_answer_with_its_follow_ups(owner_client, owner, freeze):
    freeze(at(2025, 6, 11, 21, 30))  # 00:30 on the twelfth in Kyiv
    response = owner_client.post(
        "/question/",
        {
            "likelihood": "4",
            "how_would_i_know": "I'd sleep through the night",
            "body_notice": "Looser shoulders",
            "who_would_notice": "My sister",
        },
    )
    assert response.status_code == 302
    answer = QuestionAnswer.objects.get(owner=owner)
    assert answer.likelihood == 4
    assert answer.how_would_i_know == "I'd sleep through the night"
    assert answer.body_notice == "Looser shoulders"
    assert answer.who_would_notice == "My sister"
    assert answer.day == date(2025, 6, 12)
    assert answer.prompt is not None and answer.prompt.scale
    assert answer.prompt_text == str(answer.prompt)
    html = page(owner_client.get(response["Location"]))
    assert "Kept. You can look back at your answers below." in html
    assert "I'd sleep through the night" in html
    assert "12 Jun 2025" in html


@pytest.mark.parametrize("likelihood", ["0", "10"])
def test_both_ends_of_the_scale_are_fine(owner_client, likelihood):
    assert owner_client.post("/question/", {"likelihood": likelihood}).status_code == 302
    assert QuestionAnswer.objects.get().likelihood == int(likelihood)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"likelihood": "11"}, "no bigger than 10"),
        ({"likelihood": "-1"}, "no smaller than 0"),
        ({"likelihood": ""}, "Please fill this in."),
        ({}, "Please fill this in."),
        ({"likelihood": "lots"}, "Please write a whole number, like 3."),
        ({"likelihood": "5", "how_would_i_know": "x" * 2001}, "to 2000 characters or fewer"),
    ],
)
def test_it_refuses_a_bad_answer_and_saves_nothing(owner_client, data, message):
    response = owner_client.post("/question/", data)
    assert response.status_code == 400
    html = page(response)
    assert "Nothing was saved yet" in html
    assert message in html
    assert not QuestionAnswer.objects.exists()


def test_the_service_refuses_out_of_range_ratings(owner):
    for likelihood in (11, -1):
        with pytest.raises(ValidationError):
            _answer(owner, likelihood)
    assert not QuestionAnswer.objects.exists()


def test_earlier_answers_are_listed_newest_first(owner_client, owner):
    oldest = _answer(owner, 2, "the oldest answer")
    newest = _answer(owner, 7, "the newest answer")
    middle = _answer(owner, 5, "the middle answer")
    base = at(2025, 6, 1, 12)
    for answer, hours in ((oldest, 0), (middle, 1), (newest, 2)):
        QuestionAnswer.objects.filter(pk=answer.pk).update(
            answered_at=base + timedelta(hours=hours)
        )
    html = page(owner_client.get("/question/"))
    assert (
        html.index("the newest answer")
        < html.index("the middle answer")
        < html.index("the oldest answer")
    )


def test_it_lists_only_my_answers(owner_client, other):
    _answer(other, 9, "Sam's answer")
    assert "Sam's answer" not in page(owner_client.get("/question/"))


def test_the_page_needs_the_same_queries_for_n_or_2n_answers(owner_client, owner):
    for n in range(3):
        _answer(owner, n, f"answer {n}")
    owner_client.get("/question/")
    few = count_queries(lambda: owner_client.get("/question/"))
    for n in range(3):
        _answer(owner, n, f"more {n}")
    assert count_queries(lambda: owner_client.get("/question/")) == few


def test_it_deletes_my_own_answer(owner_client, owner):
    answer = _answer(owner, 3, "to be deleted")
    response = owner_client.post(f"/question/{answer.pk}/delete/")
    assert response.status_code == 302
    assert not QuestionAnswer.objects.exists()
    assert "Deleted." in page(owner_client.get(response["Location"]))


def test_deleting_needs_a_post(owner_client, owner):
    answer = _answer(owner, 3)
    assert owner_client.get(f"/question/{answer.pk}/delete/").status_code == 405
    assert QuestionAnswer.objects.exists()


def test_a_stranger_cannot_delete_my_answer(owner, stranger, stranger_client):
    answer = _answer(owner, 3, "mine")
    response = stranger_client.post(f"/question/{answer.pk}/delete/")
    assert response.status_code == 404
    assert QuestionAnswer.objects.filter(pk=answer.pk).exists()
    with pytest.raises(ValidationError):
        services.delete_question_answer(stranger, answer)
    assert QuestionAnswer.objects.filter(pk=answer.pk).exists()


def test_an_unknown_answer_is_not_found(owner_client):
    assert owner_client.post("/question/999999/delete/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, owner):
    answer = _answer(owner, 3)
    assert client.get("/question/")["Location"].startswith("/accounts/login/")
    assert client.post("/question/", {"likelihood": "5"})["Location"].startswith("/accounts/login/")
    response = client.post(f"/question/{answer.pk}/delete/")
    assert response["Location"].startswith("/accounts/login/")
    assert QuestionAnswer.objects.count() == 1


def test_every_scale_question_takes_its_turn(owner):
    from datetime import date, timedelta

    from glimmers.practice import queries

    asked = {
        queries.glimmer_question(owner, date(2026, 1, 1) + timedelta(days=n))[0].pk
        for n in range(60)
    }
    assert asked == set(Prompt.objects.filter(owner=None, scale=True).values_list("pk", flat=True))
