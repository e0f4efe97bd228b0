"""HEAD works wherever GET does, and never carries a body.

Django's test client drops the body of a HEAD answer itself, so the body is
checked against a real `glimmers serve` over a socket, where waitress sends
whatever the app hands it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import make_glimmer, upload
from tests.test_serve import _free_port, _get, served  # noqa: F401 - a real `glimmers serve`


def _paths_without_parameters(patterns=None, prefix: str = "") -> list[str]:
    """Every address of the app that takes no parameters, e.g. /journal/."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if "<" in route or "(" in route or "^" in route:
            continue
        if isinstance(entry, URLResolver):
            found += _paths_without_parameters(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            found.append("/" + prefix + route)
    return sorted(set(found))


def test_the_app_has_many_addresses_to_check():
    paths = _paths_without_parameters()
    assert {"/", "/healthz", "/accounts/welcome/", "/journal/", "/api/v1/glimmers"} <= set(paths)


def test_head_answers_as_get_does_on_every_page_for_a_signed_in_person(owner_client, owner):
    glimmer = make_glimmer(owner, "Light through the blinds")
    owner_client.post(f"/glimmers/{glimmer.pk}/photos/", {"photos": upload()})
    photo = glimmer.photos.get()
    paths = _paths_without_parameters() + [
        f"/glimmers/{glimmer.pk}/",
        f"/glimmers/{glimmer.pk}/edit/",
        f"/photos/{photo.pk}/",
        f"/photos/{photo.pk}/thumbnail/",
        f"/api/v1/glimmers/{glimmer.pk}",
        "/static/glimmers/glimmers.css",
    ]
    differences = {}
    for path in paths:
        got = owner_client.get(path)
        head = owner_client.head(path)
        if head.status_code != got.status_code:
            differences[path] = (got.status_code, head.status_code)
        elif got.get("Content-Type") != head.get("Content-Type"):
            differences[path] = (got.get("Content-Type"), head.get("Content-Type"))
    assert differences == {}


@pytest.mark.parametrize("path", ["/healthz", "/accounts/welcome/", "/accounts/login/", "/"])
def test_head_answers_as_get_does_for_someone_not_signed_in(client, db, path):
    assert client.head(path).status_code == client.get(path).status_code != 405


def _raw(host: str, port: int, method: str, path: str) -> tuple[str, dict[str, str], bytes]:
    """Send one request and read everything the server sends until it closes."""
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status_line, headers, body


@pytest.mark.parametrize(
    "path",
    # A fresh instance: every page leads to the welcome page until an account exists.
    ["/accounts/welcome/", "/", "/healthz", "/static/glimmers/glimmers.css"],
)
def test_a_real_server_answers_head_with_headers_only(served, path):  # noqa: F811
    base, _data_dir = served
    host, port = base.removeprefix("http://").split(":")
    get_status, get_headers, get_body = _raw(host, int(port), "GET", path)
    head_status, head_headers, head_body = _raw(host, int(port), "HEAD", path)
    assert head_status == get_status
    assert " 405 " not in head_status
    assert head_body == b""
    if " 200 " in get_status:
        assert get_body  # the GET really had something to leave out
    assert head_headers.get("content-type") == get_headers.get("content-type")
    assert head_headers.get("location") == get_headers.get("location")
    if "content-length" in head_headers:
        assert head_headers["content-length"] == str(len(get_body))


@pytest.fixture
def served_with_an_account(tmp_path):
    """A real `glimmers serve` on its own SQLite journal, past its first run."""
    env = {**os.environ, "GLIMMERS_DATA_DIR": str(tmp_path / "data")}
    env.pop("GLIMMERS_DATABASE_URL", None)  # its own journal, whatever the leg
    for command in (
        ["migrate", "--verbosity", "0"],
        ["createsuperuser", "--noinput", "--username", "olena"],
    ):
        subprocess.run(
            [sys.executable, "-m", "glimmers", *command],
            env={**env, "DJANGO_SUPERUSER_PASSWORD": "a-calm-long-passphrase-42"},
            check=True,
            capture_output=True,
            timeout=120,
        )
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "glimmers", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("server did not start")
    yield port
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.parametrize("path", ["/accounts/login/", "/nothing-here/", "/", "/healthz"])
def test_a_real_server_answers_head_on_dynamic_pages_without_a_body(served_with_an_account, path):
    port = served_with_an_account
    get_status, get_headers, get_body = _raw("127.0.0.1", port, "GET", path)
    head_status, head_headers, head_body = _raw("127.0.0.1", port, "HEAD", path)
    assert head_status == get_status
    assert head_body == b""
    if " 200 " in get_status or " 404 " in get_status:
        assert get_body
    assert head_headers.get("content-type") == get_headers.get("content-type")
    if "content-length" in head_headers:
        assert head_headers["content-length"] == str(len(get_body))
