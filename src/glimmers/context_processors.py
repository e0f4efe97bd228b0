from django.conf import settings
from django.http import HttpRequest


def glimmers(request: HttpRequest) -> dict:
    return {
        "help_text": settings.HELP_TEXT,
        "open_signup": settings.OPEN_SIGNUP,
    }
