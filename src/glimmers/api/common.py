"""What every router of the API shares: error statuses, the write check, cursors, images."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from glimmers.api.auth import can_write
from glimmers.api.errors import INVALID, READ_ONLY, ApiError
from glimmers.api.schemas import ErrorOut
from glimmers.journal.queries import decode_cursor

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}

# The OpenAPI answer of an endpoint that sends an image.
IMAGE = {
    "responses": {200: {"description": "The image", "content": {"image/jpeg": {}, "image/png": {}}}}
}


def require_write(request: HttpRequest) -> None:
    if not can_write(request):
        raise ApiError(403, READ_ONLY, code="read_only_token")


def invalid(fields: dict) -> ApiError:
    return ApiError(422, INVALID, fields=fields)


def checked_cursor(cursor: str) -> str:
    """The page cursor as we gave it out, or a 422.

    A mangled cursor must not quietly start again at the first page: a client
    walking the pages would loop for ever. A "+" that arrived as a space (a
    query string built without encoding) is put back.
    """
    cursor = cursor.replace(" ", "+")
    if not cursor:
        return cursor
    if decode_cursor(cursor) is None:
        raise invalid({"cursor": [_("That isn't a cursor from this list. Start without one.")]})
    return cursor


def image(photo, thumbnail: bool) -> FileResponse:
    """A photo the caller found through glimmers/access.py, as an image nobody caches."""
    file = photo.thumbnail if thumbnail else photo.image
    try:
        handle = default_storage.open(file.name, "rb")
    except OSError:
        raise Http404 from None
    content_type = "image/png" if file.name.endswith(".png") else "image/jpeg"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
