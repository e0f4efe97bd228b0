import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


@cache
def time_zone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in set(time_zone_names()):
        raise ValidationError(_("“%(value)s” is not a time zone we know."), params={"value": value})


class User(AbstractUser):
    """A person using Glimmers. Days, dates and times follow their own time zone."""

    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )

    show_streak = models.BooleanField(
        _("show how many days in a row I noticed something"),
        default=False,
        help_text=_("Off by default. It never says a streak was broken."),
    )
    day_starts_at = models.PositiveSmallIntegerField(
        _("my day starts at"),
        default=0,
        validators=[MaxValueValidator(6)],
        help_text=_("For night owls: glimmers before this hour count for the day before."),
    )
    anchor_seconds = models.PositiveSmallIntegerField(
        _("seconds to stay with a glimmer"),
        default=15,
        validators=[MinValueValidator(10), MaxValueValidator(60)],
    )

    # No e-mail needed: nothing here is sent anywhere. `createsuperuser` asks
    # only for a name and a password.
    REQUIRED_FIELDS = []
