"""Sessions stored with their owner, address and browser, so a person can see and end them.

Django's own database sessions, with a model (accounts.models.Session) that
also keeps who is signed in, from where, when they signed in and when they
were last seen. On top of Django's absolute limit (SESSION_COOKIE_AGE), a
session left alone for GLIMMERS_SESSION_IDLE_MINUTES ends: it is removed the
next time it is presented, and the browser is simply signed out.

``last_seen`` is kept loosely on purpose: it is written at most once every
few minutes per session (``touch``), so ordinary page views stay reads.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DatabaseError, IntegrityError, router, transaction
from django.db.models.signals import post_save
from django.http import HttpRequest
from django.utils import timezone

from glimmers.access import owned

# How long a sign-in (or a password typed again) counts as "just now" for
# the few actions that ask for it: making a token, turning on two-step
# sign-in, making new recovery codes.
RECENT_AUTHENTICATION = timedelta(minutes=10)
_REAUTHENTICATED_AT = "_glimmers_reauthenticated_at"

# last_seen is written at most this often per session.
TOUCH_EVERY = timedelta(minutes=5)

# Written on every save of a session that already exists. created_at (when
# the person signed in) is left alone; it is set once, when the row is made.
_UPDATED_FIELDS = ["session_data", "expire_date", "user", "ip", "browser", "last_seen"]


def idle_limit() -> timedelta | None:
    """How long a session may go unused before it ends; None when there is no idle limit."""
    minutes = settings.SESSION_IDLE_MINUTES
    return timedelta(minutes=minutes) if minutes else None


def touch_every() -> timedelta:
    limit = idle_limit()
    # A short idle limit needs a finer last_seen, or it would end sessions in use.
    return min(TOUCH_EVERY, limit / 4) if limit else TOUCH_EVERY


class SessionStore(DatabaseSessionStore):
    """Django's database session, knowing whose it is and ending after a while unused."""

    def __init__(self, session_key=None):
        super().__init__(session_key)
        self.row = None  # the stored session as loaded, for its created_at and last_seen
        self._request: HttpRequest | None = None
        self._client: tuple[str | None, str] | None = None
        self.ended_for_idleness = False

    @classmethod
    def get_model_class(cls):
        from glimmers.accounts.models import Session

        return Session

    def note_client(self, request: HttpRequest) -> None:
        """The request this session serves: where it comes from is kept when the session is
        written. Worked out only then, so requests without a session (API tokens) pay nothing.
        """
        self._request = request
        self._client = None

    @property
    def client(self) -> tuple[str | None, str]:
        """(address, browser family) of the request, or (None, "") when there is none."""
        if self._client is None:
            from glimmers.accounts import security_log

            request = self._request
            if request is None:
                self._client = (None, "")
            else:
                user_agent = request.META.get("HTTP_USER_AGENT", "")
                self._client = (
                    security_log.client_address(request),
                    security_log.browser_family(user_agent)[:64],
                )
        return self._client

    def _get_session_from_db(self):
        row = super()._get_session_from_db()
        if row is None:
            return None
        limit = idle_limit()
        if limit is not None and row.last_seen < timezone.now() - limit:
            # Left alone too long: it ends here, as if it had expired.
            row.delete()
            self._session_key = None
            self.ended_for_idleness = True
            return None
        self.row = row
        return row

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = data.get("_auth_user_id")
        session.user_id = int(user_id) if user_id is not None else None
        session.last_seen = timezone.now()  # created_at: now for a new row, never updated
        if self.row is not None:
            # Saving again never stretches a session past SESSION_COOKIE_AGE from its sign-in.
            latest = self.row.created_at + timedelta(seconds=settings.SESSION_COOKIE_AGE)
            session.expire_date = min(session.expire_date, latest)
        if self._request is not None:
            session.ip, session.browser = self.client
        elif self.row is not None:
            session.ip, session.browser = self.row.ip, self.row.browser
        return session

    def save(self, must_create=False):
        """Django's save, except that an update leaves created_at as it was."""
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        obj = self.create_model_instance(data)
        using = router.db_for_write(self.model, instance=obj)
        try:
            with transaction.atomic(using=using):
                if must_create:
                    obj.save(force_insert=True, using=using)
                else:
                    obj.save(force_update=True, using=using, update_fields=_UPDATED_FIELDS)
        except IntegrityError:
            if must_create:
                raise CreateError from None
            raise
        except DatabaseError:
            if not must_create:
                raise UpdateError from None
            raise
        if must_create:
            # A new row (a sign-in, or a signed-out visitor's first write).
            self.row = obj

    async def asave(self, must_create=False):
        """The same save from async code (Django's own async save would skip created_at's rule)."""
        await sync_to_async(self.save)(must_create)

    def touch(self) -> None:
        """Note that the session is in use, if that was not noted in the last few minutes."""
        row = self.row
        if row is None or self.session_key is None:
            return
        now = timezone.now()
        ip, browser = self.client
        moved = ip is not None and row.ip != ip
        if now - row.last_seen < touch_every() and not moved:
            return
        changes = {"last_seen": now}
        if self._request is not None:
            changes.update(ip=ip, browser=browser)
        self.model.objects.filter(session_key=self.session_key).update(**changes)
        for name, value in changes.items():
            setattr(row, name, value)

    @classmethod
    def clear_expired(cls):
        """`glimmers clearsessions`: expired sessions, and those left alone too long."""
        model = cls.get_model_class()
        model.objects.filter(expire_date__lt=timezone.now()).delete()
        limit = idle_limit()
        if limit is not None:
            model.objects.filter(last_seen__lt=timezone.now() - limit).delete()


# ---------------------------------------------------------------------------
# A person's own sessions
# ---------------------------------------------------------------------------


def reference(session_key: str) -> str:
    """A public name for a session. The key itself is a password and never leaves the server."""
    return hashlib.sha256(f"glimmers-session:{session_key}".encode()).hexdigest()[:24]


def live_sessions(user):
    """``user``'s sessions that still work, most recently used first.

    Sessions that have ended (expired, or idle too long) are removed on the way.
    """
    from glimmers.accounts.models import Session

    now = timezone.now()
    ended = owned(Session, user).filter(expire_date__lte=now)
    limit = idle_limit()
    if limit is not None:
        ended = ended | owned(Session, user).filter(last_seen__lt=now - limit)
    ended.delete()
    return owned(Session, user).order_by("-last_seen", "-created_at")


def end_sessions(user, *, keep: str | None = None, only: str | None = None) -> list[str]:
    """End ``user``'s sessions except the one keyed ``keep`` (or just the one named ``only``).

    Returns the browser families of the sessions ended.
    """
    from glimmers.accounts.models import Session

    ended = []
    for session in owned(Session, user).only("session_key", "browser"):
        if session.session_key == keep:
            continue
        if only is not None and reference(session.session_key) != only:
            continue
        ended.append(session.browser)
        session.delete()
    return ended


def end_everything_on_a_new_password(sender, instance, created, **kwargs) -> None:
    """A new password, however it was set (the web, `glimmers changepassword`), ends every
    session of the account and stops every token.

    The web's password change keeps its own browser signed in: Django gives
    that session a new key right after saving (update_session_auth_hash), from
    the data it holds in memory. A hash upgrade at sign-in is not a change
    (Django clears ``_password`` before that save).
    """
    if created or getattr(instance, "_password", None) is None:
        return
    from glimmers.accounts import tokens
    from glimmers.accounts.models import Session

    owned(Session, instance).delete()
    tokens.revoke_all(instance)


post_save.connect(
    end_everything_on_a_new_password,
    sender=settings.AUTH_USER_MODEL,
    dispatch_uid="glimmers.accounts.sessions.new_password",
)


# ---------------------------------------------------------------------------
# Recent authentication ("type your password again")
# ---------------------------------------------------------------------------


def _signed_in_at(request: HttpRequest) -> datetime | None:
    row = getattr(request.session, "row", None)
    if row is None:
        return None
    return row.created_at


def authenticated_recently(request: HttpRequest) -> bool:
    """True when this person signed in, or typed their password again, in the last few minutes.

    A sign-in makes a new session (Django changes the key), so the session's
    own created_at is when its owner last proved who they are.
    """
    if not request.user.is_authenticated:
        return False
    now = timezone.now()
    moments = [_signed_in_at(request)]
    typed = request.session.get(_REAUTHENTICATED_AT)
    if isinstance(typed, int | float):
        moments.append(datetime.fromtimestamp(typed, tz=UTC))
    return any(
        moment is not None and now - RECENT_AUTHENTICATION <= moment <= now + timedelta(minutes=1)
        for moment in moments
    )


def mark_authenticated(request: HttpRequest) -> None:
    """The person just typed their password again."""
    request.session[_REAUTHENTICATED_AT] = timezone.now().timestamp()
