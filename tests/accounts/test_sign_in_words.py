"""A failed sign-in speaks of signing in: nothing is ever "saved" there."""

from tests.factories import make_user


def test_a_failed_sign_in_does_not_speak_of_saving(client, db):
    make_user("olena")
    response = client.post("/accounts/login/", {"username": "olena", "password": "not it"})
    page = response.content.decode()
    assert "Nothing was saved yet" not in page
    assert "We couldn’t sign you in yet:" in page


def test_a_form_that_keeps_something_still_says_nothing_was_kept(owner_client):
    page = owner_client.post("/capture/", {"text": "a" * 5001}).content.decode()
    assert "Nothing was saved yet — please look at these:" in page
