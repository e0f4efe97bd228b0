"""The download page, /your-data/export/ (exporting/views.py)."""

from __future__ import annotations

import io
import json
import re
import sys
import types
import zipfile

import pytest
from django.urls import reverse

from tests.factories import make_glimmer
from tests.yourdata.test_export_json import build_rich_account, document_of

PAGE = reverse("yourdata:export")
DOWNLOAD = reverse("yourdata:export_download")
PDF = reverse("yourdata:export_pdf")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_explains_each_format_with_a_button(owner_client):
    response = owner_client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    for fmt in ("json", "markdown", "csv"):
        assert f"{DOWNLOAD}?format={fmt}" in html
    assert f'action="{PDF}"' in html
    # No inline script on the page (the offline queue's files, on every page, have a src).
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_the_menu_links_to_it(owner_client):
    html = owner_client.get(reverse("journal:timeline")).content.decode()
    assert f'href="{PAGE}"' in html


def test_it_asks_a_visitor_to_sign_in(client, owner):
    for url in (PAGE, f"{DOWNLOAD}?format=json", PDF):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize(
    ("fmt", "kind", "ending"),
    [("json", "application/json", ".json"), ("csv", "text/csv", ".csv")],
)
def test_it_streams_a_download(owner, owner_client, fmt, kind, ending):
    make_glimmer(owner, "Тепле світло на кухні ☀")
    response = owner_client.get(DOWNLOAD, {"format": fmt})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith(kind)
    assert response["Content-Disposition"].startswith('attachment; filename="glimmers-')
    assert response["Content-Disposition"].endswith(f'{ending}"')
    assert "no-store" in response["Cache-Control"]
    assert "Тепле світло на кухні ☀".encode() in body(response)


def test_json_with_photos_downloads_as_a_zip(owner, owner_client):
    rich = build_rich_account(owner)
    response = owner_client.get(DOWNLOAD, {"format": "json"})
    raw = body(response)
    assert response["Content-Type"] == "application/zip"
    assert str(rich["first"].pk) in json.dumps(document_of(raw))


def test_markdown_downloads_as_a_zip(owner, owner_client):
    make_glimmer(owner, "Birdsong")
    response = owner_client.get(DOWNLOAD, {"format": "markdown"})
    with zipfile.ZipFile(io.BytesIO(body(response))) as archive:
        assert any(name.endswith(".md") for name in archive.namelist())


def test_a_wrong_format_is_one_clear_message(owner_client):
    response = owner_client.get(DOWNLOAD, {"format": "docx"})
    assert response.status_code == 400
    assert "Choose a format" in response.content.decode()


def test_a_stranger_downloads_only_their_own(owner, stranger_client):
    make_glimmer(owner, "Olena's own words")
    response = stranger_client.get(DOWNLOAD, {"format": "json"})
    assert response.status_code == 200
    assert json.loads(body(response))["glimmers"] == []


def test_pdf_not_there_yet_is_said_calmly(owner_client, monkeypatch):
    monkeypatch.setitem(sys.modules, "glimmers.yourdata.exporting.pdf", None)
    response = owner_client.get(PDF)
    assert response.status_code == 200
    assert "available yet" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_pdf_options_reach_the_writer(owner, owner_client, monkeypatch):
    seen = {}

    def write_pdf(user, out, *, since=None, until=None, tag=None, reliable_only=False):
        seen.update(user=user, since=since, until=until, tag=tag, reliable_only=reliable_only)
        out.write(b"%PDF-1.7 pretend")

    fake = types.ModuleType("glimmers.yourdata.exporting.pdf")
    fake.write_pdf = write_pdf
    monkeypatch.setitem(sys.modules, "glimmers.yourdata.exporting.pdf", fake)
    response = owner_client.get(
        PDF, {"since": "2026-01-01", "until": "2026-03-01", "tag": "#Sea", "reliable": "on"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 pretend"
    assert seen["user"] == owner and seen["tag"] == "sea" and seen["reliable_only"] is True
    assert str(seen["since"]) == "2026-01-01"


def test_pdf_with_days_the_wrong_way_round_changes_nothing(owner_client, monkeypatch):
    monkeypatch.setitem(sys.modules, "glimmers.yourdata.exporting.pdf", None)
    response = owner_client.get(PDF, {"since": "2026-03-01", "until": "2026-01-01"})
    assert response.status_code == 400
    assert "swap them round" in response.content.decode()


def test_pdf_with_a_date_out_of_range(owner_client):
    response = owner_client.get(PDF, {"since": "1066-10-14"})
    assert response.status_code == 400
