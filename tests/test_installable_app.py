"""The installable app on the server's side: manifest, service worker, share target, sign-out.

What the phone does with them (offline capture, the queue, replays) is tested
in a real browser: tests/browser/test_offline.py.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.conftest import journal_snapshot
from tests.factories import upload


def test_the_manifest_installs_glimmers_opening_at_today(client, owner):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    assert response["Cache-Control"] == "no-cache"
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "Glimmers"
    assert manifest["start_url"] == reverse("practice:today") == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#2f5d50"
    assert {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]} >= {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200, icon["src"]
        assert served["Content-Type"] == icon["type"]
        b"".join(served.streaming_content)


def test_the_manifest_takes_photos_and_words_from_the_share_sheet(client, owner):
    target = client.get("/manifest.webmanifest").json()["share_target"]
    assert target["action"] == reverse("journal:share")
    assert target["method"] == "POST"
    assert target["enctype"] == "multipart/form-data"
    assert target["params"]["text"] == "text"
    assert target["params"]["files"] == [{"name": "photos", "accept": ["image/*"]}]


def test_every_page_links_the_manifest_and_icons(owner_client):
    html = owner_client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon"' in html
    assert 'name="theme-color"' in html
    assert 'src="/static/glimmers/offline.js"' in html


def test_the_service_worker_comes_from_the_root_as_a_script_nobody_keeps_stale(client, owner):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "worker-src 'self'" in csp
    assert "unsafe-inline" not in csp
    body = response.content.decode()
    config = json.loads(re.search(r"const CONFIG = (\{.*?\});", body).group(1))
    assert "/static/glimmers/glimmers.css" in config["shell"]
    assert config["pages"] == ["/", "/capture/"]
    assert config["api"] == "/api/"
    assert "{{" not in body and "{%" not in body


def test_the_service_worker_changes_when_a_file_it_keeps_changes(client, owner, monkeypatch):
    from glimmers import views

    before = client.get("/sw.js").content
    assert client.get("/sw.js").content == before  # the same files, the same worker
    monkeypatch.setattr(views, "SHELL_STATIC", [*views.SHELL_STATIC[:-1]])
    assert client.get("/sw.js").content != before


def test_pages_still_say_no_store(owner_client):
    assert owner_client.get("/").headers["Cache-Control"] == "no-store"


def _share(client, fields: dict):
    return client.post(reverse("journal:share"), fields)  # multipart, as the share sheet sends


def test_a_share_without_the_worker_fills_in_the_capture_and_writes_nothing(owner):
    browser = Client(enforce_csrf_checks=True)  # another app's share carries no CSRF token
    browser.force_login(owner)
    before = journal_snapshot()
    response = _share(
        browser,
        {"title": "Swifts", "text": "Swifts over the roofs tonight", "url": "https://e.org/s"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Swifts\nSwifts over the roofs tonight\nhttps://e.org/s</textarea>" in html
    assert "come along this way" not in html
    assert journal_snapshot() == before


def test_a_shared_photo_that_cannot_come_along_is_said_plainly(owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    before = journal_snapshot()
    response = _share(browser, {"text": "The sea", "photos": upload()})
    assert response.status_code == 200
    assert "The photo couldn&#x27;t come along this way" in response.content.decode()
    assert journal_snapshot() == before


def test_a_share_when_signed_out_asks_to_sign_in_and_writes_nothing(owner):
    before = journal_snapshot()
    response = _share(Client(), {"text": "Anything"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert journal_snapshot() == before


def test_opening_the_share_address_leads_to_capture(owner_client):
    response = owner_client.get(reverse("journal:share"))
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:capture")


def test_signing_out_asks_the_browser_to_forget_the_site(owner_client):
    response = owner_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_the_queue_words_are_written_by_the_server_with_plurals(owner_client):
    html = owner_client.get("/").content.decode()
    found = re.search(r'data-words="([^"]*)"', html).group(1)
    words = json.loads(found.replace("&quot;", '"').replace("&#x27;", "'"))
    assert words["waiting"]["1"].startswith("{n} glimmer waiting to be saved.")
    assert words["waiting"]["2"].startswith("{n} glimmers waiting to be saved.")
    assert words["saved"]["1"] == "{n} glimmer saved. It's in your journal now."
    assert set(words) >= {"waiting", "saved", "sign_in", "sign_out", "shared"}


@pytest.mark.parametrize("path", ["/", "/capture/"])
def test_the_capture_form_carries_plain_names_for_an_offline_send(owner_client, path):
    html = owner_client.get(path).content.decode()
    assert "data-offline-capture" in html
    assert re.search(r'name="senses" value="\d+"[^>]*data-plain="sight"', html) or re.search(
        r'data-plain="sight"[^>]*name="senses"', html
    )
