"""`glimmers token create|list|revoke`: personal access tokens for the API."""

import hashlib

import pytest

from glimmers.accounts import tokens
from glimmers.accounts.models import AccessToken
from tests.cli import refuse, run, snapshot

TOKEN_FIELDS = {
    "id",
    "name",
    "prefix",
    "read_only",
    "created_at",
    "last_used_at",
    "revoked_at",
    "expires_at",
}


def create(*options: str) -> tuple[str, AccessToken]:
    result = run("token", "create", *options)
    assert result.code == 0, result.err
    raw = result.out.strip()
    return raw, AccessToken.objects.get(token_hash=hashlib.sha256(raw.encode()).hexdigest())


def test_it_prints_a_new_token_once_on_stdout(owner):
    result = run("token", "create", "--name", "phone")

    assert result.code == 0
    raw = result.out.strip()
    assert result.out == f"{raw}\n"  # only the token, so TOKEN=$(glimmers token create …) works
    assert raw.startswith("glm_")
    assert "shown only this once" in result.err
    assert raw not in result.err


def test_it_stores_only_a_hash_of_the_token(owner):
    raw, token = create("--name", "phone")

    assert token.owner == owner
    assert token.name == "phone"
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    stored = repr(snapshot()["accounts.AccessToken"])
    assert raw not in stored
    assert raw[len(token.prefix) :] not in stored


def test_the_new_token_authenticates(owner):
    raw, token = create("--name", "phone")
    assert tokens.authenticate(raw) == token


def test_it_makes_a_read_only_token(owner):
    result = run("token", "create", "--name", "reader", "--read-only", "--json")

    assert result.code == 0
    data = result.json()
    assert set(data) == TOKEN_FIELDS | {"token"}
    assert data["read_only"] is True
    assert data["revoked_at"] is None
    assert tokens.authenticate(data["token"]).read_only is True
    assert "Token “reader”" not in result.out  # the reminder stays off stdout


def test_it_lists_tokens_without_their_secrets(owner):
    raw, token = create("--name", "phone")
    create("--name", "laptop", "--read-only")

    result = run("token", "list")

    assert result.code == 0
    assert raw not in result.out
    assert raw[len(token.prefix) :][:8] not in result.out
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert f"{token.pk:>4}  {token.prefix}…  phone  (read/write, never used)" in lines
    assert any("laptop  (read only, never used)" in line for line in lines)


def test_it_lists_tokens_as_json_without_their_secrets(owner):
    raw, token = create("--name", "phone")

    result = run("token", "list", "--json")

    assert result.code == 0
    (data,) = result.json()
    assert set(data) == TOKEN_FIELDS
    assert (data["id"], data["name"], data["prefix"]) == (token.pk, "phone", token.prefix)
    assert raw not in result.out


def test_it_says_how_to_make_one_when_there_are_none(owner):
    result = run("token", "list")
    assert result.code == 0
    assert result.out == "No tokens yet. Make one with: glimmers token create --name phone\n"


def test_it_revokes_a_token_by_its_number(owner):
    raw, token = create("--name", "phone")

    result = run("token", "revoke", str(token.pk))

    assert result.code == 0
    assert result.out == "Revoked “phone”. It no longer works.\n"
    assert tokens.authenticate(raw) is None
    assert "(revoked, never used)" in run("token", "list").out


def test_it_revokes_a_token_by_its_prefix(owner):
    raw, token = create("--name", "phone")
    other_raw, _ = create("--name", "laptop")

    result = run("token", "revoke", token.prefix, "--json")

    assert result.code == 0
    data = result.json()
    assert set(data) == TOKEN_FIELDS
    assert data["revoked_at"] is not None
    assert tokens.authenticate(raw) is None
    assert tokens.authenticate(other_raw) is not None


def test_it_refuses_a_prefix_two_tokens_share(owner):
    _, first = create("--name", "phone")
    _, second = create("--name", "laptop")
    AccessToken.objects.filter(pk=first.pk).update(prefix="glm_abcdef")
    AccessToken.objects.filter(pk=second.pk).update(prefix="glm_abcdeg")

    refuse("token", "revoke", "glm_abcde", says="More than one token starts with glm_abcde")


def test_it_never_revokes_someone_elses_token(owner, other):
    raw, sams = create("--name", "sam's phone", "--user", "sam")

    refuse(
        "token",
        "revoke",
        str(sams.pk),
        "--user",
        "olena",
        says=f"You have no token {sams.pk}",
    )
    refuse("token", "revoke", sams.prefix, "--user", "olena", says="You have no token")
    assert tokens.authenticate(raw) == sams


def test_it_never_lists_someone_elses_tokens(owner, other):
    create("--name", "sam's phone", "--user", "sam")
    result = run("--user", "olena", "token", "list", "--json")
    assert result.json() == []


def test_it_makes_the_token_for_the_named_account(owner, other):
    raw, token = create("--user", "sam", "--name", "x")
    assert token.owner == other
    assert tokens.authenticate(raw).owner == other


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["token"], "the following arguments are required: action"),
        (["token", "make"], "invalid choice: 'make'"),
        (["token", "create"], "the following arguments are required: --name"),
        (["token", "create", "--name", ""], "Give the token a name"),
        (["token", "create", "--name", "   "], "Give the token a name"),
        (["token", "create", "--name", "n" * 101], "under 100 characters"),
        (["token", "revoke"], "the following arguments are required: token"),
        (["token", "revoke", "999"], "You have no token 999"),
        (["token", "revoke", "99999999999999999999999"], "You have no token"),
        (["token", "revoke", "glm_"], "You have no token glm_"),
        (["token", "revoke", "glm_nothing"], "You have no token glm_nothing"),
    ],
)
def test_it_refuses_bad_input_and_changes_no_token(owner, argv, message):
    create("--name", "existing")
    refuse(*argv, says=message)
