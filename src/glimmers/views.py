import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers; 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", never a 500 page
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


# ---------------------------------------------------------------------------
# The installable app: its manifest and its service worker, from the site root
# ---------------------------------------------------------------------------

# What the service worker keeps for opening with no network (docs/phone.md).
SHELL_STATIC = [
    "glimmers/glimmers.css",
    "glimmers/queue.js",
    "glimmers/offline.js",
    "glimmers/timezone.js",
    "glimmers/icon.svg",
    "glimmers/icons/icon-192.png",
    "glimmers/icons/icon-512.png",
    "glimmers/icons/maskable-512.png",
    "glimmers/icons/apple-touch-icon.png",
]
THEME_COLOUR = "#2f5d50"  # --accent in glimmers.css
BACKGROUND_COLOUR = "#fbf8f2"  # --bg in glimmers.css


def _nothing_personal(response: HttpResponse, cache_control: str) -> HttpResponse:
    """Mark an answer that holds no one's words, so NoStoreMiddleware keeps its own caching."""
    response["Cache-Control"] = cache_control
    response.nothing_personal = True
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: Glimmers on a home screen, opening at Today, taking shares in."""
    icon = "glimmers/icons/"
    body = {
        "name": str(_("Glimmers")),
        "short_name": str(_("Glimmers")),
        "description": str(_("A gentle journal for the small moments of safety and joy.")),
        "lang": get_language() or settings.LANGUAGE_CODE,
        "id": reverse("practice:today"),
        "start_url": reverse("practice:today"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(f"{icon}icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static(f"{icon}icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static(f"{icon}maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("glimmers/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
        "share_target": {
            "action": reverse("journal:share"),
            "method": "POST",
            "enctype": "multipart/form-data",
            "params": {
                "title": "title",
                "text": "text",
                "url": "url",
                "files": [{"name": "photos", "accept": ["image/*"]}],
            },
        },
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2),
        content_type="application/manifest+json; charset=utf-8",
    )
    return _nothing_personal(response, "no-cache")


def _shell_version() -> str:
    """Changes whenever the worker or a file it keeps changes, so phones fetch them anew.

    The addresses count too: the first `glimmers serve` of a version moves the
    pages from the plain names to the content-hashed ones (glimmers/staticfiles.py),
    and the worker must keep the names the pages ask for.
    """
    digest = hashlib.sha256(render_to_string("glimmers/service-worker.js").encode())
    for name in SHELL_STATIC:
        digest.update(static(name).encode())
        path = finders.find(name)
        if path:
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js: served from the root so that it may look after every page of the site.

    ``no-cache``: the browser asks again each time it checks for a new
    worker, so a change reaches phones on their next visit.
    """
    config = {
        "version": _shell_version(),
        "shell": [static(name) for name in SHELL_STATIC],
        "pages": [reverse("practice:today"), reverse("journal:capture")],
        "capture": reverse("journal:capture"),
        "share": reverse("journal:share"),
        "signIn": reverse("accounts:login"),
        "api": "/api/",
        "queue": static("glimmers/queue.js"),
    }
    body = render_to_string("glimmers/service-worker.js", {"config": json.dumps(config)})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    return _nothing_personal(response, "no-cache")
