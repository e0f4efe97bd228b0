"""Test set-up shared by every test.

Settings are read from the environment when Django starts, so the data folder
is pointed at a throwaway directory before anything imports them. The
database is whatever GLIMMERS_DATABASE_URL says (SQLite when unset); the
Makefile runs the suite once on each.
"""

import os
import tempfile

os.environ.setdefault("GLIMMERS_DATA_DIR", tempfile.mkdtemp(prefix="glimmers-test-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.settings")

import django

django.setup()

import pytest  # noqa: E402
from django.utils import translation  # noqa: E402

from tests.factories import make_user  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets its own photo folder and a fast password hasher."""
    from glimmers.accounts.queries import forget_account_memo

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    forget_account_memo()
    yield
    forget_account_memo()
    # A page asked for in Ukrainian leaves Ukrainian active in this thread (as a server
    # thread has it until its next request picks again): the next test starts in English.
    translation.deactivate()


@pytest.fixture
def owner(db):
    return make_user("olena", time_zone="Europe/Kyiv")


@pytest.fixture
def other(db):
    """A second person on the same instance (later: a circle member or carer)."""
    return make_user("sam", time_zone="America/New_York")


@pytest.fixture
def stranger(db):
    return make_user("stranger", time_zone="UTC")


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner):
    return _client_for(owner)


@pytest.fixture
def other_client(other):
    return _client_for(other)


@pytest.fixture
def stranger_client(stranger):
    return _client_for(stranger)
