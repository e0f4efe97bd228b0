"""GET /api/v1/export (api/views.py's export endpoint)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core.cache import cache

from glimmers.yourdata.exporting import formats
from tests.api.conftest import ApiClient, token_for
from tests.factories import make_glimmer
from tests.yourdata.test_export_json import build_rich_account, document_of


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(owner) -> ApiClient:
    return ApiClient(token_for(owner, read_only=True))  # reading is all an export needs


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_streams_the_same_bytes_as_the_command_line(owner, api):
    make_glimmer(owner, "Тепле світло на кухні ☀")
    response = api.get("/export", {"format": "json"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="glimmers-')
    assert "no-store" in response["Cache-Control"]
    raw = body(response)
    assert raw == b"".join(formats.export_for(owner, "json").chunks)
    assert json.loads(raw)["glimmers"][0]["text"] == "Тепле світло на кухні ☀"


def test_json_is_the_default(owner, api):
    make_glimmer(owner, "Birdsong")
    response = api.get("/export")
    assert response["Content-Type"].startswith("application/json")


def test_csv_and_markdown(owner, api):
    make_glimmer(owner, "Birdsong")
    rows = list(csv.reader(io.StringIO(body(api.get("/export", {"format": "csv"})).decode())))
    assert rows[1][6] == "Birdsong"
    markdown = api.get("/export", {"format": "markdown"})
    assert markdown["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(body(markdown))) as archive:
        assert any(name.endswith(".md") for name in archive.namelist())


def test_photos_make_it_a_zip(owner, api):
    build_rich_account(owner)
    response = api.get("/export", {"format": "json"})
    assert response["Content-Type"] == "application/zip"
    assert len(document_of(body(response))["glimmers"]) == 3


def test_an_unknown_format_gets_the_one_error_shape(api):
    response = api.get("/export", {"format": "docx"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["fields"]["format"] == ["Choose a format: json, markdown or csv."]


def test_no_token_no_export(owner):
    response = ApiClient().get("/export")
    assert response.status_code == 401


def test_a_stranger_exports_only_their_own(owner, stranger):
    make_glimmer(owner, "Olena's own words")
    response = ApiClient(token_for(stranger)).get("/export")
    assert response.status_code == 200
    assert json.loads(body(response))["glimmers"] == []
