from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import Signal

from glimmers.accounts.models import User
from glimmers.db import writing

# Sent with ``user=`` inside the transaction that saves a new time zone or day
# start. The apps that keep days and hours beside what a person wrote (the
# journal) listen and re-stamp them, so accounts need not know about them; an
# error in a receiver undoes the change.
local_time_changed = Signal()


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


PREFERENCES = (
    "time_zone",
    "language",
    "day_starts_at",
    "anchor_seconds",
    "show_streak",
    "is_carer",
)


def update_preferences(user: User, **preferences) -> User:
    """Change any of PREFERENCES; anything else is refused."""
    unknown = set(preferences) - set(PREFERENCES)
    if unknown:
        raise ValueError(f"not preferences: {sorted(unknown)}")
    moved = any(
        name in preferences and preferences[name] != getattr(user, name)
        for name in ("time_zone", "day_starts_at")
    )
    for name, value in preferences.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password", "username"])
    with writing(user):
        user.save(update_fields=list(preferences))
        if moved:
            # Days and hours kept beside what they wrote follow the person.
            local_time_changed.send(sender=User, user=user)
    return user
