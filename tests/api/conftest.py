"""Callers of the JSON API: a script with a token, as a real one would send it."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from glimmers.accounts.tokens import create_token

API = "/api/v1"

# Hypothesis (under schemathesis) caches what it learns in ./.hypothesis unless
# told otherwise; keep the repository clean.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "glimmers-hypothesis")
)


class ApiClient:
    """Django's test client speaking JSON to /api/v1/ with one bearer token.

    CSRF checks are enforced, as for any real client: a token must be enough.
    """

    def __init__(self, raw_token: str | None = None, *, authorization: str | None = None):
        self.client = Client(enforce_csrf_checks=True)
        if authorization is None and raw_token is not None:
            authorization = f"Bearer {raw_token}"
        self.headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(API + path, params or {}, **self.headers)

    def _send(self, method: str, path: str, body):
        data = body if isinstance(body, bytes | str) else json.dumps(body)
        return getattr(self.client, method)(
            API + path, data, content_type="application/json", **self.headers
        )

    def post(self, path: str, body=None):
        return self._send("post", path, {} if body is None else body)

    def put(self, path: str, body=None):
        return self._send("put", path, {} if body is None else body)

    def patch(self, path: str, body=None):
        return self._send("patch", path, {} if body is None else body)

    def delete(self, path: str):
        return self.client.delete(API + path, **self.headers)

    def upload(self, path: str, file):
        return self.client.post(API + path, {"file": file}, **self.headers)

    def put_upload(self, path: str, file):
        """A multipart PUT (the create-once photo upload), as a browser's fetch sends it."""
        return self.client.put(
            API + path,
            encode_multipart(BOUNDARY, {"file": file}),
            content_type=MULTIPART_CONTENT,
            **self.headers,
        )

    def call(self, method: str, path: str, body=None):
        if method == "get":
            return self.get(path)
        if method == "delete":
            return self.delete(path)
        return getattr(self, method)(path, body)


def token_for(user, *, read_only: bool = False) -> str:
    return create_token(user, "read only" if read_only else "script", read_only=read_only)[1]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counts live in the cache, keyed by token id; ids repeat between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(owner) -> ApiClient:
    return ApiClient(token_for(owner))


@pytest.fixture
def read_only_api(owner) -> ApiClient:
    return ApiClient(token_for(owner, read_only=True))


@pytest.fixture
def other_api(other) -> ApiClient:
    return ApiClient(token_for(other))


@pytest.fixture
def stranger_api(stranger) -> ApiClient:
    return ApiClient(token_for(stranger))


def assert_error(response, status: int, code: str, fields: tuple[str, ...] = ()) -> dict:
    """The one documented error shape; returns the field messages."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    for name, messages in error["fields"].items():
        assert isinstance(name, str)
        assert messages and all(isinstance(m, str) and m for m in messages)
    for name in fields:
        assert name in error["fields"], error
    return error["fields"]


def journal_snapshot() -> dict:
    """Every journal row (and every photo file): to show that nothing changed."""
    rows = {}
    for model in apps.get_app_config("journal").get_models(include_auto_created=True):
        rows[model._meta.label] = list(model.objects.order_by("pk").values())
    media = Path(django_settings.MEDIA_ROOT)
    rows["files"] = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    return rows
