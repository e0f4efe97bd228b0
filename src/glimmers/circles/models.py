"""Circles: a few people who share chosen glimmers with one another.

Nothing is shared by default. A person shares one glimmer at a time with a
circle (a ``Share``), choosing what goes with its words; taking it back
deletes the share, and with it the replies under it. Who may read what is
decided in glimmers/access.py, not here.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glimmers.journal.models import Glimmer, Sense

NAME_MAX_LENGTH = 80
DESCRIPTION_MAX_LENGTH = 500
REPLY_MAX_LENGTH = 500
QUOTE_MAX_LENGTH = 200
INVITE_DAYS = 7


class Circle(models.Model):
    """A named group. ``owner`` is its keeper: who invites, removes and may hand it on."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circles_kept"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    description = models.TextField(
        _("a few words about it (optional)"),
        blank=True,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """Someone in a circle (its keeper too). ``looked_at``: for "new since you last looked"."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    looked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["circle", "user"], name="one_membership_per_circle")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.circle_id}"


def invite_ends():
    """When an invite made now ends."""
    return timezone.now() + timedelta(days=INVITE_DAYS)

    def __str__(self) -> str:
        return f"{self.user_id} in {self.circle_id}"


class Invite(models.Model):
    """A one-time code into a circle, made by its keeper (``owner``); stored as a hash."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="invites")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    code_hash = models.CharField(max_length=64, unique=True)
    note = models.CharField(_("who it is for (only you see this)"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invite to {self.circle_id}"

    @property
    def is_open(self) -> bool:
        return (
            self.used_at is None and self.withdrawn_at is None and self.expires_at > timezone.now()
        )


class Share(models.Model):
    """One glimmer shared with one circle, with what its owner chose to send along."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    glimmer = models.ForeignKey(Glimmer, on_delete=models.CASCADE, related_name="shares")
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="shares")
    with_photos = models.BooleanField(_("its photos"), default=False)
    with_senses = models.BooleanField(_("its senses and body cues"), default=True)
    with_people = models.BooleanField(_("the names of people in it"), default=False)
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["glimmer", "circle"], name="one_share_per_circle")
        ]
        indexes = [models.Index(fields=["circle", "-shared_at"], name="circle_newest_first")]

    def __str__(self) -> str:
        return f"{self.glimmer_id} in {self.circle_id}"


class Reply(models.Model):
    """A glimmer a member noticed in someone's shared glimmer: named, never judged.

    ``noticed`` is required (what glimmered for them); ``quote`` and ``sense``
    are optional. The share's owner may hide a reply (``hidden_at``); its writer
    may take it back (deleted).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="replies")
    noticed = models.TextField(
        _("the glimmer you noticed in it"), validators=[MaxLengthValidator(REPLY_MAX_LENGTH)]
    )
    quote = models.CharField(
        _("the words that glimmered for you (optional)"), max_length=QUOTE_MAX_LENGTH, blank=True
    )
    sense = models.ForeignKey(
        Sense,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("the sense it touched (optional)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.noticed[:40]
