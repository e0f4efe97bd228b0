"""A reminder as an e-mail: the person's words, a link back, and how to quiet it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _

from glimmers.reminders.models import Occurrence


def message_id(occurrence: Occurrence) -> str:
    """The same Message-ID for every try of one reminder, so a mail client can tell a repeat."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "glimmers"
    return (
        f"<reminder-{occurrence.owner_id}-{occurrence.slot}-{occurrence.day.isoformat()}@{domain}>"
    )


def message(occurrence: Occurrence, to: str, title: str, words: str, link: str) -> EmailMessage:
    body = "\n\n".join(
        [
            words,
            link,
            _(
                "You asked Glimmers for these reminders. To change them, or to have a "
                "quiet week, open: %(url)s"
            )
            % {"url": settings.SITE_URL + reverse("reminders:preferences")},
        ]
    )
    return EmailMessage(
        subject=title,
        body=body + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "Message-ID": message_id(occurrence),
            "Auto-Submitted": "auto-generated",
        },
    )
