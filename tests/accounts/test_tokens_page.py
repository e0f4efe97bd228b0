"""The Tokens page: make, list and revoke API tokens in the browser."""

import re

from glimmers.accounts import tokens
from glimmers.accounts.models import AccessToken


def test_it_makes_a_token_and_shows_it_once(owner_client, owner):
    response = owner_client.post("/accounts/tokens/", {"name": "My phone"})
    assert response.status_code == 200
    html = response.content.decode()
    secret = re.search(r'value="(glm_[^"]+)"', html).group(1)
    stored = AccessToken.objects.get(owner=owner)
    assert stored.name == "My phone"
    assert secret not in stored.token_hash  # only a hash is kept
    assert tokens.authenticate(secret) == stored
    assert secret not in owner_client.get("/accounts/tokens/").content.decode()


def test_it_makes_a_read_only_token(owner_client, owner):
    owner_client.post("/accounts/tokens/", {"name": "Backup", "read_only": "on"})
    assert AccessToken.objects.get(owner=owner).read_only is True


def test_it_needs_a_name(owner_client):
    response = owner_client.post("/accounts/tokens/", {"name": "  "})
    assert response.status_code == 400
    assert not AccessToken.objects.exists()


def test_it_revokes(owner_client, owner):
    token, secret = tokens.create_token(owner, "old")
    response = owner_client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert tokens.authenticate(secret) is None
    assert "revoked" in owner_client.get("/accounts/tokens/").content.decode()


def test_a_stranger_cannot_see_or_revoke_tokens(stranger_client, owner):
    token, secret = tokens.create_token(owner, "Olena's phone")
    assert "Olena" not in stranger_client.get("/accounts/tokens/").content.decode()
    assert stranger_client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert tokens.authenticate(secret) is not None


def test_anonymous_visitors_are_sent_to_sign_in(client, owner):
    assert client.get("/accounts/tokens/").status_code == 302
