"""Security-log lines that follow Django's own auth signals.

Sign-ins and refused passwords are noted by the sign-in view itself (it knows
whether a second step follows); signing out goes through Django's ``logout``
wherever it happens, so it is noted here, once.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from glimmers.accounts import security_log
from glimmers.accounts.models import SecurityEvent


@receiver(user_logged_out, dispatch_uid="glimmers.accounts.signed_out")
def note_signed_out(sender, request, user, **kwargs) -> None:
    if user is not None and user.pk is not None:
        security_log.record(user, SecurityEvent.Kind.SIGNED_OUT, request)
