"""Small helpers shared by the daily-practice tests."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext


def at(*args) -> datetime:
    """An aware UTC datetime."""
    return datetime(*args, tzinfo=UTC)


def page(response) -> str:
    """The page as a person reads it: entities such as &#x27; turned back into text."""
    return html.unescape(response.content.decode())


def count_queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)
