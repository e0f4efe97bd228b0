import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation

from glimmers.accounts import queries


class PersonalLocaleMiddleware:
    """Show dates in the person's own time zone and pages in their language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
            translation.deactivate()


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
