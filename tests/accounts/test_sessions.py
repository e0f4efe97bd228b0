"""Sign in, sign out, change password; how passwords are kept."""

from django.contrib.auth import get_user_model

from tests.factories import PASSWORD

User = get_user_model()


def test_it_signs_in_with_the_right_password(client, owner):
    response = client.post("/accounts/login/", {"username": "olena", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_refuses_a_wrong_password_kindly(client, owner):
    response = client.post("/accounts/login/", {"username": "olena", "password": "nope"})
    assert response.status_code == 200
    assert "That name and password don’t go together." in response.content.decode()
    assert client.get("/").status_code == 302


def test_it_signs_out_with_a_post(owner_client):
    assert owner_client.get("/accounts/logout/").status_code == 405
    assert owner_client.post("/accounts/logout/").status_code == 302
    assert owner_client.get("/").status_code == 302


def test_it_changes_the_password(owner_client, owner):
    response = owner_client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-calm-phrase-81",
            "new_password2": "another-calm-phrase-81",
        },
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("another-calm-phrase-81")


def test_it_sends_anonymous_visitors_to_sign_in(client, owner):
    response = client.get("/journal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_hashes_with_argon2_first_and_validates_passwords():
    from glimmers import settings as glimmers_settings

    assert glimmers_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    validators = {v["NAME"].rsplit(".", 1)[1] for v in glimmers_settings.AUTH_PASSWORD_VALIDATORS}
    assert validators == {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
        "OwnWordsValidator",  # tests/security/test_passwords.py
        "GuessabilityValidator",
    }


def test_it_really_uses_argon2(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User.objects.create_user("ada", password="a-long-calm-phrase-12")
    assert user.password.startswith("argon2")
