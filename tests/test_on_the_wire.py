"""Bytes on the wire: static files hashed and pre-compressed, pages and JSON gzipped.

`glimmers serve` collects each version's static files once (glimmers/staticfiles.py);
here that is done once for the module, into a folder of its own, and each test
points STATIC_ROOT at it. Tests elsewhere collect nothing and see the plain names.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client, override_settings

from glimmers import staticfiles
from tests.factories import make_glimmer

HASHED = re.compile(r"^/static/glimmers/glimmers\.[0-9a-f]{12}\.css$")
A_YEAR = "max-age=31536000, public, immutable"
EVERY_ENCODING = "gzip, deflate, br, zstd"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root):
        assert staticfiles.prepare(lambda line: None) is True
        assert staticfiles.prepare(lambda line: None) is False  # once per version
    return root


@pytest.fixture
def hashed(collected, settings):
    settings.STATIC_ROOT = collected  # resets the static storage, which reads the manifest
    return collected


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def source(name: str) -> bytes:
    return Path(finders.find(name)).read_bytes()


# ---------------------------------------------------------------------------
# Static files
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["glimmers/glimmers.css", "glimmers/queue.js", "ninja/swagger-ui-bundle.js"]
)
def test_a_hashed_static_file_comes_in_brotli_for_a_year(hashed, client, name):
    url = static(name)
    assert url != f"/static/{name}" and re.search(r"\.[0-9a-f]{12}\.", url)
    response = client.get(url, HTTP_ACCEPT_ENCODING=EVERY_ENCODING)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert response["Cache-Control"] == A_YEAR
    assert "Accept-Encoding" in response["Vary"]
    assert brotli.decompress(body_of(response)) == source(name)


def test_gzip_when_brotli_is_not_accepted_and_the_file_itself_when_neither(hashed, client):
    url = static("glimmers/glimmers.css")
    assert HASHED.match(url)
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip"
    assert zipped["Cache-Control"] == A_YEAR
    assert gzip.decompress(body_of(zipped)) == source("glimmers/glimmers.css")

    plain = client.get(url)
    assert "Content-Encoding" not in plain
    assert body_of(plain) == source("glimmers/glimmers.css")


def test_a_plain_name_is_still_served_fresh_from_the_package(hashed, client):
    response = client.get("/static/glimmers/glimmers.css", HTTP_ACCEPT_ENCODING=EVERY_ENCODING)
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert body_of(response) == source("glimmers/glimmers.css")


def test_pages_and_the_service_worker_name_the_same_hashed_files(hashed, owner_client):
    page = owner_client.get("/").content.decode()
    css, offline = static("glimmers/glimmers.css"), static("glimmers/offline.js")
    assert HASHED.match(css)
    assert f'href="{css}"' in page and f'src="{offline}"' in page

    worker = owner_client.get("/sw.js").content.decode()
    config = json.loads(re.search(r"const CONFIG = (\{.*?\});", worker).group(1))
    assert css in config["shell"] and offline in config["shell"]
    assert config["queue"] == static("glimmers/queue.js")
    for url in config["shell"]:
        response = owner_client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == A_YEAR, url


def test_the_worker_keeps_other_files_once_the_names_are_hashed(collected, owner_client, settings):
    plain = owner_client.get("/sw.js").content
    settings.STATIC_ROOT = collected
    assert Client().get("/sw.js").content != plain


def test_a_manifest_made_for_other_files_is_never_read(hashed, monkeypatch, settings):
    """After an upgrade (or an edit) nothing stale is named: the plain files, until collected."""
    monkeypatch.setattr(staticfiles, "sources_stamp", lambda: "0123456789abcdef")
    settings.STATIC_ROOT = hashed  # a fresh storage, for "other" sources
    assert static("glimmers/glimmers.css") == "/static/glimmers/glimmers.css"


def test_nothing_collected_means_plain_names(client, db):
    assert static("glimmers/glimmers.css") == "/static/glimmers/glimmers.css"
    response = client.get("/static/glimmers/glimmers.css")
    assert response.status_code == 200


def test_only_this_versions_files_are_kept(collected):
    names = {p.relative_to(collected).as_posix() for p in collected.rglob("*") if p.is_file()}
    assert "glimmers/glimmers.css" not in names  # served from the package
    assert not any(name.startswith("ninja/redoc") for name in names)
    assert sum(name.startswith("staticfiles-") for name in names) == 1
    css = next(n for n in names if re.fullmatch(r"glimmers/glimmers\.[0-9a-f]{12}\.css", n))
    assert {f"{css}.br", f"{css}.gz"} <= names


# ---------------------------------------------------------------------------
# Pages and JSON
# ---------------------------------------------------------------------------


def test_a_page_is_gzipped_when_asked_and_not_when_not(owner, owner_client):
    for number in range(20):
        make_glimmer(owner, f"The kettle hums low, number {number}")
    zipped = owner_client.get("/journal/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert zipped["Cache-Control"] == "no-store"
    page = gzip.decompress(zipped.content)
    assert b"The kettle hums low, number 19" in page
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(page) / 3

    plain = owner_client.get("/journal/")
    assert "Content-Encoding" not in plain
    assert b"The kettle hums low, number 19" in plain.content


def test_gzip_carries_random_bytes_against_breach(owner_client):
    """Django's own defence: a random file name in the gzip header varies each answer's length."""
    lengths, flags = set(), set()
    for _ in range(8):
        zipped = owner_client.get("/capture/", HTTP_ACCEPT_ENCODING="gzip").content
        flags.add(zipped[3] & 0x08)  # FNAME
        lengths.add(len(zipped))
    assert flags == {0x08}
    assert len(lengths) > 1


def test_a_json_answer_is_gzipped_when_asked_and_not_when_not(owner, owner_client):
    for number in range(10):
        make_glimmer(owner, f"Light on the stairwell wall, {number}")
    zipped = owner_client.get("/api/v1/glimmers", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped.status_code == 200
    assert zipped["Content-Encoding"] == "gzip"
    items = json.loads(gzip.decompress(zipped.content))["items"]
    assert len(items) == 10

    plain = owner_client.get("/api/v1/glimmers")
    assert "Content-Encoding" not in plain
    assert len(plain.json()["items"]) == 10


def test_a_page_with_a_csrf_token_still_works_gzipped(owner):
    from glimmers.journal.models import Glimmer

    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_ENCODING="gzip")
    browser.force_login(owner)
    form = browser.get("/capture/")
    assert form["Content-Encoding"] == "gzip"
    token = re.search(
        rb'name="csrfmiddlewaretoken" value="([^"]+)"', gzip.decompress(form.content)
    ).group(1)
    response = browser.post("/capture/", {"csrfmiddlewaretoken": token.decode(), "text": "Rain"})
    assert response.status_code == 302
    assert Glimmer.objects.filter(owner=owner, text="Rain").exists()


def test_a_photo_is_not_compressed_again(owner, owner_client):
    from glimmers.journal import services
    from glimmers.journal.photos import clean_photo
    from tests.factories import upload

    glimmer = make_glimmer(owner, "Swifts")
    photo = services.add_photo(owner, glimmer, clean_photo(upload()))
    response = owner_client.get(f"/photos/{photo.pk}/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
