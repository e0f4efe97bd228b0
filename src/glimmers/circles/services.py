"""Every change to circles: made here, called alike by the pages, the API and the CLI.

Each function is handed rows the caller found through glimmers/access.py and
checks the one rule of its own (only the keeper removes members, only a
glimmer's owner shares it); anything not allowed raises Http404, as a read
would, so nothing reveals what exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from glimmers import invites
from glimmers.access import circles, get_owned, invite_by_code, may_change, members, owned
from glimmers.circles.models import Circle, Invite, Membership, Reply, Share, invite_ends
from glimmers.db import writing
from glimmers.journal.models import Glimmer


def make_circle(owner, name: str, description: str = "") -> Circle:
    """A new circle, kept by ``owner``, who is its first member."""
    with writing(owner):
        circle = Circle.objects.create(owner=owner, name=name, description=description)
        Membership.objects.create(circle=circle, user=owner, looked_at=timezone.now())
    return circle


def rename(viewer, circle: Circle, name: str, description: str) -> Circle:
    _keeper(viewer, circle)
    with writing(viewer):
        circle.name, circle.description = name, description
        circle.save(update_fields=["name", "description"])
    return circle


def _keeper(viewer, circle: Circle) -> None:
    if not may_change(viewer, circle):
        raise Http404


def invite(viewer, circle: Circle, note: str = "") -> tuple[Invite, str]:
    """A one-time code into ``circle`` (its keeper only); the code is returned once."""
    _keeper(viewer, circle)
    code = invites.new_code()
    with writing(viewer):
        made = Invite.objects.create(
            circle=circle,
            owner=viewer,
            code_hash=invites.code_hash(code),
            note=note,
            expires_at=invite_ends(),
        )
    return made, code


def withdraw_invite(viewer, invite_id) -> None:
    found = get_owned(Invite, viewer, invite_id)
    with writing(viewer):
        found.withdrawn_at = found.withdrawn_at or timezone.now()
        found.save(update_fields=["withdrawn_at"])


def open_invite(code: str) -> Invite | None:
    """The open invite a code stands for, or None (unknown, used, withdrawn, ended).

    Found by the code's hash alone: whoever holds the code may see the circle's
    name, and nothing else, before joining.
    """
    found = invites.code_hash(code)
    if not found:
        return None
    invite = invite_by_code(Invite, found)
    return invite if invite is not None and invite.is_open else None


def join(user, code: str) -> Circle:
    """Join the circle ``code`` opens, using the code up. ValidationError if it cannot."""
    invite = open_invite(code)
    if invite is None:
        raise ValidationError(
            _(
                "That invitation can’t be used: it may have ended, been used already or been "
                "withdrawn. Ask for a new one."
            )
        )
    circle = invite.circle
    if circles(user).filter(pk=circle.pk).exists():
        return circle
    with writing(user):
        Membership.objects.create(circle=circle, user=user)
        invite.used_at = timezone.now()
        invite.save(update_fields=["used_at"])
    return circle


def leave(user, circle: Circle) -> None:
    """Leave ``circle``: what ``user`` shared there, and wrote there, goes with them.

    The keeper cannot leave a circle others are still in: they hand it on first.
    """
    others = members(user, circle).exclude(user=user)
    if circle.owner_id == user.pk and others.exists():
        raise ValidationError(_("Hand the circle on to someone in it before you leave."))
    with writing(user):
        _forget_member(circle, user)
        if circle.owner_id == user.pk:
            circle.delete()


def leave_every_circle(user) -> None:
    """Before an account is deleted: leave each circle, handing on the ones it keeps.

    A circle its keeper leaves goes on with the person who has been in it
    longest; a circle with nobody else in it closes. The others in a circle
    never lose it because one person left Glimmers.
    """
    for circle in circles(user):
        if circle.owner_id == user.pk:
            others = members(user, circle).exclude(user=user).order_by("joined_at", "pk")
            heir = others.first()
            with writing(user):
                if heir is None:
                    circle.delete()
                    continue
                circle.owner_id = heir.user_id
                circle.save(update_fields=["owner"])
        with writing(user):
            _forget_member(circle, user)


def remove_member(viewer, circle: Circle, user_id: int) -> None:
    _keeper(viewer, circle)
    membership = _membership(viewer, circle, user_id)
    with writing(viewer):
        _forget_member(circle, membership.user)


def _membership(viewer, circle: Circle, user_id) -> Membership:
    try:
        return members(viewer, circle).exclude(user=viewer).get(user_id=int(user_id))
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _forget_member(circle: Circle, user) -> None:
    """Take a person out of a circle, with their shares and replies there."""
    owned(Share, user).filter(circle=circle).delete()
    owned(Reply, user).filter(share__circle=circle).delete()
    owned(Membership, user).filter(circle=circle).delete()


def hand_on(viewer, circle: Circle, user_id) -> Circle:
    """Make another member the circle's keeper."""
    _keeper(viewer, circle)
    membership = _membership(viewer, circle, user_id)
    with writing(viewer):
        circle.owner = membership.user
        circle.save(update_fields=["owner"])
    return circle


def close(viewer, circle: Circle) -> None:
    """End the circle for everyone (its keeper only). Everyone's journals are untouched."""
    _keeper(viewer, circle)
    with writing(viewer):
        circle.delete()


def looked(user, circle: Circle) -> None:
    """Remember when ``user`` last looked at ``circle`` (for "new since you last looked")."""
    with writing(user):
        owned(Membership, user).filter(circle=circle).update(looked_at=timezone.now())


def share(
    owner,
    glimmer: Glimmer,
    to: Iterable[Circle],
    *,
    with_photos: bool = False,
    with_senses: bool = True,
    with_people: bool = False,
) -> list[Share]:
    """Share ``glimmer`` (``owner``'s own) with each circle in ``to`` that ``owner`` is in.

    Sharing again with a circle updates what goes along with it.
    """
    if not may_change(owner, glimmer):
        raise Http404
    mine = set(circles(owner).values_list("pk", flat=True))
    made = []
    with writing(owner):
        for circle in to:
            if circle.pk not in mine:
                raise Http404
            row, _created = Share.objects.update_or_create(
                glimmer=glimmer,
                circle=circle,
                defaults={
                    "owner": owner,
                    "with_photos": with_photos,
                    "with_senses": with_senses,
                    "with_people": with_people,
                },
            )
            made.append(row)
    return made


def unshare(owner, glimmer: Glimmer, circle_ids: Iterable | None = None) -> int:
    """Stop sharing ``glimmer`` (with the given circles, or with all). Gone at once."""
    if not may_change(owner, glimmer):
        raise Http404
    rows = owned(Share, owner).filter(glimmer=glimmer)
    if circle_ids is not None:
        rows = rows.filter(circle_id__in=list(circle_ids))
    with writing(owner):
        removed, _by_model = rows.delete()
    return removed


def reply(user, share_row: Share, noticed: str, quote: str = "", sense=None) -> Reply:
    """A member names the glimmer they noticed in a shared glimmer."""
    with writing(user):
        return Reply.objects.create(
            owner=user, share=share_row, noticed=noticed, quote=quote, sense=sense
        )


def hide_reply(viewer, reply_row: Reply, hidden: bool = True) -> Reply:
    """The share's owner hides a reply under their glimmer (or shows it again)."""
    if reply_row.share.owner_id != viewer.pk:
        raise Http404
    with writing(viewer):
        reply_row.hidden_at = timezone.now() if hidden else None
        reply_row.save(update_fields=["hidden_at"])
    return reply_row


def take_back_reply(viewer, reply_row: Reply) -> None:
    """A reply's writer takes it back."""
    if not may_change(viewer, reply_row):
        raise Http404
    with writing(viewer):
        reply_row.delete()
