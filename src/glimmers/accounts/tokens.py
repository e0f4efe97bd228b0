"""Personal access tokens: create (shown once), look up by hash, revoke."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from glimmers import sqlrows
from glimmers.access import get_owned, may_change, owned
from glimmers.accounts import security_log
from glimmers.accounts.models import AccessToken

TOKEN_PREFIX = "glm_"  # noqa: S105 - a public marker, not a secret
LAST_USED_PRECISION = timedelta(minutes=1)

# Every token ends; the person picks when. No "never": a token forgotten in an
# old phone or script should stop opening the journal on its own, and a year
# is long enough that making a new one is a yearly chore at most.
DEFAULT_DAYS = 90
LONGEST_DAYS = 365
EXPIRY_CHOICES = [30, 90, LONGEST_DAYS]


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(
    owner, name: str, *, read_only: bool = False, days: int = DEFAULT_DAYS, request=None
) -> tuple[AccessToken, str]:
    """Make a token that works for ``days``; return it and the raw secret (never shown again).

    The owner's security log notes it (with where from, when ``request`` is given).
    """
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the token a name, so you know what uses it.")})
    if len(name) > 100:
        raise ValidationError({"name": _("Keep the name under 100 characters.")})
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= LONGEST_DAYS:
        raise ValidationError(
            {"days": _("A token can work for 1 to %(most)d days.") % {"most": LONGEST_DAYS}}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        owner=owner,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        token_hash=_hash(raw),
        read_only=read_only,
        expires_at=timezone.now() + timedelta(days=days),
    )
    security_log.record(owner, security_log.Kind.TOKEN_CREATED, request, detail=name)
    return token, raw


def tokens(owner) -> QuerySet[AccessToken]:
    return owned(AccessToken, owner)


def get_token(owner, token_id) -> AccessToken:
    return get_owned(AccessToken, owner, token_id)


def revoke_token(owner, token: AccessToken, request=None) -> AccessToken:
    if not may_change(owner, token):
        raise ValidationError(_("That isn't one of yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        security_log.record(owner, security_log.Kind.TOKEN_REVOKED, request, detail=token.name)
    return token


def revoke_all(owner) -> int:
    """Stop every token of ``owner`` that still works (e.g. their password changed)."""
    now = timezone.now()
    return (
        owned(AccessToken, owner).filter(revoked_at=None, expires_at__gt=now).update(revoked_at=now)
    )


def _active(token_hash: str) -> AccessToken | None:
    """The unrevoked, unexpired token with this hash, of an active account, with its owner.

    Every API call asks this, so it is one plain query rather than the ORM's
    (``select_related("owner").filter(token_hash=…, revoked_at=None,
    owner__is_active=True)``), whose building cost more than the answer.
    """
    quote = connection.ops.quote_name
    user = get_user_model()
    owner = AccessToken._meta.get_field("owner")
    joined = f"u.{quote(user._meta.pk.column)} = t.{quote(owner.column)}"
    query = (
        f"SELECT {sqlrows.columns(AccessToken, 't')}, {sqlrows.columns(user, 'u')} "  # noqa: S608
        f"FROM {quote(AccessToken._meta.db_table)} t "
        f"JOIN {quote(user._meta.db_table)} u ON {joined} "
        f"WHERE t.{quote('token_hash')} = %s AND t.{quote('revoked_at')} IS NULL "
        f"AND t.{quote('expires_at')} > %s AND u.{quote('is_active')} = %s"
    )
    with connection.cursor() as cursor:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.execute(query, [token_hash, now, True])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(AccessToken._meta.concrete_fields)
    token = sqlrows.instance(AccessToken, row[:split])
    owner.set_cached_value(token, sqlrows.instance(user, row[split:]))
    return token


def authenticate(raw: str) -> AccessToken | None:
    """The active token for this secret, or None. Notes when it was last used."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = _active(_hash(raw))
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        # At most one write a minute per token, so reads stay reads.
        owned(AccessToken, token.owner).filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
