"""Every change to care links: made here, called alike by the pages, the API and the CLI.

The client makes, scopes, confirms and ends a link; a carer accepts an invite
and suggests practices. Rows come from glimmers/access.py; anything a viewer
may not do raises Http404, as a read would.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from glimmers import invites
from glimmers.access import invite_by_code, log_care_read, may_change, owned
from glimmers.care.models import CareLink, ForSessions, Status, Suggestion, invite_ends
from glimmers.db import writing
from glimmers.journal.models import Glimmer
from glimmers.time import local_today

SCOPE_FIELDS = ("scope", "since", "with_photos", "with_insights", "with_triggers", "tell_tried")


def invite(owner, label: str, client_name: str = "", **scope) -> tuple[CareLink, str]:
    """A care invite from ``owner`` (the client); the code is returned once."""
    code = invites.new_code()
    with writing(owner):
        link = CareLink.objects.create(
            owner=owner,
            label=label,
            client_name=client_name,
            code_hash=invites.code_hash(code),
            expires_at=invite_ends(),
            **_scope(scope),
        )
    return link, code


def _scope(values: dict) -> dict:
    chosen = {name: values[name] for name in SCOPE_FIELDS if name in values}
    if chosen.get("scope") == "sessions":
        chosen["since"] = None
    return chosen


def open_invite(code: str) -> CareLink | None:
    """The care invite a code stands for, while it can still be accepted; else None."""
    link = invite_by_code(CareLink, invites.code_hash(code))
    if link is None or link.status != Status.INVITED or link.expires_at <= timezone.now():
        return None
    return link


UNUSABLE_INVITE = _lazy(
    "That invitation can’t be used: it may have ended, been used or been withdrawn. "
    "Ask your client for a new one."
)


def accept(carer, code: str, carer_name: str = "") -> CareLink:
    """A carer takes up an invite. Nothing is readable until the client confirms them.

    The invite is used up in the same statement that checks it is still open,
    so two people holding one code can never both take it up.
    """
    link = open_invite(code)
    if link is None:
        raise ValidationError(UNUSABLE_INVITE)
    if link.owner_id == carer.pk:
        raise ValidationError(_("This is your own invitation: give it to your carer."))
    if not carer.is_carer:
        raise ValidationError(
            _("Only an account marked as a therapist, counsellor or coach can take this up.")
        )
    now = timezone.now()
    with writing(link.owner):
        taken = (
            owned(CareLink, link.owner)
            .filter(pk=link.pk, status=Status.INVITED, code_hash=link.code_hash, expires_at__gt=now)
            .update(
                carer=carer,
                carer_name=carer_name,
                status=Status.ACCEPTED,
                accepted_at=now,
                code_hash=None,  # used up
            )
        )
    if not taken:
        raise ValidationError(UNUSABLE_INVITE)
    link.refresh_from_db()
    return link


def _client(viewer, link: CareLink) -> None:
    if not may_change(viewer, link):
        raise Http404


def confirm(viewer, link: CareLink) -> CareLink:
    """The client says: yes, this is my carer. From now on they may read within scope."""
    _client(viewer, link)
    if link.status != Status.ACCEPTED:
        raise ValidationError(_("There is nobody waiting to be confirmed on this link."))
    now = timezone.now()
    with writing(viewer):
        # Only while someone is still waiting: a link ended a moment ago stays ended.
        confirmed = (
            owned(CareLink, viewer)
            .filter(pk=link.pk, status=Status.ACCEPTED)
            .update(status=Status.ACTIVE, confirmed_at=now)
        )
    if not confirmed:
        raise ValidationError(_("There is nobody waiting to be confirmed on this link."))
    link.status, link.confirmed_at = Status.ACTIVE, now
    return link


def change_scope(viewer, link: CareLink, **scope) -> CareLink:
    """Change what the carer may read; it holds from their very next request."""
    _client(viewer, link)
    if link.status == Status.ENDED:
        raise ValidationError(_("This link has ended, so there is nothing to change."))
    chosen = _scope(scope)
    with writing(viewer):
        for name, value in chosen.items():
            setattr(link, name, value)
        link.save(update_fields=list(chosen))
    return link


def end(viewer, link: CareLink) -> CareLink:
    """End the link (or withdraw or decline an invite): the carer reads nothing more.

    Suggestions still waiting are withdrawn from Today; the read log stays
    with the client.
    """
    _client(viewer, link)
    with writing(viewer):
        link.status = Status.ENDED
        link.ended_at = timezone.now()
        link.code_hash = None
        link.save(update_fields=["status", "ended_at", "code_hash"])
        owned(Suggestion, viewer).filter(link=link, answer="").delete()
    return link


def mark_for_sessions(owner, glimmer: Glimmer, marked: bool = True) -> None:
    """Mark (or unmark) one of ``owner``'s glimmers "for my sessions"."""
    if not may_change(owner, glimmer):
        raise Http404
    with writing(owner):
        if marked:
            ForSessions.objects.get_or_create(owner=owner, glimmer=glimmer)
        else:
            owned(ForSessions, owner).filter(glimmer=glimmer).delete()


def note_read(viewer, link: CareLink, page: str, record="") -> None:
    """Write down a carer's read for the client's log (access.log_care_read), in the
    one write transaction. Nothing is written when the client looks at their own."""
    with writing(link.owner):
        log_care_read(viewer, link, page, record)


def suggest(carer, link: CareLink, text: str, library_prompt: str = "") -> Suggestion:
    """A carer suggests a prompt or practice; it waits on the client's Today."""
    if link.carer_id != carer.pk or link.status != Status.ACTIVE:
        raise Http404
    with writing(link.owner):
        return Suggestion.objects.create(
            owner_id=link.owner_id, link=link, text=text, library_prompt=library_prompt
        )


def answer(viewer, suggestion: Suggestion, answer: str) -> Suggestion:
    """The client tries, skips (for today) or declines a suggestion; no reason asked."""
    if not may_change(viewer, suggestion):
        raise Http404
    if answer not in (
        Suggestion.Answer.TRIED,
        Suggestion.Answer.SKIPPED,
        Suggestion.Answer.DECLINED,
    ):
        raise ValidationError(_("Choose try, skip or decline."))
    with writing(viewer):
        suggestion.answer = answer
        suggestion.answered_on = local_today(viewer)
        suggestion.save(update_fields=["answer", "answered_on"])
    return suggestion
