"""Photos through the API: uploaded without EXIF or GPS, served only to their owner."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from glimmers.journal import services
from glimmers.journal.models import Photo
from glimmers.journal.photos import clean_photo
from tests.api.conftest import API, assert_error, journal_snapshot
from tests.factories import jpeg_bytes, make_glimmer, upload


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _files(photo: Photo) -> list[Path]:
    return [
        Path(settings.MEDIA_ROOT) / photo.image.name,
        Path(settings.MEDIA_ROOT) / photo.thumbnail.name,
    ]


@pytest.fixture
def glimmer(owner):
    return make_glimmer(owner, "The lake at sunset")


@pytest.fixture
def photo(owner, glimmer):
    return services.add_photo(owner, glimmer, clean_photo(upload()))


def test_an_upload_is_stored_without_exif_or_gps(api, glimmer):
    original = jpeg_bytes(size=(320, 240), exif_gps=True)
    assert Image.open(io.BytesIO(original)).getexif()  # the test photo really has GPS
    response = api.upload(f"/glimmers/{glimmer.pk}/photos", upload("lake.jpg", original))
    assert response.status_code == 201
    body = response.json()
    photo = Photo.objects.get()
    assert body == {
        "id": str(photo.pk),
        "url": f"{API}/photos/{photo.pk}",
        "thumbnail_url": f"{API}/photos/{photo.pk}/thumbnail",
        "width": 320,
        "height": 240,
    }
    for url in (body["url"], body["thumbnail_url"]):
        served = api.client.get(url, **api.headers)
        assert served.status_code == 200
        assert served["Content-Type"] == "image/jpeg"
        data = _body(served)
        assert b"TestCam" not in data
        with Image.open(io.BytesIO(data)) as picture:
            assert not picture.getexif()
            assert "exif" not in picture.info


def test_the_photo_shows_on_its_glimmer(api, glimmer):
    uploaded = api.upload(f"/glimmers/{glimmer.pk}/photos", upload()).json()
    assert api.get(f"/glimmers/{glimmer.pk}").json()["photos"] == [uploaded]


def test_a_thumbnail_is_small(api, owner, glimmer):
    uploaded = api.upload(
        f"/glimmers/{glimmer.pk}/photos", upload(content=jpeg_bytes(size=(1600, 1200)))
    ).json()
    thumbnail = _body(api.get(f"/photos/{uploaded['id']}/thumbnail"))
    with Image.open(io.BytesIO(thumbnail)) as picture:
        assert max(picture.size) == 480


def test_a_transparent_png_is_served_as_png(api, glimmer):
    out = io.BytesIO()
    Image.new("RGBA", (12, 12), (0, 0, 0, 0)).save(out, format="PNG")
    uploaded = api.upload(
        f"/glimmers/{glimmer.pk}/photos", upload("clear.png", out.getvalue(), "image/png")
    ).json()
    assert api.get(f"/photos/{uploaded['id']}")["Content-Type"] == "image/png"


def test_photos_are_private_and_never_cached(api, photo):
    response = api.get(f"/photos/{photo.pk}")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "file",
    [
        pytest.param(lambda: upload("notes.txt", b"just some words", "text/plain"), id="text"),
        pytest.param(lambda: upload("fake.jpg", b"\xff\xd8\xff not really"), id="fake-jpeg"),
        pytest.param(lambda: upload("cut.jpg", jpeg_bytes()[:200]), id="truncated"),
        pytest.param(lambda: upload("empty.jpg", b""), id="empty"),
        pytest.param(
            lambda: upload("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
            id="svg",
        ),
    ],
)
def test_what_is_not_a_photo_is_422_and_stores_nothing(api, glimmer, file):
    before = journal_snapshot()
    response = api.upload(f"/glimmers/{glimmer.pk}/photos", file())
    assert_error(response, 422, "invalid", fields=("file",))
    assert journal_snapshot() == before


def test_an_upload_without_a_file_is_422(api, glimmer):
    response = api.client.post(f"{API}/glimmers/{glimmer.pk}/photos", {}, **api.headers)
    assert_error(response, 422, "invalid", fields=("file",))
    assert not Photo.objects.exists()


def test_a_photo_over_the_size_limit_is_422(api, glimmer, settings):
    settings.PHOTO_MAX_BYTES = 1024
    response = api.upload(f"/glimmers/{glimmer.pk}/photos", upload(content=jpeg_bytes((400, 400))))
    fields = assert_error(response, 422, "invalid", fields=("file",))
    assert "too large" in fields["file"][0]
    assert not Photo.objects.exists()


# ---------------------------------------------------------------------------
# Strangers and read-only tokens
# ---------------------------------------------------------------------------


def test_a_stranger_cannot_add_a_photo_to_my_glimmer(stranger_api, glimmer):
    before = journal_snapshot()
    response = stranger_api.upload(f"/glimmers/{glimmer.pk}/photos", upload())
    assert_error(response, 404, "not_found")
    assert journal_snapshot() == before


@pytest.mark.parametrize("suffix", ["", "/thumbnail"])
def test_a_stranger_cannot_fetch_my_photo(stranger_api, photo, suffix):
    response = stranger_api.get(f"/photos/{photo.pk}{suffix}")
    assert_error(response, 404, "not_found")
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("suffix", ["", "/thumbnail"])
def test_the_owner_can_fetch_with_a_read_only_token(read_only_api, photo, suffix):
    response = read_only_api.get(f"/photos/{photo.pk}{suffix}")
    assert response.status_code == 200
    with Image.open(io.BytesIO(_body(response))) as picture:
        assert picture.format == "JPEG"


def test_a_missing_file_on_disk_is_404_not_a_crash(api, photo):
    for path in _files(photo):
        path.unlink()
    assert_error(api.get(f"/photos/{photo.pk}"), 404, "not_found")


# ---------------------------------------------------------------------------
# Delete
# ---------------------------------------------------------------------------


def test_delete_removes_the_photo_and_its_files(api, photo, django_capture_on_commit_callbacks):
    files = _files(photo)
    assert all(f.exists() for f in files)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(f"/photos/{photo.pk}")
    assert response.status_code == 204
    assert not Photo.objects.exists()
    assert not any(f.exists() for f in files)
    assert_error(api.get(f"/photos/{photo.pk}"), 404, "not_found")
    assert api.get(f"/glimmers/{photo.glimmer_id}").json()["photos"] == []


def test_a_stranger_cannot_delete_my_photo(stranger_api, photo, django_capture_on_commit_callbacks):
    before = journal_snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = stranger_api.delete(f"/photos/{photo.pk}")
    assert_error(response, 404, "not_found")
    assert journal_snapshot() == before
    assert all(f.exists() for f in _files(photo))
