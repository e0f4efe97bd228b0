"""Sign-up for further accounts, only when the host opens it."""

from django.contrib.auth import get_user_model

User = get_user_model()

NEW = {
    "username": "ben",
    "password1": "quiet-river-stones-9",
    "password2": "quiet-river-stones-9",
    "time_zone": "UTC",
}


def test_it_is_closed_by_default(client, owner):
    assert client.get("/accounts/signup/").status_code == 404
    assert client.post("/accounts/signup/", NEW).status_code == 404
    assert not User.objects.filter(username="ben").exists()


def test_it_creates_an_ordinary_account_when_open(client, owner, settings):
    settings.OPEN_SIGNUP = True
    assert client.get("/accounts/signup/").status_code == 200
    response = client.post("/accounts/signup/", NEW)
    assert response.status_code == 302
    ben = User.objects.get(username="ben")
    assert not ben.is_superuser
    assert client.get("/").status_code == 200


def test_it_refuses_a_taken_name(client, owner, settings):
    settings.OPEN_SIGNUP = True
    response = client.post("/accounts/signup/", {**NEW, "username": owner.username})
    assert response.status_code == 200
    assert "That’s already taken." in response.content.decode()
    assert User.objects.filter(username=owner.username).count() == 1
