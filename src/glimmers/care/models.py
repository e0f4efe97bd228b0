"""Care links: a person lets a therapist, counsellor or coach read a part of their journal.

The person (``owner``, the client) makes an invite; a carer opens it with their
own account; the person confirms that it is the right carer; only then can the
carer read, and only within the scope the person chose. The person can change
the scope or end the link at any time, and each of the carer's reads is
written down in ``CareRead``, which the person can read. Who may read what is
decided in glimmers/access.py.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from glimmers.journal.models import Glimmer

INVITE_DAYS = 14
LABEL_MAX_LENGTH = 80


class Scope(models.TextChoices):
    SESSIONS = "sessions", _("only the glimmers I mark “for my sessions”")
    SINCE = "since", _("all my glimmers since a date")


class Status(models.TextChoices):
    INVITED = "invited", _("invited")  # the code is out; no carer yet
    ACCEPTED = "accepted", _("waiting for you to confirm")  # a carer opened it
    ACTIVE = "active", _("active")  # confirmed: the carer may read within scope
    ENDED = "ended", _("ended")  # withdrawn, declined, expired or ended: nothing readable


def invite_ends():
    """When an invite made now ends."""
    return timezone.now() + timedelta(days=INVITE_DAYS)


class CareLink(models.Model):
    """A client (``owner``) and one carer, with the scope the client chose."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_links"
    )
    # A carer who deletes their account leaves the link behind, ended (``is_over``):
    # its read log belongs to the client and stays with them.
    carer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_clients",
    )
    label = models.CharField(
        _("who they are to you"),
        max_length=LABEL_MAX_LENGTH,
        help_text=_("For example “my counsellor” or “Dr. Shevchenko”. Only you and they see it."),
    )
    # How each of them appears to the other: names they chose for this link, never
    # the name either signs in with (which the sign-up page promises nobody sees).
    client_name = models.CharField(
        _("your name, as they will see it"),
        max_length=LABEL_MAX_LENGTH,
        blank=True,
        help_text=_("For example your first name. Only they see it, on this link."),
    )
    carer_name = models.CharField(
        _("your name, as your client will see it"), max_length=LABEL_MAX_LENGTH, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    expires_at = models.DateTimeField()

    scope = models.CharField(
        _("what they may read"), max_length=10, choices=Scope.choices, default=Scope.SESSIONS
    )
    since = models.DateField(_("from this day"), null=True, blank=True)
    with_photos = models.BooleanField(_("with photos"), default=False)
    with_insights = models.BooleanField(_("with the Insights summary"), default=False)
    with_triggers = models.BooleanField(_("with hard moments too"), default=False)
    tell_tried = models.BooleanField(
        _("let them see whether I tried what they suggest"), default=False
    )

    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["carer", "status"], name="carer_clients")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    @property
    def is_ended(self) -> bool:
        return self.status == Status.ENDED

    @property
    def carer_gone(self) -> bool:
        """Taken up by a carer whose account has since been deleted."""
        return self.carer_id is None and self.status in (Status.ACCEPTED, Status.ACTIVE)

    @property
    def is_over(self) -> bool:
        """Nobody can read through it any more: ended, or its carer's account is gone."""
        return self.is_ended or self.carer_gone

    @property
    def invite_lapsed(self) -> bool:
        """An invite nobody took up before it ended (its status still says "invited")."""
        return self.status == Status.INVITED and self.expires_at <= timezone.now()


class ForSessions(models.Model):
    """A glimmer its owner marked "for my sessions"."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    glimmer = models.OneToOneField(Glimmer, on_delete=models.CASCADE, related_name="for_sessions")
    marked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.glimmer_id} for sessions"


class CareRead(models.Model):
    """One read by a carer: who, when, which page, which record. Never journal text.

    Append-only: nothing in the app changes or deletes a line, except deleting
    the client's account (``owner``), which takes everything of theirs.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_reads"
    )
    link = models.ForeignKey(CareLink, on_delete=models.CASCADE, related_name="reads")
    at = models.DateTimeField(default=timezone.now)
    page = models.CharField(max_length=20)  # one of care.queries.PAGES
    record = models.CharField(max_length=40, blank=True)  # a glimmer's id, for one glimmer

    class Meta:
        indexes = [models.Index(fields=["owner", "-at"], name="care_reads_newest")]

    def __str__(self) -> str:
        return f"{self.page} at {self.at:%Y-%m-%d %H:%M}"


class Suggestion(models.Model):
    """A prompt or practice a carer suggests; it waits on the client's Today.

    The client may try it, skip it for today, or decline it, without saying why.
    The carer sees only whether it was tried, and only if the link's
    ``tell_tried`` allows.
    """

    class Answer(models.TextChoices):
        WAITING = "", _("waiting")
        TRIED = "tried", _("tried")
        SKIPPED = "skipped", _("skipped for today")
        DECLINED = "declined", _("declined")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestions"
    )
    link = models.ForeignKey(CareLink, on_delete=models.CASCADE, related_name="suggestions")
    text = models.CharField(_("what you suggest"), max_length=300)
    library_prompt = models.CharField(max_length=60, blank=True)  # a built-in prompt's slug
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True, default="")
    answered_on = models.DateField(null=True, blank=True)  # the client's day

    def __str__(self) -> str:
        return self.text

    @property
    def shown_text(self) -> str:
        """The suggestion as the client reads it: a library prompt in their language."""
        return gettext(self.text) if self.library_prompt else self.text
