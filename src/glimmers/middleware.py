from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NoStoreMiddleware:
    """Tell browsers and proxies never to keep a copy of our pages.

    Every page may show someone's private writing, so nothing the app renders
    is cached. Static files never reach this middleware: whitenoise answers
    them earlier in the chain, with their own long cache headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response
