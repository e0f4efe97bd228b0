"""What the import remembers (see importing/).

Each entry brought in from another journal leaves a small note of where it
came from, so that importing the same file again adds nothing.
"""

from django.conf import settings
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
