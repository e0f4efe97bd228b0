from collections.abc import Callable

from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from whitenoise.middleware import WhiteNoiseMiddleware


def protective_headers() -> dict[str, str]:
    """The headers every response carries, by name (for answers made outside Django too)."""
    return {
        # The pages' own policy, from django-csp's settings.
        "Content-Security-Policy": build_policy(
            config=settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
        "Permissions-Policy": ", ".join(
            f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED
        ),
    }


class SecurityHeadersMiddleware:
    """Give every response the full set of protective headers.

    Django's SecurityMiddleware, XFrameOptionsMiddleware and django-csp set
    most of these, but only on the responses that pass through them: static
    files (whitenoise answers those early in the chain) and the 400 for a Host
    the instance does not answer to (raised before the later middleware runs)
    went out without a policy. Sitting outside the whole chain, this sets what
    is still missing, so nothing leaves without them. A value set further in
    (a page's own CSP, say) is kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.headers = protective_headers()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in self.headers.items():
            if not self._exempt(response, name):
                response.headers.setdefault(name, value)
        return response

    @staticmethod
    def _exempt(response: HttpResponse, name: str) -> bool:
        """A view that opted out with Django's or django-csp's decorator stays out."""
        if name == "X-Frame-Options":
            return getattr(response, "xframe_options_exempt", False)
        if name == "Content-Security-Policy":
            # Django's own debug pages need inline styles; django-csp leaves
            # them alone for the same reason. GLIMMERS_DEBUG is never on for others.
            debug_page = settings.DEBUG and response.status_code in (404, 500)
            return debug_page or getattr(response, "_csp_exempt", False)
        return False


class HeadAsGetMiddleware:
    """Answer HEAD exactly as GET, without the body.

    Views accept GET (and often POST) by name, so HEAD was refused with a 405
    on some pages, and where it was accepted the whole page went out: Django
    leaves dropping the body to the server, and waitress sends what it is
    given. Here HEAD is handled as GET everywhere, so it works wherever GET
    does, and the body is dropped before the response leaves the app. The
    headers, Content-Length included, stay those of the GET.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            # The old iterator (an open file, say) is still closed with the response.
            response.streaming_content = []
        else:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response


class NoStoreMiddleware:
    """Tell browsers and proxies never to keep a copy of our pages.

    Every page may show someone's private writing, so nothing the app renders
    is cached. Static files never reach this middleware: whitenoise answers
    them earlier in the chain, with their own long cache headers. The web app
    manifest and the service worker hold no one's words and say so
    (``response.nothing_personal``); they keep their own ``no-cache``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, "nothing_personal", False) and response.has_header("Cache-Control"):
            return response
        response["Cache-Control"] = "no-store"
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """Whitenoise, with a content-hashed file kept for a year rather than ten.

    ``Cache-Control: max-age=31536000, public, immutable`` for a hashed name
    (its contents can never change); a plain name, served from the package,
    keeps whitenoise's minute. The ``.br`` or ``.gz`` copy collected beside a
    hashed file is sent when the browser accepts it (glimmers/staticfiles.py).
    """

    FOREVER = 365 * 24 * 60 * 60


# What is worth compressing on the way out: text. Photos, PDFs, zips and the like
# are compressed already, and compressing them again costs time for nothing.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/manifest+json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
)


class CompressTextMiddleware(GZipMiddleware):
    """Django's gzip for pages, JSON and other text, when the browser says it accepts it.

    Django's own middleware, so its defence against BREACH comes along: up to
    100 random bytes in the gzip header's file-name field make the length of
    each answer vary, and the CSRF token is masked afresh on every page.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
