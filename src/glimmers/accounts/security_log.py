"""The security log: one place that writes it, and the small facts each line keeps.

``record`` is the only writer of SecurityEvent rows. A line keeps when, what,
from which address and which browser family — never journal text, and never
the full user-agent string (a family is enough to recognise a device).
"""

from __future__ import annotations

import ipaddress
import re
import time
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from glimmers.access import owned
from glimmers.accounts.models import SecurityEvent

Kind = SecurityEvent.Kind

_BROWSERS = [  # order matters: Edge and Opera say "Chrome" too, Chrome says "Safari"
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
    ("python-requests/", "Python"),
    ("Python-urllib/", "Python"),
]
_SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def browser_family(user_agent: str) -> str:
    """A short, human name for a browser: "Firefox on Linux", "Safari on iPhone"."""
    user_agent = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or system
    # Something else (a script, a tool): its first word, tidied, is still a hint.
    first = re.split(r"[\s/;()]", user_agent.strip(), maxsplit=1)[0][:30]
    return first or "Unknown browser"


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from, as the server saw it.

    REMOTE_ADDR is the peer's address, or — behind a trusted proxy only —
    the client address that proxy reported (the serving layer decides that,
    so forged X-Forwarded-For headers from anyone else never get here).
    """
    if request is None:
        return None
    raw = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def record(
    user, kind: str, request: HttpRequest | None = None, *, detail: str = ""
) -> SecurityEvent:
    """Add one line to ``user``'s security log (and now and then let old lines age out)."""
    user_agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    event = SecurityEvent.objects.create(
        user=user,
        kind=kind,
        ip=client_address(request),
        browser=browser_family(user_agent) if request is not None else "",
        detail=detail[:200],
    )
    _prune_now_and_then()
    return event


PRUNE_EVERY = 24 * 60 * 60  # seconds: old lines are removed at most daily per process
_last_pruned: float | None = None


def _prune_now_and_then() -> None:
    global _last_pruned
    if _last_pruned is None or time.monotonic() - _last_pruned >= PRUNE_EVERY:
        _last_pruned = time.monotonic()
        prune()


def prune(now=None) -> int:
    """Remove lines older than GLIMMERS_SECURITY_LOG_DAYS. Returns how many went."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SECURITY_LOG_DAYS)
    deleted, _ = SecurityEvent.objects.filter(at__lt=cutoff).delete()
    return deleted


def _note(event: SecurityEvent) -> str:
    """A few plain words on a line's detail (a pause says what was paused, where)."""
    from django.utils.translation import gettext as _

    if event.kind == Kind.LOCKED_OUT:
        step, _sep, where = event.detail.partition(":")
        what = _("two-step codes") if step == "code" else _("signing in")
        if where == "address":
            return _("%(what)s, from one address") % {"what": what}
        if where == "device":
            return _("%(what)s, on one of your own browsers") % {"what": what}
        return _("%(what)s, from any browser you haven’t signed in on before") % {"what": what}
    return event.detail


def recent(user, limit: int = 50) -> list[SecurityEvent]:
    """``user``'s own log, newest first; each line has ``.note`` (plain words on its detail)."""
    events = list(owned(SecurityEvent, user).order_by("-at", "-pk")[:limit])
    for event in events:
        event.note = _note(event)
    return events
