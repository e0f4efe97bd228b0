"""Care links made the way people make them: invite, take up, confirm."""

from __future__ import annotations

from glimmers.accounts import services as accounts
from glimmers.care import services


def make_carer(user):
    """Mark ``user`` as a therapist, counsellor or coach (their preference)."""
    return accounts.update_preferences(user, is_carer=True)


def invite(client_person, label: str = "my counsellor", **scope):
    """An invitation from ``client_person``; returns (link, code)."""
    return services.invite(client_person, label, client_name="Olena", **scope)


def accepted(client_person, carer, label: str = "my counsellor", **scope):
    """A link the carer took up, waiting for the client to confirm."""
    if not carer.is_carer:
        make_carer(carer)
    _, code = invite(client_person, label, **scope)
    return services.accept(carer, code, carer_name="Sam Carer")


def active(client_person, carer, label: str = "my counsellor", **scope):
    """A confirmed link: the carer reads within ``scope``."""
    link = accepted(client_person, carer, label, **scope)
    return services.confirm(client_person, link)


def for_sessions(owner, *glimmers):
    for glimmer in glimmers:
        services.mark_for_sessions(owner, glimmer)
