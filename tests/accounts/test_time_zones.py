"""Time zones: only current IANA names are offered; old names a browser reports are mapped.

``Europe/Kyiv`` is the name today; ``Europe/Kiev`` is an old alias that browsers
(ICU) may still report and that older accounts may have kept.
"""

import importlib

import pytest
from django.apps import apps
from django.test import Client

from glimmers.accounts.models import User, current_time_zone, time_zone_names
from tests.accounts.test_welcome import NEW_ACCOUNT
from tests.factories import make_user


def test_only_current_names_are_offered():
    names = time_zone_names()
    assert "Europe/Kyiv" in names
    assert "UTC" in names
    assert "Europe/Amsterdam" in names  # a current name, though the tz data links it
    for old in ("Europe/Kiev", "US/Eastern", "Asia/Calcutta", "Etc/UTC"):
        assert old not in names


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Europe/Kiev", "Europe/Kyiv"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("US/Eastern", "America/New_York"),
        ("Etc/UTC", "UTC"),
        ("Europe/Kyiv", "Europe/Kyiv"),
    ],
)
def test_old_names_map_to_the_current_ones(old, new):
    assert current_time_zone(old) == new


def test_the_welcome_page_offers_kyiv_not_kiev(db):
    page = Client(HTTP_HOST="127.0.0.1").get("/accounts/welcome/").content.decode()
    assert '<option value="Europe/Kyiv"' in page
    assert '<option value="Europe/Kiev"' not in page
    assert "data-aliases" in page and "Europe/Kiev" in page  # for timezone.js


def test_an_old_name_sent_in_is_kept_under_its_current_name(db):
    client = Client(HTTP_HOST="127.0.0.1")
    response = client.post("/accounts/welcome/", {**NEW_ACCOUNT, "time_zone": "Europe/Kiev"})
    assert response.status_code == 302
    assert User.objects.get(username="mira").time_zone == "Europe/Kyiv"


def test_a_name_that_is_no_time_zone_is_refused_plainly(db):
    client = Client(HTTP_HOST="127.0.0.1")
    response = client.post("/accounts/welcome/", {**NEW_ACCOUNT, "time_zone": "Mars/Olympus"})
    assert "Please choose your time zone from the list." in response.content.decode()
    assert not User.objects.exists()


def test_an_account_kept_under_an_old_name_is_moved_to_the_new_one(db):
    person = make_user("petro", time_zone="Europe/Kiev")
    keeper = make_user("mira", time_zone="Europe/Kyiv")
    migration = importlib.import_module("glimmers.accounts.migrations.0006_current_time_zone_names")
    migration.rename_old_zones(apps, None)
    person.refresh_from_db()
    keeper.refresh_from_db()
    assert (person.time_zone, keeper.time_zone) == ("Europe/Kyiv", "Europe/Kyiv")


def test_preferences_show_the_current_name_for_an_old_one(db):
    person = make_user("petro", time_zone="Europe/Kiev")
    client = Client()
    client.force_login(person)
    page = client.get("/accounts/preferences/").content.decode()
    assert '<option value="Europe/Kyiv" selected>' in page
