import zoneinfo
from functools import cache
from importlib import resources

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@cache
def _zone_tables() -> tuple[frozenset[str], dict[str, str]]:
    """The current IANA names, and each old name (a tz "link") with the current name it became.

    Current names are those the tz database lists place by place (zone.tab), plus UTC:
    ``Europe/Kyiv``, never ``Europe/Kiev``. Browsers may still report an old name.
    """
    folder = resources.files("tzdata") / "zoneinfo"
    current = {"UTC"}
    for line in (folder / "zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            current.add(line.split("\t")[2])
    universal = {"Etc/UTC", "Etc/GMT"}
    links = dict.fromkeys(universal, "UTC")
    for line in (folder / "tzdata.zi").read_text(encoding="utf-8").splitlines():
        if line.startswith("L "):
            _link, target, name = line.split()
            links.setdefault(name, "UTC" if target in universal else target)
    aliases = {}
    for name, target in links.items():
        for _step in range(5):  # a link to a link, at most a few deep
            if target in current or target not in links:
                break
            target = links[target]
        if name not in current and target in current:
            aliases[name] = target
    return frozenset(current), aliases


def time_zone_names() -> list[str]:
    """The time zones a person may choose from: current names only."""
    return sorted(_zone_tables()[0])


def current_time_zone(name: str) -> str | None:
    """``name`` as the tz database calls it today (``Europe/Kiev`` → ``Europe/Kyiv``), or None."""
    current, aliases = _zone_tables()
    return name if name in current else aliases.get(name)


def time_zone_aliases() -> dict[str, str]:
    return dict(_zone_tables()[1])


def validate_time_zone(value: str) -> None:
    """Any zone the tz database knows may be kept (old names too); forms offer current ones."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a time zone we know."), params={"value": value})


class User(AbstractUser):
    """A person using Glimmers. Days, dates and times follow their own time zone."""

    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_("Empty: the language the browser asks for."),
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

    is_carer = models.BooleanField(
        _("I am a therapist, counsellor or coach"),
        default=False,
        help_text=_("Clients can then invite you to read what they choose to share with you."),
    )

    # No e-mail needed: nothing here is sent anywhere. `createsuperuser` asks
    # only for a name and a password.
    REQUIRED_FIELDS = []


# ---------------------------------------------------------------------------
# Account security: the security log, throttled attempts, sessions, two-factor.
# ---------------------------------------------------------------------------


class SecurityEvent(models.Model):
    """One line of a person's security log: what happened to their account, never what they wrote.

    Append-only: rows are added by ``security_log.record`` and removed only
    when they age out (GLIMMERS_SECURITY_LOG_DAYS) or the account is deleted.
    """

    class Kind(models.TextChoices):
        ACCOUNT_CREATED = "account_created", _("Account created")
        SIGNED_IN = "signed_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in refused: wrong password")
        SIGNED_OUT = "signed_out", _("Signed out")
        LOCKED_OUT = "locked_out", _("Sign-in paused after many wrong tries")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        SESSIONS_ENDED = "sessions_ended", _("Signed out on other devices")
        TWO_FACTOR_ON = "two_factor_on", _("Two-step sign-in turned on")
        TWO_FACTOR_OFF = "two_factor_off", _("Two-step sign-in turned off")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Sign-in refused: wrong code")
        RECOVERY_CODE_USED = "recovery_code_used", _("A recovery code was used")
        RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("New recovery codes made")
        TOKEN_CREATED = "token_created", _("API token made")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_events"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    browser = models.CharField(max_length=64, blank=True)  # a family, e.g. "Firefox on Linux"
    detail = models.CharField(max_length=200, blank=True)  # e.g. a token's name; never journal text

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-at"], name="security_event_user_at"),
            models.Index(fields=["at"], name="security_event_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("The security log is append-only.")
        super().save(*args, **kwargs)


class FailedAttempt(models.Model):
    """One failed try at something guarded (a password, a token, a code, a sign-up).

    ``key`` says what was tried and from where, e.g. ``login:account:42`` or
    ``login:address:203.0.113.9``; the throttle counts rows per key inside
    its window, and rows older than the longest window are removed.
    """

    key = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["key", "at"], name="failed_attempt_key_at"),
            models.Index(fields=["at"], name="failed_attempt_at"),
        ]

    def __str__(self) -> str:
        return f"{self.key} at {self.at:%Y-%m-%d %H:%M:%S}"


class Session(AbstractBaseSession):
    """A browser session that knows whose it is, so a person can see and end their sessions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="browser_sessions",
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    browser = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta(AbstractBaseSession.Meta):
        indexes = [models.Index(fields=["user", "-last_seen"], name="session_user_seen")]

    @classmethod
    def get_session_store_class(cls):
        from glimmers.accounts.sessions import SessionStore

        return SessionStore


class TwoFactor(models.Model):
    """An authenticator app (TOTP) for one person. Unconfirmed until a first code is right."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor"
    )
    secret = models.CharField(max_length=64)  # base32, as authenticator apps expect
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The time step of the last code accepted: a code is never accepted twice.
    last_used_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"two-step sign-in for {self.user_id}"

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A one-time code for signing in without the phone. Only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


class AccessToken(models.Model):
    """A personal access token for the API. Only its SHA-256 hash is stored.

    Tokens are 256 random bits, so a fast hash is enough: there is nothing to
    guess, and lookups by hash stay a single indexed read per request.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16)  # shown in lists so people can tell tokens apart
    token_hash = models.CharField(max_length=64, unique=True)
    read_only = models.BooleanField(_("read only"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Every token ends: chosen by the person when they make it (tokens.EXPIRY_CHOICES).
    expires_at = models.DateTimeField()

    class Meta:
        # Made by the api app (its migrations 0001-0002) and kept under that name
        # when the model moved here: a token is one of an account's credentials.
        db_table = "api_accesstoken"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="token_owner_created")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def active(self) -> bool:
        return self.revoked_at is None and not self.expired
