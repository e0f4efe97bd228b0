"""Sharing a glimmer as it is captured, with the circles ticked on the capture form."""

from django.dispatch import receiver

from glimmers.access import circles
from glimmers.circles import services
from glimmers.journal.signals import glimmer_captured

SHARE_FIELD = "share_with"  # the capture form's circle boxes (templatetags/circles.py)


@receiver(glimmer_captured)
def share_as_captured(sender, owner, glimmer, data, **kwargs) -> None:
    """Share the new glimmer with the ticked circles the person is in; ignore anything else.

    At capture the glimmer goes with its senses, without photos or people's
    names; the person can change that from the glimmer's page.
    """
    wanted = [value for value in data.getlist(SHARE_FIELD) if value]
    if not wanted:
        return
    chosen = []
    for circle in circles(owner):
        if str(circle.pk) in wanted:
            chosen.append(circle)
    if chosen:
        services.share(owner, glimmer, chosen)
