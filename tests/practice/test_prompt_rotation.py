"""Which prompt is offered each day: steady within a day, varied across days."""

import re
from datetime import date, timedelta

from glimmers.practice import queries, services
from glimmers.practice.models import Category, HiddenPrompt, Prompt, PromptShown
from tests.practice.helpers import page

DAY = date(2025, 6, 11)


def _days(first: date, n: int) -> list[date]:
    return [first + timedelta(days=k) for k in range(n)]


def _pool(user, category=Category.EVENING) -> list[Prompt]:
    return list(queries.prompts(user, category))


def _hide_all_built_in(user, category) -> None:
    for prompt in Prompt.objects.filter(owner=None, category=category):
        services.set_prompt_hidden(user, prompt, True)


def test_it_offers_the_same_prompt_all_day(owner):
    first = services.offer_prompt(owner, Category.MORNING, DAY)
    assert first is not None
    for _ in range(3):
        assert services.offer_prompt(owner, Category.MORNING, DAY) == first
        assert queries.choose_prompt(owner, Category.MORNING, DAY) == first
    assert PromptShown.objects.filter(owner=owner).count() == 1


def test_choosing_alone_records_nothing(owner):
    queries.choose_prompt(owner, Category.MORNING, DAY)
    assert not PromptShown.objects.exists()


def test_skipping_offers_a_different_prompt_that_then_stays(owner):
    first = services.offer_prompt(owner, Category.MORNING, DAY)
    second = services.skip_prompt(owner, Category.MORNING, DAY)
    assert second is not None
    assert second != first
    assert services.offer_prompt(owner, Category.MORNING, DAY) == second
    third = services.skip_prompt(owner, Category.MORNING, DAY)
    assert third not in (first, second)


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_skipping_leaves_no_mark_anyone_can_see(owner, owner_client):
    owner_client.get("/")
    pages = ("/prompts/", "/reflections/", "/question/", "/journal/")
    before = {path: _without_tokens(page(owner_client.get(path))) for path in pages}
    response = owner_client.post("/prompts/skip/morning/")
    assert response.status_code == 302
    after = {path: _without_tokens(page(owner_client.get(path))) for path in pages}
    assert after == before
    today = page(owner_client.get(response["Location"])).lower()
    for word in ("skipped", "missed", "penalty", "points"):
        assert word not in today


def test_skipping_on_the_today_page_shows_another_prompt(owner, owner_client):
    owner_client.get("/")
    shown = PromptShown.objects.get(owner=owner, category=Category.MORNING).prompt
    owner_client.post("/prompts/skip/morning/")
    html = page(owner_client.get("/"))
    offered = PromptShown.objects.filter(owner=owner, skipped=False).get().prompt
    assert offered != shown
    assert str(offered) in html
    assert str(shown) not in html


def test_skipping_an_unknown_category_is_not_found(owner_client):
    assert owner_client.post("/prompts/skip/nonsense/").status_code == 404
    assert not PromptShown.objects.exists()


def test_it_does_not_repeat_a_prompt_within_fourteen_days(owner):
    # Fourteen days need at least fourteen prompts: add a few of one's own.
    for n in range(14 - len(_pool(owner))):
        services.add_prompt(owner, Category.EVENING, f"My own evening question {n}")
    offered = [services.offer_prompt(owner, Category.EVENING, day) for day in _days(DAY, 14)]
    assert len({p.pk for p in offered}) == 14


def test_it_uses_every_prompt_before_repeating_one(owner):
    size = len(_pool(owner))
    offered = [services.offer_prompt(owner, Category.EVENING, day) for day in _days(DAY, size)]
    assert {p.pk for p in offered} == {p.pk for p in _pool(owner)}


def test_when_every_prompt_was_seen_lately_it_offers_the_one_seen_longest_ago(owner):
    size = len(_pool(owner))
    offered = [services.offer_prompt(owner, Category.EVENING, day) for day in _days(DAY, size)]
    following = DAY + timedelta(days=size)
    assert services.offer_prompt(owner, Category.EVENING, following) == offered[0]
    assert (
        services.offer_prompt(owner, Category.EVENING, following + timedelta(days=1))
        == (offered[1])
    )


def test_when_the_pool_is_exhausted_skipping_never_offers_the_skipped_one_again(owner):
    size = len(_pool(owner))
    offered = [services.offer_prompt(owner, Category.EVENING, day) for day in _days(DAY, size)]
    following = DAY + timedelta(days=size)
    assert services.offer_prompt(owner, Category.EVENING, following) == offered[0]
    instead = services.skip_prompt(owner, Category.EVENING, following)
    assert instead != offered[0]
    assert instead == offered[1]  # the next one seen longest ago


def test_hidden_prompts_are_never_offered(owner):
    pool = _pool(owner)
    hidden = pool[: len(pool) - 2]
    for prompt in hidden:
        services.set_prompt_hidden(owner, prompt, True)
    offered = {services.offer_prompt(owner, Category.EVENING, day) for day in _days(DAY, 30)}
    assert offered == set(pool[-2:])
    assert not offered & set(hidden)


def test_a_prompt_hidden_today_is_replaced_today(owner):
    first = services.offer_prompt(owner, Category.EVENING, DAY)
    services.set_prompt_hidden(owner, first, True)
    replacement = services.offer_prompt(owner, Category.EVENING, DAY)
    assert replacement is not None
    assert replacement != first


def test_nothing_is_offered_when_every_prompt_is_hidden(owner):
    _hide_all_built_in(owner, Category.CONVERSATION)
    assert services.offer_prompt(owner, Category.CONVERSATION, DAY) is None
    assert not PromptShown.objects.exists()


def test_own_prompts_join_the_rotation(owner):
    own = services.add_prompt(owner, Category.EVENING, "What made me laugh today?")
    offered = {
        services.offer_prompt(owner, Category.EVENING, day) for day in _days(DAY, len(_pool(owner)))
    }
    assert own in offered


def test_an_own_prompt_is_offered_when_it_is_all_there_is(owner):
    _hide_all_built_in(owner, Category.MORNING)
    own = services.add_prompt(owner, Category.MORNING, "Look for birds")
    assert services.offer_prompt(owner, Category.MORNING, DAY) == own


def test_another_persons_own_prompts_are_never_offered(owner, other):
    theirs = services.add_prompt(other, Category.MORNING, "Sam's private question")
    assert theirs not in _pool(owner, Category.MORNING)
    offered = {services.offer_prompt(owner, Category.MORNING, day) for day in _days(DAY, 30)}
    assert theirs not in offered
    _hide_all_built_in(owner, Category.MORNING)
    assert services.offer_prompt(owner, Category.MORNING, DAY + timedelta(days=99)) is None


def test_one_persons_history_does_not_shape_anothers(owner, other):
    for day in _days(DAY, 5):
        services.offer_prompt(other, Category.EVENING, day)
        services.skip_prompt(other, Category.EVENING, day)
    assert not PromptShown.objects.filter(owner=owner).exists()
    mine = services.offer_prompt(owner, Category.EVENING, DAY)
    assert mine in _pool(owner)


def test_hiding_is_personal(owner, other):
    prompt = _pool(owner)[0]
    services.set_prompt_hidden(owner, prompt, True)
    assert prompt not in _pool(owner)
    assert prompt in _pool(other)
    assert HiddenPrompt.objects.filter(owner=other).count() == 0
