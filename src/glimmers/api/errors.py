"""One error shape for every API error:

    {"error": {"code": "not_found", "message": "…", "fields": {"text": ["…"]}}}

``fields`` is present (possibly empty) on every error; it names the input
fields that need attention, with messages a person can read.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
}


UNREADABLE_BODY = (
    'The body isn\'t JSON we can read. Send a JSON object in UTF-8, like {"text": "Warm light"}.'
)


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, code: str = "", fields=None):
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.fields = fields or {}


def body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def form_fields(errors) -> dict[str, list[str]]:
    """Django form or model errors as {field: [messages]}; '__all__' becomes 'non_field'."""
    items = errors.items() if hasattr(errors, "items") else []
    return {
        ("non_field" if name == "__all__" else name): [str(m) for m in messages]
        for name, messages in items
    }


def install(api: NinjaAPI) -> None:
    def respond(request, status, code, message, fields=None, headers=None):
        response = api.create_response(request, body(code, message, fields), status=status)
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc.status, exc.code, exc.message, exc.fields)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc) -> HttpResponse:
        return respond(request, 404, "not_found", "Nothing here, or it isn't yours.")

    @api.exception_handler(AuthenticationError)
    def _unauthorized(request: HttpRequest, exc) -> HttpResponse:
        return respond(
            request,
            401,
            "unauthorized",
            "Send a valid token: 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": 'Bearer realm="glimmers"'},
        )

    @api.exception_handler(Throttled)
    def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = int(exc.wait or 1) + 1
        return respond(
            request,
            429,
            "rate_limited",
            f"Too many requests with this token. Try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            # django-ninja's words for a body that isn't JSON (or isn't UTF-8).
            message = UNREADABLE_BODY
        return respond(request, exc.status_code, CODES.get(exc.status_code, "error"), message)

    @api.exception_handler(NinjaValidationError)
    def _invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            # ("body", "payload", "senses", 0) -> "senses.0"; ("file", "file") -> "file".
            # Only the leading where-it-came-from parts go: a field may share their names.
            location = [str(part) for part in error.get("loc", ())]
            if location[:1] == ["body"]:
                location = location[2:]  # "body" and the view's argument that holds it
            elif location[:1] and location[0] in ("query", "path", "form", "file", "header"):
                location = location[1:]
            name = ".".join(location) or "non_field"
            fields.setdefault(name, []).append(str(error.get("msg", "Invalid value.")))
        return respond(request, 422, "invalid", "Some of what was sent isn't valid.", fields)

    @api.exception_handler(DjangoValidationError)
    def _invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            fields = form_fields(exc.message_dict)
        else:
            fields = {"non_field": [str(m) for m in exc.messages]}
        return respond(request, 422, "invalid", "Some of what was sent isn't valid.", fields)
