"""Two-step sign-in: an authenticator app (TOTP) and one-time recovery codes.

Optional, for anyone who wants it. The sign-in view (accounts.views) asks
``needs_code(user)`` after a right password; if so it calls ``begin`` —
the browser is then half signed in, for a few minutes, in its session — and
sends the person to ``code_url()``, where a code from the app or a recovery
code finishes the sign-in (accounts.security_views.sign_in_code).

Codes follow RFC 6238 (30-second steps, 6 digits, SHA-1: what every
authenticator app speaks), through pyotp. A code is accepted one step early or
late, for clocks that drift, and never twice: the step of the last code
accepted is kept (TwoFactor.last_used_step) and only a later one is taken,
in one conditional UPDATE, so two requests racing with the same code cannot
both win.

Recovery codes are 10 random characters each (50 bits) and only their SHA-256
is stored. A slow hash would add little: the app's secret itself has to be
kept readable to check codes, so whoever can read the database could make
codes anyway. Each works once, also by one conditional UPDATE.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets
from datetime import timedelta

import pyotp
import segno
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from glimmers.access import owned
from glimmers.accounts.models import RecoveryCode, TwoFactor

ISSUER = "Glimmers"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy by hand
_RECOVERY_LENGTH = 10
# How long someone may take, between a right password and a code, to finish signing in.
PENDING_FOR = timedelta(minutes=5)
_PENDING = "_glimmers_two_factor_pending"
STEPS_OF_DRIFT = 1  # a code is good one step (30 s) before and after its own


# ---------------------------------------------------------------------------
# The seam with the sign-in view
# ---------------------------------------------------------------------------


def needs_code(user) -> bool:
    """True when ``user`` turned two-step sign-in on: a password alone is not enough."""
    return owned(TwoFactor, user).filter(confirmed_at__isnull=False).exists()


def begin(request: HttpRequest, user) -> None:
    """Remember, for a few minutes, that ``user`` gave the right password in this browser.

    They are not signed in: the session holds only who is half-way, since when,
    and the page to go to afterwards.
    """
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    request.session.cycle_key()  # a fresh key for the half-way state
    request.session[_PENDING] = {
        "user": user.pk,
        "hash": user.get_session_auth_hash(),
        "backend": getattr(user, "backend", None),
        "at": timezone.now().timestamp(),
        "next": wanted if safe else "",
    }


def code_url() -> str:
    return reverse("accounts:sign_in_code")


def pending(request: HttpRequest):
    """(user, backend, next) for the person half-way through signing in here, or None.

    None too when it took longer than PENDING_FOR, or the password changed since.
    """
    from django.contrib.auth import get_user_model

    state = request.session.get(_PENDING)
    if not isinstance(state, dict):
        return None
    started = state.get("at")
    if not isinstance(started, int | float):
        return None
    age = timezone.now().timestamp() - started
    if not 0 <= age <= PENDING_FOR.total_seconds():
        forget(request)
        return None
    user = get_user_model().objects.filter(pk=state.get("user"), is_active=True).first()
    if user is None or not hmac.compare_digest(
        str(state.get("hash", "")), user.get_session_auth_hash()
    ):
        forget(request)
        return None
    return user, state.get("backend"), state.get("next") or ""


def forget(request: HttpRequest) -> None:
    request.session.pop(_PENDING, None)


# ---------------------------------------------------------------------------
# Codes from the app
# ---------------------------------------------------------------------------


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret)


def _digits(text: str) -> str:
    return "".join(str(text).split()).replace("-", "")


def looks_like_app_code(text: str) -> bool:
    code = _digits(text)
    return len(code) == 6 and code.isascii() and code.isdigit()


def _matching_step(two_factor: TwoFactor, code: str) -> int | None:
    """The time step ``code`` belongs to (now, or one step either side), if any."""
    totp = _totp(two_factor.secret)
    now = totp.timecode(timezone.now())
    for step in range(now - STEPS_OF_DRIFT, now + STEPS_OF_DRIFT + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _use_step(user, two_factor: TwoFactor, code: str) -> bool:
    """Accept ``code`` if it is right and later than every code accepted before
    (``two_factor`` is ``user``'s own)."""
    code = _digits(code)
    if not looks_like_app_code(code):
        return False
    step = _matching_step(two_factor, code)
    if step is None:
        return False
    taken = (
        owned(TwoFactor, user)
        .filter(pk=two_factor.pk, last_used_step__lt=step)
        .update(last_used_step=step)
    )
    if taken:
        two_factor.last_used_step = step
    return bool(taken)


def verify_app_code(user, code: str) -> bool:
    """True (once) for a right, unused code of ``user``'s confirmed app."""
    two_factor = owned(TwoFactor, user).filter(confirmed_at__isnull=False).first()
    return two_factor is not None and _use_step(user, two_factor, code)


# ---------------------------------------------------------------------------
# Recovery codes
# ---------------------------------------------------------------------------


def _normalise_recovery(text: str) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


def _hash_recovery(code: str) -> str:
    return hashlib.sha256(f"glimmers-recovery:{_normalise_recovery(code)}".encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Make a fresh set of recovery codes for ``user``; the old ones stop working."""
    owned(RecoveryCode, user).delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=_hash_recovery(code)) for code in codes]
    )
    return codes


def use_recovery_code(user, text: str) -> bool:
    """True (once) for one of ``user``'s unused recovery codes."""
    if len(_normalise_recovery(text)) != _RECOVERY_LENGTH:
        return False
    used = (
        owned(RecoveryCode, user)
        .filter(code_hash=_hash_recovery(text), used_at__isnull=True)
        .update(used_at=timezone.now())
    )
    return bool(used)


def recovery_codes_left(user) -> int:
    return owned(RecoveryCode, user).filter(used_at__isnull=True).count()


# ---------------------------------------------------------------------------
# Turning it on and off
# ---------------------------------------------------------------------------


def status(user) -> TwoFactor | None:
    return owned(TwoFactor, user).first()


def start_setup(user) -> TwoFactor:
    """A new, unconfirmed secret for ``user`` (replacing an unfinished one)."""
    current = status(user)
    if current is not None and current.active:
        raise ValueError("two-step sign-in is already on")
    if current is not None:
        current.delete()
    return TwoFactor.objects.create(user=user, secret=pyotp.random_base32())


def confirm_setup(user, code: str) -> list[str] | None:
    """Turn two-step sign-in on once the first code is right; return the new recovery codes.

    None when the code is wrong (or there is nothing being set up).
    """
    with transaction.atomic():
        two_factor = (
            owned(TwoFactor, user).select_for_update().filter(confirmed_at__isnull=True).first()
        )
        if two_factor is None or not _use_step(user, two_factor, code):
            return None
        two_factor.confirmed_at = timezone.now()
        two_factor.save(update_fields=["confirmed_at"])
        return new_recovery_codes(user)


@transaction.atomic
def turn_off(user) -> bool:
    """Switch two-step sign-in off and remove its secret and recovery codes."""
    owned(RecoveryCode, user).delete()
    deleted, _ = owned(TwoFactor, user).delete()
    return bool(deleted)


def setup_secret(user) -> TwoFactor | None:
    """The secret being set up (not yet confirmed), or None. A confirmed one is never shown."""
    return owned(TwoFactor, user).filter(confirmed_at__isnull=True).first()


def provisioning_uri(two_factor: TwoFactor) -> str:
    return _totp(two_factor.secret).provisioning_uri(
        name=two_factor.user.get_username(), issuer_name=ISSUER
    )


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(text: str) -> bytes:
    """A QR code of ``text`` as SVG: dark squares on white, no style attributes, no script."""
    out = io.BytesIO()
    segno.make(text, error="m").save(
        out, kind="svg", scale=6, border=4, dark="#000", light="#fff", xmldecl=True
    )
    return out.getvalue()
