"""Slowing down guessing: sign-in, API tokens, sign-up, two-factor codes and the setup code.

Every failed try is one ``FailedAttempt`` row, keyed by what was tried and
from where. A key that gathered ``limit`` failures in the last day is paused;
each failure after that makes the next pause twice as long, up to a cap. While
a key is paused nothing is even checked, so a pause costs a guesser time and
gives away nothing. The state lives in the database, so every worker process
sees the same counts.

The keys, and why (see docs/decisions.md, "Sign-in throttling"):

* ``<action>:address:<ip>`` — strict. One place trying many passwords (for
  one account or many) is paused early and for up to an hour. IPv6 addresses
  count by their /64, which one client usually holds whole.
* ``<action>:account:<name>`` — looser, and capped at 15 minutes. Counts
  failures for one account from everywhere, so guessing spread over many
  addresses slows down too; each pause is short. A stranger who keeps guessing
  from many addresses can keep renewing it, so it does not apply at an address
  where the account has signed in before (the security log says where).
  Counted by the name typed, whether or not such an account exists, so a
  pause never tells anyone which names are real.
* ``<action>:device:<account id>:<nonce>`` — the owner's own browser. After
  a complete sign-in the browser keeps a signed cookie for that account (void
  once the password changes); its tries count only against itself, so a
  stranger who paused the account (or the address the owner shares) does not
  pause the owner on their usual browser.

The address is ``security_log.client_address``: the peer, or the client a
trusted proxy reported — never an X-Forwarded-For header read here.
"""

from __future__ import annotations

import hmac
import ipaddress
import math
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from glimmers.accounts import security_log
from glimmers.accounts.models import FailedAttempt, SecurityEvent

ACTIONS = ("login", "token", "signup", "code", "setup", "invite")

# Failures older than this no longer count (and are removed).
LOOKBACK = timedelta(days=1)


@dataclass(frozen=True)
class Rule:
    limit: int  # failures within LOOKBACK before the first pause
    first_pause: int  # seconds; doubles with each failure after the limit
    longest_pause: int  # seconds; the pause never grows past this


MINUTE = 60
RULES: dict[tuple[str, str], Rule] = {
    ("login", "address"): Rule(10, MINUTE, 60 * MINUTE),
    ("login", "account"): Rule(20, MINUTE, 15 * MINUTE),
    ("login", "device"): Rule(10, MINUTE, 15 * MINUTE),
    ("code", "address"): Rule(5, MINUTE, 60 * MINUTE),
    ("code", "account"): Rule(10, MINUTE, 30 * MINUTE),
    ("code", "device"): Rule(10, MINUTE, 15 * MINUTE),
    ("token", "address"): Rule(20, MINUTE, 15 * MINUTE),
    # Every sign-up counts (made or refused): it is new accounts we slow down.
    ("signup", "address"): Rule(10, 5 * MINUTE, 60 * MINUTE),
    ("setup", "address"): Rule(5, MINUTE, 60 * MINUTE),
    # Invitation codes (circles, care) that open nothing: guessing them is slowed down.
    ("invite", "address"): Rule(10, MINUTE, 60 * MINUTE),
}

DEVICE_COOKIE = "glimmers_device"
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 365
_DEVICE_SALT = "glimmers.accounts.throttle.device"

PRUNE_EVERY = 10 * 60  # seconds between clear-outs of old rows, per process
_last_pruned: float | None = None


def _now() -> datetime:
    """The time the throttle goes by (tests move it instead of sleeping)."""
    return timezone.now()


class Throttled(Exception):
    """Paused for now. ``retry_after`` is whole seconds; ``str()`` is a calm message."""

    def __init__(self, action: str, retry_after: int):
        self.action = action
        self.retry_after = max(1, int(retry_after))
        super().__init__(_message(action, self.retry_after))


def _when(seconds: int) -> str:
    if seconds < 60:
        return ngettext("in %(n)d second", "in %(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("in about %(n)d minute", "in about %(n)d minutes", minutes) % {"n": minutes}


def _message(action: str, seconds: int) -> str:
    when = _when(seconds)
    if action == "login":
        text = _(
            "There have been several tries that didn’t match, so signing in is paused for a "
            "little while to keep this journal safe. You can try again %(when)s."
        )
    elif action == "code":
        text = _(
            "There have been several codes that didn’t match, so this step is paused for a "
            "little while. You can try again %(when)s."
        )
    elif action == "signup":
        text = _(
            "Several journals were started from here just now, so starting another is paused "
            "for a little while. You can try again %(when)s."
        )
    elif action == "setup":
        text = _(
            "There have been several setup codes that didn’t match, so this step is paused for "
            "a little while. You can try again %(when)s."
        )
    elif action == "invite":
        text = _(
            "Several invitation codes that open nothing were tried from here, so this step is "
            "paused for a little while. You can try again %(when)s."
        )
    else:
        text = _("Too many tries with a token that isn’t valid. You can try again %(when)s.")
    return text % {"when": when}


# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------


def _address(request: HttpRequest | None) -> str:
    raw = security_log.client_address(request)
    if raw is None:
        return "unknown"
    address = ipaddress.ip_address(raw)
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        # One home or phone usually holds a whole /64 and may use any address in it.
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _account_name(account) -> str | None:
    if account is None:
        return None
    name = account if isinstance(account, str) else account.get_username()
    name = " ".join(str(name).split()).casefold()[:150]
    return name or None


def _account_id(account) -> int | None:
    return getattr(account, "pk", None)


def _device_nonce(request: HttpRequest | None, account) -> str | None:
    """The nonce of this browser's device cookie, if it is a valid one for ``account``."""
    account_id = _account_id(account)
    if request is None or account_id is None:
        return None
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=_DEVICE_SALT, max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("account") != account_id:
        return None
    # A new password retires every browser's standing, as it ends every session.
    if not hmac.compare_digest(str(data.get("auth", "")), _auth_mark(account)):
        return None
    nonce = data.get("nonce")
    return nonce if isinstance(nonce, str) and nonce.isalnum() and len(nonce) <= 40 else None


def _auth_mark(user) -> str:
    """A short mark of the account's current password (an HMAC Django keeps for sessions)."""
    return user.get_session_auth_hash()[:16]


def _keys(request: HttpRequest | None, action: str, account) -> list[tuple[str, Rule]]:
    if action not in ACTIONS:
        raise ValueError(f"unknown throttled action {action!r}")
    nonce = _device_nonce(request, account)
    device_rule = RULES.get((action, "device"))
    if nonce is not None and device_rule is not None:
        return [(f"{action}:device:{_account_id(account)}:{nonce}", device_rule)]
    keys = [(f"{action}:address:{_address(request)}", RULES[(action, "address")])]
    name = _account_name(account)
    account_rule = RULES.get((action, "account"))
    if name is not None and account_rule is not None and not _known_address(request, account):
        keys.append((f"{action}:account:{name}", account_rule))
    return keys


def _known_address(request: HttpRequest | None, account) -> bool:
    """True when ``account`` has completed a sign-in from this very address before.

    The account's count is what a stranger spread over many addresses can keep
    paused for as long as they keep trying; from an address where the owner has
    signed in before, only that address's own count (and the device's) applies,
    so the owner always has a way in.
    """
    address = security_log.client_address(request)
    if _account_id(account) is None or address is None:
        return False
    return SecurityEvent.objects.filter(
        user_id=account.pk, kind=SecurityEvent.Kind.SIGNED_IN, ip=address
    ).exists()


# ---------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------


def _pause(rule: Rule, failures: int) -> int:
    """Seconds paused after the latest of ``failures`` failures (0: not paused)."""
    if failures < rule.limit:
        return 0
    doublings = min(failures - rule.limit, 32)
    return min(rule.first_pause * 2**doublings, rule.longest_pause)


def _seconds_left(key: str, rule: Rule, now: datetime) -> int:
    found = FailedAttempt.objects.filter(key=key, at__gte=now - LOOKBACK).aggregate(
        failures=Count("pk"), latest=Max("at")
    )
    pause = _pause(rule, found["failures"])
    if not pause:
        return 0
    left = (found["latest"] + timedelta(seconds=pause) - now).total_seconds()
    return math.ceil(left) if left > 0 else 0


def guard(request: HttpRequest | None, action: str, account=None) -> None:
    """Raise Throttled if this address, this account or this device is paused for ``action``.

    ``account`` is a user or, for sign-in, the name that was typed (which may
    belong to nobody).
    """
    now = _now()
    left = max((_seconds_left(key, rule, now) for key, rule in _keys(request, action, account)))
    if left:
        raise Throttled(action, left)


def failed(request: HttpRequest | None, action: str, account=None) -> None:
    """Count one failure. Crossing a limit pauses the key and notes it in the account's log."""
    now = _now()
    keys = _keys(request, action, account)
    FailedAttempt.objects.bulk_create([FailedAttempt(key=key, at=now) for key, _rule in keys])
    if _account_id(account) is not None:
        for key, rule in keys:
            count = FailedAttempt.objects.filter(key=key, at__gte=now - LOOKBACK).count()
            if count == rule.limit:
                security_log.record(
                    account, SecurityEvent.Kind.LOCKED_OUT, request, detail=_why(action, key)
                )
                break
    _prune_now_and_then(now)


def _why(action: str, key: str) -> str:
    """What was paused, e.g. "login:address"; the security log turns it into words."""
    return f"{action}:{key.split(':')[1]}"


def succeeded(request: HttpRequest | None, action: str, account=None) -> None:
    """Forget this account's failures for ``action`` (its name, and this browser of it).

    The address's count stays: someone who has an account of their own must not
    be able to wipe their address clean by signing in between guesses.
    """
    keys = [key for key, _rule in _keys(request, action, account) if ":address:" not in key]
    if keys:
        FailedAttempt.objects.filter(key__in=keys).delete()


def prune(now: datetime | None = None) -> int:
    """Remove failures too old to count. Returns how many went."""
    now = now or _now()
    deleted, _ = FailedAttempt.objects.filter(at__lt=now - LOOKBACK).delete()
    return deleted


def _prune_now_and_then(now: datetime) -> None:
    global _last_pruned
    if _last_pruned is None or time.monotonic() - _last_pruned >= PRUNE_EVERY:
        _last_pruned = time.monotonic()
        prune(now)


# ---------------------------------------------------------------------------
# The owner's own browsers
# ---------------------------------------------------------------------------


def remember_device(response: HttpResponse, user) -> None:
    """After a complete sign-in: this browser is one of ``user``'s own from now on.

    Call it only once the person is fully signed in (after two-step sign-in too),
    so knowing a password alone never earns a browser its own count.
    """
    value = signing.dumps(
        {"account": user.pk, "nonce": secrets.token_hex(12), "auth": _auth_mark(user)},
        salt=_DEVICE_SALT,
        compress=True,
    )
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
