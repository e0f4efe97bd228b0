"""Preferences for the practice: when my day starts, how long to pause, streaks."""

import pytest
from django.core.exceptions import ValidationError

from glimmers.accounts import services as accounts
from tests.practice.helpers import page

VALID = {
    "time_zone": "Europe/Kyiv",
    "language": "en",
    "day_starts_at": "0",
    "anchor_seconds": "15",
}


def _save(client, **changes):
    return client.post("/accounts/preferences/", {**VALID, **changes})


def _preferences(user):
    user.refresh_from_db()
    return (user.day_starts_at, user.anchor_seconds, user.show_streak)


def test_the_page_shows_the_practice_preferences(owner_client):
    html = page(owner_client.get("/accounts/preferences/"))
    assert "My day starts at" in html
    assert "For night owls: glimmers before this hour count for the day before." in html
    assert "Seconds to stay with a glimmer" in html
    assert "Show how many days in a row I noticed something" in html
    assert "It never says a streak was broken." in html
    for hour in range(7):
        assert f'<option value="{hour}"' in html


def test_streaks_are_off_and_the_day_starts_at_midnight_by_default(owner):
    assert _preferences(owner) == (0, 15, False)


def test_it_saves_the_practice_preferences(owner_client, owner):
    response = _save(owner_client, day_starts_at="4", anchor_seconds="45", show_streak="on")
    assert response.status_code == 302
    assert _preferences(owner) == (4, 45, True)
    html = page(owner_client.get(response["Location"]))
    assert "Saved." in html
    assert '<option value="4" selected>' in html
    assert 'value="45"' in html


def test_leaving_the_streak_box_unticked_turns_streaks_off(owner_client, owner):
    accounts.update_preferences(owner, show_streak=True)
    _save(owner_client)
    assert _preferences(owner) == (0, 15, False)


@pytest.mark.parametrize(("day_starts_at", "anchor_seconds"), [("0", "10"), ("6", "60")])
def test_it_accepts_both_ends_of_each_range(owner_client, owner, day_starts_at, anchor_seconds):
    response = _save(owner_client, day_starts_at=day_starts_at, anchor_seconds=anchor_seconds)
    assert response.status_code == 302
    assert _preferences(owner)[:2] == (int(day_starts_at), int(anchor_seconds))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day_starts_at": "7"}, "“7” isn’t one of the options."),
        ({"day_starts_at": "-1"}, "“-1” isn’t one of the options."),
        ({"day_starts_at": "night"}, "“night” isn’t one of the options."),
        ({"day_starts_at": ""}, "Please choose one of the options."),
        ({"anchor_seconds": "9"}, "no smaller than 10"),
        ({"anchor_seconds": "61"}, "no bigger than 60"),
        ({"anchor_seconds": "0"}, "no smaller than 10"),
        ({"anchor_seconds": "ten"}, "Please write a whole number, like 3."),
        ({"anchor_seconds": ""}, "Please fill this in."),
    ],
)
def test_it_refuses_out_of_range_values_and_changes_nothing(owner_client, owner, changes, message):
    accounts.update_preferences(owner, day_starts_at=2, anchor_seconds=30)
    response = _save(owner_client, show_streak="on", **changes)
    assert response.status_code == 400
    html = page(response)
    assert "Nothing was saved yet" in html
    assert message in html
    assert _preferences(owner) == (2, 30, False)
    owner.refresh_from_db()
    assert owner.time_zone == "Europe/Kyiv"


@pytest.mark.parametrize(
    "changes", [{"day_starts_at": 7}, {"anchor_seconds": 9}, {"anchor_seconds": 61}]
)
def test_the_service_refuses_out_of_range_values_too(owner, changes):
    with pytest.raises(ValidationError):
        accounts.update_preferences(owner, **changes)
    assert _preferences(owner) == (0, 15, False)


def test_the_anchor_pause_follows_the_preference(owner_client, owner):
    from tests.factories import make_glimmer

    glimmer = make_glimmer(owner, "Warm mug")
    _save(owner_client, anchor_seconds="25")
    assert 'data-seconds="25"' in page(owner_client.get(f"/glimmers/{glimmer.pk}/stay/"))


def test_anonymous_visitors_cannot_change_preferences(client, owner):
    response = client.post("/accounts/preferences/", {**VALID, "day_starts_at": "5"})
    assert response["Location"].startswith("/accounts/login/")
    assert _preferences(owner) == (0, 15, False)
