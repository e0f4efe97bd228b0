"""Who is calling the API: a personal access token, or the app's own browser session."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from ninja.errors import Throttled
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from glimmers.accounts import throttle, tokens


class TokenAuth(HttpBearer):
    """`Authorization: Bearer glm_…`"""

    def authenticate(self, request: HttpRequest, token: str):
        found = tokens.authenticate(token)
        if found is None:
            _count_bad_token(request)
            return None
        request.user = found.owner
        request.access_token = found
        _speak_the_owners_language(request, found.owner)
        return found.owner


def _speak_the_owners_language(request: HttpRequest, owner) -> None:
    """Answer in the language the token's owner chose, if they chose one.

    The middleware (accounts/middleware.py) does this for a signed-in browser;
    it can't for a token, which is only read here. Without a choice, the
    request's Accept-Language (LocaleMiddleware's pick) stands. The middleware
    puts the language back when the request ends.
    """
    if owner.language:
        translation.activate(owner.language)
        request.LANGUAGE_CODE = owner.language


def _count_bad_token(request: HttpRequest) -> None:
    """A token that isn't valid counts against its address; too many pause it (429).

    Checked only after the lookup failed, so a valid token never waits on the
    throttle and costs no extra query; a paused address is refused before it
    is counted again.
    """
    try:
        throttle.guard(request, "token")
    except throttle.Throttled as paused:
        raise Throttled(wait=paused.retry_after) from None
    throttle.failed(request, "token")


class BrowserSession(SessionAuth):
    """The signed-in browser (the app's own pages). Unsafe methods need the CSRF token.

    Only a signed-in request is held to the CSRF check: a script that sends no
    token (or a bad one) and no session is unauthenticated, so it gets 401 and
    a hint about tokens, not a 403 about CSRF.
    """

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        if user is not None:
            request.access_token = None
        return user


def can_write(request: HttpRequest) -> bool:
    token = getattr(request, "access_token", None)
    return token is None or not token.read_only


class PerCallerRateThrottle(BaseThrottle):
    """A fixed window per token (or per signed-in person): GLIMMERS_API_RATE_LIMIT a minute.

    Counts live in Django's cache, which is per process by default; a host
    running several processes gets that many times the limit, which is fine
    for a guard against runaway scripts.
    """

    window = 60

    def allow_request(self, request: HttpRequest) -> bool:
        limit = settings.API_RATE_LIMIT_PER_MINUTE
        if not limit:
            return True
        token = getattr(request, "access_token", None)
        caller = f"t{token.pk}" if token is not None else f"u{request.user.pk}"
        bucket = int(time.time() // self.window)
        key = f"glimmers:rate:{caller}:{bucket}"
        cache.add(key, 0, timeout=self.window * 2)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr: start again
            cache.set(key, 1, timeout=self.window * 2)
            count = 1
        return count <= limit

    def wait(self) -> float:
        return self.window - (time.time() % self.window)
