"""First run: with no account yet, every page leads to the welcome page."""

import pytest
from django.contrib.auth import get_user_model

User = get_user_model()

NEW_ACCOUNT = {
    "username": "mira",
    "password1": "slow-morning-light-7",
    "password2": "slow-morning-light-7",
    "time_zone": "Europe/Kyiv",
}


@pytest.fixture
def client():
    """This machine's own browser, as on a laptop's first run: no setup code asked.

    (A hosted first run, which asks for one, is in tests/security/test_first_run.py.)
    """
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


@pytest.mark.parametrize("path", ["/", "/journal/", "/accounts/login/", "/triggers/"])
def test_it_leads_every_page_to_the_welcome_page_before_any_account(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/welcome/"


def test_it_keeps_healthz_open_on_first_run(client, db):
    assert client.get("/healthz").status_code == 200


def test_it_creates_the_first_account_and_signs_in(client, db):
    response = client.post("/accounts/welcome/", NEW_ACCOUNT)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.username == "mira"
    assert user.time_zone == "Europe/Kyiv"
    assert user.is_superuser
    assert user.password.startswith("md5$")  # tests swap in a fast hasher
    page = client.get("/")
    assert page.status_code == 200
    assert "Catch a glimmer" in page.content.decode()


def test_it_sends_people_to_sign_in_once_an_account_exists(client, owner):
    response = client.get("/accounts/welcome/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    client.post("/accounts/welcome/", NEW_ACCOUNT)
    assert not User.objects.filter(username="mira").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password2": "something-else-entirely"}, "don’t match"),
        ({"password1": "12345678", "password2": "12345678"}, "less common"),
        ({"time_zone": "Mars/Olympus_Mons"}, "Please choose your time zone from the list."),
        ({"username": ""}, "Please fill this in."),
    ],
)
def test_it_explains_bad_input_and_creates_nothing(client, db, change, message):
    response = client.post("/accounts/welcome/", {**NEW_ACCOUNT, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
