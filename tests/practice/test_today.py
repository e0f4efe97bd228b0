"""The Today page: an intention, today's glimmers, and gentle counts of days noticed."""

from datetime import date

import pytest

from glimmers.accounts import services as accounts
from glimmers.journal.models import Sense
from glimmers.practice import services
from glimmers.practice.models import Category, Intention, PromptShown
from tests.factories import make_glimmer
from tests.practice.helpers import at, count_queries, page

# Wednesday 11 June 2025, 13:00 in Kyiv.
NOW = at(2025, 6, 11, 10, 0)
TODAY = date(2025, 6, 11)


@pytest.fixture(autouse=True)
def _wednesday(freeze):
    freeze(NOW)


def _sense(slug):
    return Sense.objects.get(owner=None, slug=slug)


def test_it_shows_the_morning_prompt_and_intention_form(owner_client, owner):
    response = owner_client.get("/")
    assert response.status_code == 200
    html = page(response)
    prompt = PromptShown.objects.get(owner=owner).prompt
    assert prompt.category == Category.MORNING
    assert str(prompt) in html
    assert "Wednesday 11 June" in html
    assert 'action="/today/intention/"' in html
    assert "Today I'll look for…" in html
    assert "A sense to focus on (optional)" in html
    assert "Not today" in html


def test_not_today_hides_the_intention_form(owner_client, owner):
    html = page(owner_client.get("/?intention=skip"))
    assert 'action="/today/intention/"' not in html
    assert "No intention today, and that's fine." in html
    assert not PromptShown.objects.exists()  # no prompt was offered, so none was "missed"


def test_it_sets_an_intention_with_words(owner_client, owner):
    owner_client.get("/")
    prompt = PromptShown.objects.get(owner=owner).prompt
    response = owner_client.post(
        "/today/intention/", {"text": "  warm   light ", "prompt": str(prompt.pk)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    intention = Intention.objects.get(owner=owner)
    assert (intention.day, intention.text, intention.focus_sense) == (TODAY, "warm light", None)
    assert intention.prompt == prompt
    html = page(owner_client.get("/"))
    assert "Your intention is set." in html
    assert "“warm light”" in html
    assert 'action="/today/intention/"' not in html


def test_it_sets_an_intention_with_only_a_focus_sense(owner_client, owner):
    response = owner_client.post("/today/intention/", {"focus_sense": _sense("sound").pk})
    assert response.status_code == 302
    assert Intention.objects.get(owner=owner).focus_sense == _sense("sound")
    assert "focus: sound" in page(owner_client.get("/"))


def test_it_sets_an_intention_with_words_and_an_own_sense(owner_client, owner):
    own = Sense.objects.create(owner=owner, slug="temperature", name="temperature")
    owner_client.post("/today/intention/", {"text": "cool air", "focus_sense": own.pk})
    intention = Intention.objects.get(owner=owner)
    assert (intention.text, intention.focus_sense) == ("cool air", own)


def test_setting_it_again_replaces_todays_intention(owner_client, owner):
    owner_client.post("/today/intention/", {"text": "first"})
    owner_client.post("/today/intention/", {"text": "second"})
    assert list(Intention.objects.values_list("text", flat=True)) == ["second"]


def test_it_refuses_an_empty_intention_with_a_clear_message(owner_client, owner):
    response = owner_client.post("/today/intention/", {"text": "   ", "focus_sense": ""})
    assert response.status_code == 400
    html = page(response)
    assert "Write a few words or choose a sense — or simply skip the intention today." in html
    assert not Intention.objects.exists()


@pytest.mark.parametrize("focus", ["999999", "abc", "foreign"])
def test_it_refuses_a_sense_it_does_not_know(owner_client, other, focus):
    if focus == "foreign":
        focus = Sense.objects.create(owner=other, slug="sams-sense", name="sam's sense").pk
    response = owner_client.post("/today/intention/", {"text": "light", "focus_sense": focus})
    assert response.status_code == 400
    assert "We don't know that sense." in page(response)
    assert not Intention.objects.exists()


def test_the_service_refuses_someone_elses_sense(owner, other):
    from django.core.exceptions import ValidationError

    theirs = Sense.objects.create(owner=other, slug="sams-sense", name="sam's sense")
    with pytest.raises(ValidationError):
        services.set_intention(owner, TODAY, text="x", focus_sense=theirs)
    assert not Intention.objects.exists()


def test_a_prompt_id_of_someone_elses_prompt_is_ignored(owner_client, owner, other):
    theirs = services.add_prompt(other, Category.MORNING, "Sam's question")
    owner_client.post("/today/intention/", {"text": "light", "prompt": str(theirs.pk)})
    assert Intention.objects.get(owner=owner).prompt is None


def test_change_it_clears_todays_intention_only(owner_client, owner):
    services.set_intention(owner, date(2025, 6, 10), text="yesterday's")
    services.set_intention(owner, TODAY, text="today's")
    response = owner_client.post("/today/intention/clear/")
    assert response.status_code == 302
    assert list(Intention.objects.values_list("text", flat=True)) == ["yesterday's"]


def test_an_intention_belongs_to_the_persons_own_day(owner_client, other_client, other):
    # 10:00 UTC is 06:00 in New York: Sam's intention is also for the eleventh.
    other_client.post("/today/intention/", {"text": "birds"})
    assert Intention.objects.get(owner=other).day == TODAY


def test_it_shows_todays_glimmers_and_their_count(owner_client, owner, other):
    make_glimmer(owner, "Steam from the kettle", noticed_at=at(2025, 6, 11, 5, 0))  # 08:00
    make_glimmer(owner, "Late last night", noticed_at=at(2025, 6, 10, 20, 59))  # 23:59 Tue
    make_glimmer(owner, "Just after midnight", noticed_at=at(2025, 6, 10, 21, 0))  # 00:00 Wed
    make_glimmer(other, "Sam's glimmer", noticed_at=at(2025, 6, 11, 9, 0))
    html = page(owner_client.get("/"))
    assert "2 glimmers" in html
    assert "Steam from the kettle" in html
    assert "Just after midnight" in html
    assert "Late last night" not in html
    assert "Sam's glimmer" not in html


def test_it_says_nothing_yet_kindly_when_today_is_empty(owner_client):
    html = page(owner_client.get("/"))
    assert "0 glimmers" in html
    assert "Nothing yet today, and that's fine." in html


def test_days_you_noticed_are_exact(owner_client, owner, other):
    for moment in (
        at(2025, 5, 31, 12),  # Saturday, last month
        at(2025, 6, 2, 12),  # Monday, last week
        at(2025, 6, 8, 20, 30),  # Sunday 23:30 in Kyiv: last week
        at(2025, 6, 9, 6),  # Monday this week
        at(2025, 6, 11, 6),  # today, twice
        at(2025, 6, 11, 7),
    ):
        make_glimmer(owner, "a glimmer", noticed_at=moment)
    make_glimmer(other, "Sam's Tuesday", noticed_at=at(2025, 6, 10, 12))
    html = page(owner_client.get("/"))
    assert "2 days this week" in html
    assert "4 days this month" in html
    assert "Monday: you noticed something" in html
    assert "Wednesday: you noticed something" in html
    # Quiet days and days still ahead are not marked: nothing to fall short of.
    assert "Tuesday:" not in html
    assert "of 3 so far" not in html


def test_one_day_noticed_is_said_in_the_singular(owner_client, owner):
    make_glimmer(owner, "a glimmer", noticed_at=at(2025, 6, 11, 6))
    html = page(owner_client.get("/"))
    assert "1 day this week" in html
    assert "1 day this month" in html


def test_tallied_glimmers_count_as_days_noticed(owner_client, owner):
    owner_client.post("/tally/")
    assert "1 day this week" in page(owner_client.get("/"))


def test_the_streak_is_hidden_unless_the_person_asks_for_it(owner_client, owner):
    for day in (9, 10, 11):
        make_glimmer(owner, "a glimmer", noticed_at=at(2025, 6, day, 6))
    assert "in a row" not in page(owner_client.get("/"))
    accounts.update_preferences(owner, show_streak=True)
    assert "You've noticed something 3 days in a row." in page(owner_client.get("/"))


def test_the_streak_counts_up_to_yesterday_while_today_is_still_empty(owner_client, owner):
    accounts.update_preferences(owner, show_streak=True)
    for day in (7, 9, 10):
        make_glimmer(owner, "a glimmer", noticed_at=at(2025, 6, day, 6))
    assert "2 days in a row" in page(owner_client.get("/"))


def test_it_never_talks_of_a_broken_streak(owner_client, owner):
    accounts.update_preferences(owner, show_streak=True)
    make_glimmer(owner, "long ago", noticed_at=at(2025, 6, 1, 6))
    make_glimmer(owner, "and again", noticed_at=at(2025, 6, 2, 6))
    html = page(owner_client.get("/")).lower()
    for word in ("broken", "broke", "lost", "missed", "failed", "streak", "0 days in a row"):
        assert word not in html


def test_the_evening_invitation_links_to_reflection(owner_client, owner):
    html = page(owner_client.get("/"))
    assert 'href="/today/reflect/"' in html
    services.save_reflection(owner, TODAY, answer="A quiet evening")
    assert "You reflected on today: “A quiet evening”" in page(owner_client.get("/"))


def test_after_capture_it_invites_staying_with_the_glimmer(owner_client, owner):
    glimmer = make_glimmer(owner, "Dog asleep on my feet", noticed_at=at(2025, 6, 11, 9))
    html = page(owner_client.get(f"/?saved={glimmer.pk}"))
    assert "Stay with it?" in html
    assert "If you have 15 seconds" in html
    assert f'href="/glimmers/{glimmer.pk}/stay/?next=/"' in html


def test_it_does_not_invite_staying_with_someone_elses_glimmer(owner_client, other):
    theirs = make_glimmer(other, "Sam's glimmer", noticed_at=at(2025, 6, 11, 9))
    html = page(owner_client.get(f"/?saved={theirs.pk}"))
    assert "Stay with it?" not in html
    assert str(theirs.pk) not in html


def test_anonymous_visitors_are_sent_to_sign_in(client, owner):
    assert client.get("/")["Location"].startswith("/accounts/login/")
    response = client.post("/today/intention/", {"text": "x"})
    assert response["Location"].startswith("/accounts/login/")
    assert client.post("/today/intention/clear/")["Location"].startswith("/accounts/login/")
    assert not Intention.objects.exists()


def test_the_page_needs_the_same_queries_for_n_or_2n_glimmers(owner_client, owner):
    sight, sound = _sense("sight"), _sense("sound")

    def add(first, n):
        for k in range(first, first + n):
            make_glimmer(
                owner,
                f"#light glimmer {k}",
                noticed_at=at(2025, 6, 11, 6, k),
                senses=[sight, sound],
                new_people=[f"Friend {k}"],
                new_values=["Nature"],
                place="Kitchen",
                state_before="mobilized",
                state_after="safe",
            )

    add(0, 3)
    owner_client.get("/")  # the first visit records the offered prompt
    few = count_queries(lambda: owner_client.get("/"))
    add(3, 3)
    many = count_queries(lambda: owner_client.get("/"))
    assert "6 glimmers" in page(owner_client.get("/"))
    assert many == few


def test_not_today_is_remembered_for_the_rest_of_the_day(owner_client):
    owner_client.get("/?intention=skip")
    html = owner_client.get("/").content.decode()
    assert "Set intention" not in html
    assert "No intention today, and that" in html


def test_a_new_journal_sees_no_empty_scorecard(owner_client):
    html = page(owner_client.get("/"))
    assert "0 days" not in html
    assert "Nothing noted this month so far" in html
    assert 'class="week"' not in html


def test_change_it_brings_back_todays_words(owner_client, owner):
    owner_client.post("/today/intention/", {"text": "warm light"})
    html = page(owner_client.get("/?change=intention"))
    assert 'value="warm light"' in html
    assert "Keep it as it was" in html
