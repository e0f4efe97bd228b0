"""What the import remembers (see importing/).

Each entry brought in from another journal leaves a small note of where it
came from, so that importing the same file again adds nothing; each file
brought in through the page is a job the page follows.
"""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class ImportedEntry(models.Model):
    """One entry of another journal that is already in this person's journal.

    ``source_key`` is the format's name and a hash of the entry's own identity
    (its id where the format has one, else its date and words), never the file
    it came in. The glimmer is kept loosely: if the person deletes it, the note
    stays, so a later import of the same file does not bring it back.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imported_entries"
    )
    source_key = models.CharField(max_length=80)
    glimmer = models.ForeignKey(
        "journal.Glimmer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "source_key"], name="imported_entry_once_per_owner"
            )
        ]

    def __str__(self) -> str:
        return self.source_key


class ImportJob(models.Model):
    """One file brought in through the page, worked on in the background.

    The page never holds a request while a file is read: the look (a dry run)
    and, once the person confirms, the bringing in run on a thread of their
    own (importing/jobs.py), which notes its progress here; the page shows it.
    ``updated_at`` is the job's heartbeat: one that has not moved for a while
    was stopped (the server restarted), and says so.
    """

    class State(models.TextChoices):
        LOOKING = "looking"
        LOOKED = "looked"
        BRINGING = "bringing"
        DONE = "done"
        FAILED = "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    file_name = models.CharField(max_length=100)  # the staged file (importing/staging.py)
    format = models.CharField(max_length=20)
    options = models.JSONField(default=dict)  # a CSV's mapping and date format
    state = models.CharField(max_length=10, choices=State.choices, default=State.LOOKING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    problem = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.format} ({self.state})"


class PendingDeletion(models.Model):
    """An account its owner has asked to delete, while the deletion runs (deletion/services.py).

    The account is locked at once (signed out everywhere, no sign-in, no
    token) and deleted on a thread of its own; this row goes with it. If the
    server stops first, ``glimmers serve`` finishes the deletion as it starts.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_deletion"
    )
    asked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"account {self.user_id}"
