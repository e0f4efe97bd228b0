from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from glimmers.accounts import queries
from glimmers.time import zone_of


class PersonalLocaleMiddleware:
    """Show dates in the person's own time zone and pages in their language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            timezone.activate(zone_of(user))
            # A language chosen in preferences wins; otherwise LocaleMiddleware's pick
            # (the switch's cookie, or the browser's Accept-Language) stands.
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        try:
            return self.get_response(request)
        finally:
            # The language stays as the page was written in, for LocaleMiddleware (outside
            # this one) to name in Content-Language; it picks afresh on every request.
            timezone.deactivate()


class FirstRunMiddleware:
    """Until the first account exists, every page leads to the welcome page."""

    ALWAYS_OPEN = ("/healthz", "/static/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        welcome = reverse("accounts:welcome")
        if (
            request.path != welcome
            and not request.path.startswith(self.ALWAYS_OPEN)
            and not queries.any_account_exists()
        ):
            return redirect(welcome)
        return self.get_response(request)


class SessionActivityMiddleware:
    """Keep each session's address, browser and last-seen time, and say why a session ended.

    Needs the session, the user and messages: it goes after MessageMiddleware.
    The session store (accounts.sessions) ends sessions left alone too long;
    this only notes where a request comes from and, every few minutes at most,
    that the session is still in use.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and hasattr(session, "note_client"):
            session.note_client(request)
            if request.user.is_authenticated:
                session.touch()
            elif session.ended_for_idleness:
                messages.info(
                    request,
                    _(
                        "You were away for a while, so we signed you out to keep your journal "
                        "private. Welcome back — sign in again whenever you like."
                    ),
                )
        return self.get_response(request)
