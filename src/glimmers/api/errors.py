"""One error shape for every API error:

    {"error": {"code": "not_found", "message": "…", "fields": {"text": ["…"]}}}

``fields`` is present (possibly empty) on every error; it names the input
fields that need attention, with messages a person can read.

The messages are in the caller's language (a token's owner's chosen language,
else the request's Accept-Language; English otherwise); ``code`` and the
field names are the same in every language, for programs to read.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
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


UNREADABLE_BODY = gettext_lazy(
    'The body isn\'t JSON we can read. Send a JSON object in UTF-8, like {"text": "Warm light"}.'
)
INVALID = gettext_lazy("Some of what was sent isn't valid.")
READ_ONLY = gettext_lazy("This token can only read.")


def _checks() -> dict:
    """Pydantic's own words for a field it refuses, in ours (and in the caller's language).

    By the type pydantic gives each problem; its context fills the named values (%(limit)s…).
    A type not here keeps pydantic's English message.
    """
    return {
        "missing": _("This is needed."),
        "string_type": _("Send text here."),
        "int_type": _("Send a whole number here."),
        "int_parsing": _("Send a whole number here."),
        "int_from_float": _("Send a whole number here."),
        "float_type": _("Send a number here."),
        "float_parsing": _("Send a number here."),
        "bool_type": _("Send true or false here."),
        "bool_parsing": _("Send true or false here."),
        "list_type": _("Send a list here."),
        "dict_type": _("Send a JSON object here."),
        "model_type": _("Send a JSON object here."),
        "model_attributes_type": _("Send a JSON object here."),
        "uuid_type": _("Send an id here, like 0b6c5a3e-8f0e-4d8e-9c4b-2a1f3e5d7c90."),
        "uuid_parsing": _("Send an id here, like 0b6c5a3e-8f0e-4d8e-9c4b-2a1f3e5d7c90."),
        "string_too_long": _("Keep this to %(max_length)s characters or fewer."),
        "string_too_short": _("Write at least %(min_length)s characters here."),
        "too_long": _("Send no more than %(max_length)s of these."),
        "too_short": _("Send at least %(min_length)s of these."),
        "greater_than_equal": _("Send %(ge)s or more."),
        "less_than_equal": _("Send %(le)s or less."),
        "greater_than": _("Send more than %(gt)s."),
        "less_than": _("Send less than %(lt)s."),
        "literal_error": _("Use one of: %(expected)s."),
        "enum": _("Use one of: %(expected)s."),
        "extra_forbidden": _("This isn't something we keep; leave it out."),
        "json_invalid": UNREADABLE_BODY,
    }


def check_message(error: dict) -> str:
    """One of pydantic's errors as a sentence in the caller's language."""
    words = _checks().get(error.get("type", ""))
    if words is None:
        return str(error.get("msg", _("This isn't valid.")))
    context = {name: str(value) for name, value in (error.get("ctx") or {}).items()}
    try:
        return str(words) % context if "%(" in str(words) else str(words)
    except (KeyError, ValueError, TypeError):
        return str(error.get("msg", words))


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, code: str = "", fields=None):
        super().__init__(str(message))
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = str(message)  # put into words now, in the caller's language
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
        return respond(request, 404, "not_found", _("Nothing here, or it isn't yours."))

    @api.exception_handler(AuthenticationError)
    def _unauthorized(request: HttpRequest, exc) -> HttpResponse:
        return respond(
            request,
            401,
            "unauthorized",
            _("Send a valid token: 'Authorization: Bearer <token>'."),
            headers={"WWW-Authenticate": 'Bearer realm="glimmers"'},
        )

    @api.exception_handler(Throttled)
    def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = int(exc.wait or 1) + 1
        return respond(
            request,
            429,
            "rate_limited",
            ngettext(
                "Too many requests with this token. Try again in %(seconds)s second.",
                "Too many requests with this token. Try again in %(seconds)s seconds.",
                wait,
            )
            % {"seconds": wait},
            headers={"Retry-After": str(wait)},
        )

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            # django-ninja's words for a body that isn't JSON (or isn't UTF-8).
            message = str(UNREADABLE_BODY)
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
            fields.setdefault(name, []).append(check_message(error))
        return respond(request, 422, "invalid", str(INVALID), fields)

    @api.exception_handler(DjangoValidationError)
    def _invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            fields = form_fields(exc.message_dict)
        else:
            fields = {"non_field": [str(m) for m in exc.messages]}
        return respond(request, 422, "invalid", str(INVALID), fields)
