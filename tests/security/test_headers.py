"""Every response carries the full set of protective headers.

Pages, API answers, static files, error pages and the 400 for a host name the
instance does not answer to: each tells the browser not to sniff types, not to
be framed, to keep the address to itself, to deny powerful features (camera,
microphone, location, payment, USB…) and to keep other windows apart.
tests/test_security_headers.py checks the policy of personal pages in detail.
"""

from __future__ import annotations

import http.client

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path
from django.views.decorators.clickjacking import xframe_options_exempt

from tests.test_serve import served  # noqa: F401 - a real `glimmers serve`


def _boom(request: HttpRequest):
    raise RuntimeError("an unexpected failure, on purpose")


@xframe_options_exempt
def _frameable(request: HttpRequest) -> HttpResponse:
    return HttpResponse("made to be framed, on purpose")


# The app's own pages, plus one that fails (for the 500 page) and one that
# opted out of X-Frame-Options the Django way.
urlpatterns = [
    path("boom/", _boom),
    path("frameable/", _frameable),
    path("", include("glimmers.urls")),
]

DENIED_FEATURES = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "serial",
    "hid",
    "midi",
    "display-capture",
)


def assert_full_set(headers) -> None:
    """What every response must carry, whoever and whatever asked."""
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp or "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = {
        rule.split("=", 1)[0].strip(): rule.split("=", 1)[1].strip()
        for rule in headers["Permissions-Policy"].split(",")
    }
    for feature in DENIED_FEATURES:
        assert policy.get(feature) == "()", f"{feature} is not denied"


def test_a_personal_page_carries_the_full_set(owner_client):
    response = owner_client.get("/")
    assert response.status_code == 200
    assert_full_set(response)


def test_the_capture_page_denies_the_camera_too(owner_client):
    # The capture page takes a photo through a file input; a phone offers its
    # camera app for that without the page ever holding camera permission.
    response = owner_client.get("/capture/")
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()
    assert_full_set(response)


def test_an_api_answer_carries_the_full_set(owner_client, client):
    assert_full_set(owner_client.get("/api/v1/glimmers"))
    refused = client.get("/api/v1/glimmers")
    assert refused.status_code == 401
    assert_full_set(refused)


def test_a_static_file_carries_the_full_set(client):
    response = client.get("/static/glimmers/glimmers.css")
    assert response.status_code == 200
    assert_full_set(response)


def test_a_page_that_is_not_there_carries_the_full_set(owner_client, client):
    for asking in (owner_client, client):
        response = asking.get("/nothing-here/")
        assert response.status_code == 404
        assert_full_set(response)


def test_a_refused_form_carries_the_full_set(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post("/capture/", {"text": "forged"})
    assert response.status_code == 403
    assert_full_set(response)


def test_a_wrong_method_carries_the_full_set(client, owner):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert_full_set(response)


@pytest.mark.urls(__name__)
def test_the_page_for_an_unexpected_failure_carries_the_full_set(owner):
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_full_set(response)


@pytest.mark.urls(__name__)
def test_a_view_that_opted_out_of_x_frame_options_stays_out(owner_client):
    response = owner_client.get("/frameable/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert response["Permissions-Policy"]  # the rest still applies


def test_the_answer_to_a_strange_host_name_carries_the_full_set(client):
    response = client.get("/", HTTP_HOST="glimmers.attacker.example")
    assert response.status_code == 400
    assert_full_set(response)


def test_the_api_docs_page_keeps_its_own_policy_and_the_rest(owner_client):
    response = owner_client.get("/api/v1/docs")
    assert response.status_code == 200
    assert_full_set(response)


def test_a_real_server_sends_the_full_set_for_static_files_and_strange_hosts(served):  # noqa: F811
    base, _data_dir = served
    host, port = base.removeprefix("http://").split(":")
    for path_, host_header, status in (
        ("/static/glimmers/glimmers.css", None, 200),
        ("/healthz", None, 200),
        ("/", "glimmers.attacker.example", 400),
    ):
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        headers = {"Host": host_header} if host_header else {}
        connection.request("GET", path_, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.status == status, path_
        assert_full_set(response.headers)
