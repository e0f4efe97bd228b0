"""`glimmers delete-account --user NAME --yes`: the host's way to delete an account for good."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from glimmers.cli import main
from glimmers.journal.models import Glimmer
from tests.factories import make_glimmer

# Django's command runner closes every connection when it ends (run_from_argv), so
# these run with real commits rather than inside one test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_with_yes_it_deletes_and_says_what_went(owner, other, capsys):
    make_glimmer(owner, "Gulls over the harbour")
    make_glimmer(owner, "Warm bread")
    make_glimmer(other, "Not theirs to delete")

    assert main(["delete-account", "--user", "olena", "--yes"]) == 0

    out = capsys.readouterr().out
    assert "Deleted the account “olena” for good" in out
    assert "2 glimmers" in out
    assert not get_user_model().objects.filter(username="olena").exists()
    assert list(Glimmer.objects.values_list("text", flat=True)) == ["Not theirs to delete"]


def test_without_yes_it_refuses_and_says_what_would_go(owner, capsys):
    make_glimmer(owner, "Gulls over the harbour")

    assert main(["delete-account", "--user", "olena"]) == 2

    captured = capsys.readouterr()
    assert "This would delete the account “olena” for good" in captured.out
    assert "1 glimmer" in captured.out
    assert "Nothing was deleted. Add --yes" in captured.err
    assert get_user_model().objects.filter(username="olena").exists()
    assert Glimmer.objects.count() == 1


def test_an_unknown_account_is_named_and_nothing_changes(owner, capsys):
    make_glimmer(owner)

    assert main(["delete-account", "--user", "nobody", "--yes"]) == 2

    assert "There is no account called “nobody”." in capsys.readouterr().err
    assert Glimmer.objects.count() == 1


def test_an_empty_account_is_deleted_too(owner, capsys):
    assert main(["delete-account", "--user", "olena", "--yes"]) == 0
    assert "nothing else: it was empty" in capsys.readouterr().out
    assert not get_user_model().objects.filter(username="olena").exists()


def test_the_user_is_required(db, capsys):
    assert main(["delete-account", "--yes"]) == 2
    assert "--user" in capsys.readouterr().err
