"""Nobody sees or changes anyone else's practice: every page with an id, every list.

A stranger gets 404 (never 403, never the data); an anonymous visitor is sent
to sign in. The owner's data is unchanged afterwards.
"""

from datetime import date

import pytest

from glimmers.journal.models import Glimmer, Value
from glimmers.journal.queries import local_today
from glimmers.practice import services
from glimmers.practice.models import (
    Category,
    HiddenPrompt,
    Intention,
    MenuChoice,
    Prompt,
    PromptShown,
    QuestionAnswer,
    Reflection,
)
from tests.factories import make_glimmer
from tests.practice.helpers import page

SECRETS = (
    "Olena's reliable sea",
    "Olena's own prompt",
    "Olena's intention",
    "Olena's reflection",
    "Olena's answer",
    "Olenas-value",
    "olenastag",
    "Olenaplace",
    "Olena-friend",
)


@pytest.fixture
def owned(owner):
    today = local_today(owner)
    glimmer = make_glimmer(
        owner,
        "Olena's reliable sea #olenastag",
        reliable=True,
        state_before="mobilized",
        state_after="safe",
        place="Olenaplace",
        new_people=["Olena-friend"],
        new_values=["Olenas-value"],
    )
    for n in range(2):
        make_glimmer(owner, f"more #olenastag {n}", place="Olenaplace", new_people=["Olena-friend"])
    services.decide_suggestion(owner, "place", "Olenaplace", accept=True)
    services.set_intention(owner, today, text="Olena's intention")
    services.save_reflection(owner, today, answer="Olena's reflection", glimmers=[glimmer])
    answer = services.answer_question(
        owner, today, prompt=None, likelihood=6, how_would_i_know="Olena's answer"
    )
    prompt = services.add_prompt(owner, Category.EVENING, "Olena's own prompt")
    services.set_prompt_hidden(owner, Prompt.objects.filter(owner=None).first(), True)
    return {
        "glimmer": glimmer,
        "prompt": prompt,
        "answer": answer,
        "value": Value.objects.get(owner=owner),
    }


OBJECT_PAGES = [
    ("post", "/prompts/{prompt}/toggle/"),
    ("get", "/glimmers/{glimmer}/stay/"),
    ("post", "/glimmers/{glimmer}/stay/"),
    ("post", "/question/{answer}/delete/"),
    ("get", "/values/{value}/"),
    ("post", "/values/{value}/"),
    ("post", "/values/{value}/delete/"),
]

LIST_PAGES = [
    "/",
    "/?intention=skip",
    "/today/reflect/",
    "/reflections/",
    "/prompts/",
    "/menu/",
    "/menu/?trigger",
    "/menu/grounding/",
    "/question/",
    "/values/",
    "/remember/senses/",
    "/remember/hard-time/",
]


def _snapshot():
    return {
        "glimmers": sorted((str(g.pk), g.text, g.anchored_seconds) for g in Glimmer.objects.all()),
        "prompts": sorted(Prompt.objects.exclude(owner=None).values_list("pk", "text")),
        "hidden": sorted(HiddenPrompt.objects.values_list("owner_id", "prompt_id")),
        "answers": sorted(QuestionAnswer.objects.values_list("pk", "how_would_i_know")),
        "values": sorted(Value.objects.values_list("pk", "name")),
        "intentions": sorted(Intention.objects.values_list("owner_id", "text")),
        "reflections": sorted(Reflection.objects.values_list("owner_id", "answer")),
        "menu": sorted(MenuChoice.objects.values_list("owner_id", "kind", "key", "accepted")),
    }


def _url(pattern, owned):
    return pattern.format(**{key: obj.pk for key, obj in owned.items()})


FORM = {"name": "overwritten", "seconds": "30", "hide": "1"}


@pytest.mark.parametrize(("method", "pattern"), OBJECT_PAGES)
def test_a_stranger_gets_not_found_and_changes_nothing(stranger_client, owned, method, pattern):
    before = _snapshot()
    response = getattr(stranger_client, method)(_url(pattern, owned), FORM)
    assert response.status_code == 404
    html = page(response)
    for secret in SECRETS:
        assert secret not in html
    assert _snapshot() == before


@pytest.mark.parametrize(("method", "pattern"), OBJECT_PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, owned, method, pattern):
    before = _snapshot()
    response = getattr(client, method)(_url(pattern, owned), FORM)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert _snapshot() == before


@pytest.mark.parametrize(("method", "pattern"), OBJECT_PAGES)
def test_the_owner_can_reach_every_one_of_them(owner_client, owned, method, pattern):
    response = getattr(owner_client, method)(_url(pattern, owned), FORM)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("path", LIST_PAGES)
def test_lists_never_show_anyone_elses_things(owner_client, stranger_client, owned, path):
    # The owner does see them (so the check below could fail)...
    mine = page(owner_client.get(path))
    assert owner_client.get(path).status_code == 200
    # ...and the stranger never does.
    response = stranger_client.get(path)
    assert response.status_code == 200
    theirs = page(response)
    for secret in SECRETS:
        assert secret not in theirs, secret
    assert any(secret in mine for secret in SECRETS) or path in (
        "/menu/grounding/",
        "/remember/senses/",
        "/remember/hard-time/",
    )


@pytest.mark.parametrize("path", LIST_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in_from_every_list(client, owner, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_strangers_practice_leaves_mine_alone(owner, stranger, stranger_client, owned):
    before = _snapshot()
    stranger_client.post("/today/intention/", {"text": "stranger's"})
    stranger_client.post("/today/intention/clear/")
    stranger_client.post("/today/reflect/", {"answer": "stranger's reflection"})
    stranger_client.post("/prompts/skip/evening/")
    stranger_client.post("/question/", {"likelihood": "3"})
    stranger_client.post("/values/", {"name": "Olenas-value"})
    after = _snapshot()
    for key in ("glimmers", "prompts", "hidden"):
        assert after[key] == before[key]
    assert Intention.objects.get(owner=owner).text == "Olena's intention"
    assert Reflection.objects.get(owner=owner).answer == "Olena's reflection"
    assert QuestionAnswer.objects.filter(owner=owner).count() == 1
    assert Value.objects.filter(owner=owner).count() == 1
    assert not PromptShown.objects.filter(owner=owner, skipped=True).exists()


def test_practice_dates_stay_with_their_owner(owner, other):
    services.set_intention(owner, date(2025, 6, 11), text="hers")
    services.set_intention(other, date(2025, 6, 11), text="his")
    assert Intention.objects.count() == 2
