from django.contrib.auth import get_user_model
from django.db import transaction

from glimmers.accounts.models import User


class FirstAccountExists(Exception):
    """Someone already set this instance up."""


@transaction.atomic
def create_account(*, username: str, password: str, time_zone: str, first: bool = False) -> User:
    """Create an account. The first account on an instance also looks after it."""
    users = get_user_model().objects
    if first and users.exists():
        raise FirstAccountExists
    user = users.create_user(username=username, password=password, time_zone=time_zone)
    if first:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


def update_preferences(user: User, *, time_zone: str, language: str) -> User:
    user.time_zone = time_zone
    user.language = language
    user.save(update_fields=["time_zone", "language"])
    return user
