"""Headers and CSRF that keep personal pages private."""

import pytest
from django.test import Client

from glimmers.journal.models import Glimmer


@pytest.mark.parametrize("path", ["/", "/journal/", "/accounts/preferences/"])
def test_personal_pages_carry_strict_headers(owner_client, path):
    response = owner_client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(owner_client):
    html = owner_client.get("/").content.decode()
    assert "<script>" not in html
    assert " style=" not in html
    assert "<style" not in html


def test_pages_load_nothing_from_elsewhere(owner_client):
    html = owner_client.get("/").content.decode()
    for marker in ("http://", "https://", "//cdn", "fonts.g"):
        assert marker not in html


def test_forms_need_a_csrf_token(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post("/capture/", {"text": "forged"})
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()
    assert not Glimmer.objects.exists()
