"""Preferences: time zone and language."""

from tests.factories import make_glimmer


def test_it_changes_the_time_zone(owner_client, owner):
    response = owner_client.post(
        "/accounts/preferences/",
        {"time_zone": "Asia/Tokyo", "language": "en", "day_starts_at": "0", "anchor_seconds": "15"},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.time_zone == "Asia/Tokyo"


def test_it_refuses_an_unknown_time_zone(owner_client, owner):
    response = owner_client.post(
        "/accounts/preferences/",
        {
            "time_zone": "Nowhere/Else",
            "language": "en",
            "day_starts_at": "0",
            "anchor_seconds": "15",
        },
    )
    assert response.status_code == 400
    assert "Please choose your time zone from the list." in response.content.decode()
    owner.refresh_from_db()
    assert owner.time_zone == "Europe/Kyiv"


def test_it_shows_times_in_the_persons_own_zone(owner_client, owner):
    from datetime import UTC, datetime

    make_glimmer(owner, "Night rain", noticed_at=datetime(2025, 6, 1, 21, 30, tzinfo=UTC))
    page = owner_client.get("/journal/").content.decode()
    assert "00:30" in page  # 21:30 UTC is 00:30 the next day in Kyiv (summer time)
    assert "Monday 2 June 2025" in page


def test_anonymous_visitors_cannot_see_preferences(client, owner):
    assert client.get("/accounts/preferences/").status_code == 302
